"""Filling playbook templates: {brand}, {incident_title}, {time}, {status_url}, {contact}.

A placeholder whose value is unknown or missing stays in the text as written, so the approver
sees the gap instead of the console failing mid-crisis. Values are inserted in one pass and
never expanded again: a title that contains braces cannot pull in anything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from crisistui.response.playbook import Playbook, Template

PLACEHOLDERS = ("brand", "incident_title", "time", "status_url", "contact")
"""The placeholders the built-in playbooks use."""

HOLDING_IDS = ("holding", "holding-statement", "investigating")
"""Template ids that name a playbook's first statement, most specific first."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def format_time(moment: datetime) -> str:
    """A time as statements print it, in UTC so every reader sees the same clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(UTC):%d %b %Y, %H:%M} UTC"


def placeholder_values(
    *,
    brand: str | None = None,
    incident_title: str | None = None,
    time: datetime | None = None,
    status_url: str | None = None,
    contact: str | None = None,
) -> dict[str, str | None]:
    """The values a template can use; None leaves its placeholder visible."""
    return {
        "brand": brand,
        "incident_title": incident_title,
        "time": format_time(time) if time is not None else None,
        "status_url": status_url,
        "contact": contact,
    }


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """Replace each known, non-empty placeholder; leave the rest (and stray braces) as they are."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return value if value else match.group(0)

    return _PLACEHOLDER.sub(one, text)


def unfilled(text: str) -> list[str]:
    """Placeholders still in a text, in order of first appearance (to warn before approval)."""
    seen: dict[str, None] = {}
    for match in _PLACEHOLDER.finditer(text):
        seen.setdefault(match.group(0), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class Draft:
    """A statement filled from a template, ready to be stored as a draft."""

    template_id: str
    title: str
    body: str
    missing: tuple[str, ...]


def draft_from(template: Template, values: Mapping[str, str | None]) -> Draft:
    title, body = fill(template.title, values), fill(template.body, values)
    return Draft(template.id, title, body, tuple(unfilled(title + "\n" + body)))


def holding_template(playbook: Playbook) -> Template | None:
    """The playbook's holding statement: the first one the team publishes."""
    by_id = {t.id: t for t in playbook.statements}
    for template_id in HOLDING_IDS:
        if template_id in by_id:
            return by_id[template_id]
    return playbook.statements[0] if playbook.statements else None


def find_template(playbook: Playbook, template_id: str) -> Template | None:
    """A statement or FAQ template of a playbook by id."""
    return next((t for t in [*playbook.statements, *playbook.faq] if t.id == template_id), None)
