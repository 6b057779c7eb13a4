"""The bottom line of every screen (``KeyBar``): the keys that work here, whole or left out,
the same keys after a screen closes without being drawn again, and a click presses a key."""

from __future__ import annotations

from crisistui.tui.screens.detail import MentionDetail
from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.widgets.keybar import KeyBar
from tests.conftest import screen_is, until
from tests.test_layout_crisis import screen_lines


def bar(app) -> KeyBar:
    return app.screen.query_one(KeyBar)


async def test_the_bar_follows_the_screen_and_a_click_presses_its_key(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.collect_once()
        await until(pilot, lambda: bar(app).shown)
        main = bar(app)
        labels = [f"{h.display} {h.description}" for h in main.shown]
        assert labels[:3] == ["⏎ Open", "? Help", "s Sources"]
        assert screen_lines(app)[-1].startswith(" " + "  ".join(labels))
        held = main.hints

        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, MentionDetail) and bar(app).shown)
        assert [h.description for h in bar(app).shown][:2] == ["Back", "Acknowledge"]
        assert "esc Back" in screen_lines(app)[-1]
        await pilot.press("escape")
        await until(pilot, lambda: not screen_is(app, MentionDetail))
        assert bar(app) is main and main.hints is held, "the same keys: nothing rebuilt"

        line = screen_lines(app)[-1]
        await pilot.click(KeyBar, offset=(line.index("? Help") + 2, 0))
        await until(pilot, lambda: screen_is(app, HelpScreen))


async def test_a_narrow_bar_leaves_out_whole_keys(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(40, 20)) as pilot:
        await app.collect_once()
        await until(pilot, lambda: bar(app).shown)
        main = bar(app)
        bottom = screen_lines(app)[-1]
        assert 2 <= len(main.shown) < len(main.hints)
        for hint in main.shown:
            assert f"{hint.display} {hint.description}" in bottom
        left_out = main.hints[len(main.shown)]
        assert left_out.description not in bottom and len(bottom.rstrip()) <= 40


async def test_at_an_alarm_with_no_incident_the_bar_offers_one_first(
    demo_app_factory, clock
) -> None:
    """At critical the bar showed neither i nor n: opening the incident, the next thing to
    do, was found only in the help. Once it is open, the key leaves the bar."""
    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from tests.test_console import rise_to_high

    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.collect_once()
        await until(pilot, lambda: bar(app).shown)
        assert "Incident from alert" not in [h.description for h in bar(app).hints]
        await rise_to_high(app, clock)
        await until(pilot, lambda: bar(app).hints[0].description == "Incident from alert")
        assert screen_lines(app)[-1].startswith(" i Incident from alert")
        await pilot.press("i")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.incident is not None)
        await until(
            pilot, lambda: "Incident from alert" not in [h.description for h in bar(app).hints]
        )
