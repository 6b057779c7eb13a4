"""The `crisistui` command's entry point: Python's cyclic garbage collector kept out of the
start-up, and out of the whole of a `status` check.

Start-up imports tens of thousands of objects that all live as long as the process; each
collection while they pile up walks them and finds nothing to free. They are then frozen
(``gc.freeze``: never walked again), and collection starts for every command but `status`,
a check that a monitoring system runs every minute, that reads a week of rollups (100,000
rows of three subjects) into lists and ends within a second or two: collections there walked
those rows and freed nothing either. On a million-mention database that is about a fifth of
the check's time.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

SHORT_LIVED = frozenset({"status"})
"""Commands that run without the collector: short, and making no garbage worth collecting."""


def command_of(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (its first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    gc.disable()
    try:
        from crisistui.cli import main as run
    finally:
        gc.freeze()
        if command_of(words) not in SHORT_LIVED:
            gc.enable()
    return run(words)


if __name__ == "__main__":
    raise SystemExit(main())
