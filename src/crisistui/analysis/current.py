"""The current assessment from what the store holds, for `status` and for reading consoles:
the brand's, and each competitor's (the competitor watch).

The engine's level has memory (it falls only after a calm period), so the recent hours of
rollups are replayed minute by minute: a script asking "how bad is it" gets the same answer the
console shows, without a long-running process. One query reads the engine's whole history
(days of per-minute rollups, not mentions); the replay then feeds it minute by minute. Like
the loud voices, the window's copied texts (a campaign) are read for the last tick only.
"""

from __future__ import annotations

from datetime import datetime

from crisistui.analysis.campaign import read_copies
from crisistui.analysis.competitors import CompetitorLevel
from crisistui.analysis.reading import RollupReader
from crisistui.analysis.severity import Assessment, NegativeVoice
from crisistui.analysis.warm import warmed_engine
from crisistui.config import Config
from crisistui.domain.own_accounts import OwnAccounts


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
    engine = await warmed_engine(store, subject, config.severity, now)
    since, until = engine.window(now)
    rollups = await store.rollups(since, until, subject)
    triggers = await store.trigger_rollups(since, until, subject)
    languages = await store.language_rollups(since, until, subject)
    if own is None:
        return engine.assess(rollups, now, triggers=triggers, languages=languages)
    top = await store.top_negative(subject, engine.voices_since(now), now, limit=3, own=own)
    voices = [NegativeVoice.of(m) for m in top]
    return engine.assess(
        rollups,
        now,
        voices,
        triggers=triggers,
        languages=languages,
        copies=await read_copies(store, subject, now),
    )
