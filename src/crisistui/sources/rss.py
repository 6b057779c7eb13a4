"""RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feedparser, fetched with conditional GET."""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import html
import io
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.api
import httpx

from crisistui.domain.models import RawItem
from crisistui.domain.text import MAX_STORED_CHARS, html_head, strip_html
from crisistui.domain.time import STAMPED_SECONDS, stated_time
from crisistui.sources import http
from crisistui.sources.base import ConditionalGet, SourceError
from crisistui.sources.feed_check import LENIENT_LIMIT, describe, strict_problem
from crisistui.sources.feed_encoding import readable

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "*/*;q=0.5"
)
BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Bozo reasons that say nothing about the document's shape (a wrong Content-Type, say)."""
FIRST_SEEN_LIMIT = 10_000
"""Undated entries (and entries' first ids) remembered; more than any feed holds at once, small
enough to never matter."""
MAX_HTML_CHARS = 4 * MAX_STORED_CHARS
"""An entry's title or summary is read up to here, as ``normalise`` reads a text: a mention
keeps its first 5,000 characters of text, and stripping the tags of a 6 MB summary took 9 s
of CPU."""


_ZONES = {
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "WET": 0, "WEST": 60, "EET": 120,
    "EEST": 180, "BST": 60, "MSK": 180, "TRT": 180, "GST": 240, "PKT": 300, "WIB": 420,
    "ICT": 420, "HKT": 480, "SGT": 480, "AWST": 480, "PHT": 480, "JST": 540, "KST": 540,
    "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780, "HST": -600,
    "AKST": -540, "AKDT": -480, "NST": -210, "NDT": -150, "BRT": -180, "ART": -180,
}  # fmt: skip
"""Zone abbreviations feeds write that feedparser does not know (it knows UT, GMT and North
America's), in minutes east of UTC; it read "22:57 CEST" as 22:57 UTC, two hours ahead.
IST and CST name several zones: see ``_AMBIGUOUS``."""
_AMBIGUOUS = frozenset({"CST", "IST"})
"""Zones named alike on several continents: China's and North America's Central time, India's,
Ireland's and Israel's. A feed with ``time_zone`` set has its dates so named read in that zone
(a Chinese site's "19:30 CST" is Beijing time, 14 hours from Chicago's); without it, as
feedparser reads them (CST as UTC−6, IST as UTC)."""
_ZONED_DATE = re.compile(
    r"(?:\w{3},\s*)?(\d{1,2})\s+(\w{3})\w*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+"
    r"([A-Za-z]{3,4})\s*"
)
_MONTHS = {m.lower(): n for n, m in enumerate(calendar.month_abbr) if m}


def _wall_time(raw: str) -> tuple[tuple[int, ...], str] | None:
    """The clock time an RFC 822 date writes, as (year, month, …, second), and the zone it
    names after it; None when it is not such a date."""
    found = _ZONED_DATE.fullmatch(raw.strip())
    if found is None or (month := _MONTHS.get(found[2].lower())) is None:
        return None
    day, year, hour, minute, second = found.group(1, 3, 4, 5, 6)
    return (int(year), month, int(day), int(hour), int(minute), int(second or 0)), found[7]


def _date_in_named_zone(text: str) -> Any:
    """An RFC 822 date whose zone is one of ``_ZONES``, as feedparser's UTC 9-tuple; None
    for any other (feedparser's own handlers then read it)."""
    read = _wall_time(text)
    if read is None or (offset := _ZONES.get(read[1].upper())) is None:
        return None
    try:
        local = datetime(*read[0], tzinfo=UTC)
    except ValueError:
        return None
    return (local - timedelta(minutes=offset)).utctimetuple()


feedparser.registerDateHandler(_date_in_named_zone)

_ZONE_GIVEN = re.compile(r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5}\d?)\s*\Z")
"""The end of a date that names its zone ("Z", "+08:00", "-0500", "GMT", "CEST")."""


def _local_date(entry: Any, zone: tzinfo) -> datetime | None:
    """The entry's date read in ``zone`` when the feed writes it without a zone
    ("2026-12-07 05:48:06"), which feedparser reads as UTC; None when it names its zone or
    has no date."""
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)
        parsed = dict.get(entry, f"{key}_parsed")
        if not isinstance(raw, str) or not parsed:
            continue
        if (named := _ZONE_GIVEN.search(raw)) is None:
            wall = parsed[:6]
        elif named.group().strip().upper() in _AMBIGUOUS and (found := _wall_time(raw)):
            wall = found[0]
        else:
            return None
        try:
            when = datetime(*wall, tzinfo=zone).astimezone(UTC)
        except (OverflowError, ValueError, OSError):
            continue
        return when if stated_time(when) is not None else None
    return None


