"""An input line whose editing keys take effect in the order they were typed.

Textual inserts a printable key the moment the input reads it, but applies the input's own key
bindings (backspace, ctrl+u, ctrl+w, enter, …) only after the key has bubbled up to the app. In
a burst (keys bunched up by a slow SSH link, a fast typist, a terminal replaying typed keys)
the letters typed after an editing key overtake it: "ab⌫c⏎" answered "ab", and ctrl+u then
"bob" answered "" (the name cleared after it was typed).

Textual also drops a typed zero-width joiner or non-joiner (``str.isprintable`` is False for
them): Persian writes a half-space inside words ("دیده‌ایم", "می‌کنم"), so a statement typed in
Persian was saved misspelled and the feed's filter found nothing. Both inputs here keep them.

And what terminals draw narrower than Rich measures (a skin tone, an emoji's variation selector
or joiner) is left out of what is typed into an input line, whose border moved by as much.
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.widgets import Input, TextArea

from crisistui.tui.format import typed_form

JOINERS = frozenset({"\u200c", "\u200d"})
"""Zero-width non-joiner (Persian's half-space) and joiner (emoji sequences, Indic scripts)."""


@cache
def _editing_keys(cls: type[Input]) -> dict[str, str]:
    """Key → action of the bindings ``cls`` and its ancestors up to ``Input`` declare (the
    most derived first); a key they do not bind (up, down) still goes to the screen. Read once
    per class, not per key."""
    found: dict[str, str] = {}
    for klass in cls.__mro__:
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    found.setdefault(key.strip(), binding.action)
        if klass is Input:
            break
    return found


class TypedInput(Input):
    """An ``Input`` that applies its editing keys as it reads them, before the next key."""

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(typed_form(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(typed_form(text), start, end)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in JOINERS:
            event.stop()
            event.prevent_default()
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(event.character)
            else:
                self.replace(event.character, *selection)
            return
        action = _editing_keys(type(self)).get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)


class TypedTextArea(TextArea):
    """A ``TextArea`` that keeps a typed zero-width (non-)joiner, as ``TypedInput`` does."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character in JOINERS and not self.read_only:
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace(event.character, start, end, maintain_selection_offset=False)
            return
        await super()._on_key(event)
