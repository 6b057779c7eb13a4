"""Small modal questions the response screens ask: a line of text, a choice, a longer text.

Each returns its answer through ``dismiss`` (None when cancelled with escape), so a caller
writes ``self.app.push_screen(TextPrompt(...), callback)`` and never waits on a loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from crisistui.tui.format import plain, prose
from crisistui.tui.widgets.keybar import KeyBar
from crisistui.tui.widgets.typed_input import TypedInput, TypedTextArea

AnswerType = TypeVar("AnswerType")

PROMPT_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 80%; max-width: 100; height: auto; max-height: 90%; border: thick $accent;
    background: $surface; padding: 0 1;
}}
{name} Label {{ margin-top: 1; width: 100%; }}
"""


def ask(
    asker: MessagePump, question: ModalScreen[Any], then: Callable[[Any], Awaitable[None]]
) -> None:
    """Show ``question``; once it closes, ``then(answer)`` runs (answer None if cancelled)."""
    asker.app.push_screen(question, lambda answer: asker.call_later(then, answer))


class Question(ModalScreen[AnswerType]):
    """A modal screen that closes once, and only itself. Keys typed in a burst (pasted, or
    bunched up by a slow SSH link) reach its focused widget before the first of them has
    closed it: a second enter or escape would answer again and, since Textual's ``dismiss``
    pops whatever screen is on top, close the screen below it too."""

    BINDINGS = [
        # a modal screen hides the app's keys: "?" (the app's binding, so the same id) opens
        # help from every view; a text field still takes "?" as a character
        Binding("question_mark", "app.help", "Help", show=False, id="app.help"),
    ]
    _dismissed = False

    def _on_screen_resume(self) -> None:
        """Shown (again: the detail and help screens are kept and reused): open."""
        self._dismissed = False

    def dismiss(self, result: AnswerType | None = None) -> AwaitComplete:
        if self._dismissed or self.app.screen is not self:
            return AwaitComplete(asyncio.sleep(0))
        self._dismissed = True
        return super().dismiss(result)


