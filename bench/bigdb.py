"""A week of busy traffic as JSONL, for timing every command and screen at scale.

Run ``python bench/bigdb.py OUT.jsonl [--mentions 1000000] [--days 7] [--config OUT.toml]``,
then ``crisistui import OUT.jsonl -c OUT.toml --db FILE`` builds the database the way a user
would, and ``python bench/bigdb.py --respond FILE`` adds a day-long resolved incident and an
open one, with triage, statements, roles and milestones, so the response screens and
``report`` have something real to read.

The traffic follows the evaluation timelines' daily cycle (low at night, peak mid-afternoon,
weekend dip) for the brand and two competitors, with the same everyday texts (so trigger terms
occur at everyday rates), a service outage of the brand in the last day, and the newest mention
at the time of generation, so the last hour and the last day are as full as they would be live.
Everything but that end time is drawn from a seeded ``random.Random``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import texts
from bench.timelines import DAY_SHAPE, WEEKEND_FACTOR

if TYPE_CHECKING:
    from crisistui.store import Store

BRAND = "Acme Air"
SUBJECTS = (
    (BRAND, 0.45, ("Acme Air", "@AcmeAir", "AcmeAir")),
    ("Zephyr Airlines", 0.35, ("Zephyr Airlines", "@ZephyrAir", "ZephyrAir")),
    ("Nimbus Jet", 0.20, ("Nimbus Jet", "@NimbusJet", "NimbusJet")),
)
SOURCES = (("x", 0.5), ("mastodon", 0.2), ("reddit", 0.1), ("bluesky", 0.1), ("news", 0.1))
NEGATIVE_SHARE = 0.12
POSITIVE_SHARE = 0.30
OUTAGE_START_HOURS = 30.0
"""The outage begins this long before the newest mention and lasts ``OUTAGE_HOURS``."""
OUTAGE_HOURS = 20.0
OUTAGE_PEAK = 6.0
"""The brand's negatives at the outage's peak, as a multiple of usual."""

CONFIG = """\
[brand]
name = "Acme Air"
terms = ["acme air", "acmeair", "#acmeair", "@acmeair"]
status_url = "https://status.acme-air.example"
contact = "press@acme-air.example"

[[competitors]]
name = "Zephyr Airlines"
terms = ["zephyr airlines", "zephyrair", "@zephyrair"]

