"""Counts on the minutes where something happened, with prefix sums: the compact memory the
engine keeps of a week of trigger terms and languages, where most minutes hold nothing."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field


@dataclass
class SparseCounts:
    """Counts on the minutes where something happened, with prefix sums for any range."""

    minutes: list[int] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    _cum: list[int] = field(default_factory=lambda: [0])
    _dirty: int = 0

    def put(self, minute: int, value: int) -> None:
        """Set one minute's count (a later read of the same minute replaces it)."""
        minutes = self.minutes
        if not minutes or minute > minutes[-1]:  # the usual case, a first tick's week of it
            if value:
                minutes.append(minute)
                self.values.append(value)
            return
        index = bisect.bisect_left(minutes, minute)
        if minutes[index] == minute:  # (index is within: minute is not past the last)
            self.values[index] = value
        elif value:
            minutes.insert(index, minute)
            self.values.insert(index, value)
        else:
            return
        self._dirty = min(self._dirty, index)

    def total(self, start: int, end: int) -> int:
        """Sum over minutes [start, end)."""
        if self._dirty < len(self.values) or len(self._cum) != len(self.values) + 1:
            running = self._cum[self._dirty]
            del self._cum[self._dirty :]
            self._cum += itertools.accumulate(self.values[self._dirty :], initial=running)
            self._dirty = len(self.values)
        minutes = self.minutes
        a = bisect.bisect_left(minutes, start)
        b = bisect.bisect_left(minutes, end, a)
        return self._cum[b] - self._cum[a]

    def at(self, minute: int) -> int:
        """The count held for ``minute`` (0 when none)."""
        index = bisect.bisect_left(self.minutes, minute)
        if index < len(self.minutes) and self.minutes[index] == minute:
            return self.values[index]
        return 0

    @property
    def last(self) -> int | None:
        return self.minutes[-1] if self.minutes else None

    def forget_before(self, minute: int) -> None:
        drop = bisect.bisect_left(self.minutes, minute)
        if drop:
            del self.minutes[:drop], self.values[:drop]
            self._cum, self._dirty = [0], 0


def add_to(sums: dict[str, SparseCounts], key: str, minute: int, delta: int) -> None:
    """Add ``delta`` to ``key``'s count of ``minute`` (a crisis type's, its terms' summed)."""
    if not delta:
        return
    counts = sums.get(key)
    if counts is None:
        counts = sums[key] = SparseCounts()
    minutes = counts.minutes
    if not minutes or minute > minutes[-1]:
        minutes.append(minute)
        counts.values.append(delta)
        return
    index = bisect.bisect_left(minutes, minute)
    if minutes[index] == minute:
        counts.values[index] += delta
    else:
        minutes.insert(index, minute)
        counts.values.insert(index, delta)
    counts._dirty = min(counts._dirty, index)
