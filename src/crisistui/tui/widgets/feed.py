"""The mention feed: newest first, one line per mention, coloured by sentiment.

A virtual list: only the visible lines are rendered, ages are computed at render time, and when
new mentions arrive the selected mention stays selected (and on screen) instead of sliding away.
The triage keys ask for an action on the selected mention; whoever shows the list carries it out
(the console for the main feed, the triage queue for its own list).
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
from crisistui.store.records import Triage
from crisistui.tui.format import SENTIMENT_MARK, SENTIMENT_STYLE, TRIAGE_MARK, age, plain

LANGUAGE_COLUMN_WIDTH = 90
"""Panes at least this wide show each mention's language code."""
SOURCE_COLUMN_WIDTH = 70
"""Panes at least this wide show each mention's source."""
AUTHOR_COLUMN_WIDTH = 50
"""Panes at least this wide show the author in 14 cells; narrower ones (80 columns) in 10."""


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
        Binding("a", "triage('acknowledge')", "Acknowledge", show=False, id="feed.acknowledge"),
        Binding("d", "triage('dismiss')", "Dismiss as noise", show=False, id="feed.dismiss"),
        Binding("r", "triage('replied')", "Mark replied", show=False, id="feed.replied"),
        Binding("R", "triage('reply')", "Reply from a template", show=False, id="feed.reply"),
        Binding("l", "triage('link')", "Link to the incident", show=False, id="feed.link"),
        Binding(
            "o,at", "triage('assign')", "Assign to…", show=False, key_display="o", id="feed.assign"
        ),
        Binding("number_sign", "triage('tag')", "Tag…", show=False, key_display="#", id="feed.tag"),
        Binding("z", "triage('clear')", "Back to untriaged", show=False, id="feed.untriage"),
        Binding("slash", "filter", "Filter", show=False, key_display="/", id="feed.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="feed.clear_filter"),
    ]

    DEFAULT_CSS = """
    MentionFeed { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    """
    """The scrollbar's gutter is always kept, so which columns fit does not change when the
    list grows long enough to scroll; rows are cut to the width, so nothing scrolls sideways
    (a horizontal scrollbar took a row at 80×24)."""

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """The user asked to see a mention in full."""

        def __init__(self, mention: Mention) -> None:
            super().__init__()
            self.mention = mention

    class TriageRequested(Message):
        """A triage key was pressed on a mention: acknowledge, dismiss, replied, reply (from a
        template), link, assign or tag."""

        def __init__(self, feed: MentionFeed, mention: Mention, action: str) -> None:
            super().__init__()
            self.feed = feed
            self.mention = mention
            self.action = action

        @property
        def control(self) -> MentionFeed:
            return self.feed

    class FilterRequested(Message):
        """`/` asks to type a filter; escape (``clear``) asks to drop the one in force."""

        def __init__(self, feed: MentionFeed, clear: bool = False) -> None:
            super().__init__()
            self.feed = feed
            self.clear = clear

        @property
        def control(self) -> MentionFeed:
            return self.feed

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        follow_newest: bool = True,
        filterable: bool = False,
        empty: str = "waiting for mentions…",
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self._now = now
        self.follow_newest = follow_newest
        self.filterable = filterable
        """Whether `/` filters this list (whoever shows it carries the filter out)."""
        self.filtered = False
        """A filter is in force: escape clears it."""
        self.empty = empty
        self.mentions: list[Mention] = []
        self.triage: dict[int, Triage] = {}

    # -- data ---------------------------------------------------------------------------

    @property
    def selected(self) -> Mention | None:
        if 0 <= self.cursor < len(self.mentions):
            return self.mentions[self.cursor]
        return None

    def show(self, mentions: Sequence[Mention]) -> None:
        """Replace the rows.

        On the first row at the top, the feed follows the newest mention (unless built with
        ``follow_newest=False``). Anywhere else the selected mention stays selected: scrolled
        down, it also keeps its place on screen; at the top, the view stays there so new
        mentions come into sight above it. If it is gone, the row now in its place is selected.
        """
        previous = self.selected
        top = int(self.scroll_y)
        screen_row = self.cursor - top
        self.mentions = list(mentions)
        self.virtual_size = Size(self.size.width, len(self.mentions))
        following = self.follow_newest and self.cursor == 0 and top == 0
        if previous is None or following:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return self.filterable
        if action == "clear_filter":
            return self.filterable and self.filtered
        return True

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested(self))

    def action_clear_filter(self) -> None:
        self.post_message(self.FilterRequested(self, clear=True))

    def action_triage(self, action: str) -> None:
        if self.selected is not None:
            self.post_message(self.TriageRequested(self, self.selected, action))

    def show_triage(self, triage: dict[int, Triage]) -> None:
        """Replace the triage marks (mentions without an entry are untriaged)."""
        self.triage = triage
        self.refresh()

    def mark(self, triage: Triage) -> None:
        """Update one mention's triage mark."""
        self.triage[triage.mention_id] = triage
        self.refresh()

    def unmark(self, mention_id: int) -> None:
        """Show a mention as untriaged again."""
        self.triage.pop(mention_id, None)
        self.refresh()

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int):
            self.cursor = int(self.scroll_y) + offset

    # -- rendering ------------------------------------------------------------------------

    def row_text(self, mention: Mention, width: int, now: datetime) -> Text:
        """One mention as one line; narrow panes drop the language and source columns and
        shorten the author (who wrote it matters most in a crisis, so it stays).

        After the sentiment mark comes the triage mark (blank while nobody has handled it).
        """
        style = SENTIMENT_STYLE[mention.label]
        triage = self.triage.get(mention.id) if mention.id is not None else None
        roomy = width >= AUTHOR_COLUMN_WIDTH
        parts: list[Text] = [
            Text(f"{age(mention.created_at, now):>{4 if roomy else 3}} ", style="dim"),
            Text(SENTIMENT_MARK[mention.label] + " ", style=style or "dim"),
            Text(TRIAGE_MARK.get(triage.state, "?") if triage else " ", style="bold").append(" "),
        ]
        if width >= LANGUAGE_COLUMN_WIDTH:
            parts.append(plain(f"{mention.lang or '':<3}"[:3], "dim").append(" "))
        if width >= SOURCE_COLUMN_WIDTH:
            source = plain(mention.source)
            source.truncate(10, pad=True)
            parts.append(source.append(" "))
        author = plain(mention.author or "?", "bold")
        author.truncate(14 if roomy else 10, overflow="ellipsis", pad=True)
        parts.append(author.append(" "))
        parts.append(Text(f"{human_count(mention.reach):>{5 if roomy else 4}} ", style="dim"))
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
                empty = Text(self.empty, style="dim").render(self.app.console)
                return Strip(Segment.apply_style(empty, base)).adjust_cell_length(width, base)
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
