"""Replays historical mentions through the severity engine in event time, in memory.

This is how a team tunes its thresholds against its own past crises: the same engine that runs
live, fed minute by minute from an export, as fast as the machine allows, without a database.
The per-minute counts built here are those the store's insert triggers keep (rollups and
trigger-term rollups, from the trigger terms the pipeline found), so a replay sees what a live
tick would; the copies of each minute (``campaign.CopyMemory``) stand for the live watch's
query of the window's texts.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from crisistui.analysis.campaign import CopyMemory
from crisistui.analysis.severity import Assessment, Level, NegativeVoice, SeverityEngine
from crisistui.analysis.voices import voice_name
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup
from crisistui.domain.repeats import id_key, words_key
from crisistui.domain.time import from_epoch, to_epoch

MAX_SPAN_DAYS = 400
"""The longest history a replay walks: it ticks the engine at every minute from the first
mention to the last, about a minute of work per year of history, so a stray line dated years
away (a typo, a default of 1970) would make it run for hours without a word."""


class SpanTooLong(ValueError):
    """A history whose first and last mentions are more than ``MAX_SPAN_DAYS`` apart."""

    def __init__(self, first: datetime, last: datetime, limit_days: int) -> None:
        self.first, self.last, self.limit_days = first, last, limit_days
        days = (last - first).days
        super().__init__(
            f"the history spans {days:,} days, from {first.astimezone(UTC):%Y-%m-%d %H:%M} UTC "
            f"to {last.astimezone(UTC):%Y-%m-%d %H:%M} UTC; a replay walks every minute "
            f"between, and refuses more than {limit_days} days: look for a line dated wrong, "
            "or replay the file in parts"
        )


@dataclass
class _MinuteCounts:
    volume: int = 0
    positive: int = 0
    negative: int = 0
    neutral: int = 0
    sentiment_sum: float = 0.0
    reach_sum: int = 0
    negative_reach: int = 0
    voices: list[tuple[int, str, int, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    """The widest-reaching negatives: (reach, author, followers, trigger terms)."""
    terms: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(crisis type, term) -> [mentions, negatives]."""
    unscored: int = 0
    languages: dict[str, list[float]] = field(default_factory=dict)
    """language -> [mentions, positive, negative, unscored, sentiment sum]."""

    def add(self, mention: Mention, *, voice: bool = True) -> None:
        self.volume += 1
        negative = mention.label is Sentiment.NEGATIVE
        spoken = self.languages.setdefault(mention.lang or "", [0, 0, 0, 0, 0.0])
        spoken[0] += 1
        spoken[1] += mention.label is Sentiment.POSITIVE
        spoken[2] += negative
        spoken[3] += mention.label is Sentiment.UNSCORED
        spoken[4] += mention.sentiment
        for hit in mention.triggers:
            counts = self.terms.setdefault(hit, [0, 0])
            counts[0] += 1
            counts[1] += negative
        self.sentiment_sum += mention.sentiment
        self.reach_sum += mention.reach
        if mention.label is Sentiment.POSITIVE:
            self.positive += 1
        elif mention.label is Sentiment.NEGATIVE:
            self.negative += 1
            self.negative_reach += mention.reach
            if voice:
                loud = (
                    mention.reach,
                    voice_name(mention),
                    mention.author_followers or 0,
                    mention.triggers,
                )
                heapq.heappush(self.voices, loud)
                if len(self.voices) > 3:
                    heapq.heappop(self.voices)
        elif mention.label is Sentiment.UNSCORED:
            self.unscored += 1
        else:
            self.neutral += 1


@dataclass(frozen=True, slots=True)
class LevelChange:
    """One change of level in event time."""

    at: datetime
    before: Level
    assessment: Assessment


@dataclass
class BacktestResult:
    """What a replay found."""

    changes: list[LevelChange] = field(default_factory=list)
    mentions: int = 0
    duplicates: int = 0
    """Posts met again (``domain.repeats``), counted once as the store would."""
    first: datetime | None = None
    last: datetime | None = None
    minutes_at: dict[Level, int] = field(default_factory=lambda: defaultdict(int))
    max_score: float = 0.0
    final: Assessment | None = None
    """The assessment at the last tick."""
    campaign_minutes: int = 0
    """Ticks at which the engine found a coordinated campaign."""

    def first_reaching(self, level: Level) -> datetime | None:
        """When the level first reached ``level`` or above."""
        return next((c.at for c in self.changes if c.assessment.level >= level), None)


