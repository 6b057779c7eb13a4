"""`S`: the incident's public statements, from template to published.

Draft from a playbook template (placeholders filled with the brand and incident facts), edit,
request approval, approve or reject (only the approver may), publish on channels. The first
publication sets the "first public response" milestone. The selected text is shown in full
below the list, and `y` copies it (OSC 52) for pasting into the channel's own tool.

``{time}`` stays in the draft and is filled when the statement is published; until then the
text is shown (and copied) with the time it would get now. Every action is checked against the
statement's state (re-read from the store) and the approver role before any question is asked,
so nobody picks a channel and a time to be told the text was never approved.
"""

from __future__ import annotations

from collections.abc import Awaitable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from crisistui.domain.clock import local_text
from crisistui.domain.incident import APPROVER_ROLE, statement_state_label
from crisistui.domain.languages import language_name
from crisistui.domain.playbook import Template
from crisistui.domain.records import Incident, Statement
from crisistui.domain.statements import (
    UTC_CLOCK,
    StatementAction,
    StatementClock,
    approver_refusal,
    draft_from,
    fill,
    for_statement,
    format_time,
    refusal,
    to_fill,
)
from crisistui.tui.busy import said_when_busy
from crisistui.tui.changes import Beat, Reloader
from crisistui.tui.desk import ROLES_HINT, Desk, time_problem, time_today
from crisistui.tui.format import plain
from crisistui.tui.screens.prompts import (
    ChoicePrompt,
    PlainText,
    Question,
    TextEditor,
    TextPrompt,
    ask,
)
from crisistui.tui.statement_view import STATE_STYLE, describe_statement, statement_text
from crisistui.tui.widgets.keybar import KeyBar

OTHER_CHANNEL = "\x00other"


