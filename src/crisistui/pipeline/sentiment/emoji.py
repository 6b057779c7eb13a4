"""Emoji and emoticon valences, the same in every language.

An angry face means the same in Hanoi and Lima, and many complaints are half emoji, so every
language's analyser adds them (VADER reads emoji through its own English descriptions).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from crisistui.domain.automaton import automaton

MAX_REPEATS = 3
"""The same emoji counted at most this often: "😡" × 40 is one angry person."""
_MODIFIERS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")
TABLE = Path(__file__).parent / "lexicons" / "emoji.toml"
TEARS = frozenset("😭🥺")
"""Faces in tears that are of distress beside a complaint or alone, but of joy beside praise
("got the job 😭😭", "my sourdough finally rose 😭", "aww this reunion 🥺")."""
ASTONISHED = frozenset("😱🤯😲😮")
"""Faces of shock, of amazement beside praise as tears are of joy ("QUE GOLAÇO 😱😱")."""
WORDS_SAY_WHICH = TEARS | ASTONISHED
"""Faces whose feeling is what the words beside them say."""
TEARFUL = frozenset(("T_T", "T.T", ";_;", "(T_T)", "ㅠㅠ", "ㅜㅜ", "ㅠㅠㅠ"))
"""Emoticons in tears, of joy beside praise as those faces are ("감동 ㅠㅠ", moved)."""


@dataclass(frozen=True, slots=True)
class EmojiTable:
    emoji: dict[str, float]
    emoticons: dict[str, float]
    _found: re.Pattern[str] | None = None
    """Every emoticon, longest first, where a token ends ("ok:)", "T_T." and ":)" alone)."""
    _emoji_chars: re.Pattern[str] | None = None
    _written: ahocorasick.Automaton | None = None
    """Every emoticon anywhere: most posts hold none, and saying so in one pass is far cheaper
    than trying ``_found``'s look-behinds at every position."""
    _emoji_found: ahocorasick.Automaton | None = None
    """Every emoji, found in order as ``_emoji_chars`` finds them: a class of hundreds of
    astral characters costs the regex engine ten times as much a character."""

    @classmethod
    def build(cls, emoji: dict[str, float], emoticons: dict[str, float]) -> EmojiTable:
        keys = sorted(emoticons, key=len, reverse=True)
        whole = "|".join(map(re.escape, keys))
        # written onto a word only when it starts with a sign: "quá=))" yes, "AND:" no
        attached = "|".join(re.escape(k) for k in keys if not k[0].isalnum()) or "(?!)"
        end = r"(?=$|\s|[.,!?])"
        found = re.compile(f"(?:(?<=\\s)|^)(?:{whole}){end}|(?<=\\w)(?:{attached}){end}")
        chars = "".join(re.escape(c) for c in emoji)
        emoji_found = automaton({char: char for char in emoji}) if emoji else None
        written = automaton({key: key for key in keys}) if keys else None
        return cls(
            emoji,
            emoticons,
            found if keys else None,
            re.compile(f"[{chars}]") if chars else None,
            written,
            emoji_found,
        )

    def valence(self, text: str, beside: float = 0.0) -> float:
        """Summed valence of the emoji and emoticons in ``text``; ``beside`` is what its words
        say: tears (``TEARS``) beside praise are of joy ("passed my driving test 😭😭"), and
        shock (``ASTONISHED``) amazement."""
        total = 0.0
        emoji_here = not text.isascii() and not self.emoji.keys().isdisjoint(text)
        if self._emoji_found is not None and emoji_here:
            seen: dict[str, int] = {}
            for _, char in self._emoji_found.iter(text):
                if seen.get(char, 0) < MAX_REPEATS:
                    seen[char] = seen.get(char, 0) + 1
                    value = self.emoji[char]
                    total += abs(value) if beside > 0 and char in WORDS_SAY_WHICH else value
        if self._found is not None and (self._written is None or _any(self._written, text)):
            for match in self._found.finditer(text):
                value = self.emoticons[match.group()]
                total += abs(value) if beside > 0 and match.group() in TEARFUL else value
        return total


def _any(automaton: ahocorasick.Automaton, text: str) -> bool:
    """Whether any of the automaton's words occurs in ``text``."""
    for _ in automaton.iter(text):
        return True
    return False


@cache
def emoji_table() -> EmojiTable:
    """The shipped table (empty when the package has none)."""
    if not TABLE.exists():
        return EmojiTable({}, {})
    with TABLE.open("rb") as handle:
        data = tomllib.load(handle)
    emoji = {_MODIFIERS.sub("", k): float(v) for k, v in data.get("emoji", {}).items()}
    return EmojiTable.build(
        {k: v for k, v in emoji.items() if len(k) == 1},
        {str(k): float(v) for k, v in data.get("emoticons", {}).items()},
    )
