"""The response rules: milestone order, templates that never crash, statement states, triage,
severity, and metrics across incidents without drills."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from crisistui.domain.incident import (
    Milestone,
    MilestoneOrderError,
    NotApproverError,
    ResolveBlockedError,
    ResponseError,
    Severity,
    TransitionError,
    UnknownIncidentError,
    check_milestone_order,
    checklist,
    resolve_blockers,
)
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import Template, load_playbooks
from crisistui.domain.statements import (
    draft_from,
    fill,
    find_template,
    holding_template,
    placeholder_values,
    unfilled,
)
from crisistui.reports.metrics import describe_minutes, describe_seconds, metric_lines
from crisistui.reports.render import render_markdown
from crisistui.reports.report import build_report, cross_incident_metrics
from crisistui.store import Store
from tests.conftest import fetch_incident as fetch

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PLAYBOOKS = load_playbooks()


def later(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# -- milestones --------------------------------------------------------------------------------


async def test_an_order_refusal_names_times_in_the_local_zone(store: Store, monkeypatch) -> None:
    """The person typed a local time; the refusal must speak the same clock."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    incident = await store.open_incident(
        "Outage", "service-outage", "service-outage", "ana", later(5), detected_at=later(2)
    )
    with pytest.raises(MilestoneOrderError) as refused:
        await store.record_milestone(incident.id, "acknowledged", later(1), "ana", later(6))
    local_detected = later(2).astimezone().strftime("%H:%M:%S")
    # the zone's name with its offset: several zones share one name (Manila's PST)
    assert f"{local_detected} CET (UTC+1)" in str(refused.value)
    assert f"{later(2):%H:%M:%S} UTC" not in str(refused.value)


async def test_a_milestone_on_the_timeline_is_shown_in_the_columns_zone(
    store: Store, monkeypatch
) -> None:
    """The timeline's time column is local; the milestone's own time beside it must be too
    (stored in UTC, which every console and the report share)."""
    from crisistui.tui.screens.timeline import entry_text

    monkeypatch.setenv("TZ", "Asia/Manila")
    time.tzset()
    incident = await store.open_incident(
        "Outage", "service-outage", "service-outage", "ana", later(5), detected_at=later(2)
    )
    await store.record_milestone(incident.id, "acknowledged", later(3), "ana", later(6))
    [event] = [e for e in await store.events(incident.id) if e.kind == "milestone.acknowledged"]
    assert event.summary.endswith(f"at {later(3):%H:%M:%S} UTC")  # as stored and reported
    local = later(3).astimezone().strftime("%H:%M:%S")
    shown = entry_text(event).plain
    assert f"acknowledged at {local} PST (UTC+8)" in shown
    assert f"{later(3):%H:%M:%S} UTC" not in shown


async def test_a_milestone_out_of_order_is_refused(store: Store) -> None:
    incident = await store.open_incident(
        "Outage", "service-outage", "service-outage", "ana", later(5), detected_at=later(2)
    )
    with pytest.raises(MilestoneOrderError, match="earlier than detected"):
        await store.record_milestone(incident.id, "acknowledged", later(1), "ana", later(6))
    await store.record_milestone(incident.id, "acknowledged", later(3), "ana", later(6))
    # Moving detection after the acknowledgement is refused too.
    with pytest.raises(MilestoneOrderError, match="later than acknowledged"):
        await store.record_milestone(incident.id, "detected", later(4), "ana", later(6))
    with pytest.raises(MilestoneOrderError, match="Mitigated"):
        await store.record_milestone(incident.id, "mitigated", later(2.5), "ana", later(6))
    # Nothing of the refused attempts was written, on the table or the timeline.
    recorded = await store.milestones(incident.id)
    assert {m: r.at for m, r in recorded.items()} == {
        Milestone.DETECTED: later(2),
        Milestone.ACKNOWLEDGED: later(3),
    }
    kinds = [e.kind for e in await store.events(incident.id)]
    assert kinds.count("milestone.acknowledged") == 1
    # A correction that keeps the order is accepted and says what it was before.
    await store.record_milestone(incident.id, "detected", later(1), "ben", later(7))
    correction = (await store.events(incident.id))[-1]
    assert correction.summary.startswith("Milestone corrected: detected")
    assert correction.details["previous"] == later(2).isoformat()


