"""Reddit search (links, newest first), anonymous or with an app-only OAuth token."""

from __future__ import annotations

import asyncio
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from crisistui.config import RedditSourceConfig
from crisistui.domain.models import RawItem
from crisistui.domain.text import plain_as_html
from crisistui.domain.time import stated_time
from crisistui.sources import http
from crisistui.sources.base import RESUME_SLACK, ConfiguredSource, SourceError, flood_note

REDDIT_SITES = {"https://www.reddit.com", "https://reddit.com"}
OAUTH_API = "https://oauth.reddit.com"
"""Reddit serves OAuth-authenticated API calls from its own host, not www."""
PAGE_SIZE = 100
MAX_PAGES = 3
LOOKBACK_SECONDS = 600.0
"""Reddit's search index lags behind posting, so a post may surface after newer ones were
seen; each poll re-reads this much before the newest seen and drops ids already returned."""
MAX_AHEAD = 1000
"""Posts dated after their arrival remembered by id, so one is returned once, not every poll."""
TOKEN_MARGIN_SECONDS = 60.0
TOKEN_TIMEOUT_SECONDS = 30.0
TOKEN_MAX_BYTES = 64 * 1024
TOKEN_LONGEST = 86_400.0
"""The longest a token is trusted, whatever lifetime its reply claims (Reddit's last a day)."""


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value)


def _time(value: object) -> datetime | None:
    """Epoch seconds as a time; None for what no clock says (NaN, the year 3e12, zero)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return stated_time(datetime.fromtimestamp(value, UTC))
    except (OverflowError, OSError, ValueError):
        return None


_MARKDOWN_LINK = re.compile(
    r"\[([^\[\]\n]{1,300})\]\((?:https?://|/)(?:[^()\s]|\([^()\s]{0,200}\)){0,2000}\)"
)
"""A Markdown link, its address holding at most one level of parentheses (Wikipedia's)."""
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.{1,300}?)(?<=\S)\1")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def markdown_as_text(text: str) -> str:
    """A post's Markdown as its words: "[EU261](https://…)" reads "EU261", "**They**" reads
    "They", a "## heading" its words (single * and _ stay: they are as often a shrug or a
    name's underscore)."""
    if "[" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if "**" in text or "__" in text or "~~" in text:
        text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    if "#" in text:
        text = _MARKDOWN_HEADING.sub("", text)
    return text


def post_to_item(source: str, data: Mapping[str, Any]) -> RawItem | None:
    """One t3 (link) as a raw item, or None when it lacks an id or a time."""
    fullname = data.get("name") or (f"t3_{data['id']}" if data.get("id") else None)
    created = _time(data.get("created_utc"))
    if not isinstance(fullname, str) or created is None:
        return None
    # Plain text (``raw_json=1``), which the pipeline would read as HTML.
    title = plain_as_html(str(data.get("title") or ""))
    body = str(data.get("selftext") or "")
    body = "" if body in ("[removed]", "[deleted]") else plain_as_html(markdown_as_text(body))
    author = data.get("author")
    permalink = data.get("permalink")
    score = _count(data.get("score"))
    return RawItem(
        source=source,
        external_id=fullname,
        text=f"{title}\n\n{body}" if body else title,
        created_at=created,
        author=f"u/{author}" if isinstance(author, str) and author != "[deleted]" else None,
        url=f"https://www.reddit.com{permalink}"
        if isinstance(permalink, str) and permalink.startswith("/")
        else None,
        likes=max(score, 0) if score is not None else None,
        replies=_count(data.get("num_comments")),
        reposts=_count(data.get("num_crossposts")),
    )


def _listing(body: object) -> tuple[list[Mapping[str, Any]], str | None]:
    """The t3 payloads of a Listing and its ``after`` cursor."""
    data = body.get("data") if isinstance(body, dict) else None
    children = data.get("children") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(children, list):
        raise SourceError("unexpected response: not a Reddit listing")
    posts = [
        child["data"]
        for child in children
        if isinstance(child, dict)
        and child.get("kind") == "t3"
        and isinstance(child.get("data"), dict)
    ]
    after = data.get("after")
    return posts, after if isinstance(after, str) and after else None


