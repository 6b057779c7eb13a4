"""A collecting console that quits while the database refuses its mentions says how many it
could not store, as `collect` does, instead of dropping them in silence."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from crisistui.cli import main
from crisistui.collector import Unstored
from crisistui.config import demo_config
from crisistui.domain.models import RawItem
from crisistui.domain.playbook import load_playbooks
from crisistui.tui.app import ConsoleSetup, CrisisApp
from tests.conftest import DEMO_ORIGIN


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
