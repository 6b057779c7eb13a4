"""A one-line question in a small modal: who to assign a mention to, which tags it gets."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static


class TextPrompt(ModalScreen[str | None]):
    """Enter answers with the text as typed (maybe empty); esc answers None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 80%; max-width: 80; height: auto; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    TextPrompt #about { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(
        self, heading: str, about: Text, label: str, value: str = "", *, replace: bool = True
    ) -> None:
        """``replace``: typing replaces the value shown; otherwise it adds after it."""
        super().__init__()
        self.heading = heading
        self.about = about
        self.label = label
        self.value = value
        self.replace = replace

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.heading
            yield Static(self.about, id="about", markup=False)
            yield Label(self.label, markup=False)
            yield Input(self.value, id="answer", select_on_focus=self.replace)
        yield Footer()

    def on_mount(self) -> None:
        answer = self.query_one("#answer", Input)
        answer.focus()
        if not self.replace:
            answer.cursor_position = len(answer.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
