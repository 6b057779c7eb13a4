"""The trend rows and the gauge say what is true on the worst day: no half-finished minute read
as a collapse, no competitor's trickle drawn as spikes, red only for negative sentiment, and a
gauge that comes back down within the demo, its score agreeing with its level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from crisistui.analysis.severity import THRESHOLDS, Level
from crisistui.demo.story import END
from crisistui.domain.clock import ManualClock
from crisistui.domain.records import Rollup
from crisistui.domain.time import to_epoch
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.widgets.gauge import SeverityGauge
from crisistui.tui.widgets.level_board import LevelBoard
from crisistui.tui.widgets.sparklines import (
    BARS,
    HANGING,
    Series,
    SubjectTrend,
    TrendBars,
    TrendPanel,
    trend_series,
)
from tests.conftest import DEMO_ORIGIN, screen_is, until
from tests.test_console import play_until
from tests.test_wall import score_shown

BRAND, RIVAL = "Acme Air", "Zephyr Airlines"
SIZES = [(80, 24), (120, 36), (200, 60)]
SIZE_IDS = ["80x24", "120x36", "200x60"]
NOW = datetime(2026, 3, 10, 14, 0, 5, tzinfo=UTC)
"""Five seconds into a minute: the minute under way holds almost nothing yet."""
NOW_MINUTE = to_epoch(NOW) // 60


def rollup(subject: str, minute: int, volume: int, net: float) -> Rollup:
    """A minute of ``volume`` scored mentions whose average sentiment is ``net``."""
    return Rollup(subject, minute, volume, volume, 0, 0, net * volume, 100 * volume, 0)


class TrendsApp(App[None]):
    """The trend rows alone, fed a known hour."""

    def __init__(self, series: list[Series]) -> None:
        super().__init__()
        self.series = series

    def compose(self) -> ComposeResult:
        yield TrendPanel([s.subject for s in self.series])

    def on_mount(self) -> None:
        self.query_one(TrendPanel).show(self.series)


def drawn(widget: Widget) -> str:
    """What a widget shows on screen, as plain text."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text for line in lines)


def row(app: App[None], subject: str, kind: str) -> TrendBars:
    trend = next(t for t in app.query(SubjectTrend) if t.subject == subject)
    return trend.query_one(f".{kind}", TrendBars)


def colours(bars: TrendBars) -> set[str]:
    """The names of the component colours the bars are drawn in."""
    drawing = bars.render()
    assert isinstance(drawing, Text)
    used = {span.style.color for span in drawing.spans if not isinstance(span.style, str)}
    return {
        name
        for name in ("volume", "positive", "negative", "neutral")
        if bars.get_component_rich_style(f"trend-bars--{name}", partial=True).color in used
    }


# -- the trend rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_minute_under_way_is_left_out(size: tuple[int, int]) -> None:
    """Fifty mentions a minute all hour, and one in the five seconds of this minute so far:
    the row ends on the last complete minute, full height, and the headline says 50/min."""
    clock = ManualClock(NOW)
    hour = [rollup(BRAND, NOW_MINUTE - 60 + i, 50, -0.5) for i in range(60)]
    hour.append(rollup(BRAND, NOW_MINUTE, 1, 0.8))  # the open minute: a collapse, and positive
    series = trend_series([BRAND], hour, clock.now(), 60)
    assert series[0].volume == [50.0] * 60
    assert series[0].net == pytest.approx([-0.5] * 60)
    app = TrendsApp(series)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        volume = row(app, BRAND, "volume")
        assert drawn(volume).split("\n")[-1].endswith("█")
        assert set(drawn(volume)) == {"█"}, "a full hour at 50/min is a flat full row"
        assert "positive" not in colours(row(app, BRAND, "net"))
        headline = str(app.query_one(SubjectTrend).query_one(".headline").render())
        assert "50/min" in headline and "net -0.50" in headline


