"""Clocks: wall time for real monitoring, scaled time for the demo, manual time for tests.

Everything that asks "what time is it" (ages in the feed, the severity window, the header) asks
the app's clock, so the demo can replay hours of scenario in minutes and tests can step time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class ScaledClock:
    """Time that runs ``speed`` times faster than the wall clock from ``origin``."""

    origin: datetime
    speed: float = 60.0
    _started: float = field(default_factory=time.monotonic)

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._started) * self.speed
        return self.origin + timedelta(seconds=elapsed)

    @classmethod
    def joining(cls, origin: datetime, speed: float, wall_origin: datetime) -> ScaledClock:
        """The clock of a replay that began at wall time ``wall_origin``, for a console that
        joins it later: it shows the replay's time now, not a restart from ``origin``."""
        late = max((datetime.now(UTC) - wall_origin).total_seconds(), 0.0)
        return cls(origin=origin, speed=speed, _started=time.monotonic() - late)


@dataclass
class ManualClock:
    """Time that only moves when told to; used by tests and backtests."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


def local_text(moment: datetime, *, with_date: bool = False) -> str:
    """A moment in this machine's time zone, named, for messages shown to the person who just
    typed a local time (stored timeline text stays in UTC, which every console shares)."""
    local = moment.astimezone()
    shape = "%Y-%m-%d %H:%M:%S %Z" if with_date else "%H:%M:%S %Z"
    return local.strftime(shape)
