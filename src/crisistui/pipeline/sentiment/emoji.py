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

MAX_REPEATS = 3
"""The same emoji counted at most this often: "😡" × 40 is one angry person."""
_MODIFIERS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")
TABLE = Path(__file__).parent / "lexicons" / "emoji.toml"


@dataclass(frozen=True, slots=True)
class EmojiTable:
    emoji: dict[str, float]
    emoticons: dict[str, float]
    _found: re.Pattern[str] | None = None
    _emoji_chars: re.Pattern[str] | None = None
    """Every emoticon, longest first, where a token ends ("ok:)", "T_T." and ":)" alone)."""

    @classmethod
    def build(cls, emoji: dict[str, float], emoticons: dict[str, float]) -> EmojiTable:
        keys = sorted(emoticons, key=len, reverse=True)
        whole = "|".join(map(re.escape, keys))
        # written onto a word only when it starts with a sign: "quá=))" yes, "AND:" no
        attached = "|".join(re.escape(k) for k in keys if not k[0].isalnum()) or "(?!)"
        end = r"(?=$|\s|[.,!?])"
        found = re.compile(f"(?:(?<=\\s)|^)(?:{whole}){end}|(?<=\\w)(?:{attached}){end}")
        chars = "".join(re.escape(c) for c in emoji)
        return cls(
            emoji, emoticons, found if keys else None, re.compile(f"[{chars}]") if chars else None
        )

    def valence(self, text: str) -> float:
        """Summed valence of the emoji and emoticons in ``text``."""
        total = 0.0
        if self._emoji_chars is not None and not text.isascii():
            seen: dict[str, int] = {}
            for char in self._emoji_chars.findall(text):
                if seen.get(char, 0) < MAX_REPEATS:
                    seen[char] = seen.get(char, 0) + 1
                    total += self.emoji[char]
        if self._found is not None:
            for match in self._found.finditer(text):
                total += self.emoticons[match.group()]
        return total


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
