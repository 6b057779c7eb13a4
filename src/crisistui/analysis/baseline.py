"""The engine's memory of one subject: per-minute counts over the last days, kept compact.

Ticks hand over only the rollups they read (a few minutes once warm), and everything the
baseline needs is answered from prefix sums in O(1) or O(log n): counts over any range, a
time-of-day profile and the brand's usual negative reach. The profile is rebuilt at most once
per hour of event time, so a week of history costs nothing per tick.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from dataclasses import dataclass, field

DAY = 1440
PROFILE_PSEUDO_MENTIONS = 20.0
"""Shrinks each hour's rate toward the daily mean: a quiet brand's one-day profile is mostly
noise, and a flat profile is the safe guess."""
USUAL_REACH_QUANTILE = 0.9
LOUDEST_REACH_QUANTILE = 0.98
"""The brand's loudest negative hours of a week: about three of its 168."""
BURST_FACTOR = 2.0


@dataclass(frozen=True, slots=True)
class Baseline:
    """What the norm holds for one window: counts and time-of-day-weighted minutes."""

    start: int
    end: int
    volume: float
    negative: float
    exposure: float
    share_volume: float
    share_negative: float
    """Counts for the negative share, without a burst hour (a launch or a news story in the
    baseline would otherwise make every later hour look sour)."""


