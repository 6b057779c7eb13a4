"""The shared HTTP client and a bounded GET that turns every failure into a readable reason."""

from __future__ import annotations

import asyncio
import ipaddress
import math
import re
import socket
import ssl
from dataclasses import dataclass
from functools import cache

import httpx

from crisistui import __version__
from crisistui.domain.numbers import wait_in_words
from crisistui.domain.time import parse_iso
from crisistui.sources.inflate import ACCEPTED, EncodingError, Inflater

USER_AGENT = f"crisistui/{__version__} (brand monitoring console)"
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_WAIT_SECONDS = 86400.0
"""Longest wait a service may ask for; inf, nan or 1e308 would break the scheduler's timedelta."""
MAX_RATE_LIMIT_WAIT = 3600.0
"""Longest a source holds off for an exhausted rate limit: published windows are minutes, and
a header read wrong (a reset in milliseconds) must not silence a source for a day on the
day of a crisis."""
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_CONNECTIONS = 100
"""Open connections all sources share. A source holds one at a time, so this is how many
sources can wait on slow servers before a healthy one has to wait for a connection (with 20,
an OPML list's 25 stalled feeds made a healthy source fail)."""
TOTAL_SECONDS = 60.0
"""A whole request, body included, never takes longer: a server dripping one byte at a time
would otherwise never trip the read timeout."""


@cache
def _tls() -> ssl.SSLContext:
    """httpx's own verification (certifi's roots, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``),
    made once per process: reading the roots takes about 0.1 s, which every console start
    and every collector taking over used to pay again."""
    return httpx.create_ssl_context()


def make_client(sources: int = 0) -> httpx.AsyncClient:
    """One client for every source: pooled connections, timeouts, a clear User-Agent. Each
    of the ``sources`` holds one connection at a time, so there are at least as many as they
    are, and one over: an OPML list of 130 feeds on a hung host took the 100 a healthy source
    needed one of."""
    return httpx.AsyncClient(
        http2=True,
        verify=_tls(),
        timeout=TIMEOUT,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED},
        follow_redirects=True,
        limits=httpx.Limits(
            max_connections=max(MAX_CONNECTIONS, sources + 1), max_keepalive_connections=20
        ),
        event_hooks={"request": [_refuse_link_local]},
    )


async def _refuse_link_local(request: httpx.Request) -> None:
    """No request to a link-local address (169.254.0.0/16, fe80::/10) or AWS's IPv6 metadata
    address, where clouds answer with a machine's credentials: a feed that redirects there
    gets its error, never a poll whose answer could end up in the database or a log. The host
    is resolved as the connection will resolve it, so "2852039166", "0xa9fea9fe" and a name
    pointing there are refused too."""
    from crisistui.sources.base import SourceError

    host = request.url.host
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                host, None, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError):
            return  # the connection will say what is wrong with the name
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if any(_metadata_address(address) for address in addresses):
        raise SourceError(f"refused: {host} is a cloud metadata (link-local) address, not a feed")


_AWS_METADATA_V6 = ipaddress.IPv6Address("fd00:ec2::254")


