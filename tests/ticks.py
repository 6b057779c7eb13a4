"""Every assessment the severity engine makes while a block runs: what a replay or a warm-up
said at each tick, to compare two ways of getting there."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from crisistui.analysis.severity import Assessment, SeverityEngine


@contextmanager
def recorded_ticks() -> Iterator[list[Assessment]]:
    """A list that each ``SeverityEngine.assess`` appends its answer to, until the block ends."""
    said: list[Assessment] = []
    assess = SeverityEngine.assess

    def recorded(engine: SeverityEngine, *args: Any, **kwargs: Any) -> Assessment:
        said.append(assess(engine, *args, **kwargs))
        return said[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SeverityEngine, "assess", recorded)
        yield said