_OFFSET = re.compile(r"[+-](\d{2}):?(\d{2})\s*\Z")


def _impossible_offset(raw: object) -> bool:
    """Whether a date ends in an offset no zone has ("+9999"): feedparser took it for 99 h
    99 min, and a post of a quarter of an hour ago was dated four days back."""
    found = _OFFSET.search(raw) if isinstance(raw, str) else None
    return found is not None and (int(found[1]) > 14 or int(found[2]) > 59)


def _when(entry: Any) -> datetime | None:
    """The entry's date, or None when it has none, none that parses ("not a date at all") or
    one before ``EARLIEST_POST``.

    Read with ``dict.get``: asked for a missing ``updated_parsed``, feedparser answers with
    ``published_parsed`` (already tried) and a deprecation warning on every such entry."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)
        if parsed and not _impossible_offset(dict.get(entry, key.removesuffix("_parsed"))):
            try:
                when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                continue  # a year 0 or 99999 date is as good as none
            if stated_time(when) is not None:  # 1970-01-01 is a missing date written as zero
                return when
    return None


STAMPED_WITHIN = STAMPED_SECONDS
"""Seconds from the fetch within which an entry's date is the feed generator's clock: some
feeds stamp every entry with the time of the request, so each poll's entries looked new (a
new id and content key, both hashed with the date) and were stored again: a surge that never
happened. Such entries (within this of our clock or of the server's ``Date``, when there are
``STAMPED_FROM`` of them) are read as undated: their time is when they were first seen, and
a first poll's are backlog."""
AHEAD_TOLERANCE = timedelta(minutes=5)
"""How far ahead of our clock an entry's date may be (a skewed server) before it is read as
no date at all: a feed writing local time without its zone, or with a zone feedparser does
not know, dates the last hours' entries in the future, and each poll would store them as
arriving that second, a surge that never happened."""
STAMPED_FROM = 2
"""Entries dated at the fetch that mark a feed as stamping them."""
_DATE_KEYS = ("published", "published_parsed", "updated", "updated_parsed")
_DATE_KEYS += ("created", "created_parsed")


def _server_time(headers: Mapping[str, str]) -> list[datetime]:
    """The server's clock when it answered (its ``Date`` headers), those readable: a feed
    stamped by a server whose clock is off by minutes is stamped by that clock."""
    get_list = getattr(headers, "get_list", None)
    values = get_list("Date") if get_list is not None else [headers.get("Date") or ""]
    clocks = []
    for value in values:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if when.tzinfo is not None:
            clocks.append(when)
    return clocks


def _stamped(stated: list[datetime | None], clocks: list[datetime]) -> set[int]:
    """The places (from 1) of the entries (their ``stated`` dates) dated at the fetch, by our
    clock or the server's, when two or more are: one post in the seconds before a fetch
    happens, several do not."""
    places = {
        place
        for place, when in enumerate(stated, start=1)
        if when is not None
        and any(abs((when - clock).total_seconds()) <= STAMPED_WITHIN for clock in clocks)
    }
    return places if len(places) >= STAMPED_FROM else set()


def _undated(entry: Any) -> Any:
    """A copy of ``entry`` without its dates."""
    copy = type(entry)(entry)
    for key in _DATE_KEYS:
        dict.pop(copy, key, None)
    return copy


def _entry_id(entry: Any) -> str:
    """The feed's own id; failing that, a hash of what the entry says (stable across polls)."""
    for key in ("id", "guid", "link"):
        value = entry.get(key)
        if value:
            return str(value)
    basis = "\n".join(str(entry.get(k) or "") for k in ("title", "summary", "published", "updated"))
    return "sha1:" + hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()


def _content_key(entry: Any) -> str:
    """What the entry says, whatever id the feed gives it.

    Read with ``dict.get``: feedparser warns when a missing ``updated`` is asked for.
    """
    basis = "\n".join(str(dict.get(entry, k) or "") for k in ("title", "summary", "published"))
    return hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()


