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
    """Time that runs ``speed`` times faster than the wall clock from ``origin``, and at the
    wall clock's pace from ``until`` on (a replay's story is over: the console it leaves
    behind keeps its last hour on screen, not an hour gone by each minute)."""

    origin: datetime
    speed: float = 60.0
    _started: float = field(default_factory=time.monotonic)
    until: datetime | None = None

    def now(self) -> datetime:
        wall = time.monotonic() - self._started
        scaled = self.origin + timedelta(seconds=wall * self.speed)
        if self.until is None or scaled <= self.until or self.speed <= 1:
            return scaled
        reached = (self.until - self.origin).total_seconds() / self.speed
        return self.until + timedelta(seconds=wall - reached)

    @classmethod
    def joining(
        cls,
        origin: datetime,
        speed: float,
        wall_origin: datetime,
        until: datetime | None = None,
    ) -> ScaledClock:
        """The clock of a replay that began at wall time ``wall_origin``, for a console that
        joins it later: it shows the replay's time now, not a restart from ``origin``."""
        late = max((datetime.now(UTC) - wall_origin).total_seconds(), 0.0)
        return cls(origin=origin, speed=speed, _started=time.monotonic() - late, until=until)


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
    shape = "%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S"
    return f"{local.strftime(shape)} {zone_text(local)}"


def utc_offset(local: datetime) -> str:
    """ "UTC", "UTC+7", "UTC+5:30", "UTC-3"."""
    offset = local.utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    if not minutes:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")


def zone_text(local: datetime) -> str:
    """A zone as people can tell it apart: "PST (UTC+8)", since several zones share an
    abbreviation (Manila's PST read as Pacific; IST is India's, Israel's and Ireland's), or
    the offset alone where the zone has no name of its own ("UTC+3:30")."""
    offset, name = utc_offset(local), local.tzname() or ""
    if not name or name[0] in "+-" or name in (offset, "UTC"):
        return offset
    return f"{name} ({offset})"


@dataclass(frozen=True)
class Replay:
    """The time of a replayed scenario (the demo or a replay drill), kept in its database so
    every console and command that reads the file shares one clock: nothing it shows is dated
    ahead of "now", and an approval from a second console is never stamped before its draft."""

    origin: datetime
    """Scenario time at the replay's start; also the wall time it started at."""
    speed: float
    purpose: str
    """``"demo"`` or ``"drill"``."""
    until: datetime | None = None
    """Scenario time at which the story ends and the clock slows to the wall clock's pace."""
    playbook: str | None = None
    """The playbook its consoles show until an incident picks its own (the demo's outage, a
    drill's rehearsed one), so every console on the file shows the same checklist."""

    def clock(self) -> ScaledClock:
        """The replay's clock as it runs now, for a console or command joining it."""
        return ScaledClock.joining(
            self.origin, self.speed, wall_origin=self.origin, until=self.until
        )

    @property
    def label(self) -> str:
        """How a reading console names it in its header: "DEMO ×60"."""
        return f"{self.purpose.upper()} ×{self.speed:g}"
