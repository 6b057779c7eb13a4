"""A console that collects checks its lease: when another collector took its sources (a
PostgreSQL restart let go of the lease, and the other came first), it stops polling, says so
and only reads; while the lease is its own, nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crisistui.domain.clock import ManualClock
from crisistui.tui.collecting import READING_ELSEWHERE
from tests.test_console import play_until


async def test_a_console_whose_lease_was_taken_stops_collecting_and_says_so(
    demo_app_factory: Callable[..., Any], clock: ManualClock
) -> None:
    app = demo_app_factory()
    held = [True]
    app.setup.holds = lambda: held[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(app, clock, 300)
        assert await app.check_lease() and app.collects()

        held[0] = False  # another collector has the sources now
        assert not await app.check_lease()
        await pilot.pause()
        assert not app.collects()
        assert not [w for w in app.workers if w.group == "collector" and w.is_running]
        assert app.setup.mode == READING_ELSEWHERE.replace("live", "test")
        assert any(n.title == "Not collecting" for n in app._notifications)
        assert not await app.check_lease()  # said once
        assert [n.title for n in app._notifications].count("Not collecting") == 1