[[competitors]]
name = "Nimbus Jet"
terms = ["nimbus jet", "nimbusjet", "@nimbusjet"]
"""


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    draw = rng.random()
    for name, weight in weighted:
        draw -= weight
        if draw < 0.0:
            return name
    return weighted[-1][0]


def _text(rng: random.Random, label: str, names: tuple[str, str, str], crisis: bool) -> str:
    """An everyday text for the label (an outage text during the brand's outage), about the
    subject whose names are given."""
    if label == "negative":
        if crisis and rng.random() < 0.65:
            text = texts.fill(rng.choice(texts.CRISIS_NEGATIVE["service-outage"]), rng)
        else:
            text = texts.calm_negative(rng)
    else:
        pool = texts.CALM_POSITIVE if label == "positive" else texts.CALM_NEUTRAL
        text = texts.fill(rng.choice(pool), rng)
    name, handle, tag = names
    if name != BRAND:
        text = text.replace("@AcmeAir", handle).replace("AcmeAir", tag).replace(BRAND, name)
    # A number makes most texts unique, as real posts are.
    return f"{text} #{rng.randrange(100_000)}" if rng.random() < 0.5 else text


def generate(out: Path, mentions: int, days: int, end: datetime, seed: int = 7) -> int:
    """Write about ``mentions`` lines over ``days`` ending at ``end``; returns the count."""
    rng = random.Random(seed)
    minutes = days * 1440
    start = end - timedelta(minutes=minutes)
    outage_from = minutes - int(OUTAGE_START_HOURS * 60)
    outage_to = outage_from + int(OUTAGE_HOURS * 60)
    weights = []
    for minute in range(minutes):
        moment = start + timedelta(minutes=minute)
        weekend = WEEKEND_FACTOR if moment.weekday() >= 5 else 1.0
        weights.append(DAY_SHAPE[moment.hour * 60 + moment.minute] * weekend)
    per_weight = mentions / sum(weights)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for minute, weight in enumerate(weights):
            crisis = outage_from <= minute < outage_to
            # The outage's extra negatives rise for two hours, hold, then fade.
            if crisis:
                t = (minute - outage_from) / 60.0
                lift = min(t / 2.0, 1.0, max((OUTAGE_HOURS - t) / 6.0, 0.0))
            else:
                lift = 0.0
            count = max(0, round(rng.gauss(per_weight * weight, math.sqrt(per_weight * weight))))
            for _ in range(count):
                subject = rng.random()
                names = SUBJECTS[0][2]
                for _name, share, subject_names in SUBJECTS:
                    subject -= share
                    if subject < 0.0:
                        names = subject_names
                        break
                brand_crisis = crisis and names[0] == BRAND
                negative = NEGATIVE_SHARE * (1.0 + (OUTAGE_PEAK - 1.0) * lift * brand_crisis)
                draw = rng.random()
                label = (
                    "negative"
                    if draw < negative
                    else "positive"
                    if draw < negative + POSITIVE_SHARE
                    else "neutral"
                )
                followers = min(int(math.exp(rng.gauss(5.0, 1.6))), 3_000_000)
                source = _pick(rng, SOURCES)
                moment = start + timedelta(minutes=minute, seconds=rng.random() * 60.0)
                record = {
                    "source": source,
                    "id": f"{source}-{written}",
                    "text": _text(rng, label, names, brand_crisis),
                    "created_at": moment.isoformat(timespec="seconds"),
                    "author": f"@user{rng.randrange(200_000)}",
                    "author_followers": followers,
                    "url": f"https://{source}.example/p/{written}",
                    "likes": int(rng.expovariate(0.2)),
                    "reposts": int(rng.expovariate(1.0)),
                    "replies": int(rng.expovariate(1.0)),
                }
                if rng.random() < 0.7:  # most sources say the language
                    record["lang"] = "en"
                handle.write(json.dumps(record) + "\n")
                written += 1
    return written


async def respond(db: Path) -> None:
    """A resolved incident spanning the outage's day and an open one now, each with the
    response a team would record: milestones, roles, ticks, statements, triaged mentions."""
    from crisistui.domain.playbook import load_playbooks
    from crisistui.store import open_store

    playbook = load_playbooks()["service-outage"]
    store = await open_store(db, create=False)
    try:
        newest = await store.latest_mention_time()
        assert newest is not None, "import the traffic first"
        opened = newest - timedelta(hours=OUTAGE_START_HOURS - 1)
        resolved = opened + timedelta(hours=OUTAGE_HOURS)
        past = await store.open_incident(
            "the Acme Air service outage",
            "service-outage",
            "service-outage",
            "lena",
            opened,
            severity="SEV2",
            detected_at=opened - timedelta(minutes=6),
        )
        await _work(store, past.id, opened, opened + timedelta(hours=6), 1500)
        await store.set_status(past.id, "responding", "lena", opened + timedelta(hours=1))
        await store.set_status(past.id, "monitoring", "lena", resolved - timedelta(hours=2))
        for i, task in enumerate(playbook.tasks):
            at = opened + timedelta(minutes=10 + i)
            await store.set_task_done(past.id, task.id, task.title, True, "kim", at)
        await store.set_status(past.id, "resolved", "lena", resolved, playbook=playbook)
        now = newest - timedelta(minutes=90)
        current = await store.open_incident(
            "the Acme Air check-in slowdown",
            "service-outage",
            "service-outage",
            "lena",
            now,
            severity="SEV3",
            detected_at=now - timedelta(minutes=4),
        )
        await _work(store, current.id, now, newest, 300)
        # A week of level changes and alert sends, as the monitor writes them.
        first = newest - timedelta(days=7)
        for i in range(300):
            at = first + timedelta(minutes=33 * i)
            await store.add_event(at, "collector", "severity.changed", f"change {i}")
            await store.add_event(at, "collector", "alert.sent", f"sent {i}")
    finally:
        await store.close()


async def _work(store: Store, incident_id: int, start: datetime, end: datetime, n: int) -> None:
    """Roles, milestones, ticks, two statements and ``n`` triaged negative mentions."""
    at = start + timedelta(minutes=2)
    await store.record_milestone(incident_id, "acknowledged", at, "lena", at)
    for role, person in (("crisis lead", "lena"), ("approver", "omar"), ("scribe", "kim")):
        await store.assign_role(incident_id, role, person, "lena", at)
    draft = await store.create_statement(
        incident_id, "Investigating", "We are looking into it.", "kim", at
    )
    await store.request_approval(draft.id, "kim", at)
    await store.approve_statement(draft.id, "omar", at + timedelta(minutes=3))
    await store.publish_statement(draft.id, "x", "kim", at + timedelta(minutes=5))
    await store.create_statement(incident_id, "Update", "Still on it.", "kim", at)
    queue = await store.triage_queue(BRAND, start, end, limit=n, negative_only=True)
    states = ("acknowledged", "replied", "dismissed", "acknowledged")
    for i, (mention, _) in enumerate(queue):
        when = min(mention.created_at + timedelta(minutes=3), end)
        await store.triage_mention(
            mention.id or 0, states[i % 4], "kim", when, incident_id=incident_id
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="JSONL file to write")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--config", help="also write a config naming the three subjects here")
    parser.add_argument("--respond", metavar="DB", help="add incidents to an imported database")
    args = parser.parse_args(argv)
    if args.config:
        Path(args.config).write_text(CONFIG, encoding="utf-8")
    if args.out:
        end = datetime.now(UTC).replace(microsecond=0)
        count = generate(Path(args.out), args.mentions, args.days, end)
        print(f"{args.out}: {count:,} mentions over {args.days} days ending {end:%Y-%m-%d %H:%M}")
    if args.respond:
        asyncio.run(respond(Path(args.respond)))
        print(f"{args.respond}: incidents added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
