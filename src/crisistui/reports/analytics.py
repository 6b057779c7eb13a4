"""A period's analytics: who drives the conversation, what is said, where, in which language,
and how that compares with the period before.

``read_period`` asks the store (rollups and indexes: a month costs about what an hour does),
``read_filtered_period`` the same of a feed filter's mentions (counted from them); the rest
is pure: the periods the picker offers and the custom one typed, the comparison with
the previous period of the same length ("+240% vs the previous 24 h"), the influence score of
an author, and the feed filter that shows the mentions behind a row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from crisistui.config import Config
from crisistui.domain.feed_query import FeedQuery
from crisistui.domain.records import (
    FACET_KINDS,
    AuthorRanking,
    AuthorStats,
    FacetCount,
    PeriodFacets,
    PeriodTotals,
)
from crisistui.reports.breakdown import brand_words, name_tags
from crisistui.store import Store

TOP = 10
"""Rows per list."""

PRESETS: tuple[tuple[str, str, timedelta], ...] = (
    ("hour", "last hour", timedelta(hours=1)),
    ("24h", "last 24 h", timedelta(hours=24)),
    ("7d", "last 7 d", timedelta(days=7)),
    ("30d", "last 30 d", timedelta(days=30)),
)
"""(key, label, length) of the periods the picker offers; each ends now."""
MAX_CUSTOM = timedelta(days=366)
"""The longest custom period (and how far back a relative start may go)."""


class PeriodError(ValueError):
    """A custom period that cannot be used; the message says why, in the user's terms."""


@dataclass(frozen=True, slots=True)
class Period:
    """[since, until) and how to name it."""

    since: datetime
    until: datetime
    label: str
    """ "last 24 h", or the custom period's times."""
    preset: str = ""
    """The preset's key, or '' for a custom period."""

    @property
    def length(self) -> timedelta:
        return self.until - self.since

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.since - self.length, self.since, f"previous {self.length_words}")

    @property
    def length_words(self) -> str:
        """ "24 h", "7 d", "hour", "3 h 20 min": what "vs the previous …" says."""
        return "hour" if self.length == timedelta(hours=1) else duration_words(self.length)


def preset_period(key: str, now: datetime) -> Period:
    """One of ``PRESETS``, ending ``now``."""
    for preset, label, length in PRESETS:
        if preset == key:
            return Period(now - length, now, label, preset)
    raise KeyError(key)