def _metadata_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address == _AWS_METADATA_V6:
            return True
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
    return address.is_link_local


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response body (or a 304)."""

    status: int
    body: bytes
    headers: httpx.Headers


def bounded_wait(seconds: float) -> float | None:
    """A wait within 0..MAX_WAIT_SECONDS, or None for nonsense (nan, inf)."""
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_WAIT_SECONDS)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return bounded_wait(float(value))
    except ValueError:
        pass
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return bounded_wait((when - datetime.now(UTC)).total_seconds())


def rate_limit_wait(headers: httpx.Headers) -> float | None:
    """Seconds to hold off before the next request, from the service's rate-limit headers.

    Understands ``X-RateLimit-Remaining``/``-Reset`` (epoch seconds, seconds from now or, as
    Mastodon writes it, an ISO-8601 time),
    the IETF ``RateLimit-Remaining``/``-Reset`` (seconds), and Reddit's ``X-Ratelimit-*``
    (header names are case-insensitive, so both spellings are one).
    """
    remaining = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
    if remaining is None or reset is None:
        return None
    from datetime import UTC, datetime

    try:
        left = float(remaining)
    except ValueError:
        return None
    try:
        reset_value = float(reset)
    except ValueError:
        when = parse_iso(reset)  # Mastodon's: "2026-12-07T23:09:00.000Z"
        if when is None:
            return None
        reset_value = when.timestamp()
    if left >= 1 or not math.isfinite(reset_value):
        return None
    now = datetime.now(UTC).timestamp()
    if reset_value > 100_000_000_000:  # epoch milliseconds (some gateways send them)
        reset_value /= 1000
    wait = reset_value - now if reset_value > 1_000_000_000 else reset_value
    bounded = bounded_wait(wait)
    return None if bounded is None else min(bounded, MAX_RATE_LIMIT_WAIT)


async def request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    json: object | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    """Send a request; raise SourceError naming what went wrong (status, timeout, size).

    The body is read in chunks, unpacked a slice at a time (``inflate``), and abandoned past
    ``max_bytes``, so a server that floods or sends a compression bomb cannot exhaust memory.
    ``max_bytes`` defaults to ``MAX_BODY_BYTES`` as it is at call time.
    """
    from crisistui.sources.base import SourceError

    max_bytes = MAX_BODY_BYTES if max_bytes is None else max_bytes

    try:
        async with (
            asyncio.timeout(TOTAL_SECONDS),
            client.stream(method, url, headers=headers, params=params, json=json) as response,
        ):
            if response.status_code == 304:
                return Fetched(304, b"", response.headers)
            if response.status_code >= 400:
                wait = _retry_after(response.headers.get("Retry-After"))
                reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                if response.status_code == 429:
                    wait = wait if wait is not None else rate_limit_wait(response.headers)
                    reason = "rate limited (HTTP 429)"
                if wait:  # the service's own wish, which the collector keeps to: said so
                    more = " or more" if wait >= MAX_WAIT_SECONDS else ""
                    reason += f", asked to wait {wait_in_words(wait)}{more}"
                if response.status_code == 429:
                    wait = wait if wait is not None else 60.0
                raise SourceError(reason, retry_after=wait)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(
                    f"response too large ({int(declared):,} bytes, over the limit of "
                    f"{_mib(max_bytes)})"
                )
            body, more = await read_capped(response, max_bytes)
            if more:
                raise SourceError(f"response too large (over the limit of {_mib(max_bytes)})")
            return Fetched(response.status_code, body, response.headers)
    except httpx.PoolTimeout:
        raise SourceError(
            "timed out waiting for a free connection (those all sources share were held by "
            "others' requests)"
        ) from None
    except httpx.ConnectTimeout as exc:
        raise SourceError(f"timed out connecting{_limit(exc, 'connect')}") from None
    except httpx.TimeoutException as exc:
        raise SourceError(f"timed out waiting for data{_limit(exc, 'read')}") from None
    except TimeoutError:
        raise SourceError(f"timed out (the response took over {TOTAL_SECONDS:g} s)") from None
    except httpx.ConnectError as exc:
        raise SourceError(f"cannot connect: {exc}") from None
    except httpx.TooManyRedirects:
        raise SourceError("too many redirects") from None
    except httpx.RemoteProtocolError as exc:
        if "disconnected" in str(exc).lower():  # "Server disconnected without sending a response"
            raise SourceError("the server closed the connection without answering") from None
        if "message body" in str(exc):  # a body shorter than its Content-Length promised
            raise SourceError(f"the response was cut short{_said(exc)}") from None
        raise SourceError(f"the server did not answer in HTTP{_said(exc)}") from None
    except (httpx.ReadError, httpx.WriteError) as exc:
        raise SourceError(
            f"the connection was lost (reset or closed by the server){_said(exc)}"
        ) from None
    except httpx.HTTPError as exc:
        raise SourceError(f"HTTP error: {exc.__class__.__name__}{_said(exc)}") from None


def _said(exc: Exception) -> str:
    """What an HTTP library error adds, as plain words at most 160 characters long: nothing
    for one that says nothing, and no Python spelling of the bytes a server sent ("illegal
    status line: bytearray(b'\\x00\\xff…')")."""
    text = str(exc).strip()
    text = re.sub(r"bytearray\((b['\"].*?['\"])\)", "unreadable bytes", text)
    text = re.sub(r"b['\"][^'\"]*['\"]", "unreadable bytes", text)
    if not text:
        return ""
    return f": {text[:159]}…" if len(text) > 160 else f": {text}"


async def read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """``response``'s body, its encoding undone a slice at a time, and False; or nothing and
    True once it passes ``limit`` bytes. SourceError for an encoding not asked for or broken."""
    from crisistui.sources.base import SourceError

    chunks: list[bytes] = []
    size = 0
    try:
        inflater = Inflater(response.headers.get("Content-Encoding"))
        async for raw in response.aiter_raw():
            for chunk in inflater.feed(raw):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    return b"", True
    except EncodingError as exc:
        raise SourceError(str(exc)) from None
    return b"".join(chunks), False


async def get(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    """GET ``url`` (see ``request``)."""
    return await request(client, "GET", url, headers=headers, params=params, max_bytes=max_bytes)


def _long_int(digits: str) -> int | float:
    """An integer of a JSON body, or a float where it is too long to be read as one."""
    return int(digits) if len(digits) <= INT_DIGITS else float(digits)


INT_DIGITS = 4000
"""Digits of the longest integer read as one (Python refuses more than 4,300 by default)."""


def json_body(fetched: Fetched) -> object:
    """Parse a JSON body (bytes that are not UTF-8 read as U+FFFD, values nested past
    ``json_depth.MAX_DEPTH`` as null) or raise SourceError saying it is not JSON."""
    return read_json(fetched)[0]


def read_json(fetched: Fetched) -> tuple[object, int]:
    """``json_body``, and how many values nested too deep were read as null."""
    from crisistui.sources.base import SourceError
    from crisistui.sources.json_depth import MAX_DEPTH, cut_deep_values

    try:
        return _decoded(fetched), 0
    except RecursionError:
        pass
    # one item nested a thousand deep failed every other item of the body
    body, cut = cut_deep_values(fetched.body)
    try:
        if cut:
            return _decoded(Fetched(fetched.status, body, fetched.headers)), cut
    except RecursionError:
        pass
    raise SourceError(f"invalid JSON: nested too deeply (over {MAX_DEPTH} levels)") from None


def _decoded(fetched: Fetched) -> object:
    """The body decoded; RecursionError is left to the caller."""
    import json as jsonlib

    from crisistui.sources.base import SourceError

    try:
        try:
            return jsonlib.loads(fetched.body)
        except UnicodeDecodeError:
            # one bad byte in a post must not fail every poll of the timeline: as a feed's
            # are, it is read as U+FFFD and the rest of the body stands
            body = fetched.body
            return jsonlib.loads(body.decode(jsonlib.detect_encoding(body), errors="replace"))
        except jsonlib.JSONDecodeError:
            raise
        except ValueError:
            # a number too long for Python to read as an int (over 4,300 digits) fails the
            # whole body: read as a float instead (infinite, so an unknown count), the other
            # items stand
            return jsonlib.loads(fetched.body, parse_int=_long_int)
    except (ValueError, UnicodeDecodeError) as exc:
        # Logins, outages and bot challenges answer 200 with a web page.
        if fetched.body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html")):
            raise SourceError(
                "invalid JSON (got an HTML page: a login, error or challenge page?)"
            ) from None
        raise SourceError(f"invalid JSON: {exc}") from None


def _mib(size: int) -> str:
    """A size limit as people set it: "8 MiB", "0.5 MiB", "1,000 bytes"."""
    if size < 1024 * 1024 // 10:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):g} MiB"


def _limit(exc: httpx.TimeoutException, which: str) -> str:
    """The timeout the request ran under, as " (20 s)", or nothing when it is not known."""
    try:
        seconds = exc.request.extensions.get("timeout", {}).get(which)
    except RuntimeError:  # an exception raised without its request
        return ""
    return f" ({seconds:g} s)" if isinstance(seconds, int | float) else ""
