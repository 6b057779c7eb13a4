"""Top line: brand, clock, and the health of every source."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from crisistui.domain.models import SourceHealth, SourceState

STATE_STYLE: dict[SourceState, str] = {
    SourceState.STARTING: "dim",
    SourceState.OK: "green",
    SourceState.FAILING: "bold red",
    SourceState.FINISHED: "cyan",
}
STALE_STYLE = "bold yellow"


class StatusHeader(Static):
    """Brand · mode · clock · sources."""

    DEFAULT_CSS = """
    StatusHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(
        self,
        brand: str,
        mode: str,
        now: datetime,
        health: Mapping[str, SourceHealth],
        *,
        others: bool = True,
    ) -> None:
        """``others``: the health is another collector's, read from the store, so a poll
        long overdue means that collector has stopped."""
        line = Text.assemble(
            ("crisistui", "bold"),
            " · ",
            Text(brand, style="bold"),
            " · ",
            (mode, "italic"),
            " · ",
            now.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        )
        if health:
            line.append("  sources: ")
            for index, item in enumerate(health.values()):
                if index:
                    line.append(" ")
                line.append(Text(item.name))
                if others and item.overdue(now):  # nobody polls it any more: not "ok"
                    line.append(" stale", style=STALE_STYLE)
                else:
                    line.append(f" {item.state.value}", style=STATE_STYLE[item.state])
        line.no_wrap = True
        line.overflow = "ellipsis"
        # one line the width of the screen, whatever it says: no layout of the whole screen
        # for it (it changes every second), and no paint when a poll changed nothing in it
        if line != self.content:
            self.update(line, layout=False)
