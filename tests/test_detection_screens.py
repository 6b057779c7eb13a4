"""The "why" view (w) and the alerts list (A), driven as a person would during the demo."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Static

from crisistui.analysis.severity import Level
from crisistui.tui.screens.alerts import AlertsScreen
from crisistui.tui.screens.why import WhyScreen
from tests.conftest import DEMO_ORIGIN


def text_of(widget: Static) -> str:
    """What a static shows, as plain text."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def _to_high(app, clock) -> None:
    while app.assessment is None or app.assessment.level < Level.HIGH:
        assert (clock.now() - DEMO_ORIGIN).total_seconds() < 5400, "the demo never reached high"
        clock.advance(60)
        await app.collect_once()
    for _ in range(10):  # a few minutes into it, the words have piled up
        clock.advance(60)
        await app.collect_once()


async def test_x_explains_the_level_with_type_terms_authors_and_sources(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await _to_high(app, clock)
        gauge_pane = app.query_one("#gauge-pane")
        assert app.assessment is not None and app.assessment.crisis_type == "service-outage"
        assert gauge_pane.border_subtitle == "service-outage"

        await pilot.press("x")
        assert isinstance(app.screen, WhyScreen)
        await pilot.pause()
        shown = text_of(app.screen.query_one("#why-body", Static))
        assert "Likely crisis type: service-outage" in shown
        assert "negative volume" in shown
        minutes = app.assessment.window_minutes
        assert f"Trigger terms in negative mentions (last {minutes} min)" in shown
        for section in ("Top terms", "Top authors", "Top sources"):
            assert section in shown
        languages = shown.split("Languages in the window", 1)[1].split("Negative mentions")[0]
        assert "English (en)" in languages and "negative, net" in languages
        assert len(languages.strip().splitlines()) >= 3, "the demo's other languages are listed"
        assert "demo-" in shown, "the demo's sources are named"
        assert "acme" not in shown.split("Top terms", 1)[1].split("Top authors")[0].lower()
        await pilot.press("escape")
        assert not isinstance(app.screen, WhyScreen)


async def test_capital_a_lists_level_changes_newest_first(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await _to_high(app, clock)
        await app.store.add_event(clock.now(), "tester", "task.done", "not an alert")
        await pilot.press("A")
        assert isinstance(app.screen, AlertsScreen)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows and all(row[3] == "severity.changed" for row in rows)
        assert "severity HIGH" in rows[0][4] or "severity CRITICAL" in rows[0][4]
        times = [row[0] for row in rows]
        assert times == sorted(times, reverse=True)
        await pilot.press("A")
        assert not isinstance(app.screen, AlertsScreen)


async def test_help_lists_the_new_keys(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = text_of(app.screen.query_one(Static))
        assert "Why" in shown and "Alerts" in shown
