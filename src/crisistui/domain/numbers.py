"""Numbers as people read them on a wall screen: 1234 → '1.2k', 2_000_000 → '2.0M'."""

from __future__ import annotations


def human_count(n: float) -> str:
    """Short count for drivers, columns and titles (a source may claim up to 10^12
    followers: "1.0T", not "1000000.0M"), in the unit its rounding lands in: 999,999 is
    "1.0M", not "1000k"."""
    if n < 999.5:
        return f"{n:.0f}"
    if n < 9_950:
        return f"{n / 1_000:.1f}k"
    if n < 999_500:
        return f"{n / 1_000:.0f}k"
    for size, unit in ((1e6, "M"), (1e9, "B")):
        if n / size < 999.95:
            return f"{n / size:.1f}{unit}"
    return f"{n / 1e12:.1f}T"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 term', '4 terms' (``many`` for nouns that do not just take an s)."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def wait_in_words(seconds: float) -> str:
    """ "90 s", "12 min", "3 h": how long a source is left alone, in a message."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"
