"""Keys typed straight after one that opens something wait for it, then go to it.

`/` opens the filter bar, `#` a tag prompt, `n` the incident form: each is shown a moment
after its key (a store read, a screen mounted, focus moved on the next turn of the loop).
Keys typed fast, pasted, or bunched up by a slow SSH link used to land on the feed in that
moment: "/delayed" dismissed, linked and acknowledged the selected mention before the bar
took the keys. Now they are held from the opening key until what it opened has focus, then
delivered there in the order typed.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.app import App
from textual.widget import AwaitMount

LONGEST_HOLD_S = 2.0
"""A hold nobody released (a bug, an opening that failed without saying) ends at the next
key after this long: held keys must never leave the console deaf."""


class KeyHold:
    """The app's held keys; ``hold`` and ``release`` come in pairs."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self._holds = 0
        self._since = 0.0
        self._keys: list[events.Key] = []

    def hold(self) -> None:
        """Hold keys from now until the matching ``release``."""
        if not self._holds:
            self._since = time.monotonic()
        self._holds += 1

    def release(self) -> None:
        """End one hold once the screen has been refreshed (so whatever was opened has taken
        focus); the last one delivers the held keys."""
        self.app.call_after_refresh(self._end_one)

    def take(self, key: events.Key) -> bool:
        """Keep ``key`` if keys are held (True), else leave it to the app (False)."""
        if not self._holds:
            return False
        self._keys.append(key)
        if time.monotonic() - self._since > LONGEST_HOLD_S:
            self._holds = 0
            self._deliver()
        return True

    def _end_one(self) -> None:
        if self._holds:
            self._holds -= 1
            if not self._holds:
                self._deliver()

    def _deliver(self) -> None:
        keys, self._keys = self._keys, []
        for key in keys:
            self.app.post_message(events.Key(key.key, key.character))


class HoldsKeys(App[None]):
    """An app that holds keys while what a key opened comes up: every screen it pushes, and
    every request a widget makes with ``hold_keys`` (released by the request's handler)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_hold = KeyHold(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.key_hold.take(event):
            return
        await super().on_event(event)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Every screen opened takes the keys typed straight after the key that opened it:
        they are held until it is mounted and has put the focus where typing goes."""
        self.key_hold.hold()
        try:
            opened = super().push_screen(*args, **kwargs)
        except BaseException:
            self.key_hold.release()
            raise
        if not isinstance(opened, AwaitMount):  # waiting for its answer: nothing to wait on
            self.key_hold.release()
            return opened

        async def mounted() -> None:
            try:
                await opened
            finally:
                self.key_hold.release()

        self.run_worker(mounted(), group="key-hold", exit_on_error=False)
        return opened


def hold_keys(app: App[object]) -> None:
    """Hold keys in ``app`` if it holds keys (a console does; a bare test app may not): for
    a widget posting a request whose handler releases them."""
    hold = getattr(app, "key_hold", None)
    if isinstance(hold, KeyHold):
        hold.hold()


def release_keys(app: App[object]) -> None:
    """The other half of ``hold_keys``."""
    hold = getattr(app, "key_hold", None)
    if isinstance(hold, KeyHold):
        hold.release()
