"""One collector per database: an advisory lock on the database file itself.

``crisistui collect`` holds it all night; a console started later sees it taken and only reads,
so two processes never poll the same sources twice. The lock is on the file, not on its name:
a symlink or a hard link to the same database finds it taken too. It is a ``flock`` lock, which
SQLite's own (POSIX record) locks on the same file never meet.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from crisistui.store.private import private_folder


class CollectorLock:
    """Non-blocking exclusive ``flock`` on the database file (created, private, if missing)."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True when this process is now the collector; False when another one is."""
        private_folder(self.path.parent)
        # Read-only is enough to lock, so a file this user may not write is refused by the
        # store in words, not here with a traceback.
        fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def holds(self) -> bool:
        """A lock on an open file is never let go of while it is open."""
        return self._fd is not None

    def end_holder(self) -> bool:
        """A lock on a file is the holding process's until it ends: not taken from it."""
        return False

    def describe(self) -> str:
        return f"another collector is already writing {self.path} (it holds the lock on the file)"
