"""Volume and sentiment per language over a range: what the why screen, the wall and
`status --json` say about who is talking in which language.

Shares and net sentiment are taken over the *scored* mentions only: a language no analyser
reads is counted, and said to be unscored, but never averaged in as neutral. A language whose
mentions are mostly unscored has no share at all: the few of them read in another language
(``SentimentScorer.score_guess``), which are only those found positive or negative there,
would make a one-sided one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crisistui.analysis.languages import UNSCORED_SHARE
from crisistui.domain.languages import language_name
from crisistui.domain.records import LanguageRollup


@dataclass(frozen=True, slots=True)
class LanguageVoice:
    lang: str | None
    mentions: int
    positive: int
    negative: int
    unscored: int
    sentiment_sum: float

    @property
    def name(self) -> str:
        return language_name(self.lang)

    @property
    def scored(self) -> int:
        return self.mentions - self.unscored

    @property
    def is_unscored(self) -> bool:
        """Mostly unscored (the rule a language's surge is judged by)."""
        return not self.scored or self.unscored >= UNSCORED_SHARE * self.mentions

    @property
    def negative_share(self) -> float | None:
        return None if self.is_unscored else self.negative / self.scored

    @property
    def net(self) -> float | None:
        return None if self.is_unscored else self.sentiment_sum / self.scored

    def in_words(self) -> str:
        """ "62% negative, net −0.41", or "sentiment unscored"."""
        if self.negative_share is None or self.net is None:
            if self.scored:
                return f"sentiment unscored ({self.scored} of {self.mentions} scored)"
            return "sentiment unscored"
        words = f"{self.negative_share:.0%} negative, net {self.net:+.2f}"
        if self.unscored:
            words += f" ({self.unscored} unscored)"
        return words

    def as_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "name": self.name,
            "mentions": self.mentions,
            "positive": self.positive,
            "negative": self.negative,
            "unscored": self.unscored,
            "net_sentiment": None if self.net is None else round(self.net, 3),
        }


def by_language(rollups: Iterable[LanguageRollup]) -> list[LanguageVoice]:
    """One row per language, most mentions first."""
    totals: dict[str, list[float]] = {}
    for r in rollups:
        counts = totals.setdefault(r.lang, [0, 0, 0, 0, 0.0])
        for i, value in enumerate((r.volume, r.positive, r.negative, r.unscored)):
            counts[i] += value
        counts[4] += r.sentiment_sum
    voices = [
        LanguageVoice(lang or None, int(v), int(p), int(n), int(u), total)
        for lang, (v, p, n, u, total) in totals.items()
    ]
    return sorted(voices, key=lambda voice: (-voice.mentions, voice.lang or "~"))
