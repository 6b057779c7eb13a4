"""The embedded backend: one SQLite file for one machine (WAL, busy timeout, FTS5)."""