def duration_words(length: timedelta) -> str:
    """A length as people say it: "45 min", "3 h 20 min", "24 h", "36 h" (hours up to two
    days), then "7 d", "2 d 6 h" (to the hour)."""
    seconds = max(int(length.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(seconds // 60, 60)
    if hours < 48:
        return " ".join([f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes))
    days, hours = divmod(hours, 24)
    return f"{days} d" + (f" {hours} h" if hours else "")


_RELATIVE = re.compile(r"^\s*-\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNIT = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_moment(text: str, now: datetime) -> datetime:
    """A moment typed for a custom period: ``now``; a time ago (``-3h``, ``-90m``, ``-2d``,
    ``-1w``); a time today (``08:30``, in ``now``'s time zone); a date (``2026-03-10``,
    midnight) or date and time (``2026-03-10 08:30``, ``2026-03-10T08:30Z``), in ``now``'s
    time zone unless it names one. Raises ``PeriodError`` saying what is understood."""
    typed = text.strip()
    if typed.lower() == "now":
        return now
    relative = _RELATIVE.match(typed)
    if relative:
        amount = timedelta(**{_UNIT[relative.group(2).lower()]: float(relative.group(1))})
        if amount > MAX_CUSTOM:
            raise PeriodError(f"{typed!r} is further back than a custom period goes (a year)")
        return now - amount
    clock = _CLOCK.match(typed)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise PeriodError(f"{typed!r} is not a time of day")
        return now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(typed.replace("Z", "+00:00"))
    except ValueError:
        raise PeriodError(
            f"{typed!r} is not a time; type now, -3h, -2d, 08:30, 2026-03-10 or 2026-03-10 08:30"
        ) from None
    return moment.replace(tzinfo=now.tzinfo) if moment.tzinfo is None else moment


def custom_period(start: str, end: str, now: datetime) -> Period:
    """The period from ``start`` to ``end`` as typed (see ``parse_moment``)."""
    since, until = parse_moment(start, now), parse_moment(end, now)
    if until <= since:
        raise PeriodError("the end must come after the start")
    if until - since > MAX_CUSTOM:
        raise PeriodError("a custom period is at most a year long")
    local = now.tzinfo
    first, last = since.astimezone(local), until.astimezone(local)
    end_format = "%H:%M" if first.date() == last.date() else "%d %b %H:%M"
    return Period(since, until, f"{first:%d %b %H:%M} – {last:{end_format}}")


def percent_change(current: float, previous: float) -> float | None:
    """How much ``current`` differs from ``previous``, in percent of it; None when there was
    nothing before to compare with."""
    if previous == 0:
        return None
    return (current - previous) / previous * 100.0


TIMES_FROM = 10
"""From ten times the figure before, a rise is said as a multiple: "×1,200", not
"+119,900%" (a period after one with almost nothing read as a number nobody can take in)."""


def change_words(current: float, previous: float) -> str:
    """ "+240%", "−12%", "±0%", "×1,200"; "new" when there was nothing before, "—" when
    there is nothing either time."""
    change = percent_change(current, previous)
    if change is None:
        return "new" if current else "—"
    if current >= TIMES_FROM * previous:
        return f"×{current / previous:,.0f}"
    rounded = round(change)
    if rounded == 0:
        return "±0%" if current == previous else ("+<1%" if change > 0 else "−<1%")
    return f"+{rounded:,}%" if rounded > 0 else f"−{-rounded:,}%"


def comparison(current: float, previous: float, period: Period) -> str:
    """ "+240% vs the previous 24 h", or "none in the previous 24 h" when there is nothing
    to compare with."""
    change = change_words(current, previous)
    if change in ("new", "—"):
        return f"none in the previous {period.length_words}"
    return f"{change} vs the previous {period.length_words}"


INFLUENCE_FOLLOWERS = 7.0
"""log10 of the followers that count as the most influential (10 million)."""
INFLUENCE_ENGAGEMENT = 4.0
"""log10 of the engagement per post that counts as the most influential (10,000)."""
FOLLOWERS_WEIGHT = 0.7


def influence(followers: int, engagement_per_post: float) -> int:
    """An author's influence, 1–10: followers and engagement per post, each on a log scale
    (ten times more counts one step, not ten), weighted 70/30. 73 followers and a like or
    two: 3; a 50,000-follower news account drawing a hundred reactions a post: 7; ten million
    followers and ten thousand reactions a post: 10."""
    reach = min(math.log10(1 + max(followers, 0)) / INFLUENCE_FOLLOWERS, 1.0)
    response = min(math.log10(1 + max(engagement_per_post, 0.0)) / INFLUENCE_ENGAGEMENT, 1.0)
    blended = FOLLOWERS_WEIGHT * reach + (1 - FOLLOWERS_WEIGHT) * response
    return 1 + round(9 * blended)


def author_influence(author: AuthorStats) -> int:
    """The influence of an author from the period's figures (most followers seen, engagement
    per mention)."""
    return influence(author.followers, author.engagement / max(author.mentions, 1))


@dataclass(frozen=True, slots=True)
class PeriodAnalytics:
    """Everything the analytics view shows for one period."""

    period: Period
    subject: str | None
    """The brand or a competitor, or None for every subject."""
    totals: PeriodTotals
    previous: PeriodTotals
    """The same figures for the period just before, of the same length."""
    facets: PeriodFacets
    authors: AuthorRanking
    facets_before: Mapping[tuple[str, str], FacetCount] = field(default_factory=dict)
    """The listed values' figures in the period before, by (kind, value); absent: none."""
    feed_filter: str | None = None
    """The feed filter whose mentions these are counted from, as typed; None: every mention."""
    searched: int | None = None
    """With a feed filter: None when every mention of the period was searched, else only its
    newest this many were."""
    compared: bool = True
    """Whether ``previous`` and ``facets_before`` are the period before's figures: not when
    either period was searched only in part (two parts of unknown size do not compare)."""

    def facet_before(self, facet: FacetCount) -> int:
        """A listed value's mentions in the period before."""
        found = self.facets_before.get((facet.kind, facet.value))
        return found.mentions if found else 0


def words_to_skip(config: Config) -> tuple[str, ...]:
    """The brand's and competitors' own words, which nearly every mention holds and which
    therefore say nothing, and their names as hashtags (#acmeair). A hashtag configured as a
    term that says more than a name (#BituinDown) is counted: how many posts carry a
    campaign's tag is the point of listing it."""
    terms = [*config.brand.terms, *(t for c in config.competitors for t in c.terms)]
    names = [config.brand.name, *(c.name for c in config.competitors)]
    return (*sorted(brand_words(terms)), *(f"#{word}" for word in sorted(name_tags(names))))


async def read_period(
    store: Store,
    period: Period,
    subject: str | None,
    skip: Sequence[str] = (),
    limit: int = TOP,
) -> PeriodAnalytics:
    """The period's figures, from rollups and indexes."""
    totals = await store.period_totals(period.since, period.until, subject)
    before = period.previous()
    previous = await store.period_totals(before.since, before.until, subject)
    facets = await store.period_facets(period.since, period.until, subject, limit=limit, skip=skip)
    authors = await store.top_authors(period.since, period.until, subject, limit=limit)
    listed = {kind: [facet.value for facet in facets.of(kind)] for kind in FACET_KINDS}
    facets_before = await store.facet_counts(before.since, before.until, listed, subject)
    return PeriodAnalytics(period, subject, totals, previous, facets, authors, facets_before)


async def read_filtered_period(
    store: Store,
    period: Period,
    query: FeedQuery,
    subject: str | None,
    skip: Sequence[str] = (),
    limit: int = TOP,
) -> PeriodAnalytics:
    """The period's figures for the mentions the feed filter ``query`` finds (of ``subject``
    too, when the view is of one), counted from those mentions; the period before is read
    through the same filter."""
    scoped = _of_subject(query, subject)
    if scoped is None:  # the filter names other subjects: nothing of this one matches
        return PeriodAnalytics(
            period, subject, PeriodTotals(), PeriodTotals(), PeriodFacets(), AuthorRanking(),
            feed_filter=query.text,
        )  # fmt: skip
    found = await store.filtered_period(scoped, period.since, period.until, limit=limit, skip=skip)
    listed = {kind: [facet.value for facet in found.facets.of(kind)] for kind in FACET_KINDS}
    before = period.previous()
    earlier = await store.filtered_period(scoped, before.since, before.until, wanted=listed)
    compared = found.searched is None and earlier.searched is None
    return PeriodAnalytics(
        period,
        subject,
        found.totals,
        earlier.totals,
        found.facets,
        found.authors,
        earlier.counts,
        feed_filter=query.text,
        searched=found.searched,
        compared=compared,
    )


def _of_subject(query: FeedQuery, subject: str | None) -> FeedQuery | None:
    """``query`` narrowed to ``subject``; None when it names only other subjects."""
    if subject is None:
        return query
    if query.subjects and subject.casefold() not in {s.casefold() for s in query.subjects}:
        return None
    return replace(query, subjects=(subject,))


_PLAIN_VALUE = re.compile(r'[^\s"]+')


def _value(text: str) -> str:
    """A qualifier's value as the feed filter reads it: bare, or quoted when it holds spaces."""
    if '"' in text or not text.strip():
        raise ValueError(f"the feed filter cannot name {text!r} (it holds a double quote)")
    return text if _PLAIN_VALUE.fullmatch(text) else f'"{text}"'


def filter_text(kind: str, value: str, subject: str | None = None) -> str:
    """The feed filter that shows the mentions behind one row: ``from:`` an author,
    ``#tag``, a word, ``source:``, ``domain:``, ``lang:``, and ``subject:`` when the view is of
    one subject. Raises ``ValueError`` for what the filter cannot name (an unknown language,
    a name holding a double quote)."""
    if kind == "author":
        part = f"from:{_value(value)}"
    elif kind == "hashtag":
        part = value
    elif kind == "word":
        part = _value(value)
    elif kind == "source":
        part = f"source:{_value(value)}"
    elif kind == "domain":
        part = f"domain:{_value(value)}"
    elif kind == "language":
        if not value:
            raise ValueError("the feed filter cannot pick out mentions of unknown language")
        part = f"lang:{_value(value)}"
    else:
        raise ValueError(f"no feed filter for {kind!r}")
    return f"{part} subject:{_value(subject)}" if subject else part
