"""A mention as a row of the ``mentions`` table, the same in every backend: the columns in
order, and the conversions both ways."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from crisistui.domain.copies import stored_copy_key
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.repeats import words_key
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.domain.words import domain_of, words_json
from crisistui.store.errors import StoreDamaged

MENTION_FIELDS = (
    "source",
    "external_id",
    "created_at",
    "ingested_at",
    "subject",
    "is_competitor",
    "text",
    "author",
    "author_followers",
    "url",
    "lang",
    "likes",
    "reposts",
    "replies",
    "sentiment",
    "label",
    "reach",
    "fingerprint",
    "lang_confidence",
)
"""The stored columns of a mention, in the order ``mention_row`` writes them."""
MENTION_WIDTH = len(MENTION_FIELDS) + 1
"""Columns ``mention_from_row`` reads: the id, then ``MENTION_FIELDS``."""
DERIVED_FIELDS = ("triggers", "words", "domain", "copy_key")
"""Stored after ``MENTION_FIELDS`` by ``mention_row`` and never read back into a ``Mention``:
the trigger hits (JSON pairs), the words the analytics count (JSON: hashtags, then content
words; ``domain.words``), the domain of the link, and the copy key of a text that can be part
of a campaign (``domain.copies.stored_copy_key``; NULL for any other)."""
INSERT_FIELDS = (*MENTION_FIELDS, *DERIVED_FIELDS)
"""Every column ``mention_row`` writes, in order."""


def mention_columns(alias: str = "") -> str:
    """``id`` and ``MENTION_FIELDS`` for a SELECT, each prefixed by ``alias.`` when given."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{name}" for name in ("id", *MENTION_FIELDS))


def mention_row(mention: Mention, ingested_at: int) -> tuple[Any, ...]:
    """The values of ``INSERT_FIELDS``: ``MENTION_FIELDS``, then the mention's trigger hits,
    its words and the domain of its link (as the pipeline worked them out, when it did), and
    its copy key."""
    known = mention.analytics
    if (
        known is not None
        and known[0] == mention.text
        and known[1] == mention.lang
        and known[2] == mention.url
    ):
        words, domain = known[3], known[4]
    else:
        words, domain = words_json(mention.text, mention.lang), domain_of(mention.url)
    return (
        mention.source,
        mention.external_id,
        to_epoch(mention.created_at),
        ingested_at,
        mention.subject,
        int(mention.is_competitor),
        mention.text,
        mention.author,
        mention.author_followers,
        mention.url,
        mention.lang,
        mention.likes,
        mention.reposts,
        mention.replies,
        mention.sentiment,
        mention.label.value,
        mention.reach,
        mention.fingerprint,
        mention.lang_confidence,
        _json([list(hit) for hit in mention.triggers]) if mention.triggers else "[]",
        words,
        domain,
        stored_copy_key(mention),
    )


_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)``, without building an encoder for every call."""


def mention_from_row(row: Sequence[Any]) -> Mention:
    """A stored row as a mention. One that cannot be one (a NULL time, a label no version
    wrote: what a damaged page can read as, where SQLite reports no damage) is
    ``StoreDamaged``, so an export or a screen says the database is damaged rather than
    failing with a ``TypeError``."""
    try:
        return _mention_from_row(row)
    except (TypeError, ValueError) as exc:
        said = row[0] if len(row) else "?"
        raise StoreDamaged(f"mention row {said!r} cannot be read, damaged: {exc}") from None


def _mention_from_row(row: Sequence[Any]) -> Mention:
    (
        id_,
        source,
        external_id,
        created_at,
        _ingested,
        subject,
        is_competitor,
        text,
        author,
        followers,
        url,
        lang,
        likes,
        reposts,
        replies,
        compound,
        label,
        reach,
        fp,
        lang_confidence,
    ) = tuple(row)
    return Mention(
        id=id_,
        source=source,
        external_id=external_id,
        created_at=from_epoch(created_at),
        subject=subject,
        is_competitor=bool(is_competitor),
        text=text,
        author=author,
        author_followers=followers,
        url=url,
        lang=lang,
        likes=likes,
        reposts=reposts,
        replies=replies,
        sentiment=compound,
        label=Sentiment(label),
        reach=reach,
        fingerprint=fp,
        lang_confidence=lang_confidence,
    )


ROWS_IN_THREAD_FROM = 100
"""Mentions from which a batch's rows are built in a thread: a flood's poll of hundreds
(their words, copy keys, JSON) would otherwise hold a console's event loop for milliseconds."""


_SOURCE, _CREATED, _TEXT, _AUTHOR = (
    INSERT_FIELDS.index(name) for name in ("source", "created_at", "text", "author")
)


def without_repeats(rows: list[Any]) -> list[Any]:
    """The rows less any that repeats an earlier one's post under another id
    (``domain.repeats``): a batch stores the same as its mentions stored one at a time."""
    met: set[Hashable] = set()
    kept = []
    for values in rows:
        key = words_key(values[_SOURCE], values[_AUTHOR], values[_CREATED], values[_TEXT])
        if key not in met:
            met.add(key)
            kept.append(values)
    return kept


async def mention_rows(
    mentions: Sequence[Mention],
    ingested_at: int,
    row: Callable[[Mention, int], Any] = mention_row,
    *,
    one_poll: bool = False,
) -> list[Any]:
    """``row`` (by default ``mention_row``) of each mention, a post met twice under two ids
    once (``without_repeats``) unless the batch is ``one_poll`` (``Store.add_mentions``); in
    a thread for a large batch."""

    def rows() -> list[Any]:
        made = [row(m, ingested_at) for m in mentions]
        return made if one_poll else without_repeats(made)

    if len(mentions) < ROWS_IN_THREAD_FROM:
        return rows()
    return await asyncio.to_thread(rows)
