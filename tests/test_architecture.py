"""The layers written down in pyproject.toml hold: nothing imports a layer above its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.api import read_configuration
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    contracts = read_configuration()["contracts_options"]
    names = {contract["name"] for contract in contracts}
    assert any("Layers" in name for name in names), names
    assert lint_imports(no_cache=True) == 0, "run `lint-imports` to see the broken contract"
