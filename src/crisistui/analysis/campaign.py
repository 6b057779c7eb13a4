"""Copies and coordinated campaigns: many accounts posting the same text in a few minutes.

Forty people angry about an outage write forty different posts; forty accounts pasting one
text in ten minutes is a bot push or an organised campaign, and says "not organic" louder than
any count. Texts are grouped by a copy key (``domain.copies``): the text without links,
@handles, #hashtags, numbers, case, accents and punctuation, so a bot that adds a random
handle or number to each copy is still seen as one text.

A group counts towards a campaign only when it is many distinct accounts *and* a large share
of everything said about the brand in the window: the built-in storms reuse their templates
(up to 28 accounts on one text in ten minutes) but no text there reaches 10 % of its window.
And a campaign is a hostile push: a copy counts only when it reads as negative or speaks of
misinformation (hoax, fake, rumour…). A headline many people share (syndicated news, a share
button: "Zephyr recall does not affect Acme Air, the airline says") is neutral, and a contest
entry positive; retweets ("RT @…") say they are copies. None of them counts.

The live watch asks the store for the window's widely copied keys (``read_copies``: the
store keeps each hostile mention's key as it is written); a replay keeps per-minute (key,
account) pairs and slides over them (``CopyMemory``). Both give the engine a
``CopyWindow``; ``find_campaign`` scores it.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from crisistui.analysis.levels import THRESHOLDS, Level
from crisistui.domain.copies import (
    MISINFORMATION,
    counts_as_copy,
    loose_key,
    speaks_of_misinformation,
)
from crisistui.domain.models import Mention
from crisistui.domain.records import WindowText

CAMPAIGN_MINUTES = 10
"""The window a campaign is looked for in: a push lands within minutes."""
ELEVATED_ACCOUNTS, ELEVATED_SHARE = 12, 0.20
"""One text from this many distinct accounts, making up this share of the window's mentions,
is elevated: more than a few friends, and more than any storm's favourite phrasing."""
HIGH_ACCOUNTS, HIGH_SHARE = 20, 0.30
"""From these on it is high: a third of what is said about the brand is one pasted text."""
ELEVATED_TOP, HIGH_TOP = 50.0, 70.0
"""The scores each band rises to, reached at ``HIGH_ACCOUNTS`` and ``FULL_ACCOUNTS``: a
campaign alone never reaches critical, which takes the volume or reach it may also bring."""
FULL_ACCOUNTS = 100
SHOWN_AUTHORS = 5
MAX_FINGERPRINTS = 500
"""Variants of one loose text looked up at most (the authors' query lists them)."""


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Mentions of one window with the same (or nearly the same) text."""

    mentions: int
    accounts: int
    """Distinct authors (mentions without an author add none)."""
    minutes: int
    """From the first copy to the last, in whole minutes (at least 1)."""
    text: str = ""
    """One copy's text, as stored (empty in a replay, which keeps no texts)."""
    authors: tuple[str, ...] = ()
    """The first few accounts, in the order they posted (empty in a replay)."""
    variants: int = 0
    """Distinct fingerprints merged into the group (0: not known, in a replay)."""
    misinformation: bool = False
    """The text holds misinformation trigger terms."""


@dataclass(frozen=True, slots=True)
class CopyWindow:
    """The brand's mentions in the last ``CAMPAIGN_MINUTES`` and its most copied texts."""

    total: int
    groups: tuple[CopyGroup, ...] = ()
    """Texts from at least ``ELEVATED_ACCOUNTS`` accounts, most accounts first."""


@dataclass(frozen=True, slots=True)
class Campaign:
    """A coordinated push the engine found: for the drivers, the why view and the type."""

    group: CopyGroup
    total: int
    """The brand's mentions in the window, of which the copies are ``share``."""
    score: float

    @property
    def share(self) -> float:
        return self.group.mentions / self.total if self.total else 0.0

    def in_words(self) -> str:
        """'42 accounts posted the same text in 9 min (61% of mentions)'."""
        group = self.group
        variants = f", {group.variants} variants" if group.variants > 1 else ""
        return (
            f"{group.accounts} accounts posted the same text in {group.minutes} min "
            f"({self.share:.0%} of mentions{variants})"
        )


def campaign_score(accounts: int, share: float) -> float:
    """Elevated from ``ELEVATED_ACCOUNTS`` accounts at ``ELEVATED_SHARE``, high from
    ``HIGH_ACCOUNTS`` at ``HIGH_SHARE``; within each band, more accounts score more."""
    if accounts >= HIGH_ACCOUNTS and share >= HIGH_SHARE:
        low, top, first, full = THRESHOLDS[Level.HIGH], HIGH_TOP, HIGH_ACCOUNTS, FULL_ACCOUNTS
    elif accounts >= ELEVATED_ACCOUNTS and share >= ELEVATED_SHARE:
        low, top, first, full = (
            THRESHOLDS[Level.ELEVATED],
            ELEVATED_TOP,
            ELEVATED_ACCOUNTS,
            HIGH_ACCOUNTS,
        )
    else:
        return 0.0
    return low + (top - low) * min((accounts - first) / (full - first), 1.0)


def find_campaign(window: CopyWindow | None) -> Campaign | None:
    """The window's strongest campaign, or None when no text is copied widely enough."""
    if window is None or not window.total:
        return None
    found = [
        Campaign(g, window.total, campaign_score(g.accounts, g.mentions / window.total))
        for g in window.groups
    ]
    best = max(found, key=lambda c: (c.score, c.group.accounts), default=None)
    return best if best is not None and best.score > 0.0 else None


def campaign_type(campaign: Campaign | None, kind: str | None) -> str | None:
    """A campaign whose text holds misinformation terms is likely misinformation; otherwise
    the type the other signals name stands."""
    return MISINFORMATION if campaign and campaign.group.misinformation else kind


