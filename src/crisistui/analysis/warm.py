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
from collections import defaultdict
from datetime import datetime
from typing import TypeVar

from crisistui.analysis.reading import RollupReader
from crisistui.analysis.severity import SeverityEngine
from crisistui.config import SeverityConfig
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup
from crisistui.domain.time import from_epoch, to_epoch

REPLAY_MINUTES = 180
"""Minutes ticked before the first real tick."""
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
    first_tick = from_epoch((last - REPLAY_MINUTES) * 60 + 59)
    since, _ = engine.window(first_tick)
    until = from_epoch(last * 60)
    by_minute: dict[int, list[Rollup]] = defaultdict(list)
    for rollup in await store.rollups(since, until, subject):
        by_minute[rollup.minute].append(rollup)
    terms: dict[int, list[TriggerRollup]] = defaultdict(list)
    for term in await store.trigger_rollups(since, until, subject):
        terms[term.minute].append(term)
    spoken: dict[int, list[LanguageRollup]] = defaultdict(list)
    for language in await store.language_rollups(since, until, subject):
        spoken[language.minute].append(language)

    def replay() -> None:
        for minute in range(last - REPLAY_MINUTES, last):
            moment = datetime.fromtimestamp(minute * 60 + 59, now.tzinfo)
            engine.assess(
                _range(by_minute, engine, moment),
                moment,
                triggers=_range(terms, engine, moment),
                languages=_range(spoken, engine, moment),
            )

    await asyncio.to_thread(replay)  # seconds of ticks on a long history: off a console's loop
    return engine


def _range(by_minute: dict[int, list[T]], engine: SeverityEngine, moment: datetime) -> list[T]:
    """The rollups ``engine.window`` asks for at ``moment``, from what was read."""
    since, until = engine.window(moment)
    first, end = to_epoch(since) // 60, min(to_epoch(until) // 60, to_epoch(moment) // 60 + 1)
    if end - first > len(by_minute):  # the first tick asks for days: walk what exists
        return [r for m in sorted(by_minute) if first <= m < end for r in by_minute[m]]
    return [r for m in range(first, end) for r in by_minute.get(m, ())]
