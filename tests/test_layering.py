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
