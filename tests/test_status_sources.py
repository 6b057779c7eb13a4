"""`status` tells the truth about collection: failing sources raise the state and are named with
their reasons, and a failed poll is no sign that anything is being collected.

Sources are served for real on 127.0.0.1 and collected by `collect --once`; a history the
collector cannot produce on demand (a success two hours ago, a source taken out of the config)
is written through the store's own interface, as a collector would have written it.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from crisistui.domain.models import SourceHealth, SourceState
from crisistui.store import open_store
from tests.test_cli_monitoring import history


def crisistui(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def status(config: Path | None, db: Path, *args: str) -> tuple[int, list[str], dict[str, Any]]:
    """`status`'s exit code and lines, and its `--json` object (whose `exit` must agree)."""
    given = ("-c", str(config)) if config else ()
    text = crisistui("status", *given, "--db", db, *args)
    report = json.loads(crisistui("status", *given, "--db", db, "--json", *args).stdout)
    assert report["exit"] == text.returncode, (text.stdout, report)
    return text.returncode, text.stdout.splitlines(), report


def feed() -> str:
    """An RSS feed with one calm mention of the brand, posted a minute ago."""
    posted = format_datetime(datetime.now(UTC) - timedelta(minutes=1), usegmt=True)
    return (
        "<rss version='2.0'><channel><title>News</title><item>"
        "<title>Flying Acme Air to Boston today, the crew was lovely</title>"
        f"<guid>post-1</guid><pubDate>{posted}</pubDate></item></channel></rss>"
    )


def serve(server: HTTPServer, **responses: int) -> None:
    """Serve ``/NAME`` for each source: the feed for 200, an error page for anything else."""
    server.clear_all_handlers()
    for name, code in responses.items():
        handler = server.expect_request(f"/{name}")
        if code == 200:
            handler.respond_with_data(feed(), content_type="application/rss+xml")
        elif code == 429:
            handler.respond_with_data("slow down", status=429, headers={"Retry-After": "120"})
        else:
            handler.respond_with_data("<html>oops</html>", status=code)


def config_for(path: Path, server: HTTPServer, *names: str) -> Path:
    blocks = "".join(
        f'\n[[sources]]\ntype = "rss"\nname = "{name}"\n'
        f'url = "{server.url_for(f"/{name}")}"\ninterval = 60\n'
        for name in names
    )
    path.write_text('[brand]\nname = "Acme Air"\nterms = ["acme air"]\n' + blocks, "utf-8")
    return path


def collect_once(config: Path, db: Path) -> subprocess.CompletedProcess[str]:
    # exit 1 when every source fails
    return crisistui("collect", "--once", "-c", config, "--db", db)


def backoffs_pass(db: Path) -> None:
    """As if cron's next run came after every source's backoff: a run of `collect --once`
    polls a failing source only once its time has come."""
    import sqlite3

    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE source_health SET next_poll = next_poll - 7200")
    raw.close()


