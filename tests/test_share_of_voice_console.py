"""Share of voice and the competitor watch as people read them: in the console's trends pane
and on the wall, at 80×24 over SSH and at 200×60 on a big screen; a competitor's storm is news,
never the brand's level or alert."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from crisistui.analysis.levels import Level
from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.playbook import load_playbooks
from crisistui.store import open_store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.screens.why import WhyScreen
from crisistui.tui.widgets.share_board import SHORT_WORDS, percent
from tests.conftest import screen_is, until
from tests.test_detection_screens import text_of
from tests.test_layout_crisis import in_region, screen_lines
from tests.test_share_of_voice import BRAND, RIVAL, T0, store_rival_storm
from tests.test_snapshots import _to_crisis_peak

SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
END = T0 + timedelta(hours=3)


async def rival_console(tmp_path: Path) -> CrisisApp:
    """A reading console on a database where Zephyr Airlines is in a storm and Acme Air calm."""
    db = tmp_path / "rival.db"
    async with await open_store(db) as store:
        await store_rival_storm(store, END)
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=db,
        playbooks=load_playbooks(),
        clock=ManualClock(END),
        mode="test",
        actor="tester",
        collect=False,
    )
    return CrisisApp(setup)


def share_rows(lines: list[str]) -> tuple[str, str]:
    """The brand's and the competitor's share line among ``lines`` (the brand's comes first)."""
    rows = [line for line in lines if "%" in line and ("Acme Air" in line or "Zephyr" in line)]
    brand = next(i for i, line in enumerate(rows) if "Acme Air" in line)
    rival = next(i for i, line in enumerate(rows) if "Zephyr" in line)
    assert brand < rival, "the brand's bar comes first"
    return rows[brand], rows[rival]


@SIZES
async def test_the_console_shows_the_share_and_a_competitors_storm_as_news(
    tmp_path: Path, size
) -> None:
    app = await rival_console(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await until(pilot, lambda: app.share is not None and bool(app.competitors))
        await pilot.pause()
        (rival,) = app.competitors
        assert rival.level >= Level.HIGH
        word = rival.level.label.upper()

        pane = app.query_one("#trends-pane")
        inside = in_region(screen_lines(app), pane.region)
        assert "Share of voice" in inside[0]
        brand_row, rival_row = share_rows(inside)
        assert percent(app.share.of(BRAND).share) in brand_row and "█" in brand_row
        assert percent(app.share.of(RIVAL).share) in rival_row
        short = SHORT_WORDS.get(word, word) if size[0] < 100 else word  # CRIT in 28 cells
        assert rival_row.rstrip(" │").endswith(short)
        if size[1] >= 32:  # room for why
            assert any(f"{RIVAL}: {word} — negative volume " in row for row in inside)

        # news for the screen: the brand's gauge, timeline and alerts are untouched
        assert app.assessment.level == Level.NORMAL
        assert await app.store.recent_events(50, kinds=["severity.changed"]) == []
        said = [n for n in app._notifications if n.title == f"Competitor {RIVAL}"]
        assert said and said[0].message == rival.in_brief()
        assert said[0].severity == "information"

        await pilot.press("x")
        await until(pilot, lambda: screen_is(app, WhyScreen))
        body = app.screen.query_one("#why-body", Static)
        await until(pilot, lambda: "Competitors" in text_of(body))
        why = text_of(body)
        assert "Share of voice, last hour" in why
        assert f"{RIVAL}: {word}" in why and rival.assessment.drivers[0] in why


@SIZES
async def test_the_wall_shows_the_share_and_the_competitors_level(tmp_path: Path, size) -> None:
    app = await rival_console(tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.share is not None and bool(app.competitors))
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        board = app.screen.query_one("#wall-share")
        await until(pilot, lambda: board.display and board.region.height > 0)
        await pilot.pause()
        (rival,) = app.competitors
        word = rival.level.label.upper()
        inside = in_region(screen_lines(app), board.region)
        assert "Share of voice · last hour" in inside[0]
        brand_row, rival_row = share_rows(inside)
        brand = app.share.of(BRAND)
        assert percent(brand.share) in brand_row and "█" in brand_row
        assert f"{percent(brand.negative_share)} of negative" in brand_row  # the wall is wide
        assert percent(app.share.of(RIVAL).share) in rival_row and word in rival_row
        assert any(f"{RIVAL}: {word} — negative volume " in row for row in inside)


async def test_at_the_demos_peak_the_share_is_the_hour_the_trends_draw(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_crisis_peak(pilot)
        brand, rival = app.share.subjects
        assert (brand.subject, rival.subject) == (BRAND, RIVAL)
        by_subject = {series.subject: series for series in app.trends}
        assert brand.mentions == by_subject[BRAND].total  # the same complete minutes
        assert rival.mentions == by_subject[RIVAL].total
        assert app.assessment.level >= Level.HIGH and app.competitors[0].level == Level.NORMAL
        inside = in_region(screen_lines(app), app.query_one("#trends-pane").region)
        brand_row, rival_row = share_rows(inside)
        assert percent(brand.share) in brand_row
        assert rival_row.rstrip(" │").endswith("normal")
        # at 80×24 the competitor's own sparklines give their rows to the share lines
        assert not any("Zephyr Airlines  " in row and "/min" in row for row in inside)
        assert any("Acme Air  " in row and "/min" in row for row in inside)
