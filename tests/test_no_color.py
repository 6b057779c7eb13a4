"""NO_COLOR keeps what matters readable: Textual's greys drew red (negative mentions, a HIGH
level) darkest of all, dark grey on near-black, where a yellow ELEVATED stayed light."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome, monochrome_style

from crisistui.tui.monochrome import MIN_TEXT, ReadableMonochrome, readable_style

DARK = Color(30, 30, 30)
LIGHT = Color(235, 235, 235)


def _level(style: Style) -> float:
    assert style.color is not None and style.color.triplet is not None
    red, green, blue = style.color.triplet
    assert red == green == blue, "a grey"
    return red / 255


@pytest.mark.parametrize("red", ["#e05252", "#ff0000", "#b71c1c", "#ffa62b", "#ffd700"])
def test_alarm_colours_are_bold_and_as_light_as_text_gets_on_a_dark_ground(red: str) -> None:
    style = Style(color=red)
    if red.startswith(("#e0", "#ff0", "#b7")):
        assert _level(monochrome_style(style)) < 0.45  # what Textual alone draws
    readable = readable_style(style, DARK)
    assert readable.bold and _level(readable) == 1.0


def test_other_text_is_never_dark_on_a_dark_ground_and_keeps_its_order() -> None:
    greys = [
        _level(readable_style(Style(color=c), DARK)) for c in ("#202020", "#808080", "#e0e0e0")
    ]
    assert greys == sorted(greys) and greys[0] >= MIN_TEXT
    assert not readable_style(Style(color="#1e88e5"), DARK).bold  # blue is no alarm
    assert not readable_style(Style(color="#4caf50"), DARK).bold  # nor green (praise)


def test_dark_text_on_a_light_ground_stays_dark() -> None:
    on_light = readable_style(Style(color="#000000", bgcolor="#ffd54f"), DARK)
    assert _level(on_light) <= 1 - MIN_TEXT
    assert on_light.bgcolor is not None and on_light.bgcolor.triplet is not None
    assert len(set(on_light.bgcolor.triplet)) == 1  # the ground is grey too
    assert _level(readable_style(Style(color="#333333"), LIGHT)) <= 1 - MIN_TEXT


def test_a_console_run_with_no_color_uses_the_readable_greys(
    demo_app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = demo_app_factory()
    kinds = [type(f) for f in app._filters]
    assert not app.native_ansi_color and ReadableMonochrome in kinds
    assert Monochrome not in kinds
