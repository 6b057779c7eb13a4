"""Hacker News stories and comments through the Algolia search API, newest first."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from crisistui.config import HackerNewsSourceConfig
from crisistui.domain.models import RawItem
from crisistui.domain.text import plain_as_html
from crisistui.domain.time import stated_time
from crisistui.sources import http
from crisistui.sources.base import RESUME_SLACK, ConfiguredSource, SourceError, flood_note

PAGE_SIZE = 100
MAX_PAGES = 5
LOOKBACK_SECONDS = 600
"""Seconds before the newest hit seen that each poll asks for again: Algolia indexes some
items after newer ones (a comment created a minute earlier, found only after), and asking
only for what is newer than the newest lost them for good. Those already returned are
known by id and not returned again."""
MAX_AHEAD = 1000
"""Hits dated after their arrival remembered by id, so one is returned once, not every poll."""


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


def _created(hit: Mapping[str, Any]) -> datetime | None:
    """The hit's time; a number no clock says (NaN, the year 3e12, zero) falls back to the
    text."""
    seconds = _count(hit.get("created_at_i"))
    if seconds is not None:
        with contextlib.suppress(OverflowError, OSError, ValueError):
            if when := stated_time(datetime.fromtimestamp(seconds, UTC)):
                return when
    text = hit.get("created_at")
    if isinstance(text, str):
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
        return stated_time(when if when.tzinfo else when.replace(tzinfo=UTC))
    return None


def hit_to_item(source: str, hit: Mapping[str, Any]) -> RawItem | None:
    """One Algolia hit as a raw item (comment and story text stay HTML; the pipeline strips
    it)."""
    object_id = hit.get("objectID")
    created = _created(hit)
    if not isinstance(object_id, str) or not object_id or created is None:
        return None
    tags = hit.get("_tags")
    if (isinstance(tags, list) and "comment" in tags) or hit.get("comment_text"):
        text = str(hit.get("comment_text") or "")
    else:
        title = plain_as_html(str(hit.get("title") or ""))  # plain text; the body is HTML
        body = str(hit.get("story_text") or "")
        text = f"{title}\n\n{body}" if body else title
    author = hit.get("author")
    return RawItem(
        source=source,
        external_id=object_id,
        text=text,
        created_at=created,
        author=author if isinstance(author, str) and author else None,
        # the discussion, where the mention and its replies are (as a Reddit post's permalink),
        # not the article a story links to, which is often the brand's own page
        url=f"https://news.ycombinator.com/item?id={quote(object_id, safe='', errors='replace')}",
        likes=_count(hit.get("points")),
        replies=_count(hit.get("num_comments")),
    )


def _page(body: object) -> tuple[list[Mapping[str, Any]], int]:
    """The hits of one search page and how many pages the search has."""
    hits = body.get("hits") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(hits, list):
        raise SourceError("unexpected response: no 'hits' list")
    pages = _count(body.get("nbPages"))
    return [hit for hit in hits if isinstance(hit, dict)], pages or 0


class HackerNewsSource(ConfiguredSource):
    """Algolia ``search_by_date`` for ``query``; later polls ask only for newer items."""

    kind = "hackernews"

    def __init__(
        self,
        spec: HackerNewsSourceConfig,
        environ: Mapping[str, str] = os.environ,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(spec)
        self._spec = spec
        self._url = spec.url.rstrip("/") + "/api/v1/search_by_date"
        kinds = [kind for kind in ("story", "comment") if kind in spec.kinds]
        kinds = kinds or ["story", "comment"]
        self._tags = kinds[0] if len(kinds) == 1 else f"({','.join(kinds)})"
        self._newest: int | None = None
        """Newest creation time seen (epoch seconds), never past when its page arrived."""
        self._ahead: dict[str, int] = {}
        """id -> stated time, of hits dated past their arrival and returned then."""
        self._returned: dict[str, int] = {}
        """id -> time, of the hits returned within ``LOOKBACK_SECONDS`` of the newest."""
        self._now = now or (lambda: datetime.now(UTC))

    def resume_after(self, last_ok: datetime) -> None:
        """A collector ran before this one and last polled at ``last_ok``: the first poll pages
        back to then rather than taking the latest page, so a restart leaves no gap."""
        if self._newest is None:
            self._newest = int((last_ok - RESUME_SLACK).timestamp())

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        params = {"query": self._spec.query, "tags": self._tags, "hitsPerPage": str(PAGE_SIZE)}
        since = self._newest
        floor = None if since is None else since - LOOKBACK_SECONDS
        if floor is not None:
            params["numericFilters"] = f"created_at_i>{floor}"
        items: dict[str, RawItem] = {}
        times: dict[str, int] = {}  # id -> time as compared with the mark
        ahead: dict[str, int] = {}  # id -> stated time, of hits dated past arrival
        page = 0
        stale = False
        while True:
            params["page"] = str(page)
            fetched = await http.get(client, self._url, params=params)
            arrived = int(self._now().timestamp())
            self.hold_off = http.rate_limit_wait(fetched.headers)
            hits, pages = _page(http.json_body(fetched))
            before = len(items)
            for hit in hits:
                item = hit_to_item(self.name, hit)
                if item is None or item.external_id in self._ahead:
                    continue
                when = item.created_at.timestamp()
                if when > arrived:
                    # From the future (a lying or skewed clock): taken as arriving now, as the
                    # collector dates it, or one hit "from 2099" would hide every later one.
                    ahead[item.external_id], when = int(when), arrived
                if floor is None or (when > floor and item.external_id not in self._returned):
                    items.setdefault(item.external_id, item)
                    times.setdefault(item.external_id, int(when))
            page += 1
            # The first poll takes the latest page only: a backlog is history, not news.
            if since is None or page >= min(pages, MAX_PAGES) or self.hold_off is not None:
                break
            if len(items) == before:
                stale = True  # a page of nothing new (a server repeating itself): no flood
                break
        flooded = (
            since is not None and not stale and page >= MAX_PAGES < pages and self.hold_off is None
        )
        self.note = flood_note(len(items), MAX_PAGES) if flooded else None
        if times:
            self._newest = max(max(times.values()), since or 0)
        self._returned.update(times)
        if self._newest is not None:
            oldest = self._newest - LOOKBACK_SECONDS
            self._returned = {k: t for k, t in self._returned.items() if t > oldest}
        self._ahead.update({key: when for key, when in ahead.items() if key in items})
        mark = self._newest or 0
        self._ahead = dict([(k, t) for k, t in self._ahead.items() if t > mark][-MAX_AHEAD:])
        return list(items.values())
