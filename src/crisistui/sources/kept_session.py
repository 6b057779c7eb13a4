"""A service session kept between runs, so `collect --once` from cron does not log in on
every run: Bluesky allows 30 logins in 5 minutes and 300 a day per account, and a job every
5 minutes would spend a day's logins by evening. The tokens are secrets: the file is the
user's alone (mode 600, written whole or not at all), under the user's state directory, and
any failure to read or write it costs a login, never a poll."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path


def state_dir() -> Path | None:
    """Where kept sessions live (``~/.local/state/crisistui`` on Linux), or None."""
    try:
        import platformdirs

        return Path(platformdirs.user_state_dir("crisistui"))
    except Exception:  # no home, no platform answer: log in each run
        return None


class KeptSession:
    """The tokens of one account on one service, in a file named by both (hashed)."""

    def __init__(self, service: str, account: str, directory: Path | None = None) -> None:
        directory = directory if directory is not None else state_dir()
        key = hashlib.sha256(f"{service}\n{account}".encode()).hexdigest()[:20]
        self.path = directory / f"session-{key}.json" if directory is not None else None

    def load(self) -> dict[str, str]:
        """The kept tokens, or nothing when there are none or the file is unreadable."""
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def save(self, tokens: dict[str, str]) -> None:
        """Keep ``tokens`` (mode 600), replacing what was kept; a refusal is ignored."""
        if self.path is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, staging = tempfile.mkstemp(prefix=".session-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(tokens, out)
                os.replace(staging, self.path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(staging)

    def forget(self) -> None:
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
