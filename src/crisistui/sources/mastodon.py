"""Mastodon hashtag timelines and (with a token) full-text search of one instance."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from crisistui.config import MastodonSourceConfig
from crisistui.domain.models import RawItem
from crisistui.domain.text import strip_html
from crisistui.domain.time import parse_iso, stated_time
from crisistui.sources import http
from crisistui.sources.base import RESUME_SLACK, ConfiguredSource, SourceError, flood_note

PAGE_LIMIT = 40  # the API's maximum for both endpoints
MAX_PAGES = 5  # per timeline per poll: a flood is caught up over several polls, not in one burst
MAX_STRAYS = 1000
"""Statuses whose ids could not be a mark, remembered so one is returned once, not every poll."""
MAX_ID_AHEAD = timedelta(days=1)
"""How far past our clock a snowflake's time may be (a skewed instance) before it is a lie."""


def _id_key(status_id: str) -> tuple[int, str]:
    """Order Mastodon ids: numeric snowflakes compare by length first, so '10' > '9'."""
    return (len(status_id), status_id)


_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
"""GoToSocial's ids: ULIDs, 48 bits of milliseconds then 80 random, in Crockford's base 32."""
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FLAKE = re.compile(r"[0-9A-Za-z]{12,26}")
"""Pleroma's and Akkoma's ids: 128-bit flakes (time first) in base 62, 18 characters today."""


def sane_id(status_id: str, now: datetime) -> bool:
    """Whether an id may become the newest-seen mark (``min_id`` of every later request).

    Mastodon ids are 64-bit snowflakes: milliseconds since 1970 shifted left 16 bits, above a
    sequence (old instances count from 1). One id "99999999999999999999999", or one whose time
    is years ahead, made the mark and every later poll asked for statuses newer than it: none.
    Servers speaking Mastodon's API give other time-ordered ids: ULIDs (GoToSocial), whose
    time is checked as a snowflake's, and base-62 flakes (Pleroma, Akkoma), whose time is not
    readable: such a mark must keep the length of the one before (``_newest_sane``).
    """
    if not status_id.isascii():
        return False
    latest = (now + MAX_ID_AHEAD).timestamp() * 1000
    if _ULID.fullmatch(status_id):
        millis = 0
        for char in status_id[:10]:
            millis = millis * 32 + _CROCKFORD.index(char)
        return millis <= latest
    if not status_id.isdigit():
        return _FLAKE.fullmatch(status_id) is not None
    # 2**63 has 19 digits; int() of a longer hostile id could refuse (4,300 digits at most).
    if not 0 < len(status_id) <= 19:
        return False
    number = int(status_id)
    return str(number) == status_id and number < 2**63 and (number >> 16) <= latest


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str:
    """A field the API documents as a string: a number is written out, anything else (a
    list, an object: a server that lies) is no value, never its Python spelling."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


_SENTENCE_ENDS = frozenset(".!?…:;。！？")


_QUOTE_INLINE = re.compile(
    r"<p\b[^>]*\bclass=[\"'][^\"']*\bquote-inline\b[^>]*>.*?</p>", re.DOTALL | re.IGNORECASE
)
"""A quote post's "RE: <link to the quoted post>", written for servers that show no quotes
(clients hide it): the quoted post is a status of its own."""


def _only_tags(text: str) -> bool:
    """Whether ``text`` says nothing but hashtags, handles and links (or nothing at all)."""
    return all(word.startswith(("#", "@", "http://", "https://")) for word in text.split())


def _qualified(acct: str, profile: str) -> str:
    """``user@instance`` for every account: the API writes an account local to the polled
    server as bare ``user``, so ``@alice`` of two polled servers became one author, and a
    brand's bare handle matched namesakes on every other service. The instance is the host
    of the account's profile address; without one the name stays as given."""
    if not acct or "@" in acct:
        return acct
    try:
        host = urlsplit(profile).hostname if profile.startswith(("https://", "http://")) else None
    except ValueError:
        host = None
    return f"{acct}@{host}" if host else acct


