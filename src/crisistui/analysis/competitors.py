"""Competitor watch: each competitor assessed by its own severity engine, because a rival's
crisis is news too (travellers rebooking away from it, journalists asking for comparisons).

One engine per competitor, fed only that competitor's rollups (volume, trigger terms and
languages), so a tick costs a few primary-key reads per competitor whatever the history. No
loud voices or copied texts are read for competitors: those read mentions, and a competitor's
level only has to say that something is going on. What a competitor's engine finds is never
the brand's level: it raises no alert, writes nothing on the timeline and leaves `status`'s
exit code alone; the console says it as news.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crisistui.analysis.levels import Level
from crisistui.analysis.reading import RollupReader
from crisistui.analysis.severity import REREAD_MINUTES, Assessment, SeverityEngine
from crisistui.analysis.warm import warmed_engine
from crisistui.config import SeverityConfig

_TRAILING_DETAIL = re.compile(r"\s*\([^()]*\)$")


def brief_driver(driver: str) -> str:
    """A driver without its closing detail in brackets: 'negative volume 5.2σ above this
    hour's norm (30 in 15 min vs 3.1 expected)' → 'negative volume 5.2σ above this hour's
    norm'."""
    return _TRAILING_DETAIL.sub("", driver) or driver


@dataclass(frozen=True, slots=True)
class CompetitorLevel:
    """A competitor's latest assessment."""

    subject: str
    assessment: Assessment

    @property
    def level(self) -> Level:
        return self.assessment.level

    @property
    def word(self) -> str:
        """'HIGH' above normal (news), 'normal' otherwise."""
        level = self.assessment.level
        return level.label.upper() if level > Level.NORMAL else level.label

    def in_brief(self) -> str:
        """'Zephyr Airlines: HIGH — negative volume 5.2σ above this hour's norm', or
        'Zephyr Airlines: normal'."""
        a = self.assessment
        if a.level == Level.NORMAL or not a.drivers:
            return f"{self.subject}: {self.word}"
        return f"{self.subject}: {self.word} — {brief_driver(a.drivers[0])}"

    def as_dict(self) -> dict[str, object]:
        a = self.assessment
        return {
            "subject": self.subject,
            "level": a.level.label,
            "score": a.score,
            "drivers": list(a.drivers),
            "crisis_type": a.crisis_type,
            "summary": self.in_brief(),
        }


@dataclass(frozen=True, slots=True)
class CompetitorNews:
    """A competitor's level moved (or was found above normal on the first look)."""

    before: Level | None
    """None on the first look."""
    now: CompetitorLevel

    @property
    def rising(self) -> bool:
        return self.now.level > (self.before if self.before is not None else Level.NORMAL)


class CompetitorWatch:
    """One engine per competitor, each with its own memory (baseline, hysteresis)."""

    def __init__(self, subjects: Sequence[str], settings: SeverityConfig) -> None:
        self.engines = {subject: SeverityEngine(subject, settings) for subject in subjects}
        self._levels: dict[str, CompetitorLevel] = {}

    @property
    def levels(self) -> list[CompetitorLevel]:
        """The latest level of each competitor assessed so far, in the config's order."""
        return [self._levels[s] for s in self.engines if s in self._levels]

    async def tick(self, reader: RollupReader, now: datetime) -> list[CompetitorNews]:
        """Assess every competitor at ``now`` from its own rollups; what moved is news."""
        news: list[CompetitorNews] = []
        for subject, engine in list(self.engines.items()):
            if subject not in self._levels:  # the first look starts as `status` does
                engine = await warmed_engine(reader, subject, engine.settings, now, REREAD_MINUTES)
                self.engines[subject] = engine
            since, until = engine.window(now)
            rollups = await reader.rollups(since, until, subject)
            triggers = await reader.trigger_rollups(since, until, subject)
            languages = await reader.language_rollups(since, until, subject)
            assessment = await asyncio.to_thread(
                engine.assess, rollups, now, triggers=triggers, languages=languages
            )
            latest = CompetitorLevel(subject, assessment)
            before = self._levels.get(subject)
            self._levels[subject] = latest
            if before is None:
                if latest.level > Level.NORMAL:
                    news.append(CompetitorNews(None, latest))
            elif before.level != latest.level:
                news.append(CompetitorNews(before.level, latest))
        return news
