"""One collector per database: an advisory lock beside the DB file.

``crisistui collect`` holds it all night; a console started later sees it taken and only reads,
so two processes never poll the same sources twice.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class CollectorLock:
    """Non-blocking exclusive lock on ``<db>.collector.lock``."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".collector.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """True when this process is now the collector; False when another one is."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        handle = os.fdopen(fd, "r+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
