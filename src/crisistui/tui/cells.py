"""Cell widths as terminals draw them, for Rich and so for Textual, which measures through it.

Rich (15) counts a spacing combining mark (general category Mc) as no cell at all: the vowel
signs of Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam, Sinhala,
Khmer and Myanmar ("का", "কা", "កា", "မော"), their visarga and anusvara. Terminals give each one
a column: glibc's wcwidth (which tmux, screen and every curses program ask), xterm, VTE and
the wcwidth package all count it. A feed row of Khmer or Burmese text, cut and padded to the
pane by Rich's count, was drawn one cell wider per mark; Textual writes a pane's line from the
pane's own column and does not redraw its neighbour, so the row's tail overwrote the pane's
right border and the first columns of the severity pane beside it.

``install`` gives every spacing mark one cell (two if it is East Asian wide, as glibc does)
and leaves Rich's table otherwise as it is. ``newer_than_terminals`` tells the code points
Rich measures wide but a terminal built on ``TERMINAL_UNICODE`` does not know as wide (emoji
of Unicode 15 and later, which tmux 3.3a on glibc 2.36 does not draw at all): the display
text replaces them (``tui.format.steady_width``).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

import rich.cells

TERMINAL_UNICODE = "14.0.0"
"""The newest Unicode a terminal is taken to know: glibc 2.35 and later (Debian 12, Ubuntu
22.04), and Python 3.11's ``unicodedata``, the oldest this project runs on."""

_BELOW_EVERY_SPACING_MARK = 0x20000

Ranges = list[tuple[int, int, int]]


@cache
def spacing_marks() -> dict[int, int]:
    """Every spacing combining mark Python knows, with the cells terminals draw it in."""
    return {
        code: 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for code in range(_BELOW_EVERY_SPACING_MARK)
        if unicodedata.category(char := chr(code)) == "Mc"
    }


def with_widths(ranges: Sequence[tuple[int, int, int]], override: dict[int, int]) -> Ranges:
    """Rich's sorted ``(start, end, cells)`` ranges with single code points given other widths.

    A code point outside every range is one cell to Rich, so an override of 1 there needs no
    entry."""
    codes = sorted(override)
    out: Ranges = []
    for start, end, width in ranges:
        for code in codes[bisect_left(codes, start) : bisect_right(codes, end)]:
            if code > start:
                out.append((start, code - 1, width))
            out.append((code, code, override[code]))
            start = code + 1
        if start <= end:
            out.append((start, end, width))
    return out


_installed = False


def install() -> None:
    """Make Rich measure spacing marks as terminals draw them; once, before anything is drawn.

    Does nothing on a Rich without the per-version cell tables (``rich.cells.load_cell_table``),
    whose own count is then what the console goes by."""
    global _installed
    load = getattr(rich.cells, "load_cell_table", None)
    table_type = getattr(rich.cells, "CellTable", None)
    if _installed or load is None or table_type is None:
        return

    @cache
    def terminal_table(unicode_version: str = "auto") -> object:
        table = load(unicode_version)
        widths = with_widths(table.widths, spacing_marks())
        return table_type(table.unicode_version, widths, table.narrow_to_wide)

    rich.cells.load_cell_table = terminal_table
    # anything measured before (an import-time constant) is measured again
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()
    _installed = True


@cache
def _wide_ranges(version: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts, ends) of the ranges Rich's table for ``version`` draws two cells wide."""
    from rich._unicode_data import load

    wide = [(start, end) for start, end, width in load(version).widths if width == 2]
    return tuple(start for start, _ in wide), tuple(end for _, end in wide)


def _within(ranges: tuple[tuple[int, ...], tuple[int, ...]], code: int) -> bool:
    starts, ends = ranges
    at = bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


def newer_than_terminals(code: int) -> bool:
    """Whether Rich draws ``code`` two cells wide though it was not wide in
    ``TERMINAL_UNICODE``: the emoji assigned since (🫨, 🪿, 🩷, 🫩 …), which a terminal that
    does not know them draws in one cell or not at all, and the few symbols Unicode 16 made
    wide (☰, ䷀, 𝌀), drawn in one cell by terminals before it. False on a Rich without
    per-version tables."""
    try:
        return _within(_wide_ranges("auto"), code) and not _within(
            _wide_ranges(TERMINAL_UNICODE), code
        )
    except (ImportError, ValueError, KeyError, AttributeError):
        return False
