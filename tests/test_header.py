"""The top line at 80 columns still says how every source is doing."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from crisistui.domain.models import SourceHealth, SourceState
from crisistui.tui.widgets.header import StatusHeader
from tests.test_layout_crisis import screen_lines

NOW = datetime(2026, 12, 2, 22, 41, 8, tzinfo=UTC)
SOURCES = {
    "demo": SourceHealth("demo", "demo", SourceState.FINISHED),
    "google-news": SourceHealth("google-news", "rss", SourceState.FAILING),
}


class _HeaderApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusHeader()


async def _rendered(width: int) -> str:
    app = _HeaderApp()
    async with app.run_test(size=(width, 3)) as pilot:
        header = app.query_one(StatusHeader)
        header.show("Acme Air", "DEMO ×60", NOW, SOURCES, others=False)
        await pilot.pause()
        return screen_lines(app)[0].strip()


async def test_at_80_columns_the_sources_state_shows_whole() -> None:
    line = await _rendered(80)
    assert line.endswith("demo finished google-news failing"), line
    assert "Acme Air · DEMO ×60" in line  # the brand and the mode stay; the date goes first
    assert "…" not in line


async def test_a_wide_screen_shows_everything() -> None:
    line = await _rendered(160)
    assert line.startswith("crisistui · Acme Air · DEMO ×60 · 2026-12-0")
    assert line.endswith("demo finished google-news failing")
