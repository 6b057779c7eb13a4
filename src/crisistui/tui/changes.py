"""The console's one change loop: notice new data once a beat, tell every screen in one message.

Once a beat (``[console] refresh_seconds``) the loop asks the store three cheap questions: the
change marker (``PRAGMA data_version`` on SQLite, notifications heard on PostgreSQL), the newest
mention's id and the events' marker. Mentions are never edited and every change to the
response (a tick, a triage, a statement, a level change) appends an event, so those two numbers
say what moved, whoever wrote it: this console, its own collector, or another process on
another machine. The beat is published as one ``Beat`` that the panes and every open screen
follow; a screen re-reads only when what it shows moved, and reads only what is new.

Under a flood, a thousand stored batches between two beats are one beat with ``mentions``
set: notice and work are coalesced, never queued. A screen's reload runs in a worker, one at a
time (``Reloader``), so keys are never held behind a read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from textual.dom import DOMNode
from textual.signal import Signal

from crisistui.store import Store
from crisistui.store.errors import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Beat:
    """What one look at the store found."""

    number: int
    """Beats since the console started (1 for the first look, which changes everything)."""
    now: datetime
    mentions: bool
    """New mentions were stored since the last beat."""
    events: bool
    """The response moved: an event was appended (every response change writes one)."""
    other: bool
    """Something else was committed by another connection (a source's health, say)."""
    newest_mention: int
    newest_event: int
    """The events' marker (``Store.event_marker``): it grows with every event written."""


class ChangeLoop:
    """Looks at the store once a beat and publishes what moved as a ``Beat``."""

    def __init__(self, owner: DOMNode) -> None:
        self.signal: Signal[Beat] = Signal(owner, "beat")
        self.latest: Beat | None = None
        self._marker: int | None = None
        self._number = 0

    async def look(self, store: Store, now: datetime) -> Beat:
        """Ask the store what moved since the last look (three indexed reads)."""
        marker = await store.change_marker()
        newest_mention = await store.last_mention_id()
        newest_event = await store.event_marker()
        before = self.latest
        self._number += 1
        first = before is None
        beat = Beat(
            self._number,
            now,
            mentions=first or newest_mention != before.newest_mention,
            events=first or newest_event != before.newest_event,
            other=first or marker != self._marker,
            newest_mention=newest_mention,
            newest_event=newest_event,
        )
        self._marker = marker
        self.latest = beat
        return beat

    def publish(self, beat: Beat) -> None:
        self.signal.publish(beat)

    def follow(self, node: DOMNode, callback: Callable[[Beat], object]) -> None:
        """Call ``callback`` on ``node`` (in its own message queue) after every beat."""
        self.signal.subscribe(node, callback)


class Reloader:
    """Runs one view's reload in a worker, never two at once: a change that arrives while a
    reload runs asks for exactly one more after it, however many arrive (coalescing)."""

    def __init__(self, node: DOMNode, load: Callable[[], Awaitable[object]], name: str) -> None:
        self._node = node
        self._load = load
        self._name = name
        self._running = False
        self._again = False

    @property
    def busy(self) -> bool:
        return self._running

    def request(self) -> None:
        """Reload soon; at most one reload runs, and at most one more is owed."""
        if self._running:
            self._again = True
            return
        self._running = True
        self._node.run_worker(self._run(), name=self._name, group=self._name)

    async def _run(self) -> None:
        try:
            while True:
                self._again = False
                await self._load()
                if not self._again:
                    return
        except StoreError as exc:  # out of reach a moment: the beat says so, and asks again
            log.info("%s: not reloaded: %s", self._name, exc)
        finally:
            self._running = False


class Every:
    """A slower pace on the beat, in real seconds: for what ages without any write (the
    mention counts a view shows while its own collector adds to them, say)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: float | None = None

    def due(self) -> bool:
        """True once per ``seconds`` (and on the first call)."""
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            return False
        self._last = now
        return True
