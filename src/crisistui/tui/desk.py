"""What the response screens share: the store, who is at the keyboard, the clock, the plans.

Every change a person makes goes through ``Desk.attempt``, so a refused change (a mandatory
task still open, someone approving who is not the approver, milestones out of order) is shown
as the store worded it, and nothing half-done is left behind.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time

from textual.dom import DOMNode

from crisistui.config import Config
from crisistui.domain.clock import Clock
from crisistui.domain.incident import (
    REVIEW_PHASE,
    NotApproverError,
    ResponseError,
    Status,
    role_names,
)
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import Incident, Statement
from crisistui.domain.statements import StatementClock, find_template, placeholder_values
from crisistui.store import Store
from crisistui.store.errors import StoreUnavailable
from crisistui.tui.changes import ChangeLoop

WRITTEN_IN_SURE = 0.9
"""How sure the language of a statement's text must be to choose its date order (a short
statement in a language the identifier is unsure of keeps the default order)."""
FUTURE_TYPO = timedelta(hours=1)
"""A time typed up to this far ahead of the clock is refused as in the future (a slip, or a
clock that is off); one further ahead is yesterday's."""


def time_today(text: str, now: datetime) -> datetime:
    """'09:05' or '09:05:30', local time, as the latest such moment not after ``now`` (so
    '23:59' typed just after midnight, or '21:00' typed the next morning, is yesterday's),
    unless it is within the coming hour: that is refused as in the future. A minute without
    seconds means its last second (or ``now`` in the current minute): typed in the same minute
    as an earlier event, it is never refused as too early. ValueError names what is wrong."""
    parts = text.strip().split(":")
    try:
        if len(parts) not in (2, 3):
            raise ValueError
        hours, minutes, *rest = (int(part) for part in parts)
        wanted = clock_time(hours, minutes, rest[0] if rest else 59)
    except (ValueError, OverflowError):  # "9223372036854775808:00" overflows, not errs
        raise ValueError(f"{text!r} is not a time like 09:05 or 09:05:30") from None
    local = now.astimezone()
    # Naive local date and time, then the offset in force at that moment (daylight saving).
    at = datetime.combine(local.date(), wanted).astimezone()
    if at - local > FUTURE_TYPO:  # "21:00" typed at 10:00 is last night's
        at = datetime.combine(local.date() - timedelta(days=1), wanted).astimezone()
    if at > local:
        if len(parts) == 2 and at - local < timedelta(minutes=1):
            return now  # the current minute
        raise ValueError(f"{text} is in the future")
    return at


def time_problem(text: str, now: datetime) -> str | None:
    """What is wrong with ``text`` as a time today (``time_today``), or None."""
    try:
        time_today(text, now)
    except ValueError as problem:
        return str(problem)
    return None


ROLES_HINT = "Roles are given in the incident view: I, then r."
"""Said after a refusal for want of a role: the rules' words name no key."""


@dataclass
class Desk:
    """Handed to each response screen by the app."""

    store: Store
    config: Config
    playbooks: dict[str, Playbook]
    clock: Clock
    actor: str
    changes: ChangeLoop | None = None
    """The console's change loop: a screen follows its beats to show others' changes."""

    def now(self) -> datetime:
        return self.clock.now()

    def playbook_of(self, incident: Incident) -> Playbook | None:
        return self.playbooks.get(incident.playbook)

    def roles_for(self, incident: Incident) -> list[str]:
        return role_names(self.playbook_of(incident), self.config.response.roles)

    def placeholders(self, incident: Incident) -> dict[str, str | None]:
        brand = self.config.brand
        return placeholder_values(
            brand=brand.name,
            incident_title=incident.title,
            time=self.now(),
            status_url=brand.status_url,
            contact=brand.contact,
            clock=StatementClock(self.config.response.statement_zone),
        )

    def statement_clock(self, incident: Incident | None, statement: Statement) -> StatementClock:
        """How ``{time}`` reads in ``statement``: in the team's zone, in the date order of the
        language of the template it was drafted from, or, drafted from no template in another
        language, of the language its text is written in."""
        playbook = self.playbook_of(incident) if incident is not None else None
        template = (
            find_template(playbook, statement.template_id)
            if playbook is not None and statement.template_id
            else None
        )
        lang = template.lang if template is not None else None
        if lang is None:
            from crisistui.pipeline.language import identify

            written = identify(f"{statement.title}\n{statement.body}")
            lang = written.code if written.confidence >= WRITTEN_IN_SURE else None
        return StatementClock(self.config.response.statement_zone, lang)

    async def tick_done_with(
        self, incident: Incident, kind: str, statement: Statement
    ) -> list[str]:
        """Tick the open tasks of ``incident`` that ``kind`` (``statement.approved``,
        ``statement.published``) of ``statement`` does, as this person now; the titles
        ticked. A publication does them once the statement is out on every channel the
        playbook lists, or on the task's own ``channel`` when it names one."""
        playbook = self.playbook_of(incident)
        if playbook is None:
            return []
        wanted = playbook.channels or statement.channels[:1]
        everywhere = bool(wanted) and set(wanted) <= set(statement.channels)
        states = await self.store.task_states(incident.id)
        ticked = []
        for task in playbook.tasks_done_by(kind, statement.template_id):
            if not task.applies_at(incident.severity):
                continue
            if kind == "statement.published" and not (
                task.channel in statement.channels if task.channel else everywhere
            ):
                continue
            if task.id in states and states[task.id].done:
                continue
            if incident.status is Status.RESOLVED and task.phase != REVIEW_PHASE:
                continue  # a resolved incident's checklist stays the record it was
            try:
                await self.store.set_task_done(
                    incident.id, task.id, task.title, True, self.actor, self.now(), phase=task.phase
                )
            except ResponseError:  # resolved meanwhile, in a colleague's console: left as it was
                continue
            ticked.append(task.title)
        return ticked

    async def attempt(self, where: DOMNode, change: Awaitable[object]) -> bool:
        """Run a change; if the rules refuse it, say why (in the store's words)."""
        try:
            await change
        except (ResponseError, StoreUnavailable) as refused:
            said = str(refused)
            if isinstance(refused, NotApproverError):  # the store's words name no key
                said += f" {ROLES_HINT}"
            where.notify(said, title="Not done", severity="error", markup=False, timeout=12)
            return False
        return True
