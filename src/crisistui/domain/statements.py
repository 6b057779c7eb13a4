"""Filling playbook templates: {brand}, {incident_title}, {time}, {status_url}, {contact}.

A placeholder whose value is unknown or missing stays in the text as written, so the approver
sees the gap instead of the console failing mid-crisis. Values are inserted in one pass and
never expanded again: a title that contains braces cannot pull in anything else.

``{time}`` is the exception: a draft keeps it, and it is filled with the moment the statement
goes out when it is published, so a statement approved at nine and posted at ten never says
nine. Until then screens show the time it would get.

Also here: which statement actions each state allows, and the sentence that says why not, so
the console can refuse before asking anything and the store refuses in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from crisistui.domain.clock import utc_offset
from crisistui.domain.incident import APPROVER_ROLE, StatementState
from crisistui.domain.playbook import Playbook, Template
from crisistui.domain.words import mention_words

PLACEHOLDERS = ("brand", "incident_title", "time", "status_url", "contact")
"""The placeholders the built-in playbooks use."""

HOLDING_IDS = ("holding", "holding-statement", "investigating")
"""Template ids that name a playbook's first statement, most specific first."""

PUBLISH_TIME = "time"
"""The placeholder filled when the statement is published, with the time it went out."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


DATE_ORDER = {
    "vi": "%H:%M ngày %d/%m/%Y",
    **dict.fromkeys(("es", "fr", "it", "pt", "id", "hi", "ar", "th", "he"), "%d/%m/%Y, %H:%M"),
    **dict.fromkeys(("de", "ru", "pl", "tr", "uk"), "%d.%m.%Y, %H:%M"),
    **dict.fromkeys(("zh", "ja"), "%Y年%m月%d日 %H:%M"),
    "ko": "%Y년 %m월 %d일 %H:%M",
    "fa": "%Y/%m/%d، %H:%M",
    "nl": "%d-%m-%Y, %H:%M",
}
"""How a statement in each language writes a date and time, in figures its readers read
first (month names are English in every other language: "06 Dec 2026, 11:06")."""
DEFAULT_ORDER = "%d %b %Y, %H:%M"


@dataclass(frozen=True, slots=True)
class StatementClock:
    """How a statement writes the time it went out: in the team's zone (``[response]
    statement_time_zone``; UTC unless set, so every reader sees the same clock) and in the
    date order of the statement's language, with the zone's offset so nobody has to guess
    it: "06 Dec 2026, 04:06 UTC", "11:06 ngày 06/12/2026 UTC+7"."""

    zone: tzinfo = UTC
    lang: str | None = None

    def text(self, moment: datetime) -> str:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(self.zone)
        said = (
            f"{local.strftime(DATE_ORDER.get(self.lang or '', DEFAULT_ORDER))} {utc_offset(local)}"
        )
        return said.translate(_PERSIAN_DIGITS) if self.lang == "fa" else said


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
"""Persian statements write their figures in Persian digits ("۳۰ دقیقه"): a time in Latin
digits stood out in the middle of them."""


UTC_CLOCK = StatementClock()


def format_time(moment: datetime, clock: StatementClock = UTC_CLOCK) -> str:
    """A time as statements print it (see ``StatementClock``)."""
    return clock.text(moment)


def placeholder_values(
    *,
    brand: str | None = None,
    incident_title: str | None = None,
    time: datetime | None = None,
    status_url: str | None = None,
    contact: str | None = None,
    clock: StatementClock = UTC_CLOCK,
) -> dict[str, str | None]:
    """The values a template can use; None leaves its placeholder visible."""
    return {
        "brand": brand,
        "incident_title": incident_title,
        "time": format_time(time, clock) if time is not None else None,
        "status_url": status_url,
        "contact": contact,
    }


def fill(text: str, values: Mapping[str, str | None]) -> str:
    """Replace each known, non-empty placeholder; leave the rest (and stray braces) as they are."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return value if value else match.group(0)

    return _PLACEHOLDER.sub(one, text)