class TextPrompt(Question[str | None]):
    """One line of text; enter accepts, escape cancels (answers None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    DEFAULT_CSS = PROMPT_CSS.format(name="TextPrompt") + (
        "TextPrompt #about { color: $text-muted; margin-top: 1; }\n"
    )

    def __init__(
        self,
        heading: str,
        label: str,
        value: str = "",
        *,
        about: Text | None = None,
        allow_empty: bool = False,
        replace: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """``about`` shows what the question is about (a mention, say) above it; with
        ``replace`` typing replaces the value shown, otherwise it adds after it. ``check``
        says what is wrong with an answer (None: nothing), and the question stays open to
        correct it: a time mistyped in a hurry is not a form to fill again."""
        super().__init__()
        self.heading = heading
        self.label = label
        self.value = value
        self.about = about
        self.allow_empty = allow_empty
        self.replace = replace
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.heading)
            if self.about is not None:
                yield Static(self.about, id="about", markup=False)
            yield Label(prose(self.label))  # wrapped: a long label was cut at the edge
            yield TypedInput(self.value, id="answer", select_on_focus=self.replace)
        yield KeyBar()

    def on_mount(self) -> None:
        answer = self.query_one(Input)
        answer.focus()
        if not self.replace:
            answer.cursor_position = len(answer.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text and not self.allow_empty:
            self.notify(f"{self.label}: please type something (escape cancels).", markup=False)
            return
        if self.check is not None and (problem := self.check(text)) is not None:
            self.notify(f"{problem} (escape cancels)", severity="error", markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choices(OptionList):
    """An option list whose cursor stops at either end rather than wrapping round: in the
    incident's status list three presses of down from "monitoring" landed on "responding",
    moving the incident back without a word."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class ChoicePrompt(Question[str | None]):
    """Pick one of a few options with j/k or the arrows and enter; escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("j", "down", "Down", show=False, id="choice.down"),
        Binding("k", "up", "Up", show=False, id="choice.up"),
    ]
    DEFAULT_CSS = PROMPT_CSS.format(name="ChoicePrompt") + (
        "ChoicePrompt #heading { display: none; text-style: bold; margin-bottom: 1; }\n"
    )

    def __init__(
        self, heading: str, options: Sequence[tuple[str, str]], selected: str | None = None
    ) -> None:
        """``options`` are (label, value) pairs; labels are shown literally."""
        super().__init__()
        self.heading = heading
        self.options = list(options)
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.heading)
            # a heading longer than the border shows, written out whole (see ``on_resize``)
            yield Static(prose(self.heading), id="heading", markup=False)
            # Ids are positions: values come from files people edit and may repeat.
            options = [Option(plain(label), id=str(n)) for n, (label, _) in enumerate(self.options)]
            yield Choices(*options)
        yield KeyBar()

    def on_resize(self) -> None:
        """The heading whole inside the box when its border cuts it ("You opened incident #12
        moments ago: …" at 80 columns), only then."""
        box = self.query_one(Vertical)
        fits = cell_len(plain(self.heading).plain) + 6 <= box.size.width
        self.query_one("#heading", Static).display = not fits

    def on_mount(self) -> None:
        # the notices of what was just done (approved, a task ticked) stacked over the
        # options' lower rows: the choice asked now is what the screen is for
        self.app.clear_notifications()
        self.call_after_refresh(self.on_resize)
        options = self.query_one(OptionList)
        options.focus()
        values = [value for _, value in self.options]
        if self.selected in values:
            options.highlighted = values.index(self.selected)
        elif values:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index][1])

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextEditor(Question[tuple[str, str] | None]):
    """A title line and a body to edit; ctrl+s saves, escape cancels (nothing is saved)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]
    DEFAULT_CSS = (
        PROMPT_CSS.format(name="TextEditor")
        + "TextEditor TextArea { height: 14; }\nTextEditor > Vertical { height: 90%; }\n"
    )

    def __init__(
        self, heading: str, title: str | None, body: str, *, body_label: str = "Text"
    ) -> None:
        """With ``title`` None only the body is edited (the answer's title is then '')."""
        super().__init__()
        self.heading = heading
        self.title_value = title
        self.body = body
        self.body_label = body_label

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.heading)
            if self.title_value is not None:
                yield Label("Title")
                yield TypedInput(self.title_value, id="title", select_on_focus=False)
            yield Label(f"{self.body_label} (ctrl+s saves, escape cancels)")
            yield TypedTextArea(self.body, id="body", soft_wrap=True, show_line_numbers=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#body", TextArea).focus()

    def action_save(self) -> None:
        body = self.query_one("#body", TextArea).text.strip()
        title = ""
        if self.title_value is not None:
            title = self.query_one("#title", Input).value.strip()
            if not title:
                self.notify("The title is empty.", severity="warning")
                return
        self.dismiss((title, body))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlainText(ModalScreen[None]):
    """A text to read and copy: read-only, scrollable, selectable; y copies it (OSC 52), w
    writes it to ``save_as`` when there is one."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="plain.back"),
        Binding("y", "copy", "Copy", id="plain.copy"),
        Binding("w", "write", "Write the report file", id="plain.write"),
    ]
    DEFAULT_CSS = """
    PlainText { align: center middle; }
    PlainText > TextArea { width: 95%; height: 90%; border: thick $accent; }
    """

    def __init__(self, heading: str, text: str, save_as: Path | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.text = text
        self.save_as = save_as

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.save_as is not None if action == "write" else True

    def compose(self) -> ComposeResult:
        area = TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False)
        area.border_title = plain(self.heading)
        yield area
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_write(self) -> None:
        if self.save_as is None:
            return
        try:
            self.save_as.write_text(self.text, encoding="utf-8")
        except OSError as exc:
            self.notify(
                f"Cannot write {self.save_as}: {exc.strerror}", severity="error", markup=False
            )
            return
        self.notify(f"Written to {self.save_as}", markup=False)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(
            "Copied to the clipboard (if your terminal allows OSC 52); or select it here.",
            markup=False,
        )
