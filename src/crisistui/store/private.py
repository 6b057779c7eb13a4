"""Folders holding what the team stores, readable by their owner only.

``Path.mkdir(parents=True, mode=0o700)`` gives the mode to the last folder alone: the ones it
makes above it get the umask's (usually 0755), so ``--db new/sub/x.db`` left ``new`` open to
every user of the machine. Mentions, triage and drafts are the team's; so is a screenshot.
"""

from __future__ import annotations

from pathlib import Path

PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> None:
    """Make ``path`` and every missing folder above it with mode 0700; folders that exist are
    left as they are (a shared one stays shared)."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        folder.chmod(PRIVATE_FOLDER)  # the mode given to mkdir is masked by the umask
