"""What the engine found, in words: nobody acts on a number they cannot explain.

The drivers go to the gauge, the alert, ``status`` and the timeline, most telling first, since
narrow screens show only the first two.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crisistui.analysis.evidence import sigma
from crisistui.analysis.triggers import TermSurge, surge_label, term_label
from crisistui.config import SeverityConfig
from crisistui.domain.numbers import human_count


@dataclass(frozen=True, slots=True)
class ScoredWindow:
    """One window's counts and both tests' evidence (the engine keeps the strongest)."""

    minutes: int
    volume: int
    negative: int
    expected: float
    usual_share: float
    count_evidence: float
    share_evidence: float
    base_start: int = 0
    base_end: int = 0
    usual_ratio: float = 0.0
    """Usual negatives per other mention in the norm (burst hour left out)."""
    ratio_shape: float = 1e4
    share_allowance: float = 0.0
    """Evidence the share test is spared: once the count test alone is past ``high_at``, the
    share test needs only ``elevated_at``."""
    allowance_ceiling: float = math.inf
    """How far the allowance may lift the share test's evidence (the share test itself may go
    further)."""
    cap: float = math.inf
    """The most this window may say: below high while it holds fewer negatives than
    ``min_high_negative`` (a handful of complaints is no crisis, however rare) or fewer than
    ``min_high_ratio`` times those it expects (nor is a rainy evening's doubling, however
    certain)."""
    echoes: int = 0
    """Of ``negative``, the retweets of complaints (which the tests count a quarter each)."""
    handful: bool = False
    """Fewer negatives than ``min_high_negative``, as the tests count them."""

    @property
    def strength(self) -> float:
        lifted = self.share_evidence + self.share_allowance
        if lifted > self.allowance_ceiling:
            lifted = max(self.share_evidence, self.allowance_ceiling)
        return min(self.count_evidence, lifted, self.cap)


@dataclass(frozen=True, slots=True)
class Learning:
    """How much history a baseline still being learned has: mentions, and minutes against
    the minutes it needs."""

    mentions: int
    minutes: int
    needs: int


def _reposts(echoes: int, end: str = ",") -> str:
    """How many of a count are reposts (which the tests count a quarter each), said beside
    it."""
    if not echoes:
        return ""
    return f", 1 of them a repost{end}" if echoes == 1 else f", {echoes:,} of them reposts{end}"


def drivers_in_words(
    best: ScoredWindow | None,
    loud: Sequence[tuple[str, int]],
    rising: Sequence[TermSurge],
    settings: SeverityConfig,
    learning: Learning | None = None,
    named: Mapping[str, Sequence[tuple[str, int]]] | None = None,
    mostly_in: tuple[str, int] | None = None,
) -> list[str]:
    """The volume, the loud voices, the surging terms, then the negative share (a volume
    whose share is not yet beyond chance after the voices and terms); and while the
    baseline is still short, how many of the mentions, or else of the minutes, it needs it
    has (``learning``). A crisis type's surge names the words behind it (``named``: the
    type's terms in its window, most first), so an alert says 'refund', not only
    'customer-service terms'. ``mostly_in``: the language (other than the usual one) that
    holds most of the window's negatives, and how many, said with the volume."""
    drivers: list[str] = []
    share_driver: list[str] = []
    unproven: list[str] = []
    if best is not None and best.count_evidence >= settings.elevated_at:
        if best.share_evidence >= settings.elevated_at:
            drivers.append(
                f"negative volume {sigma(best.count_evidence):.1f}σ above this hour's norm "
                f"({best.negative:,} in {best.minutes} min"
                + _reposts(best.echoes)
                + f" vs {best.expected:.1f} expected"
                + (f", {mostly_in[1]:,} in {mostly_in[0]})" if mostly_in else ")")
            )
            share = best.negative / best.volume if best.volume else 0.0
            share_driver.append(f"{share:.0%} of mentions negative (usual {best.usual_share:.0%})")
        else:
            unproven.append(_share_unproven(best))
    drivers += [f"{author} ({human_count(size)} followers) negative" for author, size in loud[:2]]
    drivers += [_surge_words(s, named) for s in rising[:2]]
    # a count whose share is not yet beyond chance follows what else moved the level: said
    # first, above a surge of a crisis type's words, it read as a reason not to worry
    drivers += unproven + share_driver
    if learning is not None and learning.mentions < settings.min_baseline_mentions:
        needed = settings.min_baseline_mentions
        drivers.append(f"learning the baseline ({learning.mentions:,}/{needed})")
    elif learning is not None:
        drivers.append(f"learning the baseline ({learning.minutes} of {learning.needs} min)")
    return drivers


def _surge_words(surge: TermSurge, named: Mapping[str, Sequence[tuple[str, int]]] | None) -> str:
    """A term's surge counts the mentions holding it ("'refund' in 12 mentions"); a crisis
    type's counts its terms where they occur, a mention holding two of them twice, so it says
    so ("14 service-outage terms"), never more "mentions" than the window holds."""
    window = f"({surge.minutes} min, usual {surge.expected:.1f})"
    reposts = _reposts(surge.echoes, end="")
    if surge.term:
        return f"{surge_label(surge)} in {surge.negative:,} mentions{reposts} {window}"
    words = _naming((named or {}).get(surge.crisis_type, ()))
    return f"{surge.negative:,} {surge_label(surge)}{reposts} {window}{words}"


def _naming(terms: Sequence[tuple[str, int]]) -> str:
    """': 'refund' 7, 'on hold' 3' after a crisis type's surge (nothing after a term's)."""
    if not terms:
        return ""
    return ": " + ", ".join(f"'{term_label(term)}' {count:,}" for term, count in terms)


SHARE_NEAR_USUAL = 1.5
"""A window's negative share at most this many times the usual one reads as near it."""


def _share_unproven(best: ScoredWindow) -> str:
    """The driver of negatives up in number but not (yet) beyond doubt in share: a launch
    lifting every kind of mention, or a storm's first minutes among too few other mentions
    to be sure of. It says which, with the window's share: "share near usual 21%" read wrong
    beside 8 negatives of 14 mentions."""
    share = best.negative / best.volume if best.volume else 0.0
    usual = f"{best.usual_share:.0%}"
    if share <= best.usual_share * SHARE_NEAR_USUAL:
        return (
            f"negatives up with all mentions ({best.negative:,} of {best.volume:,} in "
            f"{best.minutes} min), share {share:.0%} near usual {usual}"
        )
    return (
        f"{best.negative:,} of {best.volume:,} mentions negative in {best.minutes} min "
        f"({share:.0%}, usual {usual}), share not yet beyond chance"
    )