def public_title(playbook: Playbook, brand: str) -> str:
    """An incident title statements can use as ``{incident_title}``: the playbook's
    ``incident_title``, else "the <playbook name> at <brand>". A drill's incident gets it too
    (the drill is a mark of its own): a statement rehearsed in one reads as the real one."""
    default = f"the {playbook.name.lower()} at {brand}"
    return fill(playbook.incident_title, {"brand": brand}) or default


def unfilled(text: str) -> list[str]:
    """Placeholders still in a text, in order of first appearance (to warn before approval)."""
    seen: dict[str, None] = {}
    for match in _PLACEHOLDER.finditer(text):
        seen.setdefault(match.group(0), None)
    return list(seen)


def for_statement(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """Values for drafting a statement: everything but ``{time}``, which stays in the draft
    until the statement is published."""
    return {**values, PUBLISH_TIME: None}


def to_fill(text: str) -> list[str]:
    """Placeholders a person must fill before asking for approval (``{time}`` fills itself)."""
    return [p for p in unfilled(text) if p != "{" + PUBLISH_TIME + "}"]


def at_publication(text: str, when: datetime, clock: StatementClock = UTC_CLOCK) -> str:
    """The text as it goes out at ``when``: ``{time}`` replaced by that time as ``clock``
    writes it (and, before publication, the preview of what it would say if published at
    ``when``)."""
    return fill(text, {PUBLISH_TIME: format_time(when, clock)})


class StatementAction(StrEnum):
    """What a person can do to a statement; the value is the verb used in refusals."""

    EDIT = "edit"
    DELETE = "delete"
    REQUEST_APPROVAL = "request approval for"
    APPROVE = "approve"
    REJECT = "send back"
    PUBLISH = "publish"


ALLOWED_STATES: dict[StatementAction, frozenset[StatementState]] = {
    StatementAction.EDIT: frozenset({StatementState.DRAFT, StatementState.APPROVAL_REQUESTED}),
    StatementAction.DELETE: frozenset({StatementState.DRAFT}),
    StatementAction.REQUEST_APPROVAL: frozenset({StatementState.DRAFT}),
    StatementAction.APPROVE: frozenset({StatementState.APPROVAL_REQUESTED}),
    StatementAction.REJECT: frozenset({StatementState.APPROVAL_REQUESTED}),
    StatementAction.PUBLISH: frozenset({StatementState.APPROVED, StatementState.PUBLISHED}),
}
"""The states in which each action is allowed (publishing again adds channels)."""

_NEW_DRAFT = "start a new draft to change its words"
_REFUSALS: dict[tuple[StatementAction, StatementState], str] = {
    (StatementAction.EDIT, StatementState.APPROVED): f"is already approved: {_NEW_DRAFT}",
    (StatementAction.EDIT, StatementState.PUBLISHED): f"is already published: {_NEW_DRAFT}",
    (StatementAction.DELETE, StatementState.APPROVAL_REQUESTED): (
        "is awaiting approval: only a draft can be deleted"
    ),
    (StatementAction.DELETE, StatementState.APPROVED): "is approved: only a draft can be deleted",
    (StatementAction.DELETE, StatementState.PUBLISHED): (
        "is published: only a draft can be deleted"
    ),
    (StatementAction.REQUEST_APPROVAL, StatementState.APPROVAL_REQUESTED): (
        "is already awaiting approval: its approval was requested before"
    ),
    (StatementAction.REQUEST_APPROVAL, StatementState.APPROVED): (
        "is already approved: it can be published"
    ),
    (StatementAction.REQUEST_APPROVAL, StatementState.PUBLISHED): "is already published",
    (StatementAction.APPROVE, StatementState.DRAFT): (
        "is still a draft: request approval before it can be approved"
    ),
    (StatementAction.APPROVE, StatementState.APPROVED): "is already approved",
    (StatementAction.APPROVE, StatementState.PUBLISHED): "is already published",
    (StatementAction.REJECT, StatementState.DRAFT): (
        "is still a draft: there is no approval request to send back"
    ),
    (StatementAction.REJECT, StatementState.APPROVED): f"is already approved: {_NEW_DRAFT}",
    (StatementAction.REJECT, StatementState.PUBLISHED): f"is already published: {_NEW_DRAFT}",
    (StatementAction.PUBLISH, StatementState.DRAFT): (
        "is still a draft: request approval and have it approved before publishing"
    ),
    (StatementAction.PUBLISH, StatementState.APPROVAL_REQUESTED): (
        "is awaiting approval: it can be published once the approver approves it"
    ),
}


def refusal(statement_id: int, state: str, action: StatementAction) -> str | None:
    """Why ``action`` cannot be done to a statement in ``state``, as one sentence for people;
    None when it can."""
    current = StatementState(state)
    if current in ALLOWED_STATES[action]:
        return None
    reason = _REFUSALS.get((action, current), f"is {current.label}: you cannot {action.value} it")
    return f"Statement #{statement_id} {reason}."


def approver_refusal(
    incident_id: int, holder: str | None, actor: str, action: StatementAction
) -> str | None:
    """Why ``actor`` may not approve (or send back) a statement of the incident whose approver
    role ``holder`` has; None when they may."""
    if holder is None:
        return (
            f"Nobody holds the {APPROVER_ROLE} role on incident #{incident_id}: "
            f"assign it before you {action.value} a statement."
        )
    if holder != actor:
        return (
            f"Only the {APPROVER_ROLE} of incident #{incident_id}, {holder}, may "
            f"{action.value} a statement; you are {actor}."
        )
    return None


@dataclass(frozen=True, slots=True)
class Draft:
    """A statement filled from a template, ready to be stored as a draft."""

    template_id: str
    title: str
    body: str
    missing: tuple[str, ...]
    lang: str | None = None
    """The language its template is written in, if the playbook says."""


def draft_from(template: Template, values: Mapping[str, str | None]) -> Draft:
    title, body = fill(template.title, values), fill(template.body, values)
    return Draft(template.id, title, body, tuple(unfilled(title + "\n" + body)), template.lang)


def in_language_first(drafts: list[Draft], lang: str | None) -> list[Draft]:
    """``drafts`` with those written in ``lang`` (a mention's language) first, then those
    that name no language (the playbook's own), then the rest, each group in the playbook's
    order: a Vietnamese complaint is answered in Vietnamese when the playbook has the answer,
    without hunting for it among the English ones, and an English one is not offered a
    Tagalog answer before the playbook's own."""
    if lang is None:
        return list(drafts)
    return sorted(drafts, key=lambda draft: 0 if draft.lang == lang else 1 + bool(draft.lang))


def answers_for(drafts: list[Draft], text: str, lang: str | None, brand: str = "") -> list[Draft]:
    """FAQ answers in the order a mention is best answered: those in its language first
    (``in_language_first``), and within each language those whose question shares most words
    with it (a word of the answer counting a quarter; the ``brand``'s own words, in nearly every
    mention and answer, not at all), then the playbook's order. "I ate your burger and feel
    sick" opens on the food-safety answer, not on the first answer about batch codes."""
    said = set(mention_words(text, lang)) - set(mention_words(brand))

    def shared(draft: Draft) -> float:
        asked = _overlap(said, mention_words(draft.title, draft.lang or lang))
        told = _overlap(said, mention_words(draft.body, draft.lang or lang))
        return asked + told / 4

    ranked = sorted(drafts, key=lambda draft: -shared(draft))
    return in_language_first(ranked, lang)


def _overlap(said: set[str], words: list[str]) -> int:
    """How many distinct ``words`` the mention said, a word of five letters or more also by
    its first five ("safety" for "safe" no, "refunded" for "refund" yes)."""
    stems = {word[:5] for word in said if len(word) >= 5}
    return sum(1 for word in set(words) if word in said or (len(word) >= 5 and word[:5] in stems))


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
