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
    ``width`` cells (when given) it names as many languages as fit whole and counts the rest,
    rather than ending in half a name and a dangling "·": in full words when that names them
    all, else by code ("vi 412 (80% neg)") when that names more; those that alarm (mostly
    negative, or unscored) are named before calm ones, so an 80-column wall still shows a
    second language in a storm."""
    head = Text(f"Languages, {minutes} min: ", style="bold")
    spelled = [_part(v) for v in voices]
    coded = [_part(v, coded=True) for v in voices]
    order = sorted(range(len(voices)), key=lambda i: (not _alarming(voices[i]), i))
    best: tuple[int, bool] = (-1, False)
    line = Text()
    for parts in (spelled, coded):
        shown = min(len(parts), SHOWN)
        while shown > 1 and width and _line(head, parts, order[:shown]).cell_len > width:
            shown -= 1
        made = _line(head, parts, order[:shown])
        fits = not width or made.cell_len <= width
        if (shown, fits) > best:
            best, line = (shown, fits), made
        if shown == len(parts) and fits:
            break
    return line


def _alarming(voice: LanguageVoice) -> bool:
    share = voice.negative_share
    return share is None or share >= 0.5


def _part(voice: LanguageVoice, *, coded: bool = False) -> Text:
    named = voice.lang or "none" if coded else voice.name
    part = Text(f"{named} {human_count(voice.mentions)}")
    share = voice.negative_share
    if share is None:
        part.append(" (unscored)", style="italic")
    elif share >= 0.5:
        part.append(f" ({share:.0%} {'neg' if coded else 'negative'})", style="red")
    return part


def _line(head: Text, parts: Sequence[Text], chosen: Sequence[int]) -> Text:
    """``head`` then the ``chosen`` parts in the order they were given."""
    line = head.copy()
    for index, which in enumerate(sorted(chosen)):
        if index:
            line.append(" · ", style="dim")
        line.append_text(parts[which])
    if len(parts) > len(chosen):
        line.append(f" · {len(parts) - len(chosen)} more", style="dim")
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
