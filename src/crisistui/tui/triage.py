"""Mention triage from the console: what each triage key does, wherever it is pressed.

The feed, the triage queue and the mention detail all hand their keys to one ``TriageDesk``.
It asks for what an action needs (a person, tags, an FAQ answer), writes through the store with
the console's actor and clock (the store puts each change on the timeline in the same
transaction), updates the marks in the feed and says what it did in a toast. Anything a
stranger or a colleague typed is shown as plain text, never as markup.

What the store keeps is the latest state of each mention; the desk carries the assignee and
the tags over from one action to the next, so tagging a mention does not unassign it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from inspect import isawaitable
from typing import TYPE_CHECKING

from textual.widget import Widget

from crisistui.domain.incident import ChangedMeanwhile, ResponseError, TriageState
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import Triage
from crisistui.domain.statements import answers_for, draft_from, placeholder_values
from crisistui.tui.busy import NOT_DONE, say_busy
from crisistui.tui.format import about, describe_triage
from crisistui.tui.screens.prompts import ChoicePrompt, TextPrompt
from crisistui.tui.screens.reply import ReplyPicker, ReplyView
from crisistui.tui.screens.triage_queue import (
    QUEUE_LIMIT,
    QueueFilters,
    TriageQueueScreen,
)
from crisistui.tui.widgets.feed import MentionFeed

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

TRIAGE_HELP: list[tuple[str, type[Widget]]] = [
    ("Triage queue", TriageQueueScreen),
    ("Reply from an FAQ answer", ReplyPicker),
    ("Reply text", ReplyView),
]
"""Help sections for the screens of this module (the feed's own keys are listed with it)."""

AfterTriage = Callable[[Triage | None], Awaitable[None] | None]
"""Runs once an action is stored, with the mention's triage after it (None: untriaged)."""
RECORD_TRIES = 3
"""Writes of one triage action, each from the triage read again, while colleagues' writes
keep coming between the read and the write."""


WRITES_AT_ONCE = frozenset({"acknowledge", "dismiss", "replied", "link"})
"""Triage keys that ask nothing before they write."""


OVERTAKEN_WATCH = timedelta(minutes=10)
"""How long this console watches a triage it wrote for a colleague's write over it."""


class TriageDesk:
    """Carries out the triage keys of the console."""

    def __init__(self, app: CrisisApp) -> None:
        self.app = app
        self._marked = 0
        """Marks set by keys: a re-read begun before one is not shown over it."""
        self._mine: dict[int, Triage] = {}
        """What this console last wrote of each mention it triaged lately, to say so when a
        colleague's write replaces it (``overtaken``)."""

    # -- the keys ---------------------------------------------------------------------------

    def act_in_turn(self, action: str, mention: Mention) -> None:
        """``act`` in a worker, after the writes asked for before it: no key waits for the
        database, and they still write in the order they were pressed."""
        self.app.writes.later(self.act(action, mention))

    async def act(self, action: str, mention: Mention, then: AfterTriage | None = None) -> None:
        """Run one triage key on a mention; ``then`` gets the new triage once it is stored. A
        database out of reach (or refusing) is said in a toast."""
        try:
            await self._act(action, mention, then)
        except NOT_DONE as refused:
            say_busy(self.app, refused)

    async def _act(self, action: str, mention: Mention, then: AfterTriage | None) -> None:
        app = self.app
        if app.store is None or mention.id is None:
            return
        current = await app.store.triage(mention.id)
        if action == "acknowledge":
            await self._record(mention, current, TriageState.ACKNOWLEDGED, then)
        elif action == "dismiss":
            await self._record(mention, current, TriageState.DISMISSED, then)
        elif action == "replied":
            await self._record(mention, current, TriageState.REPLIED, then)
        elif action == "link":
            if app.incident is None:
                app.notify(
                    "No incident is open: press n (in the feed or the queue) to open one.",
                    severity="warning",
                )
                return
            state = TriageState(current.state) if current else TriageState.ACKNOWLEDGED
            await self._record(mention, current, state, then, link=True)
        elif action == "assign":
            self._ask_assignee(mention, current, then)
        elif action == "tag":
            self._ask_tags(mention, current, then)
        elif action == "reply":
            self._pick_reply(mention, current, then)
        elif action == "clear":
            self._ask_clear(mention, current, then)
        else:
            raise ValueError(f"unknown triage action {action!r}")

    def _ask_assignee(
        self, mention: Mention, current: Triage | None, then: AfterTriage | None
    ) -> None:
        person = (current.assignee if current else None) or self.app.setup.actor

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            if not answer.strip():
                self.app.notify("Nobody to assign to: type a name.", severity="warning")
                return
            self.app.writes.later(
                self._record(mention, current, TriageState.ASSIGNED, then, assignee=answer)
            )

        prompt = TextPrompt(
            f"Assign mention #{mention.id}",
            "Assign to",
            person,
            about=about(mention),
            allow_empty=True,
            replace=True,
        )
        self.app.push_screen(prompt, answered)

    def _ask_tags(self, mention: Mention, current: Triage | None, then: AfterTriage | None) -> None:
        tags = ", ".join(current.tags) if current else ""

        def answered(answer: str | None) -> None:
            if answer is None or (current is None and not answer.strip()):
                return
            tags = [t.strip() for t in answer.split(",") if t.strip()]
            self.app.writes.later(self._record(mention, current, None, then, tags=tags))

        label = "Tags, separated by commas (an untriaged mention is also acknowledged)"
        prompt = TextPrompt(
            f"Tag mention #{mention.id}", label, tags, about=about(mention), allow_empty=True
        )
        self.app.push_screen(prompt, answered)

    def _ask_clear(
        self, mention: Mention, current: Triage | None, then: AfterTriage | None
    ) -> None:
        if current is None:
            self.app.notify(f"Mention #{mention.id} is not triaged.", timeout=3)
            return
        held = describe_triage(current).plain
        question = ChoicePrompt(
            f"Untriage mention #{mention.id}?",
            [(f"No, keep it: {held}", "no"), ("Yes, back to untriaged", "yes")],
        )

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.app.writes.later(self._clear(mention, current, then))

        self.app.push_screen(question, answered)

    async def _clear(self, mention: Mention, seen: Triage, then: AfterTriage | None) -> None:
        app = self.app
        assert app.store is not None and mention.id is not None
        try:
            await app.store.clear_triage(mention.id, app.setup.actor, app.clock.now(), seen=seen)
        except ResponseError as error:
            app.notify(str(error), severity="error", markup=False)
            return
        if app.screen_stack and app.screen_stack[0].query(MentionFeed):
            app.query_one(MentionFeed).unmark(mention.id)
        app.notify(f"Mention #{mention.id} is untriaged again", markup=False, timeout=3)
        if then is not None:
            result = then(None)
            if isawaitable(result):
                await result

    def _pick_reply(
        self, mention: Mention, current: Triage | None, then: AfterTriage | None
    ) -> None:
        app = self.app
        if not app.playbook.faq:
            app.notify(f"The playbook {app.playbook.name!r} has no FAQ answers.", markup=False)
            return
        values = placeholder_values(
            brand=app.config.brand.name,
            incident_title=app.incident.title if app.incident else None,
            time=app.clock.now(),
            status_url=app.config.brand.status_url,
            contact=app.config.brand.contact,
        )
        drafts = answers_for(
            [draft_from(t, values) for t in app.playbook.faq],
            mention.text,
            mention.lang,
            app.config.brand.name,
        )

        def chosen(template_id: str | None) -> None:
            if template_id is not None:
                self.app.writes.later(
                    self._record(
                        mention, current, TriageState.REPLIED, then, template_id=template_id
                    )
                )

        app.push_screen(ReplyPicker(about(mention, 100), drafts, mention.lang), chosen)

    # -- writing ----------------------------------------------------------------------------

    async def _record(
        self,
        mention: Mention,
        seen: Triage | None,
        state: TriageState | None,
        then: AfterTriage | None,
        *,
        assignee: str | None = None,
        tags: list[str] | None = None,
        template_id: str | None = None,
        link: bool = False,
    ) -> None:
        """Store the new state (None: keep the one stored, for tags), carrying the assignee
        and tags over unless given. They are read again now: a colleague may have changed
        them while a question was open (``seen`` is what the question was asked about), and
        the toast says whose work this one replaces."""
        app = self.app
        assert app.store is not None and mention.id is not None
        for _ in range(RECORD_TRIES):
            current = await app.store.triage(mention.id)
            try:
                triage = await self._write(
                    mention, current, state, assignee, tags, template_id, link
                )
                break
            except ChangedMeanwhile:
                continue  # a colleague's write came between: carried over, as read again
            except ResponseError as error:
                app.notify(str(error), severity="error", markup=False)
                return
        else:  # a colleague faster every time: said, and nothing of theirs replaced
            app.notify(
                f"Mention #{mention.id} kept changing while you acted; look again",
                severity="error",
                markup=False,
            )
            return
        if triage.updated_by == app.setup.actor:  # a tag alone keeps a colleague's write
            self._mine[mention.id] = triage
        others = 0
        if app.screen_stack and app.screen_stack[0].query(MentionFeed):
            self._marked += 1
            feed = app.query_one(MentionFeed)
            feed.mark(triage)
            row = feed.row_of(mention.id)
            if row is not None and feed.rows[row].mention.id == mention.id:
                others = len(feed.rows[row].copies)
        said = self._said(triage, current, link=link, tagged=tags is not None)
        overtaken = current is not None and current != seen
        if overtaken and current is not None and current.updated_by != app.setup.actor:
            said += f", over {describe_triage(current).plain}"
        if others:  # a grouped row's other copies are each handled on their own
            copies = "copy" if others == 1 else "copies"
            said += f"; not the {others} other {copies} in its row (each in the triage queue, u)"
        app.notify(said, markup=False, timeout=5 if overtaken else 3)
        if then is not None:
            result = then(triage)
            if isawaitable(result):
                await result

    async def _write(
        self,
        mention: Mention,
        current: Triage | None,
        state: TriageState | None,
        assignee: str | None,
        tags: list[str] | None,
        template_id: str | None,
        link: bool,
    ) -> Triage:
        """One try at the write ``_record`` asks for, from the triage as just read: raises
        ``ChangedMeanwhile`` when a colleague's write came between the read and this one."""
        app = self.app
        assert app.store is not None and mention.id is not None
        incident = app.incident
        # Triage during an incident is filed under it, unless the mention already is filed;
        # linking (l) files it under the current incident whatever it was before.
        filed = current.incident_id if current else None
        incident_id = incident.id if incident and (link or filed is None) else None
        if state is None and tags is not None:  # tags alone: the state and its time stay
            return await app.store.tag_mention(
                mention.id,
                tags,
                app.setup.actor,
                app.clock.now(),
                incident_id=incident_id,
                seen=current,
            )
        if state is None:
            state = TriageState(current.state) if current else TriageState.ACKNOWLEDGED
        if template_id is None and current and state.value == current.state == "replied":
            template_id = current.template_id
        return await app.store.triage_mention(
            mention.id,
            state,
            app.setup.actor,
            app.clock.now(),
            incident_id=incident_id,
            assignee=assignee or (current.assignee if current else None),
            tags=tags if tags is not None else (current.tags if current else ()),
            template_id=template_id,
            seen=current,
        )

    @staticmethod
    def _said(triage: Triage, before: Triage | None, *, link: bool, tagged: bool) -> str:
        """The toast: what was done, and where the mention is filed if that is new."""
        if link:
            return f"Mention #{triage.mention_id} linked to incident #{triage.incident_id}"
        if tagged:
            tags = ", ".join(triage.tags)
            return f"Mention #{triage.mention_id} " + (f"tagged {tags}" if tags else "untagged")
        what = {
            "acknowledged": "acknowledged",
            "dismissed": "dismissed as noise",
            "replied": "marked replied",
            "assigned": f"assigned to {triage.assignee}",
        }[triage.state]
        if triage.template_id and triage.state == "replied":
            what += f" with {triage.template_id}"
        if triage.incident_id and (before is None or not before.incident_id):
            what += f" (incident #{triage.incident_id})"
        return f"Mention #{triage.mention_id} {what}"

    # -- lists ------------------------------------------------------------------------------

    async def overtaken(self) -> None:
        """Say when a colleague's triage replaced one this console wrote lately (A
        acknowledged, B dismissed a second later: B's toast said "over ✓ Acknowledged by A",
        and A was never told). Read only when the response moved and there is such a write."""
        store, now = self.app.store, self.app.clock.now()
        self._mine = {i: t for i, t in self._mine.items() if now - t.updated_at <= OVERTAKEN_WATCH}
        if store is None or not self._mine:
            return
        for mention_id, held in (await store.triage_of(list(self._mine))).items():
            mine = self._mine.get(mention_id)
            if mine is None or held == mine:
                continue
            del self._mine[mention_id]
            if held.updated_by != self.app.setup.actor:
                self.app.notify(
                    f"Mention #{mention_id}: {describe_triage(held).plain}, over your "
                    f"{mine.state} at {mine.updated_at.astimezone():%H:%M:%S}",
                    title="Triage replaced",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )

    async def reload_marks(self) -> None:
        """Re-read the triage marks of the mentions in the main feed."""
        if self.app.store is None:
            return
        feed = self.app.query_one(MentionFeed)
        ids = [m.id for m in feed.mentions if m.id is not None]
        marked = self._marked
        found = await self.app.store.triage_of(ids)
        if marked == self._marked:  # else a key marked one meanwhile: the next beat re-reads
            listed = set(ids)
            kept = {i: t for i, t in feed.triage.items() if i not in listed}
            feed.show_triage({**kept, **found})

    async def queue(self, filters: QueueFilters) -> list[tuple[Mention, Triage | None]]:
        """The brand's mentions of the last 24 hours, negative and far-reaching first."""
        app = self.app
        if app.store is None:
            return []
        return await app.store.triage_queue(
            app.config.brand.name,
            app.clock.now() - filters.window,
            limit=QUEUE_LIMIT,
            untriaged_only=filters.untriaged,
            negative_only=filters.negative,
            min_reach=filters.reach_at_least if filters.high_reach else 0,
            own=OwnAccounts(app.config.brand.accounts),
        )

    def filters(self) -> QueueFilters:
        """The queue's filters as it opens: untriaged only, with the team's thresholds."""
        response = self.app.config.response
        return QueueFilters(reach_at_least=response.high_reach, hours=response.queue_hours)

    def open_queue(self) -> None:
        self.app.push_screen(TriageQueueScreen(self))
