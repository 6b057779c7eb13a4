"""Replay drills: a recorded crisis played again on a separate database, every incident a drill."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisistui.cli.drill import load_replay, replay_setup
from crisistui.config import demo_config
from crisistui.domain.clock import Clock, ManualClock, Replay
from crisistui.domain.models import RawItem
from crisistui.domain.playbook import load_playbooks
from crisistui.sources.demo import scenario_from_items
from crisistui.store import open_store
from crisistui.store.location import parse_location
from crisistui.tui.app import CrisisApp
from crisistui.tui.screens.new_incident import NewIncidentScreen
from crisistui.tui.widgets.feed import MentionFeed
from tests.conftest import screen_is, until
from tests.test_response_cli import crisistui

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def storm_line(minute: int, text: str) -> str:
    return json.dumps(
        {
            "source": "x",
            "id": f"s{minute}",
            "text": text,
            "created_at": (T0 + timedelta(minutes=minute)).isoformat(),
            "author": f"@user{minute}",
            "author_followers": 100 * minute,
        }
    )


def test_a_recorded_crisis_becomes_a_scenario_with_history_before_the_start() -> None:
    items = [RawItem("x", str(n), f"Acme Air {n}", T0 + timedelta(minutes=n)) for n in (30, 0, 10)]
    lines = scenario_from_items(items, start=T0 + timedelta(minutes=10))
    assert [line.offset_s for line in lines] == [-600.0, 0.0, 1200.0]
    assert [line.item["id"] for line in lines] == ["0", "10", "30"]
    assert scenario_from_items(items)[0].offset_s == 0.0


def test_bad_lines_are_named_and_an_empty_replay_refused(tmp_path: Path, capsys) -> None:
    storm = tmp_path / "storm.jsonl"
    storm.write_text(storm_line(0, "Acme Air lost my bag") + "\n{not json\n", encoding="utf-8")
    lines = load_replay(str(storm), None)
    assert lines is not None and len(lines) == 1
    assert f"{storm}:2:" in capsys.readouterr().err

    storm.write_text("{not json\n", encoding="utf-8")
    assert load_replay(str(storm), None) is None
    assert "no mention to replay" in capsys.readouterr().err
    assert load_replay(str(tmp_path / "absent.jsonl"), None) is None
    assert "cannot read" in capsys.readouterr().err
    storm.write_text(storm_line(0, "Acme Air") + "\n", encoding="utf-8")
    assert load_replay(str(storm), "yesterday") is None
    assert "--start" in capsys.readouterr().err


def test_a_replay_drill_never_writes_into_the_team_database(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    config = tmp_path / "crisistui.toml"
    config.write_text(
        f'[brand]\nname = "Acme Air"\nterms = ["acme air"]\n[storage]\npath = "{team}"\n',
        encoding="utf-8",
    )
    result = crisistui("drill", "data-breach", "--replay", "demo", "-c", config, "--db", team)
    assert result.returncode == 2
    assert "team's database" in result.stderr
    assert not team.exists()


async def test_the_replay_console_plays_the_storm_and_opens_drills(tmp_path: Path) -> None:
    storm = tmp_path / "storm.jsonl"
    lines = [storm_line(m, f"Acme Air lost my bag again, minute {m}") for m in range(0, 40, 2)]
    storm.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenario = load_replay(str(storm), (T0 + timedelta(minutes=10)).isoformat())
    assert scenario is not None
    origin = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    clock = ManualClock(origin)
    setup = replay_setup(
        demo_config(), tmp_path / "drill.db", load_playbooks(), scenario, clock, origin, 60.0
    )
    setup.actor, setup.collect = "tester", False
    app = CrisisApp(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.collect_once()
        feed = app.query_one(MentionFeed)
        assert len(feed.mentions) == 6  # minutes 0-10: history before the start
        clock.advance(10 * 60)
        await app.collect_once()
        assert len(feed.mentions) == 11
        # Replayed at the drill's time, in the original rhythm.
        assert feed.mentions[0].created_at == origin + timedelta(minutes=10)
        await pilot.press("n")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.press("enter")
        await until(pilot, lambda: app.incident is not None)
        incident = await app.store.incident(app.incident.id)
        assert incident.is_drill
        assert "DRILL" in str(app.query_one("#checklist-pane").border_subtitle)


def test_a_replay_drill_needs_a_terminal_and_says_how_to_do_without(tmp_path: Path) -> None:
    drill_db = tmp_path / "drill.db"
    result = crisistui("drill", "data-breach", "--db", drill_db)  # the default: replay builtin
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "--tabletop" in result.stderr
    assert not drill_db.exists()


async def test_every_console_on_a_drill_database_opens_drills(
    demo_app_factory, tmp_path: Path
) -> None:

    db = tmp_path / "drill.db"
    async with await open_store(db) as store:
        await store.mark_drill_database()
    joined = demo_app_factory(db)  # a plain `run --no-collect` console joining the drill
    async with joined.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: joined.setup.drill)
        assert joined.setup.mode.startswith("DRILL")
        await pilot.press("n")
        await until(pilot, lambda: screen_is(joined, NewIncidentScreen))
        await pilot.press("enter")
        await until(pilot, lambda: joined.incident is not None)
        assert joined.incident.is_drill
    async with await open_store(db) as store:  # and from the command line or a script too
        other = await store.open_incident("x", "misc", "default", "ana", T0)
        assert other.is_drill


def test_a_replay_drill_refuses_a_database_with_real_work(tmp_path: Path) -> None:
    import asyncio

    team = tmp_path / "someone-elses.db"

    async def real_incident() -> None:
        async with await open_store(team) as store:
            await store.open_incident("Real outage", "outage", "default", "ana", T0)

    asyncio.run(real_incident())
    result = crisistui("drill", "data-breach", "--db", team)  # no -c: the guard must still hold
    assert result.returncode == 2
    assert "not a drill database" in result.stderr

    async def still_real() -> bool:
        async with await open_store(team) as store:
            return await store.is_drill_database()

    assert asyncio.run(still_real()) is False


async def test_a_drill_database_keeps_the_replay_clock_for_those_who_join(tmp_path: Path) -> None:
    from crisistui.cli.console import _replay
    from crisistui.domain.clock import Replay

    db = tmp_path / "drill.db"
    origin = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    async with await open_store(db) as store:
        assert await store.replay() is None
        await store.mark_drill_database(origin, 180.0)
        assert await store.is_drill_database()
    assert await _replay(parse_location(db), None, collecting=False) == Replay(
        origin, 180.0, "drill"
    )


async def test_consoles_joining_a_replay_show_its_playbook_before_an_incident(
    tmp_path: Path,
) -> None:
    """The demo's console showed the outage checklist and the two that joined it the general
    one: whoever pressed space first got a different playbook depending on their console."""
    from crisistui.cli.console import _replay, joining
    from crisistui.config import demo_config

    origin = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for purpose, path in (("demo", tmp_path / "demo.db"), ("drill", tmp_path / "drill.db")):
        async with await open_store(path) as store:
            if purpose == "demo":
                await store.record_replay_clock(origin, 60.0, "demo", playbook="service-outage")
            else:
                await store.mark_drill_database(origin, 60.0, playbook="data-breach")
        replay = await _replay(parse_location(path), None, collecting=False)
        assert replay is not None
        config = joining(demo_config(), replay)
        wanted = "service-outage" if purpose == "demo" else "data-breach"
        assert demo_config().console.playbook != wanted
        assert config.console.playbook == wanted
    assert joining(demo_config(), Replay(origin, 60.0, "demo", playbook="nope")) == demo_config()


def test_a_console_joining_late_shares_the_replays_time() -> None:
    from datetime import datetime

    from crisistui.domain.clock import ScaledClock

    started = datetime.now(UTC) - timedelta(seconds=10)  # the drill began 10 s ago at 60×
    drill = ScaledClock.joining(started, 60.0, wall_origin=started)
    ahead = (drill.now() - started).total_seconds()
    assert 600 <= ahead < 600 + 60 * 5  # ten minutes of scenario, not a restart at zero


def test_the_replay_and_a_console_joining_it_show_the_same_time(
    tmp_path: Path, monkeypatch
) -> None:
    """Setting up the file takes a moment; counted from after it, the replay's console ran
    behind everyone who joined (a minute at 60×), and the wall showed the last minute empty."""
    import asyncio
    import io
    import sys

    from crisistui.cli import main as cli_main
    from crisistui.cli.console import _replay

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    seen: list[Clock] = []
    monkeypatch.setattr(CrisisApp, "run", lambda app: seen.append(app.clock))
    db = tmp_path / "drill.db"
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdin", Terminal())
        patched.setattr(sys, "stdout", Terminal())
        assert cli_main(["drill", "service-outage", "--db", str(db), "--speed", "100"]) == 0
    replay = asyncio.run(_replay(parse_location(db), None, collecting=False))
    assert replay is not None and replay.purpose == "drill"
    # read both clocks at the same moment: the wall time spent in between is not the bug
    joined, console = replay.clock().now(), seen[0].now()
    gap = abs((joined - console).total_seconds())
    assert gap < replay.speed * 0.05, f"{gap:.0f} scenario seconds apart"
    # the drill's story ends too, and whoever joins slows down with it
    assert replay.until is not None and replay.until > replay.origin


def test_collect_refuses_a_drill_database(tmp_path: Path) -> None:
    import asyncio

    db = tmp_path / "drill.db"

    async def mark() -> None:
        async with await open_store(db) as store:
            await store.mark_drill_database()

    asyncio.run(mark())
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n'
        '[[sources]]\ntype = "demo"\nname = "demo"\n',
        encoding="utf-8",
    )
    result = crisistui("collect", "--once", "-c", config, "--db", db)
    assert result.returncode == 2 and "drill database" in result.stderr


async def test_a_drill_console_never_sends_alerts(tmp_path: Path) -> None:
    scenario = load_replay("demo", None)
    assert scenario is not None
    origin = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    config = demo_config().model_copy(
        update={"alerts": demo_config().alerts.model_copy(update={"urls_env": ["TEAM_SLACK"]})}
    )
    setup = replay_setup(
        config, tmp_path / "d.db", load_playbooks(), scenario, ManualClock(origin), origin, 60.0
    )
    setup.collect = False
    app = CrisisApp(setup)
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.monitor is not None)
        assert app.monitor.send_alerts is False and app.monitor.channel is None


def test_a_built_in_drill_keeps_the_teams_response_settings(tmp_path: Path) -> None:
    """A Vietnamese team's drill statement said "UTC": the built-in scenario is about the
    demo brand, but the team rehearsing it keeps its roles and statements' time zone."""
    from crisistui.cli.drill import builtin_drill_config
    from crisistui.config import demo_config, load_config

    path = tmp_path / "crisistui.toml"
    path.write_text(
        '[brand]\nname = "Sen Airways"\nterms = ["sen airways"]\n\n'
        '[response]\nstatement_time_zone = "Asia/Ho_Chi_Minh"\n',
        "utf-8",
    )
    config = builtin_drill_config(load_config(path))
    assert config.brand.name == demo_config().brand.name
    assert config.response.statement_time_zone == "Asia/Ho_Chi_Minh"
    path.write_text('[brand]\nname = "Sen Airways"\nterms = ["sen airways"]\n', "utf-8")
    assert builtin_drill_config(load_config(path)).response == demo_config().response