def test_public_response_may_follow_resolution() -> None:
    # A fast fix can come before anyone said anything; only detection and acknowledgement
    # must come first.
    check_milestone_order(
        Milestone.FIRST_PUBLIC_RESPONSE,
        later(30),
        {Milestone.DETECTED: later(0), Milestone.MITIGATED: later(5), Milestone.RESOLVED: later(9)},
    )
    with pytest.raises(MilestoneOrderError):
        check_milestone_order(
            Milestone.FIRST_PUBLIC_RESPONSE, later(-1), {Milestone.DETECTED: later(0)}
        )


async def test_resolved_milestone_only_by_resolving(store: Store) -> None:
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    with pytest.raises(TransitionError, match="resolve it"):
        await store.record_milestone(incident.id, "resolved", later(1), "ana", later(1))
    with pytest.raises(ResponseError, match="not one of"):
        await store.record_milestone(incident.id, "lunch", later(1), "ana", later(1))


# -- templates ---------------------------------------------------------------------------------


def test_placeholders_unknown_or_missing_stay_visible() -> None:
    values = placeholder_values(brand="Acme Air", time=datetime(2026, 3, 10, 9, 8, tzinfo=UTC))
    text = "{brand} at {time}: see {status_url}, ask {contact}, {unknown}, {0}, { brand }, {"
    assert fill(text, values) == (
        "Acme Air at 10 Mar 2026, 09:08 UTC: see {status_url}, ask {contact}, {unknown}, {0}, "
        "{ brand }, {"
    )
    assert unfilled(fill(text, values)) == ["{status_url}", "{contact}", "{unknown}"]


def test_values_are_inserted_once_never_expanded() -> None:
    values = placeholder_values(brand="{contact}", incident_title="{brand} {{x}}", contact="me")
    assert fill("{incident_title} / {brand}", values) == "{brand} {{x}} / {contact}"


def test_every_playbook_template_fills_without_error() -> None:
    values = placeholder_values(
        brand="Acme Air",
        incident_title="the outage",
        time=T0,
        status_url="https://status.example",
        contact="help@example.com",
    )
    for playbook in PLAYBOOKS.values():
        assert holding_template(playbook) is not None, playbook.id
        for template in [*playbook.statements, *playbook.faq]:
            draft = draft_from(template, values)
            assert draft.missing == (), (playbook.id, template.id, draft.missing)
    breach = holding_template(PLAYBOOKS["data-breach"])
    assert breach is not None and breach.id == "holding"
    assert find_template(PLAYBOOKS["service-outage"], "is-it-down") is not None
    missing = draft_from(Template(id="t", title="{brand}", body="Call {contact}"), {})
    assert missing.missing == ("{brand}", "{contact}")


# -- statements --------------------------------------------------------------------------------


async def test_statement_states_are_enforced(store: Store) -> None:
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    draft = await store.create_statement(incident.id, "Holding", "We know.", "ana", later(1))
    with pytest.raises(TransitionError, match="still a draft: request approval and have it"):
        await store.publish_statement(draft.id, "x", "ana", later(2))
    with pytest.raises(TransitionError, match="is still a draft: request approval before"):
        await store.approve_statement(draft.id, "boss", later(2))
    await store.request_approval(draft.id, "ana", later(2))
    with pytest.raises(NotApproverError, match="Nobody holds the approver role"):
        await store.approve_statement(draft.id, "boss", later(3))
    await store.assign_role(incident.id, "Approver", "boss", "ana", later(3))
    # The approver sends it back; an edit after that needs a new request.
    back = await store.reject_statement(draft.id, "too vague", "boss", later(4))
    assert back.state == "draft"
    edited = await store.update_statement(
        draft.id, "Holding", "We know. More soon.", "ana", later(5)
    )
    assert edited.body == "We know. More soon."
    await store.request_approval(draft.id, "ana", later(6))
    # Editing a text that waits for approval takes it back to draft.
    edited = await store.update_statement(draft.id, "Holding", "We know, sorry.", "ana", later(7))
    assert edited.state == "draft"
    await store.request_approval(draft.id, "ana", later(8))
    await store.approve_statement(draft.id, "boss", later(9))
    with pytest.raises(TransitionError, match="is already approved: start a new draft"):
        await store.update_statement(draft.id, "Holding", "changed", "ana", later(10))
    with pytest.raises(ResponseError, match="channel"):
        await store.publish_statement(draft.id, [" "], "ana", later(10))
    await store.publish_statement(draft.id, "x", "ana", later(10))
    with pytest.raises(TransitionError, match="only a draft can be deleted"):
        await store.delete_statement(draft.id, "ana", later(11))
    spare = await store.create_statement(incident.id, "Spare", "Unused", "ana", later(11))
    await store.delete_statement(spare.id, "ana", later(12))
    assert [s.id for s in await store.statements(incident.id)] == [draft.id]
    with pytest.raises(ResponseError, match="no statement"):
        await store.request_approval(spare.id, "ana", later(13))


