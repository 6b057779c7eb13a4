"""Mentions out as JSONL (the import format plus scores) or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TextIO

from crisistui.domain.models import Mention, Sentiment

FIELDS = (
    "source",
    "id",
    "text",
    "created_at",
    "author",
    "author_followers",
    "url",
    "lang",
    "lang_confidence",
    "likes",
    "reposts",
    "replies",
    "subject",
    "is_competitor",
    "sentiment",
    "label",
    "reach",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def mention_record(mention: Mention) -> dict[str, Any]:
    """A mention as a flat record; re-importable as JSONL."""
    return {
        "source": mention.source,
        "id": mention.external_id,
        "text": mention.text,
        "text_format": "verbatim",  # as stored: import reads it so, and nothing as markup
        "created_at": mention.created_at.isoformat(),
        "author": mention.author,
        "author_followers": mention.author_followers,
        "url": mention.url,
        "lang": mention.lang,
        "lang_confidence": mention.lang_confidence,
        "likes": mention.likes,
        "reposts": mention.reposts,
        "replies": mention.replies,
        "subject": mention.subject,
        "is_competitor": mention.is_competitor,
        "sentiment": None if mention.label is Sentiment.UNSCORED else mention.sentiment,
        "label": mention.label.value,
        "reach": mention.reach,
    }


def _csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formulas in text written by strangers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass
class Written:
    """How many mentions went out so far: still right when reading stops half-way."""

    count: int = 0


async def write_mentions(
    mentions: AsyncIterator[Mention], out: TextIO, fmt: str, written: Written | None = None
) -> int:
    """Write every mention; returns how many."""
    written = written if written is not None else Written()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        async for mention in mentions:
            writer.writerow({k: _csv_safe(v) for k, v in mention_record(mention).items()})
            written.count += 1
    else:
        async for mention in mentions:
            out.write(json.dumps(mention_record(mention), ensure_ascii=False) + "\n")
            written.count += 1
    return written.count
