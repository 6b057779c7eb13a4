"""A collecting console that quits while the database refuses its mentions says how many it
could not store, as `collect` does, instead of dropping them in silence."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from textual.widgets import DataTable

from crisistui.cli import main
from crisistui.collector import Unstored
from crisistui.config import demo_config
from crisistui.domain.models import RawItem
from crisistui.domain.playbook import load_playbooks
from crisistui.store import open_store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.widgets.header import StatusHeader
from tests.conftest import DEMO_ORIGIN, screen_is, until


class HeldSource:
    """A source whose ``count`` brand mentions come out on its first poll."""

    kind = "list"
    interval = 60.0
    keep_unmatched = False
    hold_off = None
    finished = False

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.items = [
            RawItem(name, f"{name}-{n}", f"Acme Air lost my bag {n}", DEMO_ORIGIN - timedelta(1))
            for n in range(count)
        ]

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        items, self.items = self.items, []
        return items


async def test_quitting_with_refused_mentions_keeps_their_count(tmp_path: Path, clock) -> None:
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=tmp_path / "full.db",
        playbooks=load_playbooks(),
        sources=[HeldSource("news", 300), HeldSource("forum", 40)],  # type: ignore[list-item]
        clock=clock,
        mode="test",
        actor="tester",
        collect=False,
    )
    app = CrisisApp(setup)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.collector is not None and app.store is not None
        await app.store._db.execute("PRAGMA max_page_count = 1")  # type: ignore[attr-defined]
        outcomes = await app.collector.poll_all_once()
        assert all(outcome.error for outcome in outcomes)
        await pilot.press("q")
    assert app.unstored is not None
    assert app.unstored.said() == (
        "340 collected mentions not stored (the disk is full): forum 40, news 300; "
        "a restarted collector gets again only what the sources still serve"
    )


async def test_quitting_in_a_flood_says_so_and_q_again_stops_at_once(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q while a flood's poll of 5,000 items is being scored: the console says it scores the
    rest first (the source has moved past them) and keeps painting; q again stops after the
    chunk under way, stores what was scored and counts the rest on exit."""
    flood = HeldSource("flood", 5000)
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=tmp_path / "flood.db",
        playbooks=load_playbooks(),
        sources=[flood],  # type: ignore[list-item]
        clock=clock,
        mode="test",
        actor="tester",
        collect=False,
    )
    app = CrisisApp(setup)
    reached, go = threading.Event(), threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.collector is not None
        process = app.collector.pipeline.process
        calls = 0

        def held_in_the_second_chunk(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 1500:
                reached.set()
                go.wait(30)
            return process(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(app.collector.pipeline, "process", held_in_the_second_chunk)
        app.run_worker(app.collector.poll_once(flood), group="collector")  # type: ignore[arg-type]
        assert await asyncio.to_thread(reached.wait, 30)
        app._tick_clock()  # the header's second: it said "starting" until the poll ended
        assert "flood scoring 1,000/5,000" in app.query_one(StatusHeader).content.plain
        await pilot.press("s")
        await until(pilot, lambda: screen_is(app, SourcesScreen))
        state = app.screen.query_one(DataTable).get_cell("flood", "state")
        assert state.plain == "scoring 1,000/5,000"
        await pilot.press("escape")
        await until(pilot, lambda: not screen_is(app, SourcesScreen))
        await pilot.press("q")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("Scoring the 4,000 items left of a poll" in m for m in said), said
        assert app.is_running
        await pilot.press("q")
        assert any("Stopping at once" in n.message for n in app._notifications)
        go.set()
        [quitting] = [worker for worker in app.workers if worker.name == "quit"]
        await quitting.wait()
    assert app.unstored is not None
    assert app.unstored.said() == (
        "3000 fetched items not scored nor stored (stopped at once): flood 3000; "
        "a restarted collector gets again only what the sources still serve"
    )
    async with await open_store(tmp_path / "flood.db") as store:
        assert await store.mention_count() == 2000


def test_the_run_command_says_what_its_console_could_not_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(app: CrisisApp, *args: object, **kwargs: object) -> None:
        app.unstored = Unstored({"news": 12}, "the disk is full")

    monkeypatch.setattr(CrisisApp, "run", run)
    assert main(["run", "--no-collect", "--db", str(_database(tmp_path))]) == 0
    assert (
        "crisistui: 12 collected mentions not stored (the disk is full): news 12"
        in capsys.readouterr().err
    )


def _database(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    assert main(["drill", "data-breach", "--tabletop", "--db", str(db)]) == 0
    return db
