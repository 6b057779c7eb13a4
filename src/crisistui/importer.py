"""JSONL import: the documented mention format in, through the pipeline, into the store.

Files come from other tools and hand edits; a bad line is named by its number and skipped, and
every good line is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crisistui.models import RawItem

_OPTIONAL_STR = ("author", "url", "lang")
_OPTIONAL_COUNT = ("author_followers", "likes", "reposts", "replies")


class LineError(ValueError):
    """One line that is not a valid mention."""


def _text_field(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise LineError(f"{key}: missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise LineError(f"{key}: expected a string, got {type(value).__name__}")
    text = str(value)
    if required and not text.strip():
        raise LineError(f"{key}: empty")
    return text


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, tzinfo=UTC)
"""Times outside these cannot be a post, and could not be stored and read back."""


def parse_time(value: object, key: str = "created_at") -> datetime:
    """ISO-8601 with a UTC offset ('Z' allowed); naive times are refused, not guessed."""
    if not isinstance(value, str):
        raise LineError(f"{key}: expected an ISO-8601 string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineError(f"{key}: not an ISO-8601 time: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise LineError(f"{key}: needs a UTC offset (e.g. +00:00 or Z): {value[:40]!r}")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise LineError(f"{key}: {value[:40]!r} is not between 1970 and 9999 in UTC")
    return moment


def parse_line(line: str) -> RawItem:
    """One JSONL line to a raw item, or LineError naming the field."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise LineError("expected a JSON object")
    counts: dict[str, int | None] = {}
    for key in _OPTIONAL_COUNT:
        value = data.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise LineError(f"{key}: expected a whole number ≥ 0")
        counts[key] = value
    text = _text_field(data, "text", required=True)
    assert text is not None
    return RawItem(
        source=str(_text_field(data, "source", required=True)),
        external_id=str(_text_field(data, "id", required=True)),
        text=text,
        created_at=parse_time(data.get("created_at")),
        author=_text_field(data, "author", required=False),
        url=_text_field(data, "url", required=False),
        lang=_text_field(data, "lang", required=False),
        author_followers=counts["author_followers"],
        likes=counts["likes"],
        reposts=counts["reposts"],
        replies=counts["replies"],
    )


@dataclass
class ReadReport:
    """Bad lines seen while reading a file."""

    lines: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    line_number: int = 0
    """The number of the line whose item was yielded last, to name it if it fails later."""


def read_jsonl(handle: TextIO, report: ReadReport) -> Iterator[RawItem]:
    """Yield the good items of a JSONL stream; record the bad lines in ``report``."""
    for number, line in enumerate(handle, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark, as some editors write
        if not line.strip():
            continue
        report.lines += 1
        try:
            item = parse_line(line)
        except LineError as exc:
            report.errors.append((number, str(exc)))
            continue
        report.line_number = number
        yield item


def open_text(path: Path) -> TextIO:
    """Open for reading as UTF-8 ('-' is standard input); undecodable bytes are replaced."""
    import sys

    if str(path) == "-":
        return sys.stdin
    return path.open("r", encoding="utf-8", errors="replace")
