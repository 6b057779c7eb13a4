"""Coordinated campaigns: forty accounts pasting one text in ten minutes is a driver of its own,
in the engine, in a replay, in the live watch and in the "why" view; organic storms (many
people, many texts) never look like one."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from crisistui.analysis.backtest import replay
from crisistui.analysis.campaign import CopyGroup, CopyWindow, campaign_score
from crisistui.analysis.current import assess_now
from crisistui.analysis.severity import Level, SeverityEngine
from crisistui.config import SeverityConfig, demo_config
from crisistui.demo.stories import STORIES
from crisistui.domain.clock import ManualClock
from crisistui.domain.copies import copy_key, loose_key
from crisistui.domain.models import Mention, RawItem
from crisistui.domain.playbook import load_playbooks
from crisistui.domain.text import fingerprint
from crisistui.monitor import Monitor
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import DemoSource, load_scenario, scenario_from_items
from crisistui.store import Store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.why import WhyScreen
from tests.conftest import until
from tests.test_builtin_scenarios import played

BRAND = "Acme Air"
T0 = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
BURST_AT = T0 + timedelta(hours=4)
LEAK = (
    "LEAKED memo: Acme Air will charge passengers by body weight from June, share before they "
    "delete it"
)
HOAX = (
    "The Acme Air safety report is a hoax and the crash was covered up, share before they delete it"
)
WORDS = [
    "flight",
    "crew",
    "seat",
    "bag",
    "lounge",
    "gate",
    "delay",
    "meal",
    "wifi",
    "legroom",
    "upgrade",
    "points",
    "app",
    "boarding",
    "pilot",
    "window",
    "aisle",
    "snack",
    "coffee",
    "staff",
    "landing",
    "takeoff",
    "queue",
    "checkin",
    "luggage",
    "ticket",
    "price",
    "route",
    "cabin",
    "blanket",
    "movie",
    "screen",
    "pillow",
    "tray",
]


def calm_items(start: datetime, minutes: int, per_minute: int = 3, seed: int = 7) -> list[RawItem]:
    """Everyday chatter: every post in its own words, by its own author."""
    rng = random.Random(seed)
    items = []
    for minute in range(minutes):
        for n in range(per_minute):
            text = f"Acme Air {' '.join(rng.sample(WORDS, 6))}"
            items.append(
                RawItem(
                    "x",
                    f"calm-{seed}-{minute}-{n}",
                    text,
                    start + timedelta(minutes=minute, seconds=rng.random() * 59),
                    author=f"@fan{rng.randrange(10**6)}",
                    author_followers=rng.randrange(20, 2000),
                    lang="en",
                )
            )
    return items


def burst_items(
    start: datetime, accounts: int = 40, minutes: int = 10, text: str = LEAK
) -> list[RawItem]:
    """``accounts`` accounts pasting one text over ``minutes``; every fourth copy adds a
    hashtag, a number and a link of its own, as bots do to slip past exact matching."""
    items = []
    for k in range(accounts):
        said = f"{text} #truth{k} {k}7 https://t.co/p{k}" if k % 4 == 3 else text
        items.append(
            RawItem(
                "x",
                f"copy-{k}",
                said,
                start + timedelta(seconds=k * minutes * 60 / accounts),
                author=f"@bot{k:02d}",
                author_followers=12,
                lang="en",
            )
        )
    return items


def processed(items: list[RawItem]) -> list[Mention]:
    pipeline = Pipeline(demo_config())
    return [m for m in map(pipeline.process, items) if m is not None]


# -- copies ------------------------------------------------------------------------------------


def test_copies_that_differ_in_handles_numbers_tags_links_and_case_share_a_key() -> None:
    variants = [
        LEAK,
        f"@AcmeAir {LEAK.upper()} #BoycottAcme",
        f"RT @someone: {LEAK} 2026 https://t.co/abc",
        LEAK.replace("June", "Júne") + "!!!",
    ]
    keys = {copy_key(text, fingerprint(text)) for text in variants}
    assert len(keys) == 1
    assert copy_key(HOAX, fingerprint(HOAX)) not in keys


def test_a_short_text_is_a_copy_only_when_it_is_the_same_text() -> None:
    # Forty customers asking "@AcmeAir refund?" are forty customers: too few words to match
    # loosely, so the fingerprint (which keeps the number) decides.
    one, two = "@AcmeAir where is refund 1234?", "@AcmeAir where is refund 9876?"
    assert loose_key(one, fingerprint(one)) != loose_key(two, fingerprint(two))
    assert loose_key(one, fingerprint(one)) == loose_key(one.lower(), fingerprint(one.lower()))


@pytest.mark.parametrize(
    ("accounts", "share", "level"),
    [
        (11, 0.9, Level.NORMAL),  # a handful of friends
        (40, 0.08, Level.NORMAL),  # a storm's most repeated template: many texts around it
        (12, 0.2, Level.ELEVATED),
        (19, 0.6, Level.ELEVATED),
        (20, 0.3, Level.HIGH),
        (500, 0.9, Level.HIGH),  # high at most: critical takes volume or reach too
    ],
)
def test_score_bands(accounts: int, share: float, level: Level) -> None:
    from crisistui.analysis.levels import level_for

    assert level_for(campaign_score(accounts, share)) == level
    assert campaign_score(accounts + 1, share) >= campaign_score(accounts, share)


# -- the engine --------------------------------------------------------------------------------


def test_the_engine_names_the_campaign_first_and_its_likely_type() -> None:
    engine = SeverityEngine(BRAND, SeverityConfig())
    pushed = CopyGroup(40, 40, 9, HOAX, ("@bot00", "@bot01"), 1, misinformation=True)
    found = engine.assess([], T0, copies=CopyWindow(70, (pushed,)))
    assert found.level == Level.HIGH
    assert found.drivers[0] == "40 accounts posted the same text in 9 min (57% of mentions)"
    assert found.crisis_type == "misinformation"
    assert found.campaign is not None and found.campaign.group is pushed

    plain = SeverityEngine(BRAND, SeverityConfig())
    found = plain.assess([], T0, copies=CopyWindow(60, (CopyGroup(15, 15, 6),)))
    assert found.level == Level.ELEVATED and found.crisis_type is None
    assert found.drivers == ("15 accounts posted the same text in 6 min (25% of mentions)",)

    calm = SeverityEngine(BRAND, SeverityConfig())
    assert calm.assess([], T0, copies=CopyWindow(500, (CopyGroup(40, 40, 9),))).campaign is None


# -- replay ------------------------------------------------------------------------------------


def test_a_replay_catches_a_40_account_burst_within_10_minutes() -> None:
    calm = processed(calm_items(T0, 6 * 60))
    burst = processed(burst_items(BURST_AT, text=HOAX))
    before = replay(calm, BRAND, SeverityConfig())
    assert before.max_score < 30 and before.campaign_minutes == 0, "the chatter alone is calm"

    result = replay(calm + burst, BRAND, SeverityConfig())
    high = result.first_reaching(Level.HIGH)
    assert high is not None and BURST_AT < high <= BURST_AT + timedelta(minutes=10)
    rise = next(c.assessment for c in result.changes if c.assessment.level >= Level.HIGH)
    assert rise.campaign is not None and rise.campaign.group.accounts >= 20
    assert "accounts posted the same text" in rise.drivers[0]
    assert rise.crisis_type == "misinformation"
    assert result.campaign_minutes > 0


@pytest.mark.parametrize("playbook_id", sorted(STORIES))
def test_no_built_in_storm_looks_like_a_campaign(playbook_id: str) -> None:
    # Each storm reuses its templates (up to 28 accounts on one text in ten minutes), but
    # many texts surround them: organic, and the engine must say so.
    result = played(playbook_id).result
    assert result.max_score >= 55, "the storm itself is still caught"
    assert result.campaign_minutes == 0


# -- the live watch ------------------------------------------------------------------------------


async def _monitor_at(store: Store, moment: datetime) -> Monitor:
    monitor = Monitor(store, demo_config(), ManualClock(moment), "tester", send_alerts=False)
    await monitor.tick()
    return monitor


async def test_the_live_watch_finds_the_burst_in_the_store(store: Store) -> None:
    calm = processed(calm_items(T0, 6 * 60))
    burst = processed(burst_items(BURST_AT))
    await store.add_mentions(calm + burst, T0 + timedelta(hours=6))

    quiet = await _monitor_at(store, BURST_AT - timedelta(minutes=1))
    assert quiet.assessment is not None and quiet.assessment.campaign is None

    end = BURST_AT + timedelta(minutes=10)
    found = (await _monitor_at(store, end)).assessment
    assert found is not None and found.level >= Level.HIGH
    campaign = found.campaign
    assert campaign is not None
    # The copies are negative, so the negative volume is up too; the gauge shows both.
    assert "40 accounts posted the same text in 10 min" in " ".join(found.drivers[:2])
    # The figures agree with a recount from the mentions table.
    since = int((end - timedelta(minutes=10)).timestamp())
    accounts, copies = await store._sql.row(  # type: ignore[attr-defined]
        "SELECT COUNT(DISTINCT author), COUNT(*) FROM mentions WHERE text LIKE 'LEAKED memo%' "
        "AND created_at >= ?",
        (since,),
    )
    (total,) = await store._sql.row(  # type: ignore[attr-defined]
        "SELECT COUNT(*) FROM mentions WHERE subject = ? AND created_at BETWEEN ? AND ?",
        (BRAND, since, int(end.timestamp())),
    )
    assert campaign.group.accounts == accounts == 40
    assert campaign.group.mentions == copies and campaign.total == total
    assert campaign.group.variants == 11  # thirty exact copies, ten each with its own tag
    assert campaign.group.text == LEAK
    assert campaign.group.authors == ("@bot00", "@bot01", "@bot02", "@bot03", "@bot04")
    assert found.crisis_type != "misinformation", "no misinformation term in this text"

    status = await assess_now(store, demo_config(), end)
    assert status.campaign is not None and status.campaign.group.accounts == 40


async def test_the_store_returns_only_the_widely_copied_texts_of_a_flooded_window(
    store: Store,
) -> None:
    """A flooded window of thousands of different angry posts, one text pasted by 40
    accounts and one by 11 (too few): the database groups the window and hands back the one
    wide text, with its variants, never the thousands of others."""
    end = BURST_AT + timedelta(minutes=10)
    rng = random.Random(3)
    angry = [
        RawItem(
            "x",
            f"angry-{n}",
            f"Acme Air is awful, {' '.join(rng.sample(WORDS, 5))} all terrible",
            BURST_AT + timedelta(seconds=n % 600),
            author=f"@angry{n}",
            lang="en",
        )
        for n in range(3_000)
    ]
    few = [
        RawItem("x", f"few-{k}", HOAX, BURST_AT + timedelta(seconds=k), author=f"@few{k}")
        for k in range(11)
    ]
    mentions = processed(angry + few + burst_items(BURST_AT))
    assert sum(m.label.value == "negative" for m in mentions) > 3_000, "hostile texts"
    await store.add_mentions(mentions, end)
    total, wide = await store.copied_texts(
        BRAND, end - timedelta(minutes=10), end, mentions=0.0, accounts=12
    )
    assert total == len(mentions)
    assert len(wide) == 1, [group[0].text for group in wide]
    (variants,) = wide
    assert {v.text[:11] for v in variants} == {"LEAKED memo"}
    assert sum(v.mentions for v in variants) == 40 and len(variants) == 11
    # the share of the window is asked of the database too: 40 of 3,051 is under 2 %
    assert (await store.copied_texts(BRAND, BURST_AT, end, mentions=0.02, accounts=12))[1] == []


async def test_a_running_watch_sees_a_burst_within_the_copies_reading_interval(
    store: Store,
) -> None:
    """The copies are read again at most every ``COPIES_EVERY`` (a flooded window costs a row
    per text), so a burst stored just after a reading shows at the first tick past it."""
    from crisistui.monitor import COPIES_EVERY

    await store.add_mentions(processed(calm_items(T0, 6 * 60)), T0 + timedelta(hours=6))
    end = BURST_AT + timedelta(minutes=10)
    monitor = await _monitor_at(store, end - COPIES_EVERY)
    assert monitor.assessment is not None and monitor.assessment.campaign is None
    await store.add_mentions(processed(burst_items(BURST_AT)), end)
    monitor.clock.advance(COPIES_EVERY.total_seconds() - 1)
    await monitor.tick()
    assert monitor.assessment.campaign is None, "the reading before the burst is still held"
    monitor.clock.advance(1)
    await monitor.tick()
    assert monitor.assessment.campaign is not None
    assert monitor.assessment.campaign.group.accounts == 40


async def test_a_second_tick_at_the_same_moment_reads_the_copies_again(store: Store) -> None:
    """The console ticks again when mentions arrive; at the moment of the last reading (a
    stepped clock, a beat that ran just before a poll stored) that tick must see them."""
    await store.add_mentions(processed(calm_items(T0, 6 * 60)), T0 + timedelta(hours=6))
    end = BURST_AT + timedelta(minutes=10)
    monitor = await _monitor_at(store, end)
    assert monitor.assessment is not None and monitor.assessment.campaign is None
    await store.add_mentions(processed(burst_items(BURST_AT)), end)
    await monitor.tick()
    assert monitor.assessment.campaign is not None
    assert monitor.assessment.campaign.group.accounts == 40


async def test_a_pasted_rumour_counts_even_when_it_does_not_read_as_negative(store: Store) -> None:
    burst = processed(burst_items(BURST_AT, text=HOAX))
    assert {m.label.value for m in burst} == {"positive"}, "the analyser misreads it"
    await store.add_mentions(processed(calm_items(T0, 6 * 60)) + burst, T0 + timedelta(hours=6))
    found = (await _monitor_at(store, BURST_AT + timedelta(minutes=10))).assessment
    assert found is not None and found.campaign is not None
    assert found.campaign.group.accounts == 40 and found.level >= Level.HIGH
    assert found.crisis_type == "misinformation"
    assert found.drivers[0].startswith("40 accounts posted the same text in 10 min")


async def test_the_live_watch_sees_no_campaign_in_the_demo_storm(store: Store) -> None:
    origin = T0
    moment = origin + timedelta(seconds=max(line.offset_s for line in load_scenario()))
    source = DemoSource("demo", ManualClock(moment), origin)
    await store.add_mentions(processed(source.due()), moment)
    monitor = Monitor(store, demo_config(), ManualClock(origin), "tester", send_alerts=False)
    levels = []
    while monitor.clock.now() < moment:
        monitor.clock.advance(300)
        await monitor.tick()
        assert monitor.assessment is not None
        levels.append(monitor.assessment.level)
        assert monitor.assessment.campaign is None, monitor.assessment.drivers
    assert max(levels) >= Level.HIGH, "the storm is caught, as organic"


# -- the why view --------------------------------------------------------------------------------


def campaign_app(tmp_path: Path, clock: ManualClock) -> CrisisApp:
    """The console over chatter, then forty accounts pasting one text (offsets 0–10 min)."""
    items = calm_items(clock.now() - timedelta(hours=3), 3 * 60 + 20, seed=3)
    items += burst_items(clock.now())
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=tmp_path / "campaign.db",
        playbooks=load_playbooks(),
        sources=[
            DemoSource("demo", clock, clock.now(), scenario=scenario_from_items(items, clock.now()))
        ],
        clock=clock,
        mode="test",
        actor="tester",
        collect=False,
    )
    return CrisisApp(setup)


async def play(app: CrisisApp, clock: ManualClock, minutes: int) -> None:
    for _ in range(minutes):
        clock.advance(60)
        await app.collect_once()


def shown(widget: Static, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_the_why_view_shows_the_text_the_accounts_and_who_came_first(
    tmp_path: Path, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = campaign_app(tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        await play(app, clock, 10)
        await until(pilot, lambda: app.assessment is not None and app.assessment.campaign)
        assert app.assessment is not None and app.assessment.level >= Level.HIGH
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, WhyScreen))
        body = app.screen.query_one("#why-body", Static)
        await until(pilot, lambda: "Coordinated campaign" in shown(body, size[0]))
        text = " ".join(shown(body, size[0]).split())
        assert "40 accounts posted the same text in 10 min" in text
        assert "LEAKED memo: Acme Air will charge passengers by body weight" in text
        assert "First accounts: @bot00, @bot01, @bot02, @bot03, @bot04 and 35 more" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, WhyScreen)


def test_the_pasted_text_is_shown_as_written_never_as_markup() -> None:
    from crisistui.analysis.campaign import Campaign
    from crisistui.tui.screens.why import campaign_lines

    said = "[bold red]Acme Air[/] lies [@click=app.quit]share[/] \x1b[31mnow"
    group = CopyGroup(30, 30, 4, said, ("[b]@mallory[/b]", "@bot01"), 1)
    console = Console(width=100, record=True, file=io.StringIO())
    for part in campaign_lines(Campaign(group, 50, 60.0)):
        console.print(part)
    out = console.export_text()
    assert "[bold red]Acme Air[/] lies [@click=app.quit]share[/]" in out
    assert "\x1b" not in out
    assert "First accounts: [b]@mallory[/b], @bot01 and 28 more" in out


@pytest.mark.parametrize(
    "text",
    [
        "Acme Air sucks!!",
        "抵制Acme Air",
        "BOYCOTT @AcmeAir #AcmeAirFail",
        "Acme Air, never again ever",
    ],
)
def test_a_short_text_without_its_fingerprint_gets_the_same_copy_key(text: str) -> None:
    """A replay's mentions carry no fingerprint; their copy key is the one the store keeps."""
    assert (
        loose_key(text) == loose_key(text, fingerprint(text)) == copy_key(text, fingerprint(text))
    )
