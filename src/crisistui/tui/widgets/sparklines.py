"""Per-minute volume and net sentiment over the last hour, for the brand and competitors.

Drawn so they cannot mislead on the worst day: the minute still under way is left out (it
would always look like a collapse), the volume rows share one scale (a competitor at 2 a
minute must not draw the brand's 50-a-minute spikes), and net sentiment is drawn from zero,
on one symmetric scale, coloured by its sign (red only ever means negative) and shaped by it
(a negative minute hangs from the top), so it reads without colour too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from crisistui.domain.numbers import human_count
from crisistui.domain.records import Rollup
from crisistui.domain.time import to_epoch

RECENT_MINUTES = 5
"""The headline figures are over this many of the latest complete minutes."""
NET_SCALE_FLOOR = 0.2
"""The net rows' scale never shrinks below ±0.2, so a near-neutral hour (±0.05) does not draw
full-height bars."""
BARS = "▁▂▃▄▅▆▇█"
HANGING = "▔▔▔▀▀▀██"
"""A negative net minute's bar, by eighths, hangs from the top of its row, so its sign shows
without colour (NO_COLOR, a monochrome wall screen) or to an eye that cannot tell red from
green: the terminal's blocks grow down from the top in three steps only."""
HANGING_END = "▔▔▔▔▀▀▀▀"
"""The same in a hanging bar's deepest row, which it never fills: a full block there would
be the full positive bar's, and the strongest minute of either sign (the net scale's
top) looked the same without colour."""


@dataclass(frozen=True, slots=True)
class Series:
    """An hour of per-minute points for one subject, up to the last complete minute."""

    subject: str
    volume: list[float]
    net: list[float]
    """Net sentiment per minute; 0.0 in a minute without mentions (``volume`` tells)."""

    @classmethod
    def from_rollups(
        cls, subject: str, rollups: Sequence[Rollup], first: int, minutes: int
    ) -> Series:
        volume = [0.0] * minutes
        net = [0.0] * minutes
        for r in rollups:
            index = r.minute - first
            if r.subject == subject and 0 <= index < minutes:
                volume[index] = float(r.volume)
                # unscored mentions count in volume but have no sentiment to average
                net[index] = r.sentiment_sum / r.scored if r.scored else 0.0
        return cls(subject, volume, net)

    @property
    def per_minute(self) -> float:
        """Mentions per minute over the last five complete minutes."""
        recent = self.volume[-RECENT_MINUTES:]
        return sum(recent) / max(len(recent), 1)

    @property
    def recent_net(self) -> float | None:
        """Net sentiment over the last five minutes, over the minutes that had mentions;
        None without any (nothing measured is not neutral)."""
        recent = zip(self.net[-RECENT_MINUTES:], self.volume[-RECENT_MINUTES:], strict=False)
        nets = [n for n, v in recent if v]
        return sum(nets) / len(nets) if nets else None

    @property
    def total(self) -> float:
        return sum(self.volume)

    @property
    def peak(self) -> float:
        """The busiest minute's mentions."""
        return max(self.volume, default=0.0)

    def headline(self) -> str:
        """'Acme Air  25/min  net -0.52  487/h': the figures beside the sparklines ('net —'
        with no mention in the last minutes)."""
        net = self.recent_net
        said = "—" if net is None else f"{net:+.2f}"
        return (
            f"{self.subject}  {human_count(self.per_minute)}/min  net {said}  "
            f"{human_count(self.total)}/h"
        )


def trend_series(
    subjects: Sequence[str], rollups: Sequence[Rollup], now: datetime, minutes: int
) -> list[Series]:
    """One series per subject, in the order given (brand first), of the ``minutes`` complete
    minutes before ``now`` (the app's clock): the minute under way is left out, since its
    few seconds of mentions would read as volume collapsing."""
    first = to_epoch(now) // 60 - minutes
    return [Series.from_rollups(s, rollups, first, minutes) for s in subjects]


def volume_scale(series: Sequence[Series]) -> float:
    """The top of every volume row: the busiest minute of any subject compared."""
    return max((s.peak for s in series), default=0.0) or 1.0


def net_scale(series: Sequence[Series]) -> float:
    """The top of every net row, either way from zero: the strongest minute of any subject."""
    strongest = max(
        (abs(n) for s in series for n, v in zip(s.net, s.volume, strict=False) if v),
        default=0.0,
    )
    return max(strongest, NET_SCALE_FLOOR)


