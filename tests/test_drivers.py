"""The drivers in words say what the window holds: a share is never called usual when it is
not."""

from __future__ import annotations

from crisistui.analysis.drivers import ScoredWindow, drivers_in_words
from crisistui.config import SeverityConfig


def window(negative: int, volume: int, usual_share: float) -> ScoredWindow:
    """A window whose count test is past elevated and whose share test is not."""
    return ScoredWindow(5, volume, negative, 1.4, usual_share, 4.0, 1.0)


def test_a_storm_among_few_other_mentions_says_its_share_not_a_usual_one() -> None:
    """8 negatives of 14 mentions read "share near usual 21%" beside them: the share test
    had too few other mentions to be sure, which is what it says now."""
    (driver,) = drivers_in_words(window(8, 14, 0.21), [], [], SeverityConfig())
    assert driver == (
        "8 of 14 mentions negative in 5 min (57%, usual 21%), share not yet beyond chance"
    )
    assert "near usual" not in driver


def test_a_launch_lifting_every_mention_says_its_share_is_near_usual() -> None:
    (driver,) = drivers_in_words(window(8, 60, 0.12), [], [], SeverityConfig())
    assert driver == "negatives up with all mentions (8 of 60 in 5 min), share 13% near usual 12%"
