"""An empty list says what will appear in it: a table of headers alone looked broken."""

from __future__ import annotations

from textual.widgets import Static

from crisistui.tui.screens.alerts import AlertsScreen
from crisistui.tui.screens.statements import StatementsScreen
from tests.conftest import screen_is, until
from tests.test_response_trust import _outage


def _said(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_an_empty_statements_list_says_how_to_draft_one(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await _outage(app)
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: "No statement yet" in _said(app, "#statement-text"))
        assert "d drafts one" in _said(app, "#statement-text")


async def test_an_empty_alerts_list_says_what_will_appear_in_it(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await until(pilot, lambda: screen_is(app, AlertsScreen))
        await until(pilot, lambda: "No alerts yet" in _said(app, "#entry"))
