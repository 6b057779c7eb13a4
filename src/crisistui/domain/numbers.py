"""Numbers as people read them on a wall screen: 1234 → '1.2k', 2_000_000 → '2.0M'."""

from __future__ import annotations


def human_count(n: float) -> str:
    """Short count for drivers, columns and titles (a source may claim up to 10^12
    followers: "1.0T", not "1000000.0M")."""
    if n >= 1_000_000_000_000:
        return f"{n / 1_000_000_000_000:.1f}T"
    if n >= 1_000_000_000:
        return f"{n / 1_000_000_000:.1f}B"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1_000:.0f}k"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return f"{n:.0f}"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 term', '4 terms' (``many`` for nouns that do not just take an s)."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"
