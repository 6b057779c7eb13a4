"""The feed's filter language: free words and a few qualifiers, typed after `/`.

A query is words that must all appear in a mention's text, ``"exact phrases"``, and
qualifiers ``name:value``:

- ``from:NAME`` the author (``@`` optional; ``from:alice`` also finds ``@alice@mastodon.social``
  and ``@alice.bsky.social``),
- ``source:NAME`` a source whose name is NAME or holds it between dashes (``source:mastodon``
  finds ``mastodon-social``),
- ``sentiment:neg|neu|pos|unscored`` (or ``-``, ``0``, ``+``, ``?``; commas for several),
- ``lang:vi`` the language, by ISO code or English name (``lang:vi,zh`` either; ``lang:!en``
  anything but English, unknown included; ``lang:none`` no language told, ``lang:!none`` any),
- ``subject:NAME`` the brand or a competitor, by the start of its name or of a word in it,
- ``reach:N`` at least N people (``>``, ``>=``, ``<``, ``<=`` before N; ``k`` and ``m`` after),
- ``domain:NAME`` a link to this site or one under it (``domain:example.com`` also finds
  ``news.example.com``; ``www.`` is ignored).

A word written ``#tag`` is a hashtag: the mention must hold that hashtag, not only the word.
Emoji and other symbols (``🔥``, ``✈``, ``💔``) are looked for inside the text, as words of
scripts without spaces are; ``👍`` also finds ``👍🏽``, and ``✈`` finds ``✈️``.

A repeated qualifier means any of its values; everything else must all hold. Words match whole
words, case- and accent-insensitively, like brand terms; ``refund*`` also finds longer words.
Values with spaces are quoted: ``from:"Jane Doe"``. Parsing is pure, so a mistake is caught and
named before any SQL runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from crisistui.domain.languages import NAMES, iso_code
from crisistui.domain.models import Sentiment
from crisistui.domain.text import fold

QUALIFIERS = ("from", "source", "sentiment", "subject", "reach", "lang", "domain")
MAX_PARTS = 200
"""More than anyone types; a pasted list of hundreds of names would exceed what one SQLite
expression may hold."""

_TOKEN = re.compile(
    r"""
    (?P<name>[^\W\d_]+):(?P<value>"[^"]*"?|[^\s"]*)
    | "(?P<phrase>[^"]*)(?P<closed>"?)(?P<star>\*?)
    | (?P<word>[^\s"]+)
    """,
    re.VERBOSE,
)
_HASHTAG = re.compile(r"#\w*[^\W\d_]\w*")
"""A word typed as a hashtag: ``#`` and word characters, at least one a letter."""
_REACH = re.compile(r"(>=|<=|>|<)?(\d+(?:\.\d+)?)([km]?)", re.IGNORECASE)
REACH_CAP = 10**15
"""More people than any mention reaches: a longer number typed means as much, and stays within
what SQLite stores as an integer."""
_SENTIMENTS = {
    "neg": Sentiment.NEGATIVE,
    "negative": Sentiment.NEGATIVE,
    "-": Sentiment.NEGATIVE,
    "−": Sentiment.NEGATIVE,
    "neu": Sentiment.NEUTRAL,
    "neutral": Sentiment.NEUTRAL,
    "0": Sentiment.NEUTRAL,
    "·": Sentiment.NEUTRAL,
    "pos": Sentiment.POSITIVE,
    "positive": Sentiment.POSITIVE,
    "+": Sentiment.POSITIVE,
    "unscored": Sentiment.UNSCORED,
    "?": Sentiment.UNSCORED,
    "∅": Sentiment.UNSCORED,
}
# Scripts written without spaces: a word there is found inside the text, not as a whole token.
_SPACELESS = re.compile(
    "[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f]"
)

SCAN_BUDGET = 200_000
"""The most mentions a walk down the time index reads."""


_LANGUAGE_BY_NAME = {name.lower(): code for code, name in NAMES.items()}


class QueryError(ValueError):
    """A filter that cannot be run; the message names the part that is wrong."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must appear together, in this order (one word is a phrase of one)."""

    text: str
    prefix: bool = False
    """The last word may go on: ``refund*`` finds refunds and refunded."""

    @property
    def spaceless(self) -> bool:
        """Written in a script without spaces, or in symbols alone, so searched inside the
        text (the full-text index holds words, not emoji)."""
        return bool(_SPACELESS.search(self.text)) or not any(c.isalnum() for c in self.text)


@dataclass(frozen=True, slots=True)
class FeedQuery:
    """A parsed filter: every part must hold, the values of one qualifier are alternatives."""

    text: str
    """The query as typed, to show back."""
    phrases: tuple[Phrase, ...] = ()
    authors: tuple[str, ...] = ()
    """Lowercase, without a leading ``@``."""
    sources: tuple[str, ...] = ()
    labels: tuple[Sentiment, ...] = ()
    subjects: tuple[str, ...] = ()
    min_reach: int | None = None
    max_reach: int | None = None
    languages: tuple[str, ...] = ()
    """ISO 639-1 codes, any of which (``NO_LANGUAGE``: a mention with none)."""
    not_languages: tuple[str, ...] = ()
    """ISO 639-1 codes, none of which (a mention of unknown language passes, unless
    ``NO_LANGUAGE`` is one of them)."""
    tags: tuple[str, ...] = ()
    """Hashtags, folded, with their ``#``: every one must be among the mention's hashtags
    (each is also in ``phrases``, so the full-text index narrows the search first)."""
    domains: tuple[str, ...] = ()
    """Sites, lowercase, without ``www.``: the mention's link is on any of them (or a site
    under one)."""

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


def parse_feed_query(text: str, subjects: Sequence[str] = ()) -> FeedQuery:
    """Parse a filter; ``subjects`` (brand and competitors) resolve ``subject:`` values.

    Raises ``QueryError`` naming the bad part: an unknown qualifier, a bad value, an unclosed
    quote, a word with nothing to search for.
    """
    text = text.strip()
    phrases: list[Phrase] = []
    authors: list[str] = []
    sources: list[str] = []
    labels: list[Sentiment] = []
    chosen: list[str] = []
    low: int | None = None
    high: int | None = None
    languages: list[str] = []
    not_languages: list[str] = []
    tags: list[str] = []
    domains: list[str] = []
    for count, match in enumerate(_TOKEN.finditer(text), 1):
        if count > MAX_PARTS:
            raise QueryError(f"a filter has at most {MAX_PARTS} parts (words, phrases, qualifiers)")
        part = match.group(0)
        if match.group("name") is not None:
            name = match.group("name").lower()
            value = _unquote(match.group("value"), part)
            if name not in QUALIFIERS:
                known = ", ".join(f"{q}:" for q in QUALIFIERS)
                raise QueryError(
                    f"unknown qualifier {match.group('name')}: in {part!r}; use {known} "
                    f'(put text with a colon in quotes: "{part}")'
                )
            if not value:
                raise QueryError(f"{name}: needs a value, e.g. {_EXAMPLES[name]}")
            if name == "from":
                authors.append(_author(value, part))
            elif name == "source":
                sources.append(_searchable(value.lower(), part))
            elif name == "sentiment":
                labels.extend(_labels(value, part))
            elif name == "subject":
                chosen.extend(_subjects(value, part, subjects))
            elif name == "lang":
                for code, wanted in _languages(value, part):
                    (languages if wanted else not_languages).append(code)
            elif name == "domain":
                domains.append(_domain(value, part))
            else:
                low, high = _reach(value, part, low, high)
        elif match.group("phrase") is not None:
            if not match.group("closed"):
                raise QueryError(f"a quote is not closed: {part}")
            phrase = match.group("phrase").strip()
            if any(c.isalnum() for c in phrase):
                phrases.append(Phrase(phrase, prefix=bool(match.group("star"))))
            else:
                phrases.append(Phrase(_symbols(phrase, part)))
        elif _HASHTAG.fullmatch(match.group("word")):
            tag = fold(match.group("word"))
            tags.append(tag)
            # by its start: the index holds "#OrbitaMobile客服很差" as one token, where the
            # mention's words (``tags``, the exact test) hold #orbitamobile
            phrases.append(Phrase(tag[1:], prefix=True))
        else:
            phrases.append(_word(match.group("word")))
    return FeedQuery(
        text=text,
        phrases=tuple(phrases),
        authors=tuple(dict.fromkeys(authors)),
        sources=tuple(dict.fromkeys(sources)),
        labels=tuple(dict.fromkeys(labels)),
        subjects=tuple(dict.fromkeys(chosen)),
        min_reach=low,
        max_reach=high,
        languages=tuple(dict.fromkeys(languages)),
        not_languages=tuple(dict.fromkeys(not_languages)),
        tags=tuple(dict.fromkeys(tags)),
        domains=tuple(dict.fromkeys(domains)),
    )


_EXAMPLES = {
    "from": "from:@bignews",
    "source": "source:mastodon",
    "sentiment": "sentiment:neg",
    "subject": "subject:Zephyr",
    "reach": "reach:>1000",
    "lang": "lang:vi or lang:!en",
    "domain": "domain:example.com",
}


def _unquote(value: str, part: str) -> str:
    if value.startswith('"'):
        if len(value) < 2 or not value.endswith('"'):
            raise QueryError(f"a quote is not closed: {part}")
        value = value[1:-1]
    return value.strip()


def _searchable(value: str, part: str) -> str:
    if not any(c.isalnum() for c in value):
        raise QueryError(f"{part!r} has no letters or digits to look for")
    return value


_PRESENTATION = dict.fromkeys(map(ord, "\ufe0e\ufe0f"))
"""Text and emoji presentation selectors: "✈" and "✈️" are the same plane to the reader."""


def _symbols(value: str, part: str) -> str:
    """A word of emoji or other symbols (``🔥``, ``✈️``, ``👍🏽``), without presentation
    selectors; punctuation alone (``!!!``) has nothing to look for."""
    bare = value.translate(_PRESENTATION)
    if not any(unicodedata.category(c) in ("So", "Sk", "Sm", "Sc") for c in bare):
        raise QueryError(f"{part!r} has no letters, digits or emoji to look for")
    return bare


def _word(word: str) -> Phrase:
    if word.startswith("-") and word.strip("-"):
        raise QueryError(
            f"{word!r}: words cannot be left out; every word given must appear "
            "(put a word starting with - in quotes to look for it)"
        )
    prefix = word.endswith("*") and len(word) > 1
    core = word[:-1] if prefix else word
    if not any(c.isalnum() for c in core):
        return Phrase(_symbols(word, word))  # searched inside the text, so never a prefix
    return Phrase(_searchable(core, word), prefix=prefix)


def _domain(value: str, part: str) -> str:
    domain = value.lower().removeprefix("www.").strip(".")
    if any(c in domain for c in "/:@?# ") or not any(c.isalnum() for c in domain):
        raise QueryError(f"{part!r}: a domain is a site's name, e.g. domain:example.com")
    return domain


def _author(value: str, part: str) -> str:
    author = value.lower().removeprefix("@")
    return _searchable(author, part)


def _labels(value: str, part: str) -> list[Sentiment]:
    labels = []
    for item in value.split(","):
        label = _SENTIMENTS.get(item.strip().lower())
        if label is None:
            raise QueryError(
                f"{part!r}: sentiment is neg, neu, pos or unscored (or -, 0, +, ?), "
                f"not {item.strip()!r}"
            )
        labels.append(label)
    return labels


NO_LANGUAGE = ""
"""``lang:none``: a mention whose language is not known (only emoji or a link, a bare name)."""
_NO_LANGUAGE_NAMES = frozenset({"none", "unknown", "und"})


def _languages(value: str, part: str) -> list[tuple[str, bool]]:
    """(code, wanted) for each comma-separated language; ``!`` before one leaves it out."""
    found = []
    for item in value.split(","):
        item = item.strip()
        wanted = not item.startswith("!")
        name = item.lstrip("!").strip().lower()
        if name in _NO_LANGUAGE_NAMES:
            found.append((NO_LANGUAGE, wanted))
            continue
        code = _LANGUAGE_BY_NAME.get(name) or iso_code(name)
        if code is None or (len(code) > 3 and code not in NAMES):
            raise QueryError(
                f"{part!r}: {item!r} is not a language; use an ISO code or an English name "
                "(lang:vi, lang:vietnamese, lang:!en for anything but English, lang:none)"
            )
        found.append((code, wanted))
    return found


def _subjects(value: str, part: str, subjects: Sequence[str]) -> list[str]:
    if not subjects:
        return [value]
    wanted = fold(value)
    exact = [s for s in subjects if fold(s) == wanted]
    if exact:
        return exact
    found = [s for s in subjects if any(w.startswith(wanted) for w in [fold(s), *fold(s).split()])]
    if not found:
        names = ", ".join(subjects)
        raise QueryError(f"{part!r}: no brand or competitor is called so (there are {names})")
    return found


def _reach(
    value: str, part: str, low: int | None, high: int | None
) -> tuple[int | None, int | None]:
    match = _REACH.fullmatch(value.replace(",", "").replace("_", ""))
    if match is None:
        raise QueryError(
            f"{part!r}: reach is a number, maybe after >, >=, < or <= and with k or m after it, "
            "e.g. reach:>1000 or reach:>=10k"
        )
    operator, number, unit = match.groups()
    amount = min(float(number) * {"": 1, "k": 1_000, "m": 1_000_000}[unit.lower()], REACH_CAP)
    whole = int(amount)
    if operator in (None, ">="):
        bound = whole if whole == amount else whole + 1
        return max(low or 0, bound), high
    if operator == ">":
        return max(low or 0, whole + 1), high
    if operator == "<=":
        return low, whole if high is None else min(high, whole)
    below = whole - 1 if whole == amount else whole
    return low, below if high is None else min(high, below)


def narrow_query(text: str, part: str) -> str:
    """The filter ``text`` narrowed by ``part`` (``from:alice``, ``lang:vi``, a word): the
    part added, and a qualifier of the same name taken out first, since the values of one
    qualifier are alternatives (``lang:vi,zh lang:zh`` would still find Vietnamese)."""
    names = {m.group("name").lower() for m in _TOKEN.finditer(part) if m.group("name")}
    kept = [
        m.group(0)
        for m in _TOKEN.finditer(text)
        if not (m.group("name") and m.group("name").lower() in names)
    ]
    return " ".join([*kept, part.strip()])
