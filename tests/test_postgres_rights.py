"""A login that may only read a team's PostgreSQL tables, as docs/scale.md grants it: every
command that writes is refused at once, in words, and a console opens read-only and says so."""

from __future__ import annotations

import psycopg
import pytest

from crisistui.store import open_store
from crisistui.store.errors import StoreReadOnly
from tests.conftest import until


def reading_login(pg_url: str) -> str:
    """``pg_url`` as a login granted USAGE and SELECT only (docs/scale.md's wall login)."""
    where = psycopg.conninfo.conninfo_to_dict(pg_url)
    role = f"wall_{where['dbname']}"  # roles are the server's: one per database
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    return pg_url.replace(f"//{where['user']}@", f"//{role}@", 1)


async def test_a_writing_open_by_a_reading_login_is_refused_naming_the_right(
    pg_url: str,
) -> None:
    wall = reading_login(pg_url)
    with pytest.raises(StoreReadOnly, match=r"lacks a right it needs here \(INSERT and UPDATE"):
        await open_store(wall)
    async with await open_store(wall, create=False, read_only=True) as reader:
        assert await reader.last_mention_id() == 0  # reading is what it may do


async def test_a_console_on_a_reading_login_opens_read_only_and_says_so(
    pg_url: str, demo_app_factory
) -> None:
    """It opened as any console, offered every key, and refused the first tick."""
    app = demo_app_factory(db=reading_login(pg_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: any(n.title == "Read-only" for n in app._notifications))
        assert "read-only" in app.setup.mode
        notice = next(n for n in app._notifications if n.title == "Read-only")
        assert "this login may only read" in notice.message
