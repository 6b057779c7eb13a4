"""Any HTTP JSON endpoint (in-house tools), mapped to mentions field by field."""

from __future__ import annotations

import asyncio
import codecs
import json
import math
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import httpx

from crisistui.config import JsonFieldsConfig, JsonSourceConfig
from crisistui.domain.models import RawItem
from crisistui.domain.text import as_html
from crisistui.domain.time import stated_time
from crisistui.sources import http
from crisistui.sources.base import ConditionalGet, ConfiguredSource, SourceError
from crisistui.sources.json_depth import MAX_DEPTH

EPOCH_MS_ABOVE = 1e11
"""Epoch numbers above this are milliseconds (1e11 seconds is the year 5138)."""
EPOCH_MS_FROM = 1e12
"""Milliseconds below this are before September 2001, and as seconds past the year 5138:
neither, so no time (253402300800, the year 10000 in seconds, was stored as 1978)."""


def type_name(value: object) -> str:
    """What a JSON value is, in JSON's own words, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def resolve(value: object, path: str) -> tuple[object, str | None]:
    """The value at a dotted path ('' = ``value`` itself); integer segments index lists.

    Returns ``(value, None)`` or ``(None, problem)`` where problem says where the walk stopped.
    """
    if not path:
        return value, None
    walked: list[str] = []
    for segment in path.split("."):
        where = f" in '{'.'.join(walked)}'" if walked else ""
        if isinstance(value, dict):
            if segment not in value:
                return None, f"no '{segment}'{where}"
            value = value[segment]
        elif isinstance(value, list):
            if not segment.isdigit():
                return None, f"'{segment}' is not a list index{where}"
            if int(segment) >= len(value):
                return None, f"index {segment} is past the end{where} ({len(value)} items)"
            value = value[int(segment)]
        else:
            return None, f"found {type_name(value)}{where}, not an object or list"
        walked.append(segment)
    return value, None


def parse_time(value: object) -> datetime | None:
    """ISO-8601 text (naive = UTC) or epoch seconds/milliseconds, as numbers or text."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    number: float
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            try:
                when = datetime.fromisoformat(value.strip())
                # Year 1 at +05:00 is year 0 in UTC: converting overflows.
                return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
            except (ValueError, OverflowError):
                return None
    else:
        number = float(value)
    if not math.isfinite(number):
        return None
    if abs(number) > EPOCH_MS_ABOVE:
        if abs(number) < EPOCH_MS_FROM:
            return None
        number /= 1000.0
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def to_count(value: object) -> int | None:
    """An int from an int, a float or numeric text; anything else is unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return None


def _optional_text(item: object, path: str | None) -> str | None:
    if path is None:
        return None
    value, _ = resolve(item, path)
    if isinstance(value, str):
        return value or None
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def declared_charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, if it names one."""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")
    return None


def as_utf8(body: bytes, content_type: str) -> bytes:
    """The body as UTF-8 JSON text: decoded with its declared charset, bad bytes as U+FFFD.

    One Latin-1 "\\xe9" in an in-house tool's export failed the whole poll as invalid JSON, on
    every poll. With no charset (or UTF-8's, or one Python does not know) the encoding is JSON's
    own detection: UTF-8 unless the body is UTF-16 or -32. A valid UTF-8 body is returned as is,
    whatever charset is declared: JSON is UTF-8 (RFC 8259), and many servers label every body
    with their default ISO-8859-1, which read "Société" as "SociÃ©tÃ©" and lost it to the
    brand's terms (Latin-1 text that is also valid UTF-8 takes pairs like "Ã©" nobody writes).
    """
    encoding = json.detect_encoding(body)
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            body.decode(encoding)
            return body
        except UnicodeDecodeError:
            pass
    charset = declared_charset(content_type)
    if charset is not None and _text_codec(charset) not in (None, "utf-8", "utf-8-sig"):
        encoding = charset
    text = body.decode(encoding, errors="replace").removeprefix("\ufeff")
    return text.encode("utf-8", errors="replace")  # utf-7 can spell a lone surrogate


def _text_codec(name: str) -> str | None:
    """Python's name for a text encoding that decodes with "replace", or None."""
    try:
        b"\xe9a".decode(name, errors="replace")  # b"" is decoded without asking the codec
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # unknown, "hex" (not text), "idna" (strict only), NUL
        return None


