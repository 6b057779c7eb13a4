"""Shared fixtures: no developer config leaks in, time is fixed, the demo is at hand."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import os
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.playbook import load_playbooks
from crisistui.domain.records import Incident
from crisistui.sources.demo import DemoSource, load_scenario
from crisistui.sources.http import make_client
from crisistui.store import Store, open_store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from tests.pgserver import PgServer, server_unavailable_reason, start_server

DEMO_ORIGIN = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep the developer's own config and data out of every test; fix the time zone."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv("CRISISTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # a theme chosen in the palette
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    time.tzset()


@pytest.fixture(scope="session")
def scenario() -> list:
    return load_scenario()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DEMO_ORIGIN)


@pytest.fixture
def console_backend() -> str:
    """The backend under the consoles of a test: SQLite, unless the test (or its module) is
    marked ``both_backends``, which runs it on PostgreSQL too."""
    return "sqlite"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "console_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("console_backend", BACKENDS)


@pytest.fixture
def demo_app_factory(
    tmp_path: Path,
    clock: ManualClock,
    scenario: list,
    console_backend: str,
    request: pytest.FixtureRequest,
):
    """Build consoles over one DB, replaying the demo under a manual clock (no background poll)."""
    shared: Path | str = (
        tmp_path / "demo.db"
        if console_backend == "sqlite"
        else str(request.getfixturevalue("pg_url"))
    )

    def make(
        db: Path | str | None = None,
        actor: str = "tester",
        beat: float = 10.0,
        response: dict[str, object] | None = None,
    ) -> CrisisApp:
        """``beat``: seconds between the console's own beats. The test steps the demo and
        gives each beat itself (``collect_once``) unless it waits for the console's own: a
        beat of its own would look at the store half-way through a step, at a clock already
        moved on. ``response``: settings of the config's ``[response]``."""
        config = demo_config()
        steady = config.console.model_copy(update={"refresh_seconds": beat})
        config = config.model_copy(update={"console": steady})
        if response:
            config = config.model_copy(
                update={"response": config.response.model_validate(response)}
            )
        setup = ConsoleSetup(
            config=config,
            db_path=db or shared,
            playbooks=load_playbooks(),
            sources=[DemoSource("demo", clock, DEMO_ORIGIN, scenario=list(scenario))],
            clock=clock,
            mode="test",
            actor=actor,
            collect=False,
        )
        return CrisisApp(setup)

    return make


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than there are cores (``-n auto``): the console, store and server
    tests spend part of their time waiting on threads, subprocesses and PostgreSQL, so a
    third worker on two cores took the suite from 10.7 to 8.3 minutes."""
    return (os.cpu_count() or 1) + 1


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def database_connections_closed() -> Iterator[None]:
    """Every test (and the console on quit) must close the databases it opened."""
    import threading

    before = set(threading.enumerate())
    yield
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and "_connection_worker_thread" in t.name
    ]
    for thread in leaked:
        thread.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"database connections left open: {still}"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """The shared HTTP client the sources use, as the app makes it."""
    async with make_client() as client:
        yield client


BACKENDS = ("sqlite", "postgresql")
"""The store contract: every test that takes ``store`` (or ``db_location``) runs on both."""


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    """One PostgreSQL server on 127.0.0.1 for the session. Outside CI a machine without one
    skips its PostgreSQL cases, loudly; in CI (``CI`` set, as ``.ci/run`` does) that fails."""
    reason = server_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests need a server and none can start: {reason}")
        pytest.skip(f"NO POSTGRESQL SERVER HERE, its cases are skipped: {reason}")
    server = start_server(tmp_path_factory.mktemp("pg"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A database holding crisistui's schema, cloned for each test (cheaper than migrating)."""
    name = "crisistui_template"
    url = pg_server.new_database(name)

    async def migrate() -> None:
        await (await open_store(url)).close()

    asyncio.run(migrate())
    return name


_pg_databases = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> str:
    """A fresh crisistui database of its own on the session's server."""
    return pg_server.new_database(f"t{next(_pg_databases)}", template=pg_template)


@pytest.fixture(params=BACKENDS)
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a fresh database goes: a file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "test.db"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def store(db_location: Path | str) -> AsyncIterator[Store]:
    """A fresh database, closed after the test: SQLite, then PostgreSQL."""
    opened = await open_store(db_location)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh SQLite file, for tests about SQLite itself."""
    opened = await open_store(tmp_path / "test.db")
    try:
        yield opened
    finally:
        await opened.close()


async def fetch_incident(store: Store, incident_id: int) -> Incident:
    """An incident that must exist."""
    found = await store.incident(incident_id)
    assert found is not None
    return found


async def until(pilot, condition, rounds: int = 200, seconds: float = 15.0) -> None:
    """Let the app process messages until ``condition()`` holds (database work in a handler
    runs on aiosqlite's thread or waits on a server, so one pause may not be enough on a busy
    machine). Fails after ``rounds`` rounds of messages and ``seconds``, both: a loaded CI
    box can spend the rounds before a server answers. The condition may be a coroutine
    function, to wait for what the store says."""
    deadline = time.monotonic() + seconds
    done = 0
    while done < rounds or time.monotonic() < deadline:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        await pilot.pause()
        done += 1
    raise AssertionError(f"condition not met after {done} rounds of messages and {seconds} s")


def screen_is(app, screen_class) -> bool:
    """The screen on top is a ``screen_class`` and its widgets are mounted (a screen is on the
    stack a little before its children exist)."""
    screen = app.screen
    return isinstance(screen, screen_class) and screen.is_mounted and bool(screen.children)
