"""Copy a whole database from one backend to another (SQLite → PostgreSQL and back).

Every table is copied with its ids, so triage, timeline events and statements keep pointing
at the same mentions and incidents. The rollups and the full-text index are not copied: the
target's own triggers rebuild them as the mentions arrive, and the copy is then checked by
counting every table, and the rollups' sums, on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crisistui.domain.search_text import search_form
from crisistui.store.errors import StoreError
from crisistui.store.interface import Store
from crisistui.store.sql import Sql

COPIED = (
    "mentions",
    "incidents",
    "task_states",
    "events",
    "source_health",
    "milestones",
    "roles",
    "task_assignees",
    "task_notes",
    "adhoc_tasks",
    "statements",
    "mention_triage",
    "settings",
)
"""In an order that meets every foreign key (incidents before what hangs off them)."""
WITH_IDS = ("mentions", "incidents", "events", "task_notes", "adhoc_tasks", "statements")
REBUILT = {
    "rollups": "SELECT COUNT(*), COALESCE(SUM(volume), 0), COALESCE(SUM(negative), 0), "
    "COALESCE(SUM(reach_sum), 0) FROM rollups",
    "language_rollups": "SELECT COUNT(*), COALESCE(SUM(volume), 0), "
    "COALESCE(SUM(unscored), 0) FROM language_rollups",
    "trigger_rollups": "SELECT COUNT(*), COALESCE(SUM(volume), 0) FROM trigger_rollups",
}
BATCH = 5000


@dataclass
class Copied:
    """What was copied, table by table, and what the check found."""

    rows: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def _sql(store: Store) -> Sql:
    sql = getattr(store, "_sql", None)
    if sql is None:
        raise StoreError(f"{store.location}: this store cannot be copied")
    return sql  # type: ignore[no-any-return]


def _clean(value: Any, to_postgres: bool) -> Any:
    """PostgreSQL text cannot hold U+0000; SQLite's can (and nothing of ours needs it)."""
    return value.replace("\x00", "") if to_postgres and isinstance(value, str) else value


def _searched(text: Any) -> str | None:
    """A text's search form (``domain.search_text``) as SQLite stores it: None when the same."""
    if not isinstance(text, str):
        return None
    formed = search_form(text)
    return None if formed == text else formed


async def migrate(
    source: Store, target: Store, progress: Callable[[str, int], None] | None = None
) -> Copied:
    """Copy everything from ``source`` into the empty ``target``, then check the counts."""
    src, dst = _sql(source), _sql(target)
    for table in ("mentions", "incidents", "events"):
        if await dst.scalar(f"SELECT COUNT(*) FROM {table}"):
            raise StoreError(
                f"{target.location}: already holds {table}; migrate copies into an empty "
                "database only (nothing was copied)"
            )
    copied = Copied()
    to_postgres = dst.dialect == "postgresql"
    for table in COPIED:
        targets = set(await dst.columns(table))
        columns = [c for c in await src.columns(table) if c in targets]
        names = ", ".join(columns)
        # SQLite keeps each text's search form beside it, which PostgreSQL works out itself
        formed = table == "mentions" and "search_text" in targets and "search_text" not in columns
        written = [*columns, "search_text"] if formed else columns
        count = 0
        if table in WITH_IDS:
            last = 0
            while True:
                rows = await src.rows(
                    f"SELECT {names} FROM {table} WHERE id > ? ORDER BY id LIMIT ?",
                    (last, BATCH),
                )
                if not rows:
                    break
                values = [[_clean(v, to_postgres) for v in row] for row in rows]
                if formed:
                    text_at = columns.index("text")
                    values = [[*row, _searched(row[text_at])] for row in values]
                async with dst.transaction():
                    await dst.insert_rows(table, written, values)
                last = rows[-1][columns.index("id")]
                count += len(rows)
                if progress is not None:
                    progress(table, count)
        else:
            rows = await src.rows(f"SELECT {names} FROM {table}")
            if rows:
                async with dst.transaction():
                    await dst.insert_rows(
                        table, columns, [[_clean(v, to_postgres) for v in row] for row in rows]
                    )
            count = len(rows)
        copied.rows[table] = count
    if to_postgres:  # identity columns go on after the highest id copied
        for table in WITH_IDS:
            await dst.scalar(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), 1), "
                f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
    for table in COPIED:
        here, there = (
            await src.scalar(f"SELECT COUNT(*) FROM {table}"),
            await dst.scalar(f"SELECT COUNT(*) FROM {table}"),
        )
        if int(here) != int(there):
            copied.mismatches.append(f"{table}: {here} rows, {there} copied")
    for table, sums in REBUILT.items():
        here_row, there_row = await src.row(sums), await dst.row(sums)
        here = [round(float(v), 6) for v in here_row or ()]
        there = [round(float(v), 6) for v in there_row or ()]
        if here != there:
            copied.mismatches.append(f"{table}: {here} here, {there} rebuilt there")
    return copied
