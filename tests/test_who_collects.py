"""What a reading console says of who collects follows the polls recorded, not only what it
found as it opened: a wall opened while a collector ran said "collector elsewhere" for hours
after that collector died, and one opened before a collector started said "no collector
running" while mentions came in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import SourceHealth, SourceState
from crisistui.domain.playbook import load_playbooks
from crisistui.store import open_store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.collecting import who_collects
from crisistui.tui.widgets.header import StatusHeader
from tests.conftest import until

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
OPENED = NOW - timedelta(minutes=2)


def polled(minutes_ago: float, name: str = "demo") -> SourceHealth:
    """A source's health as recorded ``minutes_ago``, next due a minute later (the demo
    config's source by default: a console shows only the sources of its config)."""
    at = NOW - timedelta(minutes=minutes_ago)
    return SourceHealth(
        name, "demo", SourceState.OK, last_ok=at, next_poll=at + timedelta(seconds=60)
    )


def test_every_source_long_overdue_means_no_collector_polls_them() -> None:
    elsewhere = "live (reading; collector elsewhere)"
    stale = {"demo": polled(14), "blog": polled(20, "blog")}
    assert who_collects(elsewhere, stale, NOW, OPENED) == "live (reading; no collector polling)"
    assert who_collects(f"DRILL · {elsewhere} · read-only", stale, NOW, OPENED) == (
        "DRILL · live (reading; no collector polling) · read-only"
    )
    assert who_collects("live (reading)", stale, NOW, OPENED) == (
        "live (reading; no collector polling)"
    )
    one_fresh = {**stale, "blog": polled(0.5, "blog")}
    assert who_collects(elsewhere, one_fresh, NOW, OPENED) == elsewhere
    assert who_collects(elsewhere, {}, NOW, OPENED) == elsewhere  # nothing recorded yet


def test_a_poll_recorded_after_the_console_opened_means_a_collector_runs() -> None:
    nobody = "live (reading; no collector running)"
    assert who_collects(nobody, {"demo": polled(5)}, NOW, OPENED) == nobody  # before it opened
    assert who_collects(nobody, {"demo": polled(1)}, NOW, OPENED) == (
        "live (reading; collector elsewhere)"
    )
    assert who_collects(nobody, {"demo": polled(14)}, NOW, NOW - timedelta(minutes=30)) == nobody


def test_a_collecting_consoles_mode_is_its_own() -> None:
    assert who_collects("live", {"demo": polled(14)}, NOW, OPENED) == "live"


async def test_the_header_of_a_reading_console_says_when_its_collector_went_silent(
    tmp_path: Path,
) -> None:
    clock = ManualClock(NOW)
    db = tmp_path / "team.db"
    async with await open_store(db) as store:  # the collector's last poll, 14 min ago
        await store.record_health(polled(14), NOW - timedelta(minutes=14))
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=db,
        playbooks=load_playbooks(),
        clock=clock,
        mode="live (reading; collector elsewhere)",
    )
    app = CrisisApp(setup)

    def header() -> str:
        return str(app.query_one(StatusHeader).render())

    async with app.run_test(size=(160, 36)) as pilot:
        await until(pilot, lambda: "no collector polling" in header())
        assert "collector elsewhere" not in header() and "demo stale" in header()
        async with await open_store(db) as store:  # a collector polls again
            await store.record_health(polled(0), NOW)
        await app.refresh_view()
        await until(pilot, lambda: "collector elsewhere" in header())
        assert "demo ok" in header()