def map_item(
    source: str, item: object, fields: JsonFieldsConfig, now: datetime, text_format: str = "auto"
) -> tuple[RawItem | None, str | None]:
    """One endpoint item as a raw item, or None and why (id and text are required); the text
    is read as ``text_format`` says it is written (``TEXT_FORMATS``)."""
    raw_id, problem = resolve(item, fields.id)
    if problem is None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        problem = f"is {type_name(raw_id)}, not text or an integer"
    if problem is None and raw_id == "":
        problem = "is empty"
    if problem is not None:
        return None, f"fields.id '{fields.id}': {problem}"
    text, problem = resolve(item, fields.text)
    if problem is None and not isinstance(text, str):
        problem = f"is {type_name(text)}, not text"
    if problem is not None or not isinstance(text, str):
        return None, f"fields.text '{fields.text}': {problem}"

    # A missing time is refused rather than stamped "now": a wrong path would otherwise make a
    # whole backlog look like a surge happening this minute.
    raw_time, problem = resolve(item, fields.created_at)
    created_at = parse_time(raw_time) if problem is None else None
    if created_at is not None and stated_time(created_at) is None:
        problem = f"is {created_at.date().isoformat()}, a missing time written as zero"
        created_at = None
    if created_at is None:
        why = problem or (
            f"is {type_name(raw_time)}, not a time (ISO-8601, or epoch seconds or milliseconds)"
        )
        return None, f"fields.created_at '{fields.created_at}': {why}"

    def count(path: str | None) -> int | None:
        return to_count(resolve(item, path)[0]) if path else None

    return RawItem(
        source=source,
        external_id=str(raw_id),
        text=as_html(text, text_format),
        created_at=created_at,
        author=_optional_text(item, fields.author),
        author_followers=count(fields.followers),
        url=_optional_text(item, fields.url),
        lang=_optional_text(item, fields.lang),
        likes=count(fields.likes),
        reposts=count(fields.reposts),
        replies=count(fields.replies),
    ), None


_WHY = {
    "fields.id": "no id",
    "fields.text": "no text",
    "fields.created_at": "no usable time",
}
"""Why ``map_item`` refused an item, by the field its problem starts with."""


def skipped_note(whys: Counter[str], total: int, first_problem: str | None) -> str | None:
    """'6 of 9 items skipped: no usable time (item 0: ...)', or None when none were."""
    if not whys:
        return None
    if len(whys) == 1:
        reasons = next(iter(whys))
    else:
        reasons = ", ".join(f"{count} {why}" for why, count in whys.most_common())
    return f"{whys.total()} of {total} items skipped: {reasons} ({first_problem})"


class JsonSource(ConditionalGet, ConfiguredSource):
    """Polls one JSON URL with conditional GET; items found at a dotted path are mapped."""

    kind = "json"

    def __init__(self, spec: JsonSourceConfig, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(spec)
        self.skipped = 0
        """Items of the last poll dropped: no id, no text or no usable time."""
        self.last_problem: str | None = None
        """Why the first of them was dropped."""
        self.note: str | None = None
        """What the last poll left out and why, in one line for people; None when nothing."""
        self._spec = spec
        self._environ = environ

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        variable = self._spec.token_env
        if variable:
            token = self._environ.get(variable)
            if not token:
                raise SourceError(f"environment variable {variable} is not set")
            headers["Authorization"] = f"Bearer {token}"
        return self._ask_if_changed(headers)

    def _items(self, fetched: http.Fetched) -> list[RawItem]:
        """The response's items as ``RawItem``s; a bad item is skipped and counted."""
        path = self._spec.items
        body = as_utf8(fetched.body, fetched.headers.get("Content-Type", ""))
        data, cut = http.read_json(replace(fetched, body=body))
        found, problem = resolve(data, path)
        if problem is not None:
            raise SourceError(f"items path '{path}' not found: {problem}")
        if not isinstance(found, list):
            where = f"items path '{path}'" if path else "the top level"
            raise SourceError(f"{where} is not a list (found {type_name(found)})")
        now = datetime.now(UTC)
        items: list[RawItem] = []
        whys: Counter[str] = Counter()
        first_problem = None  # only the first is shown: a flood is not described
        for index, entry in enumerate(found):
            item, problem = map_item(
                self.name, entry, self._spec.fields, now, self._spec.text_format
            )
            if item is not None:
                items.append(item)
            else:
                whys[_WHY.get(str(problem).split(" ", 1)[0], "unusable")] += 1
                first_problem = first_problem or f"item {index}: {problem}"
        self.skipped = whys.total()
        self.last_problem = first_problem
        self.note = skipped_note(whys, len(found), first_problem)
        deep = f"{cut:,} {'value' if cut == 1 else 'values'} nested over {MAX_DEPTH} levels"
        if cut and found and not items:
            # the mapping may be what is wrong, the deep value beside it: both are said
            raise SourceError(
                f"invalid JSON: nested too deeply ({deep}), and none of {len(found)} items "
                f"had the mapped fields: {first_problem}"
            )
        if cut:
            self.note = "; ".join(filter(None, [f"{deep} read as null", self.note]))
        if found and not items:
            raise SourceError(
                f"none of {len(found)} items had the mapped fields: {self.last_problem}"
            )
        # No log line of its own: the note goes on the source's health, which `collect`
        # prints after the poll's counts and the console and `status` show.
        return items

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        limit = round(self._spec.max_response_mb * 1024 * 1024)
        fetched = await http.get(client, self._spec.url, headers=self._headers(), max_bytes=limit)
        self.hold_off = http.rate_limit_wait(fetched.headers)
        if fetched.status == 304:
            self.skipped, self.last_problem, self.note = 0, None, None
            return []
        # a flood's page is hundreds of items: decoded and mapped off the event loop, so the
        # console answers a key meanwhile (as the feeds are parsed)
        items = await asyncio.to_thread(self._items, fetched)
        self._read_whole(fetched.headers)
        return items