async def test_the_console_leaves_out_the_minute_under_way(demo_app_factory, clock) -> None:
    """Half a minute into 08:50 of the demo, the console's trend ends at 08:49."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, 3000)
        clock.advance(30)
        await app.collect_once()
        await pilot.pause()
        now = clock.now()
        assert now.second == 30
        minute = to_epoch(now) // 60
        stored = await app.store.rollups(now - timedelta(minutes=2), now, subject=BRAND)
        by_minute = {r.minute: r.volume for r in stored}
        assert by_minute.get(minute), "the open minute has mentions already"
        brand = next(s for s in app.trends if s.subject == BRAND)
        assert len(brand.volume) == 60
        assert brand.volume[-1] == by_minute[minute - 1]
        assert brand.volume[-2] == by_minute[minute - 2]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_quiet_competitor_does_not_draw_the_brands_spikes(size: tuple[int, int]) -> None:
    """The brand at 50 a minute, the competitor at 0-2: both rows on the brand's scale, so
    the competitor's bars stay at the bottom; each row names its busiest minute."""
    hour = [rollup(BRAND, NOW_MINUTE - 60 + i, 50 if i % 3 else 40, -0.3) for i in range(60)]
    hour += [rollup(RIVAL, NOW_MINUTE - 60 + i, i % 3, 0.2) for i in range(60) if i % 3]
    series = trend_series([BRAND, RIVAL], hour, NOW, 60)
    app = TrendsApp(series)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rival = drawn(row(app, RIVAL, "volume"))
        assert set(rival) <= {" ", "▁", "\n"}, rival
        assert "▁" in rival
        assert "█" in drawn(row(app, BRAND, "volume"))
        scales = {
            t.subject: str(t.query_one(".volume-scale").render()) for t in app.query(SubjectTrend)
        }
        assert scales == {BRAND: "▲50", RIVAL: "▲2"}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_net_sentiment_is_red_only_below_zero(size: tuple[int, int]) -> None:
    """A brand whose every minute is positive (0.1 to 0.6) draws no bar in the negative
    colour, even at its lowest minute; a competitor with negative minutes does, and only
    there. Both share one scale from zero, written at the end of the row."""
    hour = [rollup(BRAND, NOW_MINUTE - 60 + i, 10, 0.1 + 0.5 * (i % 6) / 5) for i in range(60)]
    hour += [rollup(RIVAL, NOW_MINUTE - 60 + i, 5, -0.4 if i >= 50 else 0.3) for i in range(60)]
    series = trend_series([BRAND, RIVAL], hour, NOW, 60)
    app = TrendsApp(series)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        brand, rival = row(app, BRAND, "net"), row(app, RIVAL, "net")
        assert colours(brand) == {"positive"}
        assert colours(rival) == {"positive", "negative"}
        width = rival.size.width
        negative = rival.get_component_rich_style("trend-bars--negative", partial=True).color
        drawing = rival.render()
        assert isinstance(drawing, Text)
        reds = [span.start for span in drawing.spans if span.style.color == negative]
        assert min(reds) >= width * 50 // 60 - 1, "red only over the negative minutes"
        scales = {str(t.query_one(".net-scale").render()) for t in app.query(SubjectTrend)}
        assert scales == {"±0.6"}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_net_sentiment_shows_its_sign_without_colour(size: tuple[int, int]) -> None:
    """Read as plain characters (NO_COLOR, a monochrome wall): a competitor's negative
    minutes hang from the top of the row, its positive ones stand on the bottom, so the
    sign is in the shape, not only in the colour."""
    hour = [rollup(RIVAL, NOW_MINUTE - 60 + i, 5, -0.2 if i >= 40 else 0.3) for i in range(60)]
    app = TrendsApp(trend_series([RIVAL], hour, NOW, 60))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        net = row(app, RIVAL, "net")
        line = drawn(net)
        width = net.size.width
        positive, negative = line[: width * 40 // 60 - 1], line[width * 40 // 60 + 1 :]
        assert positive and set(positive) <= set(BARS), positive
        assert negative and set(negative) <= set(HANGING), negative
        assert "▀" in negative and "▁" not in negative


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_strongest_minutes_of_either_sign_differ_without_colour(
    size: tuple[int, int],
) -> None:
    """The net scale is set by the strongest minute, so that minute's bar is full: a full
    block for a positive one and for a negative one looked the same on a monochrome wall."""
    hour = [rollup(RIVAL, NOW_MINUTE - 60 + i, 5, 0.0) for i in range(58)]
    hour += [rollup(RIVAL, NOW_MINUTE - 2, 5, 0.9), rollup(RIVAL, NOW_MINUTE - 1, 5, -0.9)]
    app = TrendsApp(trend_series([RIVAL], hour, NOW, 60))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = drawn(row(app, RIVAL, "net")).rstrip()
        assert line.endswith("▀") and line.rstrip("▀").endswith("█"), line[-8:]


# -- the gauge -------------------------------------------------------------------------------


def _band(score: str, level: Level) -> bool:
    starts = [0.0, *THRESHOLDS.values(), 101.0]
    return starts[level] <= int(score) < starts[level + 1]


async def test_the_gauge_comes_back_down_within_the_demo(demo_app_factory, clock) -> None:
    """At 80×24, where the gauge has least room (the layout tests check every size), from
    the peak to ten scenario minutes before the demo's arc ends (2 min 50 s at ×60): at
    every refresh the score shown is in the band of the level shown, and a level held up
    by the calm period says so; the gauge is back to elevated or normal by then, and the wall
    shows the held level the same way."""
    app = demo_app_factory()
    async with app.run_test(size=SIZES[0]) as pilot:
        await play_until(app, clock, 3000)
        assert app.assessment is not None and app.assessment.level == Level.CRITICAL
        gauge = app.query_one(SeverityGauge)
        seen_held: set[Level] = set()
        while (clock.now() - DEMO_ORIGIN).total_seconds() < END - 600:
            clock.advance(120)
            await app.collect_once()
            await pilot.pause()
            level, held = (
                gauge.assessment.level,
                gauge.assessment.raw_level < gauge.assessment.level,
            )
            text = " ".join(drawn(gauge).split())
            name = level.label.upper()
            score = text.split(name, 1)[1].split("/100", 1)[0].strip()
            assert _band(score, level), text
            now = f"holding: cooling down, now {gauge.assessment.raw_level.label}"
            assert (now in text) == held, text
            if held and level == Level.ELEVATED and level not in seen_held:
                await pilot.press("w")
                await until(pilot, lambda: screen_is(app, WallScreen))
                await pilot.pause()
                assert app.screen.query_one(LevelBoard).has_class("-elevated")
                assert score_shown(app) == "30"
                assert "holding: cooling down" in str(app.screen.query_one("#level-kind").render())
                await pilot.press("w")
                await until(pilot, lambda: not screen_is(app, WallScreen))
            if held:
                seen_held.add(level)
        assert seen_held >= {Level.HIGH, Level.ELEVATED}, "the step-down was not shown"
        assert gauge.assessment.level <= Level.ELEVATED, gauge.assessment


def test_a_subject_without_mentions_lately_has_no_net_sentiment() -> None:
    """ "net +0.00" read as neutral; with no mention in the last minutes nothing was measured."""
    hour = [rollup(BRAND, NOW_MINUTE - 60 + i, 10, -0.3) for i in range(60)]
    hour += [rollup(RIVAL, NOW_MINUTE - 60 + i, 4, 0.2) for i in range(40)]  # quiet since
    brand, rival = trend_series([BRAND, RIVAL], hour, NOW, 60)
    assert "net -0.30" in brand.headline()
    assert "net —" in rival.headline() and "0/min" in rival.headline()
