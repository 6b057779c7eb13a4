"""Labelled synthetic mention timelines for measuring the severity engine.

Real crisis exports are rare, private and unlabelled, so tuning against them alone overfits to
the one bad day a team happens to have. These timelines are labelled by construction: we know
when each crisis starts (``onsets``) and which bumps are harmless (``events``), so the harness
can count misses, delays and false alarms exactly.

Everything is drawn from ``random.Random`` seeded with a string built from the timeline's kind,
base rate and seed, so a timeline is the same on every machine and every run (string seeds do
not depend on ``PYTHONHASHSEED``). Arrivals are Poisson per minute around a daily cycle, because
a detector that only works on flat traffic fails at the first lunchtime peak.

Every mention has a text (``bench.texts``), matched by the pipeline's trigger matcher, so
trigger terms occur at everyday rates in calm traffic, in harmless bursts (a rival's outage in
the news) and, with the crisis type's words, in crises. What the mentions say is drawn from a
second generator (seeded with the name plus ``/text``), so arrivals and labels are the same
draws as before texts existed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from bench import texts
from crisistui.domain.models import Mention, Sentiment

SUBJECT = "Acme Air"
Kind = Literal["calm", "sudden", "slow_burn", "influencer", "news"]
CRISIS_KINDS: tuple[Kind, ...] = ("sudden", "slow_burn", "influencer", "news")

# Base rates (mentions per hour, daily mean on weekdays): a niche brand to a busy one.
BASE_RATES: tuple[float, ...] = (3.0, 30.0, 240.0)
NEGATIVE_SHARE = 0.12
POSITIVE_SHARE = 0.30
WEEKEND_FACTOR = 0.7
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, so weekday/weekend placement is known
QUESTION_SHARE = 0.25
"""Neutral questions in a crisis ('is the app down for anyone else?'), per extra negative."""
CALM_SEEDS = 5
CRISIS_SEEDS = 3
CRISIS_DAYS = 2.5
"""Crisis timelines: one warm-up day, the onset in the second day, then at least 6 hours of
tail so a late detection is still inside the timeline."""

_SENTIMENT_VALUE = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}


def rate_label(per_hour: float) -> str:
    """Human label of a base rate: '3/h', '30/h', '4/min'."""
    if per_hour >= 60:
        return f"{per_hour / 60:g}/min"
    return f"{per_hour:g}/h"


@dataclass(frozen=True, slots=True)
class Event:
    """A harmless bump placed on purpose (launch, neutral news burst, gripes cluster), so the
    harness can say which kind of bump caused a false alarm."""

    kind: Literal["launch", "news_burst", "gripes"]
    start: datetime
    end: datetime
    topic: str = ""
    """What it is about: the news story or the gripes' topic."""


@dataclass
class Timeline:
    """One labelled timeline: mentions plus the ground truth needed to score a replay."""

    name: str
    kind: Kind
    base_per_hour: float
    seed: int
    mentions: list[Mention]
    onsets: list[datetime]
    """Crisis onsets; empty for a calm timeline."""
    weeks: float
    """Simulated duration in weeks (warm-up included)."""
    warmup_end: datetime
    """End of the first day: before it the engine's baseline is still learning, so alarms
    there are not counted."""
    end: datetime
    peak_ratio: float = 0.0
    """Crisis negative rate at its peak over the usual negative rate (0 for calm)."""
    events: list[Event] = field(default_factory=list)
    crisis_type: str | None = None
    """The crisis type whose words the crisis's mentions use (None for calm)."""

    @property
    def calm_end(self) -> datetime:
        """Where the calm part ends: the first onset, or the end of the timeline."""
        return self.onsets[0] if self.onsets else self.end

    @property
    def calm_weeks(self) -> float:
        """Weeks of calm, scored time (after the warm-up day, before any onset)."""
        return max((self.calm_end - self.warmup_end).total_seconds(), 0.0) / (7 * 86400)


def poisson(rng: random.Random, lam: float) -> int:
    """Poisson sample by Knuth's product method; large means are split so ``exp(-lam)`` never
    underflows and the loop stays short."""
    if lam <= 0.0:
        return 0
    if lam > 30.0:
        half = lam / 2.0
        return poisson(rng, half) + poisson(rng, lam - half)
    limit = math.exp(-lam)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _day_shape() -> list[float]:
    """Per minute-of-day multiplier with mean 1: low at night (≈0.4 at 03:00), peaking
    mid-afternoon (≈1.6 at 15:00). Built as 0.25 + 0.75 × shape, then normalised so the base
    rate is the daily mean."""
    raw = []
    for minute in range(1440):
        hour = minute / 60.0
        shape = (1.0 + math.cos(2.0 * math.pi * (hour - 15.0) / 24.0)) / 2.0
        raw.append(0.25 + 0.75 * shape)
    mean = sum(raw) / len(raw)
    return [value / mean for value in raw]


