"""Every key, from the bindings themselves, so help can never drift from what works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from crisistui.tui.screens.scrolling import ScrollingModal


def key_label(keys: str) -> str:
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


IDS_FROM = 70
"""Narrower than this, help leaves the binding ids out: what a key does comes first."""


def bindings_table(sections: list[tuple[str, list[Binding]]], *, ids: bool = True) -> Group:
    """One block per place: its title, then key · what it does · binding id (the id moves
    the key in ``[console] keys``; left out with ``ids`` false). The key column has one width
    everywhere, so it lines up."""
    labels = [key_label(b.key) for _, bindings in sections for b in bindings]
    key_width = min(max((len(label) for label in labels), default=4), 20 if ids else 10)
    names = [b.id or "" for _, bindings in sections for b in bindings]
    id_width = min(max((len(name) for name in names), default=4), 26)
    blocks: list[Text | Table] = []
    for title, bindings in sections:
        blocks.append(Text(title, style="bold underline"))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(style="bold cyan", width=key_width, overflow="fold")
        table.add_column(ratio=1)
        if ids:
            table.add_column(style="dim", width=id_width, overflow="ellipsis", no_wrap=True)
        for binding in bindings:
            row = [key_label(binding.key), binding.description or binding.action]
            table.add_row(*row, *([binding.id or ""] if ids else []))
        blocks.append(table)
        blocks.append(Text(""))
    return Group(*blocks)


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


class HelpScreen(ScrollingModal[None]):
    """`?`: lists every key of every pane. Built once and reused, and opaque, like the mention
    detail: a key that opens it paints it at once however busy the feed behind is."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections
        self._ids = True

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (esc to close)"
            yield Static(bindings_table(self.sections))

    def on_screen_resume(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """At 60 columns the ids kept their width and cut what each key does ("Inci…")."""
        ids = self.app.size.width >= IDS_FROM
        if ids != self._ids:
            self._ids = ids
            self.query_one(Static).update(bindings_table(self.sections, ids=ids))
