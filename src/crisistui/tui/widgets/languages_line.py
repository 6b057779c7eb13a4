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


def languages_text(voices: Sequence[LanguageVoice], minutes: int) -> Text:
    """The line, most-spoken language first; the sentiment of each when it is known."""
    line = Text(f"Languages, {minutes} min: ", style="bold")
    for index, voice in enumerate(voices[:SHOWN]):
        if index:
            line.append(" · ", style="dim")
        line.append(f"{voice.name} {human_count(voice.mentions)}")
        share = voice.negative_share
        if share is None:
            line.append(" (unscored)", style="italic")
        elif share >= 0.5:
            line.append(f" ({share:.0%} negative)", style="red")
    if len(voices) > SHOWN:
        line.append(f" · {len(voices) - SHOWN} more", style="dim")
    return line


class LanguagesLine(Static):
    """Shown only when more than one language is heard or one cannot be scored."""

    DEFAULT_CSS = "LanguagesLine { height: 1; padding: 0 1; }"

    def show(self, voices: Sequence[LanguageVoice], minutes: int) -> bool:
        """Update; True when the line is worth a row."""
        worth = len(voices) > 1 or any(v.negative_share is None for v in voices)
        self.display = worth
        if worth:
            self.update(languages_text(voices, minutes))
        return worth
