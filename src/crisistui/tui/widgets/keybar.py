"""The bottom line of every screen: the keys that work here, as one line of text.

Textual's ``Footer`` builds a widget per key and rebuilds them all, after a frame, whenever a
screen or the focus changes: on a busy console that made closing a screen cost a second
frame and tens of milliseconds of styling. This bar is one widget that renders the same keys
as text, redraws only when they change, and stops at the last key that fits whole, so a
narrow terminal never shows half a key. A click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

GAP = "  "
"""Between two keys when the whole bar fits; one space when it does not."""


@dataclass(frozen=True, slots=True)
class KeyHint:
    """One key as the bar shows it."""

    key: str
    """The key pressed on a click (the binding's first)."""
    display: str
    """How the key is written ("esc", "⏎", "?")."""
    description: str
    enabled: bool


class KeyBar(Widget):
    """The keys of the screen's active bindings that are shown (``Binding.show``, or named in
    the app's ``promoted_actions`` for now), one per action, in the order the bindings come."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
        link-style: none;
        link-style-hover: reverse;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.hints: tuple[KeyHint, ...] = ()
        """What the bar holds now."""
        self.shown: tuple[KeyHint, ...] = ()
        """The hints that fitted in the last rendering (the rest are left out whole)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        self._update()
        # the focus may settle after the signal (a screen coming back gives it back later):
        # look again once the frame is drawn, which costs nothing when the keys are the same
        self.call_after_refresh(self._update)

    def _update(self) -> None:
        if not self.is_attached:
            return
        hints = self._read_hints()
        if hints != self.hints:  # a screen coming back with the same keys costs nothing
            self.hints = hints
            self.refresh()

    def _read_hints(self) -> tuple[KeyHint, ...]:
        seen: set[str] = set()
        hints: list[KeyHint] = []
        promoted: frozenset[str] = getattr(self.app, "promoted_actions", frozenset())
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = binding.show or binding.action in promoted
            if not shown or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key.split(",")[0].strip()
            display = self.app.get_key_display(binding)
            hint = KeyHint(key, display, binding.description, enabled)
            # what to do now comes first: a narrow bar leaves out its tail
            if binding.action in promoted:
                hints.insert(0, hint)
            else:
                hints.append(hint)
        return tuple(hints)

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        description_style = self.get_component_rich_style("keybar--description", partial=True)
        labels = [f"{hint.display} {hint.description}".strip() for hint in self.hints]
        whole = sum(len(label) for label in labels) + len(GAP) * len(labels) + 1
        gap = GAP if whole <= width else " "
        line = Text(" " if gap == GAP else "", no_wrap=True, end="")
        shown: list[KeyHint] = []
        for hint in self.hints:
            step = Text(no_wrap=True, end="")
            click = Style.from_meta({"@click": f"app.simulate_key({hint.key!r})"})
            dim = Style(dim=not hint.enabled)
            step.append(hint.display, key_style + click + dim)
            if hint.description:
                step.append(f" {hint.description}", description_style + click + dim)
            if line.cell_len + step.cell_len > width:
                break
            line.append_text(step)
            line.append(gap)
            shown.append(hint)
        self.shown = tuple(shown)
        return line
