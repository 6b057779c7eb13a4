"""One statement as the statements screen shows and copies it: its state, who drafted and
approved it, the placeholders still to fill, and an unpublished ``{time}`` as it would read if
published now, in the statement's clock, highlighted."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from crisistui.domain.incident import StatementState, statement_state_label
from crisistui.domain.records import Statement
from crisistui.domain.statements import (
    PUBLISH_TIME,
    UTC_CLOCK,
    StatementClock,
    at_publication,
    format_time,
    to_fill,
)
from crisistui.tui.format import plain, prose

STATE_STYLE = {
    StatementState.DRAFT: "yellow",
    StatementState.APPROVAL_REQUESTED: "bold magenta",
    StatementState.APPROVED: "bold green",
    StatementState.PUBLISHED: "green",
}


def statement_text(
    statement: Statement, now: datetime | None = None, clock: StatementClock = UTC_CLOCK
) -> str:
    """Title and body; with ``now``, an unpublished text as it would go out at ``now``."""
    text = f"{statement.title}\n\n{statement.body}"
    if now is not None and statement.published_at is None:
        return at_publication(text, now, clock)
    return text


def describe_statement(
    statement: Statement, now: datetime, clock: StatementClock = UTC_CLOCK
) -> Text:
    """The selected statement in full; an unpublished one shows ``{time}`` as the time it would
    get if published ``now``, highlighted, with a line saying it is filled at publication."""
    text = Text()
    state_style = STATE_STYLE.get(statement.state, "")
    text.append(f"#{statement.id} {statement_state_label(statement.state)}", style=state_style)
    text.append(" · drafted by ")
    text.append_text(plain(statement.author))
    if statement.approver:
        text.append(" · approved by ")
        text.append_text(plain(statement.approver))
        if statement.approver == statement.author:
            text.append(" (its own author: nobody else read it)", style="bold yellow")
    if statement.channels:
        text.append(" · on ")
        text.append_text(plain(", ".join(statement.channels)))
    raw = statement_text(statement)
    missing = to_fill(raw)
    if missing:
        text.append(f"\nplaceholders to fill: {' '.join(missing)}", style="bold red")
    placeholder = "{" + PUBLISH_TIME + "}"
    pending = statement.published_at is None and placeholder in raw
    if pending:
        text.append(
            f"\n{placeholder} is filled when published; now it would read "
            f"{format_time(now, clock)}",
            style="cyan",
        )
    text.append("\n\n")
    title = plain(
        at_publication(statement.title, now, clock) if pending else statement.title, "bold"
    )
    body = prose(at_publication(statement.body, now, clock) if pending else statement.body)
    if pending:
        for part in (title, body):
            part.highlight_words([format_time(now, clock)], style="reverse cyan")
    text.append_text(title)
    text.append("\n\n")
    text.append_text(body)
    return text