class RedditSource(ConfiguredSource):
    """Search results for ``query`` (site-wide or one subreddit), polled newest first."""

    kind = "reddit"

    def __init__(
        self,
        spec: RedditSourceConfig,
        environ: Mapping[str, str] = os.environ,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(spec)
        self._spec = spec
        self._environ = environ
        site = spec.url.rstrip("/")
        self._oauth = bool(spec.client_id_env or spec.client_secret_env)
        self.token_url = f"{site}/api/v1/access_token"
        api = OAUTH_API if self._oauth and site in REDDIT_SITES else site
        path = f"/r/{spec.subreddit}/search.json" if spec.subreddit else "/search.json"
        self.search_url = api + path
        self._token: str | None = None
        self._token_expires = 0.0
        self._newest: float | None = None
        """Newest creation time seen (epoch seconds), never past when its page arrived."""
        self._seen: dict[str, float] = {}
        """id -> stated time of the posts returned within the look-back (or still ahead)."""
        self._now = now or (lambda: datetime.now(UTC))

    def resume_after(self, last_ok: datetime) -> None:
        """A collector ran before this one and last polled at ``last_ok``: the first poll pages
        back to then rather than taking one page, so a restart leaves no gap."""
        if self._newest is None:
            self._newest = (last_ok - RESUME_SLACK).timestamp()

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        headers = await self._auth_headers(client)
        params = {"q": self._spec.query, "sort": "new", "limit": str(PAGE_SIZE)}
        params |= {"raw_json": "1", "type": "link"}
        if self._spec.subreddit:
            params["restrict_sr"] = "1"
        seen_up_to = self._newest
        floor = None if seen_up_to is None else seen_up_to - LOOKBACK_SECONDS
        items: dict[str, RawItem] = {}
        arrived = 0.0
        flooded = False
        for _ in range(MAX_PAGES):
            fetched = await self._get(client, params, headers)
            arrived = self._now().timestamp()
            self.hold_off = http.rate_limit_wait(fetched.headers)
            posts, after = _listing(http.json_body(fetched))
            reached_seen = False
            before = len(items)
            for post in posts:
                item = post_to_item(self.name, post)
                if item is None:
                    continue
                # From the future (a lying or skewed clock): taken as arriving now, as the
                # collector dates it, or one post "from 2100" would hide every later one.
                when = min(item.created_at.timestamp(), arrived)
                reached_seen = reached_seen or (seen_up_to is not None and when <= seen_up_to)
                if (floor is None or when > floor) and item.external_id not in self._seen:
                    items.setdefault(item.external_id, item)
            # The first poll takes one page: a backlog is history, not news.
            if seen_up_to is None or reached_seen or after is None or self.hold_off is not None:
                break
            if len(items) == before or after == params.get("after"):
                break  # a page of nothing new (a server repeating itself): no flood, no more
            params["after"] = after
        else:  # every page a poll reads, and the seen posts not reached
            flooded = True
        self.note = flood_note(len(items), MAX_PAGES) if flooded else None
        self._remember(items.values(), arrived)
        return list(items.values())

    def _remember(self, items: Iterable[RawItem], arrived: float) -> None:
        """Advance the newest time seen (a post from the future counts as arrived now); keep
        ids as far back as the look-back reaches, and a future post's until its time passes,
        since Reddit keeps serving it as the newest."""
        stated = {item.external_id: item.created_at.timestamp() for item in items}
        self._seen.update(stated)
        if stated:
            newest = max(min(when, arrived) for when in stated.values())
            self._newest = max(self._newest or 0.0, newest)
        if self._newest is not None:
            cutoff = self._newest - LOOKBACK_SECONDS
            kept = [(key, when) for key, when in self._seen.items() if when > cutoff]
            ahead = [key for key, when in kept if when > self._newest]
            dropped = set(ahead[: max(0, len(ahead) - MAX_AHEAD)])  # the oldest returned
            self._seen = {key: when for key, when in kept if key not in dropped}

    async def _get(
        self, client: httpx.AsyncClient, params: dict[str, str], headers: dict[str, str]
    ) -> http.Fetched:
        try:
            return await http.get(client, self.search_url, params=params, headers=headers)
        except SourceError as exc:
            if self._oauth and exc.reason.startswith("HTTP 401"):
                self._token = None  # expired or revoked: fetch a new one next poll
                raise SourceError(f"{exc.reason} (OAuth token rejected; will renew)") from None
            if not self._oauth and exc.reason.startswith("HTTP 403"):
                raise SourceError(
                    f"{exc.reason} (Reddit refuses anonymous requests from many networks: set "
                    "client_id_env and client_secret_env to an OAuth app's)",
                    exc.retry_after,
                ) from None
            raise

    def _credential(self, variable: str) -> str:
        value = self._environ.get(variable)
        if not value:
            raise SourceError(f"environment variable {variable} is not set")
        return value

    async def _auth_headers(self, client: httpx.AsyncClient) -> dict[str, str]:
        """Anonymous, or a bearer token fetched once and reused until shortly before expiry."""
        if not self._oauth:
            return {}
        if self._token is None or time.monotonic() >= self._token_expires:
            id_env, secret_env = self._spec.client_id_env, self._spec.client_secret_env
            if not id_env or not secret_env:
                raise SourceError("OAuth needs both client_id_env and client_secret_env")
            client_id, secret = self._credential(id_env), self._credential(secret_env)
            token, lifetime = await fetch_token(client, self.token_url, client_id, secret)
            self._token = token
            self._token_expires = time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 0.0)
        return {"Authorization": f"bearer {self._token}"}


