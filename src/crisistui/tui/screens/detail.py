"""A mention in full: text, link, scores, language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from crisistui.models import Mention
from crisistui.numbers import human_count
from crisistui.tui.format import SENTIMENT_STYLE, plain


def mention_table(mention: Mention) -> Table:
    """Field/value table; every value a stranger wrote stays literal."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    followers = mention.author_followers
    rows: list[tuple[str, Text]] = [
        ("Author", plain(mention.author or "unknown")),
        ("Followers", Text(f"{followers:,}" if followers is not None else "unknown")),
        ("Reach", Text(f"{mention.reach:,} ({human_count(mention.reach)})")),
        (
            "Engagement",
            Text(
                f"{mention.likes or 0:,} likes · {mention.reposts or 0:,} reposts · "
                f"{mention.replies or 0:,} replies"
            ),
        ),
        (
            "Sentiment",
            Text(
                f"{mention.label.value} ({mention.sentiment:+.3f})",
                style=SENTIMENT_STYLE[mention.label],
            ),
        ),
        ("About", plain(mention.subject + (" (competitor)" if mention.is_competitor else ""))),
        ("Language", plain(mention.lang or "unknown")),
        ("Source", plain(f"{mention.source} · id {mention.external_id}")),
        ("Posted", Text(mention.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"))),
        ("URL", plain(mention.url or "none")),
    ]
    for key, value in rows:
        value.no_wrap = False
        table.add_row(key, value)
    return table


class MentionDetail(ModalScreen[None]):
    """Opened with enter on the feed; esc goes back."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="detail.back"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    MentionDetail { align: center middle; }
    MentionDetail > VerticalScroll {
        width: 90%; max-width: 120; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    MentionDetail #text { margin-bottom: 1; }
    """

    def __init__(self, mention: Mention) -> None:
        super().__init__()
        self.mention = mention

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Mention"
            body = Text(self.mention.text, style=SENTIMENT_STYLE[self.mention.label])
            yield Static(body, id="text", markup=False)
            yield Static(mention_table(self.mention), id="fields", markup=False)
        yield Footer()

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
