"""Times as the store keeps them: whole UTC epoch seconds, compact, indexable and free of
time-zone text."""

from __future__ import annotations

from datetime import UTC, datetime

EARLIEST_POST = datetime(1970, 1, 2, tzinfo=UTC)
"""No post is older: a time on 1970's first day or before is a missing one written as zero (or
1900, 0001). Kept, it stretched a backtest of an export over 20,000 days; ``collect`` dates such
a post when it arrived, ``import`` names its line."""


def stated_time(when: datetime | None) -> datetime | None:
    """A post's stated time, or None when it states none: absent, or before ``EARLIEST_POST``.

    Sources treat such a post as undated: a feed's backlog of sixty posts dated zero is not a
    surge arriving now."""
    return when if when is not None and when >= EARLIEST_POST else None


def to_epoch(moment: datetime) -> int:
    """Aware datetime to whole UTC seconds (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


_LAST_READABLE = 253_402_300_799  # 9999-12-31 23:59:59 UTC


def from_epoch(seconds: int) -> datetime:
    """Whole UTC seconds to an aware datetime; a row written with a time no calendar can show
    (older versions stored some) reads as the nearest one instead of failing every list it is in."""
    return datetime.fromtimestamp(min(max(seconds, 0), _LAST_READABLE), UTC)


def epoch_or_none(moment: datetime | None) -> int | None:
    return to_epoch(moment) if moment is not None else None


def time_or_none(seconds: int | None) -> datetime | None:
    return from_epoch(seconds) if seconds is not None else None


STAMPED_SECONDS = 2.0
"""An item dated this close to its arrival (or after it) carries the server's clock (a feed
stamping each item with the request's time, a skewed or lying server), not its post's."""


def parse_iso(value: object) -> datetime | None:
    """ISO-8601 text to an aware datetime (a missing zone means UTC); anything else is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
