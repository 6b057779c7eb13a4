"""Per-minute rollups gathered into chart buckets, and share of voice per bucket.

One rule picks the bucket for a period, so a 24 h volume chart, sentiment chart and share-of-voice
chart have the same bars, on screen or in a file. Buckets start on whole UTC multiples of their
size (15 min buckets at :00, :15…; day buckets at midnight UTC), so a period's first bucket is
always whole and its times read like a clock. Pure: no store, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crisistui.domain.records import Rollup

BUCKET_RULE: tuple[tuple[timedelta, int], ...] = (
    (timedelta(hours=3), 1),
    (timedelta(hours=15), 5),
    (timedelta(days=2), 15),
    (timedelta(days=10), 60),
)
"""(longest period, bucket minutes): at most about 200 buckets up to ten days."""
DAY_MINUTES = 24 * 60
"""The bucket of anything longer than the rule's last period."""


def bucket_minutes(span: timedelta) -> int:
    """The bucket size, in minutes, for a period this long."""
    return next((minutes for longest, minutes in BUCKET_RULE if span <= longest), DAY_MINUTES)


def bucket_label(minutes: int) -> str:
    """ "minute", "5 min", "hour", "day": for titles ("mentions per 15 min")."""
    if minutes == 1:
        return "minute"
    if minutes == 60:
        return "hour"
    if minutes == DAY_MINUTES:
        return "day"
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


@dataclass(frozen=True, slots=True)
class Period:
    """A chart's time range in whole minutes: [first_minute, end_minute) in UTC epoch minutes,
    cut into buckets of ``bucket`` minutes (the last one may be shorter: it ends at ``until``)."""

    first_minute: int
    end_minute: int
    bucket: int

    @property
    def since(self) -> datetime:
        return _at(self.first_minute)

    @property
    def until(self) -> datetime:
        return _at(self.end_minute)

    @property
    def bucket_count(self) -> int:
        return max(0, -(-(self.end_minute - self.first_minute) // self.bucket))

    def bucket_bounds(self, index: int) -> tuple[datetime, datetime]:
        """Start and end of bucket ``index`` (the end is the period's end for the last one)."""
        start = self.first_minute + index * self.bucket
        return _at(start), _at(min(start + self.bucket, self.end_minute))


def chart_period(since: datetime, until: datetime) -> Period:
    """The period charted for [since, until): the bucket chosen by its length, its start moved
    back to a bucket boundary, its end up to a whole minute (rollups are per minute)."""
    bucket = bucket_minutes(until - since)
    first = _minute(since) // bucket * bucket
    end = -(-int(until.timestamp()) // 60)
    return Period(first, max(end, first), bucket)


@dataclass(frozen=True, slots=True)
class Tally:
    """One subject's mentions in one bucket (or a whole period)."""

    volume: int = 0
    positive: int = 0
    negative: int = 0
    unscored: int = 0
    sentiment_sum: float = 0.0

    @property
    def scored(self) -> int:
        """Mentions whose sentiment is known: the base of net sentiment."""
        return self.volume - self.unscored

    @property
    def net_sentiment(self) -> float | None:
        """Mean compound score over the scored mentions; None when none was scored (an
        unscored language is never averaged in as neutral)."""
        return self.sentiment_sum / self.scored if self.scored else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.volume + other.volume,
            self.positive + other.positive,
            self.negative + other.negative,
            self.unscored + other.unscored,
            self.sentiment_sum + other.sentiment_sum,
        )


@dataclass(frozen=True, slots=True)
class Bucket:
    """Every subject's tally in one bucket of a period."""

    start: datetime
    end: datetime
    tallies: Mapping[str, Tally]

    @property
    def total(self) -> int:
        """All mentions of the bucket, of every subject: the base of share of voice."""
        return sum(t.volume for t in self.tallies.values())

    def tally(self, subject: str) -> Tally:
        return self.tallies.get(subject, Tally())

    def share(self, subject: str) -> float | None:
        """The subject's share of voice in this bucket: 0 when silent among others, None
        when nobody spoke."""
        total = self.total
        return self.tally(subject).volume / total if total else None


def bucket_rollups(
    rollups: Iterable[Rollup], period: Period, subjects: Sequence[str] = ()
) -> list[Bucket]:
    """Every bucket of the period, with a tally per subject: those named (at zero when silent)
    and every other subject the rollups hold. Rollups outside the period are left out."""
    tallies: list[dict[str, Tally]] = [
        {s: Tally() for s in subjects} for _ in range(period.bucket_count)
    ]
    for rollup in rollups:
        if not period.first_minute <= rollup.minute < period.end_minute:
            continue
        cell = tallies[(rollup.minute - period.first_minute) // period.bucket]
        cell[rollup.subject] = cell.get(rollup.subject, Tally()) + Tally(
            rollup.volume, rollup.positive, rollup.negative, rollup.unscored, rollup.sentiment_sum
        )
    return [Bucket(*period.bucket_bounds(i), bucket) for i, bucket in enumerate(tallies)]


def period_tallies(buckets: Iterable[Bucket]) -> dict[str, Tally]:
    """Each subject's tally over the whole period."""
    totals: dict[str, Tally] = {}
    for bucket in buckets:
        for subject, tally in bucket.tallies.items():
            totals[subject] = totals.get(subject, Tally()) + tally
    return totals


def share_of_voice(volumes: Mapping[str, int]) -> dict[str, float | None]:
    """Each subject's share (0–1) of all the mentions given; None for all when there are none
    (no voice is not a 0 % share)."""
    total = sum(volumes.values())
    return {s: (v / total if total else None) for s, v in volumes.items()}


def subjects_seen(buckets: Iterable[Bucket], named: Sequence[str] = ()) -> list[str]:
    """The subjects named (the brand, then competitors), then any other the buckets hold
    (a competitor since removed from the config), by name."""
    others = {s for b in buckets for s in b.tallies if s not in named}
    return [*named, *sorted(others)]


def _minute(moment: datetime) -> int:
    return int(moment.timestamp()) // 60


def _at(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)
