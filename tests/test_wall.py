"""The wall view as the meeting room sees it: big level, the incident's facts, loud mentions,
following the console by itself, and back to the console with `w`, `q` or escape."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Digits

from crisistui.analysis.severity import Level
from crisistui.cli import build_parser
from crisistui.cli import main as cli_main
from crisistui.domain.incident import Milestone
from crisistui.reports.metrics import describe_seconds
from crisistui.store import open_store
from crisistui.store.lease import collector_lease
from crisistui.store.sqlite.lease import CollectorLock
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.screens.new_incident import NewIncidentScreen
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.widgets.bigtext import big_lines, block_lines
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.header import StatusHeader
from crisistui.tui.widgets.loud_mentions import LoudMentions
from tests.conftest import screen_is, until
from tests.test_console import HOSTILE, import_hostile, play_until, rise_to_high
from tests.test_feed_filter_console import type_filter


def shown(app: CrisisApp, selector: str) -> str:
    """What a part of the wall shows, as plain text."""
    return str(app.screen.query_one(selector).render())


def level_shown(app: CrisisApp, level: Level) -> bool:
    """The level's name, in big letters (or in blocks on a big screen)."""
    word = level.label.upper()
    drawn = shown(app, "#level-word")
    return "\n".join(big_lines(word)) in drawn or "\n".join(block_lines(word)) in drawn


def score_shown(app: CrisisApp) -> str:
    """The score in big digits, or read back from its blocks on a big screen."""
    digits = app.screen.query_one(Digits)
    if digits.display:
        return digits.value
    drawn = shown(app, "#level-blocks")
    return next(n for n in map(str, range(101)) if "\n".join(block_lines(n)) == drawn)


