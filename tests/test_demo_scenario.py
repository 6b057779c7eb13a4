"""The shipped demo scenario: reproducible, well-formed, and shaped like a real crisis."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from crisistui.demo import generate
from crisistui.demo.generate import build_scenario

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
