"""The wall's newest negative mentions of the brand that reached many people, one line each.

Read from the mentions the console already holds (the newest ``feed_rows``), or, while the feed
is filtered, from the newest stored ones; always as plain text: a stranger wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.numbers import human_count
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.tui.format import age, plain


def loud_negatives(
    mentions: Sequence[Mention], brand: str, reach: int, own: OwnAccounts
) -> list[Mention]:
    """The brand's negative mentions reaching at least ``reach`` people, newest first; the
    brand's own posts are its answer, not part of the noise."""
    return [
        m
        for m in mentions
        if m.subject == brand
        and m.label == Sentiment.NEGATIVE
        and m.reach >= reach
        and m.author not in own
    ]


class LoudMentions(Widget):
    """As many mentions as the box holds: age, reach, author and text."""

    DEFAULT_CSS = """
    LoudMentions { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mentions: list[Mention] = []
        self.now: datetime | None = None

    def show(self, mentions: list[Mention], now: datetime) -> None:
        self.mentions, self.now = mentions, now
        self.refresh()

    def render(self) -> RenderableType:
        height, width = self.size.height, self.size.width
        lines = []
        if not self.mentions or self.now is None:
            lines.append(Text("none among the newest mentions", style="dim"))
        for mention in self.mentions[:height]:
            line = Text(f"{age(mention.created_at, self.now or mention.created_at):>4} ")
            line.append(f"{human_count(mention.reach):>5} ", style="bold")
            line.append_text(plain(mention.author or "?", style="bold"))
            line.append("  ")
            line.append_text(plain(mention.text))
            lines.append(line)
        shown = lines[:height]
        for line in shown:
            line.truncate(width, overflow="ellipsis")
        return Text("\n").join(shown)
