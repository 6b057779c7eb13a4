"""A replayed scenario writes scenario time, ahead of the wall clock: every reader of its file
shares the replay's clock, and no look-up of "now" reaches into the future."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.cli import main as cli_main
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import load_playbooks
from crisistui.reports.report import build_report
from crisistui.store import open_store
from crisistui.tui.app import CrisisApp

BRAND = "Acme Air"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def post(n: int, at: datetime, label: Sentiment, author: str, followers: int = 300) -> Mention:
    score = {Sentiment.NEGATIVE: -0.7, Sentiment.NEUTRAL: 0.0}[label]
    return Mention(
        "x", str(n), f"post {n}", at, BRAND, False, score, label, followers, str(n),
        author=author, author_followers=followers,
    )  # fmt: skip


def test_the_demo_keeps_its_clock_and_a_second_console_joins_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second console on the demo's file used to show every mention 0 s old (its clock
    was hours behind the demo's) and a different level."""
    seen: list[tuple[datetime, str]] = []
    monkeypatch.setattr(
        CrisisApp, "run", lambda app: seen.append((app.clock.now(), app.setup.mode))
    )
    db = tmp_path / "demo.db"
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdin", Terminal())
        patched.setattr(sys, "stdout", Terminal())
        assert cli_main(["demo", "--db", str(db), "--speed", "2"]) == 0
        assert cli_main(["run", "--no-collect", "--db", str(db)]) == 0
    (demo_now, demo_mode), (joined_now, joined_mode) = seen
    assert demo_mode == "DEMO ×120"
    assert joined_mode == "DEMO ×120 (reading)"
    assert abs((joined_now - demo_now).total_seconds()) < 120 * 5  # seconds of wall time apart

    async def replay():
        async with await open_store(db) as store:
            return await store.replay()

    stored = asyncio.run(replay())
    assert stored is not None and stored.purpose == "demo" and stored.speed == 120.0
    assert abs((stored.origin - datetime.now(UTC)).total_seconds()) < 60
    assert stored.clock().now() > datetime.now(UTC)  # scenario time runs ahead
    # the story ends a little after its last post, and the file says when
    assert stored.until is not None
    assert timedelta(hours=2) < stored.until - stored.origin < timedelta(hours=4)


def test_a_replays_clock_runs_at_the_wall_clocks_pace_once_its_story_is_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reviewer looking at the demo five minutes after it ended found every "last hour"
    panel empty: the clock had run five more hours. From ``until`` on it runs at ×1."""
    from crisistui.domain import clock as clocks

    wall = [1000.0]
    monkeypatch.setattr(clocks.time, "monotonic", lambda: wall[0])
    origin = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    replay = clocks.Replay(origin, 60.0, "demo", until=origin + timedelta(hours=3))
    clock = clocks.ScaledClock(origin, 60.0, _started=1000.0, until=replay.until)
    wall[0] += 120  # two minutes of wall time: two hours of story
    assert clock.now() == origin + timedelta(hours=2)
    wall[0] += 60  # the story's third hour
    assert clock.now() == origin + timedelta(hours=3)
    wall[0] += 300  # five minutes later the console shows five minutes later, not five hours
    assert clock.now() == origin + timedelta(hours=3, minutes=5)
    endless = clocks.ScaledClock(origin, 60.0, _started=1000.0)
    assert endless.now() == origin + timedelta(hours=8)
    # and the header says the pace it runs at now
    from crisistui.tui.collecting import _paced

    assert _paced("DEMO ×60 (reading)", clock) == "DEMO ×1 (story over) (reading)"
    assert _paced("DEMO ×60", endless) == "DEMO ×60"


def test_the_demo_refuses_a_file_that_holds_one_already(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Played again into its file (after a crash), the demo's clock began at the wall clock,
    hours behind the file: tasks were ticked before the incident they belong to."""
    runs: list[datetime] = []
    monkeypatch.setattr(CrisisApp, "run", lambda app: runs.append(app.clock.now()))
    db = tmp_path / "demo.db"
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdin", Terminal())
        patched.setattr(sys, "stdout", Terminal())
        assert cli_main(["demo", "--db", str(db)]) == 0
        assert cli_main(["demo", "--db", str(db)]) == 2
    assert len(runs) == 1
    said = capsys.readouterr().err
    assert "already holds a demo played from" in said and "run --no-collect --db" in said


