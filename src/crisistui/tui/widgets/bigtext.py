"""Words three lines high, drawn with the box characters Textual's ``Digits`` uses, and five
lines high in solid blocks for big screens, so a level name can be read from across a room and
still reads as a word with no colour at all."""

from __future__ import annotations

from rich.text import Text

GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┏━╮", "┃ ┃", "┗━╯"),
    "E": ("┏━╸", "┣━╸", "┗━╸"),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┓┏┓", "┃┗┛┃", "╹  ╹"),
    "N": ("┏┓ ╻", "┃┗┓┃", "╹ ┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "V": ("╻  ╻", "┗┓┏┛", " ┗┛ "),
    " ": ("  ", "  ", "  "),
}
"""Enough letters for the level names (NORMAL, ELEVATED, HIGH, CRITICAL)."""

HEIGHT = 3


def big_lines(word: str) -> list[str]:
    """The three lines of ``word``; letters without a glyph fall back to themselves."""
    rows = ["", "", ""]
    for index, letter in enumerate(word.upper()):
        glyph = GLYPHS.get(letter, (" ", letter, " "))
        for row in range(HEIGHT):
            rows[row] += (" " if index else "") + glyph[row]
    return rows


def big_width(word: str) -> int:
    return len(big_lines(word)[0])


def big_text(word: str, style: str = "") -> Text:
    """``word`` as a three-line Rich text."""
    return Text("\n".join(big_lines(word)), style=style, no_wrap=True, end="")


BLOCKS: dict[str, tuple[str, ...]] = {
    "A": (".##.", "#..#", "####", "#..#", "#..#"),
    "C": (".###", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "###.", "#...", "####"),
    "G": (".###", "#...", "#.##", "#..#", ".###"),
    "H": ("#..#", "#..#", "####", "#..#", "#..#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "L": ("#...", "#...", "#...", "#...", "####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "R": ("###.", "#..#", "###.", "#.#.", "#..#"),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "0": (".##.", "#..#", "#..#", "#..#", ".##."),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###.", "...#", ".##.", "#...", "####"),
    "3": ("###.", "...#", ".##.", "...#", "###."),
    "4": ("#..#", "#..#", "####", "...#", "...#"),
    "5": ("####", "#...", "###.", "...#", "###."),
    "6": (".##.", "#...", "###.", "#..#", ".##."),
    "7": ("####", "...#", "..#.", ".#..", ".#.."),
    "8": (".##.", "#..#", ".##.", "#..#", ".##."),
    "9": (".##.", "#..#", ".###", "...#", ".##."),
    " ": ("..", "..", "..", "..", ".."),
}
"""Five-by-n bitmaps of the level names' letters and the digits."""

BLOCK_HEIGHT = 5


def block_lines(word: str) -> list[str]:
    """The five lines of ``word`` in solid blocks, each dot two cells wide (cells are about
    twice as tall as wide, so the letters come out roughly square)."""
    rows = [""] * BLOCK_HEIGHT
    for index, letter in enumerate(word.upper()):
        glyph = BLOCKS.get(letter, BLOCKS[" "])
        for row in range(BLOCK_HEIGHT):
            pixels = glyph[row].replace("#", "██").replace(".", "  ")
            rows[row] += ("  " if index else "") + pixels
    return rows


def block_text(word: str, style: str = "") -> Text:
    """``word`` as a five-line Rich text in solid blocks."""
    return Text("\n".join(block_lines(word)), style=style, no_wrap=True, end="")
