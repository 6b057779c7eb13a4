"""The store: one interface (``Store``) over SQLite (one machine) and PostgreSQL (a team)."""

from crisistui.store.errors import StoreBusy, StoreError
from crisistui.store.interface import Store
from crisistui.store.opening import open_store

__all__ = ["Store", "StoreBusy", "StoreError", "open_store"]
