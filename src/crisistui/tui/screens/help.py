"""Every key, from the bindings themselves, so help can never drift from what works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

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
    table.add_column(style="dim", no_wrap=True)  # the id to move the key in [console] keys
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "", "")
        for binding in bindings:
            table.add_row(
                _key_label(binding.key), binding.description or binding.action, binding.id or ""
            )
        table.add_row("", "", "")
    return table


def collect_sections(
    widgets: list[tuple[str, type[Widget]]], keymap: Mapping[str, str] | None = None
) -> list[tuple[str, list[Binding]]]:
    """The bindings of each place, with the keys the keymap moved them to."""
    keymap = keymap or {}
    sections = []
    for title, widget in widgets:
        bindings = [
            replace(b, key=keymap[b.id]) if b.id in keymap else b
            for b in widget.BINDINGS
            if isinstance(b, Binding)
        ]
        if bindings:
            sections.append((title, bindings))
    return sections


def binding_ids(widgets: list[tuple[str, type[Widget]]]) -> set[str]:
    return {b.id for _, w in widgets for b in w.BINDINGS if isinstance(b, Binding) and b.id}


class HelpScreen(ModalScreen[None]):
    """`?`: lists every key of every pane."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
        Binding(
            "pagedown,space", "scroll('page_down')", "Page down", show=False, id="help.page_down"
        ),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, id="help.page_up"),
    ]

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

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one(VerticalScroll)
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "page_down": scroll.scroll_page_down,
            "page_up": scroll.scroll_page_up,
        }[where]()
