"""Full garbage collections at the console's own pace: twice a minute, not several times a minute.

Python collects its oldest objects whenever enough of them have piled up, and a console under
a flood piles them up fast: every beat reads new mentions and Textual keeps each painted line
in caches of its own. Each full collection walked those (70,000 objects, 35–55 ms on a busy
2-core box) and landed, a few times a minute, in the middle of whatever the console was
doing: an `enter` or an `esc` took twice as long. Start-up's objects are frozen
(``gc.freeze``: never walked); from then on the console sweeps the old generation itself,
every ``SWEEP_EVERY`` seconds, and Python's own full collections wait far longer. A key
now meets a full collection once in a few hundred presses, not once in ten.
"""

from __future__ import annotations

import gc

SWEEP_EVERY = 30.0
"""Seconds between the console's full collections: garbage in cycles (a closed screen's
widgets) lives at most this long."""
OLD_THRESHOLD = 1000
"""Collections of the middle generation before Python would collect the oldest itself (its
default is 10): a safety net for a console whose timer cannot run."""


def freeze_start_up() -> None:
    """Collect once, then leave everything alive now out of every later collection."""
    gc.collect()
    gc.freeze()


def hold_off_full_collections() -> None:
    """Let the youngest generations collect as Python likes; the oldest waits for ``sweep``."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, OLD_THRESHOLD)


def sweep() -> None:
    """A full collection, at a moment the console chose."""
    gc.collect()