def replay(
    mentions: Iterable[Mention],
    subject: str,
    settings: SeverityConfig,
    own: OwnAccounts | None = None,
    *,
    max_days: int = MAX_SPAN_DAYS,
) -> BacktestResult:
    """Feed mentions (any order) into per-minute counts, then tick the engine every minute.
    Posts of the ``own`` accounts count like any mention but are never a loud voice. A post
    met twice (same source and id: an export that overlaps itself; or the same words by the
    same author at the same second from the same source, ``domain.repeats``) counts once, as
    in the store; only a hash of each key is kept, so a year-long file stays cheap to replay.

    Raises ``SpanTooLong``, before the first tick, when the subject's mentions span more than
    ``max_days``: the walk's time grows with the span, not with the mentions."""
    minutes: dict[int, _MinuteCounts] = defaultdict(_MinuteCounts)
    own = own if own is not None else OwnAccounts()
    result = BacktestResult()
    seen: set[int] = set()
    copies = CopyMemory()
    for mention in mentions:
        if mention.subject != subject:
            continue
        at = to_epoch(mention.created_at)
        key = hash(id_key(mention.source, mention.external_id))
        words = hash(words_key(mention.source, mention.author, at, mention.text))
        if key in seen or words in seen:
            result.duplicates += 1
            continue
        seen.update((key, words))
        minute = at // 60
        minutes[minute].add(mention, voice=mention.author not in own)
        copies.add(minute, mention)
        result.mentions += 1
        moment = mention.created_at
        result.first = moment if result.first is None or moment < result.first else result.first
        result.last = moment if result.last is None or moment > result.last else result.last
    if not minutes:
        return result
    if max(minutes) - min(minutes) > max_days * 24 * 60:
        assert result.first is not None and result.last is not None
        raise SpanTooLong(result.first, result.last, max_days)
    engine = SeverityEngine(subject, settings, reread_minutes=0)
    rollups = {m: _rollup(subject, m, counts) for m, counts in minutes.items()}
    terms = {
        m: [TriggerRollup(subject, m, k, t, v, n) for (k, t), (v, n) in counts.terms.items()]
        for m, counts in minutes.items()
        if counts.terms
    }
    spoken = {
        m: [
            LanguageRollup(subject, m, lang, int(v), int(p), int(n), int(u), total)
            for lang, (v, p, n, u, total) in counts.languages.items()
        ]
        for m, counts in minutes.items()
    }
    start, end = min(minutes), max(minutes) + settings.window_minutes
    for minute in range(start, end + 1):
        now = from_epoch(minute * 60 + 59)
        since, until = engine.window(now)
        first, last = max(to_epoch(since) // 60, start), to_epoch(until) // 60
        span = range(first, min(last, minute + 1))
        wanted = [rollups[m] for m in span if m in rollups]
        hits = [t for m in span if m in terms for t in terms[m]] if terms else []
        languages = [g for m in span if m in spoken for g in spoken[m]]
        voices = _voices(minutes, minute, settings)
        assessment = engine.assess(wanted, now, voices, hits, languages, copies.window(minute))
        result.minutes_at[assessment.level] += 1
        result.max_score = max(result.max_score, assessment.score)
        result.campaign_minutes += assessment.campaign is not None
        result.final = assessment
        previous = result.changes[-1].assessment.level if result.changes else Level.NORMAL
        if assessment.level != previous:
            result.changes.append(LevelChange(now, previous, assessment))
    return result


def _rollup(subject: str, minute: int, counts: _MinuteCounts) -> Rollup:
    return Rollup(
        subject,
        minute,
        counts.volume,
        counts.positive,
        counts.negative,
        counts.neutral,
        counts.sentiment_sum,
        counts.reach_sum,
        counts.negative_reach,
        counts.negative,
        counts.unscored,
    )


def _voices(
    minutes: dict[int, _MinuteCounts], minute: int, settings: SeverityConfig
) -> list[NegativeVoice]:
    """The widest-reaching negatives of the shortest window, with their trigger terms, as the
    live store query returns them."""
    found: list[tuple[int, str, int, tuple[tuple[str, str], ...]]] = []
    for m in range(minute - settings.window_minutes + 1, minute + 1):
        counts = minutes.get(m)
        if counts is not None:
            found.extend(counts.voices)
    found.sort(reverse=True)
    return [
        NegativeVoice(author, followers, reach, terms)
        for reach, author, followers, terms in found[:3]
    ]


def describe_duration(minutes: int) -> str:
    return str(timedelta(minutes=minutes))
