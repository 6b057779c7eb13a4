"""A mention in full: text, link, scores, language, and what the team did with it.

The triage keys of the feed work here too, on the mention shown. Opened on a feed row that
groups copies of the text ("×37"), it lists who posted the copies, and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from crisistui.domain.clock import local_text
from crisistui.domain.models import Mention
from crisistui.domain.numbers import human_count
from crisistui.domain.records import Triage
from crisistui.tui.format import (
    SENTIMENT_STYLE,
    describe_triage,
    language,
    plain,
    prose,
    sentiment,
)
from crisistui.tui.screens.scrolling import ScrollingModal
from crisistui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from crisistui.tui.triage import TriageDesk


class FieldList:
    """Names in a bold column and their values beside them, a value that does not fit
    wrapped under itself. A rich ``Table`` drew the same in 10 ms or more at every opening of
    the detail view (it measures and renders each cell several times); this wraps each value
    once."""

    GAP = 2

    def __init__(self, rows: Sequence[tuple[str, Text]]) -> None:
        self.rows = rows
        self.names = max((cell_len(name) for name, _ in rows), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.names + self.GAP
        room = max(options.max_width - indent, 1)
        for name, value in self.rows:
            lines = value.wrap(console, room, overflow="fold") or [Text()]
            head = Text(name.ljust(self.names + self.GAP), style="bold")
            yield Text.assemble(head, lines[0])
            for line in lines[1:]:
                yield Text.assemble(" " * indent, line)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(value.plain) for _, value in self.rows), default=0)
        return Measurement(self.names + self.GAP + 1, self.names + self.GAP + widest)


def _reach(reach: int) -> str:
    """ "1,234,567 (1.2M, as the feed says)"; a number the feed writes in full, once."""
    exact, short = f"{reach:,}", human_count(reach)
    return exact if short == exact else f"{exact} ({short}, as the feed says)"


def mention_table(mention: Mention) -> FieldList:
    """Field/value list; every value a stranger wrote stays literal."""
    followers = mention.author_followers
    return FieldList(
        [
            ("Author", plain(mention.author or "unknown")),
            ("Followers", Text(f"{followers:,}" if followers is not None else "unknown")),
            ("Reach", Text(_reach(mention.reach))),
            (
                "Engagement",
                Text(
                    " · ".join(
                        f"{n:,} {one if n == 1 else many}"
                        for n, one, many in (
                            (mention.likes or 0, "like", "likes"),
                            (mention.reposts or 0, "repost", "reposts"),
                            (mention.replies or 0, "reply", "replies"),
                        )
                    )
                ),
            ),
            ("Sentiment", Text(sentiment(mention), style=SENTIMENT_STYLE[mention.label])),
            (
                "About",
                plain(mention.subject + (" (competitor)" if mention.is_competitor else "")),
            ),
            ("Language", plain(language(mention))),
            *(
                [("Crisis terms", plain(crisis_terms(mention.triggers)))]
                if mention.triggers
                else []
            ),
            ("Source", plain(f"{mention.source} · id {mention.external_id}")),
            ("Posted", Text(local_text(mention.created_at, with_date=True))),
            ("URL", plain(mention.url or "none")),
        ]
    )


def crisis_terms(triggers: Sequence[tuple[str, str]]) -> str:
    """ "service-outage: down, outage · boycott: #boycott": why the mention counted where
    the gauge says a crisis type's terms are up."""
    from crisistui.analysis.triggers import term_label

    by_type: dict[str, list[str]] = {}
    for kind, term in triggers:
        by_type.setdefault(kind, []).append(term_label(term))
    return " · ".join(f"{kind}: {', '.join(terms)}" for kind, terms in by_type.items())


TRIAGE_UNREAD = Text("…", style="dim")
"""The triage line until the team's triage of the mention is read."""
SHOWN_COPIES = 100
"""Copies listed at most (the rest are counted): the authors are what the list is for."""


AUTHOR_CELLS, SOURCE_CELLS = 40, 30
"""The widest an author and a source are shown in the copies list (longer ones end in …)."""


