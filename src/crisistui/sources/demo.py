"""Replays the bundled crisis scenario in accelerated time, like any other source."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisistui.demo import DEMO_PLAYBOOK, scenario_resource
from crisistui.domain.clock import Clock
from crisistui.domain.models import RawItem

if TYPE_CHECKING:
    import httpx

DEFAULT_SPEED = 60.0
"""Scenario seconds per real second: the three-hour story plays in three minutes."""


@dataclass(frozen=True, slots=True)
class ScenarioLine:
    offset_s: float
    item: dict[str, Any]


_PLAYBOOK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


STORY_TAIL_S = 600
"""Scenario seconds after a replay's last post before its clock slows to the wall clock's:
the calm after the storm shows on the gauge."""


def story_end(origin: datetime, scenario: list[ScenarioLine], speed: float) -> datetime | None:
    """When a replay of ``scenario`` from ``origin`` is over and its clock slows to the wall
    clock's pace (``ScaledClock.until``): the console it leaves behind keeps its last hour on
    screen. None for a replay no faster than real time, or an empty one."""
    if speed <= 1 or not scenario:
        return None
    return origin + timedelta(seconds=max(line.offset_s for line in scenario) + STORY_TAIL_S)


def load_scenario(path: Path | None = None) -> list[ScenarioLine]:
    """The scenario lines sorted by offset (the bundled one unless a path is given)."""
    if path is None:
        text = resources.files("crisistui.demo").joinpath("scenario.jsonl").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    return _parse(text)


def builtin_scenarios() -> list[str]:
    """Playbook ids that have a built-in rehearsal scenario, sorted."""
    folder = resources.files("crisistui.demo").joinpath("scenarios")
    found = {entry.name.removesuffix(".jsonl") for entry in folder.iterdir()}
    return sorted({DEMO_PLAYBOOK} | {name for name in found if _PLAYBOOK_ID.match(name)})


def load_builtin_scenario(playbook_id: str) -> list[ScenarioLine] | None:
    """The built-in rehearsal scenario of a shipped playbook (``data-breach``,
    ``service-outage``, ...), about the demo brand; None if that playbook has none."""
    if not _PLAYBOOK_ID.match(playbook_id):
        return None
    resource = resources.files("crisistui.demo").joinpath(
        *scenario_resource(playbook_id).split("/")
    )
    if not resource.is_file():
        return None
    return _parse(resource.read_text("utf-8"))


def _parse(text: str) -> list[ScenarioLine]:
    lines = [json.loads(raw) for raw in text.splitlines() if raw.strip()]
    return sorted(
        (ScenarioLine(float(line.pop("offset_s")), line) for line in lines),
        key=lambda line: line.offset_s,
    )


def scenario_from_items(items: list[RawItem], start: datetime | None = None) -> list[ScenarioLine]:
    """A recorded crisis (an export, last year's storm) as a scenario to replay: each item's
    offset is its time after ``start`` (default: the first item), so what came before
    ``start`` is played at once as history and the rest unfolds at the replay's pace."""
    if not items:
        return []
    ordered = sorted(items, key=lambda item: item.created_at)
    zero = start or ordered[0].created_at
    return [
        ScenarioLine(
            (item.created_at - zero).total_seconds(),
            {
                "source": item.source,
                "id": item.external_id,
                "text": item.text,
                "author": item.author,
                "author_followers": item.author_followers,
                "url": item.url,
                "lang": item.lang,
                "likes": item.likes,
                "reposts": item.reposts,
                "replies": item.replies,
            },
        )
        for item in ordered
    ]


class DemoSource:
    """Emits each scenario line once the clock passes its offset from ``origin``.

    History lines (negative offsets) come out on the first poll, so the console starts with a
    calm baseline already stored, as it would after a night of collection.
    """

    kind = "demo"

    def __init__(
        self,
        name: str,
        clock: Clock,
        origin: datetime,
        interval: float = 1.0,
        scenario: list[ScenarioLine] | None = None,
        keep_unmatched: bool = True,
    ) -> None:
        self.name = name
        self.clock = clock
        self.origin = origin
        self.interval = interval
        self.keep_unmatched = keep_unmatched
        self.hold_off: float | None = None
        self._lines = scenario if scenario is not None else load_scenario()
        self._next = 0

    @property
    def finished(self) -> bool:
        return self._next >= len(self._lines)

    @property
    def progress(self) -> float:
        """Share of the scenario already played, 0..1."""
        return self._next / len(self._lines) if self._lines else 1.0

    def due(self) -> list[RawItem]:
        """Items whose time has come (no I/O; ``poll`` is the async face of this)."""
        elapsed = (self.clock.now() - self.origin).total_seconds()
        items: list[RawItem] = []
        while self._next < len(self._lines) and self._lines[self._next].offset_s <= elapsed:
            line = self._lines[self._next]
            self._next += 1
            data = line.item
            items.append(
                RawItem(
                    source=str(data["source"]),
                    external_id=str(data["id"]),
                    text=str(data["text"]),
                    created_at=self.origin + timedelta(seconds=line.offset_s),
                    author=data.get("author"),
                    author_followers=data.get("author_followers"),
                    url=data.get("url"),
                    lang=data.get("lang"),
                    likes=data.get("likes"),
                    reposts=data.get("reposts"),
                    replies=data.get("replies"),
                )
            )
        return items

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        return self.due()
