"""Quitting: the collector stopped, what it holds stored, the database closed.

A flood's poll is scored before it is stored, since its source has moved past it, which can
take a minute: the console says so and keeps painting, and a second q stops at once, leaving
what is not scored yet unstored and counted on exit. Mixed into the app so the app module keeps
to layout and data flow.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.worker import NoActiveWorker, Worker, get_current_worker

from crisistui.tui.in_turn import WRITES

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

    _Base = CrisisApp
else:
    _Base = object


class Quitting(_Base):
    """How ``CrisisApp`` ends."""

    def action_quit(self) -> None:
        """Quit, in a worker so the console keeps painting while the collector finishes: a
        flood's poll of 100,000 items is scored before it is stored (its source has moved
        past it), which takes seconds, so that is said, and a second q stops at once,
        leaving what is not scored yet unstored (and counted on exit)."""
        if self._quitting:
            if self.collector is not None:
                self.collector.stop_scoring()
                self.notify(
                    "Stopping at once: the items not scored yet are not stored.",
                    title="Quitting",
                    severity="warning",
                )
            return
        self._quitting = True
        if self.collector is not None and (left := self.collector.left_to_score()):
            self.notify(
                f"Scoring the {left:,} items left of a poll before storing them, then "
                "quitting. Press q again (ctrl+q on any other screen) to stop at once without "
                "them.",
                title="Quitting",
                timeout=60,
            )
        self.run_worker(self._quit(), name="quit", group="quit")

    async def _quit(self) -> None:
        await self.shutdown()
        self.exit()

    async def shutdown(self) -> None:
        """Stop the collector, then close the HTTP client and the database."""
        if self._shut_down:
            return
        self._shut_down = True
        collectors = [w for w in self.workers if w.group == "collector"]
        for worker in collectors:
            worker.cancel()
        for worker in collectors:
            with suppress(Exception):
                await worker.wait()
        try:
            current: Worker[object] | None = get_current_worker()
        except NoActiveWorker:
            current = None
        # writes asked for before quitting are made, not dropped (each waits at most the
        # database's busy timeout, and says so in a toast if it is refused)
        writes = [w for w in self.workers if w.group == WRITES and w is not current]
        for worker in writes:
            with suppress(Exception):
                await worker.wait()
        readers = [
            w for w in self.workers if w.group not in ("collector", WRITES) and w is not current
        ]
        for worker in readers:  # a beat's or a screen's read must not outlive the store
            worker.cancel()
        for worker in readers:
            with suppress(Exception):
                await worker.wait()
        if self.collector is not None and self.store is not None:
            # a last try at what the database refused; what is still refused is said on exit
            with suppress(Exception):
                self.unstored = await self.collector.store_held()
        if self.monitor is not None:
            await self.monitor.drain()
        if self.client is not None:
            await self.client.aclose()
        if self.collector_store is not None:
            await self.collector_store.close()
        if self.store is not None:
            await self.store.close()

    async def on_unmount(self) -> None:
        await self.shutdown()
