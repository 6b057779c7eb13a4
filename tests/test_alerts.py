"""Alerts: which level changes go out, and that they reach a real HTTP endpoint via Apprise."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from crisistui.alerts.apprise_channel import AppriseChannel, channel_problems, urls_from_env
from crisistui.alerts.policy import AlertPolicy
from crisistui.analysis.severity import Level
from crisistui.config import AlertsConfig, demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import RawItem
from crisistui.monitor import Monitor
from crisistui.pipeline import Pipeline
from crisistui.store import Store, StoreBusy, open_store

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_policy_sends_rises_and_throttles_repeats() -> None:
    policy = AlertPolicy(AlertsConfig(min_level="high", cooldown_minutes=15, max_per_hour=3))
    assert policy.decide(Level.NORMAL, Level.ELEVATED, T0) is not None  # below the alert level
    assert policy.decide(Level.ELEVATED, Level.HIGH, T0) is None
    assert policy.decide(Level.HIGH, Level.CRITICAL, T0 + timedelta(minutes=1)) is None
    assert policy.decide(Level.CRITICAL, Level.HIGH, T0 + timedelta(minutes=2)) is not None
    later = T0 + timedelta(minutes=5)
    assert "cool-down" in (policy.decide(Level.HIGH, Level.CRITICAL, later) or "")
    assert policy.decide(Level.HIGH, Level.NORMAL, T0 + timedelta(minutes=30)) is None  # recovery
    assert policy.decide(Level.NORMAL, Level.HIGH, T0 + timedelta(minutes=31)) is None
    capped = policy.decide(Level.HIGH, Level.ELEVATED, T0 + timedelta(minutes=40))
    assert capped is not None and "per hour" in capped


def test_recovery_is_only_announced_after_an_announced_alarm() -> None:
    policy = AlertPolicy(AlertsConfig(min_level="critical"))
    assert policy.decide(Level.NORMAL, Level.HIGH, T0) is not None
    assert policy.decide(Level.HIGH, Level.NORMAL, T0) is not None


def test_urls_come_from_the_environment() -> None:
    env = {"A": "json://a.example/x, ntfy://topic", "B": ""}
    assert urls_from_env(["A", "B", "MISSING"], env) == ["json://a.example/x", "ntfy://topic"]


async def _store_with_calm_history(tmp_path: Path, now: datetime = T0) -> tuple[Store, Pipeline]:
    store = await open_store(tmp_path / "alerts.db")
    pipeline = Pipeline(demo_config())
    calm = []
    for minute in range(90):
        at = now - timedelta(minutes=90 - minute)
        calm.append(RawItem("x", f"c{minute}", "Lovely Acme Air flight today", at))
        if minute % 10 == 0:
            calm.append(RawItem("x", f"g{minute}", "Acme Air lost my bag, awful", at))
    await store.add_mentions([pipeline.process(i) for i in calm], now)
    return store, pipeline


async def _surge(store: Store, pipeline: Pipeline, now: datetime = T0) -> None:
    items = [
        RawItem(
            "x",
            f"s{n}",
            "Acme Air outage is terrible, worst airline ever",
            now - timedelta(seconds=n * 5),
            author="@bignews",
            author_followers=1_200_000,
        )
        for n in range(40)
    ]
    await store.add_mentions([pipeline.process(i) for i in items], now)


async def test_a_rise_reaches_a_local_webhook_with_the_drivers(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        channel = AppriseChannel([f"json://127.0.0.1:{httpserver.port}/hook"], retries=0)
        assert len(channel) == 1
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester", channel=channel)
        assert await monitor.tick() is None
        await _surge(store, pipeline)
        change = await monitor.tick()
        assert change is not None and change.assessment.level >= Level.HIGH
        await monitor.drain()
        (request, _), *_ = httpserver.log
        payload = json.loads(request.get_data())
        assert payload["title"].startswith("Acme Air — severity")
        assert "negative volume" in payload["message"]
        assert "@bignews (1.2M followers) negative" in payload["message"]
        kinds = [e.kind for e in await store.events()]
        assert kinds == ["severity.changed", "alert.sent"]
    finally:
        await store.close()


async def test_a_failing_channel_is_recorded_and_blocks_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/hook").respond_with_data("down", status=500)
    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        channel = AppriseChannel([f"json://127.0.0.1:{httpserver.port}/hook"], retries=1)
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester", channel=channel)
        await monitor.tick()
        await _surge(store, pipeline)
        assert await monitor.tick() is not None
        assert [e.kind for e in await store.events()] == ["severity.changed"]  # not waiting
        await monitor.drain(timeout=30)
        events = await store.events()
        assert events[-1].kind == "alert.failed"
        assert len(httpserver.log) == 2  # first try and one retry
    finally:
        await store.close()


def test_invalid_apprise_url_is_reported_without_its_secret() -> None:
    channel = AppriseChannel(["notascheme://secret-token@host"])
    assert len(channel) == 0
    assert channel.rejected and "secret-token" not in channel.rejected[0]


def test_channel_problems_name_each_variable_that_would_send_nothing() -> None:
    env = {"EMPTY": " ", "BAD": "notascheme://secret-token@host", "GOOD": "json://127.0.0.1/x"}
    problems = channel_problems(["UNSET", "EMPTY", "BAD", "GOOD"], env)
    assert len(problems) == 3
    assert "UNSET is not set" in problems[0]
    assert "EMPTY is empty" in problems[1]
    assert "BAD holds a notascheme:// URL that is not a valid Apprise URL" in problems[2]
    assert not any("secret-token" in p for p in problems)
    assert channel_problems(["GOOD"], env) == []


async def test_the_console_warns_at_start_when_alerts_would_go_nowhere(
    demo_app_factory, monkeypatch
) -> None:
    from tests.conftest import until

    monkeypatch.delenv("CRISIS_SLACK", raising=False)
    app = demo_app_factory()
    alerts = app.config.alerts.model_copy(update={"urls_env": ["CRISIS_SLACK"]})
    app.config = app.setup.config = app.config.model_copy(update={"alerts": alerts})
    async with app.run_test(size=(100, 30)) as pilot:
        await until(
            pilot, lambda: any("CRISIS_SLACK is not set" in n.message for n in app._notifications)
        )


async def test_a_level_change_the_busy_database_refused_is_recorded_next_tick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write lock held past the busy timeout (another process upgrading the file) must not
    swallow the change: the next tick records it, and `collect`'s watch keeps ticking."""

    from crisistui.cli import collect

    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester")
        await monitor.tick()
        await _surge(store, pipeline)
        real_add_event = store.add_event
        refusals = 0

        async def busy_once(*args: object, **kwargs: object) -> object:
            nonlocal refusals
            if refusals == 0:
                refusals += 1
                raise StoreBusy("database is locked")
            return await real_add_event(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "add_event", busy_once)
        monkeypatch.setattr(collect, "WATCH_SECONDS", 0)
        watching = asyncio.create_task(collect._watch(monitor))
        while not await store.events() and not watching.done():
            await asyncio.sleep(0)
        assert not watching.done(), watching.exception()
        watching.cancel()
        with pytest.raises(asyncio.CancelledError):
            await watching
        assert refusals == 1
        assert [e.kind for e in await store.events()] == ["severity.changed"]
    finally:
        await store.close()


