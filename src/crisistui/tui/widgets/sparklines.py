"""Per-minute volume and net sentiment over the last hour, for the brand and competitors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from crisistui.numbers import human_count
from crisistui.store.db import Rollup

RECENT_MINUTES = 5
"""The headline figures are over this many of the latest minutes."""


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
                # unscored mentions count in volume but have no sentiment to average
                net[index] = r.sentiment_sum / r.scored if r.scored else 0.0
        return cls(subject, volume, net)

    @property
    def per_minute(self) -> float:
        """Mentions per minute over the last five minutes."""
        recent = self.volume[-RECENT_MINUTES:]
        return sum(recent) / max(len(recent), 1)

    @property
    def recent_net(self) -> float:
        """Net sentiment over the last five minutes, over the minutes that had mentions."""
        recent = zip(self.net[-RECENT_MINUTES:], self.volume[-RECENT_MINUTES:], strict=False)
        nets = [n for n, v in recent if v]
        return sum(nets) / len(nets) if nets else 0.0

    @property
    def total(self) -> float:
        return sum(self.volume)

    def headline(self) -> str:
        """'Acme Air  25/min  net -0.52  487/h': the figures beside the sparklines."""
        return (
            f"{self.subject}  {human_count(self.per_minute)}/min  net {self.recent_net:+.2f}  "
            f"{human_count(self.total)}/h"
        )


def trend_series(
    subjects: Sequence[str], rollups: Sequence[Rollup], first: int, minutes: int
) -> list[Series]:
    """One series per subject, in the order given (brand first)."""
    return [Series.from_rollups(s, rollups, first, minutes) for s in subjects]


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
        self.query_one(".headline", Label).update(series.headline())
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

    def show(self, series: Sequence[Series]) -> None:
        by_subject = {s.subject: s for s in series}
        for trend in self.query(SubjectTrend):
            if trend.subject in by_subject:
                trend.show(by_subject[trend.subject])
