"""`/` on the mention feed: the filter in force, and reading the feed through it.

The store runs the filter over the whole history (see ``crisistui.store.sqlite.search``); live
mentions that match join the feed as they arrive, the same way as without a filter. A query
that does not parse leaves the filter in force as it was and says what is wrong. What the user
typed is shown back as plain text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from crisistui.domain.feed_query import FeedQuery, QueryError, parse_feed_query
from crisistui.domain.models import Mention
from crisistui.store import Store, StoreError
from crisistui.tui.format import plain
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

WAITING = "waiting for mentions…"
NO_MATCH = "no mention matches the filter (esc clears it)"


FILTER_NOT_CHANGED = "Filter not changed"
"""The title of the notice of a filter that could not be read."""


class FeedFilter:
    """The console's feed filter."""

    def __init__(self, app: CrisisApp) -> None:
        self.app = app
        self.query: FeedQuery | None = None
        self.searched: int | None = None
        """Set when the last full read only searched this many of the newest mentions."""
        self.generation = 0
        """Changes with the filter, so a read begun under the old one is not shown."""

    @property
    def bar(self) -> FilterBar:
        return self.app.query_one(FilterBar)

    def open(self) -> None:
        """Show the bar with the filter in force, to edit it; while it is typed, the store
        finds where its walk over the newest mentions begins."""
        self.bar.open(self.query.text if self.query else "")
        self.app.run_worker(self._prepare(), group="filter-prepare", exclusive=True)

    async def _prepare(self) -> None:
        store = self.app.store
        if store is None:
            return
        try:
            await store.prepare_feed_filter()
        except StoreError:  # only a head start: the filter itself finds and says the trouble
            return

    async def submit(self, text: str) -> None:
        """Apply a typed filter; an empty one clears it, a wrong one changes nothing."""
        try:
            query = parse_feed_query(text, self.app.config.subjects)
        except QueryError as error:
            # one such notice at a time: a few tries stacked them over the next screen opened
            self._forget_refusals(refresh=False)
            self.app.notify(
                str(error),
                title=FILTER_NOT_CHANGED,
                severity="error",
                markup=False,
                timeout=8,
            )
            return
        self._forget_refusals()  # a filter that reads: the last one's refusal is old news
        await self._set(None if query.is_empty else query)

    def _forget_refusals(self, *, refresh: bool = True) -> None:
        """Take down the notice of a filter that could not be read."""
        earlier = [n for n in self.app._notifications if n.title == FILTER_NOT_CHANGED]
        for notice in earlier:
            self.app._unnotify(notice, refresh=False)
        if earlier and refresh:
            self.app._refresh_notifications()

    async def clear(self) -> None:
        await self._set(None)

    async def _set(self, query: FeedQuery | None) -> None:
        self.query = query
        self.searched = None
        self.generation += 1
        self.bar.close()
        feed = self.app.query_one(MentionFeed)
        feed.filtered = query is not None
        feed.empty = NO_MATCH if query else WAITING
        feed.focus()
        feed.cursor = 0
        feed.scroll_home(animate=False, immediate=True)
        self.app.refresh_bindings()
        await self.app.restart_feed()

    async def rows(self, store: Store, limit: int, after_id: int) -> list[Mention]:
        """The newest ``limit`` mentions the feed shows (stored after ``after_id`` if set)."""
        if self.query is None:
            return await store.recent_mentions(limit, after_id=after_id)
        page = await store.filtered_mentions(self.query, limit, after_id=after_id)
        if not after_id:
            self.searched = page.searched
        return page.mentions

    def title(self, total: int, shown: int) -> Text:
        """The feed pane's title: the count, or what the filter shows and the filter (the
        count first: at 80 columns a long filter cut it off)."""
        if self.query is None:
            return Text(f"Mentions ({total:,})")
        title = Text(f"Mentions · {shown:,} shown · filter: ").append_text(plain(self.query.text))
        if self.searched:
            title.append(f" · newest {self.searched:,} searched")
        return title
