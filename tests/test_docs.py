"""The README and docs/ stay true: links resolve, the keys reference is the bindings', the first
config in the README is valid, and the README's test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crisistui.config import load_config

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors, in_code = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            anchors.add(_slug(line.lstrip("#")))
    return anchors


@pytest.mark.parametrize("page", [README, *DOCS], ids=lambda p: p.name)
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in _anchors(path)):
            broken.append(target)
    assert not broken, f"{page.name}: {broken}"


def test_the_readme_is_short_and_links_every_reference_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 120
    linked = {Path(t.partition("#")[0]).name for t in LINK.findall(text)}
    assert {p.name for p in DOCS} <= linked


def test_the_keys_reference_is_written_from_the_current_bindings() -> None:
    from crisistui.tui.keys_reference import keys_markdown

    committed = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    assert committed == keys_markdown(), (
        "docs/keys.md is out of date: python -m crisistui.tui.keys_reference > docs/keys.md"
    )


def test_the_readmes_first_config_is_valid(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    path = tmp_path / "crisistui.toml"
    path.write_text(block.group(1), encoding="utf-8")
    config = load_config(path)
    assert config.brand.name and config.competitors and len(config.sources) >= 3


def test_the_readmes_test_command_is_the_one_ci_runs() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), re.S)
    [command] = [block for block in blocks if "pytest" in block]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[dev]'" in command  # a built copy, as the demo's command installs
    assert command.replace("pip install", "pip install -q") in ci.splitlines()
