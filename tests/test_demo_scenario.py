"""The shipped demo scenario: reproducible, well-formed, and shaped like a real crisis."""

from __future__ import annotations

import html
import itertools
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from crisistui.analysis import backtest
from crisistui.analysis.severity import THRESHOLDS, Assessment, Level, SeverityEngine
from crisistui.config import demo_config
from crisistui.demo import generate
from crisistui.demo.generate import build_scenario
from crisistui.demo.story import END
from crisistui.domain.clock import ManualClock
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import DemoSource, load_scenario

SCENARIO = Path(generate.__file__).with_name("scenario.jsonl")
BRAND_TERMS = ("acme air", "acmeair", "#acmeair", "@acmeair")
RIVAL_TERMS = ("zephyr airlines", "@zephyrair", "#zephyrair")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """Parse the shipped file once for the whole module."""
    with SCENARIO.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _is_brand(row: dict) -> bool:
    return any(term in row["text"].lower() for term in BRAND_TERMS)


def test_shipped_file_is_what_the_generator_builds(rows: list[dict]) -> None:
    # If this fails, run `python -m crisistui.demo.generate` and commit scenario.jsonl.
    built = build_scenario()
    assert SCENARIO.read_text(encoding="utf-8") == generate.dumps(built)
    assert rows == built
    assert build_scenario(seed=8) != built


def test_rows_are_sorted_and_ids_unique_per_source(rows: list[dict]) -> None:
    offsets = [row["offset_s"] for row in rows]
    assert offsets == sorted(offsets)
    assert offsets[0] < 0 < offsets[-1]
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row["id"] not in seen[row["source"]], (row["source"], row["id"])
        seen[row["source"]].add(row["id"])
    assert len(seen) >= 5


def test_every_line_mentions_the_brand_or_the_competitor(rows: list[dict]) -> None:
    for row in rows:
        text = row["text"].lower()
        assert any(term in text for term in BRAND_TERMS + RIVAL_TERMS), row["text"]
        assert len(row["text"]) < 400
        assert row["url"].startswith("https://")
        assert any(d in row["url"] for d in ("example.com/", "example.org/", "example.net/"))


def test_right_to_left_and_cjk_lines_are_present(rows: list[dict]) -> None:
    langs = {row["lang"] for row in rows}
    assert {"ar", "he", "ja", "zh", "fr", "es", "de"} <= langs
    share = sum(row["lang"] != "en" for row in rows) / len(rows)
    assert 0.06 <= share <= 0.14


def test_negative_volume_at_the_peak_is_far_above_the_calm_rate(rows: list[dict]) -> None:
    analyzer = SentimentIntensityAnalyzer()

    def negatives_per_minute(start: float, end: float) -> float:
        count = sum(
            1
            for row in rows
            if start <= row["offset_s"] < end
            and row["lang"] == "en"
            and _is_brand(row)
            and analyzer.polarity_scores(html.unescape(row["text"]))["compound"] <= -0.05
        )
        return count / ((end - start) / 60)

    calm = negatives_per_minute(-7200, 0)
    peak = negatives_per_minute(3600, 5400)
    assert 0.1 <= calm <= 1.5
    assert peak >= 5 * calm
    assert peak >= 30
    # severity must be able to reach "high" well before the 5000 s mark
    assert negatives_per_minute(2100, 2400) >= 5 * calm


class _RecordingEngine(SeverityEngine):
    """The engine as the replay runs it, keeping every tick's assessment."""

    ticks: ClassVar[list[Assessment]] = []

    def assess(self, *args: Any, **kwargs: Any) -> Assessment:
        assessment = super().assess(*args, **kwargs)
        self.ticks.append(assessment)
        return assessment


def test_the_demo_shows_its_recovery_before_its_arc_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README promises outage, influencer, news, boycott, response, then recovery within
    the demo's three minutes (scenario seconds 0-10800 at ×60): the gauge must come back down
    within that arc, one level at a time, with a score that agrees with its level throughout,
    and not sit at critical 100 while the trend reads 0 a minute."""
    monkeypatch.setattr(backtest, "SeverityEngine", _RecordingEngine)
    monkeypatch.setattr(_RecordingEngine, "ticks", [])
    origin = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    lines = load_scenario()
    source = DemoSource(
        "demo", ManualClock(origin + timedelta(seconds=END)), origin, scenario=lines
    )
    config = demo_config()
    pipeline = Pipeline(config)
    mentions = [m for m in map(pipeline.process, source.due()) if m is not None]
    own = OwnAccounts(config.brand.accounts)
    backtest.replay(mentions, config.brand.name, config.severity, own)
    ticks = [t for t in _RecordingEngine.ticks if t.at >= origin]
    end = origin + timedelta(seconds=END)

    starts = [0.0, *THRESHOLDS.values(), 101.0]
    for tick in ticks:
        assert starts[tick.level] <= round(tick.score) < starts[tick.level + 1], tick
    peak = max(range(len(ticks)), key=lambda i: (ticks[i].level, -i))
    assert ticks[peak].level == Level.CRITICAL
    after = ticks[peak:]
    levels = [t.level for t in after]
    assert levels == sorted(levels, reverse=True), "the level rose again during the recovery"
    steps = [t for before, t in itertools.pairwise(after) if t.level < before.level]
    assert [t.level for t in steps] == [Level.HIGH, Level.ELEVATED, Level.NORMAL]
    assert steps[1].at < end, f"still high at the end of the arc (elevated at {steps[1].at})"
    calm = timedelta(minutes=config.severity.calm_minutes)
    assert steps[2].at <= end + calm, f"normal only at {steps[2].at}"
