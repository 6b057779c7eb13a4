"""The SQLite store: the only place that writes SQL."""

from crisistui.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