def _plain(text: str) -> str:
    return " ".join(strip_html(text).split())


_ADDRESS_STARTS = ("http://", "https://", "/")
"""How a guid that is an address starts (a path is one on the feed's site)."""


def _as_html(value: object, detail: Any) -> str:
    """An entry's title or summary as HTML: what feedparser calls plain text (Atom's
    ``type="text"``, an RSS title without markup) is handed over unescaped, and its "<b>" is
    three characters, not a tag."""
    text = str(value or "")
    plain = isinstance(detail, dict) and detail.get("type") == "text/plain"
    return html.escape(text, quote=False) if plain else text


_WORDPRESS_FOOTER = re.compile(
    r"(?:<p>)?\s*The post\s*<a\b.{0,600}?</a>\s*appeared first on\s*<a\b.{0,400}?</a>"
    r"\.?\s*(?:</p>)?\s*\Z",
    re.DOTALL | re.IGNORECASE,
)
"""WordPress's "The post <title> appeared first on <site>." at the end of every summary, both
linked as WordPress writes them: the feed's boilerplate, not what the entry says ("The post
about the outage appeared first on Reddit", written by a person, stays)."""


_REDDIT_FOOTER = re.compile(
    r"(?:&#32;|\s)*submitted by(?:&#32;|\s)*<a\b[^>]*>\s*/?u/[^<]{1,60}</a>.{0,600}?"
    r"\[comments\]</a>\s*(?:</span>)?\s*\Z",
    re.DOTALL | re.IGNORECASE,
)
"""Reddit's feeds end every entry with "submitted by /u/… [link] [comments]", linked."""


def entry_to_item(
    source: str,
    entry: Any,
    fallback_time: datetime,
    base: str = "",
    feed_lang: str | None = None,
    created_at: datetime | None = None,
) -> RawItem | None:
    """One feed entry as a raw item (title and summary make the text), or None when empty.

    A relative link ("/news/1", which RSS forbids and feeds send anyway) is made absolute
    against ``base``, the feed's URL. ``created_at``, when given, is its date as read (in the
    feed's ``time_zone``), over the date feedparser read.

    Google News search entries carry the publisher in ``<source>`` and repeat it after the
    headline ("Headline - Publisher") and in a summary that says nothing more, or that lists
    the headlines of the story's other outlets after its own: the publisher becomes the
    author, the headline the text.

    Its language is the entry's own tag (RSS ``dc:language``, Atom ``xml:lang`` on its title
    or summary), else the feed's (``feed_lang``: RSS ``<language>``, Atom ``xml:lang``); the
    pipeline reads it as a source's tag (ISO 639-1, unless the text's letters contradict it).
    """
    title = str(entry.get("title") or "").strip()
    publisher = str((entry.get("source") or {}).get("title") or "").strip()
    if publisher and title.endswith(f" - {publisher}"):  # both as feedparser decoded them
        title = title.removesuffix(f" - {publisher}").rstrip()
    title = html_head(_as_html(title, dict.get(entry, "title_detail")), MAX_HTML_CHARS)
    summary = _as_html(entry.get("summary"), dict.get(entry, "summary_detail"))
    if not summary and entry.get("content"):
        summary = _as_html(entry["content"][0].get("value"), entry["content"][0])
    summary = html_head(summary, MAX_HTML_CHARS)
    summary = _REDDIT_FOOTER.sub("", _WORDPRESS_FOOTER.sub("", summary))
    plain_title, plain_summary = _plain(title), _plain(summary)
    if plain_summary in {"", plain_title, f"{plain_title} {publisher}".strip()}:
        summary = ""
    elif publisher and plain_title and plain_summary.startswith(plain_title):
        summary = ""  # a cluster's lead: its list goes on with other outlets' headlines
    elif plain_title and plain_summary.startswith(f"{plain_title} "):
        title = ""  # the content opens with the title as its heading (Medium, Substack)
    text = f"{title} — {summary}" if title and summary else title or summary
    if not text:
        return None
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author") or publisher
    link = entry.get("link")
    if link and link == entry.get("id") and not str(link).lower().startswith(_ADDRESS_STARTS):
        # feedparser makes a <guid> the link when there is none; "x1" is no address
        link = None
    if not link:
        link = _enclosure(entry)  # a podcast's episode with no page: its audio
    return RawItem(
        source=source,
        external_id=_entry_id(entry),
        text=text,
        created_at=created_at or _when(entry) or fallback_time,
        author=str(author) if author else None,
        url=urljoin(base, str(link)) if link else None,
        lang=_language(entry) or feed_lang,
    )