DAY_SHAPE = _day_shape()


class _Builder:
    """Accumulates the mentions of one timeline; knows its calm per-minute rates."""

    def __init__(self, name: str, rng: random.Random, start: datetime, minutes: int) -> None:
        self.name = name
        self.rng = rng
        self.text_rng = random.Random(f"{name}/text")
        self.crisis_type: str | None = None
        self.start = start
        self.minutes = minutes
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        days = minutes // 1440 + 1
        day_level = [math.exp(rng.gauss(0.0, 0.1)) for _ in range(days)]
        # Hourly negative share: an AR(1) walk in log space (stationary sd ≈ 0.25), so some
        # hours run sour without anything happening, as real ones do.
        hours = minutes // 60 + 1
        log_share = 0.0
        self.hour_share: list[float] = []
        for _ in range(hours):
            log_share = 0.8 * log_share + rng.gauss(0.0, 0.15)
            self.hour_share.append(min(max(NEGATIVE_SHARE * math.exp(log_share), 0.03), 0.3))
        self.day_level = day_level

    def at(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=minute)

    def base_rate(self, minute: int, per_hour: float) -> float:
        """Expected calm mentions in this minute."""
        moment = self.at(minute)
        weekend = WEEKEND_FACTOR if moment.weekday() >= 5 else 1.0
        minute_of_day = moment.hour * 60 + moment.minute
        return per_hour / 60.0 * DAY_SHAPE[minute_of_day] * weekend * self.day_level[minute // 1440]

    def share(self, minute: int) -> float:
        return self.hour_share[minute // 60]

    def emit(
        self,
        minute: int,
        label: Sentiment,
        followers: int | None = None,
        author: str | None = None,
        second: float | None = None,
        text: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """One mention; without ``text``, an everyday one for its label."""
        rng = rng or self.rng
        if followers is None:
            followers = min(int(math.exp(rng.gauss(5.0, 1.5))), 50_000)
        if author is None:
            author = f"@user{rng.randrange(1_000_000)}"
        offset = rng.random() * 60.0 if second is None else second
        index = len(self.mentions)
        if text is None:
            text = self.everyday(label)
        self.mentions.append(
            Mention(
                source="bench",
                external_id=f"{self.name}-{index}",
                text=text,
                created_at=self.start + timedelta(minutes=minute, seconds=offset),
                subject=SUBJECT,
                is_competitor=False,
                sentiment=_SENTIMENT_VALUE[label],
                label=label,
                reach=followers,
                fingerprint=f"fp-{self.name}-{index}",
                author=author,
                author_followers=followers,
                triggers=texts.triggers(text),
            )
        )

    def everyday(self, label: Sentiment) -> str:
        """What an ordinary mention with this label says."""
        rng = self.text_rng
        if label is Sentiment.NEGATIVE:
            return texts.calm_negative(rng)
        pool = texts.CALM_POSITIVE if label is Sentiment.POSITIVE else texts.CALM_NEUTRAL
        return texts.fill(rng.choice(pool), rng)

    def said(
        self, pool: tuple[str, ...], share: float, otherwise: Sentiment | tuple[str, ...]
    ) -> str:
        """A text from ``pool`` with chance ``share``, else one from ``otherwise`` (a pool, or
        an everyday text for a label)."""
        rng = self.text_rng
        if rng.random() < share:
            return texts.fill(rng.choice(pool), rng)
        if isinstance(otherwise, Sentiment):
            return self.everyday(otherwise)
        return texts.fill(rng.choice(otherwise), rng)

    def stream(
        self,
        first: int,
        last: int,
        lam: Callable[[int], float],
        label: Callable[[int], Sentiment],
        text: Callable[[Sentiment], str] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """Poisson arrivals in minutes ``first..last-1``, each labelled by ``label(minute)``
        and saying ``text(label)`` (an everyday text by default); arrivals are drawn from
        ``rng`` (the timeline's own by default)."""
        draw = rng or self.rng
        for minute in range(max(first, 0), min(last, self.minutes)):
            for _ in range(poisson(draw, lam(minute))):
                kind = label(minute)
                self.emit(minute, kind, text=text(kind) if text else None, rng=rng)

    def calm(self, per_hour: float) -> None:
        """The everyday traffic: daily cycle, weekend dip, noisy negative share."""
        rng = self.rng

        def label(minute: int) -> Sentiment:
            draw = rng.random()
            share = self.share(minute)
            if draw < share:
                return Sentiment.NEGATIVE
            if draw < share + POSITIVE_SHARE:
                return Sentiment.POSITIVE
            return Sentiment.NEUTRAL

        self.stream(0, self.minutes, lambda m: self.base_rate(m, per_hour), label)

    def launch(self, start: int, per_hour: float) -> None:
        """Product launch: 3–6× volume for 2 hours, mostly positive, negative share unchanged
        (so negative *counts* do rise 3–6×: the case a pure count detector gets wrong)."""
        rng = self.rng
        factor = rng.uniform(3.0, 6.0)

        def label(minute: int) -> Sentiment:
            draw = rng.random()
            share = self.share(minute)
            if draw < share:
                return Sentiment.NEGATIVE
            if draw < share + (1.0 - share) * 0.85:
                return Sentiment.POSITIVE
            return Sentiment.NEUTRAL

        def text(kind: Sentiment) -> str:
            return self.said(texts.LAUNCH, 0.6 if kind is Sentiment.POSITIVE else 0.0, kind)

        end = start + 120
        self.stream(start, end, lambda m: (factor - 1.0) * self.base_rate(m, per_hour), label, text)
        self.events.append(Event("launch", self.at(start), self.at(end), "new app"))

    def news_burst(self, start: int, per_hour: float) -> None:
        """Neutral news burst: 5× volume for 30 minutes, mostly neutral, negatives at the usual
        share; most of it tells a story whose words may be trigger terms (a rival's outage,
        recall or data breach) without being the brand's crisis."""
        rng = self.text_rng
        story = rng.choice(sorted(texts.NEWS_STORIES))
        lines = texts.NEWS_STORIES[story]

        def label(minute: int) -> Sentiment:
            draw = rng.random()
            share = self.share(minute)
            if draw < share:
                return Sentiment.NEGATIVE
            return Sentiment.POSITIVE if draw < share + 0.15 else Sentiment.NEUTRAL

        def text(kind: Sentiment) -> str:
            return self.said(lines[kind.value], texts.NEWS_TERM_SHARE, kind)

        end = start + 30
        self.stream(start, end, lambda m: 4.0 * self.base_rate(m, per_hour), label, text)
        self.events.append(Event("news_burst", self.at(start), self.at(end), story))

    def gripes(self, start: int, per_hour: float) -> None:
        """Ordinary gripes cluster: negatives doubled for 20 minutes, most on one topic (a bad
        delay day, slow support, a small app glitch)."""
        topic = self.text_rng.choice(sorted(texts.GRIPE_TOPICS))
        pool = texts.GRIPE_TOPICS[topic]
        end = start + 20
        self.stream(
            start,
            end,
            lambda m: self.base_rate(m, per_hour) * self.share(m),
            lambda _m: Sentiment.NEGATIVE,
            lambda kind: self.said(pool, texts.GRIPE_TOPIC_SHARE, kind),
        )
        self.events.append(Event("gripes", self.at(start), self.at(end), topic))

    def usual_negative(self, minute: int, per_hour: float, span: int = 120) -> float:
        """Mean expected calm negatives per minute over the ``span`` minutes before ``minute``:
        the 'usual' that crisis multipliers refer to, as someone watching would perceive it."""
        first = max(minute - span, 0)
        total = sum(self.base_rate(m, per_hour) * self.share(m) for m in range(first, minute))
        return total / max(minute - first, 1)

    def crisis_negatives(
        self,
        onset: int,
        usual: float,
        multiplier: Callable[[int], float],
        length: int,
        crisis_type: str,
    ) -> None:
        """Extra negatives so the negative rate is ``multiplier(t) × usual`` (t = minutes since
        onset); the calm stream supplies the first 1× of it. Most use the crisis type's words;
        neutral questions with the same words come along (a quarter as many)."""
        extra = lambda m: max(multiplier(m - onset) - 1.0, 0.0) * usual  # noqa: E731
        anger = texts.CRISIS_NEGATIVE[crisis_type]
        self.stream(
            onset,
            onset + length,
            extra,
            lambda _m: Sentiment.NEGATIVE,
            lambda _kind: self.said(anger, texts.CRISIS_TERM_SHARE, texts.ANGER),
        )
        questions = texts.CRISIS_QUESTION[crisis_type]
        self.stream(
            onset,
            onset + length,
            lambda m: QUESTION_SHARE * extra(m),
            lambda _m: Sentiment.NEUTRAL,
            lambda _kind: texts.fill(self.text_rng.choice(questions), self.text_rng),
            rng=self.text_rng,
        )


def _plateau(rise: float, peak: float, hold: float, fall: float) -> Callable[[int], float]:
    """Multiplier that ramps linearly 1 → peak over ``rise`` minutes, holds, then falls back
    to 1 over ``fall`` minutes."""

    def multiplier(t: int) -> float:
        if t < rise:
            return 1.0 + (peak - 1.0) * (t + 1) / rise
        if t < rise + hold:
            return peak
        if t < rise + hold + fall:
            return peak - (peak - 1.0) * (t - rise - hold) / fall
        return 1.0

    return multiplier


def _place(
    rng: random.Random,
    builder: _Builder,
    first: int,
    last: int,
    hours: tuple[float, float],
    length: int,
    avoid: tuple[int, int] | None,
    weekday_only: bool = False,
) -> int | None:
    """A start minute in ``first..last`` at a plausible hour of day, clear of ``avoid``."""
    for _ in range(200):
        day = rng.randrange(first // 1440, max(last // 1440, first // 1440 + 1))
        minute = day * 1440 + int(rng.uniform(*hours) * 60)
        if minute < first or minute + length > last:
            continue
        if weekday_only and builder.at(minute).weekday() >= 5:
            continue
        if avoid is not None and minute < avoid[1] and minute + length > avoid[0]:
            continue
        return minute
    return None


def _harmless(
    rng: random.Random,
    builder: _Builder,
    per_hour: float,
    counts: dict[str, int],
    avoid: tuple[int, int] | None = None,
) -> None:
    """Place the harmless bumps after the warm-up day."""
    first, last = 1440, builder.minutes
    plans = {
        "launch": ((9.0, 15.0), 120, True, builder.launch),
        "news_burst": ((7.0, 22.0), 30, False, builder.news_burst),
        "gripes": ((7.0, 23.0), 20, False, builder.gripes),
    }
    for kind, (hours, length, weekday_only, make) in plans.items():
        for _ in range(counts.get(kind, 0)):
            start = _place(rng, builder, first, last, hours, length, avoid, weekday_only)
            if start is not None:
                make(start, per_hour)


def calm_week(per_hour: float, seed: int) -> Timeline:
    """Seven calm days from a Monday: one launch, two neutral news bursts, four gripes clusters."""
    name = f"calm-{rate_label(per_hour)}-s{seed}"
    rng = random.Random(name)
    builder = _Builder(name, rng, MONDAY, 7 * 1440)
    builder.calm(per_hour)
    _harmless(rng, builder, per_hour, {"launch": 1, "news_burst": 2, "gripes": 4})
    return _finish(builder, "calm", per_hour, seed, [], 0.0)


def crisis(kind: Kind, per_hour: float, seed: int) -> Timeline:
    """Two and a half days of calm with one crisis of ``kind`` on the second day (08:00–20:00),
    so the engine's baseline is warm when it starts."""
    if kind not in CRISIS_KINDS:
        raise ValueError(f"not a crisis kind: {kind}")
    exponential = seed % 2 == 1  # slow burns alternate linear and exponential growth
    form = ("-exp" if exponential else "-lin") if kind == "slow_burn" else ""
    name = f"{kind}-{rate_label(per_hour)}-s{seed}{form}"
    rng = random.Random(name)
    start = MONDAY + timedelta(days=2 * seed % 7)
    minutes = int(CRISIS_DAYS * 1440)
    builder = _Builder(name, rng, start, minutes)
    onset = 1440 + int(rng.uniform(8.0, 20.0) * 60)
    builder.calm(per_hour)
    # Harmless bumps at their weekly rates, kept clear of the crisis so its delay is its own.
    scale = (CRISIS_DAYS - 1.0) / 7.0
    counts = {
        "launch": poisson(rng, 1.0 * scale),
        "news_burst": poisson(rng, 2.0 * scale),
        "gripes": poisson(rng, 4.0 * scale),
    }
    _harmless(rng, builder, per_hour, counts, avoid=(onset - 180, onset + 420))
    usual = builder.usual_negative(onset, per_hour)
    crisis_type = builder.crisis_type = _crisis_type(kind, exponential, builder.text_rng)
    if kind == "sudden":
        peak = rng.uniform(6.0, 10.0)
        rise, hold = rng.randint(2, 5), rng.randint(100, 140)
        shape = _plateau(rise, peak, hold, 30)
        builder.crisis_negatives(onset, usual, shape, rise + hold + 30, crisis_type)
    elif kind == "slow_burn":
        peak = 8.0

        def shape(t: int) -> float:
            if t < 180:
                return peak ** ((t + 1) / 180) if exponential else 1.0 + 7.0 * (t + 1) / 180
            if t < 240:
                return peak
            return max(peak - (peak - 1.0) * (t - 240) / 60, 1.0)

        builder.crisis_negatives(onset, usual, shape, 300, crisis_type)
    elif kind == "influencer":
        peak = 3.0
        post = builder.said(texts.CRISIS_NEGATIVE[crisis_type], 1.0, texts.ANGER)
        builder.emit(onset, Sentiment.NEGATIVE, 2_000_000, "@megavoice", second=0.0, text=post)
        builder.crisis_negatives(onset, usual, _plateau(10, peak, 50, 20), 80, crisis_type)
    else:  # news
        peak = rng.uniform(5.5, 7.0)
        outlets = rng.randint(2, 4)
        for index in range(outlets):
            delay = 0 if index == 0 else rng.randint(1, 10)
            followers = int(rng.uniform(100_000, 1_000_000))
            second = 0.0 if index == 0 else None
            story = builder.said(texts.CRISIS_NEGATIVE[crisis_type], 1.0, texts.ANGER)
            author = f"@news{index}"
            builder.emit(onset + delay, Sentiment.NEGATIVE, followers, author, second, story)
        builder.crisis_negatives(onset, usual, _plateau(10, peak, 110, 30), 150, crisis_type)
    return _finish(builder, kind, per_hour, seed, [builder.at(onset)], peak)


def _crisis_type(kind: Kind, exponential: bool, rng: random.Random) -> str:
    """Whose words a crisis uses: an outage strikes suddenly; a slow burn is a customer-service
    storm or a boycott building up; an influencer rages about support or an outage; a news
    story is a breach, a recall or a lawsuit."""
    if kind == "sudden":
        return "service-outage"
    if kind == "slow_burn":
        return "boycott" if exponential else "customer-service"
    if kind == "influencer":
        return rng.choice(("customer-service", "service-outage"))
    return rng.choice(("data-breach", "product-recall", "executive-misconduct"))


def _finish(
    builder: _Builder,
    kind: Kind,
    per_hour: float,
    seed: int,
    onsets: list[datetime],
    peak: float,
) -> Timeline:
    builder.mentions.sort(key=lambda m: m.created_at)
    return Timeline(
        name=builder.name,
        kind=kind,
        base_per_hour=per_hour,
        seed=seed,
        mentions=builder.mentions,
        onsets=onsets,
        weeks=builder.minutes / (7 * 1440),
        warmup_end=builder.start + timedelta(days=1),
        end=builder.at(builder.minutes),
        peak_ratio=peak,
        events=sorted(builder.events, key=lambda e: e.start),
        crisis_type=builder.crisis_type,
    )


def generate(kind: Kind, per_hour: float, seed: int) -> Timeline:
    """One timeline by kind; same arguments, same mentions."""
    return calm_week(per_hour, seed) if kind == "calm" else crisis(kind, per_hour, seed)


def specs(quick: bool = False) -> list[tuple[Kind, float, int]]:
    """The (kind, base rate, seed) list of a run. Quick: every shape once at 4/min plus one
    calm week at 30/h, small enough for a unit test."""
    if quick:
        calm: list[tuple[Kind, float, int]] = [("calm", 30.0, 0)]
        return calm + [(kind, 240.0, 0) for kind in CRISIS_KINDS]
    out: list[tuple[Kind, float, int]] = []
    for rate in BASE_RATES:
        # Five calm weeks per rate: false alarms are rare events, and a rate from three weeks
        # would swing by a whole alarm per run.
        out.extend(("calm", rate, seed) for seed in range(CALM_SEEDS))
    for kind in CRISIS_KINDS:
        for rate in BASE_RATES:
            out.extend((kind, rate, seed) for seed in range(CRISIS_SEEDS))
    return out


def suite(quick: bool = False) -> Iterator[Timeline]:
    """Timelines one at a time, so a full run never holds every week's mentions at once."""
    for kind, rate, seed in specs(quick):
        yield generate(kind, rate, seed)
