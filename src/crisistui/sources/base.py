"""What every source provides, and the one error type sources raise."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from crisistui.domain.models import RawItem

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    import httpx

    from crisistui.config import SourceSpec


class SourceError(Exception):
    """A poll failed; ``reason`` is shown to people, ``retry_after`` is the service's wish."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Source(Protocol):
    """One configured place mentions come from."""

    name: str
    kind: str
    interval: float
    keep_unmatched: bool
    hold_off: float | None
    """Seconds the service asked us to wait before the next poll (rate limits), or None."""

    @property
    def finished(self) -> bool:
        """True when the source has nothing more to give (a replay that has ended)."""
        ...

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        """Fetch what is new since the last poll; raise SourceError on failure."""
        ...


RESUME_SLACK = timedelta(minutes=10)
"""How much earlier than the last run's last successful poll a run's first poll reads back
to: a post from another server, or one the search indexes late, arrives minutes after it was
posted (the store skips those it has)."""


@runtime_checkable
class Resumable(Protocol):
    """A source whose first poll can read back to an earlier run's last poll."""

    def resume_after(self, last_ok: datetime) -> None: ...


@runtime_checkable
class Revalidating(Protocol):
    """A source that asks "changed since?" (``If-None-Match``, ``If-Modified-Since``) with
    the validators of the last response it read whole."""

    def validators(self) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the last response read whole."""
        ...

    def revalidate_with(self, etag: str | None, last_modified: str | None) -> None:
        """An earlier run's validators, for this run's first request."""
        ...


class ConditionalGet:
    """``Revalidating`` for a source that fetches one document a poll (a feed, a JSON
    endpoint): it keeps the validators of the last response it read whole and asks with
    them."""

    _etag: str | None = None
    _modified: str | None = None

    def validators(self) -> tuple[str | None, str | None]:
        return self._etag, self._modified

    def revalidate_with(self, etag: str | None, last_modified: str | None) -> None:
        self._etag, self._modified = etag, last_modified

    def _ask_if_changed(self, headers: dict[str, str]) -> dict[str, str]:
        """``headers`` with "changed since?" added, when there is a response to compare."""
        if self._etag:
            headers["If-None-Match"] = self._etag
        if self._modified:
            headers["If-Modified-Since"] = self._modified
        return headers

    def _read_whole(self, headers: Mapping[str, str]) -> None:
        """Keep the validators of a response whose every item was read."""
        self._etag = headers.get("ETag") or self._etag
        self._modified = headers.get("Last-Modified") or self._modified


class ConfiguredSource:
    """What every configured polling source sets up the same way from its ``[[sources]]`` entry."""

    kind: str = ""

    def __init__(self, spec: SourceSpec) -> None:
        self.name = spec.name
        self.interval = spec.interval
        self.keep_unmatched = spec.effective_filter == "none"
        self.hold_off: float | None = None
        self.note: str | None = None
        """What the last poll left out and why (the sources view and ``status`` show it)."""

    @property
    def finished(self) -> bool:
        """Services never run dry; only a replay does."""
        return False


def flood_note(read: int, pages: int) -> str:
    """The note of a poll that read as many pages as a poll reads, newest first, and still
    had not reached the posts it had seen: the older new ones were left unread, and a flood's
    volume is undercounted unless the user is told."""
    return (
        f"a flood: only the newest {read:,} posts were read ({pages} pages, the most a poll "
        "reads); older ones since the last poll were not (a shorter interval reads more)"
    )
