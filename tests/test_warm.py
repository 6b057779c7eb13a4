"""A warmed engine reads a week of trigger rollups without the rows it never uses (a term's
mentions without negatives before its first windows), and says exactly what it says with all of
them: the console, `collect`, `wall` and `status` keep agreeing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import cast

from crisistui.analysis.severity import Assessment
from crisistui.analysis.warm import REPLAY_MINUTES, warmed_engine
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.records import TriggerRollup
from crisistui.store import Store
from tests.ticks import recorded_ticks

BRAND = "Acme Air"
END = datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
REFUND = (("customer-service", "refund"),)


def _mention(n: int, at: datetime, label: Sentiment, refund: bool) -> Mention:
    score = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6}.get(label, 0.0)
    return Mention(
        source="test",
        external_id=str(n),
        text=f"mention {n}",
        created_at=at,
        subject=BRAND,
        is_competitor=False,
        sentiment=score,
        label=label,
        reach=10,
        fingerprint=f"fp{n}",
        author=f"author{n % 50}",
        triggers=REFUND if refund else (),
    )


def _history() -> list[Mention]:
    """Three calm days (now and then a refund complaint, and refunds praised), then refunds in
    the news (praised), and a storm of complaints, most about refunds, whose every other
    minute praises refunds: the term's minutes without negatives, which its surge is weighed
    against."""
    rng = random.Random(7)
    start = END - timedelta(days=3)
    mentions: list[Mention] = []
    minute = 0
    while (at := start + timedelta(minutes=minute)) < END:
        hours_left = (END - at) / timedelta(hours=1)
        news = 2.5 < hours_left < 3.0
        storm = 1.0 < hours_left < 1.6
        complaints = storm and minute % 2 == 0
        for _ in range(5 if news or complaints else 2 if storm else 1):
            if complaints:
                label, refund = Sentiment.NEGATIVE, rng.random() < 0.8
            elif storm or news:
                label, refund = Sentiment.POSITIVE, True
            else:
                label = Sentiment.NEGATIVE if rng.random() < 0.25 else Sentiment.POSITIVE
                refund = rng.random() < 0.3
            mentions.append(_mention(len(mentions), at, label, refund))
        minute += 1 if news or storm else 4
    return mentions


class _EveryRow:
    """The store read as before: every trigger rollup of the range."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    async def trigger_rollups(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        negative_only_before: datetime | None = None,
    ) -> list[TriggerRollup]:
        return await self._store.trigger_rollups(since, until, subject)


async def _ticks(reader: object, settings: SeverityConfig, now: datetime) -> list[Assessment]:
    """Every assessment of a warm-up at ``now``, and one more tick at ``now`` itself."""
    with recorded_ticks() as said:
        engine = await warmed_engine(reader, BRAND, settings, now)  # type: ignore[arg-type]
    since, until = engine.window(now)
    store = cast(Store, getattr(reader, "_store", reader))
    rollups = await store.rollups(since, until, BRAND)
    said.append(engine.assess(rollups, now, triggers=await store.trigger_rollups(since, until)))
    return said


async def test_a_warmed_engine_says_the_same_without_the_rows_it_never_reads(
    store: Store,
) -> None:
    await store.add_mentions(_history(), END)
    settings = SeverityConfig()
    said: list[Assessment] = []
    # the storm inside the replay, just before it (in its first windows), and long before it
    for hours in (-3.5, -2.5, -1.0, 0.0, 1.0, 1.25, 2.0, 2.75, 4.0):
        now = END - timedelta(hours=hours) + timedelta(seconds=30)
        read_less = await _ticks(store, settings, now)
        read_all = await _ticks(_EveryRow(store), settings, now)
        assert len(read_less) >= REPLAY_MINUTES + 1  # earlier when it would start in a storm
        for less, every in zip(read_less, read_all, strict=True):
            assert less == every, f"warming up to {now}, at {less.at}"
        said += read_less
    # what was compared: the storm, refunds in it, and calm
    assert any(a.level.label != "normal" for a in said)
    assert any(any("refund" in d for d in a.drivers) for a in said)
    assert any(a.level.label == "normal" for a in said)


async def test_the_narrow_read_leaves_out_only_rows_without_negatives_before_the_cut(
    store: Store,
) -> None:
    history = _history()
    await store.add_mentions(history, END)
    since, cut = END - timedelta(days=4), END - timedelta(minutes=REPLAY_MINUTES)
    every = await store.trigger_rollups(since, END, BRAND)
    narrow = await store.trigger_rollups(since, END, BRAND, negative_only_before=cut)
    cut_minute = int(cut.timestamp()) // 60
    assert narrow == [r for r in every if r.negative > 0 or r.minute >= cut_minute]
    assert len(narrow) < len(every) and any(r.minute >= cut_minute for r in narrow)


def _days_then_storm(storm_hours: float) -> list[Mention]:
    """Four days of a brand's chatter with a daily rhythm (busy afternoons, quiet nights, a
    complaint in five), then a boycott-sized storm of complaints for the last
    ``storm_hours``, still going at ``END``."""
    rng = random.Random(11)
    mentions: list[Mention] = []
    at = END - timedelta(days=4)
    while at < END:
        hours_left = (END - at) / timedelta(hours=1)
        if hours_left < storm_hours:
            label, step = Sentiment.NEGATIVE, timedelta(minutes=2)
        else:
            busy = 12 <= at.hour < 20
            label = Sentiment.NEGATIVE if rng.random() < 0.2 else Sentiment.POSITIVE
            step = timedelta(minutes=rng.choice((6, 10) if busy else (20, 40)))
        mentions.append(_mention(len(mentions), at, label, refund=False))
        at += step
    return mentions


async def test_a_storm_in_its_ninth_hour_is_assessed_as_one_by_a_process_started_now(
    store: Store,
) -> None:
    """`status` (a new process every minute) and a console opened mid-storm start an engine
    by replaying the recent hours: started inside the storm, it learned the storm as its norm
    and said NORMAL in the sixth hour of a boycott (here, the ninth)."""
    from crisistui.analysis.current import assess_now
    from crisistui.config import parse_config

    await store.add_mentions(_days_then_storm(8.0), END)
    config = parse_config({"brand": {"name": BRAND, "terms": ["acme air"]}})
    now = END + timedelta(seconds=30)
    assessment = await assess_now(store, config, now)
    assert assessment.level.label == "critical", assessment.drivers
    assert any("negative volume" in driver for driver in assessment.drivers)


async def test_a_calm_history_with_a_daily_rhythm_replays_the_usual_hours_only(
    store: Store,
) -> None:
    from crisistui.analysis.warm import replay_from

    history = [m for m in _days_then_storm(0.0)]
    await store.add_mentions(history, END)
    last = int(END.timestamp()) // 60
    rows = await store.rollups(END - timedelta(days=5), END, BRAND)
    assert replay_from(rows, last) == last - REPLAY_MINUTES
    for hours_ago in (2, 9, 15, 20):  # busy afternoons and quiet nights alike
        assert replay_from(rows, last - hours_ago * 60) == last - hours_ago * 60 - REPLAY_MINUTES
    assert replay_from([], last) == last - REPLAY_MINUTES
