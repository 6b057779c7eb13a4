"""The current assessment from what the store holds, for `status` and for reading consoles.

The engine's level has memory (it falls only after a calm period), so the recent hours of
rollups are replayed minute by minute: a script asking "how bad is it" gets the same answer the
console shows, without a long-running process.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from crisistui.analysis.severity import Assessment, NegativeVoice, SeverityEngine
from crisistui.config import Config
from crisistui.store import Store
from crisistui.store.db import Rollup, to_epoch

REPLAY_MINUTES = 180


async def assess_now(store: Store, config: Config, now: datetime) -> Assessment:
    """Replay the last hours of rollups and assess the brand at ``now``."""
    engine = SeverityEngine(config.brand.name, config.severity)
    span = config.severity.baseline_minutes + config.severity.window_minutes + 1
    start = now - timedelta(minutes=span + REPLAY_MINUTES)
    by_minute: dict[int, list[Rollup]] = defaultdict(list)
    for rollup in await store.rollups(start, now + timedelta(minutes=1)):
        if rollup.subject == config.brand.name:
            by_minute[rollup.minute].append(rollup)
    last = to_epoch(now) // 60
    for minute in range(last - REPLAY_MINUTES, last):
        moment = datetime.fromtimestamp(minute * 60 + 59, now.tzinfo)
        engine.assess(_window(by_minute, minute - span, minute), moment)
    window_start = now - timedelta(minutes=config.severity.window_minutes)
    top = await store.top_negative(config.brand.name, window_start, limit=3)
    voices = [NegativeVoice(m.author or m.source, m.author_followers or 0, m.reach) for m in top]
    return engine.assess(_window(by_minute, last - span, last), now, voices)


def _window(by_minute: dict[int, list[Rollup]], first: int, last: int) -> list[Rollup]:
    return [r for minute in range(first, last + 1) for r in by_minute.get(minute, ())]
