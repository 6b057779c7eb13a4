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

MAX_EMOTICON = 8
MAX_REPEATS = 3
"""The same emoji counted at most this often: "😡" × 40 is one angry person."""
_MODIFIERS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")
_EMOTICON_EDGE = re.compile(r"\S+")
TABLE = Path(__file__).parent / "lexicons" / "emoji.toml"


@dataclass(frozen=True, slots=True)
class EmojiTable:
    emoji: dict[str, float]
    emoticons: dict[str, float]

    def valence(self, text: str) -> float:
        """Summed valence of the emoji and emoticons in ``text``."""
        total = 0.0
        if self.emoji and not text.isascii():
            seen: dict[str, int] = {}
            for char in _MODIFIERS.sub("", text):
                if char in self.emoji and seen.get(char, 0) < MAX_REPEATS:
                    seen[char] = seen.get(char, 0) + 1
                    total += self.emoji[char]
        if self.emoticons:
            for token in _EMOTICON_EDGE.findall(text):
                if (valence := self._emoticon(token)) is not None:
                    total += valence
        return total

    def _emoticon(self, token: str) -> float | None:
        """The emoticon a token is, or ends with ("quá=))", "ok:)", "T_T."), if any."""
        if (valence := self.emoticons.get(token)) is not None:
            return valence
        token = token.rstrip(".,!?")
        for size in range(min(len(token), MAX_EMOTICON), 1, -1):
            tail = token[-size:]
            if (valence := self.emoticons.get(tail)) is not None and not tail.isalnum():
                return valence
        return None


@cache
def emoji_table() -> EmojiTable:
    """The shipped table (empty when the package has none)."""
    if not TABLE.exists():
        return EmojiTable({}, {})
    with TABLE.open("rb") as handle:
        data = tomllib.load(handle)
    emoji = {_MODIFIERS.sub("", k): float(v) for k, v in data.get("emoji", {}).items()}
    return EmojiTable(
        {k: v for k, v in emoji.items() if len(k) == 1},
        {str(k): float(v) for k, v in data.get("emoticons", {}).items()},
    )
