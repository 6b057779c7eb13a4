"""Writes that keys ask for, run one after another in workers.

A database held by another process (a big import, an upgrade) makes a write wait up to its
busy timeout; run in the key's own handler, that wait froze every key after it. Here each write
waits in a worker, behind the ones asked for before it, so they still land in the order they
were asked for, and the keys go on. Quitting waits for them (``WRITES``) rather than drop them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from crisistui.tui.busy import NOT_DONE, say_busy

if TYPE_CHECKING:
    from textual.app import App

WRITES = "writes"
"""The worker group of these writes."""


class WritesInTurn:
    """Runs each write given to it after the ones given before, in a worker of the app."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self._turn = asyncio.Lock()  # waiters go in the order they came

    def later(self, write: Awaitable[None]) -> None:
        """Start ``write`` once the earlier ones are done; a refusal is said in a toast."""

        async def in_turn() -> None:
            async with self._turn:
                try:
                    await write
                except NOT_DONE as refused:
                    say_busy(self.app, refused)

        self.app.run_worker(in_turn(), group=WRITES)