class TrendBars(Sparkline):
    """Bars from zero on a scale the caller gives, not the data's own min and max.

    A ``Sparkline``, so the screens' Sparkline rules (height on the wall) still apply. Bar
    height is the size of a value against ``top``; a signed row colours each bar by its sign
    and hangs a negative one from the top.
    A minute without mentions is left blank.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "trend-bars--volume",
        "trend-bars--positive",
        "trend-bars--negative",
        "trend-bars--neutral",
    }
    DEFAULT_CSS = """
    TrendBars > .trend-bars--volume { color: $primary; }
    TrendBars > .trend-bars--positive { color: $success; }
    TrendBars > .trend-bars--negative { color: $error; }
    TrendBars > .trend-bars--neutral { color: $text-muted; }
    """

    def __init__(self, *, signed: bool = False, classes: str | None = None) -> None:
        super().__init__([], classes=classes)
        self.signed = signed
        self.top = 1.0
        self.weights: list[float] = []

    def plot(self, values: Sequence[float], top: float, weights: Sequence[float]) -> None:
        """Show ``values`` (per minute) against ``top``; ``weights`` are the minutes'
        mentions: a minute without any is blank, and a bar standing for several minutes
        averages a signed row by them."""
        shown = (self.top, self.weights, self.data)
        self.top = top if top > 0 else 1.0
        self.weights = list(weights)
        self.data = list(values)
        if (self.top, self.weights, self.data) != shown:  # a beat that moved nothing paints nothing
            self.refresh()

    def _columns(self, width: int) -> list[float | None]:
        """One value per column (None: no mentions there): the busiest minute of those a
        column stands for, or for a signed row their mentions' average."""
        data = list(self.data or [])
        weights = self.weights if len(self.weights) == len(data) else [1.0] * len(data)
        if not data or width <= 0:
            return []
        columns: list[float | None] = []
        for column in range(width):
            low = column * len(data) // width
            high = max((column + 1) * len(data) // width, low + 1)
            points = [(v, w) for v, w in zip(data[low:high], weights[low:high], strict=True) if w]
            if not points:
                columns.append(None)
            elif self.signed:
                columns.append(sum(v * w for v, w in points) / sum(w for _v, w in points))
            else:
                columns.append(max(v for v, _w in points))
        return columns

    def render(self) -> Text:
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        steps = len(BARS) * height
        styles = {
            name: self.get_component_rich_style(f"trend-bars--{name}", partial=True)
            for name in ("volume", "positive", "negative", "neutral")
        }
        rows = [Text() for _ in range(height)]
        for value in self._columns(width):
            filled = 0 if not value else max(math.ceil(min(abs(value) / self.top, 1.0) * steps), 1)
            style = self._style(value, styles)
            hangs = self.signed and value is not None and value < 0
            # a bar grows from the bottom row up; a negative net one from the top row down
            for row, line in enumerate(rows if hangs else reversed(rows)):
                part = filled - row * len(BARS)
                if value is not None and not hangs and row == 0 and part <= 0:
                    line.append(BARS[0], styles["neutral"])  # zero: a dim baseline
                elif part <= 0 or value is None:
                    line.append(" ")
                else:
                    glyphs = BARS
                    if hangs:
                        glyphs = HANGING_END if row == height - 1 else HANGING
                    line.append(glyphs[min(part, len(glyphs)) - 1], style)
        return Text("\n").join(rows)

    def _style(self, value: float | None, styles: dict[str, Style]) -> Style:
        if not self.signed:
            return styles["volume"]
        if value is None or value == 0:
            return styles["neutral"]
        return styles["positive"] if value > 0 else styles["negative"]


class SubjectTrend(Vertical):
    """Label with the latest figures, then a volume row and a net sentiment row, each with
    its scale at the end: the busiest minute, and how far from zero a full bar is."""

    DEFAULT_CSS = """
    SubjectTrend { height: auto; }
    SubjectTrend > Label { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    SubjectTrend > Horizontal { height: 1; }
    SubjectTrend > Horizontal > Label { width: 4; color: $text-muted; }
    SubjectTrend > Horizontal > Label.scale { width: 6; padding-left: 1; }
    SubjectTrend TrendBars { height: 1; width: 1fr; }
    """

    def __init__(self, subject: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.subject = subject

    def compose(self) -> ComposeResult:
        yield Label(self.subject, markup=False, classes="headline")
        with Horizontal():
            yield Label("vol")
            yield TrendBars(classes="volume")
            yield Label("", markup=False, classes="scale volume-scale")
        with Horizontal():
            yield Label("net")
            yield TrendBars(signed=True, classes="net")
            yield Label("", markup=False, classes="scale net-scale")

    def show(self, series: Series, volume_top: float, net_top: float) -> None:
        """``volume_top`` and ``net_top`` are shared by every subject compared. The labels
        are one line of a fixed width each, so new words need no layout of the screen."""
        _say(self.query_one(".headline", Label), series.headline())
        self.query_one(".volume", TrendBars).plot(series.volume, volume_top, series.volume)
        self.query_one(".net", TrendBars).plot(series.net, net_top, series.volume)
        _say(self.query_one(".volume-scale", Label), f"▲{human_count(series.peak)}")
        _say(self.query_one(".net-scale", Label), f"±{net_top:.1f}")


def _say(label: Label, text: str | Text) -> None:
    """A one-line label of a fixed width: painted again only when its words change, and
    never laid out (the screen's layout does not depend on them)."""
    if label.content != text:
        label.update(text, layout=False)


class TrendPanel(Vertical):
    """One ``SubjectTrend`` per subject, all on the same scales so they compare."""

    DEFAULT_CSS = """
    TrendPanel { height: auto; }
    """

    def __init__(self, subjects: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.subjects = list(subjects)

    def compose(self) -> ComposeResult:
        for index, subject in enumerate(self.subjects):  # the brand first, then competitors
            yield SubjectTrend(subject, classes="-competitor" if index else "-brand")

    def show(self, series: Sequence[Series]) -> None:
        by_subject = {s.subject: s for s in series}
        volume_top, net_top = volume_scale(series), net_scale(series)
        for trend in self.query(SubjectTrend):
            if trend.subject in by_subject:
                trend.show(by_subject[trend.subject], volume_top, net_top)
