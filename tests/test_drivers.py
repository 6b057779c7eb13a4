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


def test_a_share_not_yet_beyond_chance_follows_the_words_that_surged() -> None:
    """Said first, above "30 service-outage terms", it read as a reason not to worry at a
    critical level the terms had raised."""
    from crisistui.analysis.triggers import TermSurge

    surge = TermSurge("service-outage", "", 180, 30, 0.1, 9.0)
    drivers = drivers_in_words(window(6, 10, 0.22), [], [surge], SeverityConfig())
    assert drivers[0].startswith("30 service-outage terms (180 min, usual 0.1)")
    assert drivers[1].endswith("share not yet beyond chance")