async def fetch_token(
    client: httpx.AsyncClient, url: str, client_id: str, secret: str
) -> tuple[str, float]:
    """An app-only token and its lifetime in seconds (client_credentials grant).

    Reddit wants the grant as a form body with HTTP basic auth, which ``http.request`` cannot
    send, hence this small POST of its own, its reply read up to TOKEN_MAX_BYTES. Error text
    never includes the credentials.
    """
    try:
        async with (
            asyncio.timeout(TOKEN_TIMEOUT_SECONDS),
            client.stream(
                "POST",
                url,
                data={"grant_type": "client_credentials"},
                auth=httpx.BasicAuth(client_id, secret),
                headers={"Accept": "application/json"},
            ) as response,
        ):
            if response.status_code == 429:
                try:
                    wait: float | None = float(response.headers.get("Retry-After", ""))
                except ValueError:
                    wait = http.rate_limit_wait(response.headers)
                raise SourceError(
                    "rate limited (HTTP 429) fetching the OAuth token",
                    60.0 if wait is None else wait,
                )
            if response.status_code >= 400:
                status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                raise SourceError(f"OAuth token refused ({status}): check the client id and secret")
            raw, more = await http.read_capped(response, TOKEN_MAX_BYTES)
            if more:
                # A token is a few hundred bytes; a server streaming more is not giving one.
                raise SourceError(f"OAuth token reply too large (over {TOKEN_MAX_BYTES:,} bytes)")
    except (httpx.TimeoutException, TimeoutError):
        raise SourceError("OAuth token request timed out") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"OAuth token request failed: {exc.__class__.__name__}") from None
    body = http.json_body(http.Fetched(response.status_code, raw, response.headers))
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        error = body.get("error") if isinstance(body, dict) else None
        raise SourceError(f"OAuth token refused: {error or 'no access_token in the reply'}")
    lifetime = body.get("expires_in") if isinstance(body, dict) else None
    return token, _lifetime(lifetime)


def _lifetime(value: object) -> float:
    """A token's lifetime in seconds as the reply gives it, within a minute and a day (an
    hour when it gives none or one that is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 3600.0
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float: a lie, as long as it is
        return TOKEN_LONGEST
    return min(max(seconds, 60.0), TOKEN_LONGEST) if math.isfinite(seconds) else 3600.0
