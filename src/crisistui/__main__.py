"""Allow ``python -m crisistui``."""

from crisistui.cli import main

raise SystemExit(main())