def status_to_item(source: str, status: Mapping[str, Any], fallback_time: datetime) -> RawItem:
    """One Status entity as a raw item; a reblog becomes its original so dedupe keeps one."""
    inner = status.get("reblog")
    if isinstance(inner, Mapping):
        status = inner
    content = _text(status.get("content"))
    if "quote-inline" in content:
        content = _QUOTE_INLINE.sub("", content)
    if _only_tags(strip_html(content)):
        # A post of only a photo or video says what it says in its description (alt text),
        # and so does one captioned with hashtags alone (Pixelfed's usual post): plain text,
        # escaped so the HTML stripper keeps it verbatim.
        media = status.get("media_attachments")
        described = (
            [_text(m.get("description")) for m in media if isinstance(m, Mapping)]
            if isinstance(media, list)
            else []
        )
        content += "".join(f"<p>{html.escape(d, quote=False)}</p>" for d in described if d)
    spoiler = _text(status.get("spoiler_text")).strip()
    if spoiler:
        # The content warning is plain text; escape it so the HTML stripper keeps it verbatim,
        # and end it as a sentence, so it does not run into the post ("comida, asco Encontré").
        ended = spoiler if spoiler[-1] in _SENTENCE_ENDS else f"{spoiler}."
        content = f"<p>{html.escape(ended, quote=False)}</p>{content}"
    account = status.get("account")
    account = account if isinstance(account, Mapping) else {}
    acct = _qualified(_text(account.get("acct")), _text(account.get("url")))
    url = _text(status.get("url")) or _text(status.get("uri"))
    lang = _text(status.get("language"))
    return RawItem(
        source=source,
        external_id=_text(status.get("uri")) or _text(status.get("id")),
        text=content,
        created_at=stated_time(parse_iso(status.get("created_at"))) or fallback_time,
        author=f"@{acct}" if acct else None,
        author_followers=_int(account.get("followers_count")),
        url=url or None,
        lang=lang or None,
        likes=_int(status.get("favourites_count")),
        reposts=_int(status.get("reblogs_count")),
        replies=_int(status.get("replies_count")),
    )


def _is_new(status: Mapping[str, Any], since: str | None, after: datetime | None) -> bool:
    """Whether a status is above the newest seen (``since``), or was posted at or after
    ``after`` (one that says no readable time is taken as new); with neither, every one is."""
    if since:
        return _id_key(str(status["id"])) > _id_key(since)
    if after is not None:
        posted = stated_time(parse_iso(status.get("created_at")))
        return posted is None or posted >= after
    return True


def _statuses(body: object, where: str) -> list[Mapping[str, Any]]:
    """The list of statuses in a response, or a SourceError saying the shape is wrong."""
    if isinstance(body, Mapping):  # /api/v2/search
        body = body.get("statuses")
    if not isinstance(body, list):
        raise SourceError(f"unexpected response from {where}: no list of statuses")
    return [s for s in body if isinstance(s, Mapping) and _text(s.get("id"))]


def _id_kind(status_id: str) -> str:
    """Which kind of time-ordered id this is: a snowflake (Mastodon), a ULID (GoToSocial) or
    a base-62 flake (Pleroma, Akkoma)."""
    if status_id.isdigit():
        return "snowflake"
    return "ulid" if _ULID.fullmatch(status_id) else "flake"


def _newest_sane(
    statuses: list[Mapping[str, Any]], mark: str | None, unfit: set[str]
) -> str | None:
    """The newest id among ``statuses`` that may follow ``mark`` (the present one) as the
    mark, or None; the ids that may not go into ``unfit``. An id whose time cannot be read (a
    base-62 flake) must be as long as the mark, and its status not dated ahead of our clock:
    ids order by length first, so one longer lie would be newer than everything the server
    will ever send."""
    now = datetime.now(UTC)
    ahead = now + MAX_ID_AHEAD
    # An instance gives ids of one kind: after a numeric mark, a "flake" of as many letters
    # or a ULID (26 characters) would be newer than every snowflake the server will send.
    kinds = [_id_kind(str(status["id"])) for status in statuses]
    kind = _id_kind(mark) if mark is not None else max(set(kinds), key=kinds.count, default=None)

    def fits(status_id: str, status: Mapping[str, Any]) -> bool:
        if _id_kind(status_id) != kind or not sane_id(status_id, now):
            return False
        if status_id.isdigit() or _ULID.fullmatch(status_id):
            return True
        when = parse_iso(status.get("created_at"))
        return (mark is None or len(mark) == len(status_id)) and when is not None and when <= ahead

    ids = []
    for status in statuses:
        status_id = str(status["id"])
        if fits(status_id, status):
            ids.append(status_id)
        else:
            unfit.add(status_id)
    return max(ids, key=_id_key) if ids else None


