"""`crisistui collect --once` against one local stand-in for every service at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.test_run_live import rss_feed
from tests.test_source_bluesky import post as bluesky_post
from tests.test_source_bluesky import session as bluesky_session
from tests.test_source_hackernews import results as hn_results
from tests.test_source_hackernews import story as hn_story
from tests.test_source_mastodon import status as mastodon_status
from tests.test_source_reddit import listing as reddit_listing
from tests.test_source_reddit import post as reddit_post


def serve_every_service(httpserver: HTTPServer) -> None:
    now = int(time.time())
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed(["Acme Air outage", "Acme Air refunds"]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/api/v1/timelines/tag/acmeair").respond_with_json(
        [mastodon_status(2), mastodon_status(1, acct="bob")]
    )
    httpserver.expect_request(
        "/xrpc/com.atproto.server.createSession", method="POST"
    ).respond_with_json(bluesky_session())
    httpserver.expect_request("/xrpc/app.bsky.feed.searchPosts").respond_with_json(
        {"posts": [bluesky_post("3kb1"), bluesky_post("3kb2", minute=16)]}
    )
    httpserver.expect_request("/search.json").respond_with_json(
        reddit_listing([reddit_post("abc1", now - 60), reddit_post("abc2", now - 120)])
    )
    httpserver.expect_request("/api/v1/search_by_date").respond_with_json(
        hn_results([hn_story(41000001, now - 300), hn_story(41000002, now - 400)])
    )
    httpserver.expect_request("/tickets.json").respond_with_json(
        {
            "data": {
                "items": [
                    {"key": "T-1", "body": "Acme Air app down for me", "opened": now - 30},
                    {"key": "T-2", "body": "Acme Air refund pending", "opened": now - 90},
                ]
            }
        }
    )


def config_for(base: str, tmp_path: Path) -> Path:
    path = tmp_path / "all.toml"
    path.write_text(
        f"""
[brand]
name = "Acme Air"
terms = ["acme air", "acmeair", "#acme", "@acmeair"]

[storage]
path = "all.db"

[[sources]]
type = "rss"
name = "news"
url = "{base}/feed.xml"

[[sources]]
type = "mastodon"
name = "masto"
url = "{base}"
tags = ["acmeair"]

[[sources]]
type = "bluesky"
name = "bsky"
url = "{base}"
query = "acme air"
handle = "brand.bsky.social"
app_password_env = "TEST_BSKY_PASSWORD"

[[sources]]
type = "reddit"
name = "reddit"
url = "{base}"
query = "acme air"

[[sources]]
type = "hackernews"
name = "hn"
url = "{base}"
query = "acme air"

[[sources]]
type = "json"
name = "tickets"
url = "{base}/tickets.json"
items = "data.items"
filter = "none"
fields = {{ id = "key", text = "body", created_at = "opened" }}
""",
        encoding="utf-8",
    )
    return path


def test_collect_once_ingests_from_every_source_type(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_every_service(httpserver)
    config = config_for(httpserver.url_for("").rstrip("/"), tmp_path)
    env = {**os.environ, "TEST_BSKY_PASSWORD": "abcd-efgh-ijkl-mnop"}
    command = [sys.executable, "-m", "crisistui", "collect", "--once", "-c", str(config)]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert set(lines) == {"news", "masto", "bsky", "reddit", "hn", "tickets"}
    for name, line in lines.items():
        assert line.startswith("2 new / 2 fetched"), (name, line)
    assert "abcd-efgh" not in result.stdout + result.stderr

    export = subprocess.run(
        [sys.executable, "-m", "crisistui", "export", "mentions", "-c", str(config)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    sources = {json.loads(line)["source"] for line in export.stdout.splitlines()}
    assert sources == {"news", "masto", "bsky", "reddit", "hn", "tickets"}
