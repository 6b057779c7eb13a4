"""NO_COLOR: greys that keep what matters readable.

Textual draws a console run with ``NO_COLOR`` in the grey of each colour's brightness. Red,
the colour of negative mentions and of a HIGH level, is a dark colour: the rows and the level
that matter most came out darkest, dark grey on near-black, where a yellow ELEVATED stayed
light. Here text on a dark ground is never darker than ``MIN_TEXT`` of white (greys keep
their order above it), text on a light ground never lighter than ``1 - MIN_TEXT``, and text
that was red, orange or yellow (the console's alarm colours) is bold and as light as text
gets, so it stands out by weight where it stood out by colour. Backgrounds keep their greys
(the cursor's bar, a critical gauge's block).
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

MIN_TEXT = 0.62
"""The darkest text on a dark ground, as a share of white."""
ALARM_HUES = ((0.0, 0.17), (0.92, 1.0))
"""Hues (0–1) of red, orange and yellow."""
ALARM_SATURATION = 0.35


def _grey(level: float) -> Color:
    value = round(max(0.0, min(level, 1.0)) * 255)
    return Color(value, value, value)


def _alarm(color: Color) -> bool:
    hue, saturation, lightness = color.hsl
    return (
        saturation >= ALARM_SATURATION
        and 0.15 < lightness < 0.95
        and any(low <= hue <= high for low, high in ALARM_HUES)
    )


@lru_cache(4096)
def readable_style(style: Style, ground: Color) -> Style:
    """``style`` in greys, its text kept apart from the ground it is drawn on (``ground``:
    the widget's background when the style names none)."""
    background = None if style.bgcolor is None else Color.from_rich_color(style.bgcolor)
    under = (background or ground).monochrome
    color = None
    bold = False
    if style.color is not None:
        original = Color.from_rich_color(style.color)
        level = original.monochrome.r / 255
        dark_ground = under.r / 255 < 0.5  # light text on it; else dark text on a light one
        level = MIN_TEXT + (1 - MIN_TEXT) * level if dark_ground else (1 - MIN_TEXT) * level
        bold = _alarm(original)
        if bold and dark_ground:  # no dimmer than any text around it
            level = 1.0
        color = _grey(level).rich_color
    grey_ground = None if background is None else background.monochrome.rich_color
    readable = style + Style.from_color(color, grey_ground)
    return readable + Style(bold=True) if bold else readable


class ReadableMonochrome(LineFilter):
    """Textual's ``Monochrome`` filter, with text kept readable (see the module)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, readable_style(style, background) if style else style, None)
            for text, style, _ in segments
        ]
