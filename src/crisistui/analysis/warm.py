"""An engine that starts as if it had been running: every process that assesses a subject
(the console, `collect`, `wall`, `status`) begins by replaying the last hours of rollups minute
by minute, so they all say the same thing at the same moment, whenever each started.

The engine's level has memory (it falls only after a calm period, and while it is up its
baselines stay frozen at the calm before the rise), so a fresh engine that only looked at
"now" would disagree with one that watched the rise: a console opened mid-crisis would
measure the crisis against itself.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import statistics
from collections import defaultdict
from datetime import datetime
from operator import attrgetter
from typing import Generic, TypeVar

from crisistui.analysis.reading import RollupReader
from crisistui.analysis.severity import SeverityEngine
from crisistui.config import SeverityConfig
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup
from crisistui.domain.time import from_epoch, to_epoch

REPLAY_MINUTES = 180
"""Minutes ticked before the first real tick, when they start in calm."""
LONGEST_REPLAY_MINUTES = 1440
"""How far back the replay may start to find calm hours before a crisis under way."""
CALM_HOURS = 3
"""Hours before the replay's start that must be calm: its baselines are learned from them."""
T = TypeVar("T", Rollup, TriggerRollup, LanguageRollup)


async def warmed_engine(
    store: RollupReader,
    subject: str,
    settings: SeverityConfig,
    now: datetime,
    reread_minutes: int = 0,
) -> SeverityEngine:
    """A new engine for ``subject`` that has ticked every minute of the last
    ``REPLAY_MINUTES`` before ``now``'s: its level, its held baselines and its memory are those
    it would have if it had been running. Every process that assesses starts from this (the
    console, `collect`, `wall`, `status`), so they all say the same thing at the same time,
    whenever each started."""
    engine = SeverityEngine(subject, settings, reread_minutes=reread_minutes)
    last = to_epoch(now) // 60
    earliest = from_epoch((last - LONGEST_REPLAY_MINUTES) * 60 + 59)
    since, _ = engine.window(earliest)
    until = from_epoch(last * 60)
    read = await store.rollups(since, until, subject)
    first = replay_from(read, last)
    rollups = _ByMinute(read)
    # A term's mentions of other sentiments count only in its windows (TermMemory.surges):
    # before the first tick's longest window, the rows without negatives (nearly half of a
    # week's) are left on the server.
    windows_from = from_epoch((first - max(settings.windows)) * 60)
    terms = _ByMinute(
        await store.trigger_rollups(since, until, subject, negative_only_before=windows_from)
    )
    spoken = _ByMinute(await store.language_rollups(since, until, subject))

    def replay() -> None:
        for minute in range(first, last):
            moment = datetime.fromtimestamp(minute * 60 + 59, now.tzinfo)
            start, end = _minutes(engine, moment)
            engine.assess(
                rollups.range(start, end),
                moment,
                triggers=terms.range(start, end),
                languages=spoken.range(start, end),
            )

    await asyncio.to_thread(replay)  # seconds of ticks on a long history: off a console's loop
    return engine


def replay_from(rows: list[Rollup], last: int) -> int:
    """The first minute to replay before minute ``last``: ``REPLAY_MINUTES`` before it, or
    an hour earlier each time one of the ``CALM_HOURS`` before that start is not calm, back
    to ``LONGEST_REPLAY_MINUTES``. An engine that starts inside a crisis learns the crisis
    as its norm: a boycott in its sixth hour read NORMAL in `status` and in a console opened
    then, while the console that watched it rise said CRITICAL. An hour is calm when its
    negatives are at most three times the median of the same hour of day on earlier days,
    plus two (a daily rhythm's busy hours are calm); with no earlier day, every hour is."""
    negatives: dict[int, int] = defaultdict(int)
    for row in rows:
        negatives[row.minute // 60] += row.negative
    start = last - REPLAY_MINUTES
    if not negatives:
        return start
    oldest = min(negatives)
    usual: dict[int, float] = {}

    def calm(hour: int) -> bool:
        if hour not in usual:
            days = [negatives.get(h, 0) for h in range(hour - 24, oldest - 1, -24)]
            usual[hour] = 3 * statistics.median(days) + 2 if days else math.inf
        return negatives.get(hour, 0) <= usual[hour]

    while start - 60 >= last - LONGEST_REPLAY_MINUTES and not all(
        calm(start // 60 - back) for back in range(1, CALM_HOURS + 1)
    ):
        start -= 60
    return start


def _minutes(engine: SeverityEngine, moment: datetime) -> tuple[int, int]:
    """The minutes [start, end) of the rollups ``engine.window`` asks for at ``moment``."""
    since, until = engine.window(moment)
    return to_epoch(since) // 60, min(to_epoch(until) // 60, to_epoch(moment) // 60 + 1)


class _ByMinute(Generic[T]):
    """What was read, in minute order (the order read within a minute), so each tick's range
    is a slice found by bisection: no per-row work but one stable sort, which costs next to
    nothing on rows that come sorted."""

    def __init__(self, rows: list[T]) -> None:
        self._rows = sorted(rows, key=attrgetter("minute"))
        self._minutes = [row.minute for row in self._rows]

    def range(self, start: int, end: int) -> list[T]:
        """The rows of minutes [start, end)."""
        first = bisect.bisect_left(self._minutes, start)
        return self._rows[first : bisect.bisect_left(self._minutes, end, first)]