class StatementsScreen(Question[None]):
    """List above, the selected statement in full below."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="statements.back"),
        Binding("d", "draft", "Draft", id="statements.draft"),
        Binding("e", "edit", "Edit", id="statements.edit"),
        Binding("r", "request", "Ask approval", id="statements.request"),
        Binding("a", "approve", "Approve", id="statements.approve"),
        Binding("x", "reject", "Reject", id="statements.reject"),
        Binding("p", "publish", "Publish", id="statements.publish"),
        Binding("y", "copy", "Copy", id="statements.copy"),
        Binding("v", "view", "Plain view", show=False, id="statements.view"),
        Binding("j", "cursor_down", "Down", show=False, id="statements.down"),
        Binding("k", "cursor_up", "Up", show=False, id="statements.up"),
    ]
    DEFAULT_CSS = """
    StatementsScreen { align: center middle; }
    StatementsScreen > Vertical {
        width: 95%; height: 95%; border: thick $accent; background: $surface;
    }
    StatementsScreen DataTable { height: auto; max-height: 40%; }
    StatementsScreen VerticalScroll { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """

    def __init__(self, desk: Desk, incident_id: int) -> None:
        super().__init__()
        self.desk = desk
        self.incident_id = incident_id
        self.incident: Incident | None = None
        self.statements: list[Statement] = []
        self._preview_minute = ""
        self._reloader = Reloader(self, self.reload, "statements-reload")
        """The minute the shown text's ``{time}`` preview was drawn for."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Statements of incident #{self.incident_id}"
            yield DataTable[Text](cursor_type="row", id="statement-list")
            with VerticalScroll():
                yield Static(id="statement-text")
        yield KeyBar()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("#", "state", "title", "by", "channels"):
            table.add_column(label, key=label)
        table.focus()
        await self.reload()
        if self.desk.changes is not None:
            self.desk.changes.follow(self, self._on_beat)

    def _on_beat(self, beat: Beat) -> None:
        """Re-read when the response moved (every statement change writes an event);
        otherwise only the preview's ``{time}`` moves on with the clock."""
        if beat.events:
            self._reloader.request()
        elif format_time(self.desk.now()) != self._preview_minute:
            self._show_selected()

    @said_when_busy  # a database out of reach: said in a toast, the screen stays
    async def reload(self) -> None:
        store = self.desk.store
        self.incident = await store.incident(self.incident_id)
        fresh = await store.statements(self.incident_id)
        if fresh and fresh == self.statements and self.query_one(DataTable).row_count == len(fresh):
            if format_time(self.desk.now()) != self._preview_minute:
                self._show_selected()  # the preview's time moves on with the clock
            return
        self.statements = fresh
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for s in fresh:
            table.add_row(
                Text(str(s.id)),
                Text(statement_state_label(s.state), style=STATE_STYLE.get(s.state, "")),
                plain(s.title),
                plain(s.author),
                plain(", ".join(s.channels)),
                key=str(s.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self._show_selected()
        if not fresh:
            self.query_one("#statement-text", Static).update(
                Text("No statement yet: d drafts one from the playbook's templates.", style="dim")
            )

    def selected(self) -> Statement | None:
        table = self.query_one(DataTable)
        if not self.statements or not table.row_count:
            return None
        return self.statements[min(table.cursor_row, len(self.statements) - 1)]

    def _show_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            now = self.desk.now()
            self._preview_minute = format_time(now)
            self.query_one("#statement-text", Static).update(
                describe_statement(chosen, now, self._clock(chosen))
            )

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    # -- the workflow -----------------------------------------------------------------------

    async def _do(self, change: Awaitable[object], done: str) -> bool:
        if await self.desk.attempt(self, change):
            self.notify(done, markup=False)
            await self.reload()
            return True
        return False

    def _refuse(self, reason: str) -> None:
        """Say why not, as the store would (``Desk.attempt``), before any question is asked."""
        self.notify(reason, title="Not done", severity="error", markup=False, timeout=12)

    async def _allowed(self, action: StatementAction) -> Statement | None:
        """The selected statement as the store has it now, if ``action`` may be done to it
        (by this person, for approving and sending back); otherwise say why and answer None."""
        chosen = self.selected()
        if chosen is None:
            return None
        store = self.desk.store
        fresh = await store.statement(chosen.id)
        if fresh is None:
            self._refuse(f"Statement #{chosen.id} was deleted meanwhile.")
            await self.reload()
            return None
        reason = refusal(fresh.id, fresh.state, action)
        if reason is None and action in (StatementAction.APPROVE, StatementAction.REJECT):
            holder = (await store.roles(fresh.incident_id)).get(APPROVER_ROLE)
            person = holder.person if holder else None
            reason = approver_refusal(fresh.incident_id, person, self.desk.actor, action)
            if reason is not None:  # the rules' words name no key
                reason += f" {ROLES_HINT}"
        if reason is not None:
            self._refuse(reason)
            if fresh != chosen:
                await self.reload()
            return None
        return fresh

    def action_draft(self) -> None:
        if self.incident is None:
            return
        playbook = self.desk.playbook_of(self.incident)
        templates = [
            *(playbook.statements if playbook else []),
            *(playbook.faq if playbook else []),
        ]
        values = for_statement(self.desk.placeholders(self.incident))
        options = [(f"{fill(t.title, values)}  [{_tag(t)}]", t.id) for t in templates]
        options.append(("Blank statement", ""))
        ask(self, ChoicePrompt("Draft from template", options), self._draft)

    async def _draft(self, template_id: str | None) -> None:
        if template_id is None or self.incident is None:
            return
        playbook = self.desk.playbook_of(self.incident)
        templates = [
            *(playbook.statements if playbook else []),
            *(playbook.faq if playbook else []),
        ]
        template = next((t for t in templates if t.id == template_id), None)
        title, body = self.incident.title, ""
        if template is not None:
            # {time} stays as written: it is filled with the time the statement goes out.
            draft = draft_from(template, for_statement(self.desk.placeholders(self.incident)))
            title, body = draft.title, draft.body
        ask(self, TextEditor("New statement", title, body), lambda a: self._create(a, template_id))

    async def _create(self, answer: tuple[str, str] | None, template_id: str) -> None:
        if answer is None:
            return
        d = self.desk
        title, body = self._filled(*answer)
        made: list[Statement] = []

        async def create() -> None:
            made.append(
                await d.store.create_statement(
                    self.incident_id, title, body, d.actor, d.now(), template_id=template_id or None
                )
            )

        await self._do(create(), f"Statement drafted: {title}")
        self.query_one(DataTable).move_cursor(row=len(self.statements) - 1)
        if made:  # "Draft the holding statement" is done by drafting it
            await self._tick_done_with("statement.drafted", made[0].id)

    def _filled(self, title: str, body: str) -> tuple[str, str]:
        """A typed statement with the placeholders the team configured filled in, as a
        template's are when drafted ({time} waits for the publication): a ``{status_url}``
        typed into a blank statement was listed as still to fill."""
        values = for_statement(self.desk.placeholders(self.incident))
        return fill(title, values), fill(body, values)

    async def action_edit(self) -> None:
        if (chosen := await self._allowed(StatementAction.EDIT)) is None:
            return
        editor = TextEditor(f"Edit statement #{chosen.id}", chosen.title, chosen.body)
        opened = (chosen.title, chosen.body)
        ask(self, editor, lambda answer: self._edit(chosen.id, answer, opened))

    async def _edit(
        self, statement_id: int, answer: tuple[str, str] | None, opened: tuple[str, str]
    ) -> None:
        if answer is not None:
            d = self.desk
            title, body = self._filled(*answer)
            saved = await self._do(
                d.store.update_statement(
                    statement_id, title, body, d.actor, d.now(), seen_text=opened
                ),
                f"Statement #{statement_id} saved",
            )
            if not saved:  # edited, approved or published meanwhile: keep what was typed
                self.app.push_screen(
                    PlainText(
                        f"Not saved: your text for statement #{statement_id}", f"{title}\n\n{body}"
                    )
                )

    async def action_request(self) -> None:
        if (chosen := await self._allowed(StatementAction.REQUEST_APPROVAL)) is None:
            return
        missing = to_fill(statement_text(chosen))
        if missing:
            self._refuse(
                f"Statement #{chosen.id} still has {' '.join(missing)} to fill: edit it (e) "
                "before asking for approval."
            )
            return
        d = self.desk
        await self._do(
            d.store.request_approval(chosen.id, d.actor, d.now()),
            f"Approval requested for statement #{chosen.id}",
        )

    async def action_approve(self) -> None:
        if (chosen := await self._allowed(StatementAction.APPROVE)) is not None:
            d = self.desk
            approved = await self._do(
                d.store.approve_statement(
                    chosen.id,
                    d.actor,
                    d.now(),
                    seen=chosen.updated_at,
                    seen_text=(chosen.title, chosen.body),
                ),
                f"Statement #{chosen.id} approved",
            )
            if approved:
                await self._tick_done_with("statement.approved", chosen.id)

    async def action_reject(self) -> None:
        if (chosen := await self._allowed(StatementAction.REJECT)) is not None:
            prompt = TextPrompt(f"Send back statement #{chosen.id}", "Why (the author reads this)")
            ask(self, prompt, lambda reason: self._reject(chosen.id, reason))

    async def _reject(self, statement_id: int, reason: str | None) -> None:
        if reason:
            d = self.desk
            await self._do(
                d.store.reject_statement(statement_id, reason, d.actor, d.now()),
                f"Statement #{statement_id} sent back",
            )

    async def action_publish(self) -> None:
        chosen = await self._allowed(StatementAction.PUBLISH)
        if chosen is None or self.incident is None:
            return
        playbook = self.desk.playbook_of(self.incident)
        channels = [c for c in (playbook.channels if playbook else []) if c not in chosen.channels]
        options = [(c, c) for c in channels] + [("Another channel…", OTHER_CHANNEL)]
        ask(
            self,
            ChoicePrompt(f"Published #{chosen.id} on", options),
            lambda channel: self._publish_on(chosen.id, channel),
        )

    async def _publish_on(self, statement_id: int, channel: str | None) -> None:
        if channel == OTHER_CHANNEL:
            prompt = TextPrompt("Published on", "Channel name")
            ask(self, prompt, lambda name: self._publish(statement_id, name))
        else:
            await self._publish(statement_id, channel)

    async def _publish(self, statement_id: int, channel: str | None) -> None:
        if channel:
            now = f"{self.desk.now().astimezone():%H:%M}"
            prompt = TextPrompt(
                f"Published on {channel}",
                "At (HH:MM or HH:MM:SS, local time; a minute means its last second; "
                "{time} in the text gets this time)",
                now,
                check=lambda text: time_problem(text, self.desk.now()),
            )
            ask(self, prompt, lambda text: self._published(statement_id, channel, text))

    def _clock(self, statement: Statement) -> StatementClock:
        """How ``{time}`` reads in ``statement`` (the team's zone, its language's dates)."""
        return self.desk.statement_clock(self.incident, statement)

    async def _clock_of(self, statement_id: int) -> StatementClock:
        statement = await self.desk.store.statement(statement_id)
        return self._clock(statement) if statement is not None else UTC_CLOCK

    async def _published(self, statement_id: int, channel: str, text: str | None) -> None:
        if text is None:
            return
        d = self.desk
        now = d.now()
        try:
            at = time_today(text, now)
        except ValueError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        published = await self._do(
            d.store.publish_statement(
                statement_id, channel, d.actor, now, at=at, clock=await self._clock_of(statement_id)
            ),
            f"Statement #{statement_id} marked published on {channel} at {local_text(at)}",
        )
        if published:
            await self._tick_done_with("statement.published", statement_id)

    async def _tick_done_with(self, kind: str, statement_id: int) -> None:
        """Tick the playbook's tasks this draft, approval or publication does, and say
        which."""
        d, incident = self.desk, self.incident
        statement = await d.store.statement(statement_id)
        if incident is None or statement is None:
            return
        for title in await d.tick_done_with(incident, kind, statement):
            done_by = {"statement.drafted": "draft", "statement.approved": "approval"}.get(
                kind, "publication"
            )
            self.notify(f"Task done with the {done_by}: {title}", markup=False)

    def action_copy(self) -> None:
        if (chosen := self.selected()) is not None:
            self.app.copy_to_clipboard(statement_text(chosen, self.desk.now(), self._clock(chosen)))
            self.notify(
                f"Statement #{chosen.id} copied (if your terminal allows OSC 52); v shows it "
                "plain to select by hand.",
                markup=False,
            )

    def action_view(self) -> None:
        if (chosen := self.selected()) is not None:
            text = statement_text(chosen, self.desk.now(), self._clock(chosen))
            self.app.push_screen(PlainText(f"Statement #{chosen.id}", text))


def _tag(template: Template) -> str:
    """What tells two templates apart in the picker: the id, and the language if set."""
    return f"{template.id} · {language_name(template.lang)}" if template.lang else template.id
