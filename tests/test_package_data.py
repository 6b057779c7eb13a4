"""Every file the package reads at run time ships with it: a development checkout reads them
from the source tree, so a data file left out of `[tool.setuptools.package-data]` is missed
only by an installed copy (the Chinese word list was, once, and every Chinese post failed)."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "crisistui"


def test_every_data_file_of_the_package_is_listed_as_package_data() -> None:
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["crisistui"]
    data = [
        PurePosixPath(path.relative_to(PACKAGE).as_posix())
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "the package has data files (lexicons, playbooks, the demo)"
    missing = [str(p) for p in data if not any(p.match(pattern) for pattern in listed)]
    assert not missing, f"not in package-data, so not installed: {missing}"
