"""The current assessment from what the store holds, for `status` and for reading consoles:
the brand's, and each competitor's (the competitor watch).

The engine's level has memory (it falls only after a calm period), so the recent hours of
rollups are replayed minute by minute: a script asking "how bad is it" gets the same answer the
console shows, without a long-running process. One query reads the engine's whole history
(days of per-minute rollups, not mentions); the replay then feeds it minute by minute. Like
the loud voices, the window's copied texts (a campaign) are read for the last tick only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import TypeVar

from crisistui.analysis.campaign import read_copies
from crisistui.analysis.competitors import CompetitorLevel
from crisistui.analysis.reading import RollupReader
from crisistui.analysis.severity import Assessment, NegativeVoice, SeverityEngine
from crisistui.config import Config
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup
from crisistui.domain.time import from_epoch, to_epoch

REPLAY_MINUTES = 180
T = TypeVar("T", Rollup, TriggerRollup)


async def assess_now(store: RollupReader, config: Config, now: datetime) -> Assessment:
    """Replay the last hours of rollups and assess the brand at ``now``."""
    brand = config.brand.name
    return await _replay(store, brand, config, now, OwnAccounts(config.brand.accounts))


async def watch_now(store: RollupReader, config: Config, now: datetime) -> list[CompetitorLevel]:
    """Each competitor's level at ``now``, replayed as the console's competitor watch ticks
    it: its own engine over its own rollups, no loud voices or copied texts."""
    return [
        CompetitorLevel(c.name, await _replay(store, c.name, config, now, None))
        for c in config.competitors
    ]


async def _replay(
    store: RollupReader, subject: str, config: Config, now: datetime, own: OwnAccounts | None
) -> Assessment:
    """Replay ``subject``'s last hours; with ``own`` (the brand), the last tick also reads the
    loud negative voices and the window's copied texts."""
    engine = SeverityEngine(subject, config.severity, reread_minutes=0)
    last = to_epoch(now) // 60
    first_tick = from_epoch((last - REPLAY_MINUTES) * 60 + 59)
    since, _ = engine.window(first_tick)
    until = now + timedelta(minutes=1)
    by_minute: dict[int, list[Rollup]] = defaultdict(list)
    for rollup in await store.rollups(since, until, subject):
        by_minute[rollup.minute].append(rollup)
    terms: dict[int, list[TriggerRollup]] = defaultdict(list)
    for term in await store.trigger_rollups(since, until, subject):
        terms[term.minute].append(term)
    spoken: dict[int, list[LanguageRollup]] = defaultdict(list)
    for language in await store.language_rollups(since, until, subject):
        spoken[language.minute].append(language)
    for minute in range(last - REPLAY_MINUTES, last):
        moment = datetime.fromtimestamp(minute * 60 + 59, now.tzinfo)
        engine.assess(
            _range(by_minute, engine, moment),
            moment,
            triggers=_range(terms, engine, moment),
            languages=_range(spoken, engine, moment),
        )
    if own is None:
        return engine.assess(
            _range(by_minute, engine, now),
            now,
            triggers=_range(terms, engine, now),
            languages=_range(spoken, engine, now),
        )
    top = await store.top_negative(subject, engine.voices_since(now), now, limit=3, own=own)
    voices = [NegativeVoice.of(m) for m in top]
    return engine.assess(
        _range(by_minute, engine, now),
        now,
        voices,
        triggers=_range(terms, engine, now),
        languages=_range(spoken, engine, now),
        copies=await read_copies(store, subject, now),
    )


def _range(by_minute: dict[int, list[T]], engine: SeverityEngine, moment: datetime) -> list[T]:
    """The rollups ``engine.window`` asks for at ``moment``, from what was read."""
    since, until = engine.window(moment)
    first, end = to_epoch(since) // 60, min(to_epoch(until) // 60, to_epoch(moment) // 60 + 1)
    if end - first > len(by_minute):  # the first tick asks for days: walk what exists
        return [r for m in sorted(by_minute) if first <= m < end for r in by_minute[m]]
    return [r for m in range(first, end) for r in by_minute.get(m, ())]
