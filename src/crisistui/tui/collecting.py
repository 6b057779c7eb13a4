"""Who collects: a console's hold on the collector lease, kept, lost and taken over.

A console collects only while its lease is its own. A PostgreSQL restart lets go of it and
another collector may take it first: the console then stops polling, only reads, and says so.
A console that found another collector holding the database takes its place once that one has
stopped (killed, its machine gone), so a war room is never left watching a gauge nothing
feeds. Mixed into the app so the app module keeps to layout and data flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crisistui.collector import Collector
from crisistui.domain.clock import Clock, ScaledClock
from crisistui.domain.models import SourceHealth
from crisistui.pipeline import Pipeline
from crisistui.sources.base import Source
from crisistui.store import Store, open_store
from crisistui.store.errors import StoreError

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

    _Base = CrisisApp
else:
    _Base = object

LEASE_CHECK_EVERY = 5.0
"""Seconds between a collecting console's checks that its lease is still its own."""
READING_ELSEWHERE = "live (reading; collector elsewhere)"
"""The mode of a console that reads while another process collects."""
_ELSEWHERE = "(reading; collector elsewhere)"
_NOBODY = "(reading; no collector running)"
_SILENT = "(reading; no collector polling)"
_READING = "(reading)"


def who_collects(
    mode: str, health: Mapping[str, SourceHealth], now: datetime, opened: datetime
) -> str:
    """A reading console's mode as the polls recorded say it now. What it found as it
    opened (another collector held the database, or none did) goes out of date: that
    collector dies, or one starts. Every source long overdue: nobody polls them; a poll
    recorded since the console ``opened``: a collector runs. A collecting console's mode,
    and one with no source recorded yet, stay as they are."""
    said = next((part for part in (_ELSEWHERE, _NOBODY, _READING) if part in mode), None)
    if said is None or not health:
        return mode
    if all(item.overdue(now) for item in health.values()):
        return mode if said == _NOBODY else mode.replace(said, _SILENT)
    if said == _NOBODY and any(_last_poll(item) >= opened for item in health.values()):
        return mode.replace(said, _ELSEWHERE)
    return mode


def _last_poll(item: SourceHealth) -> datetime:
    polls = [at for at in (item.last_ok, item.last_error_at) if at is not None]
    return max(polls, default=datetime.min.replace(tzinfo=UTC))


class CollectorLeases(_Base):
    """The collector lease of ``CrisisApp``: checked, given up, taken over."""

    async def check_lease(self) -> bool:
        """Whether this console still collects. Its lease let go of by a PostgreSQL restart
        and taken by another collector first: it stops polling (the other one does) and only
        reads from then on, and says so."""
        holds = self.setup.holds
        if holds is None or not self.collects() or await asyncio.to_thread(holds):
            return self.collects()
        self.workers.cancel_group(self, "collector")
        self.setup.sources = []  # collects() is False from now on: the others' health shows
        self.setup.mode = READING_ELSEWHERE.replace("live", self.setup.mode, 1)
        self.notify(
            "Another collector took this console's sources while the database was away: it "
            "polls them now, and this console only reads.",
            title="Not collecting",
            severity="warning",
            timeout=30,
            markup=False,
        )
        return False

    def said_mode(self) -> str:
        """The mode the header and the wall show: a reading console's as the polls recorded
        say it now (``who_collects``)."""
        mode = _paced(self.setup.mode, self.clock)
        if self.collects():
            return mode
        health = self.source_health()
        return who_collects(mode, health, self.clock.now(), self.opened_at)

    def keep_checking_lease(self) -> None:
        """Check every ``LEASE_CHECK_EVERY`` seconds that the lease is still this console's,
        from when it collects: at start, or once it took over. A console that took over and
        never checked went on polling after a restart of the server gave the lease to a
        collector started meanwhile: two processes polled the same sources."""
        if self.setup.holds is None or self._lease_timer is not None:
            return
        self._lease_timer = self.set_interval(
            LEASE_CHECK_EVERY,
            lambda: self.run_worker(
                self.check_lease(), group="lease", exclusive=True, exit_on_error=False
            ),
        )

    def _try_take_over(self) -> None:
        """The timer's beat: the try runs in a worker (taking a PostgreSQL lease connects,
        and the timer stops itself once the console collects)."""
        self.run_worker(
            self.take_over(), name="take-over", group="take-over", exclusive=True,
            exit_on_error=False,
        )  # fmt: skip

    async def take_over(self) -> bool:
        """Collect from now on if the collector that held the database has stopped (killed,
        its machine gone): a war room is never left watching a gauge nothing feeds. True
        when this console took over."""
        take_over = self.setup.take_over
        if take_over is None or self.store is None or self._shut_down:
            return False
        if not self._looked.is_set():
            return False
        try:
            sources = await asyncio.to_thread(take_over)
        except StoreError:  # a server blip: the next beat tries again
            return False
        if not sources:
            return False
        if self._shut_down:
            self._give_up_lease()
            return False
        try:
            collector_store = await open_store(self.setup.db_path)
        except StoreError as refused:  # read-only for this user, gone: say so, let go
            self._give_up_lease()
            self.setup.take_over = None
            self.notify(
                f"The collector that held this database has stopped, and this console cannot "
                f"collect in its place: {refused.reason}",
                title="Not collecting",
                severity="error",
                timeout=30,
                markup=False,
            )
            return False
        self.setup.take_over = None
        if self._take_over_timer is not None:
            self._take_over_timer.stop()  # this runs in a worker, not in the timer's task
        self.setup.sources = sources
        self.collector_store = collector_store
        self.collector = self._collector(sources, collector_store)
        if self.monitor is not None and not self.setup.drill:
            self.monitor.start_alerting()
            for problem in self.monitor.channel_problems:
                self.notify(problem, title="Alerts", severity="warning", timeout=20, markup=False)
        self.setup.mode = self.setup.mode.replace(READING_ELSEWHERE, "live")
        self.notify(
            "The collector that held this database has stopped: this console collects now",
            title="Collecting",
            severity="warning",
            timeout=20,
            markup=False,
        )
        self.run_worker(
            self.collector.run(), name="collector", group="collector", exit_on_error=False
        )
        self.keep_checking_lease()
        self._tick_clock()
        return True

    def _collector(self, sources: list[Source], store: Store) -> Collector:
        if self.client is None:  # only a collecting console needs one (a wall never does)
            from crisistui.sources.http import make_client  # httpx: 0.1 s a wall need not pay

            self.client = make_client(len(sources))
        return Collector(
            sources, Pipeline(self.config), store, self.clock, self.client, on_poll=self._on_poll
        )

    def _give_up_lease(self) -> None:
        if self.setup.give_up is not None:
            with suppress(Exception):
                self.setup.give_up()


def _paced(mode: str, clock: Clock) -> str:
    """A replay's mode with its pace as it is now: "DEMO ×60" once its story is over and its
    clock runs at the wall clock's pace reads "DEMO ×1 (story over)"."""
    if not isinstance(clock, ScaledClock) or clock.until is None or clock.speed <= 1:
        return mode
    if clock.now() <= clock.until:
        return mode
    return mode.replace(f"×{clock.speed:g}", "×1 (story over)", 1)