def test_the_demo_needs_a_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Without a terminal the demo used to run until killed, writing escape codes."""
    assert cli_main(["demo", "--db", str(tmp_path / "demo.db")]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert not (tmp_path / "demo.db").exists()


async def test_a_post_dated_after_now_is_never_a_loud_voice_of_now(tmp_path: Path) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    async with await open_store(tmp_path / "m.db") as store:
        await store.add_mentions(
            [
                post(1, now - timedelta(minutes=3), Sentiment.NEGATIVE, "@angryflyer", 900),
                post(2, now + timedelta(hours=2), Sentiment.NEGATIVE, "@worldtravelhub", 2_100_000),
            ],
            now,
        )
        voices = await store.top_negative(BRAND, now - timedelta(minutes=30), now)
    assert [m.author for m in voices] == ["@angryflyer"]


async def _replayed_file(db: Path, origin: datetime) -> None:
    """A demo file as a console leaves it: a calm hour, then the demo's loud voice dated at
    scenario time, an hour ahead of the wall clock, and an incident resolved in it."""
    playbooks = load_playbooks([])
    async with await open_store(db) as store:
        await store.record_replay_clock(origin, 60.0, "demo")
        scenario_now = (await store.clock()).now()
        calm = [
            post(n, scenario_now - timedelta(minutes=60 - n), Sentiment.NEUTRAL, f"@u{n}")
            for n in range(60)
        ]
        future = scenario_now + timedelta(hours=1)
        loud = post(99, future, Sentiment.NEGATIVE, "@worldtravelhub", 2_100_000)
        await store.add_mentions([*calm, loud], scenario_now)
        incident = await store.open_incident(
            "Outage", "service-outage", "default", "comms", scenario_now - timedelta(minutes=30)
        )
        for task in playbooks["default"].tasks:
            if task.mandatory:
                at = scenario_now - timedelta(minutes=10)
                await store.set_task_done(incident.id, task.id, task.title, True, "comms", at)
        await store.set_status(
            incident.id, "resolved", "comms", scenario_now - timedelta(minutes=5),
            playbook=playbooks["default"],
        )  # fmt: skip


def test_status_reads_the_files_own_time_and_never_its_future(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`status` on a demo's file said CRITICAL, naming a post dated in its future, while the
    demo's console had gone back to NORMAL."""
    db = tmp_path / "demo.db"
    origin = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=60)  # 1 h at 60×
    asyncio.run(_replayed_file(db, origin))
    assert cli_main(["status", "--json", "--db", str(db)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["level"] == "normal"
    assert not any("worldtravelhub" in d for d in status["drivers"])


async def test_a_report_is_generated_at_the_files_time(tmp_path: Path) -> None:
    """The report said "Report generated: 13:53" and "Resolved: 22:44"."""
    db = tmp_path / "demo.db"
    origin = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=60)
    await _replayed_file(db, origin)
    async with await open_store(db) as store:
        report = await build_report(store, 1, load_playbooks([]), subject=BRAND)
    assert report.incident.resolved_at is not None
    assert report.generated_at >= report.incident.resolved_at


@pytest.mark.parametrize(
    ("command", "says"),
    [("demo", "temporary file"), ("drill", "drills/")],
)
def test_help_says_where_the_demo_and_a_drill_keep_their_database(
    command: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both said `--db` defaults to `[storage] path`, which neither does."""
    with pytest.raises(SystemExit):
        cli_main([command, "--help"])
    db_help = capsys.readouterr().out.split("--db DB", 1)[1]
    assert says in " ".join(db_help.split())
    assert "(default: [storage] path)" not in db_help
