"""The feed filter finds the same mentions on SQLite and on PostgreSQL, for words, prefixes,
phrases and qualifiers over the demo's history in many languages and scripts."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from pathlib import Path

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.models import Mention
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import DemoSource
from crisistui.store import Store, open_store
from tests.conftest import DEMO_ORIGIN

SUBJECTS = ("Acme Air", "Zephyr Airlines")
FIXED = (
    "acme",
    "acm*",
    "refund",
    '"check-in"',
    "boycott",
    "tẩy chay",
    "бойкот",
    "抵制",
    "sentiment:negative lang:vi",
    "lang:!en sentiment:negative",
    "lang:!none,!en",
    "lang:fr,none",
    "subject:zephyr",
    "reach:>1k",
    "source:demo outage",
    "app crash*",
    "l'application",
    "航空",
    "服务",
    "服務",  # traditional: finds the demo's simplified 服务 too
    "café",
    "cafe",
)


def _demo_mentions(scenario: list) -> list[Mention]:
    clock = ManualClock(DEMO_ORIGIN + timedelta(hours=2))
    items = DemoSource("demo", clock, DEMO_ORIGIN, scenario=list(scenario)).due()
    return [m for m in Pipeline(demo_config()).process_many(items, True) if m is not None]


def _queries(mentions: list[Mention]) -> list[str]:
    """The fixed ones, then words, prefixes and authors drawn from the texts themselves."""
    rng = random.Random(7)
    words = sorted({w for m in mentions for w in re.findall(r"\w{4,}", m.text)})
    authors = sorted({m.author.lstrip("@") for m in mentions if m.author})
    drawn = [*rng.sample(words, 40), *(w[:4] + "*" for w in rng.sample(words, 15))]
    drawn += [f"from:{a}" for a in rng.sample(authors, 10)]
    pairs = [f"{a} {b}" for a, b in zip(rng.sample(words, 10), rng.sample(words, 10), strict=True)]
    return [*FIXED, *drawn, *pairs]


async def _found(store: Store, queries: list[str]) -> list[list[str]]:
    found = []
    for query in queries:
        page = await store.filtered_mentions(parse_feed_query(query, SUBJECTS), 200)
        found.append([f"{m.source}/{m.external_id}" for m in page.mentions])
    return found


async def test_both_backends_find_the_same_mentions(
    scenario: list, pg_url: str, tmp_path: Path
) -> None:
    mentions = _demo_mentions(scenario)
    queries = _queries(mentions)
    results = []
    for where in (tmp_path / "filter.db", pg_url):
        async with await open_store(where) as store:
            for start in range(0, len(mentions), 2000):
                await store.add_mentions(mentions[start : start + 2000], DEMO_ORIGIN)
            results.append(await _found(store, queries))
    on_file, on_server = results
    differing = [q for q, a, b in zip(queries, on_file, on_server, strict=True) if a != b]
    assert not differing, differing
    by_query = dict(zip(queries, on_file, strict=True))
    assert by_query["服務"] and by_query["服務"] == by_query["服务"]
    assert sum(bool(found) for found in on_file) > len(queries) * 0.8, "queries that find things"
