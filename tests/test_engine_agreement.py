"""Every process that assesses the brand says the same thing at the same moment: `status`, a
console that has watched for an hour, one opened a minute ago, one whose database was filled
with history after it started (a backfill, the demo's first poll)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.current import assess_now
from crisistui.analysis.severity import Assessment, Level
from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention, Sentiment
from crisistui.monitor import Monitor
from crisistui.store import Store, open_store

NOW = datetime(2026, 3, 10, 15, 0, 30, tzinfo=UTC)
CRISIS_MINUTES = 150
"""Longer than the baseline's gap (two hours): a crisis measured against itself looks smaller."""


def _history() -> list[Mention]:
    """Two calm days (a few mentions a minute, one in five negative), then a crisis that
    builds over the last ``CRISIS_MINUTES``."""
    rng = random.Random(7)
    start = NOW - timedelta(days=2)
    found = []
    minute = 0
    while (at := start + timedelta(minutes=minute)) < NOW - timedelta(minutes=1):
        into = (at - (NOW - timedelta(minutes=CRISIS_MINUTES))).total_seconds() / 60
        negative = rng.random() < 0.2
        count = 3 + (min(int(into / 10), 12) if into > 0 else 0)
        for n in range(count):
            bad = negative if n == 0 else into > 0 and n > 2
            found.append(
                Mention(
                    source="x",
                    external_id=f"{minute}-{n}",
                    text=f"post {minute}-{n}",
                    created_at=at + timedelta(seconds=n),
                    subject="Acme Air",
                    is_competitor=False,
                    sentiment=-0.6 if bad else 0.1,
                    label=Sentiment.NEGATIVE if bad else Sentiment.NEUTRAL,
                    reach=50,
                    fingerprint=f"{minute}-{n}",
                    author=f"@p{rng.randrange(5000)}",
                )
            )
        minute += 1
    return found


def _said(a: Assessment) -> tuple[object, ...]:
    return (a.level, a.score, a.drivers, a.expected_negative, a.window_minutes)


@pytest.fixture(scope="module")
def history() -> list[Mention]:
    return _history()


async def _filled(path: Path, history: list[Mention]) -> Store:
    store = await open_store(path)
    for first in range(0, len(history), 5000):
        await store.add_mentions(history[first : first + 5000], NOW)
    return store


async def test_a_console_opened_mid_crisis_says_what_status_and_a_long_running_one_say(
    tmp_path: Path, history: list[Mention]
) -> None:
    store = await _filled(tmp_path / "a.db", history)
    config = demo_config()
    try:
        watching = Monitor(store, config, ManualClock(NOW - timedelta(minutes=60)), "ana")
        for _ in range(61):
            await watching.tick()
            watching.clock.advance(60)  # type: ignore[attr-defined]
        opened_now = Monitor(store, config, ManualClock(NOW), "ben", send_alerts=False)
        await opened_now.tick()
        status = await assess_now(store, config, NOW)

        assert watching.assessment is not None and opened_now.assessment is not None
        assert status.level >= Level.HIGH
        assert _said(opened_now.assessment) == _said(status)
        assert _said(watching.assessment) == _said(status)
    finally:
        await store.close()


async def test_history_stored_after_the_console_started_is_weighed_as_status_weighs_it(
    tmp_path: Path, history: list[Mention]
) -> None:
    # The demo's first poll, an import, a backfill: posts hours or days old arrive after the
    # engine's first look, older than anything a tick reads again.
    store = await open_store(tmp_path / "b.db")
    config = demo_config()
    try:
        clock = ManualClock(NOW - timedelta(minutes=1))
        monitor = Monitor(store, config, clock, "ana", send_alerts=False)
        await monitor.tick()
        for first in range(0, len(history), 5000):
            await store.add_mentions(history[first : first + 5000], NOW)
        clock.advance(60)
        await monitor.tick()
        status = await assess_now(store, config, NOW)

        assert monitor.assessment is not None and status.level >= Level.HIGH
        assert _said(monitor.assessment) == _said(status)
    finally:
        await store.close()


async def test_a_level_held_after_the_crisis_says_so_where_it_is_shown(
    tmp_path: Path, history: list[Mention]
) -> None:
    """Minutes after the storm stops, the level steps down one at a time: `status` says it
    holds, and what the score reads now, as the console's gauge does (it used to print
    "CRITICAL (score 80.0) - nothing unusual")."""
    from crisistui.tui.widgets.gauge import cooling_down

    stopped = NOW - timedelta(minutes=20)
    store = await _filled(tmp_path / "held.db", [m for m in history if m.created_at < stopped])
    try:
        status = await assess_now(store, demo_config(), stopped + timedelta(minutes=6))
    finally:
        await store.close()
    assert status.level >= Level.HIGH and status.raw_level < status.level
    said = f"holding: cooling down, now {status.raw_level.label} {status.raw_score:.0f}"
    assert status.holding == said
    gauge_line = cooling_down(status)
    assert gauge_line is not None and gauge_line.plain == said


async def test_a_console_opened_mid_crisis_dates_the_alert_by_the_rise_not_by_its_start(
    tmp_path: Path, history: list[Mention]
) -> None:
    """Nothing recorded the rise (the history was imported; no collector ran): an incident
    opened from the gauge was "detected" when the console started, hours into the storm, and
    its review found no mention in its window."""
    store = await _filled(tmp_path / "rise.db", history)
    config = demo_config()
    try:
        clock = ManualClock(NOW - timedelta(minutes=CRISIS_MINUTES + 10))
        # a console that only reads: it records nothing the next one could find
        watching = Monitor(
            store, config, clock, "ana", send_alerts=False, records_changes=lambda: False
        )
        rose: datetime | None = None
        while clock.now() <= NOW:
            await watching.tick()
            rose = rose or watching.raised_at
            clock.advance(60)
        opened_now = Monitor(
            store, config, ManualClock(NOW), "ben", send_alerts=False, records_changes=lambda: False
        )
        await opened_now.tick()

        assert not await store.recent_events(10, kinds=["severity.changed"])
        assert rose is not None and opened_now.raised_at is not None
        assert rose < NOW - timedelta(minutes=60)
        assert abs(opened_now.raised_at - rose) <= timedelta(minutes=1)
    finally:
        await store.close()


async def test_a_rise_at_the_first_look_is_dated_no_later_than_that_look(tmp_path: Path) -> None:
    """A storm first seen at the console's first tick rose in that minute, which the engine
    names by its last second: the alert was dated up to a minute after the console looked."""
    calm = [m for m in _history() if m.created_at < NOW - timedelta(minutes=CRISIS_MINUTES)]
    burst = [
        Mention(
            source="x",
            external_id=f"burst-{n}",
            text=f"outage again {n}",
            created_at=NOW - timedelta(seconds=20),
            subject="Acme Air",
            is_competitor=False,
            sentiment=-0.7,
            label=Sentiment.NEGATIVE,
            reach=50,
            fingerprint=f"burst-{n}",
            author=f"@b{n}",
        )
        for n in range(80)
    ]
    store = await _filled(tmp_path / "burst.db", [*calm, *burst])
    try:
        monitor = Monitor(
            store, demo_config(), ManualClock(NOW), "ben", send_alerts=False,
            records_changes=lambda: False,
        )  # fmt: skip
        await monitor.tick()
        assert monitor.assessment is not None and monitor.assessment.level >= Level.HIGH
        assert monitor.raised_at is not None and monitor.raised_at <= NOW
    finally:
        await store.close()