def copies_table(mention: Mention, copies: Sequence[Mention]) -> Group:
    """Who else posted the text: one line per copy, newest first, each author literal.

    Lines of text in fixed columns rather than a table: a campaign's hundred copies laid out
    as a table took 17 ms to draw, twice for each opening of the detail view."""
    accounts = {m.author for m in (mention, *copies) if m.author}
    title = Text.assemble(
        (f"×{len(copies) + 1} ", "bold"),
        f"the same text {len(copies) + 1} times, from {len(accounts)} accounts; the copies:",
    )
    shown = copies[:SHOWN_COPIES]
    authors = [plain(copy.author or "unknown", "bold") for copy in shown]
    width = min(max((cell_len(a.plain) for a in authors), default=0), AUTHOR_CELLS)
    lines = []
    # a campaign's copies over several days say the day too: "09:14:02" twice was two days
    days = {m.created_at.astimezone().date() for m in (mention, *shown)}
    stamp = "%H:%M:%S" if len(days) == 1 else "%d %b %H:%M:%S"
    for copy, author in zip(shown, authors, strict=True):
        author.truncate(width, overflow="ellipsis", pad=True)
        source = plain(copy.source, "dim")
        source.truncate(SOURCE_CELLS, overflow="ellipsis")
        line = Text.assemble(
            (copy.created_at.astimezone().strftime(stamp), "dim"), "  ", author, "  ", source
        )
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    more = len(copies) - SHOWN_COPIES
    rest = [Text(f"… and {more} more", style="dim")] if more > 0 else []
    return Group(title, *lines, *rest)


class MentionDetail(ScrollingModal[None]):
    """Opened with enter on the feed; esc goes back.

    One instance serves every mention (``show`` swaps what it holds): building a screen's
    widgets and styling them anew cost more than the key's whole budget on a busy console.
    It is opaque for the same reason: a see-through modal re-renders the feed behind it on
    every frame, and under a flood the feed changes every beat.
    """

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="detail.back"),
        Binding("a", "triage('acknowledge')", "Acknowledge", id="detail.acknowledge"),
        Binding("d", "triage('dismiss')", "Dismiss", id="detail.dismiss"),
        Binding("r", "triage('replied')", "Replied", id="detail.replied"),
        Binding("R", "triage('reply')", "Reply…", id="detail.reply"),
        Binding("l", "triage('link')", "Link", show=False, id="detail.link"),
        Binding(
            "o,at", "triage('assign')", "Assign…", show=False, key_display="o", id="detail.assign"
        ),
        Binding(
            "number_sign", "triage('tag')", "Tag…", show=False, key_display="#", id="detail.tag"
        ),
        Binding("z", "triage('clear')", "Untriage", show=False, id="detail.untriage"),
    ]

    DEFAULT_CSS = """
    MentionDetail { align: center middle; background: $background; }
    MentionDetail > VerticalScroll {
        width: 90%; max-width: 120; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    MentionDetail #text { margin-bottom: 1; }
    MentionDetail #triage { margin-bottom: 1; text-style: bold; }
    MentionDetail #copies { margin-top: 1; }
    """

    def __init__(self, mention: Mention, desk: TriageDesk, copies: Sequence[Mention] = ()) -> None:
        super().__init__()
        self.mention = mention
        self.desk = desk
        self.copies = tuple(copies)
        """Older copies of the text that the feed folded into this mention's row."""
        self._reading = 0
        """Bumped by each mention shown: a triage read for an earlier one is dropped."""

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Mention"
            yield Static(id="text", markup=False)
            yield Static(TRIAGE_UNREAD, id="triage", markup=False)
            yield Static(id="fields", markup=False)
            yield Static(id="copies", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill()

    def show(self, mention: Mention, copies: Sequence[Mention] = ()) -> None:
        """Hold another mention (the screen is reused); shown at once when mounted."""
        self.mention, self.copies = mention, tuple(copies)
        if self.is_mounted:
            self._fill()
            self.query_one(VerticalScroll).scroll_home(animate=False)

    def _fill(self) -> None:
        mention = self.mention
        # as wide as terminals draw it, like the feed's row (✈️, 👍🏽 and 🫨 moved the border)
        body = prose(mention.text, style=SENTIMENT_STYLE[mention.label])
        self.query_one("#text", Static).update(body)
        self.query_one("#triage", Static).update(TRIAGE_UNREAD)
        self.query_one("#fields", Static).update(mention_table(mention))
        copies = self.query_one("#copies", Static)
        copies.display = bool(self.copies)
        copies.update(copies_table(mention, self.copies) if self.copies else "")
        self._reading += 1
        store = self.desk.app.store
        if store is not None and mention.id is not None:
            self.run_worker(
                self._read_triage(mention.id, self._reading),
                group="detail-triage",
                exit_on_error=False,
            )

    async def _read_triage(self, mention_id: int, reading: int) -> None:
        """The team's triage of the mention, read off the key's path (the screen is painted
        first)."""
        store = self.desk.app.store
        assert store is not None
        triage = await store.triage(mention_id)
        triggers = await store.mention_triggers(mention_id)
        if reading == self._reading and self.is_attached:
            self._show_triage(triage)
            if triggers:
                shown = replace(self.mention, triggers=tuple(triggers))
                self.query_one("#fields", Static).update(mention_table(shown))

    def _show_triage(self, triage: Triage | None) -> None:
        self.query_one("#triage", Static).update(describe_triage(triage))

    async def action_triage(self, action: str) -> None:
        await self.desk.act(action, self.mention, then=self._show_triage)
