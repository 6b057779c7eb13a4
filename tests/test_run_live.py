"""`run` and `collect` against real HTTP feeds on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from crisistui.config import load_config
from crisistui.domain.clock import SystemClock
from crisistui.domain.playbook import load_playbooks
from crisistui.sources.registry import build_sources
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.header import StatusHeader
from tests.conftest import until


def rss_feed(titles: list[str]) -> str:
    now = datetime.now(UTC)
    items = "".join(
        f"""<item><title>{title}</title><link>https://news.example.com/{i}</link>
        <guid isPermaLink="false">story-{i}</guid>
        <pubDate>{format_datetime(now - timedelta(minutes=i))}</pubDate>
        <description>&lt;p&gt;{title} &amp;amp; more&lt;/p&gt;</description></item>"""
        for i, title in enumerate(titles)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example.com</link>
<description>Latest</description>{items}</channel></rss>"""


def write_config(tmp_path: Path, feeds: dict[str, str]) -> Path:
    blocks = "".join(
        f'[[sources]]\ntype = "rss"\nname = "{name}"\nurl = "{url}"\ninterval = 60\n\n'
        for name, url in feeds.items()
    )
    path = tmp_path / "crisistui.toml"
    path.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n\n'
        '[[competitors]]\nname = "Zephyr"\nterms = ["zephyr"]\n\n'
        f'[storage]\npath = "live.db"\n\n{blocks}',
        encoding="utf-8",
    )
    return path


async def test_console_shows_feed_items_and_source_health(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/good.xml").respond_with_data(
        rss_feed(["Acme Air delays pile up", "Weather is nice", "Zephyr adds routes"]),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/broken.xml").respond_with_data("oops", status=500)
    config = load_config(
        write_config(
            tmp_path,
            {
                "news": httpserver.url_for("/good.xml"),
                "broken": httpserver.url_for("/broken.xml"),
            },
        )
    )
    clock = SystemClock()
    setup = ConsoleSetup(
        config=config,
        db_path=config.db_path(),
        playbooks=load_playbooks(),
        sources=build_sources(config, clock),
        clock=clock,
        actor="tester",
        collect=False,
    )
    app = CrisisApp(setup)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.collect_once()
        await pilot.pause()
        texts = [m.text for m in app.query_one(MentionFeed).mentions]
        assert sorted(texts) == [
            "Acme Air delays pile up & more",  # the summary repeats the title: said once
            "Zephyr adds routes & more",
        ]
        header = str(app.query_one(StatusHeader).render())
        assert "news ok" in header and "broken failing" in header
        await pilot.press("s")
        assert isinstance(app.screen, SourcesScreen)
        await pilot.pause()
        from textual.widgets import DataTable

        rows = [app.screen.query_one(DataTable).get_row_at(i) for i in range(2)]
        broken = next(r for r in rows if r[0].plain == "broken")
        assert "HTTP 500" in broken[-1].plain
        await pilot.press("escape")
    assert (tmp_path / "live.db").exists()


def test_collect_once_prints_a_line_per_source(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/good.xml").respond_with_data(
        rss_feed(["Acme Air outage", "Acme Air refunds", "Unrelated"]),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/broken.xml").respond_with_data("<html>nope</html>")
    config = write_config(
        tmp_path,
        {
            "news": httpserver.url_for("/good.xml"),
            "broken": httpserver.url_for("/broken.xml"),
        },
    )
    run = [sys.executable, "-m", "crisistui", "collect", "--once", "-c", str(config)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert first.returncode == 0, first.stderr
    assert "news: 2 new / 3 fetched" in first.stdout
    assert "broken: FAILED:" in first.stdout
    second = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert "news: 0 new / 3 fetched" in second.stdout

    httpserver.clear()
    httpserver.expect_request("/good.xml").respond_with_data("", status=503)
    httpserver.expect_request("/broken.xml").respond_with_data("", status=404)
    failed = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert failed.returncode == 1  # every source it polled failed
    assert "news: FAILED: HTTP 503" in failed.stdout
    # the broken source failed the run before: it is not asked again before its backoff ends
    assert "broken: not polled: backing off until " in failed.stdout


async def test_reading_console_shows_the_collectors_heartbeat(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    import asyncio

    from crisistui.cli import main as cli_main

    httpserver.expect_request("/good.xml").respond_with_data(
        rss_feed(["Acme Air outage"]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/broken.xml").respond_with_data("", status=502)
    path = write_config(
        tmp_path,
        {
            "news": httpserver.url_for("/good.xml"),
            "broken": httpserver.url_for("/broken.xml"),
        },
    )
    assert await asyncio.to_thread(cli_main, ["collect", "--once", "-c", str(path)]) == 0
    config = load_config(path)
    setup = ConsoleSetup(
        config=config,
        db_path=config.db_path(),
        playbooks=load_playbooks(),
        sources=[],
        actor="tester",
        collect=False,
    )
    app = CrisisApp(setup)

    def header() -> str:
        app._tick_clock()
        return str(app.query_one(StatusHeader).render())

    async with app.run_test(size=(120, 30)) as pilot:
        # the first beat reads the heartbeat in a worker: one pause need not see it done
        await until(pilot, lambda: "news ok" in header())
        assert "broken failing" in header()
        assert [m.text for m in app.query_one(MentionFeed).mentions] == ["Acme Air outage & more"]


def test_a_reading_console_on_an_unusable_database_says_why_and_exits_2(tmp_path: Path) -> None:
    """The console's own start-up would show a traceback and exit 0; it must be the one-line
    error every other command gives, before any screen is drawn."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder\n", encoding="utf-8")
    cannot_create = notes / "team.db"
    not_sqlite = tmp_path / "team.db"
    not_sqlite.write_bytes(b"these are my notes, not a database\n" * 200)
    for command, db in (("run", cannot_create), ("wall", cannot_create), ("run", not_sqlite)):
        extra = ["--no-collect"] if command == "run" else []
        result = subprocess.run(
            [sys.executable, "-m", "crisistui", command, *extra, "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert result.returncode == 2, (command, db, result.stderr[-500:])
        assert f"crisistui: {db}: " in result.stderr
        assert "Traceback" not in result.stderr
    assert not_sqlite.read_bytes().startswith(b"these are my notes")