def _enclosure(entry: Any) -> str | None:
    """The address of an entry's first enclosure (a podcast episode's audio), or None."""
    for enclosure in entry.get("enclosures") or ():
        href = enclosure.get("href") if isinstance(enclosure, dict) else None
        if isinstance(href, str) and href.lower().startswith(_ADDRESS_STARTS):
            return href
    return None


def _language(entry: Any) -> str | None:
    """The language an entry says it is in, if any."""
    for tag in (
        entry.get("language"),
        (dict.get(entry, "title_detail") or {}).get("language"),
        (dict.get(entry, "summary_detail") or {}).get("language"),
    ):
        if isinstance(tag, str) and tag.strip():
            return tag.strip()
    return None


def _problem(feed: Any) -> object | None:
    """What went wrong parsing, ignoring remarks about the Content-Type or encoding."""
    problem = feed.get("bozo_exception") if feed.get("bozo") else None
    return None if isinstance(problem, BENIGN) else problem


def _too_deep(fetched: http.Fetched) -> str | None:
    """Why a feed that gave no entry was no feed, if it nests too deep to read (the strict
    check is otherwise made only of bodies over ``LENIENT_LIMIT``)."""
    problem = strict_problem(fetched.body, fetched.headers.get("Content-Type", "application/xml"))
    return problem if problem and "deep" in problem else None


def _declares_entities(fetched: http.Fetched) -> bool:
    """Whether the feed opens with a DOCTYPE: the safe parser refuses its declarations (a
    "billion laughs" or an external entity expands to nothing) and reads the rest leniently,
    which is no fault of the feed's own markup."""
    return b"<!doctype" in fetched.body[:4096].lower()


