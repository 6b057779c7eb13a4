"""Who is acting: the OS login, recorded on every timeline event."""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The login name of whoever runs this process, or 'unknown'."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
