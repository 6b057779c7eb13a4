"""Sources fetch raw items (over HTTP or from files); they know nothing of SQLite or the UI."""

from crisistui.sources.base import Source, SourceError

__all__ = ["Source", "SourceError"]
