"""The one line under the mention feed where `/` types a filter.

Hidden until asked for, so the feed keeps every row in 80×24. Enter hands the text to the
console (which keeps the bar open if the text is wrong), escape asks to clear the filter, and
leaving the bar closes it as it was.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from crisistui.tui.widgets.typed_input import TypedInput

PLACEHOLDER = 'words "a phrase" from:@name sentiment:neg lang:vi source: subject: reach:>1000'


class FilterBar(TypedInput):
    """A one-line input docked under the feed."""

    BINDINGS = [
        Binding("enter", "submit", "Apply", key_display="⏎", id="filter.apply"),
        Binding("escape", "clear", "Clear the filter", id="filter.clear"),
        Binding("tab,shift+tab", "leave", "Back to the feed", show=False, id="filter.leave"),
    ]

    DEFAULT_CSS = """
    FilterBar {
        dock: bottom; height: 1; border: none; padding: 0 1; display: none;
        background: $boost;
    }
    FilterBar:focus { border: none; }
    FilterBar.-open { display: block; }
    """

    class Cleared(Message):
        """Escape in the bar: the filter goes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, select_on_focus=False, id=id)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, text: str) -> None:
        """Show the bar holding ``text`` (the filter in force), ready to edit at its end."""
        self.value = text
        self.cursor_position = len(text)
        self.add_class("-open")
        self.screen.add_class("-filtering")  # the notices make room for the line (app.tcss)
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")
        if self.is_attached:  # blurred as the app closes: no screen left to tell
            self.screen.remove_class("-filtering")

    def action_clear(self) -> None:
        self.post_message(self.Cleared())

    def action_leave(self) -> None:
        """Tab leaves the line for the feed it filters (the filter in force stays), not for
        whatever pane comes next."""
        from crisistui.tui.widgets.feed import MentionFeed

        self.screen.query_one(MentionFeed).focus()

    def on_blur(self) -> None:
        self.close()