async def test_the_watch_survives_a_surprise_in_one_assessment_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An OverflowError in one assessment (an infinite cool-down once did it) ended `collect`'s
    watch in silence: a second surge reached critical and nothing was recorded or sent."""
    from crisistui.cli import collect

    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester")
        await monitor.tick()
        await _surge(store, pipeline)
        real_assess = monitor.engine.assess
        failures = 0

        def fails_once(*args: object, **kwargs: object) -> object:
            nonlocal failures
            if failures == 0:
                failures += 1
                raise OverflowError("date value out of range")
            return real_assess(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(monitor.engine, "assess", fails_once)
        monkeypatch.setattr(collect, "WATCH_SECONDS", 0)
        watching = asyncio.create_task(collect._watch(monitor))
        while not await store.events() and not watching.done():
            await asyncio.sleep(0)
        assert not watching.done(), watching.exception()
        watching.cancel()
        with pytest.raises(asyncio.CancelledError):
            await watching
        assert failures == 1
        assert [e.kind for e in await store.events()] == ["severity.changed"]
        assert "severity not assessed this time (OverflowError" in capsys.readouterr().err
    finally:
        await store.close()


async def test_a_dead_channel_is_retried_alone_and_recorded_alone(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """One dead URL made every working channel receive each alert three times (retries went
    to all URLs), and the timeline said "Alert failed" though the alert was delivered."""
    httpserver.expect_request("/ok", method="POST").respond_with_data("ok")
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        base = f"json://127.0.0.1:{httpserver.port}"
        channel = AppriseChannel([f"{base}/ok", f"{base}/down"], retries=2, backoff=0)
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester", channel=channel)
        await monitor.tick()
        await _surge(store, pipeline)
        assert await monitor.tick() is not None
        await monitor.drain(timeout=60)
        paths = [request.path for request, _ in httpserver.log]
        assert paths.count("/ok") == 1 and paths.count("/down") == 3
        outcomes = {e.kind: e.summary for e in await store.events() if e.kind.startswith("alert")}
        assert outcomes["alert.sent"].startswith(
            f"Alert sent via json://127.0.0.1:{httpserver.port}/ok"
        )
        assert "/down" in outcomes["alert.failed"] and "/ok" not in outcomes["alert.failed"]
    finally:
        await store.close()


# -- item 13: a collector started during a crisis announces what it finds, once ---------------


async def _store_in_crisis(tmp_path: Path) -> Store:
    store, pipeline = await _store_with_calm_history(tmp_path)
    await _surge(store, pipeline)
    return store


async def test_a_collector_started_during_a_crisis_announces_it_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The first assessment was silent: a collector restarted mid-crisis never alerted."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store = await _store_in_crisis(tmp_path)
    try:
        channel = AppriseChannel([f"json://127.0.0.1:{httpserver.port}/hook"], retries=0)
        clock = ManualClock(T0)
        monitor = Monitor(store, demo_config(), clock, "tester", channel=channel)
        change = await monitor.tick()
        assert change is not None and change.found and change.rising
        assert change.before == Level.NORMAL and change.assessment.level >= Level.HIGH
        await monitor.drain()
        clock.advance(15)
        assert await monitor.tick() is None  # once, not on every beat
        await monitor.drain()
        assert len(httpserver.log) == 1
        payload = json.loads(httpserver.log[0][0].get_data())
        assert payload["title"].startswith("Acme Air — severity")
        assert "found when collection started" in payload["message"]
        events = await store.events()
        assert [e.kind for e in events] == ["severity.changed", "alert.sent"]
        assert events[0].actor == "crisistui engine"
        assert events[0].details["from"] == "normal" and events[0].details["found_at_start"]
        # "i" opens an incident from this alert, dated by the rise the engine's replay went
        # through before the collector started, and every console dates it alike
        assert monitor.raised_at is not None and monitor.raised_at < T0
        assert events[0].details["rose_at"] == monitor.raised_at.isoformat()
        joining = Monitor(store, demo_config(), ManualClock(T0), "ben", send_alerts=False)
        await joining.tick()
        assert joining.raised_at == monitor.raised_at
    finally:
        await store.close()


async def test_a_collector_started_in_calm_says_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store, _ = await _store_with_calm_history(tmp_path)
    try:
        channel = AppriseChannel([f"json://127.0.0.1:{httpserver.port}/hook"], retries=0)
        monitor = Monitor(store, demo_config(), ManualClock(T0), "tester", channel=channel)
        assert await monitor.tick() is None
        await monitor.drain()
        assert httpserver.log == [] and await store.events() == []
    finally:
        await store.close()


async def test_a_reading_process_never_announces_what_it_finds(tmp_path: Path) -> None:
    """Only the process holding the collector lock alerts; a reading console joining during
    the crisis shows the level and knows the alert to open an incident from, and is silent."""
    store = await _store_in_crisis(tmp_path)
    try:
        collector = Monitor(store, demo_config(), ManualClock(T0), "collector")
        assert (await collector.tick()) is not None
        later = ManualClock(T0 + timedelta(minutes=2))
        reader = Monitor(store, demo_config(), later, "reader", send_alerts=False)
        assert await reader.tick() is None
        assert reader.assessment is not None and reader.assessment.level >= Level.HIGH
        assert reader.raised_at == collector.raised_at, "the rise the collector recorded"
        assert [e.kind for e in await store.events()] == ["severity.changed"]
    finally:
        await store.close()


async def test_a_collector_restarted_within_the_cool_down_does_not_page_again(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A supervisor restarting a crashing collector must not page everyone on each restart;
    the earlier alert still counts, so the recovery is announced."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store = await _store_in_crisis(tmp_path)
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    try:
        first = Monitor(store, demo_config(), ManualClock(T0), "t", channel=AppriseChannel([url]))
        assert (await first.tick()) is not None
        await first.drain()
        clock = ManualClock(T0 + timedelta(minutes=1))
        again = Monitor(store, demo_config(), clock, "t", channel=AppriseChannel([url]))
        assert await again.tick() is None
        await again.drain()
        assert len(httpserver.log) == 1
        assert [e.kind for e in await store.events()] == ["severity.changed", "alert.sent"]
        while again.assessment is not None and again.assessment.level > Level.NORMAL:
            clock.advance(600)  # the surge passes; the level steps down one tick at a time
            await again.tick()
        await again.drain()
        assert len(httpserver.log) == 2, "the recovery of the alert sent before the restart"
        assert "back to normal" not in json.loads(httpserver.log[0][0].get_data())["message"]
    finally:
        await store.close()


async def test_two_collectors_on_one_database_page_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A team runs a collector per machine on one PostgreSQL database; each runs the engine.
    One that started during the crisis announced it, and ten seconds later the other, which
    had been running since the calm, saw the same rise and paged everyone again."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store, pipeline = await _store_with_calm_history(tmp_path)
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    try:
        first = Monitor(store, demo_config(), ManualClock(T0), "a", channel=AppriseChannel([url]))
        assert await first.tick() is None  # calm
        await _surge(store, pipeline)
        second = Monitor(store, demo_config(), ManualClock(T0), "b", channel=AppriseChannel([url]))
        found = await second.tick()
        assert found is not None and found.found
        await second.drain()
        first.clock = ManualClock(T0 + timedelta(seconds=10))
        rise = await first.tick()
        assert rise is not None and rise.assessment.level == found.assessment.level
        await first.drain()
        assert len(httpserver.log) == 1
        kinds = [e.kind for e in await store.events()]
        assert kinds == ["severity.changed", "alert.sent", "severity.changed", "alert.suppressed"]
        held = (await store.events())[-1]
        assert held.summary.startswith("Alert not sent: another collector announced")
    finally:
        await store.close()


async def test_a_collector_that_sends_nothing_does_not_silence_the_one_that_does(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A collector with no alert channel saw the rise first, and the one with a webhook took
    that for an announcement: nobody was paged."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    store, pipeline = await _store_with_calm_history(tmp_path)
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    try:
        paging = Monitor(store, demo_config(), ManualClock(T0), "a", channel=AppriseChannel([url]))
        assert await paging.tick() is None
        await _surge(store, pipeline)
        silent = Monitor(store, demo_config(), ManualClock(T0), "b")
        assert silent.channel is None and await silent.tick() is not None
        paging.clock = ManualClock(T0 + timedelta(seconds=10))
        assert await paging.tick() is not None
        await paging.drain()
        assert len(httpserver.log) == 1
    finally:
        await store.close()


async def test_a_restart_after_the_cool_down_announces_the_crisis_again(tmp_path: Path) -> None:
    base = demo_config()
    config = base.model_copy(
        update={"alerts": base.alerts.model_copy(update={"cooldown_minutes": 1.0})}
    )
    store = await _store_in_crisis(tmp_path)
    try:
        assert await Monitor(store, config, ManualClock(T0), "t").tick() is not None
        later = ManualClock(T0 + timedelta(minutes=2))
        change = await Monitor(store, config, later, "t").tick()
        assert change is not None and change.found
        assert [e.kind for e in await store.events()] == ["severity.changed"] * 2
    finally:
        await store.close()


@pytest.mark.parametrize("collects", [True, False], ids=["collecting", "reading"])
async def test_a_console_joining_a_crisis_announces_it_only_if_it_collects(
    tmp_path: Path, collects: bool
) -> None:
    """The console that collects (it holds the collector lock) is the collector: it says what
    it finds. A reading console, beside a running `collect`, must not say it a second time."""
    from crisistui.domain.playbook import load_playbooks
    from crisistui.sources.demo import DemoSource
    from crisistui.tui.app import ConsoleSetup, CrisisApp
    from tests.conftest import until

    await (await _store_in_crisis(tmp_path)).close()
    clock = ManualClock(T0)
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=tmp_path / "alerts.db",
        playbooks=load_playbooks(),
        sources=[DemoSource("demo", clock, T0, scenario=[])] if collects else [],
        clock=clock,
        mode="test",
        collect=False,
    )
    app = CrisisApp(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.assessment is not None)
        assert app.assessment is not None and app.assessment.level >= Level.HIGH
        await pilot.pause()
        assert app.store is not None
        changes = [e for e in await app.store.events() if e.kind == "severity.changed"]
        toasts = [n.title for n in app._notifications if n.title.startswith("Severity")]
        if collects:
            assert [e.details["found_at_start"] for e in changes] == [True]
            a = app.assessment
            assert toasts == [f"Severity {a.level.label.upper()} ({a.score:.0f})"]
        else:
            assert changes == [] and toasts == []
            # the alerts view said "the gauge has stayed normal" beside a red gauge
            from textual.widgets import Static

            from crisistui.tui.screens.alerts import AlertsScreen
            from tests.conftest import screen_is

            await pilot.press("A")
            await until(pilot, lambda: screen_is(app, AlertsScreen))
            said = lambda: str(app.screen.query_one("#entry", Static).render())  # noqa: E731
            await until(pilot, lambda: "No level change recorded" in said())
            assert f"The gauge reads {app.assessment.level.label} " in said()
            assert "stayed normal" not in said()
        assert app.monitor is not None and app.monitor.raised_at is not None


async def test_collect_restarted_during_a_crisis_alerts_once_for_what_it_finds(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """`crisistui collect` as an operator runs it: started on a database in crisis, it says
    so on its output, sends one alert and records it on the timeline, as the engine."""
    import os
    import selectors
    import signal
    import subprocess
    import sys

    now = datetime.now(UTC)
    store, pipeline = await _store_with_calm_history(tmp_path, now)
    await _surge(store, pipeline, now)
    await store.close()
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    httpserver.expect_request("/feed").respond_with_data(
        "<rss version='2.0'><channel><title>Quiet</title></channel></rss>",
        content_type="application/rss+xml",
    )
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n\n'
        f'[[sources]]\ntype = "rss"\nname = "news"\nurl = "{httpserver.url_for("/feed")}"\n\n'
        '[alerts]\nurls_env = ["CRISIS_HOOK"]\n',
        encoding="utf-8",
    )
    env = {**os.environ, "CRISIS_HOOK": f"json://127.0.0.1:{httpserver.port}/hook"}
    command = [sys.executable, "-m", "crisistui", "collect", "-c", str(config)]
    process = subprocess.Popen(
        [*command, "--db", str(tmp_path / "alerts.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    output = ""
    try:
        assert process.stdout is not None
        # Read from the pipe itself: a line-reading wrapper may take two lines at once, keep
        # the second in its buffer, and the selector then waits on an empty pipe.
        stdout = process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while "found at start" not in output:
                assert selector.select(60), "collect said nothing of the level it found"
                chunk = os.read(stdout, 65536).decode()
                assert chunk, process.stderr.read() if process.stderr else ""
                output += chunk
        found = next(line for line in output.splitlines() if "found at start" in line)
        process.send_signal(signal.SIGTERM)  # the alert in flight is given time to go out
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert found.startswith("severity critical found at start") or found.startswith(
        "severity high found at start"
    ), found
    assert "Traceback" not in err
    [alert] = [request for request, _ in httpserver.log if request.path == "/hook"]
    assert "found when collection started" in json.loads(alert.get_data())["message"]
    async with await open_store(tmp_path / "alerts.db") as reopened:
        events = await reopened.events()
    assert [(e.kind, e.actor) for e in events] == [
        ("severity.changed", "crisistui engine"),
        ("alert.sent", "crisistui engine"),
    ]


def test_a_fall_that_is_not_to_normal_is_not_called_back_to_normal() -> None:
    """HIGH falling to ELEVATED with no driver above its threshold any more used to read
    "severity ELEVATED (30): back to normal" in the toast, the timeline and the report."""
    from datetime import UTC, datetime

    from crisistui.analysis.levels import Level
    from crisistui.analysis.severity import Assessment
    from crisistui.monitor import alert_text

    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    easing = Assessment(at, 30.0, Level.ELEVATED, Level.ELEVATED, ())
    calm = Assessment(at, 5.0, Level.NORMAL, Level.NORMAL, ())
    assert "back to normal" not in alert_text("Acme Air", easing)[1]
    assert "easing" in alert_text("Acme Air", easing)[1]
    assert alert_text("Acme Air", calm)[1].endswith("back to normal")
