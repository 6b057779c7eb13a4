"""The top line at 80 columns still says how every source is doing."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from crisistui.analysis.severity import Level
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


async def _rendered(
    width: int,
    mode: str = "DEMO ×60",
    sources: dict[str, SourceHealth] = SOURCES,
    level: tuple[Level, float] | None = None,
    *,
    unreachable: bool = False,
) -> str:
    app = _HeaderApp()
    async with app.run_test(size=(width, 3)) as pilot:
        header = app.query_one(StatusHeader)
        header.show(
            "Acme Air", mode, NOW, sources, others=False, level=level, unreachable=unreachable
        )
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


async def test_too_narrow_to_name_them_it_counts_the_sources_failing_first() -> None:
    """A long mode and long source names at 80 columns showed "sources: news-rss" and
    nothing of its state, while both sources were down."""
    down = {
        name: SourceHealth(name, kind, SourceState.FAILING)
        for name, kind in (("news-rss-europe-west", "rss"), ("social-json-firehose", "json"))
    } | {"blog": SourceHealth("blog", "rss", SourceState.OK)}
    mode = "live (reading; collector elsewhere)"
    line = await _rendered(80, mode, down, (Level.CRITICAL, 100.0))
    assert line.endswith("sources: 2 failing, 1 ok"), line
    assert line.startswith("CRITICAL 100 · Acme Air")
    wide = await _rendered(200, mode, down, (Level.CRITICAL, 100.0))
    assert wide.endswith("social-json-firehose failing blog ok")


async def test_a_drill_says_so_at_any_width() -> None:
    """At 60 columns the header dropped the mode, and with it the only word that said the
    console was a rehearsal."""
    mode = "DRILL · live (reading; no collector polling)"
    narrow = await _rendered(60, mode, SOURCES, (Level.NORMAL, 0.0))
    assert narrow.startswith("NORMAL 0 · DRILL · Acme Air"), narrow
    assert "DRILL" not in await _rendered(60, "live", SOURCES, (Level.NORMAL, 0.0))


async def test_a_console_nothing_feeds_says_so_at_any_width() -> None:
    """At 60 columns "live (reading; no collector running)" was dropped with the mode, and a
    phone user could not tell that nothing was being collected."""
    narrow = await _rendered(60, "live (reading; no collector running)", {}, (Level.NORMAL, 0.0))
    assert "no collector" in narrow, narrow
    assert "no collector" not in await _rendered(60, "live", {}, (Level.NORMAL, 0.0))


async def test_a_database_out_of_reach_is_said_at_any_width() -> None:
    """At 80 columns the header dropped the banner with the sources' names and read "sources:
    2 ok" under a frozen clock: a team console whose server had stopped looked healthy."""
    for width in (200, 120, 80, 60, 40):
        line = await _rendered(
            width, "live (reading)", SOURCES, (Level.HIGH, 62.0), unreachable=True
        )
        assert "OUT OF REACH" in line, (width, line)
    assert "OUT OF REACH" not in await _rendered(80, "live (reading)", SOURCES, (Level.HIGH, 62.0))
