"""How the gauge comes back down once a storm has passed, without saying more than it knows.

Kept apart from the engine so it stays readable:

* A long window that ends now also holds the storm of an hour ago. Once its latest minutes
  run far below the window's own average rate, the storm it holds is over and it no longer
  speaks for now: the shorter windows do. Without this the 3-hour window kept the gauge at
  critical 100 for hours after the last complaint.
* The level rises at once and falls one level at a time, after a calm period (``step``).
  While it is held up, the score shown is where the held level starts, so level and score
  never disagree ("elevated, score 1"); the score measured now goes beside it, as the reason
  the level is cooling down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crisistui.analysis.baseline import History
from crisistui.analysis.evidence import nb_shape, shortfall
from crisistui.analysis.levels import THRESHOLDS, Level

FADED_SHARE = 0.5
"""A window whose latest part runs below this share of the window's own average rate..."""
FADED_EVIDENCE = 2.0
"""...improbably so for that rate (1 in 100), holds a storm that has passed. A rise or a
plateau never does."""


@dataclass
class PassedStorms:
    """The long windows found to hold a storm that has passed. A window stays out until that
    storm has left it, unless the negatives rise again: its own average rate falls as the
    storm slides out, and without this memory it would come back for a tick, lifting a level
    that was cooling down."""

    found_at: dict[int, int] = field(default_factory=dict)
    """Window length -> the last minute it was found holding a passed storm."""

    def hold(self, history: History, start: int, end: int, windows: list[int]) -> bool:
        """True when the window [start, end) speaks of a storm that is over, not of now."""
        span = end - start
        parts = _latest_parts(history, start, end, [w for w in windows if w < span])
        if any(
            recent < FADED_SHARE * expected and ev >= FADED_EVIDENCE
            for recent, expected, ev in parts
        ):
            self.found_at[span] = end - 1
            return True
        since = self.found_at.get(span)
        rising = all(recent >= expected for recent, expected, _ev in parts)
        if since is None or start > since or rising:
            self.found_at.pop(span, None)
            return False
        return True


def _latest_parts(
    history: History, start: int, end: int, tails: list[int]
) -> list[tuple[int, float, float]]:
    """For each latest part of the window (``tails``, in minutes): its negatives, what the
    window's own average rate predicts for it, and how improbably short of that it falls. A
    part too short to tell (a quiet brand's last five minutes) is never improbably short.
    That last figure is worked out (a costly tail) only for a part under ``FADED_SHARE`` of
    what is predicted, the only one ``hold`` reads it for; 0.0 otherwise."""
    _, negative = history.sums(start, end)
    whole = history.exposure(start, end)
    if negative <= 0 or whole <= 0.0:
        return []
    shape = nb_shape(negative, 0.0)  # the window's own rate, known from its count
    parts = []
    for tail in tails:
        _, recent = history.sums(end - tail, end)
        expected = negative * history.exposure(end - tail, end) / whole
        faded = shortfall(recent, expected, shape) if recent < FADED_SHARE * expected else 0.0
        parts.append((recent, expected, faded))
    return parts


def band(level: Level) -> tuple[float, float]:
    """The scores that read as ``level``, shown as whole numbers: from where it starts to one
    below where the next starts (79.6 would show as 80, which is critical)."""
    low = THRESHOLDS.get(level, 0.0)
    above = [score for other, score in THRESHOLDS.items() if other > level]
    return low, (min(above) - 1.0 if above else 100.0)


def held_score(score: float, level: Level) -> float:
    """The score to show with ``level``: the score itself when it reads as that level, else
    the nearest score that does (where a level held up by the calm period starts)."""
    low, high = band(level)
    return min(max(score, low), high)


def step(
    level: Level, raw: Level, calm_since: datetime | None, now: datetime, calm: timedelta
) -> tuple[Level, datetime | None]:
    """The level and the start of the calm after this tick: rise at once; fall one level
    only after ``calm`` with the score below the current level, then count the calm afresh."""
    if raw >= level:
        return raw, None
    if calm_since is None:
        return level, now
    if now - calm_since < calm:
        return level, calm_since
    level = Level(level - 1) if level - 1 > raw else raw
    return level, (now if level > raw else None)
