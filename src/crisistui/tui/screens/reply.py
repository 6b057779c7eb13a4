"""`R`: answer one mention from the playbook's FAQ answers.

The picker lists the answers with their placeholders filled and previews the highlighted one.
Choosing one opens a plain view of the text, which is copied to the clipboard with OSC 52
where the terminal allows it; the view has nothing else on the text's lines, so it can also be
selected with the terminal's own selection. Confirming there marks the mention replied with
that answer's template id.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from crisistui.domain.languages import language_name
from crisistui.domain.statements import Draft
from crisistui.tui.format import plain, prose
from crisistui.tui.screens.prompts import Question
from crisistui.tui.widgets.keybar import KeyBar


class ReplyPicker(Question[str | None]):
    """Answers with the template id the mention was replied with, or None."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="reply.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="reply.down"),
        Binding("k", "move(-1)", "Up", show=False, id="reply.up"),
    ]

    DEFAULT_CSS = """
    ReplyPicker { align: center middle; }
    ReplyPicker > Vertical {
        width: 95%; max-width: 110; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    ReplyPicker #about { color: $text-muted; margin-bottom: 1; }
    ReplyPicker #no-language { color: $warning; margin-bottom: 1; }
    ReplyPicker OptionList { height: auto; max-height: 50%; }
    ReplyPicker #preview { height: 1fr; margin-top: 1; }
    """

    def __init__(self, about: Text, drafts: list[Draft], lang: str | None = None) -> None:
        """``lang``: the mention's language, said when the playbook has no answer in it."""
        super().__init__()
        self.about = about
        self.drafts = drafts
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Reply from an FAQ answer (enter to copy)"
            yield Static(self.about, id="about", markup=False)
            if (missing := self._missing_language()) is not None:
                yield Static(plain(missing), id="no-language", markup=False)
            yield OptionList(*(Option(_label(d), id=d.template_id) for d in self.drafts))
            with VerticalScroll(id="preview"):
                yield Static(id="body", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.drafts:
            options.highlighted = 0
            self._preview(self.drafts[0])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self.drafts[event.option_index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        draft = self.drafts[event.option_index]
        self.app.push_screen(ReplyView(self.about, draft), self._confirmed(draft))

    def _confirmed(self, draft: Draft) -> Callable[[bool | None], None]:
        def done(replied: bool | None) -> None:
            if replied:
                self.dismiss(draft.template_id)

        return done

    def _missing_language(self) -> str | None:
        """What to say when no answer here is in the mention's language: an answer without a
        ``lang`` is in the language its text is identified as."""
        from crisistui.pipeline.language import identify

        if self.lang is None or not self.drafts:
            return None
        if any(d.lang == self.lang for d in self.drafts):
            return None
        if any(d.lang is None and identify(d.body).code == self.lang for d in self.drafts):
            return None
        return (
            f"No answer in {language_name(self.lang)} in this playbook: the answers below are "
            "in other languages (docs/playbooks.md says how to add one)."
        )

    def _preview(self, draft: Draft) -> None:
        self.query_one("#body", Static).update(prose(draft.body))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _label(draft: Draft) -> Text:
    """An answer's title, and the language it is written in when the playbook says."""
    label = plain(draft.title)
    if draft.lang is not None:
        label.append(f"  {language_name(draft.lang)}", style="dim")
    return label


class ReplyView(Question[bool]):
    """The filled answer alone on the screen, copied on arrival; enter marks the mention
    replied, esc goes back to the list."""

    BINDINGS = [
        Binding("enter", "replied", "Mark replied", id="reply_view.replied"),
        Binding("y,c", "copy", "Copy again", id="reply_view.copy"),
        Binding("escape,q", "back", "Back", id="reply_view.back"),
    ]

    DEFAULT_CSS = """
    ReplyView { background: $background; }
    ReplyView #heading { text-style: bold; }
    ReplyView #missing { color: $warning; }
    ReplyView #text { margin-top: 1; }
    """

    def __init__(self, about: Text, draft: Draft) -> None:
        super().__init__()
        self.about = about
        self.draft = draft

    def compose(self) -> ComposeResult:
        heading = plain(f"Reply: {self.draft.title}")
        yield Static(heading, id="heading", markup=False)
        yield Static(self.about, markup=False)
        if self.draft.missing:
            missing = ", ".join(self.draft.missing)
            yield Static(plain(f"Fill in before sending: {missing}"), id="missing", markup=False)
        with VerticalScroll():
            yield Static(prose(self.draft.body), id="text", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_copy()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.draft.body)
        self.notify(
            "Copied to the clipboard (OSC 52). If nothing was copied, select the text "
            "(shift+drag in most terminals).",
            markup=False,
            timeout=4,
        )

    def action_replied(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