# -- triage, severity, errors ------------------------------------------------------------------


async def test_triage_rules(store: Store) -> None:
    await store.add_mentions(
        [Mention("x", "a", "bad", later(1), "Acme Air", False, -0.5, Sentiment.NEGATIVE, 10, "fa")],
        later(1),
    )
    mention_id = (await store.recent_mentions(1))[0].id
    assert mention_id is not None
    with pytest.raises(ResponseError, match="needs a person"):
        await store.triage_mention(mention_id, "assigned", "ana", later(2))
    with pytest.raises(ResponseError, match="not one of"):
        await store.triage_mention(mention_id, "liked", "ana", later(2))
    with pytest.raises(ResponseError, match="no mention #999"):
        await store.triage_mention(999, "replied", "ana", later(2))
    triage = await store.triage_mention(
        mention_id, "acknowledged", "ana", later(2), tags=["Refund", "refund", " legal "]
    )
    assert triage.tags == ("legal", "refund") and triage.incident_id is None
    counts = await store.negative_triage_counts("Acme Air", T0, later(60))
    assert (counts.negative, counts.triaged, counts.replied) == (1, 1, 0)
    event = (await store.events())[-1]
    assert event.kind == "mention.acknowledged" and event.actor == "ana"


async def test_severity_is_set_by_people(store: Store) -> None:
    incident = await store.open_incident("x", "misc", "default", "ana", T0, severity="2")
    assert (await fetch(store, incident.id)).severity == "SEV2"
    await store.set_severity(incident.id, "sev1", "ben", later(1))
    assert (await fetch(store, incident.id)).severity == "SEV1"
    assert (await store.events(incident.id))[-1].summary == "Severity SEV1 (was SEV2)"
    with pytest.raises(ResponseError, match="SEV1, SEV2, SEV3, SEV4"):
        Severity.parse("critical")
    with pytest.raises(ResponseError, match="not one of"):
        await store.set_status(incident.id, "panicking", "ana", later(2))


async def test_unknown_incident_is_named(store: Store) -> None:
    with pytest.raises(UnknownIncidentError, match="no incident #42"):
        await store.assign_role(42, "approver", "boss", "ana", T0)
    with pytest.raises(UnknownIncidentError, match="#42"):
        await store.set_severity(42, "SEV3", "ana", T0)
    with pytest.raises(UnknownIncidentError, match="#42"):
        await build_report(store, 42, PLAYBOOKS)


def test_adhoc_mandatory_tasks_block_like_playbook_ones() -> None:
    from crisistui.domain.incident import AdhocTaskSpec

    playbook = PLAYBOOKS["default"]
    done = {t.id: True for t in playbook.tasks}
    extra = AdhocTaskSpec("adhoc:1", "Call the regulator", "respond", "legal", True)
    optional = AdhocTaskSpec("adhoc:2", "Order pizza", "respond", "scribe", False)
    assert [t.task_id for t in resolve_blockers(playbook, done, [extra, optional])] == ["adhoc:1"]
    assert resolve_blockers(playbook, {**done, "adhoc:1": True}, [extra, optional]) == []


