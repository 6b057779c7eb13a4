"""Surges of mentions in one language, measured against that language's own norm.

A storm in Vietnamese against a brand whose usual chatter is English is news even before its
sentiment is known, and for a language no analyser reads it is the only signal there is:
"412 mentions in Vietnamese in 15 min, 9× usual; sentiment unscored". The per-language
rollups are kept per minute, compared over one window against the hours before it (the same
gap the negative-volume test leaves), with the same tail-probability evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crisistui.analysis.evidence import evidence, nb_shape
from crisistui.analysis.sparse_counts import SparseCounts
from crisistui.domain.languages import language_name
from crisistui.domain.numbers import human_count

WINDOW_MINUTES = 15
MIN_RATIO = 3.0
"""A language's window must hold at least this many times its usual volume to be a surge."""
MIN_VOLUME = 20
"""…and at least this many mentions: a language at 2 a day going to 8 is not a storm."""
UNSCORED_SHARE = 0.5
"""A surge is "unscored" when at least this share of its mentions have no sentiment."""
MIN_BASELINE_MINUTES = 60
USUALLY_NONE = 0.1
"""Fewer expected in a window than this reads "usually none" rather than "30,000× usual"."""


@dataclass(frozen=True, slots=True)
class LanguageSurge:
    """One language's window against its norm."""

    lang: str
    minutes: int
    volume: int
    expected: float
    negative: int
    unscored: int
    strength: float
    """-log10 of the chance of this many mentions under the language's norm."""
    heard_before: bool = True
    """Whether the norm held any mention in this language (``expected`` is never 0: a
    language never heard is expected at a prior of half a mention over the norm)."""

    @property
    def ratio(self) -> float:
        return self.volume / self.expected if self.expected > 0 else float("inf")

    @property
    def is_unscored(self) -> bool:
        return self.unscored >= UNSCORED_SHARE * self.volume

    def in_words(self) -> str:
        """ "412 mentions in Vietnamese in 15 min, 9× usual; sentiment unscored"."""
        ratio = self.ratio
        none = self.expected < USUALLY_NONE or not self.heard_before
        times = "usually none" if none else f"{ratio:.0f}× usual"
        words = (
            f"{human_count(self.volume)} mentions in {language_name(self.lang)} in "
            f"{self.minutes} min, {times}"
        )
        if self.is_unscored:
            return f"{words}; sentiment unscored"
        scored = self.volume - self.unscored
        share = self.negative / scored if scored else 0.0
        return f"{words}; {share:.0%} negative"


@dataclass
class LanguageMemory:
    """Per-minute volume, negatives and unscored mentions of each language of one subject."""

    volume: dict[str, SparseCounts] = field(default_factory=dict)
    negative: dict[str, SparseCounts] = field(default_factory=dict)
    unscored: dict[str, SparseCounts] = field(default_factory=dict)

    def put(self, lang: str, minute: int, volume: int, negative: int, unscored: int) -> None:
        counts = self.volume.get(lang)
        if counts is None:  # the three tables gain a language together, here only
            counts = self.volume[lang] = SparseCounts()
            self.negative[lang] = SparseCounts()
            self.unscored[lang] = SparseCounts()
        counts.put(minute, volume)
        self.negative[lang].put(minute, negative)
        self.unscored[lang].put(minute, unscored)

    def main_language(self, minute: int) -> str | None:
        """The language most of the subject's mentions were in before the last hour."""
        end = minute + 1 - 60
        totals = {lang: c.total(-(2**62), end) for lang, c in self.volume.items()}
        totals = {lang: n for lang, n in totals.items() if n}
        return max(totals, key=lambda lang: totals[lang]) if totals else None

    def mostly_in(self, start: int, end: int, negative: int) -> tuple[str, int] | None:
        """The language other than the usual main one that holds at least half of the
        ``negative`` mentions of [start, end), and how many: a storm in another language is
        said to be one on the gauge's first line ("12 in 15 min vs 2.3 expected, 10 in
        Portuguese"), even before that language's volume is a surge of its own."""
        main = self.main_language(end - 1) or self._most_spoken(end)
        counts = {
            lang: counts.total(start, end) for lang, counts in self.negative.items() if lang != main
        }
        if not counts:
            return None
        lang = max(counts, key=lambda lang: (counts[lang], lang))
        count = counts[lang]
        return (language_name(lang), count) if count >= 2 and 2 * count >= negative else None

    def _most_spoken(self, end: int) -> str | None:
        """The language most mentions were in up to ``end``: the usual one of a history
        still under an hour long, which ``main_language`` leaves unknown."""
        totals = {lang: c.total(-(2**62), end) for lang, c in self.volume.items()}
        totals = {lang: n for lang, n in totals.items() if n}
        return max(totals, key=lambda lang: totals[lang]) if totals else None

    def forget_before(self, minute: int) -> None:
        for table in (self.volume, self.negative, self.unscored):
            for counts in table.values():
                counts.forget_before(minute)

    def surges(
        self,
        minute: int,
        first: int | None,
        gap: int,
        baseline_minutes: int,
        dispersion: float,
        frozen_end: int | None = None,
    ) -> list[LanguageSurge]:
        """Languages other than the usual main one (whose surge is the volume itself) whose
        last ``WINDOW_MINUTES`` hold ``MIN_RATIO`` times their norm or more, strongest first.
        The norm is the language's rate over ``baseline_minutes`` ending ``gap`` minutes
        before the window, and by ``frozen_end`` while an alert holds the norms still; history
        before ``first`` is not known."""
        if first is None:
            return []
        start = minute + 1 - WINDOW_MINUTES
        # while the history is still short, the gap shrinks to leave a norm at all (as the
        # negative-volume windows' does)
        base_end = start - gap if frozen_end is None else min(start - gap, frozen_end)
        base_end = max(base_end, min(start, first + MIN_BASELINE_MINUTES))
        base_start = max(first, base_end - baseline_minutes)
        span = base_end - base_start
        if span < MIN_BASELINE_MINUTES:
            return []
        found = []
        main = self.main_language(minute)
        for lang, counts in self.volume.items():
            if lang == main:
                continue
            volume = counts.total(start, minute + 1)
            if volume < MIN_VOLUME:
                continue
            usual = counts.total(base_start, base_end)
            expected = (usual + 0.5) / span * WINDOW_MINUTES
            if volume < MIN_RATIO * expected:
                continue
            strength = evidence(volume, expected, nb_shape(usual, dispersion))
            negative = self.negative[lang].total(start, minute + 1)
            unscored = self.unscored[lang].total(start, minute + 1)
            found.append(
                LanguageSurge(
                    lang, WINDOW_MINUTES, volume, expected, negative, unscored, strength, usual > 0
                )
            )
        return sorted(found, key=lambda s: -s.strength)
