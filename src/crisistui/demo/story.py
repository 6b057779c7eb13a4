"""What one built-in scenario is made of: the story of a crisis the generator turns into mentions.

A story holds what differs between crisis types: its texts by kind of mention, how many mentions
of each kind arrive per scenario minute, the loud voice that amplifies it, the news pickups and
the brand's own statements. The calm history, the competitor's chatter and the machinery that
turns rates into timestamped mentions are shared (``generate.py``).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from crisistui.demo.templates import FOREIGN_CALM, FOREIGN_GRIPES

Rate = Callable[[float], float]
"""Mentions per scenario minute at a scenario second."""
Account = tuple[str, int]  # (author, followers)
Stream = tuple[float, Rate]  # (virality relative to a calm post, rate)
Points = tuple[tuple[float, float], ...]

ONSET, END = 1500.0, 10800.0
"""Scenario seconds where every crisis starts and where every scenario ends."""


def interp(points: Points, t: float) -> float:
    """Piecewise-linear rate, so each stream's shape reads as a table of (time, rate)."""
    for (t0, r0), (t1, r1) in itertools.pairwise(points):
        if t0 <= t < t1:
            return r0 + (r1 - r0) * (t - t0) / (t1 - t0)
    return 0.0


def decay(start: float, peak: float, tau: float) -> Rate:
    """A burst at ``start`` that fades with time constant ``tau`` seconds."""
    return lambda t: peak * math.exp(-(t - start) / tau) if t >= start else 0.0


def shape(points: Points) -> Rate:
    """A rate that follows ``points`` and is zero outside them."""
    return lambda t: interp(points, t)


def wave(points: Points, tau: float) -> Rate:
    """A rate that follows ``points``, then fades from the last one (usually the brand's
    response) with time constant ``tau`` seconds."""
    end, last = points[-1]

    def rate(t: float) -> float:
        if t >= end:
            return last * math.exp(-(t - end) / tau)
        return interp(points, t)

    return rate


def scaled(rate: Rate, factor: float) -> Rate:
    """A stream that follows another one, e.g. questions as a share of complaints."""
    return lambda t: factor * rate(t)


@dataclass(frozen=True)
class Story:
    """One crisis for the built-in brand, named after the playbook it rehearses."""

    id: str
    title: str
    streams: Mapping[str, Stream]
    """Kind of mention -> (virality, rate); ``calm`` and ``rival`` are the shared chatter and
    ``complaint`` is the crisis's main wave (the only crisis kind written in other languages)."""
    pools: Mapping[str, tuple[str, ...]]
    """Kind -> templates with {slots}, for every crisis kind in ``streams``."""
    foreign: tuple[str, ...]
    """``lang|neg|text`` complaints of the crisis in other languages."""
    loud_voice: Account
    loud_at: float
    loud_posts: tuple[str, ...]
    """Posts of the loud voice, four minutes apart from ``loud_at``."""
    news: tuple[str, ...]
    """``offset_s|outlet|headline — summary``; outlets are the shared ones."""
    statements: tuple[str, ...]
    """``offset_s|source|text`` posted by the brand's own account."""
    loud_slots: Mapping[str, str] = field(default_factory=dict)
    """Slot values fixed for the loud voice's posts, so its posts agree with each other."""
    loud_engagement: tuple[int, int, int] = (48_200, 15_300, 4_100)
    """Likes, reposts and replies of the loud voice's first post; later ones get a share."""
    foreign_gripes: tuple[str, ...] = FOREIGN_GRIPES
    """``lang|neg|text`` everyday gripes in other languages, for the calm history."""
    tags: tuple[str, ...] = (" #fail", " 😤")
    """Endings a complaint may get besides the shared ones (hashtags, emoji)."""
    extra_slots: Callable[[random.Random], dict[str, str]] | None = None
    """More slot values drawn per post, for templates that need them."""
    lang: str = "en"
    """The language the crisis breaks out in. Every text of the story's own (its pools, the
    loud voice's posts, the news and the statements) is in it unless the text starts with
    another language's code and a bar (``tl|Grabe…``, ``en|We are sorry…``). A story in
    another language than English is a variant of its playbook's (``stories.VARIANTS``)."""
    lang_weights: Mapping[str, int] | None = None
    """Languages of the posts not in English among the calm history and of the crisis's
    ``foreign`` complaints, by weight (None: the shared ones, ``generate.LANG_WEIGHTS``)."""
    foreign_calm: tuple[str, ...] = FOREIGN_CALM
    """``lang|calm|text`` calm posts in other languages, for the history."""
    outlets: Mapping[str, int] = field(default_factory=dict)
    """News outlets of the story's own besides the shared ones, with their reach."""


def arc(
    peak: float,
    points: Points,
    tau: float = 900.0,
    *,
    loud_at: float,
    replies: float = 6.0,
    questions: float = 0.1,
    side: Points = (),
    switch: float = 1.2,
    recovery_at: float,
    recovery: float = 3.0,
) -> dict[str, Stream]:
    """The usual streams of a crisis: calm chatter all along, a main wave of complaints
    (``points`` as shares of ``peak``, fading after its last point), questions beside it,
    replies to the loud voice, a side wave of the story's own (``side``, mentions per minute),
    customers switching to the competitor, and thanks once the brand has answered."""
    main = wave(tuple((t, share * peak) for t, share in points), tau)
    streams: dict[str, Stream] = {
        "calm": (0.5, lambda t: 3.5),
        "rival": (0.5, lambda t: 1.1),
        "complaint": (1.0, main),
        "question": (0.4, scaled(main, questions)),
        "reply": (1.5, decay(loud_at, replies, 500.0)),
    }
    if side:
        streams["side"] = (2.0, shape(side))
    first = points[1][0]
    plateau = ((first, 0), (first + 900, switch), (recovery_at, switch), (recovery_at + 1200, 0))
    streams["switch"] = (0.6, shape(plateau))
    streams["recovery"] = (0.8, decay(recovery_at, recovery, 1800.0))
    return streams
