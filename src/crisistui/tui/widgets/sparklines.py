"""Per-minute volume and net sentiment over the last hour, for the brand and competitors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from crisistui.numbers import human_count
from crisistui.store.db import Rollup


@dataclass(frozen=True, slots=True)
class Series:
    """An hour of per-minute points for one subject."""

    subject: str
    volume: list[float]
    net: list[float]

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
                net[index] = r.sentiment_sum / r.volume if r.volume else 0.0
        return cls(subject, volume, net)


class SubjectTrend(Vertical):
    """Label with the latest figures, then a volume sparkline and a net sentiment sparkline."""

    DEFAULT_CSS = """
    SubjectTrend { height: auto; }
    SubjectTrend > Label { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    SubjectTrend > Horizontal { height: 1; }
    SubjectTrend > Horizontal > Label { width: 4; color: $text-muted; }
    SubjectTrend Sparkline { height: 1; width: 1fr; }
    SubjectTrend .net > .sparkline--max-color { color: $success; }
    SubjectTrend .net > .sparkline--min-color { color: $error; }
    """

    def __init__(self, subject: str) -> None:
        super().__init__()
        self.subject = subject

    def compose(self) -> ComposeResult:
        yield Label(self.subject, markup=False, classes="headline")
        with Horizontal():
            yield Label("vol")
            yield Sparkline([0.0], classes="volume")
        with Horizontal():
            yield Label("net")
            yield Sparkline([0.0], classes="net")

    def show(self, series: Series) -> None:
        recent = series.volume[-5:]
        per_min = sum(recent) / max(len(recent), 1)
        nets = [n for n, v in zip(series.net[-5:], recent, strict=False) if v]
        net = sum(nets) / len(nets) if nets else 0.0
        total = sum(series.volume)
        self.query_one(".headline", Label).update(
            f"{self.subject}  {human_count(per_min)}/min  net {net:+.2f}  {human_count(total)}/h"
        )
        self.query_one(".volume", Sparkline).data = series.volume
        self.query_one(".net", Sparkline).data = series.net


class TrendPanel(Vertical):
    """One ``SubjectTrend`` per subject."""

    DEFAULT_CSS = """
    TrendPanel { height: auto; }
    """

    def __init__(self, subjects: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.subjects = list(subjects)

    def compose(self) -> ComposeResult:
        for subject in self.subjects:
            yield SubjectTrend(subject)

    def show(self, rollups: Sequence[Rollup], first_minute: int, minutes: int) -> None:
        for trend in self.query(SubjectTrend):
            trend.show(Series.from_rollups(trend.subject, rollups, first_minute, minutes))
