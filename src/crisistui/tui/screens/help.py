"""Every key, from the bindings themselves, so help can never drift from what works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static


def _key_label(keys: str) -> str:
    names = {
        "space": "space",
        "escape": "esc",
        "question_mark": "?",
        "colon": ":",
        "slash": "/",
        "enter": "enter",
        "at": "@",
        "number_sign": "#",
        "minus": "-",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def bindings_table(sections: list[tuple[str, list[Binding]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for binding in bindings:
            table.add_row(_key_label(binding.key), binding.description or binding.action)
        table.add_row("", "")
    return table


def collect_sections(widgets: list[tuple[str, type[Widget]]]) -> list[tuple[str, list[Binding]]]:
    sections = []
    for title, widget in widgets:
        bindings = [b for b in widget.BINDINGS if isinstance(b, Binding)]
        if bindings:
            sections.append((title, bindings))
    return sections


class HelpScreen(ModalScreen[None]):
    """`?`: lists every key of every pane."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (esc to close)"
            yield Static(bindings_table(self.sections))
