"""What makes two posts copies of one text, and which posts can be part of a campaign.

Decided once, here, for every reader: the store keeps each hostile mention's copy key when it
is written (so a flooded window is grouped by the database, not read text by text), a replay
keys the mentions it meets, and the feed marks copies it shows. A copy key is the text
without links, @handles, #hashtags, numbers, case, accents and punctuation, so a bot that adds
a random handle or number to each copy is still seen as one text; a text with fewer than
``MIN_COPY_WORDS`` words left is keyed by its fingerprint alone ("@acme refund?" from forty
customers is forty customers).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Sequence
from functools import lru_cache

from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.text import fingerprint as text_fingerprint
from crisistui.domain.text import fold

MIN_COPY_WORDS = 5
"""Words a text needs, once handles, hashtags and numbers are gone, to be matched loosely."""
COPY_KEY_CHARS = 280
"""Only the start of a text is compared: a tweet's worth is enough to call two texts copies."""
MISINFORMATION = "misinformation"
"""The trigger-term kind (and crisis type) of a rumour pushed or denied."""

_TAGS = re.compile(r"https?://\S+|www\.\S+|[@#]\S*")
_ASCII_BREAKS = str.maketrans(dict.fromkeys(string.punctuation + string.digits, " "))
_BREAKS = re.compile(r"[\W\d_]+")


def loose_words(text: str) -> list[str]:
    """The words of a text without links, @handles, #hashtags, numbers, case, accents and
    punctuation, and without a leading "RT" (a retweet is a copy of what it quotes)."""
    core = text[:COPY_KEY_CHARS]
    core = core.casefold() if core.isascii() else fold(core)
    if "@" in core or "#" in core or "/" in core or "www." in core:
        core = _TAGS.sub(" ", core)
    words = (core.translate(_ASCII_BREAKS) if core.isascii() else _BREAKS.sub(" ", core)).split()
    return words[1:] if words[:1] == ["rt"] else words


def loose_key(text: str, fingerprint: str = "") -> str:
    """What copies of a text share: its loose words, or its fingerprint when too few are
    left to tell a copy from a coincidence (or the script writes no spaces); worked out here
    when not given (a replay's mentions carry none)."""
    words = loose_words(text)
    if len(words) >= MIN_COPY_WORDS:
        return " ".join(words)
    return fingerprint or text_fingerprint(text)


copy_key = lru_cache(maxsize=16_384)(loose_key)
"""``loose_key``, remembered: the feed meets the same texts frame after frame."""


def is_retweet(text: str) -> bool:
    """A post that says it is a copy: "RT @someone: …", or a Weibo repost, which carries the
    chain it came through ("太可怕了//@momo呀: …", a reposter's word before the post it
    passes on). Amplification, not a campaign, and an echo of another's complaint, not one of
    its own. The same test as ``RETWEET_SQL``, so a replay counts what the store's rollups
    count."""
    return text.lstrip(" ")[:4].lower() == "rt @" or REPOST_CHAIN in text


ECHO_WEIGHT = 0.25
"""What a repost of a complaint counts for in the severity engine's count and share tests:
four echo one complaint. Six followers retweeting a big account's gripe are not six more
people complaining (counted in full they raised six of the seven calm-time alarms in an
outside team's weeks); three hundred retweeting a complaint within minutes are a storm all
the same. (A quarter is exact in binary, so the minutes' sums stay exact.) Measured on those
weeks: left out entirely, the same false alarms (0.06 a calm week) but their storms a median
9 min late, against 8.5 at a quarter."""
UNHEARD = 1.0 - ECHO_WEIGHT
"""What a repost takes off the count of one complaint."""
REPOST_CHAIN = "//@"
"""What a Weibo repost writes before the account it passes a post on from."""
RETWEET_SQL = "(lower(substr(ltrim({text}), 1, 4)) = 'rt @' OR {text} LIKE '%//@%')"
"""``is_retweet`` in SQL (SQLite and PostgreSQL alike), for the rollups' triggers."""


def speaks_of_misinformation(triggers: Sequence[Sequence[str]]) -> bool:
    """Whether a text holds misinformation trigger terms (a rumour pushed, or denied)."""
    return bool(triggers) and any(kind == MISINFORMATION for kind, _term in triggers)


def counts_as_copy(label: Sentiment, triggers: Sequence[Sequence[str]], text: str) -> bool:
    """Whether a text can be part of a campaign: hostile (negative, or about misinformation,
    which often reads as neutral) and not a declared retweet."""
    hostile = label is Sentiment.NEGATIVE or speaks_of_misinformation(triggers)
    return hostile and not is_retweet(text)


def stored_copy_key(mention: Mention) -> str | None:
    """The copy key the store keeps for a mention: a 16-hex-digit digest of ``loose_key``
    for a text that can be part of a campaign, None for any other (most of them)."""
    if not counts_as_copy(mention.label, mention.triggers, mention.text):
        return None
    key = loose_key(mention.text, mention.fingerprint)
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
