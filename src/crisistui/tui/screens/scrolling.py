"""A modal whose content scrolls with the same keys everywhere: j/k, arrows, pages, g/G.

At 80×24 an incident, a task or the help does not fit, and over SSH there is no mouse wheel
to count on, so every reading screen scrolls from the keyboard the same way.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.containers import VerticalScroll

from crisistui.tui.screens.prompts import Question

ResultType = TypeVar("ResultType")


class ScrollingModal(Question[ResultType], Generic[ResultType]):
    """Subclasses compose one ``VerticalScroll``; these keys scroll it."""

    BINDINGS = [
        Binding("j,down", "scroll('down')", "Down", show=False, id="scroll.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="scroll.up"),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False, id="scroll.page_down"),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, id="scroll.page_up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="scroll.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="scroll.bottom"),
    ]

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one(VerticalScroll)
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "page_down": scroll.scroll_page_down,
            "page_up": scroll.scroll_page_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
        }[where]()