def test_charts_fall_back_to_sparklines(monkeypatch: pytest.MonkeyPatch) -> None:
    from crisistui.reports import charts

    drawn = charts.line_chart("Volume", [0, 1, 2], {"all": [1.0, None, 4.0]}, width=40)
    assert drawn.splitlines()[0].strip() == "Volume" and "\x1b" not in drawn

    def broken(*_args: object) -> str:
        raise RuntimeError("no plotext today")

    monkeypatch.setattr(charts, "_plotext_chart", broken)
    assert charts.line_chart("Volume", [0, 1, 2], {"all": [1.0, None, 4.0]}) == (
        "Volume\nall ▁ █  1…4\n    from 0 to 2"
    )
    assert charts.line_chart("Volume", [], {}) == "Volume\n(no data)"


def test_durations_read_well() -> None:
    assert describe_minutes(8) == "8 min"
    assert describe_minutes(163) == "2 h 43 min"
    assert describe_minutes(4320) == "3 d 0 h"
    assert describe_seconds(0) == "0 min"
    assert describe_seconds(45) == "45 s"
    assert describe_seconds(8 * 60) == "8 min"
    assert describe_seconds(15 * 60 + 50) == "15 min 50 s"
    assert describe_seconds(163 * 60 + 59) == "2 h 43 min"


async def test_a_time_to_respond_is_not_rounded_down_past_a_target(store: Store) -> None:
    """A first public response 15 min 50 s after detection is said so in the review, not
    '15 min', which would read as a 15-minute target met."""
    incident = await store.open_incident(
        "Outage", "misc", "default", "ana", later(1), detected_at=T0
    )
    draft = await store.create_statement(incident.id, "Holding", "We know.", "ana", later(2))
    await store.request_approval(draft.id, "ana", later(3))
    await store.assign_role(incident.id, "approver", "boss", "ana", later(3))
    await store.approve_statement(draft.id, "boss", later(4))
    await store.publish_statement(draft.id, "x", "ana", later(20), at=later(15 + 50 / 60))
    report = await build_report(store, incident.id, PLAYBOOKS, now=later(30))
    assert "First public response: 15 min 50 s after detection" in metric_lines(report.metrics)
    markdown = render_markdown(report)
    assert "| First public response | 2026-03-10 09:15:50 UTC | 15 min 50 s |" in markdown


# -- drills ------------------------------------------------------------------------------------


async def test_drills_are_left_out_of_cross_incident_metrics(store: Store) -> None:
    real = await store.open_incident("Real", "misc", "default", "ana", later(1), detected_at=T0)
    await store.record_milestone(real.id, "acknowledged", later(10), "ana", later(10))
    drill = await store.open_incident(
        "Drill",
        "data-breach",
        "data-breach",
        "ana",
        later(100),
        detected_at=later(100),
        is_drill=True,
    )
    await store.record_milestone(drill.id, "acknowledged", later(101), "ana", later(101))
    other = await store.open_incident("Other", "misc", "default", "ana", later(200))
    await store.mark_drill(other.id, True, "ana", later(201))
    await store.mark_drill(other.id, False, "ana", later(202))
    await store.record_milestone(other.id, "acknowledged", later(230), "ana", later(230))

    summary = await cross_incident_metrics(store, PLAYBOOKS, subject="Acme Air", now=later(300))
    assert summary.incidents == 2 and summary.drills_excluded == 1
    # Real: 10 min from detection; Other: 30 min from opening (no detection recorded).
    assert summary.median_minutes[Milestone.ACKNOWLEDGED] == 20.0
    assert [i.id for i in await store.incidents(include_drills=False)] == [other.id, real.id]
    assert (await fetch(store, drill.id)).is_drill
    kinds = [e.kind for e in await store.events(other.id)]
    assert kinds.count("incident.drill") == 2


async def test_a_sev1_brings_in_the_executive_briefing(store: Store) -> None:
    playbook = PLAYBOOKS["service-outage"]
    incident = await store.open_incident("x", "outage", playbook.id, "ana", T0, severity="SEV3")
    done = {t.id: True for t in playbook.tasks if t.applies_at("SEV3")}
    for task_id in done:
        await store.set_task_done(incident.id, task_id, task_id, True, "ana", later(1))

    await store.set_severity(incident.id, "SEV1", "ben", later(2), playbook=playbook)
    summary = (await store.events(incident.id))[-1].summary
    assert summary.startswith("Severity SEV1 (was SEV3); adds 2 tasks:")
    assert "Brief the executive team and the board" in summary
    with pytest.raises(ResolveBlockedError, match="Brief the executive team"):
        await store.set_status(incident.id, "resolved", "ana", later(3), playbook=playbook)

    await store.set_severity(incident.id, "SEV4", "ben", later(4), playbook=playbook)
    assert "drops 2 tasks" in (await store.events(incident.id))[-1].summary
    await store.set_status(incident.id, "resolved", "ana", later(5), playbook=playbook)
    assert (await fetch(store, incident.id)).status == "resolved"


