"""When a collected item happened: its own time, unless a server's clock says otherwise.

A post dated after it arrived (a skewed or lying clock) is dated by its arrival; one dated at
its arrival or after, served again under a new id, keeps the time it was first given."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

from crisistui.domain.models import RawItem
from crisistui.domain.time import EARLIEST_POST, STAMPED_SECONDS


def dated_sanely(item: RawItem, received: datetime) -> RawItem:
    """The item, dated when it arrived if its time is later than that or before
    ``EARLIEST_POST`` (a missing time written as zero).

    A skewed or lying server's post "from 2099" would top the newest-first feed for decades and
    count in a future minute's volume; a time whose UTC year is 0 or 10000 can be stored but
    never read back.
    """
    if EARLIEST_POST <= item.created_at <= received:
        return item
    return replace(item, created_at=received)


MAX_STAMPED = 10_000
"""Posts so dated remembered (a few hundred KB), the oldest forgotten first."""
STAMPED_GAP = timedelta(minutes=15)
"""A copy served again within this of the last is the same post; the same words by the same
author after a longer silence are a new post ("@acme where is my refund?" again next day)."""


class StampedPosts:
    """The time each post dated at or after its arrival was first given, by source, author
    and words: a server that gives such a post a new id on every fetch (a uuid, a session id)
    made each poll store it again, dated anew, a surge that never happened. Given its first
    time again, it is the same words by the same author at the same second, which the store
    counts once. Anonymous posts are left alone: a hundred "is it down?" are a hundred."""

    def __init__(self) -> None:
        self._first: OrderedDict[int, tuple[datetime, datetime]] = OrderedDict()
        """key -> (the time first given, when last served)."""
        self._lock = threading.Lock()  # polls of several sources are scored in threads

    def dated(self, item: RawItem, received: datetime) -> RawItem:
        sane = dated_sanely(item, received)
        if not item.author or (received - sane.created_at).total_seconds() > STAMPED_SECONDS:
            return sane
        key = hash((item.source, item.author, item.text))
        with self._lock:
            first, last = self._first.get(key, (sane.created_at, received))
            if received - last > STAMPED_GAP:
                first = sane.created_at  # a silence: a new post of the same words
            self._first[key] = (first, received)
            self._first.move_to_end(key)
            while len(self._first) > MAX_STAMPED:
                self._first.popitem(last=False)
        return sane if first == sane.created_at else replace(sane, created_at=first)
