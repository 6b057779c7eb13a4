"""Layout at a laptop-over-SSH size and at a wall-screen size, mid-crisis."""

from __future__ import annotations

import pytest

from crisistui.tui.screens.help import HelpScreen
from tests.conftest import DEMO_ORIGIN, screen_is, until


async def _to_crisis_peak(pilot) -> None:
    app = pilot.app
    with app.batch_update():  # painted once at the peak: no test looks at the frames between
        while (app.clock.now() - DEMO_ORIGIN).total_seconds() < 3000:
            app.clock.advance(120)
            await app.collect_once()
    await app.workers.wait_for_complete()  # a beat read in flight lands before the picture
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (200, 60)], ids=["80x24", "120x36", "200x60"]
)
def test_console_layout_mid_crisis(snap_compare, demo_app_factory, size) -> None:
    assert snap_compare(demo_app_factory(), terminal_size=size, run_before=_to_crisis_peak)


async def _help_over_loaded_console(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: app._last_assessed is not None)  # first refresh done
    await pilot.press("question_mark")
    await until(pilot, lambda: screen_is(app, HelpScreen))


def test_help_screen_at_80x24(snap_compare, demo_app_factory) -> None:
    assert snap_compare(
        demo_app_factory(), terminal_size=(80, 24), run_before=_help_over_loaded_console
    )


async def _wall_mid_crisis(pilot) -> None:
    """The peak, an incident opened from the alert with two tasks done, 20 minutes on, `w`."""
    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from crisistui.tui.screens.wall import WallScreen

    app = pilot.app
    await _to_crisis_peak(pilot)
    await pilot.press("i")
    await until(pilot, lambda: screen_is(app, NewIncidentScreen))
    await pilot.press("ctrl+s")
    await until(pilot, lambda: app.incident is not None)
    incident = app.incident
    for task in ("open-incident-log", "assign-roles"):
        await app.store.set_task_done(incident.id, task, task, True, "tester", app.clock.now())
    app.clock.advance(1200)  # some tasks are overdue by now
    await app.collect_once()
    await pilot.press("w")
    await until(pilot, lambda: screen_is(app, WallScreen))
    board = app.screen.query_one("#wall-incident")
    await until(pilot, lambda: "2/" in str(board.render()))
    await app.workers.wait_for_complete()  # a beat read in flight lands before the picture
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (200, 60)], ids=["80x24", "120x36", "200x60"]
)
def test_wall_mid_crisis(snap_compare, demo_app_factory, size) -> None:
    assert snap_compare(demo_app_factory(), terminal_size=size, run_before=_wall_mid_crisis)