_INTERNAL_SUBSET = re.compile(rb"(<!DOCTYPE\b[^\[>]*)\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
"""A DOCTYPE's own declarations (``<!DOCTYPE rss [<!ENTITY …>]>``), which no feed needs."""


def _without_declarations(body: bytes) -> bytes:
    """``body`` with its DOCTYPE's declarations left out, so an entity is never expanded,
    as docs/sources.md says: a "billion laughs" of 1.5 KB took a poll 0.75 s and 67 MB even
    unexpanded, and a defined name stood in the stored text for what the feed's own text was
    not ("&co;" read "Southpoint Roasters"). The DOCTYPE itself stays (an RSS 0.91 feed names
    its version there); an entity it declared is left as written."""
    head = body[:4096]
    if b"<!" not in head or b"[" not in head:
        return body
    end = re.search(rb"<[A-Za-z_]", body)
    cut = end.start() if end else len(body)
    return _INTERNAL_SUBSET.sub(rb"\1>", body[:cut], count=1) + body[cut:]


def _looks_like_html(fetched: http.Fetched) -> bool:
    head = fetched.body[:2048].lstrip().lower()
    content_type = fetched.headers.get("Content-Type", "").lower()
    return "html" in content_type or head.startswith((b"<!doctype html", b"<html"))


def parse_feed(fetched: http.Fetched) -> Any:
    """Parse a body with feedparser; raise SourceError when it holds no feed at all.

    The body goes in as a stream: given bytes, feedparser first tries them as a file name, so a
    body that spells a local path would be read from disk.

    A body over LENIENT_LIMIT is parsed only when it is well-formed XML: feedparser would hand
    any other to its lenient parser, whose time and memory grow with the size (one poll of a
    6 MB tag soup took 52 s of CPU and 1.09 GB).
    """
    body, content_type = readable(
        fetched.body, fetched.headers.get("Content-Type", "application/xml")
    )
    if len(body) > LENIENT_LIMIT and (malformed := strict_problem(body, content_type)):
        if _looks_like_html(fetched):
            raise SourceError("not a feed (got an HTML page; is the URL the site, not its feed?)")
        raise SourceError(
            f"malformed feed: {malformed}, and its {len(body):,} bytes are over the "
            f"{LENIENT_LIMIT:,} read leniently; not parsed"
        )
    feed = feedparser.parse(
        io.BytesIO(_without_declarations(body)),
        response_headers={"content-type": content_type},
        # Its sanitizer, for HTML that a browser would show, took 18 s of CPU for an entry of
        # 6 MB of tags; the pipeline reads text only (``strip_html`` drops scripts and
        # styles, and the console never reads markup in a mention).
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = _problem(feed)
    if not feed.get("version") and not feed.entries:
        if not fetched.body.strip():
            raise SourceError("not a feed (empty response)")
        if _looks_like_html(fetched):
            raise SourceError("not a feed (got an HTML page; is the URL the site, not its feed?)")
        detail = f"not XML: {describe(problem)}" if problem else "no RSS or Atom document"
        raise SourceError(f"not a feed ({detail})")
    return feed


class RssSource(ConditionalGet):
    """A feed URL polled every ``interval`` seconds.

    An entry without a usable date (none, or one that does not parse: "not a date at all")
    is dated by when it was first seen, except in the source's first poll: what the feed holds
    then is its backlog, history of unknown time, and stamped with the poll's time it would
    look like a surge arriving this minute (sixty old complaints made a new feed CRITICAL).
    Those entries are skipped, in that poll and in every later one that still serves them,
    and counted in ``skipped`` with ``last_problem``, as the JSON source counts items without
    a time. An undated entry that first appears in a later poll is new: it is kept, dated by
    the poll that first saw it. The first poll is the first that reads a feed, in each run of
    the collector: undated entries published while it was stopped count as backlog too.
    """

    kind = "rss"

    def __init__(
        self,
        name: str,
        url: str,
        interval: float,
        keep_unmatched: bool,
        *,
        now: Callable[[], datetime] | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.name = name
        self.zone = zone
        """The zone of dates the feed writes without one (``time_zone``); None: UTC."""
        self.url = url
        self.interval = interval
        self.keep_unmatched = keep_unmatched
        self.hold_off: float | None = None
        self._now = now or (lambda: datetime.now(UTC))
        self._first_seen: OrderedDict[str, datetime] = OrderedDict()
        self._first_id: OrderedDict[str, str] = OrderedDict()  # content key -> id first given
        self._read_once = False
        """Whether a poll has read the feed: until then, undated entries are backlog."""
        self._backlog: OrderedDict[str, None] = OrderedDict()
        """Ids of the undated entries of the first poll, skipped whenever they are served."""
        self.skipped = 0
        """Entries of the last poll skipped as backlog of unknown time (see the class)."""
        self.last_problem: str | None = None
        """Why the first of them was skipped; None when none was."""
        self.note: str | None = None
        """What the last poll left out and why, in one line for people; None when nothing."""

    @property
    def finished(self) -> bool:
        return False

    def _seen_at(self, external_id: str, now: datetime) -> datetime:
        """When an undated entry was first seen, so its time does not move between polls."""
        when = self._first_seen.setdefault(external_id, now)
        self._first_seen.move_to_end(external_id)
        while len(self._first_seen) > FIRST_SEEN_LIMIT:
            self._first_seen.popitem(last=False)
        return when

    def _stable_ids(self, found: list[tuple[RawItem, str]]) -> list[RawItem]:
        """Items under the id their content was first seen with, if the feed has dropped it.

        Some feeds mint a new guid (a session id, a timestamp) on every fetch: the same stories
        would be stored again each poll, a surge that never happened. The store knows a dated
        entry again by its words too (``domain.repeats``); an undated one's time is when this
        run first saw its id, so it is known here, by what it says, or not at all.
        """
        present = {item.external_id for item, _ in found}
        items: list[RawItem] = []
        for item, key in found:
            first = self._first_id.setdefault(key, item.external_id)
            self._first_id.move_to_end(key)
            if first != item.external_id and first not in present:
                item = replace(item, external_id=first)
            items.append(item)
        while len(self._first_id) > FIRST_SEEN_LIMIT:
            self._first_id.popitem(last=False)
        return items

    def _skip_backlog(
        self,
        items: list[RawItem],
        undated: list[int | None],
        stamped: AbstractSet[int] = frozenset(),
        ahead: AbstractSet[int] = frozenset(),
    ) -> list[RawItem]:
        """``items`` without the undated backlog; ``undated`` holds, for each item, its entry's
        place in the feed when the entry has no usable date (None when it has one);
        ``stamped``: the places whose date was the fetch's own time (``_stamped``);
        ``ahead``: those dated ahead of our clock (``AHEAD_TOLERANCE``)."""
        first_poll = not self._read_once
        kept: list[RawItem] = []
        skipped, first_problem = 0, None  # only the first is described, as for JSON items
        for item, place in zip(items, undated, strict=True):
            key = item.external_id
            if place is None or (not first_poll and key not in self._backlog):
                kept.append(item)
                continue
            self._backlog[key] = None
            self._backlog.move_to_end(key)
            skipped += 1
            first_problem = first_problem or (
                f"entry {place}: dated at the very second of the fetch in the feed's first "
                "poll, as feeds that stamp every entry with the request's time date them; "
                "kept at a later poll if its date then stays put"
                if place in stamped
                else f"entry {place}: dated ahead of our clock in the feed's first poll "
                "(a date without its time zone? set time_zone); kept at a later poll, dated "
                "when first seen"
                if place in ahead
                else f"entry {place}: no usable date in the feed's first poll; "
                "history of unknown time is not stored as arriving now"
                if first_poll
                else f"entry {place}: undated backlog the feed has served since its first poll; "
                "history of unknown time is not stored as arriving now"
            )
        while len(self._backlog) > FIRST_SEEN_LIMIT:
            self._backlog.popitem(last=False)
        self.skipped, self.last_problem = skipped, first_problem
        places = set(undated) - {None}
        why = (
            "dated by the fetch"
            if stamped and places <= stamped
            else "dated ahead of our clock"
            if ahead and places <= ahead
            else None
        )
        self.note = (
            f"{skipped} of {len(items)} entries skipped: {why or 'no usable date'} "
            f"({first_problem})"
            if skipped
            else f"{len(ahead)} of {len(items)} entries dated ahead of our clock (a date "
            "without its time zone? set time_zone): dated when first seen"
            if ahead
            else None
        )
        return kept

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        headers = self._ask_if_changed({"Accept": ACCEPT})
        fetched = await http.get(client, self.url, headers=headers, max_bytes=http.MAX_BODY_BYTES)
        self.hold_off = http.rate_limit_wait(fetched.headers)
        if fetched.status == 304:
            self.skipped, self.last_problem, self.note = 0, None, None
            return []
        # feedparser is pure Python: a large feed must not stall the other sources' event loop.
        feed = await asyncio.to_thread(parse_feed, fetched)
        now = self._now()
        found: list[tuple[RawItem, str]] = []
        undated: list[int | None] = []
        tagged = feed.get("feed", {}).get("language")
        feed_lang = tagged.strip() or None if isinstance(tagged, str) else None
        dates = [_when(entry) for entry in feed.entries]
        if self.zone is not None:
            dates = [
                _local_date(entry, self.zone) or stated
                for entry, stated in zip(feed.entries, dates, strict=True)
            ]
        stamped = _stamped(dates, [now, *_server_time(fetched.headers)])
        ahead = {
            place
            for place, stated in enumerate(dates, start=1)
            if stated is not None and stated > now + AHEAD_TOLERANCE
        }
        for place, (entry, stated) in enumerate(zip(feed.entries, dates, strict=True), start=1):
            if place in stamped or place in ahead:
                entry, stated = _undated(entry), None  # the generator's clock, not the post's
            dated = stated is not None
            fallback = stated if stated is not None else self._seen_at(_entry_id(entry), now)
            item = entry_to_item(self.name, entry, fallback, self.url, feed_lang, stated)
            if item is not None:
                found.append((item, _content_key(entry)))
                undated.append(None if dated else place)
        items = self._stable_ids(found)
        problem = _problem(feed)
        if not items and problem is not None:
            raise SourceError(f"ill-formed feed: {describe(problem)}")
        if not feed.entries and (deep := await asyncio.to_thread(_too_deep, fetched)):
            raise SourceError(f"malformed feed: {deep}; not parsed")
        items = self._skip_backlog(items, undated, stamped, ahead)
        if problem is not None and _declares_entities(fetched):
            said = "feed declares a DOCTYPE or entities, which are never expanded: read leniently"
            self.note = f"{said}; {self.note}" if self.note else said
        elif problem is not None:  # read, but a tag left open or a body cut short loses entries
            said = f"ill-formed feed read leniently ({describe(problem)}): entries may be missing"
            self.note = f"{said}; {self.note}" if self.note else said
        self._read_once = True
        self._read_whole(fetched.headers)
        return items
