"""Bluesky post search over XRPC, logged in with an app password (anonymous search is refused)."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx

from crisistui.config import BlueskySourceConfig
from crisistui.domain.models import RawItem
from crisistui.domain.time import parse_iso, stated_time
from crisistui.sources import http
from crisistui.sources.base import RESUME_SLACK, ConfiguredSource, SourceError, flood_note
from crisistui.sources.kept_session import KeptSession

PAGE_LIMIT = 100  # searchPosts maximum
MAX_PAGES = 5  # per poll: a flood is sampled newest-first rather than paged without end
MAX_AHEAD = 1000
LOOKBACK = timedelta(minutes=10)
"""How far before the newest post seen each poll reads again: the search index shows some
posts after newer ones (indexing lag, a phone's clock running slow), and reading only what
is newer than the newest lost them for good. Those already returned are known by uri."""
"""Posts dated after their arrival remembered by uri, so one is returned once, not every poll."""
_ERROR_BODY_BYTES = 64 * 1024
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")
"""RFC 6750's b64token, what a JWT is made of: anything else in a Bearer header makes httpx
raise with the header's value in its message, past every scrub."""


class XrpcError(SourceError):
    """A 400/401 whose body names the XRPC error, so an expired token can be told apart."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(
            f"HTTP {status} {error}: {message}" if message else f"HTTP {status} {error}"
        )
        self.status = status
        self.error = error
        self.message = message


class _ErrorBodies:
    """A client for ``http.request`` that turns a 400/401 into XrpcError, body read first.

    ``http.request`` drops error bodies, and XRPC puts the only useful detail there (ExpiredToken,
    why a login was refused). Wrapping the client, not copying ``request``, keeps its timeouts,
    size cap and 429 handling for every other outcome.
    """

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    @asynccontextmanager
    async def stream(self, method: str, url: str, **kwargs: Any) -> AsyncIterator[httpx.Response]:
        # A 307 keeps method and body: a followed login would hand the password to the new host.
        follow = method == "GET"
        async with self._client.stream(method, url, follow_redirects=follow, **kwargs) as response:
            if response.is_redirect and not follow:
                where = response.headers.get("Location", "")[:200]
                raise SourceError(
                    f"Bluesky {url.rsplit('/', 1)[-1]} was redirected to {where}; "
                    "credentials are sent only to the configured url"
                )
            if response.status_code in (400, 401):
                raw, _more = await http.read_capped(response, _ERROR_BODY_BYTES)
                try:
                    data = json.loads(raw)
                except (ValueError, UnicodeDecodeError, RecursionError):
                    data = None
                data = data if isinstance(data, Mapping) else {}
                error = str(data.get("error") or response.reason_phrase or "error")[:200]
                raise XrpcError(response.status_code, error, str(data.get("message") or "")[:500])
            yield response


async def xrpc(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    token: str | None = None,
    params: dict[str, str] | None = None,
    body: object | None = None,
) -> http.Fetched:
    """``http.request``, except a 400/401 raises XrpcError naming the XRPC error."""
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    wrapped = cast(httpx.AsyncClient, _ErrorBodies(client))
    return await http.request(wrapped, method, url, headers=headers, params=params, json=body)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def sort_time(post: Mapping[str, Any]) -> datetime | None:
    """The earlier of createdAt and indexedAt: what sort=latest orders by, and a bound on lies.

    A client-set createdAt can be in the future (bad clocks, mischief); a post cannot have been
    written after the service indexed it.
    """
    record = post.get("record")
    created = parse_iso(record.get("createdAt")) if isinstance(record, Mapping) else None
    # a createdAt of zero (1970) is no time, not the earlier one
    created, indexed = stated_time(created), stated_time(parse_iso(post.get("indexedAt")))
    if created and indexed:
        return min(created, indexed)
    return created or indexed


def _embed_text(post: Mapping[str, Any]) -> str:
    """What a post without text of its own says through what it embeds: a link card's title
    and description, or its images' descriptions (alt text). A quoted post is someone else's
    words, and left out."""
    embed = post.get("embed")
    if not isinstance(embed, Mapping):
        return ""
    media = embed.get("media")
    if isinstance(media, Mapping):  # recordWithMedia: the media beside a quoted post
        embed = media
    said: list[str] = []
    external = embed.get("external")
    if isinstance(external, Mapping):
        said += [external.get("title"), external.get("description")]
    images = embed.get("images")
    if isinstance(images, list):
        said += [image.get("alt") for image in images if isinstance(image, Mapping)]
    return " — ".join(part.strip() for part in said if isinstance(part, str) and part.strip())


_LINK = "app.bsky.richtext.facet#link"


def _with_full_links(text: str, facets: object) -> str:
    """``text`` with each link the app shortened ("example.com/legal/refun...") written out
    as the link its facet holds: a brand's name or a term in the hidden part of a link is
    matched like the rest. Facets index the text's UTF-8 bytes; one that does not fit them
    (a lying or stale record) is left as written."""
    if not isinstance(facets, list) or not text:
        return text
    data = text.encode("utf-8")
    links: list[tuple[int, int, str]] = []
    for facet in facets:
        if not isinstance(facet, Mapping):
            continue
        index, features = facet.get("index"), facet.get("features")
        if not isinstance(index, Mapping) or not isinstance(features, list):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        uri = next(
            (f.get("uri") for f in features if isinstance(f, Mapping) and f.get("$type") == _LINK),
            None,
        )
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(data)
            and isinstance(uri, str)
            and uri.startswith(("http://", "https://"))
            and _shortened(data[start:end], uri)
        ):
            links.append((start, end, uri))
    out, at = bytearray(), 0
    for start, end, uri in sorted(links):
        if start < at:
            continue  # overlapping facets: the first wins
        out += data[at:start] + uri.encode("utf-8")
        at = end
    out += data[at:]
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:  # a range cutting a character in two
        return text


def _shortened(shown: bytes, uri: str) -> bool:
    """Whether ``shown`` is the app's short form of ``uri`` ("acme.example/legal/refun..."),
    not words of the writer's own that the link is set on ("our refund policy")."""
    text = shown.decode("utf-8", errors="replace").strip()
    bare = text.removesuffix("...").removesuffix("…")
    full = uri.split("://", 1)[-1].removeprefix("www.")
    return bool(bare) and full.startswith(bare.removeprefix("www."))


def post_to_item(source: str, post: Mapping[str, Any], fallback_time: datetime) -> RawItem:
    """One postView as a raw item; plain text is escaped since the pipeline reads text as HTML."""
    record = post.get("record")
    record = record if isinstance(record, Mapping) else {}
    author = post.get("author")
    author = author if isinstance(author, Mapping) else {}
    handle = str(author.get("handle") or "")
    uri = str(post.get("uri") or "")
    rkey = uri.rsplit("/", 1)[-1]
    who = handle if handle and handle != "handle.invalid" else str(author.get("did") or "")
    langs = record.get("langs")
    lang = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
    reposts, quotes = _int(post.get("repostCount")), _int(post.get("quoteCount"))
    return RawItem(
        source=source,
        external_id=uri,
        text=html.escape(
            _with_full_links(str(record.get("text") or ""), record.get("facets")).strip()
            or _embed_text(post),
            quote=False,
        ),
        created_at=sort_time(post) or fallback_time,
        # an account whose handle no longer verifies is "handle.invalid": its DID tells it
        # from every other such account
        author=f"@{who}" if who else None,
        author_followers=None,  # searchPosts has no follower counts
        url=f"https://bsky.app/profile/{who}/post/{rkey}" if who and rkey else None,
        lang=lang,
        likes=_int(post.get("likeCount")),
        reposts=None if reposts is None and quotes is None else (reposts or 0) + (quotes or 0),
        replies=_int(post.get("replyCount")),
    )


class BlueskySource(ConfiguredSource):
    """searchPosts, newest first, paged back only as far as the newest post already seen."""

    kind = "bluesky"

    def __init__(
        self,
        spec: BlueskySourceConfig,
        environ: Mapping[str, str] = os.environ,
        kept: KeptSession | None = None,
    ) -> None:
        super().__init__(spec)
        self._base = spec.url.rstrip("/")
        self._query = spec.query
        self._handle = spec.handle
        self._password_env = spec.app_password_env
        self._environ = environ
        self._kept = kept if kept is not None else KeptSession(self._base, spec.handle)
        """The session of an earlier run (``collect --once`` from cron logs in once)."""
        self._access: str | None = None
        self._refresh: str | None = None
        self._mark: datetime | None = None  # sort time of the newest post seen
        self._at_mark: set[str] = set()  # uris seen at exactly that time (ties are common)
        self._ahead: dict[str, datetime] = {}  # uri -> stated time, of posts dated past arrival
        self._returned: dict[str, datetime] = {}
        """uri -> sort time, of the posts returned within ``LOOKBACK`` of the mark."""

    def _password(self) -> str:
        password = self._environ.get(self._password_env, "").strip()
        if not password:
            raise SourceError(
                f"environment variable {self._password_env} is not set (Bluesky app password)"
            )
        return password

    def _scrub(self, text: str, *also: str | None) -> str:
        """Servers echo odd things; no secret of ours may reach the screen or a log.

        ``also`` names tokens this poll held before a renewal replaced them.
        """
        password = self._environ.get(self._password_env, "").strip()
        secrets = {password, self._access, self._refresh, *also} - {None, ""}
        for secret in sorted(secrets, key=len, reverse=True):  # one inside another: longest first
            text = text.replace(secret, "***")
        return text

    def _take_session(self, fetched: http.Fetched) -> None:
        data = http.json_body(fetched)
        access = data.get("accessJwt") if isinstance(data, Mapping) else None
        refresh = data.get("refreshJwt") if isinstance(data, Mapping) else None
        if not isinstance(access, str) or not isinstance(refresh, str):
            raise SourceError("Bluesky session response has no tokens")
        if not _TOKEN.fullmatch(access) or not _TOKEN.fullmatch(refresh):
            raise SourceError("Bluesky session response has malformed tokens")
        self._access, self._refresh = access, refresh
        self._kept.save({"access": access, "refresh": refresh})

    def _resume(self) -> bool:
        """Take up the session an earlier run kept, if any."""
        kept = self._kept.load()
        access, refresh = kept.get("access", ""), kept.get("refresh", "")
        if not _TOKEN.fullmatch(access) or not _TOKEN.fullmatch(refresh):
            return False
        self._access, self._refresh = access, refresh
        return True

    async def _login(self, client: httpx.AsyncClient) -> None:
        password = self._password()
        self._access = self._refresh = None
        credentials = {"identifier": self._handle, "password": password}
        url = f"{self._base}/xrpc/com.atproto.server.createSession"
        try:
            fetched = await xrpc(client, "POST", url, body=credentials)
        except XrpcError as exc:
            message = self._scrub(exc.message or exc.error)
            self._kept.forget()
            raise SourceError(f"Bluesky login refused for {self._handle}: {message}") from None
        self._take_session(fetched)

    async def _renew(self, client: httpx.AsyncClient) -> None:
        """Refresh the session; if the refresh token is refused too, log in again."""
        if self._refresh:
            url = f"{self._base}/xrpc/com.atproto.server.refreshSession"
            try:
                self._take_session(await xrpc(client, "POST", url, token=self._refresh))
                return
            except XrpcError:
                pass
        await self._login(client)

    async def _search(self, client: httpx.AsyncClient, params: dict[str, str]) -> http.Fetched:
        if self._access is None and not self._resume():
            await self._login(client)
        url = f"{self._base}/xrpc/app.bsky.feed.searchPosts"
        try:
            return await xrpc(client, "GET", url, token=self._access, params=params)
        except XrpcError as exc:
            if exc.error not in ("ExpiredToken", "InvalidToken") and exc.status != 401:
                raise SourceError(f"Bluesky search refused: {exc.reason}") from None
        await self._renew(client)
        try:
            return await xrpc(client, "GET", url, token=self._access, params=params)
        except XrpcError as exc:
            raise SourceError(f"Bluesky search refused with a new session: {exc.reason}") from None

    def resume_after(self, last_ok: datetime) -> None:
        """A collector ran before this one and last polled at ``last_ok``: the first poll pages
        back to then (``RESUME_SLACK`` earlier) rather than reading the newest page only, so
        a restart leaves no gap (the store skips the posts it has)."""
        if self._mark is None:
            self._mark = last_ok - RESUME_SLACK

    def _seen(self, when: datetime, uri: str) -> bool:
        """At or below the mark: older, or as old and already returned (ties are common), or
        dated after its arrival and returned then."""
        if uri in self._ahead or uri in self._returned:
            return True
        if self._mark is None:
            return False
        return when < self._mark - LOOKBACK or (when == self._mark and uri in self._at_mark)

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        """Every error's reason scrubbed here, once: each path of login, renewal and retry
        once carried its own scrub, and the one that forgot showed the access token."""
        held = (self._access, self._refresh)
        try:
            return await self._poll(client)
        except SourceError as exc:
            raise SourceError(self._scrub(exc.reason, *held), exc.retry_after) from None

    async def _poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        self._password()  # fail early and clearly, even while a session is still alive
        self.hold_off = None
        params = {"q": self._query, "sort": "latest", "limit": str(PAGE_LIMIT)}
        now = datetime.now(UTC)
        items: dict[str, RawItem] = {}
        newest: datetime | None = None
        times: dict[str, datetime] = {}  # uri -> time as compared with the mark
        ahead: dict[str, datetime] = {}  # uri -> stated time, of posts dated past arrival
        flooded = False
        for _ in range(MAX_PAGES):
            fetched = await self._search(client, params)
            arrived = datetime.now(UTC)
            self.hold_off = http.rate_limit_wait(fetched.headers)
            data = http.json_body(fetched)
            posts = data.get("posts") if isinstance(data, Mapping) else None
            if not isinstance(posts, list):
                raise SourceError("unexpected searchPosts response: no list of posts")
            reached_seen = False
            before = len(items)
            for post in posts:
                if not isinstance(post, Mapping) or not post.get("uri"):
                    continue
                when = sort_time(post)
                if when is not None and when > arrived:
                    # From the future (a lying or skewed service): taken as arriving now, as the
                    # collector dates it, or one post "from 2099" would hide every later one.
                    ahead[str(post["uri"])], when = when, arrived
                if when is not None and self._seen(when, str(post["uri"])):
                    reached_seen = True
                    continue
                item = post_to_item(self.name, post, now)
                items.setdefault(item.external_id, item)
                if when is not None:
                    times.setdefault(item.external_id, when)
                    newest = when if newest is None else max(newest, when)
            cursor = data.get("cursor")
            # First poll: only the newest page, no backfill of the whole search history.
            if self._mark is None or reached_seen or not posts or not isinstance(cursor, str):
                break
            if self.hold_off is not None:
                break
            if len(items) == before or cursor == params.get("cursor"):
                break  # a page of nothing new (a cursor that never ends): no flood, no more
            params = {**params, "cursor": cursor}
        else:  # every page a poll reads, and the seen posts not reached
            flooded = True
        self.note = flood_note(len(items), MAX_PAGES) if flooded else None
        if newest is not None:
            if self._mark is None or newest > self._mark:
                self._mark, self._at_mark = newest, set()
            self._at_mark |= {uri for uri, when in times.items() if when == newest}
        self._returned.update(times)
        if self._mark is not None:
            oldest = self._mark - LOOKBACK
            self._returned = {u: t for u, t in self._returned.items() if t >= oldest}
        self._remember_ahead(ahead)
        return list(items.values())

    def _remember_ahead(self, ahead: Mapping[str, datetime]) -> None:
        """Keep future-dated posts returned until the mark passes their stated time."""
        self._ahead.update(ahead)
        mark = self._mark
        kept = [(u, t) for u, t in self._ahead.items() if mark is None or t >= mark]
        self._ahead = dict(kept[-MAX_AHEAD:])
