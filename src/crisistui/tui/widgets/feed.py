"""The mention feed: newest first, one line per mention, coloured by sentiment.

A virtual list: only the visible lines are rendered, ages are computed at render time, and when
new mentions arrive the selected mention stays selected (and on screen) instead of sliding away.
The triage keys ask for an action on the selected mention; whoever shows the list carries it out
(the console for the main feed, the triage queue for its own list).

A list built with ``group_copies`` folds each copy of a text (the same words once links,
handles, hashtags and numbers are left out: syndicated news, retweets, a pasted campaign) into
the row of its newest copy, which shows "×37"; enter lists the copies' authors and `=` turns
the grouping off and on. Only the rows the list holds are grouped, never the history, so it
costs the same on a million-mention database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crisistui.domain.copies import copy_key
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.numbers import human_count
from crisistui.domain.records import Triage
from crisistui.tui.format import SENTIMENT_MARK, SENTIMENT_STYLE, TRIAGE_MARK, age, plain
from crisistui.tui.key_hold import hold_keys

LANGUAGE_COLUMN_WIDTH = 70
"""Panes at least this wide show each mention's language code (a storm in another language
is seen in the feed before it is in the gauge)."""
SOURCE_COLUMN_WIDTH = 90
"""Panes at least this wide show each mention's source too."""
AUTHOR_COLUMN_WIDTH = 50
"""Panes at least this wide show the author in 14 cells; narrower ones (80 columns) in 10."""


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One line of the feed: a mention, and the older copies of its text folded into it."""

    mention: Mention
    copies: tuple[Mention, ...] = ()

    @property
    def size(self) -> int:
        """How many mentions the row stands for: the "×N" it shows."""
        return 1 + len(self.copies)


def fold_copies(mentions: Sequence[Mention]) -> list[FeedRow]:
    """Rows in the mentions' order, each copy of a text folded into the first row that has
    it (the newest, in a feed): one pass over the rows held, nothing read from the store.

    A complaint folds only into a complaint's row, and a copy only into a row about the same
    subject. Emoji and hashtags are no words of a copy key, so "Acme Air 👍👍" and "Acme Air
    😡😡😡" are one text (to the campaign watch too: a bot varying its emoji is still one
    campaign), but a complaint must never hide in the row of a compliment; and "… at
    #NorthwindCoffee" is the same words as "… at #Southpoint", but the brand's post must never
    hide in a rival's row. Any other copy folds into the first row of its text."""
    rows: list[tuple[Mention, list[Mention]]] = []
    first: dict[tuple[str, str], int] = {}
    complaints: dict[tuple[str, str], int] = {}
    for mention in mentions:
        key = (copy_key(mention.text, mention.fingerprint), mention.subject)
        negative = mention.label is Sentiment.NEGATIVE
        index = (complaints if negative else first).get(key)
        if index is None:
            index = len(rows)
            rows.append((mention, []))
            first.setdefault(key, index)
            if negative:
                complaints[key] = index
        else:
            rows[index][1].append(mention)
    return [FeedRow(mention, tuple(copies)) for mention, copies in rows]


