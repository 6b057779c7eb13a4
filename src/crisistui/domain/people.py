"""Who is acting: the OS login, recorded on every timeline event."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """The login name of the account running this process, or 'unknown'.

    Read from the account database by the process's user id, not from $USER or $LOGNAME:
    those are whatever the shell says, and the timeline, the report and the approver rule
    ("only the approver may approve") trust this name. Where the id has no entry (a
    container started with a bare uid), the environment is all there is."""
    try:
        import pwd  # not on Windows

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
