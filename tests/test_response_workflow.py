"""The outage morning, end to end at the store and domain level (no console).

Alert → incident → acknowledge → roles → checklist → statement with approval → publish →
triage → resolve → report, with the rules refusing what they must on the way.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from crisistui.domain.incident import (
    Milestone,
    NotApproverError,
    ResolveBlockedError,
    StatementState,
    Status,
)
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import load_playbooks
from crisistui.domain.statements import (
    draft_from,
    for_statement,
    holding_template,
    placeholder_values,
    to_fill,
)
from crisistui.reports.metrics import metric_lines
from crisistui.reports.report import build_report, render_json, render_markdown
from crisistui.store import Store
from tests.conftest import fetch_incident as fetch

ALERT = datetime(2026, 3, 10, 9, 2, tzinfo=UTC)
BRAND = "Acme Air"
PLAYBOOKS = load_playbooks()
OUTAGE = PLAYBOOKS["service-outage"]


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 3, 10, hh, mm, ss, tzinfo=UTC)


def mention(
    number: int,
    when: datetime,
    label: Sentiment,
    reach: int,
    subject: str = BRAND,
    text: str | None = None,
) -> Mention:
    score = {Sentiment.NEGATIVE: -0.7, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}[label]
    return Mention(
        source="x",
        external_id=f"m{number}",
        text=text or f"mention {number}",
        created_at=when,
        subject=subject,
        is_competitor=subject != BRAND,
        sentiment=score,
        label=label,
        reach=reach,
        fingerprint=f"fp{number}",
        author=f"@user{number}",
    )


async def tick(store: Store, incident_id: int, task_id: str, actor: str, now: datetime) -> None:
    title = next((t.title for t in OUTAGE.tasks if t.id == task_id), task_id)
    await store.set_task_done(incident_id, task_id, title, True, actor, now)


async def test_the_outage_morning(store: Store) -> None:
    # Mentions around the turn: four negative of the brand in the incident, one before it, a
    # positive one, and a competitor's negative one (none of those three count).
    await store.add_mentions(
        [
            mention(1, at(9, 5), Sentiment.NEGATIVE, 1_200_000, text="@bignews: Acme Air down"),
            mention(2, at(9, 6), Sentiment.NEGATIVE, 5_000),
            mention(3, at(9, 7), Sentiment.NEGATIVE, 300),
            mention(4, at(9, 20), Sentiment.NEGATIVE, 80_000),
            mention(5, at(8, 30), Sentiment.NEGATIVE, 9_000_000),
            mention(6, at(9, 8), Sentiment.POSITIVE, 2_000_000),
            mention(7, at(9, 9), Sentiment.NEGATIVE, 3_000_000, subject="Globex Air"),
        ],
        at(9, 21),
    )

    # 09:04 the SRE opens the incident from the 09:02 alert, at SEV2.
    incident = await store.open_incident(
        "Login outage",
        "service-outage",
        OUTAGE.id,
        "sre",
        at(9, 4),
        severity="SEV2",
        detected_at=ALERT,
    )
    assert await store.current_incident() == incident
    await store.record_milestone(incident.id, Milestone.ACKNOWLEDGED, at(9, 3), "sre", at(9, 4))

    # Roles: the comms lead takes the spokesperson role herself; the approver is named.
    await store.assign_role(incident.id, "spokesperson", "dana", "dana", at(9, 5))
    await store.assign_role(incident.id, "approver", "hoc", "sre", at(9, 5))
    assert {r: a.person for r, a in (await store.roles(incident.id)).items()} == {
        "approver": "hoc",
        "spokesperson": "dana",
    }

    await tick(store, incident.id, "open-incident-log", "sre", at(9, 6))
    await tick(store, incident.id, "confirm-impact", "sre", at(9, 7))
    legal = await store.add_adhoc_task(
        incident.id,
        "Legal review of compensation wording",
        "respond",
        "legal",
        True,
        "dana",
        at(9, 7),
    )
    await store.assign_task(incident.id, legal.task_id, legal.title, "lee", "dana", at(9, 7))
    await store.add_task_note(
        incident.id, legal.task_id, legal.title, "waiting for Lee", "dana", at(9, 8)
    )

    # A mandatory task open blocks resolution, and the error names it.
    with pytest.raises(ResolveBlockedError) as blocked:
        await store.set_status(incident.id, Status.RESOLVED, "sre", at(9, 8), playbook=OUTAGE)
    assert "Approve the initial status message" in str(blocked.value)
    assert "Legal review of compensation wording" in str(blocked.value)
    assert {t.task_id for t in blocked.value.open_tasks} == {
        "approve-holding-statement",
        "confirm-recovery",
        legal.task_id,
    }  # the review-phase task is for Friday's retrospective and does not block
    assert (await fetch(store, incident.id)).status == Status.INVESTIGATING
    await store.set_status(incident.id, Status.RESPONDING, "sre", at(9, 8))

    # 09:08 the holding statement, drafted from the playbook template; its {time} waits for
    # the moment it goes out.
    template = holding_template(OUTAGE)
    assert template is not None
    draft = draft_from(
        template,
        for_statement(
            placeholder_values(
                brand=BRAND,
                incident_title="the login outage",
                time=at(9, 8),
                status_url="https://status.acme.example",
            )
        ),
    )
    assert draft.missing == ("{time}",) and to_fill(draft.body) == []
    assert "Acme Air" in draft.body and "https://status.acme.example" in draft.body
    assert "09:08" not in draft.body
    statement = await store.create_statement(
        incident.id, draft.title, draft.body, "dana", at(9, 8), template_id=draft.template_id
    )
    assert statement.state == StatementState.DRAFT
    await store.request_approval(statement.id, "dana", at(9, 9))

    # Only the approver approves.
    with pytest.raises(NotApproverError, match="approver of incident #1, hoc, may approve"):
        await store.approve_statement(statement.id, "dana", at(9, 9))
    waiting = await store.statement(statement.id)
    assert waiting is not None and waiting.state == StatementState.APPROVAL_REQUESTED
    approved = await store.approve_statement(statement.id, "hoc", at(9, 9, 30))
    assert approved.approver == "hoc"
    await tick(store, incident.id, "approve-holding-statement", "hoc", at(9, 9, 40))

    # 09:10 published on X and the status page: the first public response.
    published = await store.publish_statement(statement.id, ["x", "status page"], "dana", at(9, 10))
    assert published.state == StatementState.PUBLISHED
    assert published.channels == ["x", "status page"]
    assert "10 Mar 2026, 09:10 UTC" in published.body and "{time}" not in published.body
    milestones = await store.milestones(incident.id)
    assert milestones[Milestone.FIRST_PUBLIC_RESPONSE].at == at(9, 10)
    # A later publication elsewhere does not move the milestone.
    await store.publish_statement(statement.id, "in-app", "dana", at(9, 30))
    assert (await store.milestones(incident.id))[Milestone.FIRST_PUBLIC_RESPONSE].at == at(9, 10)

    # Triage from the queue: negative, far-reaching first.
    queue = await store.triage_queue(BRAND, ALERT, at(11, 45))
    assert [m.external_id for m, _ in queue] == ["m1", "m4", "m2", "m3", "m6"]
    ids = {m.external_id: m.id for m, _ in queue}
    for key, state in (("m1", "replied"), ("m4", "replied"), ("m2", "dismissed")):
        mention_id = ids[key]
        assert mention_id is not None
        await store.triage_mention(
            mention_id, state, "dana", at(9, 40), incident_id=incident.id, tags=["refund"]
        )
    # Assigning needs a person; an assigned mention counts as triaged, not replied.
    await store.triage_mention(
        ids["m3"] or 0, "assigned", "dana", at(9, 41), incident_id=incident.id, assignee="sam"
    )

    # Recovery, the last mandatory tasks, resolution.
    await tick(store, incident.id, "confirm-recovery", "sre", at(11, 0))
    await store.set_status(incident.id, Status.MONITORING, "sre", at(11, 0))
    with pytest.raises(ResolveBlockedError, match="Legal review of compensation wording"):
        await store.set_status(incident.id, Status.RESOLVED, "sre", at(11, 30), playbook=OUTAGE)
    await store.set_task_done(incident.id, legal.task_id, legal.title, True, "lee", at(11, 40))
    await store.set_status(incident.id, Status.RESOLVED, "sre", at(11, 45), playbook=OUTAGE)
    resolved = await store.incident(incident.id)
    assert resolved is not None and resolved.resolved_at == at(11, 45)
    assert await store.current_incident() is None
    await store.set_lessons(incident.id, "Pre-approve the compensation wording.", "dana", at(12, 0))

    # The report.
    report = await build_report(store, incident.id, PLAYBOOKS, subject=BRAND, now=at(13, 0))
    assert "First public response: 8 min after detection" in metric_lines(report.metrics)
    markdown = render_markdown(report)
    assert "# Incident #1: Login outage" in markdown
    for row in (
        "| Detected | 2026-03-10 09:02:00 UTC | 0 min |",
        "| Acknowledged | 2026-03-10 09:03:00 UTC | 1 min |",
        "| First public response | 2026-03-10 09:10:00 UTC | 8 min |",
        "| Mitigated | 2026-03-10 11:00:00 UTC | 118 min |",
        "| Resolved | 2026-03-10 11:45:00 UTC | 2 h 43 min |",
    ):
        assert row in markdown
    assert "First public response: 8 min after detection" in markdown
    assert "Negative mentions during the incident: 4; triaged 4; replied 2 (50%)" in markdown
    assert "Pre-approve the compensation wording." in markdown
    assert "Legal review of compensation wording" in markdown
    assert "waiting for Lee" in markdown
    # each publication with its own time: in-app went out twenty minutes after the others
    assert (
        "published on x, status page at 2026-03-10 09:10:00 UTC; "
        "then on in-app at 2026-03-10 09:30:00 UTC"
    ) in markdown
    assert "```text" in markdown  # the charts
    assert "\x1b" not in markdown  # no colour codes from the chart library
    assert "DRILL" not in markdown

    data = json.loads(render_json(report))
    assert data["statements"][0]["publications"] == [
        {"channels": ["x", "status page"], "at": "2026-03-10T09:10:00+00:00"},
        {"channels": ["in-app"], "at": "2026-03-10T09:30:00+00:00"},
    ]
    assert data["metrics"]["negative_mentions"] == {
        "total": 4,
        "triaged": 4,
        "replied": 2,
        "replied_share": 0.5,
    }
    assert data["top_mentions"][0]["text"] == "@bignews: Acme Air down"
    # The report's numbers are the timeline's numbers.
    from_timeline: dict[str, datetime] = {}
    for event in data["timeline"]:
        if event["kind"].startswith("milestone."):
            from_timeline[event["details"]["milestone"]] = datetime.fromisoformat(
                event["details"]["at"]
            )
    detected = from_timeline["detected"]
    assert data["metrics"]["reference_at"] == detected.isoformat()
    for name, measured in data["metrics"]["after_reference"].items():
        seconds = int((from_timeline[name] - detected).total_seconds())
        assert measured == {"seconds": seconds, "minutes": seconds // 60}
    assert data["metrics"]["after_reference"]["first_public_response"]["minutes"] == 8

    # Every change went on the timeline, with who did it.
    events = await store.events(incident.id)
    assert all(e.actor for e in events)
    kinds = [e.kind for e in events]
    for kind in (
        "incident.opened",
        "milestone.detected",
        "milestone.acknowledged",
        "role.assigned",
        "task.added",
        "task.assigned",
        "task.note",
        "incident.status",
        "statement.drafted",
        "statement.approval_requested",
        "statement.approved",
        "statement.published",
        "milestone.first_public_response",
        "mention.replied",
        "mention.assigned",
        "milestone.mitigated",
        "milestone.resolved",
        "incident.lessons",
    ):
        assert kind in kinds, kind
    approval = next(e for e in events if e.kind == "statement.approved")
    assert approval.actor == "hoc"


async def test_a_resolved_incident_stays_resolved(store: Store) -> None:
    default = PLAYBOOKS["default"]
    incident = await store.open_incident("Rumour", "misc", default.id, "ana", at(9, 0))
    for task in default.tasks:
        if task.mandatory:
            await store.set_task_done(incident.id, task.id, task.title, True, "ana", at(9, 1))
    await store.set_status(incident.id, "resolved", "ana", at(9, 2), playbook=default)
    with pytest.raises(ValueError, match="is resolved"):
        await store.set_status(incident.id, "responding", "ana", at(9, 3))
    # The review still goes on after resolution: lessons, notes and the review's own ticks
    # are accepted; the response's ticks are its record and stay as they were.
    await store.set_lessons(incident.id, "Faster legal review.", "ana", at(10, 0))
    assert (await fetch(store, incident.id)).lessons == "Faster legal review."
    done = next(t for t in default.tasks if t.mandatory and t.phase != "review")
    with pytest.raises(ValueError, match="is resolved: its checklist is the record"):
        await store.set_task_done(incident.id, done.id, done.title, False, "ben", at(10, 1))
    with pytest.raises(ValueError, match="is resolved"):
        await store.assign_task(
            incident.id, done.id, done.title, "ben", "ben", at(10, 1), phase=done.phase
        )
    with pytest.raises(ValueError, match="is resolved"):
        await store.add_adhoc_task(
            incident.id, "Late task", "assess", "legal", True, "ben", at(10, 1)
        )
    assert (await store.task_states(incident.id))[done.id].done
    await store.add_task_note(
        incident.id, done.id, done.title, "Took 40 minutes.", "ben", at(10, 2)
    )
    review = next(t for t in default.tasks if t.phase == "review")
    await store.set_task_done(
        incident.id, review.id, review.title, True, "ana", at(10, 3), phase=review.phase
    )
    assert (await store.task_states(incident.id))[review.id].done
    extra = await store.add_adhoc_task(
        incident.id, "Share the lessons", "review", "lead", False, "ana", at(10, 4)
    )
    assert await store.set_task_done(
        incident.id, extra.task_id, extra.title, True, "ana", at(10, 5)
    )
    report = render_markdown(await build_report(store, incident.id, PLAYBOOKS, now=at(11, 0)))
    assert "not done when the incident was resolved" not in report.split(done.title)[1][:80]


async def test_resolving_needs_the_incidents_own_playbook(store: Store) -> None:
    incident = await store.open_incident("Outage", "service-outage", OUTAGE.id, "ana", at(9, 0))
    with pytest.raises(ValueError, match="needs its playbook 'service-outage'"):
        await store.set_status(incident.id, "resolved", "ana", at(9, 1))
    with pytest.raises(ValueError, match="needs its playbook"):
        await store.set_status(
            incident.id, "resolved", "ana", at(9, 1), playbook=PLAYBOOKS["default"]
        )
    assert (await fetch(store, incident.id)).status == "investigating"


async def test_a_report_lists_the_mentions_it_counts(store: Store) -> None:
    """Made while mentions of the current minute still arrive (a few seconds after ``now``):
    the count and the list read the same whole minutes, so "8 negative" never comes with a
    list of one."""
    await store.add_mentions(
        [
            mention(1, at(9, 5), Sentiment.NEGATIVE, 1_000),
            *(mention(n, at(9, 10, 40 + n), Sentiment.NEGATIVE, 500) for n in range(2, 9)),
        ],
        at(9, 10, 50),
    )
    await store.open_incident(
        "Outage", "service-outage", OUTAGE.id, "ana", at(9, 4), detected_at=at(9, 4)
    )
    report = await build_report(store, 1, PLAYBOOKS, subject=BRAND, now=at(9, 10, 30))
    data = json.loads(render_json(report))
    assert data["metrics"]["negative_mentions"]["total"] == 8
    assert len([m for m in data["top_mentions"] if m["label"] == "negative"]) == 8


def test_a_step_a_resolved_incident_skipped_is_not_recorded_not_still_to_come() -> None:
    """Resolved straight from investigating, the report said "Mitigated: not yet"."""
    from crisistui.domain.records import TriageCounts
    from crisistui.reports.metrics import IncidentMetrics

    def lines(resolved: int | None) -> list[str]:
        seconds = {
            Milestone.ACKNOWLEDGED: 60,
            Milestone.FIRST_PUBLIC_RESPONSE: 480,
            Milestone.MITIGATED: None,
            Milestone.RESOLVED: resolved,
        }
        metrics = IncidentMetrics(
            1, False, "detected", at(9, 0), seconds, (), TriageCounts(0, 0, 0)
        )
        return metric_lines(metrics)

    assert "Mitigated: not yet" in lines(None)  # still open: it may come
    assert "Mitigated: not recorded" in lines(7200)
    assert "Resolved: 2 h 00 min after detection" in lines(7200)


async def test_a_report_without_statements_keeps_its_sections_and_one_time_axis(
    store: Store,
) -> None:
    """ "_No statements._" ran into "## Tasks" (no blank line, so Markdown read the heading as
    text), and the sentiment chart, drawn only over the minutes with mentions, ran over other
    minutes than the volume chart above it."""
    await store.add_mentions(
        [mention(n, at(9, 20 + n), Sentiment.NEGATIVE, 100) for n in range(3)], at(9, 30)
    )
    await store.open_incident(
        "Outage", "service-outage", OUTAGE.id, "ana", at(9, 40), detected_at=at(9, 40)
    )
    markdown = render_markdown(
        await build_report(store, 1, PLAYBOOKS, subject=BRAND, now=at(9, 45))
    )
    assert "_No statements._\n\n## Tasks\n" in markdown
    charts = re.findall(r"```text\n(.*?)```", markdown, re.S)
    axes = [chart.rstrip().splitlines()[-2].split() for chart in charts]
    assert len(axes) == 2 and axes[0] == axes[1]


async def test_lessons_keep_their_lists_but_never_become_a_section_of_the_report(
    store: Store,
) -> None:
    """A lesson written "# Next time" used to come out as a heading of the report's own
    rank, and "Plan" over "---" as another; lists and emphasis are the team's to keep."""
    incident = await store.open_incident("Rumour", "misc", "default", "ana", at(9, 0))
    lessons = "# Next time\n- *faster* legal review\nPlan\n---\n<b>bold</b>"
    await store.set_lessons(incident.id, lessons, "ana", at(10, 0))
    report = render_markdown(await build_report(store, incident.id, PLAYBOOKS, now=at(11, 0)))
    section = report.split("Lessons learned", 1)[1]
    lines = section.splitlines()
    assert "\\# Next time" in lines and "# Next time" not in lines
    assert "- *faster* legal review" in lines
    assert "---" not in lines and "\\---" in lines
    assert "<b>" not in section