async def test_w_at_the_peak_shows_the_level_and_the_incident(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await rise_to_high(app, clock)
        await pilot.press("i")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.incident is not None)
        incident = app.incident
        clock.advance(240)
        await app.store.record_milestone(
            incident.id, Milestone.FIRST_PUBLIC_RESPONSE, clock.now(), "tester", clock.now()
        )
        clock.advance(600)
        await app.collect_once()

        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await until(pilot, lambda: "#1 the Acme Air service outage" in shown(app, "#wall-incident"))
        assert level_shown(app, app.assessment.level)
        assert score_shown(app) == f"{app.assessment.score:.0f}"
        assert app.assessment.crisis_type in shown(app, "#level-kind")
        assert app.assessment.drivers[0][:40] in shown(app, "#wall-drivers")
        facts = shown(app, "#wall-incident")
        assert "SEV2 INVESTIGATING" in facts
        milestones = await app.store.milestones(incident.id)
        detected = milestones[Milestone.DETECTED].at
        minutes = int((clock.now() - detected).total_seconds() // 60)
        assert f"{minutes} min since detection ({detected:%H:%M})" in facts
        spoke = milestones[Milestone.FIRST_PUBLIC_RESPONSE].at
        assert f"First public response  {spoke:%H:%M}" in facts
        after = describe_seconds(int((spoke - detected).total_seconds()))
        assert f"First public response: {after} after detection" in facts
        assert "assess" in facts and "0/5" in facts
        assert "Overdue (" in facts and "Mandatory open (" in facts
        assert "Confirm what is affected, for whom and since when" in facts
        on_console = str(app.query_one("#trends-pane .headline").render())
        assert on_console.startswith("Acme Air ") and "/min" in on_console
        assert shown(app, "#wall-trends .headline") == on_console


async def test_the_wall_follows_a_level_change_without_a_key(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(app, clock, 1200)
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await until(pilot, lambda: level_shown(app, Level.NORMAL))
        assert "No incident open" in shown(app, "#wall-incident")
        await rise_to_high(app, clock)
        await until(
            pilot,
            lambda: (
                level_shown(app, app.assessment.level)
                and score_shown(app) == f"{app.assessment.score:.0f}"
            ),
        )
        assert app.assessment.level >= Level.HIGH
        await until(pilot, lambda: "@" in shown(app, "#wall-mentions"))


async def test_the_wall_shows_an_incident_opened_in_another_console(
    demo_app_factory, tmp_path: Path
) -> None:
    db = tmp_path / "warroom.db"
    wall, desk = demo_app_factory(db), demo_app_factory(db, actor="ben")
    async with wall.run_test(size=(100, 30)) as pilot, desk.run_test(size=(100, 30)) as other:
        await pilot.press("w")
        await until(pilot, lambda: "No incident open" in shown(wall, "#wall-incident"))
        await other.press("n", *"Check-in outage", "enter")
        await until(other, lambda: desk.incident is not None)
        await wall.refresh_view()  # the console's beat notices the other console's write
        await until(pilot, lambda: "Acme Air: Check-in outage" in shown(wall, "#wall-incident"))
        assert "SEV3 INVESTIGATING" in shown(wall, "#wall-incident")


async def test_hostile_mention_text_shows_literally_on_the_wall(
    demo_app_factory, tmp_path: Path, clock
) -> None:
    db = tmp_path / "hostile.db"
    await import_hostile(db, clock.now(), second_earlier=timedelta(minutes=1))
    app = demo_app_factory(db)
    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: len(app.query_one(MentionFeed).mentions) == 2)
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await until(pilot, lambda: "@eve" in shown(app, "#wall-mentions"))
        loud = shown(app, "#wall-mentions")
        assert HOSTILE in loud and "[b]@mallory[/b]" in loud
        assert "\x1b" not in loud and "\u202e" not in loud and "red" in loud
        await pilot.click("#wall-mentions")
        await pilot.pause()
        assert app.is_running and screen_is(app, WallScreen)


async def test_a_filter_on_the_feed_does_not_narrow_the_walls_loud_mentions(
    demo_app_factory, clock
) -> None:
    """One person's filter is what they look for, not what the room should see."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await rise_to_high(app, clock)
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        loud = [m.id for m in app.screen.query_one(LoudMentions).mentions]
        assert loud
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.screen_stack[0])

        await type_filter(pilot, "sentiment:pos")
        await until(pilot, lambda: app.feed_filter.query is not None)
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await until(pilot, lambda: bool(app.screen.query_one(LoudMentions).mentions))
        assert [m.id for m in app.screen.query_one(LoudMentions).mentions] == loud
        assert "none among" not in shown(app, "#wall-mentions")


async def test_w_q_or_escape_goes_back_to_the_console(demo_app_factory) -> None:
    """On every other screen q is "back": on the wall it quit the war room's console, and
    with it the collecting, at once."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app._last_assessed is not None)
        console = app.screen
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await pilot.press("w")
        await until(pilot, lambda: app.screen is console)
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is console)
        assert app.query_one(MentionFeed).has_focus
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await pilot.press("q")
        await until(pilot, lambda: app.screen is console)
        assert app.is_running


