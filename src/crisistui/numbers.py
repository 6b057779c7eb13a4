"""Numbers as people read them on a wall screen: 1234 → '1.2k', 2_000_000 → '2.0M'."""

from __future__ import annotations


def human_count(n: float) -> str:
    """Short count for drivers, columns and titles."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1_000:.0f}k"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return f"{n:.0f}"
