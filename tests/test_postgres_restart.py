"""A PostgreSQL restart (maintenance, a failover) costs a store the statement that met it, never
the process: the next statement has a new session, with the first one's settings, and a
collector's batch held back then is stored whole and once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.store import Store, open_store
from crisistui.store.errors import StoreReadOnly, StoreUnavailable
from tests.pgserver import PgServer, server_unavailable_reason, start_server
from tests.test_store import mention

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[PgServer]:
    """A server of this test's own: restarting the session's would end other tests' sessions."""
    reason = server_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests need a server and none can start: {reason}")
        pytest.skip(f"NO POSTGRESQL SERVER HERE, its cases are skipped: {reason}")
    server = start_server(tmp_path / "pg")
    yield server
    server.stop()


async def _through_the_break(store: Store, mentions: list, now: datetime) -> int:
    """``add_mentions`` as the collector does it: a batch that failed is sent again."""
    try:
        return (await store.add_mentions(mentions, now)).new
    except StoreUnavailable:  # the statement that met the restart
        return (await store.add_mentions(mentions, now)).new


async def test_a_writer_and_a_reader_carry_on_after_the_server_restarts(
    own_server: PgServer,
) -> None:
    url = own_server.new_database("team")
    writer = await open_store(url)
    reader = await open_store(url, create=False, read_only=True)
    try:
        at = NOW - timedelta(minutes=5)
        await writer.add_mentions([mention(str(n), at=at) for n in range(3)], NOW)
        assert len(await reader.recent_mentions(10)) == 3

        own_server.shut_down()
        own_server.start_again()

        batch = [mention(str(n), at=at) for n in range(3, 6)]
        assert await _through_the_break(writer, batch, NOW) == 3
        assert (await writer.add_mentions(batch, NOW)).new == 0  # once, never twice
        try:
            seen = await reader.recent_mentions(10)
        except StoreUnavailable:
            seen = await reader.recent_mentions(10)
        assert sorted(m.external_id for m in seen) == [str(n) for n in range(6)]
        with pytest.raises(StoreReadOnly):  # its settings came back with the new session
            await reader.add_mentions([mention("99", at=at)], NOW)
    finally:
        await reader.close()
        await writer.close()