class MastodonSource(ConfiguredSource):
    """Polls tag timelines (public) and search (token) for statuses newer than last time."""

    kind = "mastodon"

    def __init__(self, spec: MastodonSourceConfig, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(spec)
        self._base = spec.url.rstrip("/")
        self._tags = [tag.lstrip("#") for tag in spec.tags if tag.lstrip("#")]
        self._query = spec.query
        self._token_env = spec.token_env
        self._environ = environ
        self._newest: dict[str, str] = {}  # timeline key -> newest status id seen
        self._strays: dict[str, None] = {}  # ids of statuses returned that could not be a mark
        self._resumed_after: datetime | None = None

    def resume_after(self, last_ok: datetime) -> None:
        """A collector ran before this one and last polled at ``last_ok``: the first poll reads
        back to then (``RESUME_SLACK`` earlier) rather than the newest page only, so a restart,
        a standby's takeover or a `collect --once` run from cron leaves no gap."""
        self._resumed_after = last_ok - RESUME_SLACK

    def _token(self) -> str | None:
        """Read per poll, so the token lives only in the environment, never in config."""
        if not self._token_env:
            return None
        token = self._environ.get(self._token_env, "").strip()
        if not token:
            raise SourceError(f"environment variable {self._token_env} is not set (Mastodon token)")
        return token

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        token = self._token()
        headers = {"Accept": "application/json"}
        if token:  # also sent to tag timelines: some instances close them to anonymous readers
            headers["Authorization"] = f"Bearer {token}"
        newest = dict(self._newest)  # committed only if the whole poll succeeds
        self.hold_off = None
        self.note = None
        found: list[Mapping[str, Any]] = []
        unfit: set[str] = set()  # ids that could not be a mark
        for tag in self._tags:
            url = f"{self._base}/api/v1/timelines/tag/{quote(tag, safe='')}"
            found += await self._forward(client, url, {}, headers, newest, f"tag:{tag}", unfit)
            if self.hold_off is not None:
                break
        if self._query and token and self.hold_off is None:
            params = {"q": self._query, "type": "statuses", "resolve": "false"}
            url = f"{self._base}/api/v2/search"
            found += await self._backward(client, url, params, headers, newest, "search", unfit)
        self._newest = newest
        self._resumed_after = None
        now = datetime.now(UTC)
        items: dict[str, RawItem] = {}
        strays: list[str] = []
        for status in found:
            status_id = str(status["id"])
            if status_id in self._strays:
                continue  # above every mark for good: returned once already
            if status_id in unfit:
                strays.append(status_id)
            item = status_to_item(self.name, status, now)
            items.setdefault(item.external_id, item)
        self._strays.update(dict.fromkeys(strays))
        self._strays = dict(list(self._strays.items())[-MAX_STRAYS:])
        return list(items.values())

    async def _page(
        self, client: httpx.AsyncClient, url: str, params: dict[str, str], headers: dict[str, str]
    ) -> list[Mapping[str, Any]]:
        fetched = await http.get(client, url, headers=headers, params=params)
        self.hold_off = http.rate_limit_wait(fetched.headers)  # Mastodon's reset: ISO-8601
        return _statuses(http.json_body(fetched), url.removeprefix(self._base))

    async def _forward(
        self,
        client: httpx.AsyncClient,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        newest: dict[str, str],
        key: str,
        unfit: set[str],
    ) -> list[Mapping[str, Any]]:
        """Timelines: min_id returns the page just above it, so walk upwards page by page."""
        if not newest.get(key) and self._resumed_after is not None:  # catch up from the top
            return await self._backward(client, url, params, headers, newest, key, unfit)
        found: list[Mapping[str, Any]] = []
        for _ in range(MAX_PAGES):
            since = newest.get(key)
            query = {**params, "limit": str(PAGE_LIMIT)}
            if since:
                query["min_id"] = since
            page = await self._page(client, url, query, headers)
            fresh = [s for s in page if not since or _id_key(str(s["id"])) > _id_key(since)]
            mark = _newest_sane(fresh, since, unfit)
            if mark is not None:
                newest[key] = mark
            found += fresh
            # First poll: only the newest page, no backfill of the tag's whole history.
            if not since or len(page) < PAGE_LIMIT or mark is None or self.hold_off is not None:
                break
        return found

    async def _backward(
        self,
        client: httpx.AsyncClient,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        newest: dict[str, str],
        key: str,
        unfit: set[str],
    ) -> list[Mapping[str, Any]]:
        """Newest first, down with max_id: search to the newest status seen (min_id only
        filters there), and a run's first poll after another's, on a timeline too, to
        statuses posted before that run's last poll (``_resumed_after``)."""
        since = newest.get(key)
        after = None if since else self._resumed_after
        read: list[Mapping[str, Any]] = []
        found: list[Mapping[str, Any]] = []
        max_id: str | None = None
        for _ in range(MAX_PAGES):
            query = {**params, "limit": str(PAGE_LIMIT)}
            if since:
                query["min_id"] = since
            if max_id:
                query["max_id"] = max_id
            page = await self._page(client, url, query, headers)
            if max_id and not any(_id_key(str(s["id"])) < _id_key(max_id) for s in page):
                break  # a server that ignores max_id: the same page again is no flood
            read += page
            fresh = [s for s in page if _is_new(s, since, after)]
            found += fresh
            if not (since or after) or len(page) < PAGE_LIMIT or len(fresh) < len(page):
                break
            if not fresh or self.hold_off is not None:
                break
            max_id = min((str(s["id"]) for s in page), key=_id_key)
        else:  # every page a poll reads, and what was seen before not reached
            self.note = flood_note(len(found), MAX_PAGES)
            if after is not None:
                self.note = self.note.replace("since the last poll", "since the collector last ran")
        mark = _newest_sane(read if after else found, since, unfit)
        if mark is not None:
            newest[key] = mark
        return found
