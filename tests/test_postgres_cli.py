"""The commands on a PostgreSQL database: `migrate` both ways with every count equal, and
`status`, `report`, `incidents`, `export` saying the same of one database on either backend."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import DemoSource
from crisistui.store import open_store
from tests.conftest import DEMO_ORIGIN
from tests.pgserver import PgServer
from tests.test_postgres_team import collect_config, growing_feed

TABLES = (
    "mentions",
    "rollups",
    "language_rollups",
    "trigger_rollups",
    "incidents",
    "task_states",
    "events",
    "statements",
    "mention_triage",
    "settings",
)


def crisistui(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, **(env or {})},
    )


async def _play_demo(db: Path, scenario: list) -> None:
    """The whole demo stored, with an incident worked on: every table has rows."""
    clock = ManualClock(DEMO_ORIGIN + timedelta(hours=2))
    items = DemoSource("demo", clock, DEMO_ORIGIN, scenario=list(scenario)).due()
    mentions = [m for m in Pipeline(demo_config()).process_many(items, True) if m is not None]
    now = clock.now()
    async with await open_store(db) as store:
        for start in range(0, len(mentions), 2000):
            await store.add_mentions(mentions[start : start + 2000], now)
        await store.record_replay_clock(DEMO_ORIGIN, 60.0, "demo")
        incident = await store.open_incident(
            "Baggage system outage", "service-outage", "service-outage", "ana", now
        )
        await store.assign_role(incident.id, "approver", "hoc", "ana", now)
        await store.set_task_done(incident.id, "confirm-facts", "Confirm facts", True, "ben", now)
        await store.add_task_note(incident.id, "confirm-facts", "Confirm facts", "ok", "ben", now)
        statement = await store.create_statement(incident.id, "Holding", "We know.", "dana", now)
        await store.request_approval(statement.id, "dana", now)
        negative = await store.negative_mentions("Acme Air", DEMO_ORIGIN, now, limit=3)
        for mention in negative:
            assert mention.id is not None
            await store.triage_mention(mention.id, "acknowledged", "ben", now)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, scenario: list) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    asyncio.run(_play_demo(db, scenario))
    return db


async def _counts(where: Path | str) -> dict[str, int]:
    async with await open_store(where, create=False, read_only=True) as store:
        sql = store._sql  # type: ignore[attr-defined]
        return {table: int(await sql.scalar(f"SELECT COUNT(*) FROM {table}")) for table in TABLES}


def test_migrate_round_trips_a_demo_database_with_equal_counts(
    demo_db: Path, pg_url: str, tmp_path: Path
) -> None:
    there = crisistui("migrate", "--from", demo_db, "--to", pg_url)
    assert there.returncode == 0, there.stderr
    assert "every count checked" in there.stderr
    back = tmp_path / "back.db"
    again = crisistui("migrate", "--from", pg_url, "--to", back)
    assert again.returncode == 0, again.stderr
    original = asyncio.run(_counts(demo_db))
    assert original["mentions"] > 1000 and all(original.values()), original
    assert asyncio.run(_counts(pg_url)) == original
    assert asyncio.run(_counts(back)) == original
    assert asyncio.run(_next_ids_follow_the_copied(pg_url)), "ids restarted after a copy"
    refused = crisistui("migrate", "--from", demo_db, "--to", pg_url)
    assert refused.returncode == 2 and "already holds mentions" in refused.stderr


async def _next_ids_follow_the_copied(where: str) -> bool:
    """The copy is a working database: what comes next takes new ids, never copied ones."""
    async with await open_store(where) as store:
        newest = await store.last_mention_id()
        [sample] = await store.recent_mentions(1)
        fresh = replace(sample, external_id="after-the-move", text="after the move", id=None)
        stored = await store.add_mentions([fresh], sample.created_at)
        incidents = await store.incidents()
        opened = await store.open_incident("Next", "outage", "default", "ana", sample.created_at)
        return stored.new == 1 and stored.last_id > newest and opened.id > incidents[0].id


def test_migrate_names_what_it_cannot_use(tmp_path: Path) -> None:
    missing = crisistui("migrate", "--from", tmp_path / "none.db", "--to", tmp_path / "x.db")
    assert missing.returncode == 2 and "no database here" in missing.stderr
    unknown = crisistui("migrate", "--from", "mysql://x/y", "--to", tmp_path / "x.db")
    assert unknown.returncode == 2 and "unknown kind of database" in unknown.stderr


def test_the_commands_say_the_same_of_one_database_on_either_backend(
    demo_db: Path,
    pg_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # in this process (the commands' own code, without a Python start-up for each of them)
    from crisistui.cli import main

    def run(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        return code, capsys.readouterr().out

    assert run("migrate", "--from", demo_db, "--to", pg_url)[0] == 0
    for args in (
        ("status", "--json"),
        ("incidents", "--json"),
        ("report", "1", "--format", "json"),
    ):
        on_file = run(*args, "--db", demo_db)
        on_server = run(*args, "--db", pg_url)
        assert on_file[0] == on_server[0], args
        assert on_server[1] and json.loads(on_server[1]), args
        assert _without_times(on_file[1]) == _without_times(on_server[1]), args
    exported = [run("export", "mentions", "--db", where) for where in (demo_db, pg_url)]
    assert exported[0][0] == exported[1][0] == 0
    assert exported[0][1] == exported[1][1]  # every mention, every score, same order
    # the URL may come from the environment instead of the command line
    on_server = run("status", "--json", "--db", pg_url)
    monkeypatch.setenv("CRISISTUI_DB", pg_url)
    assert run("status", "--json") == on_server


def _without_times(text: str) -> str:
    """The output with the times it was made put aside (a report's ``generated_at``, and its
    window's and its share of voice's end, both the minute the command ran on the demo's
    60× clock): they differ by when a command ran, not by where the data lives."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict) or "generated_at" not in data:
        return text
    data["generated_at"] = "<now>"
    for part, key in (("window", "end"), ("share_of_voice", "to")):
        if isinstance(data.get(part), dict) and key in data[part]:
            data[part][key] = "<now>"
    return json.dumps(data, sort_keys=True)