MAX_DRAWN_ROWS = 1024
"""Rows kept drawn, each for the width, selection, mark and age it was drawn with (a few
screens of rows; a row's age label moves on every second while it is young)."""


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
        Binding("=", "toggle_grouping", "Group copies on/off", show=False, id="feed.group"),
    ]

    DEFAULT_CSS = """
    MentionFeed { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    """
    """The scrollbar's gutter is always kept, so which columns fit does not change when the
    list grows long enough to scroll; rows are cut to the width, so nothing scrolls sideways
    (a horizontal scrollbar took a row at 80×24)."""

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """The user asked to see a mention in full (with the copies folded into its row)."""

        def __init__(self, mention: Mention, copies: Sequence[Mention] = ()) -> None:
            super().__init__()
            self.mention = mention
            self.copies = tuple(copies)

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
        group_copies: bool = False,
        empty: str = "waiting for mentions…",
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self._now = now
        self._ages_shown: list[str] = []
        self._drawn: dict[tuple[object, ...], Strip] = {}
        self._frame: tuple[Style, int] | None = None
        self.follow_newest = follow_newest
        self.watching = follow_newest
        """No one has moved in the list yet: its first row follows the newest mention. Once
        someone moves, opens or triages, the mention they chose stays chosen as new ones
        arrive above it: a key pressed on the top row acts on the mention read there, not on
        one that arrived a second before (`g` goes to the newest again)."""
        self.filterable = filterable
        """Whether `/` filters this list (whoever shows it carries the filter out)."""
        self.filtered = False
        """A filter is in force: escape clears it."""
        self.empty = empty
        self.groupable = group_copies
        """Whether `=` may group copies here (a work list where each copy is handled on its
        own, like the triage queue, keeps one row per mention)."""
        self.grouping = group_copies
        """Copies are folded into one row now."""
        self.mentions: list[Mention] = []
        """Every mention the list holds, newest first (the rows group them)."""
        self.rows: list[FeedRow] = []
        self.triage: dict[int, Triage] = {}

    # -- data ---------------------------------------------------------------------------

    @property
    def selected(self) -> Mention | None:
        row = self.selected_row
        return row.mention if row is not None else None

    @property
    def selected_row(self) -> FeedRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def _group(self) -> None:
        if self.grouping:
            self.rows = fold_copies(self.mentions)
        else:
            self.rows = [FeedRow(mention) for mention in self.mentions]

    def row_of(self, mention_id: int | None) -> int | None:
        """The row that shows a mention, as its own line or folded in as a copy."""
        for index, row in enumerate(self.rows):
            if row.mention.id == mention_id or any(c.id == mention_id for c in row.copies):
                return index
        return None

    def show(self, mentions: Sequence[Mention]) -> None:
        """Replace the rows.

        Until someone moves in the list (``watching``), its first row follows the newest
        mention (unless built with ``follow_newest=False``). Otherwise the selected mention
        stays selected: scrolled down, it also keeps its place on screen; at the top, the view
        stays there so new mentions come into sight above it. If it is gone, the row now in
        its place is selected.
        """
        previous = self.selected
        top = int(self.scroll_y)
        screen_row = self.cursor - top
        self.mentions = list(mentions)
        self._group()
        self._fit_rows()
        following = self.watching and self.cursor == 0 and top == 0
        if previous is None or following:
            # On the first row at the top: the user is watching the newest; keep doing so.
            self.refresh()
            return
        index = self.row_of(previous.id)
        if index is None:
            index = min(self.cursor, max(len(self.rows) - 1, 0))
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
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, value: int) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif height and value >= top + height:
            self.scroll_to(y=value - height + 1, animate=False)
        self.refresh()

    def action_cursor_down(self) -> None:
        self.watching = False
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.watching = False
        self.cursor -= 1

    def action_first(self) -> None:
        self.watching = False
        self.cursor = 0

    def action_last(self) -> None:
        self.watching = False
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.watching = False
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_page_up(self) -> None:
        self.watching = False
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_open(self) -> None:
        self.watching = False
        row = self.selected_row
        if row is not None:
            self.post_message(self.Opened(row.mention, row.copies))

    def action_toggle_grouping(self) -> None:
        """Fold copies into one row, or give each its own; the selected mention stays
        selected."""
        chosen = self.selected
        self.grouping = not self.grouping
        self._group()
        self._fit_rows()
        index = self.row_of(chosen.id) if chosen is not None else None
        self.cursor = index if index is not None else 0
        folded = len(self.mentions) - len(self.rows)
        self.notify(
            f"Copies grouped: {folded} folded into the row of their newest copy"
            if self.grouping
            else "Every copy on its own row",
            timeout=3,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_grouping":
            return self.groupable
        if action == "filter":
            return self.filterable
        if action == "clear_filter":
            return self.filterable and self.filtered
        return True

    def action_filter(self) -> None:
        hold_keys(self.app)  # "/delayed" typed fast goes into the bar, not to the feed
        self.post_message(self.FilterRequested(self))

    def action_clear_filter(self) -> None:
        hold_keys(self.app)
        self.post_message(self.FilterRequested(self, clear=True))

    def action_triage(self, action: str) -> None:
        self.watching = False
        if self.selected is not None:
            hold_keys(self.app)  # the next keys act after this one, or go to its prompt
            self.post_message(self.TriageRequested(self, self.selected, action))

    def refresh_ages(self) -> None:
        """Repaint if the age of a row in sight has moved on ("12s" to "13s", "4m" to "5m"):
        a console left open repaints its feed when the clock says so, not on every beat."""
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        now = self._now()
        ages = [age(row.mention.created_at, now) for row in self.rows[top : top + height]]
        if ages != self._ages_shown:
            self._ages_shown = ages
            self.refresh()

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
        self.watching = False
        offset = getattr(event, "y", None)
        if isinstance(offset, int):
            self.cursor = int(self.scroll_y) + offset

    # -- rendering ------------------------------------------------------------------------

    def row_text(self, mention: Mention, width: int, now: datetime, copies: int = 1) -> Text:
        """One mention as one line; narrow panes drop the language and source columns and
        shorten the author (who wrote it matters most in a crisis, so it stays).

        After the sentiment mark comes the triage mark (blank while nobody has handled it); a
        row that stands for several ``copies`` of its text starts the text with "×N".
        """
        style = SENTIMENT_STYLE[mention.label]
        triage = self.triage.get(mention.id) if mention.id is not None else None
        roomy = width >= AUTHOR_COLUMN_WIDTH
        parts: list[Text] = [
            Text(f"{age(mention.created_at, now):>4} ", style="dim"),  # a space from the border
            Text(SENTIMENT_MARK[mention.label] + " ", style=style or "dim"),
            Text(TRIAGE_MARK.get(triage.state, "?") if triage else " ", style="bold").append(" "),
        ]
        if width >= LANGUAGE_COLUMN_WIDTH:
            lang = plain(mention.lang, "dim")  # padded after: the sanitising strips spaces
            lang.truncate(3, pad=True)
            parts.append(lang.append(" "))
        if width >= SOURCE_COLUMN_WIDTH:
            source = plain(mention.source)
            source.truncate(10, overflow="ellipsis", pad=True)
            parts.append(source.append(" "))
        author = plain(mention.author or "?", "bold")
        author.truncate(14 if roomy else 10, overflow="ellipsis", pad=True)
        parts.append(author.append(" "))
        parts.append(Text(f"{human_count(mention.reach):>{5 if roomy else 4}} ", style="dim"))
        if copies > 1:
            parts.append(Text(f"×{human_count(copies)} ", style="bold"))
        # no more of the text than the row can show (a post may run to thousands of letters)
        parts.append(plain(mention.text[: width * 4], style))
        line = Text.assemble(*parts, no_wrap=True, end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        return line

    def render_lines(self, crop: Region) -> list[Strip]:
        # the pane's style and width are the same for every line of one frame: worked out
        # once here rather than on each line (they cost as much as drawing a row)
        self._frame = self.rich_style, self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        base, width = self._frame or (self.rich_style, self.scrollable_content_region.width)
        index = int(self.scroll_y) + y
        if index >= len(self.rows):
            if not self.rows and y == 0:
                empty = Text(self.empty, style="dim").render(self.app.console)
                return Strip(Segment.apply_style(empty, base)).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        row = self.rows[index]
        mention, now = row.mention, self._now()
        triage = self.triage.get(mention.id) if mention.id is not None else None
        selected = index == self.cursor
        # a row is drawn again only when something it shows changed: each frame of a busy
        # console repaints the whole feed, and styling a row cost a millisecond
        key = (
            mention.id if mention.id is not None else id(mention),
            mention.text,
            mention.author,
            mention.reach,
            mention.label,
            row.size,
            width,
            selected,
            selected and self.has_focus,
            triage.state if triage else None,
            age(mention.created_at, now),
            base,
        )
        strip = self._drawn.get(key)
        if strip is None:
            line = self.row_text(mention, width, now, row.size)
            if selected:
                line.stylize(Style(reverse=True) if self.has_focus else Style(underline=True))
            segments = list(line.render(self.app.console))
            segments = list(Segment.apply_style(segments, base))
            strip = Strip(segments).adjust_cell_length(width, base)
            if len(self._drawn) >= MAX_DRAWN_ROWS:
                self._drawn.clear()
            self._drawn[key] = strip
        return strip

    def on_resize(self) -> None:
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Make the scrollable height the number of rows. Only the feed's own scrollbar
        depends on it, so the screen is laid out again only when that bar appears or goes
        (``virtual_size`` itself would lay out every pane each time a mention arrives)."""
        size = Size(self.size.width, len(self.rows))
        if size == self.virtual_size:
            return
        shown = self.show_vertical_scrollbar, self.show_horizontal_scrollbar
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        if (self.show_vertical_scrollbar, self.show_horizontal_scrollbar) != shown:
            self.refresh(layout=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