def test_tasks_for_worse_incidents_only_appear_there() -> None:
    playbook = PLAYBOOKS["data-breach"]
    ids = {sev: {t.task_id for t in checklist(playbook, (), sev)} for sev in Severity}
    assert "executive-briefing" in ids[Severity.SEV1]
    assert "executive-briefing" not in ids[Severity.SEV2]
    assert "legal-review-statements" in ids[Severity.SEV2]
    assert ids[Severity.SEV4] < ids[Severity.SEV2] < ids[Severity.SEV1]
    assert {t.task_id for t in checklist(playbook)} == ids[Severity.SEV4]


async def test_an_approver_cannot_approve_a_text_changed_since_read(store: Store) -> None:
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    await store.assign_role(incident.id, "approver", "hoc", "ana", T0)
    draft = await store.create_statement(incident.id, "Holding", "We know.", "ana", later(1))
    read = await store.request_approval(draft.id, "ana", later(2))
    edited = await store.update_statement(draft.id, "Holding", "We know. Sorry.", "ana", later(3))
    await store.request_approval(edited.id, "ana", later(4))
    with pytest.raises(ResponseError, match="changed since you read it"):
        await store.approve_statement(draft.id, "hoc", later(5), seen=read.updated_at)
    fresh = await store.statement(draft.id)
    approved = await store.approve_statement(draft.id, "hoc", later(6), seen=fresh.updated_at)
    assert approved.state == "approved" and approved.body == "We know. Sorry."


async def test_an_edit_in_the_second_the_approver_read_is_still_caught(store: Store) -> None:
    """Versions are whole seconds: an edit and a new request in the same second as the
    version read looked unchanged, and words nobody read were approved."""
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    await store.assign_role(incident.id, "approver", "hoc", "ana", T0)
    draft = await store.create_statement(incident.id, "Holding", "We know.", "ana", later(1))
    read = await store.request_approval(draft.id, "ana", later(2))
    await store.update_statement(draft.id, "Holding", "We know nothing.", "ana", later(2))
    await store.request_approval(draft.id, "ana", later(2))
    with pytest.raises(ResponseError, match="changed since you read it"):
        await store.approve_statement(
            draft.id, "hoc", later(5), seen=read.updated_at, seen_text=(read.title, read.body)
        )
    assert (await store.statement(draft.id)).state == "approval_requested"


async def test_no_milestone_before_the_incident_began(store: Store) -> None:
    opened = await store.open_incident("x", "misc", "default", "ana", later(10))
    with pytest.raises(MilestoneOrderError, match="before incident #1 was opened"):
        await store.record_milestone(opened.id, "acknowledged", later(5), "ana", later(11))
    await store.record_milestone(opened.id, "detected", later(2), "ana", later(11))
    await store.record_milestone(opened.id, "acknowledged", later(5), "ana", later(11))
    with pytest.raises(MilestoneOrderError, match="earlier than"):
        await store.record_milestone(opened.id, "mitigated", later(1), "ana", later(11))


async def test_lessons_saved_meanwhile_are_never_overwritten(store: Store) -> None:
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    await store.set_lessons(incident.id, "Theirs.", "ben", later(1), seen="")
    with pytest.raises(ResponseError, match="changed meanwhile"):
        await store.set_lessons(incident.id, "Mine.", "ana", later(2), seen="")
    assert (await fetch(store, incident.id)).lessons == "Theirs."
    await store.set_lessons(incident.id, "Theirs.\n\nMine.", "ana", later(3), seen="Theirs.")
    assert (await fetch(store, incident.id)).lessons == "Theirs.\n\nMine."


