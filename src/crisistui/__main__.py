"""Allow ``python -m crisistui``."""

from crisistui.launch import main

raise SystemExit(main())
