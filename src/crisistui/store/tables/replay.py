"""What a database says about its own time and purpose: a replay's clock, a drill's mark,
the brand it belongs to.

A replayed scenario (the demo, a replay drill) writes scenario time, which runs ahead of the
wall clock. Every reader of the file asks it for "now" through :meth:`ReplaySettings.clock`, so
a second console, ``status`` and ``report`` agree with the console that replays.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from crisistui.domain.clock import Clock, Replay, SystemClock
from crisistui.store.tables.connection import Connected

PURPOSES = ("demo", "drill")


class ReplaySettings(Connected):
    """Methods of ``Store`` for the file's purpose and clock (rows of ``settings``)."""

    async def _set(self, values: dict[str, str]) -> None:
        async with self._transaction():
            await self._sql.run_many(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    async def mark_drill_database(
        self,
        clock_origin: datetime | None = None,
        clock_speed: float | None = None,
        clock_until: datetime | None = None,
        playbook: str | None = None,
    ) -> None:
        """Make this file a rehearsal database: every incident opened in it is a drill. A
        replay's clock (origin, speed, and when its story ends) is kept too, so consoles
        joining it share its time, and the rehearsed ``playbook``, which they show."""
        values = {"purpose": "drill"}
        if clock_origin is not None and clock_speed is not None:
            values |= _clock_values(clock_origin, clock_speed)
            if clock_until is not None:
                values["clock_until"] = clock_until.isoformat()
        if playbook is not None:
            values["console_playbook"] = playbook
        await self._set(values)

    async def record_replay_clock(
        self,
        origin: datetime,
        speed: float,
        purpose: str,
        until: datetime | None = None,
        playbook: str | None = None,
    ) -> None:
        """Keep a replay's clock in the file (the demo: ``purpose="demo"``); ``until``: when
        its story ends and its clock slows to the wall clock's pace; ``playbook``: the one its
        consoles show until an incident picks its own."""
        if purpose not in PURPOSES:
            raise ValueError(f"unknown replay purpose {purpose!r}")
        values = {"purpose": purpose, **_clock_values(origin, speed)}
        if until is not None:
            values["clock_until"] = until.isoformat()
        if playbook is not None:
            values["console_playbook"] = playbook
        await self._set(values)

    async def is_drill_database(self) -> bool:
        value = await self._scalar("SELECT value FROM settings WHERE key = 'purpose'")
        return value == "drill"

    async def other_brand(self, brand: str, *, claim: bool) -> str | None:
        """The brand this database belongs to when it is not ``brand``: a database holds one
        brand (several brands share a PostgreSQL database in schemas of their own), and a
        second brand's collector writing into it would put its mentions in the first brand's
        feed and its incidents on the first brand's checklist. The first command that writes
        with a config claims it (``claim``)."""
        if claim:
            async with self._transaction():
                await self._sql.run(
                    "INSERT INTO settings (key, value) VALUES ('brand', ?) "
                    "ON CONFLICT (key) DO NOTHING",
                    (brand,),
                )
        owner = await self._scalar("SELECT value FROM settings WHERE key = 'brand'")
        return None if owner is None or owner == brand else str(owner)

    async def replay(self) -> Replay | None:
        """The replay this file holds (demo or drill, with its clock), if it holds one."""
        found = {
            key: value
            for key, value in await self._sql.rows(
                "SELECT key, value FROM settings WHERE key IN ('purpose', 'clock_origin', "
                "'clock_speed', 'clock_until', 'console_playbook')"
            )
        }
        try:
            origin = datetime.fromisoformat(found["clock_origin"])
            speed = float(found["clock_speed"])
        except (KeyError, ValueError):
            return None
        if origin.tzinfo is None or not speed > 0:
            return None
        until = None
        with suppress(KeyError, ValueError):
            until = datetime.fromisoformat(found["clock_until"])
        if until is not None and (until.tzinfo is None or until < origin):
            until = None
        purpose = found.get("purpose", "drill")
        return Replay(origin, speed, purpose, until, found.get("console_playbook"))

    async def clock(self) -> Clock:
        """The time of this file: a replay's scenario time, otherwise the wall clock."""
        replay = await self.replay()
        return replay.clock() if replay is not None else SystemClock()


def _clock_values(origin: datetime, speed: float) -> dict[str, str]:
    return {"clock_origin": origin.isoformat(), "clock_speed": repr(speed)}