def test_every_source_failing_is_unknown_and_each_is_named_with_its_reason(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The tester's report: one source answering 500, one 429, and `status` said OK."""
    serve(httpserver, news=500, blog=429)
    config = config_for(tmp_path / "c.toml", httpserver, "news", "blog")
    db = tmp_path / "c.db"
    collect_once(config, db)

    code, lines, report = status(config, db)
    assert code == 3
    assert lines[0].startswith("UNKNOWN: database is stale (nothing collected yet); ")
    assert "2 of 2 sources failing: " in lines[0]
    assert (
        "news (HTTP 500" in lines[0]
        and "blog (rate limited (HTTP 429), asked to wait 2 min)" in lines[0]
    )
    assert any(line.startswith("source news failing: HTTP 500") for line in lines[1:])
    assert report["state"] == "UNKNOWN"
    assert report["failing_sources"] == ["blog", "news"]  # the names, as before
    reasons = {f["source"]: f["error"] for f in report["source_failures"]}
    assert reasons["news"].startswith("HTTP 500") and "429" in reasons["blog"]
    assert report["last_collected"] is None


def test_a_failing_source_beside_a_working_one_is_a_warning(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    serve(httpserver, news=200, blog=500)
    config = config_for(tmp_path / "c.toml", httpserver, "news", "blog")
    db = tmp_path / "c.db"
    collect_once(config, db)

    code, lines, report = status(config, db)
    assert code == 1
    assert lines[0].startswith(
        "WARNING: Acme Air severity NORMAL (score 0.0) - 1 of 2 sources failing: "
        "blog (HTTP 500 INTERNAL SERVER ERROR) - "  # then the drivers, as before
    )
    assert lines[1].startswith(
        "source blog failing: HTTP 500 INTERNAL SERVER ERROR "
        "(1 failed poll in a row, last ok none recorded, next try "
    )
    assert report["state"] == "WARNING" and report["level"] == "normal"
    assert report["failing_sources"] == ["blog"]
    (failure,) = report["source_failures"]
    assert failure["source"] == "blog" and failure["failures"] == 1
    assert failure["error"] == "HTTP 500 INTERNAL SERVER ERROR" and failure["last_ok"] is None

    serve(httpserver, news=200, blog=200)  # the service is back: so is OK
    waited = collect_once(config, db)  # but it asked for a while: not polled before then
    assert "blog: not polled: backing off until " in waited.stdout, waited.stdout
    assert "after: HTTP 500 INTERNAL SERVER ERROR" in waited.stdout
    assert waited.returncode == 0
    assert status(config, db)[0] == 1
    backoffs_pass(db)
    collect_once(config, db)
    code, lines, report = status(config, db)
    assert code == 0 and lines[0].startswith("OK: ") and "failing" not in lines[0]
    assert report["failing_sources"] == [] and report["source_failures"] == []


def test_a_used_up_quota_is_waited_out_by_the_next_collect_once(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A service that answers and says its quota is spent until a reset ("X-RateLimit-Remaining:
    0") was asked again by the next `collect --once` from cron, and every one after: the wait
    held only within one run. The next run leaves it alone, saying why, and the source is not
    failing; once the reset has passed, it is polled again."""
    reset = str(int(datetime.now(UTC).timestamp()) + 3600)
    quota = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    httpserver.expect_request("/news").respond_with_data(
        feed(), content_type="application/rss+xml", headers=quota
    )
    config = config_for(tmp_path / "c.toml", httpserver, "news")
    db = tmp_path / "c.db"
    first = collect_once(config, db)
    assert "news: 1 new / 1 fetched; the service's rate limit is used up" in first.stdout
    asked = len(httpserver.log)

    second = collect_once(config, db)
    assert len(httpserver.log) == asked, "asked again before the reset"
    assert second.returncode == 0
    assert second.stdout.startswith("news: not polled: the service's rate limit is used up: ")
    assert "in 60 min" in second.stdout or "in 59 min" in second.stdout, second.stdout
    code, lines, report = status(config, db)
    assert code == 0 and report["failing_sources"] == [] and "failing" not in lines[0]

    backoffs_pass(db)  # cron's run after the reset
    collect_once(config, db)
    assert len(httpserver.log) == asked + 1


def test_sources_that_start_failing_after_collecting_make_it_unknown_not_ok(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The database is fresh (a poll succeeded a moment ago), but nothing is coming in now."""
    config = config_for(tmp_path / "c.toml", httpserver, "news", "blog")
    db = tmp_path / "c.db"
    serve(httpserver, news=200, blog=200)
    collect_once(config, db)
    serve(httpserver, news=503, blog=429)
    collect_once(config, db)

    code, lines, report = status(config, db)
    assert code == 3
    assert lines[0].startswith("UNKNOWN: Acme Air severity NORMAL (score 0.0) - 2 of 2 sources ")
    assert "failing, nothing collected since " in lines[0]
    assert (
        "news (HTTP 503" in lines[0]
        and "blog (rate limited (HTTP 429), asked to wait 2 min)" in lines[0]
    )
    assert report["state"] == "UNKNOWN" and report["level"] == "normal"
    assert report["last_collected"] is not None  # the mention stored by the first collect


async def _record(db: Path, now: datetime, *healths: SourceHealth) -> None:
    async with await open_store(db) as store:
        for health in healths:
            await store.record_health(health, now)


def failing(
    name: str,
    error: str,
    now: datetime,
    *,
    last_ok: datetime | None = None,
    failures: int = 1,
    retry_in: timedelta = timedelta(minutes=2),
) -> SourceHealth:
    """A source's health after a failed poll at ``now``, as the collector records it."""
    return SourceHealth(
        name,
        "rss",
        SourceState.FAILING,
        last_ok=last_ok,
        last_error=error,
        last_error_at=now,
        next_poll=now + retry_in,
        failures=failures,
    )


def test_a_failed_poll_is_no_heartbeat_for_staleness(tmp_path: Path) -> None:
    """The last success was two hours ago; failing polls since kept the database "fresh"."""
    db = tmp_path / "c.db"
    now = datetime.now(UTC)
    two_hours_ago = now - timedelta(hours=2)
    news = failing("news", "HTTP 502 BAD GATEWAY", now, last_ok=two_hours_ago, failures=40)
    asyncio.run(_record(db, now, news))

    code, lines, report = status(None, db)
    assert code == 3
    last_ok = f"{two_hours_ago:%Y-%m-%d %H:%M} UTC"
    assert lines[0] == (
        f"UNKNOWN: database is stale (last collected {last_ok}); "
        "1 of 1 source failing: news (HTTP 502 BAD GATEWAY)"
    )
    retry = f"{now + timedelta(minutes=2):%Y-%m-%d %H:%M} UTC"  # (a rate limit's wait too)
    assert lines[1] == (
        f"source news failing: HTTP 502 BAD GATEWAY (40 failed polls in a row, last ok {last_ok}"
        f", next try {retry})"
    )
    assert report["source_failures"][0]["next_try"].startswith(
        f"{now + timedelta(minutes=2):%Y-%m-%dT%H:%M}"
    )
    assert report["failing_sources"] == ["news"]
    assert report["source_failures"][0]["failures"] == 40


def test_a_source_no_longer_polled_stops_counting_but_a_current_failure_does(
    tmp_path: Path,
) -> None:
    """'old' was taken out of the config while it failed: its retry, due two hours ago, never
    came. Only 'blog', failing now, makes the check a WARNING."""
    db = tmp_path / "c.db"
    now = datetime.now(UTC)
    gone = failing("old", "HTTP 404 NOT FOUND", now - timedelta(hours=3), failures=9)
    news = SourceHealth("news", "rss", SourceState.OK, last_ok=now, next_poll=now)
    blog = failing("blog", "rate limited (HTTP 429)", now, last_ok=now - timedelta(minutes=5))
    asyncio.run(_record(db, now, gone, news, blog))

    code, lines, report = status(None, db)
    assert code == 1
    assert "1 of 2 sources failing: blog (rate limited (HTTP 429))" in lines[0]
    assert "old" not in "\n".join(lines)
    assert report["failing_sources"] == ["blog"]


def test_a_reason_from_an_older_database_is_one_bounded_plain_line(tmp_path: Path) -> None:
    """A reason written before the collector cleaned them may hold escape codes, a '|' that
    would start forged performance data, and a whole HTML page."""
    db = tmp_path / "c.db"
    now = datetime.now(UTC)
    hostile = "HTTP 500 \x1b]52;c;ZXZpbA==\x07|score=0 <html>" + "x" * 5000 + "\nsecond line"
    news = SourceHealth("news", "rss", SourceState.OK, last_ok=now, next_poll=now)
    asyncio.run(_record(db, now, news, failing("blog", hostile, now)))

    code, lines, report = status(None, db)
    assert code == 1
    assert lines[0].startswith("WARNING: ") and "blog (HTTP 500 ¦score=0 <html>xxx" in lines[0]
    assert lines[0].count("|") == 1 and len(lines[0]) < 300  # the one before the figures
    shown = "\n".join(lines)
    assert "\x1b" not in shown and "\x07" not in shown and "second line" not in shown
    (failure,) = report["source_failures"]
    assert failure["error"].startswith("HTTP 500 |score=0 <html>xxx")
    assert failure["error"].endswith("…") and len(failure["error"]) == 300


def test_a_crisis_measured_while_every_source_fails_stays_critical(tmp_path: Path) -> None:
    """UNKNOWN is for a level that cannot be measured; a storm already stored is real."""
    db = tmp_path / "storm.db"
    now = datetime.now(UTC)
    data = history(tmp_path / "storm.jsonl", now, 90, 30)
    assert crisistui("import", data, "--db", db).returncode == 0
    x = failing("x", "rate limited (HTTP 429)", now, last_ok=now - timedelta(minutes=1))
    asyncio.run(_record(db, now, x))
    code, lines, report = status(None, db)
    assert code == 2 and report["state"] == "CRITICAL"
    assert lines[0].startswith("CRITICAL: Acme Air severity ")
    drivers, _, sources = lines[0].partition(" | ")[0].partition(" - 1 of 1 source failing")
    assert "@bignews" in drivers  # the crisis first: the level set the state
    assert sources.startswith(", nothing collected since ") and "x (rate limited" in sources


def test_a_crisis_measured_before_the_database_went_stale_stays_critical_and_says_so(
    tmp_path: Path,
) -> None:
    """A collector that dies in a crisis turned CRITICAL into UNKNOWN with no level: the
    storm stored is still the brand's, so the check says it, as it was at the last
    collection, and says the database is stale."""
    db = tmp_path / "storm.db"
    data = history(tmp_path / "storm.jsonl", datetime.now(UTC), 90, 30)
    assert crisistui("import", data, "--db", db).returncode == 0
    code, lines, report = status(None, db, "--stale-after", "0")
    assert code == 2 and report["state"] == "CRITICAL", lines
    assert report["level"] in ("high", "critical") and report["drivers"]
    assert str(report["reason"]).startswith("database is stale (last collected ")
    assert lines[0].startswith("CRITICAL: Acme Air severity ")
    assert report["stale"] is True
    head = f"CRITICAL: Acme Air severity {report['level'].upper()} (score {report['score']}) - "
    assert lines[0].startswith(f"{head}database is stale (last collected "), lines[0]
    assert "the level is the one measured then" in lines[0]


def test_without_its_config_the_check_says_so_rather_than_ok_for_the_demo_brand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nagios's environment may lack the config: the check then ran for the demo brand and
    said OK, 0 mentions, of a database in crisis about another brand."""
    monkeypatch.delenv("CRISISTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    config = tmp_path / "northwind.toml"
    config.write_text('[brand]\nname = "Northwind"\nterms = ["acme air"]\n', encoding="utf-8")
    db = tmp_path / "storm.db"
    data = history(tmp_path / "storm.jsonl", datetime.now(UTC), 90, 30)
    assert crisistui("import", data, "-c", config, "--db", db).returncode == 0
    code, lines, report = status(None, db)
    assert code == 3 and report["state"] == "UNKNOWN"
    assert lines[0].startswith("UNKNOWN: ")
    assert "this database is Northwind's and no config was found" in lines[0]
    assert "-c FILE" in lines[0]
    code, lines, _ = status(config, db)
    assert code == 2 and lines[0].startswith("CRITICAL: Northwind severity ")


def test_a_negative_or_unreadable_stale_after_is_refused_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--stale-after -5` was accepted: every database was then stale, and the check looked
    like it worked. A misconfigured check is UNKNOWN (3), not argparse's 2 (CRITICAL)."""
    from crisistui.cli import main

    db = tmp_path / "calm.db"
    data = history(tmp_path / "calm.jsonl", datetime.now(UTC), 30, 0)
    assert main(["import", str(data), "--db", str(db)]) == 0
    for value in ("-5", "nan", "soon"):
        capsys.readouterr()
        code = main(["status", "--db", str(db), f"--stale-after={value}"])
        lines = capsys.readouterr().out.splitlines()
        assert main(["status", "--db", str(db), "--json", f"--stale-after={value}"]) == code
        report = json.loads(capsys.readouterr().out)
        assert code == 3, value
        assert lines == [f"UNKNOWN: --stale-after: must be 0 seconds or more, not '{value}'"]
        assert report["state"] == "UNKNOWN" and "--stale-after" in report["reason"]
    code, lines, _ = status(None, db, "--stale-after", "0")  # 0 is allowed: always stale
    assert code == 3 and "database is stale" in lines[0]
    code, lines, _ = status(None, db, "--stale-after", "600")
    assert code == 0 and lines[0].startswith("OK: ")


def test_a_recovered_source_is_not_failing_and_an_ok_sources_note_is_reported(
    tmp_path: Path,
) -> None:
    """'news' failed an hour ago and has polled fine since: its old error is history, not a
    failure. 'api' polls fine but skipped items: `status --json` says so, bounded and plain."""
    db = tmp_path / "c.db"
    now = datetime.now(UTC)
    hour_ago = now - timedelta(hours=1)
    news = replace(
        failing("news", "HTTP 500 INTERNAL SERVER ERROR", hour_ago),
        state=SourceState.OK,
        last_ok=now,
        next_poll=now,
        failures=0,
    )
    skipped = "6 of 9 items skipped: no usable time \x1b[31m(item 1: ...)\n" + "x" * 1000
    api = SourceHealth("api", "json", SourceState.OK, last_ok=now, next_poll=now, note=skipped)
    blog = failing("blog", "rate limited (HTTP 429)", now, last_ok=now - timedelta(minutes=5))
    asyncio.run(_record(db, now, news, api, blog))

    code, lines, report = status(None, db)
    assert code == 1 and "1 of 3 sources failing: blog (rate limited (HTTP 429))" in lines[0]
    assert "news" not in "\n".join(lines)
    assert report["failing_sources"] == ["blog"]
    assert [f["source"] for f in report["source_failures"]] == ["blog"]
    assert list(report["source_notes"]) == ["api"]
    note = report["source_notes"]["api"]
    assert note.startswith("6 of 9 items skipped: no usable time (item 1: ...) xxx")
    assert note.endswith("…") and len(note) == 300 and "\x1b" not in note


def test_a_source_of_the_config_nobody_polls_is_named_and_a_warning(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A team's collectors share a database: the one polling 'blog' hung two hours ago while
    'news' is collected on. The check said OK; 'old', taken out of the config, stays unsaid."""
    config = config_for(tmp_path / "c.toml", httpserver, "news", "blog")
    db = tmp_path / "c.db"
    now = datetime.now(UTC)
    then = now - timedelta(hours=2)
    news = SourceHealth("news", "rss", SourceState.OK, last_ok=now, next_poll=now)
    blog = SourceHealth("blog", "rss", SourceState.OK, last_ok=then, next_poll=then)
    gone = SourceHealth("old", "rss", SourceState.OK, last_ok=then, next_poll=then)
    asyncio.run(_record(db, now, news, blog, gone))

    code, lines, report = status(config, db)
    assert code == 1 and report["state"] == "WARNING"
    due = f"{then:%Y-%m-%d %H:%M} UTC"
    assert f"1 source of the config not polled: blog (a poll due {due} never came)" in lines[0]
    assert any(line.startswith("source blog not polled: a poll due ") for line in lines[1:])
    assert "old" not in "\n".join(lines)
    assert [s["source"] for s in report["stopped_sources"]] == ["blog"]
    assert report["failing_sources"] == []


def test_a_sources_record_goes_on_across_runs_of_the_collector(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """`collect --once` from cron: a source that worked, then failed twice, was reported as
    "1 failed poll in a row, last ok none recorded": each run started its record afresh."""
    config = config_for(tmp_path / "c.toml", httpserver, "news", "blog")
    db = tmp_path / "c.db"
    serve(httpserver, news=200, blog=200)
    collect_once(config, db)
    serve(httpserver, news=200, blog=500)
    collect_once(config, db)
    backoffs_pass(db)
    collect_once(config, db)

    code, lines, report = status(config, db)
    assert code == 1
    (failure,) = report["source_failures"]
    assert failure["failures"] == 2 and failure["last_ok"] is not None
    assert "(2 failed polls in a row, last ok 20" in lines[1]
