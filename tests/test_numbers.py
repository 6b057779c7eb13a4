"""Counts as a wall screen shows them, up to the largest a source may claim."""

from __future__ import annotations

import pytest

from crisistui.domain.numbers import human_count


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (999, "999"),
        (1_234, "1.2k"),
        (45_000, "45k"),
        (2_000_000, "2.0M"),
        (3_400_000_000, "3.4B"),
        (10**12, "1.0T"),  # a source's claim is capped here; never "1000000.0M"
    ],
)
def test_counts_read_short_at_every_size(count: int, shown: str) -> None:
    assert human_count(count) == shown


@pytest.mark.parametrize(
    ("count", "shown"),
    [(999_999, "1.0M"), (9_990, "10k"), (999_960_000, "1.0B"), (999_999_999_999, "1.0T")],
)
def test_a_count_that_rounds_up_is_said_in_the_next_unit(count: int, shown: str) -> None:
    """999,999 followers read "1000k" in the feed, the gauge's drivers and the report."""
    assert human_count(count) == shown
