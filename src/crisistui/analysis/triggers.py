"""Trigger terms as a signal: a term surging among negative mentions, against its own norm.

"Refund" in two of forty complaints is an airline's everyday; "refund" in thirty of forty is a
customer-service storm, and "boycott" where it never appeared is a boycott forming. A term
counts when its negatives in a window beat its usual rate (the window's expected negatives
times the term's usual share of them), what the window's other negatives predict at that
share, so a launch that lifts every kind of mention lifts no term, and what the term's own
neutral and positive mentions predict at the brand's usual negative share, so a news story
that puts 'recall' or 'outage' (a rival's) in every kind of mention lifts no term either.
The term's usual share is learned only from negatives that were scanned for terms, and starts
from a small prior, so a database from before trigger terms existed, or a term just added to
the config, does not look like a surge.

Like the engine it serves, this reads rollups only and keeps a compact memory: per term, the
minutes it occurred in, with prefix sums.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from crisistui.analysis.evidence import evidence, nb_shape
from crisistui.analysis.sparse_counts import SparseCounts, add_to

TermRow = tuple[str, int, str, str, int | None, int, int]
"""A trigger rollup's fields in order: subject, minute, crisis type, term, mentions (None when
unknown), negatives, and the reposts among them."""

PRIOR_SHARE = 0.05
"""Share of negatives a term is assumed to hold before its history says otherwise."""
PRIOR_NEGATIVES = 20.0
"""Weight of that assumption, in negative mentions."""
SHARE_MINUTES = 7 * 1440
"""A term's usual share of negatives is learned from up to this long before the norm's end,
not from the norm alone: what people complain about hardly follows the hour of day, and a
quiet brand's norm of 40 negatives would leave a type's share to chance."""
MIN_TERM_NEGATIVES = 5
"""Negatives holding a term that a window needs before the term can count."""

TermKey = tuple[str, str]
"""(crisis type, term)."""


@dataclass(frozen=True, slots=True)
class TermSurge:
    """One term's negatives in one window, against what its norm expects."""

    crisis_type: str
    term: str
    minutes: int
    negative: int
    expected: float
    strength: float
    """-log10 chance of so many, the weaker of the rate and share tests (0 when not above)."""
    echoes: int = 0
    """Reposts among the negatives (said beside them: a word carried on by reposts of one
    post is not a word many people chose)."""


@dataclass(frozen=True, slots=True)
class WindowFrame:
    """What the engine knows of one window and its norm, for the term tests."""

    minutes: int
    start: int
    end: int
    base_start: int
    base_end: int
    expected_negative: float
    usual_ratio: float = 0.0
    """The brand's usual negatives per other mention in the norm (0: no sentiment test)."""
    ratio_shape: float = 1e4
    """Negative-binomial shape of that ratio's uncertainty."""


BY_MINUTE_SPAN = 1440
"""``in_window`` reads a window up to this long minute by minute (the engine's are at most
720 minutes), a longer one term by term."""


