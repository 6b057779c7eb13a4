"""Data the pipeline ships packed (a compressed model, TOML lexicons), kept unpacked in the
user's cache directory, so each process that scores mentions (the console, ``import`` and each
of its workers) reads it in milliseconds instead of unpacking it again. A copy is only ever
read for the exact input it was made from, and any failure to read or write one costs the
time alone, never a different answer."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """Where unpacked copies live (``~/.cache/crisistui`` on Linux), or None."""
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("crisistui"))
    except Exception:  # no home, no platform answer: unpack every time
        return None


def read_json(path: Path) -> Any:
    """The JSON at ``path``, or None when it is missing or unreadable."""
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` whole or not at all; a refusal is ignored."""
    with contextlib.suppress(OSError, ValueError, TypeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False, allow_nan=False)
            os.replace(staging, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(staging)
