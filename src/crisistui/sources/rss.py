"""RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feedparser, fetched with conditional GET."""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from crisistui.models import RawItem
from crisistui.sources import http
from crisistui.sources.base import SourceError


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_id(entry: Any) -> str:
    for key in ("id", "guid", "link"):
        value = entry.get(key)
        if value:
            return str(value)
    basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha1:" + hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()


def entry_to_item(source: str, entry: Any, fallback_time: datetime) -> RawItem:
    """One feed entry as a raw item: title and summary make the text."""
    title = str(entry.get("title") or "")
    summary = str(entry.get("summary") or "")
    text = f"{title} — {summary}" if title and summary and summary != title else title or summary
    author = entry.get("author") or (entry.get("source") or {}).get("title")
    return RawItem(
        source=source,
        external_id=_entry_id(entry),
        text=text,
        created_at=_when(entry) or fallback_time,
        author=str(author) if author else None,
        url=str(entry.get("link")) if entry.get("link") else None,
        lang=None,
    )


class RssSource:
    """A feed URL polled every ``interval`` seconds."""

    kind = "rss"

    def __init__(self, name: str, url: str, interval: float, keep_unmatched: bool) -> None:
        self.name = name
        self.url = url
        self.interval = interval
        self.keep_unmatched = keep_unmatched
        self.hold_off: float | None = None
        self._etag: str | None = None
        self._modified: str | None = None

    @property
    def finished(self) -> bool:
        return False

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        headers = {
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
        }
        if self._etag:
            headers["If-None-Match"] = self._etag
        if self._modified:
            headers["If-Modified-Since"] = self._modified
        fetched = await http.get(client, self.url, headers=headers)
        if fetched.status == 304:
            return []
        feed = feedparser.parse(fetched.body, sanitize_html=True, resolve_relative_uris=False)
        if feed.bozo and not feed.entries:
            problem = feed.get("bozo_exception")
            raise SourceError(f"ill-formed feed: {problem}" if problem else "ill-formed feed")
        if not feed.entries and not feed.get("feed"):
            raise SourceError("not a feed (no channel and no entries)")
        self._etag = fetched.headers.get("ETag") or self._etag
        self._modified = fetched.headers.get("Last-Modified") or self._modified
        now = datetime.now(UTC)
        return [entry_to_item(self.name, entry, now) for entry in feed.entries]
