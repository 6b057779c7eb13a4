"""The mention feed: newest first, one line per mention, coloured by sentiment.

A virtual list: only the visible lines are rendered, ages are computed at render time, and when
new mentions arrive the selected mention stays selected (and on screen) instead of sliding away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crisistui.models import Mention
from crisistui.numbers import human_count
from crisistui.tui.format import SENTIMENT_MARK, SENTIMENT_STYLE, age, plain


class MentionFeed(ScrollView, can_focus=True):
    """Scrollable list of mentions with a row cursor."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="feed.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="feed.up"),
        Binding("g,home", "first", "Top", show=False, id="feed.top"),
        Binding("G,end", "last", "Bottom", show=False, id="feed.bottom"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="feed.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="feed.page_up"),
        Binding("enter", "open", "Open", id="feed.open"),
    ]

    DEFAULT_CSS = """
    MentionFeed { background: $surface; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """The user asked to see a mention in full."""

        def __init__(self, mention: Mention) -> None:
            super().__init__()
            self.mention = mention

    def __init__(
        self, now: Callable[[], datetime], *, name: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(name=name, id=id)
        self._now = now
        self.mentions: list[Mention] = []

    # -- data ---------------------------------------------------------------------------

    @property
    def selected(self) -> Mention | None:
        if 0 <= self.cursor < len(self.mentions):
            return self.mentions[self.cursor]
        return None

    def show(self, mentions: Sequence[Mention]) -> None:
        """Replace the rows.

        On the first row at the top, the feed follows the newest mention. Anywhere else the
        selected mention stays selected: scrolled down, it also keeps its place on screen;
        at the top, the view stays there so new mentions come into sight above it.
        """
        previous = self.selected
        top = int(self.scroll_y)
        screen_row = self.cursor - top
        self.mentions = list(mentions)
        self.virtual_size = Size(self.size.width, len(self.mentions))
        if previous is None or (self.cursor == 0 and top == 0):
            # On the first row at the top: the user is watching the newest; keep doing so.
            self.refresh()
            return
        index = next((i for i, m in enumerate(self.mentions) if m.id == previous.id), None)
        if index is None:
            index = min(self.cursor, max(len(self.mentions) - 1, 0))
        self.set_reactive(MentionFeed.cursor, index)
        height = self.scrollable_content_region.height
        if top == 0 and (not height or index < height):
            self.refresh()
            return
        target = index - screen_row if top else index - max(height - 1, 0)
        self.scroll_to(y=max(target, 0), animate=False, immediate=True)
        self.refresh()

    # -- movement -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.mentions) - 1)) if self.mentions else 0

    def watch_cursor(self, value: int) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif height and value >= top + height:
            self.scroll_to(y=value - height + 1, animate=False)
        self.refresh()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.mentions) - 1

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.Opened(self.selected))

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int):
            self.cursor = int(self.scroll_y) + offset

    # -- rendering ------------------------------------------------------------------------

    def row_text(self, mention: Mention, width: int, now: datetime) -> Text:
        """One mention as one line; narrow panes drop the source and author columns."""
        style = SENTIMENT_STYLE[mention.label]
        parts: list[Text] = [
            Text(f"{age(mention.created_at, now):>4} ", style="dim"),
            Text(SENTIMENT_MARK[mention.label] + " ", style=style or "dim"),
        ]
        if width >= 70:
            source = plain(mention.source)
            source.truncate(10, pad=True)
            parts.append(source.append(" "))
        if width >= 50:
            author = plain(mention.author or "?", "bold")
            author.truncate(14, overflow="ellipsis", pad=True)
            parts.append(author.append(" "))
        parts.append(Text(f"{human_count(mention.reach):>5} ", style="dim"))
        parts.append(plain(mention.text, style))
        line = Text.assemble(*parts, no_wrap=True, end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        base = self.rich_style
        if index >= len(self.mentions):
            if not self.mentions and y == 0:
                return Strip(
                    Text("waiting for mentions…", style="dim").render(self.app.console)
                ).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        line = self.row_text(self.mentions[index], width, self._now())
        if index == self.cursor:
            line.stylize(Style(reverse=True) if self.has_focus else Style(underline=True))
        segments = list(line.render(self.app.console))
        segments = list(Segment.apply_style(segments, base))
        return Strip(segments).adjust_cell_length(width, base)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.mentions))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