async def test_a_role_given_to_its_holder_or_a_free_role_freed_is_not_on_the_timeline(
    store: Store,
) -> None:
    # The timeline records what happened: "Role approver is free" for a role nobody held,
    # typed by accident, read in the report as if someone had stepped down.
    incident = await store.open_incident("x", "misc", "default", "ana", T0)
    before = len(await store.events(incident.id))
    await store.assign_role(incident.id, "approver", "", "ana", later(1))
    await store.assign_role(incident.id, "approver", "boss", "ana", later(2))
    await store.assign_role(incident.id, "Approver", " boss ", "ana", later(3))
    await store.assign_role(incident.id, "approver", "", "ana", later(4))
    summaries = [e.summary for e in (await store.events(incident.id))[before:]]
    assert summaries == ["boss takes the approver role", "Role approver is free (was boss)"]


async def test_two_people_opening_an_incident_at_the_same_moment_get_one(
    store: Store, db_location
) -> None:
    """Two consoles pressing the key within the same second: one incident, and the other
    person is told which (and by whom); asked again, it opens a second on purpose."""
    import asyncio

    from crisistui.domain.incident import OpenedMeanwhileError
    from crisistui.store import open_store

    other = await open_store(db_location)
    try:

        async def opens(who: Store, actor: str):
            try:
                return await who.open_incident(
                    "Outage", "service-outage", "service-outage", actor, later(1),
                    unless_opened_since=later(-4),
                )  # fmt: skip
            except OpenedMeanwhileError as meanwhile:
                return meanwhile

        results = await asyncio.gather(opens(store, "ana"), opens(other, "bo"))
        opened = [r for r in results if not isinstance(r, OpenedMeanwhileError)]
        refused = [r for r in results if isinstance(r, OpenedMeanwhileError)]
        assert len(opened) == 1 and len(refused) == 1
        assert refused[0].incident.id == opened[0].id
        assert f"opened by {opened[0].opened_by}" in str(refused[0])
        assert len(await store.incidents(open_only=True)) == 1
        # an incident opened before the window, and a drill, are no reason to refuse
        await store.open_incident(
            "Drill", "service-outage", "service-outage", "cy", later(2), is_drill=True,
            unless_opened_since=later(-4),
        )  # fmt: skip
        again = await other.open_incident(
            "Second", "boycott", "boycott", "bo", later(10), unless_opened_since=later(6)
        )
        assert len(await store.incidents(open_only=True)) == 3 and again.title == "Second"
    finally:
        await other.close()


def test_a_zone_abbreviation_several_zones_share_is_told_by_its_offset(monkeypatch) -> None:
    """Manila's "PST" read as Pacific time; Tehran has no abbreviation at all."""
    from crisistui.domain.clock import local_text

    for zone, said in (
        ("Asia/Manila", "18:00:00 PST (UTC+8)"),
        ("Asia/Tehran", "13:30:00 UTC+3:30"),
    ):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        assert local_text(datetime(2026, 12, 6, 10, 0, tzinfo=UTC)) == said
    monkeypatch.delenv("TZ")
    time.tzset()


async def test_the_review_keeps_the_rise_that_led_to_an_old_incident(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The level changes before an opening were looked for among the newest of the whole
    database: a review written later, after more level changes, lost them."""
    from crisistui.reports import report as report_module

    monkeypatch.setattr(report_module, "_DETECTION_READ", 3)
    playbooks = load_playbooks()
    for minutes, to in ((0, "elevated"), (1, "high")):
        await store.add_event(
            T0 + timedelta(minutes=minutes),
            "crisistui engine",
            "severity.changed",
            f"Severity {to.upper()}",
            details={"from": "normal" if to == "elevated" else "elevated", "to": to},
        )
    incident = await store.open_incident(
        "Outage", "service-outage", "service-outage", "sre", T0 + timedelta(minutes=3),
        detected_at=T0,
    )  # fmt: skip
    for hour in range(1, 6):  # the weeks after: other bumps, newer than the rise
        await store.add_event(
            T0 + timedelta(days=hour), "crisistui engine", "severity.changed", "Severity HIGH"
        )
    shown = await build_report(store, incident.id, playbooks, now=T0 + timedelta(days=9))
    summaries = [e.summary for e in shown.timeline]
    assert summaries[:2] == ["Severity ELEVATED", "Severity HIGH"]
    assert summaries.count("Severity HIGH") == 1