@dataclass
class History:
    """Per-minute volume, negatives and negative reach from ``origin`` on, with prefix sums.
    Counts are whole mentions but for retweets of complaints, which count a quarter each
    (``domain.copies.ECHO_WEIGHT``): quarters, exact in binary, so every sum stays exact."""

    keep_minutes: int
    origin: int | None = None
    first: int | None = None
    """First minute that held a mention: the history starts there, not at the range read."""
    volume: list[float] = field(default_factory=list)
    negative: list[float] = field(default_factory=list)
    negative_reach: list[int] = field(default_factory=list)
    _cum_volume: list[float] = field(default_factory=lambda: [0])
    _cum_negative: list[float] = field(default_factory=lambda: [0])
    _dirty: int = 0
    _shape_cum: list[float] = field(default_factory=lambda: [float(m) for m in range(DAY + 1)])
    _profile_hour: int | None = None
    profiled: bool = False
    """Whether the norm is weighted by a time-of-day profile (from a day of history on)."""
    usual_reach: int = 0
    """The brand's usual loudest negative minute: a high quantile of hourly maxima."""
    loudest_reach: int = 0
    """The loudest negative minutes the brand meets a few times a week (``LOUDEST_REACH_QUANTILE``
    of hourly maxima): the big accounts that complain every week."""

    def put(self, minute: int, volume: float, negative: float, negative_reach: int) -> None:
        """Store one minute's totals (a later read of the same minute replaces them)."""
        if self.origin is None:
            self.origin = minute
        elif minute < self.origin:
            pad = self.origin - minute
            self.volume[:0] = [0] * pad
            self.negative[:0] = [0] * pad
            self.negative_reach[:0] = [0] * pad
            self.origin = minute
            self._dirty = 0
        index = minute - self.origin
        if index == len(self.volume):  # the next minute: a first tick's week is all this
            self.volume.append(volume)
            self.negative.append(negative)
            self.negative_reach.append(negative_reach)
        else:
            if index > len(self.volume):
                grow = index + 1 - len(self.volume)
                self.volume.extend([0] * grow)
                self.negative.extend([0] * grow)
                self.negative_reach.extend([0] * grow)
            self.volume[index] = volume
            self.negative[index] = negative
            self.negative_reach[index] = negative_reach
            self._dirty = min(self._dirty, index)
        if volume and (self.first is None or minute < self.first):
            self.first = minute

    def _settle(self) -> None:
        """Bring the prefix sums up to date from the first changed minute."""
        n = len(self.volume)
        if self._dirty >= n and len(self._cum_volume) == n + 1:
            return
        start = min(self._dirty, len(self._cum_volume) - 1)
        for cum, counts in ((self._cum_volume, self.volume), (self._cum_negative, self.negative)):
            running = cum[start]
            del cum[start:]
            cum += itertools.accumulate(counts[start:], initial=running)
        self._dirty = n

    def trim(self, now: int) -> None:
        """Forget whole days older than ``keep_minutes``."""
        if self.origin is None or now - self.origin < self.keep_minutes + DAY:
            return
        drop = DAY
        del self.volume[:drop], self.negative[:drop], self.negative_reach[:drop]
        self.origin += drop
        self._cum_volume, self._cum_negative, self._dirty = [0], [0], 0
        if self.first is not None and self.first < self.origin:
            self.first = self.origin

    def sums(self, start: int, end: int) -> tuple[float, float]:
        """(volume, negatives) in minutes [start, end)."""
        if self.origin is None or end <= start:
            return 0, 0
        self._settle()
        a = min(max(start - self.origin, 0), len(self.volume))
        b = min(max(end - self.origin, 0), len(self.volume))
        return (
            self._cum_volume[b] - self._cum_volume[a],
            self._cum_negative[b] - self._cum_negative[a],
        )

    def start_holding(self, end: int, negatives: int) -> int:
        """The latest start minute such that [start, end) holds ``negatives`` negatives (or
        the origin when it never does)."""
        if self.origin is None:
            return end
        self._settle()
        b = min(max(end - self.origin, 0), len(self.volume))
        target = self._cum_negative[b] - negatives
        if target < 0:
            return self.origin
        # Largest a with cum[a] <= target.
        a = bisect.bisect_right(self._cum_negative, target, 0, b + 1) - 1
        return self.origin + max(a, 0)

    # -- time of day ----------------------------------------------------------------------

    def exposure(self, start: int, end: int) -> float:
        """Minutes in [start, end) weighted by the time-of-day profile (a flat day = 1440)."""
        if end <= start:
            return 0.0
        return self._shape_at(end) - self._shape_at(start)

    def _shape_at(self, minute: int) -> float:
        days, rest = divmod(minute, DAY)
        return days * self._shape_cum[DAY] + self._shape_cum[rest]

    def refresh_profile(self, until: int) -> None:
        """Rebuild the hour-of-day profile and the usual reach from whole hours before
        ``until``; at most once per hour of event time."""
        hour = until // 60
        if hour == self._profile_hour or self.origin is None:
            return
        self._profile_hour = hour
        self._settle()
        start = max(self.origin, self.first if self.first is not None else self.origin)
        first_hour = -(-start // 60)
        by_day: dict[int, list[float]] = {}
        maxima: list[int] = []
        for h in range(first_hour, hour):
            a, b = h * 60 - self.origin, h * 60 + 60 - self.origin
            if a < 0 or b > len(self.volume):
                continue
            by_day.setdefault(h // 24, [math.nan] * 24)[h % 24] = float(
                self._cum_volume[b] - self._cum_volume[a]
            )
            peak = max(self.negative_reach[a:b])
            if peak:
                maxima.append(peak)
        if maxima:
            maxima.sort()
            self.usual_reach = maxima[int(USUAL_REACH_QUANTILE * (len(maxima) - 1))]
            self.loudest_reach = maxima[int(LOUDEST_REACH_QUANTILE * (len(maxima) - 1))]
        self._build_shape(list(by_day.values()))

    def _build_shape(self, days: list[list[float]]) -> None:
        """Hour-of-day rates from whole days of counts: the median day per hour, so one launch
        does not teach the profile a daily peak, smoothed and shrunk toward flat."""
        hours = [[day[h] for day in days if not math.isnan(day[h])] for h in range(24)]
        if sum(len(values) for values in hours) < 24:  # under a day of history: a flat day
            self._shape_cum = [float(m) for m in range(DAY + 1)]
            self.profiled = False
            return
        typical = [statistics.median(values) if values else math.nan for values in hours]
        known = [t for t in typical if not math.isnan(t)]
        mean = sum(known) / len(known)
        if mean <= 0.0:
            return
        typical = [mean if math.isnan(t) else t for t in typical]
        rates = []
        for h in range(24):
            # Smooth over neighbouring hours (1-2-1), then shrink toward the mean as if the
            # median hour were that many days of counts against PROFILE_PSEUDO_MENTIONS.
            near = (typical[h - 1] + 2 * typical[h] + typical[(h + 1) % 24]) / 4.0
            days_seen = max(len(hours[h]), 1)
            pseudo = PROFILE_PSEUDO_MENTIONS
            rates.append((near * days_seen + pseudo) / (days_seen + pseudo / mean))
        norm = sum(rates) / 24
        hourly = [r / norm for r in rates]
        cum, total = [0.0], 0.0
        for minute in range(DAY):
            # Linear between hour centres, so a window at 14:55 is not priced as 14:00.
            pos = (minute - 30) / 60.0
            h = int(pos // 1)
            frac = pos - h
            total += hourly[h % 24] * (1.0 - frac) + hourly[(h + 1) % 24] * frac
            cum.append(total)
        self._shape_cum = cum
        self.profiled = True

    def baseline(
        self, end: int, min_minutes: int, max_minutes: int, negatives: int
    ) -> Baseline | None:
        """The norm ending at ``end``: at least ``min_minutes`` long, reaching back until it
        holds ``negatives`` negatives, never beyond ``max_minutes`` or the history's start."""
        if self.origin is None or self.first is None:
            return None
        floor = max(self.origin, self.first, end - max_minutes)
        if end - floor <= 0:
            return None
        start = min(self.start_holding(end, negatives), end - min_minutes)
        start = max(start, floor)
        volume, negative = self.sums(start, end)
        share_volume, share_negative = volume, negative
        burst = self._burst_hour(start, end)
        if burst is not None:
            v, n = self.sums(*burst)
            share_volume, share_negative = volume - v, negative - n
        return Baseline(
            start,
            end,
            volume,
            negative,
            self.exposure(start, end),
            share_volume,
            share_negative,
        )

    def _burst_hour(self, start: int, end: int) -> tuple[int, int] | None:
        """The clock hour in [start, end) with the most non-negative mentions, if it holds over
        BURST_FACTOR times the median hour's; baselines over a day long are left alone."""
        origin = self.origin
        if end - start > DAY or end - start < 180 or origin is None:
            return None
        self._settle()  # each hour read from the prefix sums as ``sums`` would, without a call
        cum_volume, cum_negative, n = self._cum_volume, self._cum_negative, len(self.volume)
        pieces = []
        edge = start
        a = min(max(edge - origin, 0), n)
        while edge < end:
            upper = min((edge // 60 + 1) * 60, end)
            b = min(max(upper - origin, 0), n)
            volume, negative = cum_volume[b] - cum_volume[a], cum_negative[b] - cum_negative[a]
            pieces.append((volume - negative, edge, upper))
            edge, a = upper, b
        busiest = max(pieces)
        typical = statistics.median(p[0] for p in pieces)
        if busiest[0] > BURST_FACTOR * max(typical, 1):
            return busiest[1], busiest[2]
        return None
