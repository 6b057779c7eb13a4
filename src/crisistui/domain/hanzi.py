"""Traditional and simplified Chinese characters, each for the other.

"長榮航空" and "长荣航空" are one airline, "數據洩露" and "数据泄露" one data breach: posts from
Taiwan and Hong Kong are written in traditional characters, most of the mainland's in
simplified, and a team configures its terms in one of them. Brand and competitor terms are
matched in ``matching_form`` (a traditional character read as its simplified one), trigger
terms so in posts in Chinese (Japanese writes 虚偽, false, where Chinese 虚伪 is hypocritical),
and the feed's filter looks for a phrase in both scripts. What is stored of a post (its words,
fingerprint and copy key) keeps the script it was written in.

The tables are OpenCC's character conversions (Apache-2.0; TSCharacters and STCharacters, each
character alone, its first reading), written out with the ``opencc`` package installed by
``python -m crisistui.domain.hanzi``.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from crisistui.domain.text import NAME_FORMS

TABLE = Path(__file__).with_name("hanzi.txt")
"""Two lines: traditional then simplified, pair after pair; then simplified then traditional."""


@cache
def tables() -> tuple[dict[int, int], dict[int, int]]:
    """(traditional → simplified, simplified → traditional), as ``str.translate`` tables."""
    to_simplified, to_traditional = TABLE.read_text(encoding="utf-8").split("\n")[:2]
    return _pairs(to_simplified), _pairs(to_traditional)


def _pairs(line: str) -> dict[int, int]:
    return {ord(line[i]): ord(line[i + 1]) for i in range(0, len(line) - 1, 2)}


def simplified(text: str) -> str:
    return text.translate(tables()[0])


def traditional(text: str) -> str:
    return text.translate(tables()[1])


@cache
def _matching_table() -> dict[int, int | str | None]:
    return {**tables()[0], **NAME_FORMS}


def matching_form(folded: str) -> str:
    """``folded`` (a ``fold``-ed text) with traditional characters written simplified, and
    the Arabic script's letters in one spelling (``text.NAME_FORMS``): a brand's terms are
    matched in it."""
    return folded if folded.isascii() else folded.translate(_matching_table())


def variants(text: str) -> tuple[str, ...]:
    """``text`` as written, in simplified and in traditional characters, each once."""
    return tuple(dict.fromkeys((text, simplified(text), traditional(text))))


def _write(path: Path = TABLE) -> None:  # pragma: no cover - run by hand with opencc installed
    import opencc  # type: ignore[import-not-found]

    ranges = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))
    chars = [chr(code) for first, last in ranges for code in range(first, last + 1)]
    lines = []
    for config in ("t2s", "s2t"):
        converter = opencc.OpenCC(config)
        pairs = []
        for char in chars:
            other = converter.convert(char)
            if len(other) == 1 and other != char:
                pairs.append(char + other)
        lines.append("".join(pairs))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    _write(Path(sys.argv[1]) if len(sys.argv) > 1 else TABLE)