@dataclass
class TermMemory:
    """Per-minute negatives of every trigger term of one subject, and of scanned negatives.

    A busy multilingual week holds hundreds of terms, most of them seen days ago, and every
    tick reads a few windows of the last hours: those read only the terms of their minutes
    (``_by_minute``), and a crisis type's norm reads its terms' sum (``kinds``) rather than
    each term's. The answers are the same sums, in the same order."""

    scanned: SparseCounts = field(default_factory=SparseCounts)
    terms: dict[TermKey, SparseCounts] = field(default_factory=dict)
    volumes: dict[TermKey, SparseCounts] = field(default_factory=dict)
    """Mentions of every sentiment holding each term (for terms with negatives)."""
    kinds: dict[str, SparseCounts] = field(default_factory=dict)
    """Each crisis type's negatives per minute, its terms' summed (a negative with two of its
    terms counts twice, as in the terms' own sums)."""
    _order: dict[TermKey, int] = field(default_factory=dict)
    """Each term's place in ``terms``, which ranks ties as the terms were first met."""
    _ordinals: itertools.count[int] = field(default_factory=itertools.count)
    _by_minute: dict[int, dict[TermKey, tuple[int, int]]] = field(default_factory=dict)
    """Each minute's (negatives, mentions) of each term that had either then."""
    _first_minute: int | None = None
    """No minute of ``_by_minute`` is before this one."""
    _first_of_kind: dict[str, int] = field(default_factory=dict)
    """Each crisis type's place: that of its first term in ``terms``."""
    _rolled: dict[int, tuple[int, dict[TermKey, list[int]]]] = field(default_factory=dict)
    """Each window length's last sums, by the end they were taken at: the next tick's window
    of that length adds its new minute and takes off the one it left, instead of walking
    hours of minutes again."""
    _rolled_to: int = -(2**62)
    """The latest end in ``_rolled``: a minute before it that changes clears them."""
    echoes: dict[TermKey, SparseCounts] = field(default_factory=dict)
    """Reposts among each term's negatives, for terms that had any. A repost carries the
    word on, and counts whole here: counted a quarter, as the count tests count it, the
    terms of storms spread by retweets surged up to an hour later in outside teams' weeks."""
    kind_echoes: dict[str, SparseCounts] = field(default_factory=dict)
    """Reposts among each crisis type's negatives, its terms' summed."""

    def put_scanned(self, minute: int, negatives: int) -> None:
        self.scanned.put(minute, negatives)

    def put_term(
        self,
        crisis_type: str,
        term: str,
        minute: int,
        negatives: int,
        volume: int | None = None,
        echoes: int = 0,
    ) -> None:
        """One minute of one term: its negatives, its mentions of any sentiment (taken as
        the negatives when unknown) and the reposts among its negatives."""
        self.put_terms([("", minute, crisis_type, term, volume, negatives, echoes)], "", minute)

    def put_terms(self, rows: Iterable[TermRow], subject: str, last: int) -> None:
        """``put_term`` of each row of ``subject`` up to minute ``last``, in one loop: a first
        tick reads a week of them (36,000 rows for a busy brand)."""
        terms, volumes, by_minute = self.terms, self.volumes, self._by_minute
        echoes = self.echoes
        for row_subject, minute, crisis_type, term, volume, negatives, reposts in rows:
            if row_subject != subject or minute > last:
                continue
            key = (crisis_type, term)
            if reposts or key in echoes:
                self._put_echoes(key, minute, min(reposts, negatives))
            counts = terms.get(key)
            if counts is None:
                if not negatives:
                    continue
                counts = terms[key] = SparseCounts()
                volumes[key] = SparseCounts()
                self._order[key] = place = next(self._ordinals)
                self._first_of_kind.setdefault(crisis_type, place)
            mentions = max(volume if volume is not None else 0, negatives)
            minute_terms = by_minute.get(minute)
            was_held = minute_terms.get(key) if minute_terms is not None else None
            if mentions:  # (at least the negatives)
                if minute_terms is None:
                    minute_terms = by_minute[minute] = {}
                    if self._first_minute is None or minute < self._first_minute:
                        self._first_minute = minute
                minute_terms[key] = (negatives, mentions)
            elif minute_terms is not None:
                minute_terms.pop(key, None)  # a minute read again as nothing
            if minute < self._rolled_to and was_held != (
                (negatives, mentions) if mentions else None
            ):
                self._rolled.clear()  # a minute some window has summed reads differently now
                self._rolled_to = -(2**62)
            seen = volumes[key]
            if seen.minutes and minute <= seen.minutes[-1]:  # a re-read minute: in its place
                was = counts.at(minute)
                counts.put(minute, negatives)
                seen.put(minute, mentions)
                add_to(self.kinds, crisis_type, minute, negatives - was)
                continue
            # SparseCounts.put's usual case, inline: a first tick's week is most of a replay
            if negatives:
                counts.minutes.append(minute)
                counts.values.append(negatives)
                add_to(self.kinds, crisis_type, minute, negatives)
            if mentions:
                seen.minutes.append(minute)
                seen.values.append(mentions)

    def _put_echoes(self, key: TermKey, minute: int, reposts: int) -> None:
        """One minute's reposts among a term's negatives, and its type's changed with it."""
        counts = self.echoes.get(key)
        if counts is None:
            counts = self.echoes[key] = SparseCounts()
        was = counts.at(minute)
        counts.put(minute, reposts)
        add_to(self.kind_echoes, key[0], minute, reposts - was)

    def reposts(self, key: TermKey, start: int, end: int) -> int:
        """Reposts among a term's (or a crisis type's, ``term`` empty) negatives in minutes
        [start, end)."""
        counts = self.echoes.get(key) if key[1] else self.kind_echoes.get(key[0])
        return counts.total(start, end) if counts is not None else 0

    def forget_before(self, minute: int) -> None:
        self._rolled.clear()
        self._rolled_to = -(2**62)
        self.scanned.forget_before(minute)
        _forget_before(self.echoes, minute)
        _forget_before(self.kind_echoes, minute)
        first = self._first_minute
        if first is not None and first < minute:
            for old in range(first, minute):  # each minute passed over once in a replay
                self._by_minute.pop(old, None)
            self._first_minute = minute
        for counts in self.kinds.values():
            counts.forget_before(minute)
        for key, counts in list(self.terms.items()):
            counts.forget_before(minute)
            self.volumes[key].forget_before(minute)
            if counts.last is None:  # its mentions of other sentiments go with it
                for later in self.volumes[key].minutes:
                    self._by_minute.get(later, {}).pop(key, None)
                del self.terms[key], self.volumes[key], self._order[key]
                self._first_of_kind.pop(key[0], None)
        for key, place in self._order.items():  # each type's first term left, in order
            self._first_of_kind.setdefault(key[0], place)

    def in_window(self, start: int, end: int) -> dict[TermKey, int]:
        """Negatives per term in minutes [start, end), terms with none left out, in the
        order the terms were first met."""
        if end - start <= BY_MINUTE_SPAN:
            return {key: n for key, (n, _) in self._sums(start, end).items() if n}
        found = {}
        for key, counts in self.terms.items():
            last = counts.last
            if last is not None and last >= start:
                count = counts.total(start, end)
                if count:
                    found[key] = count
        return found

    def top_terms(
        self, crisis_type: str, start: int, end: int, leave_out: Iterable[str] = (), count: int = 2
    ) -> list[tuple[str, int]]:
        """A crisis type's terms with the most negatives in minutes [start, end), most first
        (ties by the term), ``leave_out`` left out."""
        skip = set(leave_out)
        found = [
            (term, n)
            for (kind, term), n in self.in_window(start, end).items()
            if kind == crisis_type and term not in skip
        ]
        return sorted(found, key=lambda t: (-t[1], t[0]))[:count]

    def _sums(self, start: int, end: int) -> dict[TermKey, tuple[int, int]]:
        """(negatives, mentions) per term in minutes [start, end), from the minutes
        themselves, terms with neither left out, in the order the terms were first met."""
        return self._window_sums(start, end)

    def _nested_sums(self, starts: list[int], end: int) -> list[dict[TermKey, tuple[int, int]]]:
        """``_sums`` of windows that all end at ``end`` (a tick's)."""
        return [self._window_sums(start, end) for start in starts]

    def _window_sums(self, start: int, end: int) -> dict[TermKey, tuple[int, int]]:
        """``_sums`` of one window: from the last sums of a window as long when it ended
        earlier and overlaps this one (the minutes it gained added, those it left taken off),
        else by a walk over its minutes."""
        by_minute, order = self._by_minute, self._order
        span = end - start
        rolled = self._rolled.get(span)
        if rolled is not None and rolled[0] <= end < rolled[0] + span:
            was_end, sums = rolled
            _add_minutes(sums, by_minute, was_end, end, 1)
            _add_minutes(sums, by_minute, was_end - span, start, -1)
        else:
            sums = {}
            _add_minutes(sums, by_minute, start, end, 1)
        self._rolled[span] = (end, sums)
        self._rolled_to = max(self._rolled_to, end)
        keys = sorted(sums, key=order.__getitem__) if len(sums) > 1 else list(sums)
        return {key: (sums[key][0], sums[key][1]) for key in keys}

    def usual_share(self, crisis_type: str, end: int) -> float:
        """The share of scanned negatives that usually hold one of a crisis type's terms (a
        negative with two of them counts twice), learned over ``SHARE_MINUTES`` before
        ``end`` from the same prior as the surges."""
        since = end - SHARE_MINUTES
        kind = self.kinds.get(crisis_type)
        usual = kind.total(since, end) if kind is not None else 0
        prior = PRIOR_SHARE * PRIOR_NEGATIVES
        return (usual + prior) / (self.scanned.total(since, end) + PRIOR_NEGATIVES)

    def surges(
        self,
        frames: Iterable[WindowFrame],
        dispersion: float,
        floor: float | None = None,
        least: float = 0.0,
    ) -> list[TermSurge]:
        """Each term's strongest window, and each crisis type's (its terms added up, ``term``
        empty), strongest first; those without a surge left out. A surge is the weakest of
        three tests: the usual rate, the window's other negatives, and the term's own other
        mentions (see the module's docstring).

        With ``floor``, only the surges above it are listed, or the first alone when none is:
        all the engine reads (the strongest's strength, and the surges past elevated). That
        spares most of a tick's tests: those of a window whose first test already shows it can
        neither pass the floor nor reach the strongest so far. Surges weaker than ``least``
        are neither worked out nor listed: the engine reads nothing of a surge that weak."""
        frames = list(frames)
        ranked = sorted(self._strongest(frames, dispersion, floor, least).values(), key=_rank)
        if floor is None:
            return ranked
        top = ranked[0].strength if ranked else 0.0
        exact = [s for s in ranked if s.strength > floor or s.strength == top]
        if any(_rank(a) == _rank(b) for a, b in itertools.pairwise(exact)):
            # Ties rank by which surged first, and a spared test may have hidden that.
            ranked = self.surges(frames, dispersion, least=least)
            exact = [s for s in ranked if s.strength > floor or s.strength == top]
        return [s for s in exact if s.strength > floor] or exact[:1]

    def _frame_sums(self, frames: list[WindowFrame]) -> list[dict[TermKey, tuple[int, int]]]:
        """``_sums`` of each frame: a tick's windows, rolled on from the last tick's."""
        if frames and all(
            f.end == frames[0].end and f.end - f.start <= BY_MINUTE_SPAN for f in frames
        ):
            return self._nested_sums([f.start for f in frames], frames[0].end)
        return [
            self._sums(f.start, f.end)
            if f.end - f.start <= BY_MINUTE_SPAN
            else {
                key: (n, self.volumes[key].total(f.start, f.end))
                for key, n in self.in_window(f.start, f.end).items()
            }
            for f in frames
        ]

    def _counted(
        self, sums: dict[TermKey, tuple[int, int]], since: int, base_end: int
    ) -> dict[TermKey, tuple[int, int, int]]:
        """(negatives, usual negatives, mentions) of each term found in a window, and of each
        crisis type (``term`` empty: its terms added up), in the order a walk over every term
        would first put them; a type with fewer negatives than a surge needs has no term that
        could surge either, so neither it nor its terms are read."""
        found = {key: n for key, (n, _) in sums.items() if n}
        kinds = {k for k, n in by_crisis_type(found).items() if n >= MIN_TERM_NEGATIVES}
        if not kinds:
            return {}
        order, first = self._order, self._first_of_kind
        by_kind: dict[str, tuple[int, int]] = {}
        rows: list[tuple[tuple[int, int], TermKey, tuple[int, int, int]]] = []
        for key, count in found.items():
            kind = key[0]
            if kind not in kinds:
                continue
            # a term too rare here to surge adds only to its type, whose norm is read whole
            usual = self.terms[key].total(since, base_end) if count >= MIN_TERM_NEGATIVES else 0
            volume = sums[key][1]
            rows.append(((order[key], 0), key, (count, usual, volume)))
            n, v = by_kind.get(kind, (0, 0))
            by_kind[kind] = (n + count, v + volume)
        for kind in kinds:
            n, v = by_kind[kind]
            usual = self.kinds[kind].total(since, base_end)
            # a type's place: just after its first term's, found in the window or not
            rows.append(((first[kind], 1), (kind, ""), (n, usual, v)))
        rows.sort(key=lambda row: row[0])
        return {key: value for _, key, value in rows}

    def _strongest(
        self, frames: list[WindowFrame], dispersion: float, floor: float | None, least: float
    ) -> dict[TermKey, TermSurge]:
        """Each term's and each crisis type's strongest surge (see ``surges``), in the order
        they first surged; with ``floor``, exact only for those above it and the strongest
        (all of them, if several are as strong)."""
        best: dict[TermKey, TermSurge] = {}
        top = 0.0
        weak = max(math.nextafter(least, -math.inf), 0.0)  # (a surge of exactly least counts)
        for frame, sums in zip(frames, self._frame_sums(frames), strict=True):
            start, end, base_end = frame.start, frame.end, frame.base_end
            window_scanned = self.scanned.total(start, end)
            since = min(frame.base_start, base_end - SHARE_MINUTES)
            base_scanned = self.scanned.total(since, base_end)
            # (negatives, usual negatives, mentions) per term, then per crisis type; a type
            # with fewer negatives than a surge needs has no term that could surge either, so
            # its terms' norms are not read.
            counted = self._counted(sums, since, base_end)
            for key, (count, usual, volume) in counted.items():
                if count < MIN_TERM_NEGATIVES:
                    continue
                # A surge no stronger than this is neither listed nor (being below the
                # strongest so far) the strongest; nor is one no stronger than the term's own.
                below_top = math.nextafter(top, -math.inf)
                beat = weak if floor is None else max(min(floor, below_top), weak)
                held = best.get(key)
                surge = self._surge(
                    key,
                    frame,
                    (count, usual, volume, window_scanned, base_scanned),
                    dispersion,
                    max(held.strength, beat) if held is not None else beat,
                )
                if surge is not None:
                    if self.echoes:
                        reposts = self.reposts(key, start, end)
                        surge = replace(surge, echoes=reposts) if reposts else surge
                    best[key] = surge
                    top = max(top, surge.strength)
        return best

    @staticmethod
    def _surge(
        key: TermKey,
        frame: WindowFrame,
        counts: tuple[int, int, int, int, int],
        dispersion: float,
        beat: float,
    ) -> TermSurge | None:
        """The term's surge in ``frame`` if its strength is above ``beat`` (at least 0, and the
        term's strongest window so far), else None. The strength is the least of three tests,
        so once one of them is at or below ``beat`` the others, the costly part of a tick, are
        left out: the answer is the same."""
        count, usual, volume, window_scanned, base_scanned = counts
        prior = PRIOR_SHARE * PRIOR_NEGATIVES
        share = (usual + prior) / (base_scanned + PRIOR_NEGATIVES)
        shape = nb_shape(usual + prior, dispersion)
        expected = frame.expected_negative * share
        rate_ev = evidence(count, expected, shape)
        if not rate_ev > beat:  # (written so, a NaN strength is never kept either)
            return None
        others = max(window_scanned - count, 1)
        ratio = (usual + prior) / max(base_scanned - usual + PRIOR_NEGATIVES - prior, 1.0)
        strength = min(rate_ev, evidence(count, others * ratio, shape))
        if not strength > beat:
            return None
        if frame.usual_ratio > 0.0:
            calm = max(volume - count, 0)
            mood = 1.0 / (1.0 / frame.ratio_shape + 1.0 / (calm + 1.0))
            strength = min(strength, evidence(count, max(calm, 1) * frame.usual_ratio, mood))
        if not strength > beat:
            return None
        return TermSurge(key[0], key[1], frame.minutes, count, expected, strength)