@pytest.mark.parametrize("where", ["user", "query", "port"])
def test_a_password_in_the_url_is_never_shown(pg_url: str, where: str) -> None:
    server = pg_url.rsplit("/", 1)[0]
    secret = {
        "user": server.replace("postgresql://crisistui@", "postgresql://crisistui:hunter2@")
        + "/no_such_database",
        "query": f"{server}/no_such_database?password=hunter2",
        "port": server.replace("postgresql://crisistui@", "postgresql://crisistui:hunter2@").rsplit(
            ":", 1
        )[0]
        + ":notaport/no_such_database",
    }[where]
    shown = crisistui("status", "--db", secret)
    assert shown.returncode == 3  # UNKNOWN, said as a check says it
    said = shown.stdout + shown.stderr
    assert "hunter2" not in said and "Traceback" not in said
    assert "no_such_database" in said


def test_collect_makes_its_tables_in_a_new_empty_database(
    pg_server: PgServer, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A team's first step (docs/scale.md): point a collector at a database just created."""
    url = pg_server.new_database("brand_new_team")  # no template: no tables at all
    growing_feed(httpserver, "news", step=5, total=5)
    done = crisistui(
        "collect",
        "--once",
        "-c",
        collect_config(tmp_path / "c.toml", httpserver, "news"),
        "--db",
        url,
    )
    assert done.returncode == 0, done.stderr
    assert "news: 5 new / 5 fetched" in done.stdout
    assert _count_mentions(url) == 5


def _count_mentions(url: str) -> int:
    async def count() -> int:
        async with await open_store(url, create=False, read_only=True) as store:
            return int(await store._sql.scalar("SELECT COUNT(*) FROM mentions"))  # type: ignore[attr-defined]

    return asyncio.run(count())