async def test_help_lists_the_wall_keys_and_a_remapped_key_opens_it(demo_app_factory) -> None:
    app = demo_app_factory()
    console = app.config.console.model_copy(update={"keys": {"app.wall": "W"}})
    app.config = app.config.model_copy(update={"console": console})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert not isinstance(app.screen, WallScreen)
        await pilot.press("W")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await pilot.press("question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        sections = dict(app.screen.sections)
        assert next(b for b in sections["Everywhere"] if b.id == "app.wall").key == "W"
        assert [b.id for b in sections["Wall view (w)"]] == ["wall.close"]
        await pilot.press("escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, WallScreen | HelpScreen))


@pytest.mark.parametrize("size", [(80, 24), (80, 18), (200, 60)])
async def test_every_shown_section_fits_the_terminal(demo_app_factory, clock, size) -> None:
    """Sections that have no room are left out, never drawn half off the screen."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await rise_to_high(app, clock)
        await pilot.press("n", *"Check-in outage", "enter")
        await until(pilot, lambda: app.incident is not None)
        await pilot.press("w")
        await until(pilot, lambda: "Check-in outage" in shown(app, "#wall-incident"))
        await pilot.pause()
        width, height = size
        for widget in app.screen.query("#wall-level, #wall-drivers, #wall-body *"):
            if widget.display and widget.region.area:
                assert widget.region.bottom <= height and widget.region.right <= width, widget
        assert level_shown(app, app.assessment.level)


@pytest.mark.parametrize("size", [(120, 40), (120, 34)])
async def test_a_column_too_short_for_every_task_cuts_the_task_lists_not_every_line(
    demo_app_factory, size
) -> None:
    """At 120 columns the incident has half the width: the one-line summaries were cut
    mid-word ("Milestones: detected 08:30 · acknowledged 08…") above a dozen empty rows.
    The full layout stays, and only the lists of late and blocking tasks give up rows."""
    from tests.test_snapshots import _wall_mid_crisis

    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await _wall_mid_crisis(pilot)
        board = app.screen.query_one("#wall-incident")
        lines = shown(app, "#wall-incident").splitlines()
        assert "Milestones" in lines and "Checklist" in lines
        assert not any(line.startswith("Milestones:") for line in lines)
        assert any(line.startswith("Overdue (") for line in lines)
        assert len(lines) <= board.size.height
        assert board.size.height < len(board.lines(full=True))  # not every task fits
        assert any(line.strip().startswith("… and ") for line in lines)


def _captured_setup(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], lock_held: bool = False
) -> ConsoleSetup:
    """Run the command with the console's ``run`` replaced: what would the console be?
    ``lock_held``: a collector (the test) holds the database meanwhile."""
    captured: list[ConsoleSetup] = []
    locks_free: list[bool] = []

    def run(self: CrisisApp) -> None:
        captured.append(self.setup)
        lock = CollectorLock(self.setup.db_path)
        locks_free.append(lock.acquire())
        lock.release()

    monkeypatch.setattr(CrisisApp, "run", run)
    assert cli_main(argv) == 0
    assert locks_free == [not lock_held], "the console must not hold the collector lock"
    return captured[0]


async def test_wall_command_opens_a_reading_console_on_the_wall(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "warroom.db"
    async with await open_store(db):  # the collector made it
        pass
    # nobody collects into it: the header does not pretend someone does
    setup = await asyncio.to_thread(_captured_setup, monkeypatch, ["wall", "--db", str(db)])
    assert setup.mode == "live (reading; no collector running)"
    collector = collector_lease(db)
    assert collector.acquire()
    try:
        setup = await asyncio.to_thread(
            _captured_setup, monkeypatch, ["wall", "--db", str(db)], lock_held=True
        )
    finally:
        collector.release()
    assert setup.wall
    assert setup.sources == []
    assert setup.mode == "live (reading; collector elsewhere)"
    assert setup.config.brand.name == "Acme Air"  # no config: the demo brand

    app = CrisisApp(setup)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: screen_is(app, WallScreen))
        assert not [w for w in app.workers if w.group == "collector"]
        header = str(app.screen.query_one(StatusHeader).render())
        assert "reading; collector elsewhere" in header and "wall" in header
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.screen_stack[0])
        assert "reading; collector elsewhere" in str(app.query_one(StatusHeader).render())


def test_the_wall_refuses_a_database_that_does_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --db would otherwise show a new, empty database: NORMAL, to the whole room."""
    monkeypatch.setattr(CrisisApp, "run", lambda self: None)
    db = tmp_path / "wrong-name.db"
    assert cli_main(["wall", "--db", str(db)]) == 2
    assert "no database here" in capsys.readouterr().err
    assert not db.exists()


def test_demo_can_open_on_the_wall(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert build_parser().parse_args(["demo"]).wall is False
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    setup = _captured_setup(monkeypatch, ["demo", "--wall"])
    assert setup.wall and setup.sources


def test_a_reading_console_refuses_a_database_that_does_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(CrisisApp, "run", lambda self: None)
    db = tmp_path / "wrong-name.db"
    assert cli_main(["run", "--no-collect", "--db", str(db)]) == 2
    assert "no database here; run --no-collect only reads" in capsys.readouterr().err
    assert not db.exists()


async def test_notices_stay_off_the_wall_and_wait_in_the_console(demo_app_factory) -> None:
    from textual.widgets._toast import Toast

    app = demo_app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        app.notify("Drill #1 opened: the calls to boycott Acme Air", timeout=30)
        await pilot.pause()
        assert not any(t.display and t.region.area for t in app.screen.query(Toast))
        await pilot.press("w")
        await until(pilot, lambda: not screen_is(app, WallScreen))
        await until(pilot, lambda: any(t.region.area for t in app.screen.query(Toast)))
