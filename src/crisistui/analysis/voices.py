"""Loud negative voices: one account that reaches millions can be a crisis by itself.

"Three criticisms are not three hundred", unless one of the three has two million followers.
The engine remembers the loudest negative authors of the last minutes (a news story lands as
several outlets a few minutes apart) and what their mentions were about.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention
from crisistui.domain.text import sanitize
from crisistui.domain.time import to_epoch

VOICE_MEMORY_MINUTES = 15
"""Loud voices count this long: callers pass the loudest of a short window, and a news story
lands as several outlets a few minutes apart."""
VOICE_RATIO = 5.0
"""A voice is loud only if it is this many times the brand's usual loudest negative minute."""
OUTCRY = -0.4
"""How negative one account's post must read to be high by itself: a complaint in strong
words ("worst airline ever, never again"), not an everyday gripe ("this month's bill is
higher than usual"), which from an account of a million followers is elevated."""
GRIPE_SCORE = 45.0
"""The score of one big account's everyday gripe: elevated, short of high."""
UNSURE_SCORE = 42.5
"""What a loud voice or an everyday crisis type's words score before the norm knows the
brand's everyday accounts and words: elevated, in the middle of its band, so that the two
together (42.5 and a quarter of 42.5) still fall short of high."""
STANDOUT_RATIO = 100.0
"""A lone big account crying out is high by itself only when it reaches this many times the
brand's usual loudest negative minute: an audience the brand's complaints never had. Where
accounts of hundreds of thousands complain every week, one of two million is an everyday
gripe (elevated) until others take it up."""
WEEKLY_STANDOUT_RATIO = 20.0
"""And this many times the loudest negative minutes it meets a few times a week
(``History.loudest_reach``): a brand that hears from accounts of a hundred thousand or more
every week is used to big voices, and one of two million is an everyday gripe until others
take it up. (Against the usual hour alone, two such gripes in an outside team's calm weeks,
in Persian and Russian, from accounts twelve and nineteen times the weekly loudest, were
high by themselves.)"""
EVERYDAY_TYPES = frozenset({"customer-service", "service-outage"})
"""Crisis types whose terms any gripe carries ("refund", "not working"); a big account's post
with another type's terms (a boycott, a breach, a recall) is high by itself."""


@dataclass(frozen=True, slots=True)
class NegativeVoice:
    """A negative mention that reached many people, for the drivers."""

    author: str
    followers: int
    reach: int
    triggers: tuple[tuple[str, str], ...] = ()
    """(crisis type, term) pairs found in the mention: what the voice is angry about."""
    minute: int | None = None
    """The epoch minute it was posted (None: the minute it is given to the engine in)."""
    sentiment: float = -1.0
    """How negative the post reads (``OUTCRY``); unknown is taken as an outcry."""

    @classmethod
    def of(cls, mention: Mention) -> NegativeVoice:
        """The voice of a mention, named by its author or else its source. The name goes into
        drivers (screens, alerts, the timeline, `status`), so it is made inert here whatever a
        database written by an older version holds."""
        return cls(
            voice_name(mention),
            mention.author_followers or 0,
            mention.reach,
            mention.triggers,
            to_epoch(mention.created_at) // 60,
            mention.sentiment,
        )


def voice_name(mention: Mention) -> str:
    """Who a loud mention is, in words: its author, else its source, never a control code."""
    return sanitize(mention.author or mention.source or "") or "an unnamed source"


class _Heard(NamedTuple):
    """What is remembered of one loud negative author."""

    size: int
    latest: int
    """The minute of their latest loud post."""
    terms: frozenset[tuple[str, str]]
    """The trigger terms of their negative mentions."""
    strongest: float
    """The most negative reading of them (``OUTCRY``)."""


@dataclass
class LoudVoices:
    """The negative authors seen in the last ``VOICE_MEMORY_MINUTES``, their size and terms."""

    _seen: dict[str, _Heard] = field(default_factory=dict)

    def remember(self, voices: Sequence[NegativeVoice], minute: int) -> None:
        """Learn ``voices`` at ``minute`` and forget those last heard from
        ``VOICE_MEMORY_MINUTES`` before it. A voice counts from its post's minute: callers pass
        the loud posts of the last minutes at every tick, and a post seen again at each tick
        held a console HIGH for twice as long as `status`, which reads it once."""
        for voice in voices:
            size = max(voice.followers, voice.reach)
            posted = minute if voice.minute is None else min(voice.minute, minute)
            heard = _Heard(size, posted, frozenset(voice.triggers), voice.sentiment)
            if (known := self._seen.get(voice.author)) is not None:
                heard = _Heard(
                    max(size, known.size),
                    max(posted, known.latest),
                    known.terms | heard.terms,
                    min(voice.sentiment, known.strongest),
                )
            self._seen[voice.author] = heard
        horizon = minute - VOICE_MEMORY_MINUTES
        for author in [a for a, known in self._seen.items() if known.latest <= horizon]:
            del self._seen[author]

    def terms_of(self, author: str) -> frozenset[tuple[str, str]]:
        return self._seen[author].terms

    def _grave(self, author: str) -> bool:
        """Whether the author's negative posts name a crisis type beyond everyday gripes."""
        return any(kind not in EVERYDAY_TYPES for kind, _term in self._seen[author].terms)

    def _alone_a_crisis(self, author: str, usual_reach: float, loudest_reach: float) -> bool:
        """Whether one big account's negative post is high without anyone taking it up: it
        names a grave crisis type, or it cries out (``OUTCRY``) to an audience far beyond the
        brand's usual (``STANDOUT_RATIO``) and beyond the loudest it meets every week
        (``WEEKLY_STANDOUT_RATIO``)."""
        if self._grave(author):
            return True
        heard = self._seen[author]
        return (
            heard.strongest <= OUTCRY
            and heard.size >= STANDOUT_RATIO * usual_reach
            and heard.size >= WEEKLY_STANDOUT_RATIO * loudest_reach
        )

    def score(
        self,
        settings: SeverityConfig,
        usual_reach: float,
        *,
        known_norm: bool = True,
        loudest_reach: float = 0.0,
    ) -> tuple[float, list[tuple[str, int]]]:
        """One negative account past ``influencer_followers`` that is a crisis alone
        (``_alone_a_crisis``), or two past ``loud_followers``, is high by itself when the
        brand's negatives usually reach far fewer people (``usual_reach``); one such account's
        everyday gripe is elevated. Until the norm is ``known_norm`` (a day and more of
        history), which accounts are loud every day is not known either: only a voice naming
        a grave crisis type is high by itself, the others elevated at most.
        Returns the score and the loud (author, size), loudest first."""
        floor = max(settings.loud_followers, VOICE_RATIO * usual_reach)
        loud = sorted(
            ((a, known.size) for a, known in self._seen.items() if known.size >= floor),
            key=lambda item: -item[1],
        )
        if not loud:
            return 0.0, []
        if not known_norm and not any(self._grave(author) for author, _size in loud):
            return UNSURE_SCORE, loud
        biggest = loud[0][1]
        extra = 5.0 * (len(loud) - 1)
        if biggest >= max(settings.influencer_followers, floor):
            if len(loud) == 1 and not self._alone_a_crisis(loud[0][0], usual_reach, loudest_reach):
                return GRIPE_SCORE, loud
            return min(60.0 + extra, 75.0), loud
        if len(loud) >= 2:
            return min(55.0 + extra, 75.0), loud
        span = math.log10(max(settings.influencer_followers / floor, 1.0001))
        return 30.0 + 25.0 * math.log10(biggest / floor) / span, loud
