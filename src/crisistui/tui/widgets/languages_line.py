"""One line for the wall: who is talking in which language over the last minutes.

"Languages, 15 min: English 120 · Vietnamese 412 (80% negative) · Amharic 24 (unscored)". A
storm in a language the room does not read is the line that tells it so.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from crisistui.analysis.spoken import LanguageVoice
from crisistui.domain.numbers import human_count

SHOWN = 5
LANGUAGE_MINUTES = 15
"""The span the console counts languages over."""


def languages_text(voices: Sequence[LanguageVoice], minutes: int, width: int = 0) -> Text:
    """The line, most-spoken language first; the sentiment of each when it is known. Within
    ``width`` cells (when given), it names as many languages as fit whole and counts the
    rest, rather than ending in half a name and a dangling "·"."""
    head = Text(f"Languages, {minutes} min: ", style="bold")
    parts: list[Text] = []
    for voice in voices:
        part = Text(f"{voice.name} {human_count(voice.mentions)}")
        share = voice.negative_share
        if share is None:
            part.append(" (unscored)", style="italic")
        elif share >= 0.5:
            part.append(f" ({share:.0%} negative)", style="red")
        parts.append(part)
    shown = min(len(parts), SHOWN)
    while shown > 1 and width and _line(head, parts, shown).cell_len > width:
        shown -= 1
    return _line(head, parts, shown)


def _line(head: Text, parts: Sequence[Text], shown: int) -> Text:
    line = head.copy()
    for index, part in enumerate(parts[:shown]):
        if index:
            line.append(" · ", style="dim")
        line.append_text(part)
    if len(parts) > shown:
        line.append(f" · {len(parts) - shown} more", style="dim")
    return line


class LanguagesLine(Static):
    """Shown only when more than one language is heard or one cannot be scored."""

    DEFAULT_CSS = "LanguagesLine { height: 1; padding: 0 1; }"

    _said: tuple[Sequence[LanguageVoice], int] = ((), LANGUAGE_MINUTES)
    """What it shows, to fit again to a new width."""

    def show(self, voices: Sequence[LanguageVoice], minutes: int) -> bool:
        """Update; True when the line is worth a row."""
        worth = len(voices) > 1 or any(v.negative_share is None for v in voices)
        self.display = worth
        self._said = (voices, minutes)
        if worth:
            self.update(languages_text(voices, minutes, self.content_region.width))
        return worth

    def on_resize(self) -> None:
        voices, minutes = self._said
        if voices:
            self.update(languages_text(voices, minutes, self.content_region.width))
