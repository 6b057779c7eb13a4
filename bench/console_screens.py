"""Console timings on a real database: start-up to the first painted feed, then each screen.

Run ``python bench/console_screens.py DB [-c CONFIG] [--repeat 3]`` on a database built with
``bench/bigdb.py`` (a million mentions over a week). The console is driven headless through
Textual's Pilot, as a user would: each key is pressed on the main screen and timed until the
screen it opens shows its data, then closed. Every figure is printed next to the time the same
Pilot takes to open and close the help screen, which reads nothing from the database, measured
in the same run, so the ratios mean something on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets import DataTable, Static

from crisistui.cli.common import playbooks_for
from crisistui.config import Config, demo_config, load_config
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.alerts import AlertsScreen
from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.screens.incident import IncidentScreen
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.timeline import TimelineScreen
from crisistui.tui.screens.triage_queue import TriageQueueScreen
from crisistui.tui.screens.why import WhyScreen
from crisistui.tui.widgets.feed import MentionFeed

Ready = Callable[[CrisisApp], bool]


def _on_top(screen_class: type, loaded: Ready) -> Ready:
    def ready(app: CrisisApp) -> bool:
        screen = app.screen
        return (
            type(screen) is screen_class
            and screen.is_mounted
            and bool(screen.children)
            and loaded(app)
        )

    return ready


def _table_filled(app: CrisisApp) -> bool:
    return app.screen.query_one(DataTable).row_count > 0


def _events_read(app: CrisisApp) -> bool:
    return getattr(app.screen, "_shown", -1) != -1


def _static_filled(selector: str, placeholder: str = "") -> Ready:
    def ready(app: CrisisApp) -> bool:
        text = str(app.screen.query_one(selector, Static).content)
        return bool(text.strip()) and not (placeholder and placeholder in text)

    return ready


def _queue_filled(app: CrisisApp) -> bool:
    return bool(app.screen.query_one("#queue", MentionFeed).mentions)


SCREENS: list[tuple[str, str, Ready]] = [
    ("help (?)", "question_mark", _on_top(HelpScreen, lambda app: True)),
    ("triage queue (u)", "u", _on_top(TriageQueueScreen, _queue_filled)),
    ("why (x)", "x", _on_top(WhyScreen, _static_filled("#why-body", "assessing"))),
    ("timeline (t)", "t", _on_top(TimelineScreen, _events_read)),
    ("incident (I)", "I", _on_top(IncidentScreen, _static_filled("#incident-facts"))),
    ("sources (s)", "s", _on_top(SourcesScreen, lambda app: True)),
    ("alerts (A)", "A", _on_top(AlertsScreen, _events_read)),
    ("statements (S)", "S", _on_top(StatementsScreen, _table_filled)),
]


async def _wait(app: CrisisApp, name: str, ready: Ready, limit: float = 60.0) -> None:
    started = time.perf_counter()
    while not ready(app):
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"{name}: no data shown after {limit:.0f} s (on {app.screen!r})")
        await asyncio.sleep(0.002)


async def _feed_painted(app: CrisisApp) -> bool:
    return (
        bool(app.screen_stack)
        and bool(app.screen.query(MentionFeed))
        and bool(app.query_one(MentionFeed).mentions)
    )


async def measure(config: Config, db: Path, repeat: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {}
    for _ in range(repeat):
        setup = ConsoleSetup(
            config=config, db_path=db, playbooks=playbooks_for(config), collect=False
        )
        started = time.perf_counter()
        app = CrisisApp(setup)
        async with app.run_test(size=(120, 36)) as pilot:
            while not await _feed_painted(app):
                await asyncio.sleep(0.002)
            figures.setdefault("start-up to first painted feed", []).append(
                (time.perf_counter() - started) * 1000.0
            )
            await pilot.pause()
            for name, key, ready in SCREENS:
                started = time.perf_counter()
                await pilot.press(key)
                await _wait(app, name, ready)
                figures.setdefault(name, []).append((time.perf_counter() - started) * 1000.0)
                await pilot.press("escape")
                await pilot.pause()
            feed = app.query_one(MentionFeed)
            started = time.perf_counter()
            await pilot.press("G")
            while feed.cursor < len(feed.mentions) - 1:
                await asyncio.sleep(0.002)
            figures.setdefault("feed to the end (G)", []).append(
                (time.perf_counter() - started) * 1000.0
            )
            await app.shutdown()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("-c", "--config", type=Path, help="config (default: the demo brand)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    config = load_config(args.config) if args.config else demo_config()
    figures = asyncio.run(measure(config, args.db, args.repeat))
    base = statistics.median(figures["help (?)"])
    for name, times in figures.items():
        median = statistics.median(times)
        print(f"{name:32} median {median:8.1f} ms   = {median / base:6.1f}× help")
    return 0


if __name__ == "__main__":
    sys.exit(main())
