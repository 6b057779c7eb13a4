"""How the feed reads the store on a beat: only what arrived since its last read, one read at
a time, the newest by time even when a batch longer than the feed arrived at once, and further
back while copies of one text fold it short.

The feed holds ``feed_rows`` mentions. When a campaign's copies fold those into fewer than
``FILLED_ROWS`` rows, it reads back 4× at a time, up to ``DEEPEST_READ`` × ``feed_rows``, so the
other mentions still fill the pane; when even that far back holds nothing but copies (a flood of
one campaign), it keeps its own length and looks back again once as many new mentions came."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from crisistui.tui.widgets.feed import MentionFeed, fold_copies

if TYPE_CHECKING:
    from crisistui.store import Store
    from crisistui.tui.feed_filter import FeedFilter

FILLED_ROWS = 100
"""Rows a feed of folded copies reads further back for: more than any screen shows."""
DEEPEST_READ = 8
"""How many times ``feed_rows`` the feed reads back at most to find them (a campaign of
thousands of copies of one text leaves the rows it has; each beat of a flood of copies then
sorts and folds that many, about 3 ms)."""


class FeedReading:
    """The feed's reads of the store, and what it has read so far."""

    def __init__(self, feed_rows: int) -> None:
        self.feed_rows = feed_rows
        self.lock = asyncio.Lock()
        """One read at a time: a refresh that comes while a new filter's first read runs
        waits for it, then reads only what arrived since."""
        self.restart()

    def restart(self) -> None:
        """Read everything afresh next time (the filter changed)."""
        self.last_id = -1
        """The newest id the feed has read."""
        self.size = 0
        """Mentions the feed holds: ``feed_rows``, or more while copies fold it short."""
        self.deeper_from = 0
        """The newest id from which reading further back may find rows again (after it
        found none, in a flood of one campaign's copies)."""

    async def read(self, store: Store, rows_of: FeedFilter, feed: MentionFeed) -> bool:
        """Show in ``feed`` what arrived since the last read, through the filter; False when
        nothing did, or the filter changed meanwhile (the read was for the old one)."""
        generation = rows_of.generation
        last_id = await store.last_mention_id()
        if last_id == self.last_id:
            return False
        base = self.feed_rows
        limit = max(self.size, base)
        after = max(self.last_id, 0)
        fresh = await rows_of.rows(store, limit, after)
        if after and len(fresh) >= limit:
            # a batch at least a feed long (an import, a backfill): the newest by time may
            # be anywhere in it, not among its last-stored rows
            after, fresh = 0, await rows_of.rows(store, limit, 0)
        if generation != rows_of.generation:
            return False
        merged = {m.id: m for m in feed.mentions} if after else {}
        merged.update((m.id, m) for m in fresh)
        rows = sorted(merged.values(), key=lambda m: (m.created_at, m.id or 0), reverse=True)
        feed.show(rows[:limit])
        deepest = base * DEEPEST_READ
        if feed.grouping and len(feed.rows) < FILLED_ROWS and last_id >= self.deeper_from:
            # copies of one text fold a full feed into a row or two: read further back
            while len(feed.rows) < FILLED_ROWS and limit <= len(rows) and limit < deepest:
                limit = min(limit * 4, deepest)
                rows = await rows_of.rows(store, limit, 0)
                if generation != rows_of.generation:
                    return False
                feed.show(rows)
            found = len(feed.rows)
            futile = found < FILLED_ROWS and limit == deepest > base
            if futile and found <= len(fold_copies(rows[:base])):
                # all that way back, nothing but copies (a flood of one campaign)
                self.deeper_from = last_id + deepest
                limit = base
                feed.show(rows[:limit])
        self.size, self.last_id = limit, last_id
        return True
