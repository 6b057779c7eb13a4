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
from crisistui.domain.copies import is_retweet
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
    voices: list[tuple[int, str, int, tuple[tuple[str, str], ...], float]] = field(
        default_factory=list
    )
    """The widest-reaching negatives: (reach, author, followers, trigger terms, sentiment)."""
    terms: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(crisis type, term) -> [mentions, negatives, reposts among the negatives]."""
    unscored: int = 0
    echoes: int = 0
    """Negatives that are retweets (``Rollup.echoes``)."""
    languages: dict[str, list[float]] = field(default_factory=dict)
    """language -> [mentions, positive, negative, unscored, sentiment sum]."""

    def add(self, mention: Mention, *, voice: bool = True) -> None:
        self.volume += 1
        label, sentiment = mention.label, mention.sentiment
        negative = label is Sentiment.NEGATIVE
        spoken = self.languages.get(mention.lang or "")
        if spoken is None:
            spoken = self.languages[mention.lang or ""] = [0, 0, 0, 0, 0.0]
        spoken[0] += 1
        spoken[1] += label is Sentiment.POSITIVE
        spoken[2] += negative
        spoken[3] += label is Sentiment.UNSCORED
        spoken[4] += sentiment
        if mention.triggers:
            echo = negative and is_retweet(mention.text)
            for hit in mention.triggers:
                counts = self.terms.setdefault(hit, [0, 0, 0])
                counts[0] += 1
                counts[1] += negative
                counts[2] += echo
        self.sentiment_sum += sentiment
        self.reach_sum += mention.reach
        if label is Sentiment.POSITIVE:
            self.positive += 1
        elif negative:
            self.negative += 1
            self.negative_reach += mention.reach
            self.echoes += is_retweet(mention.text)
            if voice:
                loud = (
                    mention.reach,
                    voice_name(mention),
                    mention.author_followers or 0,
                    mention.triggers,
                    sentiment,
                )
                heapq.heappush(self.voices, loud)
                if len(self.voices) > 3:
                    heapq.heappop(self.voices)
        elif label is Sentiment.UNSCORED:
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
    type_minutes: dict[str, int] = field(default_factory=dict)
    """Minutes each crisis type was the likely one while the level was above normal, in the
    order first named: the type can change without the level changing (a rumour of a breach
    spreading through an outage), which the level changes alone do not show."""

    def first_reaching(self, level: Level) -> datetime | None:
        """When the level first reached ``level`` or above."""
        return next((c.at for c in self.changes if c.assessment.level >= level), None)


ORDER_SLACK_MINUTES = 60
"""How far behind the newest minute read the engine ticks while a history is still being read:
a line up to an hour out of order changes nothing. An earlier one (a file not in time order)
makes the walk start again from its first minute once every line is in."""


def replay(
    mentions: Iterable[Mention],
    subject: str,
    settings: SeverityConfig,
    own: OwnAccounts | None = None,
    *,
    max_days: int = MAX_SPAN_DAYS,
) -> BacktestResult:
    """Feed mentions (any order) into per-minute counts, and tick the engine every minute.
    Posts of the ``own`` accounts count like any mention but are never a loud voice. A post
    met twice (same source and id: an export that overlaps itself; or the same words by the
    same author at the same second from the same source, ``domain.repeats``) counts once, as
    in the store; only a hash of each key is kept, so a year-long file stays cheap to replay.

    A history in time order is walked as it is read, an hour behind its newest line, so the
    walk shares the time the pipeline's workers take; the result is the same as a walk after
    the last line, which is what a history out of order gets.

    Raises ``SpanTooLong`` when the subject's mentions span more than ``max_days``: the walk's
    time grows with the span, not with the mentions."""
    minutes: dict[int, _MinuteCounts] = defaultdict(_MinuteCounts)
    own = own if own is not None else OwnAccounts()
    result = BacktestResult()
    seen: set[int] = set()
    copies = CopyMemory()
    walk = _Walk(subject, settings, minutes, copies, result)
    in_order, newest, oldest = True, None, None
    longest = max_days * 24 * 60
    voices_all = not own  # no own accounts: every negative may be a loud voice
    for mention in mentions:
        if mention.subject != subject:
            continue
        moment = mention.created_at
        at = to_epoch(moment)
        key = hash(id_key(mention.source, mention.external_id))
        words = hash(words_key(mention.source, mention.author, at, mention.text))
        if key in seen or words in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        seen.add(words)
        minute = at // 60
        if in_order and walk.walked(minute):  # out of order: walk again once all are in
            in_order = False
            walk.forget()
        minutes[minute].add(mention, voice=voices_all or mention.author not in own)
        copies.add(minute, mention)
        result.mentions += 1
        if result.first is None or moment < result.first:
            result.first = moment
        if result.last is None or moment > result.last:
            result.last = moment
        if oldest is None or minute < oldest:
            oldest = minute
        if newest is None or minute > newest:
            newest = minute
            if in_order and newest - oldest <= longest:
                walk.to(newest - ORDER_SLACK_MINUTES)
    if not minutes:
        return result
    if max(minutes) - min(minutes) > longest:
        assert result.first is not None and result.last is not None
        raise SpanTooLong(result.first, result.last, max_days)
    walk.to(max(minutes) + settings.window_minutes)
    return result


class _Walk:
    """The engine ticked a minute at a time over a replay's per-minute counts, each minute's
    rollups made once every mention of it is in."""

    def __init__(
        self,
        subject: str,
        settings: SeverityConfig,
        minutes: dict[int, _MinuteCounts],
        copies: CopyMemory,
        result: BacktestResult,
    ) -> None:
        self.subject, self.settings = subject, settings
        self.minutes, self.copies, self.result = minutes, copies, result
        self.forget()

    def forget(self) -> None:
        """Start again: nothing walked."""
        self.engine = SeverityEngine(self.subject, self.settings, reread_minutes=0)
        self.copies.forget_window()
        self.start: int | None = None
        self.next = 0
        self.rollups: dict[int, Rollup] = {}
        self.terms: dict[int, list[TriggerRollup]] = {}
        self.spoken: dict[int, list[LanguageRollup]] = {}
        result = self.result
        result.changes, result.minutes_at = [], defaultdict(int)
        result.max_score, result.final, result.campaign_minutes = 0.0, None, 0
        result.type_minutes = {}

    def walked(self, minute: int) -> bool:
        """Whether ``minute`` has been ticked (or lies before the walk's start)."""
        return self.start is not None and minute < self.next

    def to(self, last: int) -> None:
        """Tick every minute up to ``last``, from the first minute with a mention."""
        if self.start is None:
            if not self.minutes or last < min(self.minutes):
                return
            self.start = self.next = min(self.minutes)
        for minute in range(self.next, last + 1):
            self._seal(minute)
            self._tick(minute)
        self.next = max(self.next, last + 1)

    def _seal(self, minute: int) -> None:
        counts = self.minutes.get(minute)
        if counts is None:
            return
        subject = self.subject
        self.rollups[minute] = _rollup(subject, minute, counts)
        if counts.terms:
            self.terms[minute] = [
                TriggerRollup(subject, minute, kind, term, volume, negative, echoes)
                for (kind, term), (volume, negative, echoes) in counts.terms.items()
            ]
        self.spoken[minute] = [
            LanguageRollup(subject, minute, lang, int(v), int(p), int(n), int(u), total)
            for lang, (v, p, n, u, total) in counts.languages.items()
        ]

    def _tick(self, minute: int) -> None:
        engine, result, rollups, terms, spoken = (
            self.engine, self.result, self.rollups, self.terms, self.spoken,
        )  # fmt: skip
        assert self.start is not None
        now = from_epoch(minute * 60 + 59)
        since, until = engine.window(now)
        first, last = max(to_epoch(since) // 60, self.start), to_epoch(until) // 60
        span = range(first, min(last, minute + 1))
        wanted = [rollups[m] for m in span if m in rollups]
        hits = [t for m in span if m in terms for t in terms[m]] if terms else []
        languages = [g for m in span if m in spoken for g in spoken[m]]
        voices = _voices(self.minutes, minute, self.settings)
        assessment = engine.assess(wanted, now, voices, hits, languages, self.copies.window(minute))
        result.minutes_at[assessment.level] += 1
        result.max_score = max(result.max_score, assessment.score)
        result.campaign_minutes += assessment.campaign is not None
        if assessment.crisis_type and assessment.level > Level.NORMAL:
            named = result.type_minutes
            named[assessment.crisis_type] = named.get(assessment.crisis_type, 0) + 1
        result.final = assessment
        previous = result.changes[-1].assessment.level if result.changes else Level.NORMAL
        if assessment.level != previous:
            result.changes.append(LevelChange(now, previous, assessment))


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
        counts.echoes,
    )


def _voices(
    minutes: dict[int, _MinuteCounts], minute: int, settings: SeverityConfig
) -> list[NegativeVoice]:
    """The widest-reaching negatives of the shortest window, with their trigger terms, as the
    live store query returns them."""
    found: list[tuple[int, str, int, tuple[tuple[str, str], ...], float, int]] = []
    for m in range(minute - settings.window_minutes + 1, minute + 1):
        counts = minutes.get(m)
        if counts is not None:
            found.extend((*voice, m) for voice in counts.voices)
    found.sort(reverse=True)
    return [
        NegativeVoice(author, followers, reach, terms, m, sentiment)
        for reach, author, followers, terms, sentiment, m in found[:3]
    ]


def describe_duration(minutes: int) -> str:
    return str(timedelta(minutes=minutes))
