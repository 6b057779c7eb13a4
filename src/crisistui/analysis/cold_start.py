"""Reading a history that has no norm yet: a database opened during a crisis, or a history
that starts with one. Only the negative share can be judged then, against a share common to
most brands, because the brand's own usual rate and share are not known."""

from __future__ import annotations

from dataclasses import dataclass

from crisistui.analysis.baseline import History
from crisistui.analysis.evidence import evidence, nb_shape
from crisistui.domain.numbers import human_count

COLD_START_NEGATIVES = 30
"""Negatives a history with no norm yet must hold before its share is read at all."""
COLD_START_SHARE = 0.25
"""The share of negatives taken as usual before a brand's own is known: above most brands'
(10–20 % on ordinary days), so only a share far beyond it reads as a crisis."""
COLD_START_WEIGHT = 20
"""How many negatives that prior is worth (the spread of the guess)."""
COLD_START_MINUTES = 60
"""How far back the share is read: everything so far, the last hour at most."""


@dataclass(frozen=True, slots=True)
class ColdStart:
    """The evidence of the share so far, and the driver that says it."""

    evidence: float
    driver: str


def read_cold_start(history: History, minute: int, dispersion: float) -> ColdStart | None:
    """The negative share of everything so far against ``COLD_START_SHARE``, or None with
    fewer than ``COLD_START_NEGATIVES`` negatives ("3 criticisms are not 300") or no
    history. 951 negatives in five minutes used to read "nothing unusual"."""
    if history.first is None:
        return None
    start = max(history.first, minute + 1 - COLD_START_MINUTES)
    volume, negative = history.sums(start, minute + 1)
    if negative < COLD_START_NEGATIVES:
        return None
    ratio = COLD_START_SHARE / (1.0 - COLD_START_SHARE)
    strength = evidence(
        negative, max(volume - negative, 1) * ratio, nb_shape(COLD_START_WEIGHT, dispersion)
    )
    driver = (
        f"no norm yet ({minute + 1 - start} min of history): {negative / volume:.0%} of "
        f"{human_count(round(volume))} mentions negative, where {COLD_START_SHARE:.0%} is common"
    )
    return ColdStart(strength, driver)