def _forget_before(held: dict[Any, SparseCounts], minute: int) -> None:
    """Trim each of ``held``'s counts to ``minute`` on, and drop those left empty."""
    for name, counts in list(held.items()):
        counts.forget_before(minute)
        if counts.last is None:
            del held[name]


def distinct_surges(surges: list[TermSurge]) -> list[TermSurge]:
    """``surges`` less a crisis type's where one of its terms surges in the same window with
    the same mentions: '15 boycott terms' and ''tẩy chay' in 15 mentions' say one
    thing, which the word says better."""
    words = {(s.crisis_type, s.minutes, s.negative) for s in surges if s.term}
    return [s for s in surges if s.term or (s.crisis_type, s.minutes, s.negative) not in words]


def _rank(surge: TermSurge) -> tuple[float, int, str]:
    """Strongest first, then most negatives, then by term."""
    return (-surge.strength, -surge.negative, surge.term)


def by_crisis_type(counts: dict[TermKey, int]) -> dict[str, int]:
    """Negatives holding each crisis type's terms (a mention with two terms counts twice)."""
    totals: dict[str, int] = {}
    for (crisis_type, _term), count in counts.items():
        totals[crisis_type] = totals.get(crisis_type, 0) + count
    return totals


def surge_label(surge: TermSurge) -> str:
    """A surge as people read it: ``'refund'``, or ``customer-service terms`` for a type."""
    return f"'{term_label(surge.term)}'" if surge.term else f"{surge.crisis_type} terms"


def term_label(term: str) -> str:
    """A term as people read it: a prefix term ``boycott*`` shows as ``boycott…``."""
    return term[:-1] + "…" if term.endswith("*") else term


def _add_minutes(
    sums: dict[TermKey, list[int]],
    by_minute: dict[int, dict[TermKey, tuple[int, int]]],
    start: int,
    end: int,
    sign: int,
) -> None:
    """Add (``sign`` 1) or take off (-1) each term's (negatives, mentions) of the minutes
    [start, end) to ``sums``; a term left with no mention goes."""
    for minute in range(start, end):
        for key, (n, v) in (by_minute.get(minute) or {}).items():
            held = sums.get(key)
            if held is None:
                sums[key] = [n, v]
                continue
            held[0] += sign * n
            held[1] += sign * v
            if held[1] <= 0:
                del sums[key]
