"""The response tables in a shared file: the war room, and old databases that migrate."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.incident import ResolveBlockedError
from crisistui.domain.playbook import load_playbooks
from crisistui.store import Store, open_store
from crisistui.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
OUTAGE = load_playbooks()["service-outage"]


async def test_two_consoles_see_each_others_ticks(tmp_path: Path) -> None:
    db = tmp_path / "warroom.db"
    sre = await open_store(db)
    comms = await open_store(db)
    try:
        incident = await sre.open_incident("Outage", "service-outage", OUTAGE.id, "sre", T0)
        seen = await comms.current_incident()
        assert seen is not None and seen.id == incident.id
        version = await comms.change_marker()

        await sre.set_task_done(incident.id, "confirm-impact", "Confirm", True, "sre", T0)
        assert await comms.change_marker() != version  # the other console knows to reload
        assert (await comms.task_states(incident.id))["confirm-impact"].done is True

        await comms.assign_role(incident.id, "spokesperson", "dana", "dana", T0)
        await comms.add_adhoc_task(
            incident.id, "Legal review", "respond", "legal", True, "dana", T0
        )
        assert (await sre.roles(incident.id))["spokesperson"].person == "dana"
        adhoc = await sre.adhoc_tasks(incident.id)
        assert [t.title for t in adhoc] == ["Legal review"]

        # The resolve rule reads the other console's ticks inside the same transaction.
        for task in OUTAGE.tasks:
            if task.mandatory:
                await comms.set_task_done(incident.id, task.id, task.title, True, "dana", T0)
        with pytest.raises(ResolveBlockedError, match="Legal review"):
            await sre.set_status(incident.id, "resolved", "sre", T0, playbook=OUTAGE)
        await comms.set_task_done(incident.id, adhoc[0].task_id, "Legal review", True, "lee", T0)
        await sre.set_status(
            incident.id, "resolved", "sre", T0 + timedelta(hours=1), playbook=OUTAGE
        )
        assert await comms.current_incident() is None
        assert [i.status for i in await comms.incidents()] == ["resolved"]
        assert await comms.incidents(open_only=True) == []
    finally:
        await comms.close()
        await sre.close()


async def test_a_version_2_database_migrates_and_keeps_its_incidents(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as raw:
        for script in MIGRATIONS[:2]:
            raw.executescript(script)
        raw.execute("PRAGMA user_version = 2")
        raw.execute(
            "INSERT INTO incidents (title, crisis_type, playbook, opened_at, opened_by) "
            "VALUES ('Old one', 'misc', 'default', ?, 'ana')",
            (int(T0.timestamp()),),
        )
    raw.close()
    async with await open_store(db) as store:
        assert await store.schema_version() == SCHEMA_VERSION
        old = await store.incident(1)
        assert old is not None
        assert (old.title, old.status, old.severity, old.lessons) == (
            "Old one",
            "investigating",
            None,
            "",
        )
        await store.set_severity(1, "SEV3", "ana", T0)
        await store.record_milestone(1, "acknowledged", T0, "ana", T0)
        assert [e.kind for e in await store.events(1)] == [
            "incident.severity",
            "milestone.acknowledged",
        ]


async def test_the_database_refuses_what_the_rules_refuse(tmp_path: Path) -> None:
    """Even a write that bypasses the store cannot store an unknown severity or state."""
    async with await open_store(tmp_path / "x.db") as store:
        await store.open_incident("x", "misc", "default", "ana", T0)
    with sqlite3.connect(tmp_path / "x.db") as raw:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE incidents SET severity = 'SEV9'")
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO milestones (incident_id, name, at, set_at, set_by) "
                "VALUES (1, 'lunch', 0, 0, 'ana')"
            )
    raw.close()


async def test_negative_counts_are_exact_at_any_second(store: Store) -> None:
    """Whole minutes come from the rollups and the edges from the mentions: any window,
    minute-aligned or not, counts exactly the negative mentions inside it."""
    import random

    from crisistui.domain.models import Mention, Sentiment

    rng = random.Random(5)
    times = sorted(T0 + timedelta(seconds=rng.randrange(0, 3 * 3600)) for _ in range(400))
    labels = [rng.choice(list(Sentiment)) for _ in times]
    await store.add_mentions(
        [
            Mention(
                source="x",
                external_id=str(n),
                text=f"m{n}",
                created_at=when,
                subject="Acme Air",
                is_competitor=False,
                reach=10,
                sentiment=-0.5 if label == Sentiment.NEGATIVE else 0.5,
                label=label,
                fingerprint=f"f{n}",
            )
            for n, (when, label) in enumerate(zip(times, labels, strict=True))
        ],
        T0,
    )
    for _ in range(60):
        since = T0 + timedelta(seconds=rng.randrange(-60, 3 * 3600))
        until = since + timedelta(seconds=rng.choice([0, 1, 59, 60, 61, 3599, 7300]))
        expected = sum(
            1
            for when, label in zip(times, labels, strict=True)
            if label == Sentiment.NEGATIVE and since <= when < until
        )
        counts = await store.negative_triage_counts("Acme Air", since, until)
        assert counts.negative == expected, (since, until)


async def test_a_task_ticked_twice_is_one_tick_credited_to_the_first(store: Store) -> None:
    """Two consoles ticked the same task at once: two "Task done" entries on the timeline,
    and the tick credited to whoever wrote second."""
    incident = await store.open_incident("Outage", "service-outage", OUTAGE.id, "sre", T0)
    later = T0 + timedelta(seconds=1)
    assert await store.set_task_done(incident.id, "confirm-impact", "Confirm", True, "ana", T0)
    assert not await store.set_task_done(
        incident.id, "confirm-impact", "Confirm", True, "ben", later
    )
    state = (await store.task_states(incident.id))["confirm-impact"]
    assert (state.done, state.changed_by) == (True, "ana")
    ticks = [e for e in await store.events(incident.id) if e.kind.startswith("task.")]
    assert len(ticks) == 1 and ticks[0].actor == "ana"
    assert await store.set_task_done(incident.id, "confirm-impact", "Confirm", False, "ben", later)
    assert len([e for e in await store.events(incident.id) if e.kind.startswith("task.")]) == 2
