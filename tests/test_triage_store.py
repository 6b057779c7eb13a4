"""Triage in the store: the queue and its filters, marks for a list, links on the timeline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.incident import ChangedMeanwhile, ResponseError
from crisistui.domain.models import Mention, Sentiment
from crisistui.store import Store, open_store

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
BRAND = "Acme Air"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def mention(key: str, label: Sentiment, reach: int, minute: float, subject: str = BRAND) -> Mention:
    score = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}[label]
    return Mention(
        "x", key, f"text {key}", at(minute), subject, subject != BRAND, score, label, reach, key
    )


async def _stored(store: Store) -> dict[str, int]:
    rows = [
        mention("neg-big", Sentiment.NEGATIVE, 50_000, 1),
        mention("neg-small", Sentiment.NEGATIVE, 20, 2),
        mention("neg-mid", Sentiment.NEGATIVE, 2_000, 3),
        mention("pos-huge", Sentiment.POSITIVE, 900_000, 4),
        mention("neu-big", Sentiment.NEUTRAL, 5_000, 5),
        mention("rival", Sentiment.NEGATIVE, 80_000, 6, subject="Zephyr Airlines"),
        mention("too-old", Sentiment.NEGATIVE, 99_000, -120),
    ]
    await store.add_mentions(rows, at(7))
    return {m.external_id: m.id or 0 for m in await store.recent_mentions(20)}


async def test_queue_puts_negative_high_reach_first_and_filters(store: Store) -> None:
    ids = await _stored(store)

    async def keys(
        untriaged_only: bool = False, negative_only: bool = False, min_reach: int = 0
    ) -> list[str]:
        queue = await store.triage_queue(
            BRAND,
            at(0),
            at(60),
            untriaged_only=untriaged_only,
            negative_only=negative_only,
            min_reach=min_reach,
        )
        return [m.external_id for m, _ in queue]

    assert await keys() == ["neg-big", "neg-mid", "neg-small", "pos-huge", "neu-big"]
    assert await keys(negative_only=True) == ["neg-big", "neg-mid", "neg-small"]
    assert await keys(min_reach=1_000) == ["neg-big", "neg-mid", "pos-huge", "neu-big"]
    assert await keys(negative_only=True, min_reach=1_000) == ["neg-big", "neg-mid"]
    await store.triage_mention(ids["neg-big"], "dismissed", "ana", at(8))
    assert await keys(untriaged_only=True, negative_only=True) == ["neg-mid", "neg-small"]
    queue = await store.triage_queue(BRAND, at(0), at(60), limit=2)
    assert [t.state if t else None for _, t in queue] == ["dismissed", None]


async def test_triage_of_returns_only_triaged_mentions(store: Store) -> None:
    ids = await _stored(store)
    await store.triage_mention(ids["neg-mid"], "replied", "ana", at(8), template_id="refunds")
    await store.triage_mention(ids["pos-huge"], "acknowledged", "bo", at(9), tags=["Praise"])
    marks = await store.triage_of([ids["neg-mid"], ids["pos-huge"], ids["neg-big"], 12345])
    assert set(marks) == {ids["neg-mid"], ids["pos-huge"]}
    assert marks[ids["neg-mid"]].template_id == "refunds"
    assert marks[ids["pos-huge"]].tags == ("praise",)
    assert await store.triage_of([]) == {}


async def test_link_is_kept_and_said_on_the_timeline(store: Store) -> None:
    ids = await _stored(store)
    first = await store.open_incident("Outage", "service-outage", "service-outage", "ana", at(7))
    second = await store.open_incident("Rumour", "misinformation", "misinformation", "ana", at(8))
    mention_id = ids["neg-big"]
    await store.triage_mention(mention_id, "acknowledged", "ana", at(9), incident_id=first.id)
    # Without an incident the mention stays filed where it was, and so does the event.
    kept = await store.triage_mention(mention_id, "replied", "bo", at(10))
    assert kept.incident_id == first.id
    await store.triage_mention(mention_id, "replied", "bo", at(11), incident_id=second.id)
    events = [e for e in await store.events() if e.kind.startswith("mention.")]
    assert [(e.kind, e.incident_id) for e in events] == [
        ("mention.acknowledged", first.id),
        ("mention.replied", first.id),
        ("mention.replied", second.id),
    ]
    assert events[0].summary.endswith(f"linked to incident #{first.id}")
    assert "linked" not in events[1].summary
    assert events[2].summary.endswith(f"linked to incident #{second.id}")
    assert events[2].details["linked_from"] == first.id


async def test_untriage_puts_a_mention_back_and_the_timeline_keeps_what_it_was(
    store: Store,
) -> None:
    ids = await _stored(store)
    incident = await store.open_incident("Outage", "service-outage", "service-outage", "ana", at(7))
    mention_id = ids["neg-big"]
    done = await store.triage_mention(
        mention_id, "dismissed", "bo", at(9), incident_id=incident.id, tags=["spam"]
    )
    queue = await store.triage_queue(BRAND, at(0), untriaged_only=True)
    assert mention_id not in [m.id for m, _ in queue]

    cleared = await store.clear_triage(mention_id, "ana", at(10), seen=done)
    assert cleared.state == "dismissed" and cleared.tags == ("spam",)
    assert await store.triage(mention_id) is None
    queue = await store.triage_queue(BRAND, at(0), untriaged_only=True)
    assert queue[0][0].id == mention_id, "back at the top of the queue"
    last = (await store.events())[-1]
    assert last.kind == "mention.untriaged" and last.incident_id == incident.id
    assert last.actor == "ana" and "was dismissed by bo" in last.summary
    assert last.details["tags"] == ["spam"]


async def test_untriage_refuses_a_change_made_since_it_was_read(store: Store) -> None:
    ids = await _stored(store)
    mention_id = ids["neg-mid"]
    read = await store.triage_mention(mention_id, "acknowledged", "ana", at(9))
    await store.triage_mention(mention_id, "replied", "bo", at(10))
    events_before = len(await store.events())
    with pytest.raises(ResponseError, match="changed by bo since you read it"):
        await store.clear_triage(mention_id, "ana", at(11), seen=read)
    assert (await store.triage(mention_id)).state == "replied"
    assert len(await store.events()) == events_before
    with pytest.raises(ResponseError, match="is not triaged"):
        await store.clear_triage(ids["neg-small"], "ana", at(11))


async def test_untriage_refuses_a_change_made_in_the_same_second(store: Store) -> None:
    """Times are kept in whole seconds: a colleague's change in the second it was read is
    still a change, and the untriage that would throw it away is refused."""
    ids = await _stored(store)
    mention_id = ids["neg-mid"]
    read = await store.triage_mention(mention_id, "acknowledged", "ana", at(9))
    await store.triage_mention(mention_id, "dismissed", "bo", at(9), tags=["spam"])
    with pytest.raises(ResponseError, match="changed by bo since you read it"):
        await store.clear_triage(mention_id, "ana", at(9), seen=read)
    assert (await store.triage(mention_id)).state == "dismissed"


async def test_a_triage_worked_out_from_a_stale_read_is_refused_not_written(
    store: Store,
) -> None:
    """Two people on one mention: ana assigns it while bo tags it. Each worked from the
    mention as untriaged; the second write must not silently replace the first."""
    ids = await _stored(store)
    mention_id = ids["neg-mid"]
    assigned = await store.triage_mention(
        mention_id, "assigned", "ana", at(9), assignee="cleo", seen=None
    )
    with pytest.raises(ChangedMeanwhile, match="triaged by ana while you acted"):
        await store.triage_mention(
            mention_id, "acknowledged", "bo", at(9), tags=["press"], seen=None
        )
    assert await store.triage(mention_id) == assigned
    # worked out again from what is there now: both people's work kept
    both = await store.triage_mention(
        mention_id, "assigned", "bo", at(9), assignee="cleo", tags=["press"], seen=assigned
    )
    assert (both.assignee, both.tags) == ("cleo", ("press",))
    with pytest.raises(ChangedMeanwhile):  # the same-second read it was based on is gone
        await store.triage_mention(mention_id, "dismissed", "ana", at(9), seen=assigned)


async def test_two_consoles_triaging_one_mention_at_once_never_both_win(
    db_location: Path | str,
) -> None:
    """Two connections writing at the same moment, each from the same read: one is told to
    look again, and what is stored is exactly the other's."""
    first, second = await open_store(db_location), await open_store(db_location)
    try:
        ids = await _stored(first)
        for mention_id in ids.values():
            read = await first.triage(mention_id)
            outcomes = await asyncio.gather(
                first.triage_mention(
                    mention_id, "assigned", "ana", at(9), assignee="cleo", seen=read
                ),
                second.triage_mention(
                    mention_id, "acknowledged", "bo", at(9), tags=["press"], seen=read
                ),
                return_exceptions=True,
            )
            won = [o for o in outcomes if not isinstance(o, BaseException)]
            lost = [o for o in outcomes if isinstance(o, BaseException)]
            assert len(won) == 1 and len(lost) == 1, outcomes
            assert isinstance(lost[0], ChangedMeanwhile)
            assert await first.triage(mention_id) == won[0]
    finally:
        await first.close()
        await second.close()


async def test_a_triage_read_before_the_mention_was_filed_elsewhere_is_refused(
    store: Store,
) -> None:
    """The same person in two windows, in the same second: one files the mention under an
    incident, the other acknowledges it from the read before. The filing is part of what was
    read, so the second write is refused: its author never saw where the mention is now filed."""
    ids = await _stored(store)
    outage = await store.open_incident("Outage", "service-outage", "service-outage", "ana", at(7))
    mention_id = ids["neg-big"]
    read = await store.triage_mention(mention_id, "acknowledged", "ana", at(9))
    filed = await store.triage_mention(
        mention_id, "acknowledged", "ana", at(9), incident_id=outage.id, seen=read
    )
    with pytest.raises(ChangedMeanwhile):
        await store.triage_mention(mention_id, "replied", "ana", at(9), seen=read)
    assert await store.triage(mention_id) == filed