def _spread(first: datetime, last: datetime) -> int:
    return max(math.ceil((last - first).total_seconds() / 60.0), 1)


# -- live: the window's texts from the store ---------------------------------------------------


class CopyReader(Protocol):
    """What the watch reads: the window's widely copied hostile texts, and who posted some."""

    async def copied_texts(
        self, subject: str, since: datetime, until: datetime, *, mentions: float, accounts: int
    ) -> tuple[int, list[list[WindowText]]]: ...

    async def text_authors(
        self, subject: str, fingerprints: Sequence[str], since: datetime, until: datetime
    ) -> list[str]: ...


async def read_copies(store: CopyReader, subject: str, now: datetime) -> CopyWindow:
    """The last ``CAMPAIGN_MINUTES`` of the subject's mentions and their most copied texts.

    The store keeps each hostile mention's copy key as it is written, so the database groups
    the window by key and returns only the few keys wide enough to matter (a flooded window
    is never read text by text), each with its variants by fingerprint; those groups are then
    counted exactly, authors and all, through the fingerprint index."""
    since = now - timedelta(minutes=CAMPAIGN_MINUTES)
    total, wide = await store.copied_texts(
        subject,
        since,
        now,
        mentions=ELEVATED_SHARE,
        accounts=ELEVATED_ACCOUNTS,
    )
    groups = []
    for variants in wide:
        mentions = sum(t.mentions for t in variants)
        variants = sorted(variants, key=lambda t: -t.mentions)[:MAX_FINGERPRINTS]
        prints = [t.fingerprint for t in variants]
        authors = await store.text_authors(subject, prints, since, now)
        if len(authors) < ELEVATED_ACCOUNTS:
            continue
        groups.append(
            CopyGroup(
                mentions,
                len(authors),
                _spread(min(t.first for t in variants), max(t.last for t in variants)),
                variants[0].text,
                tuple(authors[:SHOWN_AUTHORS]),
                len(variants),
                any(t.misinformation for t in variants),
            )
        )
    groups.sort(key=lambda g: -g.accounts)
    return CopyWindow(total, tuple(groups))


# -- replay: per-minute pairs and a sliding window -----------------------------------------------


@dataclass
class CopyMemory:
    """The copies of a replay, per minute, as (key, account) hashes: 16 bytes a mention, so
    a year-long file stays cheap; a window slides over them minute by minute."""

    _pairs: dict[int, array[int]] = field(default_factory=dict)
    _totals: Counter[int] = field(default_factory=Counter)
    _misinformation: dict[int, set[int]] = field(default_factory=dict)
    """Minute -> the keys of its copies that speak of misinformation."""
    _at: int | None = None
    _mentions: Counter[int] = field(default_factory=Counter)
    _accounts: dict[int, Counter[int]] = field(default_factory=dict)
    _total: int = 0

    def add(self, minute: int, mention: Mention) -> None:
        """Count a mention of the subject in its minute (every one is in the total)."""
        self._totals[minute] += 1
        if not counts_as_copy(mention.label, mention.triggers, mention.text):
            return
        key = hash(loose_key(mention.text, mention.fingerprint))
        author = (hash(mention.author) or 1) if mention.author else 0  # 0: no account
        self._pairs.setdefault(minute, array("q")).extend((key, author))
        if speaks_of_misinformation(mention.triggers):
            self._misinformation.setdefault(minute, set()).add(key)

    def forget_window(self) -> None:
        """The next ``window`` is counted afresh (a walk that starts again after more copies
        came in for minutes it had counted)."""
        self._at = None

    def window(self, minute: int) -> CopyWindow:
        """The ``CAMPAIGN_MINUTES`` ending with ``minute`` (ticks go forward a minute at a
        time; a jump rebuilds the window)."""
        first = minute - CAMPAIGN_MINUTES + 1
        if self._at is None or minute < self._at or minute - self._at >= CAMPAIGN_MINUTES:
            self._mentions, self._accounts, self._total = Counter(), {}, 0
            entering = range(first, minute + 1)
        else:
            entering = range(self._at + 1, minute + 1)
            for old in range(self._at - CAMPAIGN_MINUTES + 1, first):
                self._slide(old, -1)
        for new in entering:
            self._slide(new, 1)
        self._at = minute
        wide = [k for k, a in self._accounts.items() if len(a) >= ELEVATED_ACCOUNTS]
        groups = sorted((self._group(k, first, minute) for k in wide), key=lambda g: -g.accounts)
        return CopyWindow(self._total, tuple(groups))

    def _slide(self, minute: int, sign: int) -> None:
        """Count a minute into the window (``sign`` 1) or out of it (-1)."""
        self._total += sign * self._totals.get(minute, 0)
        pairs = self._pairs.get(minute, array("q"))
        for key, author in zip(pairs[::2], pairs[1::2], strict=True):
            self._mentions[key] += sign
            accounts = self._accounts.setdefault(key, Counter())
            if author:
                accounts[author] += sign
                if not accounts[author]:
                    del accounts[author]
            if not self._mentions[key]:
                del self._mentions[key], self._accounts[key]

    def _group(self, key: int, first: int, last: int) -> CopyGroup:
        """A wide key's counts, and the minutes from its first copy to its last (read only for
        the rare key with enough accounts)."""
        seen = [m for m in range(first, last + 1) if key in self._pairs.get(m, array("q"))[::2]]
        flagged = self._misinformation
        return CopyGroup(
            self._mentions[key],
            len(self._accounts[key]),
            seen[-1] - seen[0] + 1 if seen else 1,
            # as the live read of the window: a copy inside it speaks of misinformation
            misinformation=any(key in flagged.get(m, ()) for m in seen),
        )
