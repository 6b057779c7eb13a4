"""One hostile database for the hostile-input suite: every mention field a stranger writes,
through `import` and every source type (served on 127.0.0.1), then `collect` with alert
channels, so the timeline, the alerts and the severity drivers carry the payloads too.

Built once per session (``hostile_world``) and read by every output test. The loud posts are a
minute old when it is built: what assesses the level (status, the why screen, the wall) reads
them within the five minutes the engine looks back.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.test_source_bluesky import post as bluesky_post
from tests.test_source_bluesky import session as bluesky_session
from tests.test_source_hackernews import results as hn_results
from tests.test_source_hackernews import story as hn_story
from tests.test_source_mastodon import status as mastodon_status
from tests.test_source_reddit import listing as reddit_listing
from tests.test_source_reddit import post as reddit_post

CALM = "Flying Acme Air to Boston today, the crew was lovely and helpful"
ANGRY = "Acme Air lost every bag on my flight, this is terrible and awful service"

PAYLOADS: dict[str, str] = {
    "combined": (
        "[bold red]COMBO[/][@click=app.quit]Q[/]\x1b]52;c;ZWNobyBwd25lZAo=\x07\x1b]0;PWNED\x07"
        "\x1b[2J\x9d0;T\x07\u202eRTL\u200bZW <b>B</b>[x](javascript:alert(1))"
    ),
    "injection": "=cmd|' /C calc'!A0 </details><script>alert(1)</script> [x](javascript:alert(1))",
    "markup": "[bold red]MARKUP[/] [@click=app.quit]CLICK[/] [link=javascript:alert(1)]LN[/link]",
    "escapes": (
        "ESC\x1b]52;c;ZWNobyBwd25lZAo=\x07\x1b]0;PWNED\x07\x1b[2J\x1bP+q\x1b\\"
        "\x9b2J\x9d0;PWNED\x07\x1b]8;;javascript:alert(1)\x1b\\APED"
    ),
    "unterminated": "UNTERM\x1b]0;PWNED",
    "unterminated_dcs": "DCS\x1bPq#0;2;0;0;0",
    "bidi": "BIDI\u202egnp.exe\u2066x\u2067y\u2068z\u2069\u202a\u200f",
    "invisible": "IN\u200bVIS\u2060I\ufeffBLE\U000e0041\u00ad\u061c\u180e",
    "surrogate": "SURR\ud800OGATE",
}
"""What a stranger can put in any string field. Each payload carries a visible word (MARKUP,
ESC…) so a test can see that the field is shown, and what must never reach a terminal."""

MARKERS: dict[str, str] = {
    "combined": "COMBO",
    "markup": "MARKUP",
    "escapes": "ESC",
    "unterminated": "UNTERM",
    "unterminated_dcs": "DCS",
    "bidi": "BIDI",
    "invisible": "INVISIBLE",
    "surrogate": "SURR",
    "injection": "calc",
}
"""The word of each payload that stays visible once it is made inert."""

HUGE = ANGRY + " " + "[bold]x " * 131_072  # 1 MB of text, markup all the way
FIELDS = ("source", "id", "text", "author", "url", "lang")

CONTROLS: dict[str, str] = {
    "OSC 52 (clipboard)": "\x1b]52",
    "OSC 0 (title)": "\x1b]0;PWNED",
    "a hyperlink to javascript:": "\x1b]8;;javascript",
    "DCS": "\x1bP",
    "8-bit CSI": "\x9b",
    "8-bit OSC": "\x9d",
    "BEL": "\x07",
    "RTL override": "\u202e",
    "bidi isolate": "\u2066",
    "LTR embedding": "\u202a",
    "RLM": "\u200f",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "BOM": "\ufeff",
    "tag character": "\U000e0041",
    "soft hyphen": "\u00ad",
    "lone surrogate": "\ud800",
}
"""What no output may contain: the payloads' control sequences and invisible characters."""

NOTE = "pasted: [bold red]NOTE[/][@click=app.quit]Q[/] <b>B</b>[x](javascript:alert(1))"
"""A colleague's note on the incident's first task, quoting a post as the console showed it:
markup and links as the stranger typed them, and no control character (what a screen shows
has none to copy; every timeline event, the note's too, must stay inert)."""
NOTED_TASK = ("open-incident-log", "Open the incident log and record the first signal")
"""The first task of the default playbook: the checklist's first row."""

BROKEN_STATUS = "503 [bold red]DOWN[/] \x9b2J\x9d0;PWNED\x07"
"""A failing service's status line: its reason phrase is the stranger's to write."""
HOOKS = ("text", "html", "markdown")
"""Alert channels, each asking for the format its service renders (Apprise's ``format=``)."""
SOURCE_NAMES = ("news", "masto", "bsky", "reddit", "hn", "tickets")


def leaks(output: str) -> list[str]:
    """The hostile sequences and characters in a command's output, a file or a message (none
    of which has any business holding an ESC)."""
    found = [name for name, code in CONTROLS.items() if code in output]
    return [*found, "ESC"] if "\x1b" in output else found


def import_lines(now: datetime) -> list[dict[str, Any]]:
    """Three calm hours, then each payload in every field of loud negative posts: one without
    an author (so the engine names it by its source), the others with one."""
    lines: list[dict[str, Any]] = []
    for minute in range(180):
        at = now - timedelta(minutes=182 - minute)
        for n in range(2):
            text = ANGRY if (minute + n) % 9 == 0 else CALM
            lines.append(
                {"source": "x", "id": f"c{minute}-{n}", "text": text, "created_at": at.isoformat()}
            )
    for k, payload in enumerate(PAYLOADS.values()):
        for j in range(5):
            line: dict[str, Any] = {
                "source": payload,
                "id": f"{payload}{j}",
                "text": f"{ANGRY} {payload}",
                "url": f"https://e.example/{payload}",
                "lang": payload,
                "author_followers": 3_000_000 - k * 1000 - j,
                "created_at": (now - timedelta(minutes=1, seconds=k * 5 + j)).isoformat(),
            }
            if j:
                line["author"] = payload
            lines.append(line)
    lines.append(
        {
            "source": "huge\x1b]0;PWNED" + "s" * 1_000_000,
            "id": "i" * 1_000_000,
            "text": HUGE,
            "author": "[bold]a" * 100_000,
            "url": "https://e.example/" + "u" * 1_000_000,
            "lang": "l" * 1_000_000,
            "created_at": (now - timedelta(minutes=2)).isoformat(),
        }
    )
    return lines


BAD_LINES = (
    json.dumps({"source": "x", "id": "b1", "text": CALM, "created_at": PAYLOADS["combined"]}),
    json.dumps({"source": "x", "id": "b2", "text": CALM, "lang": [PAYLOADS["escapes"]]}),
    PAYLOADS["escapes"],
    '{"' + PAYLOADS["escapes"],
)
"""Lines `import` must name and skip, saying why without replaying what they hold."""


def _rss(now: datetime) -> bytes:
    """A feed with the payloads in every element; the lone surrogate becomes ``&#55296;``, a
    character reference to no character."""
    items = "".join(
        f"<item><title>{html.escape(ANGRY + ' ' + p)}</title>"
        f"<link>https://news.example.com/{html.escape(p)}</link>"
        f"<guid isPermaLink='false'>{html.escape(p)}</guid>"
        f"<author>{html.escape(p)}</author>"
        f"<pubDate>{format_datetime(now - timedelta(minutes=1))}</pubDate>"
        f"<description>{html.escape(p)}</description></item>"
        for p in PAYLOADS.values()
    )
    feed = (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>{html.escape(PAYLOADS['escapes'])}</title>{items}</channel></rss>"
    )
    return feed.encode("utf-8", "xmlcharrefreplace")


def serve_hostile_services(server: HTTPServer, now: datetime) -> None:
    """Every source type answering with the payloads in each field it maps."""
    epoch = int(now.timestamp())
    payloads = list(PAYLOADS.values())
    server.expect_request("/feed.xml").respond_with_data(
        _rss(now), content_type="application/rss+xml"
    )
    statuses = []
    for n, p in enumerate(payloads):
        status = mastodon_status(
            n + 1,
            f"<p>{html.escape(ANGRY + ' ' + p)}</p>",
            acct=p,
            language=p,
            created_at=(now - timedelta(minutes=1)).isoformat(),
        )
        statuses.append(status | {"uri": p, "url": f"https://masto.example/{p}"})
    server.expect_request("/api/v1/timelines/tag/acmeair").respond_with_json(statuses)
    server.expect_request(
        "/xrpc/com.atproto.server.createSession", method="POST"
    ).respond_with_json(bluesky_session())
    posts = [
        bluesky_post(
            f"k{n}{p}",
            f"{ANGRY} {p}",
            handle=p,
            langs=[p],
            created=(now - timedelta(minutes=1)).isoformat(),
        )
        for n, p in enumerate(payloads)
    ]
    server.expect_request("/xrpc/app.bsky.feed.searchPosts").respond_with_json({"posts": posts})
    children = [
        reddit_post(
            f"r{n}",
            epoch - 60,
            f"{ANGRY} {p}",
            author=p,
            selftext=p,
            permalink=f"/r/x/{p}",
            name=f"t3_{p}",
        )
        for n, p in enumerate(payloads)
    ]
    server.expect_request("/search.json").respond_with_json(reddit_listing(children))
    stories = [
        hn_story(41000001 + n, epoch - 60, title=f"{ANGRY} {p}", author=p, url=p, objectID=p)
        for n, p in enumerate(payloads)
    ]
    server.expect_request("/api/v1/search_by_date").respond_with_json(hn_results(stories))
    tickets = [
        {"key": p, "body": f"{ANGRY} {p}", "opened": epoch - n, "who": p, "link": p, "lang": p}
        for n, p in enumerate(payloads)
    ]  # the first payload is the newest mention: the feed's first row
    tickets.append(
        {"key": "h" * 1_000_000, "body": HUGE, "opened": epoch - 600, "who": "w" * 10**6}
    )
    server.expect_request("/tickets.json").respond_with_json({"data": {"items": tickets}})
    server.expect_request("/broken.json").respond_with_response(
        Response("down", status=BROKEN_STATUS)
    )
    for hook in HOOKS:
        server.expect_request(f"/{hook}", method="POST").respond_with_data("ok")


def config_text(base: str) -> str:
    return f"""
[brand]
name = "Acme Air"
terms = ["acme air", "acmeair", "@acmeair"]

[alerts]
urls_env = ["HOSTILE_HOOK"]
min_level = "elevated"
# the console's own bell on a rise is a BEL too: off, so any BEL in the stream is a stranger's
bell = false

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
name = "broken"
url = "{base}/broken.json"
fields = {{ id = "id", text = "text", created_at = "at" }}

[[sources]]
type = "json"
name = "tickets"
url = "{base}/tickets.json"
items = "data.items"
fields = {{ id = "key", text = "body", created_at = "opened", author = "who", url = "link", \
lang = "lang" }}
"""


@dataclass(frozen=True)
class HostileWorld:
    """The hostile database and what building it printed and sent."""

    folder: Path
    db: Path
    config: Path
    jsonl: Path
    env: dict[str, str]
    imported: subprocess.CompletedProcess[str]
    collect_out: str
    collect_err: str
    alerts: dict[str, str]
    """The alert each local webhook received, by the format its channel asks for."""
    built_at: datetime

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A crisistui command on the hostile database, as an operator types it."""
        return subprocess.run(
            [sys.executable, "-m", "crisistui", *map(str, args)],
            capture_output=True,
            text=True,
            errors="surrogateescape",
            env=self.env,
            cwd=self.folder,
            timeout=timeout,
            check=False,
        )


def _collect_until_announced(world_env: dict[str, str], config: Path, db: Path) -> tuple[str, str]:
    """`collect` until every source has answered and the level it found is announced, then
    SIGTERM (which lets the alert in flight go out)."""
    command = [sys.executable, "-m", "crisistui", "collect", "-c", str(config), "--db", str(db)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=world_env
    )
    said = b""

    def done() -> bool:
        lines = said.decode("utf-8", "surrogateescape").splitlines()
        answered = all(
            any(line.startswith(f"{n}: ") for line in lines) for n in (*SOURCE_NAMES, "broken")
        )
        failed = [line for line in lines if ": FAILED: " in line and line.startswith(SOURCE_NAMES)]
        assert not failed, lines
        return answered and any("found at start" in line for line in lines)

    deadline = time.monotonic() + 60
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while not done():
                left = deadline - time.monotonic()
                assert left > 0 and selector.select(left), f"collect stalled: {said!r}"
                chunk = os.read(process.stdout.fileno(), 65536)
                assert chunk, process.stderr.read() if process.stderr else ""
                said += chunk
        process.send_signal(signal.SIGTERM)
        rest, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return (said + rest).decode("utf-8", "surrogateescape"), err.decode("utf-8", "surrogateescape")


async def _open_incident(db: Path) -> None:
    """An open incident with the loudest hostile mentions linked to it, and a note on its
    first task."""
    from crisistui.store import open_store

    now = datetime.now(UTC)
    async with await open_store(db) as store:
        incident = await store.open_incident(
            "Baggage outage",
            "service-outage",
            "default",
            "dana",
            now,
            severity="SEV2",
            detected_at=now - timedelta(minutes=10),
        )
        loud = [m for m in await store.recent_mentions(2000) if m.author_followers]
        for mention in loud[:8]:
            await store.triage_mention(
                mention.id, "acknowledged", "dana", now, incident_id=incident.id
            )
        await store.add_task_note(incident.id, *NOTED_TASK, NOTE, "dana", now)


_built: dict[Path, HostileWorld] = {}
FRESH_FOR = timedelta(minutes=2)
"""The loud posts are a minute old when the world is built and the engine looks five minutes
back: a world older than this (a long or parallel run reaching the console tests late) is
built again."""


def hostile_world(base: Path) -> HostileWorld:
    """Build (once per session, under the session's ``base`` folder, again when it grew old)
    the database every output test reads."""
    built = _built.get(base)
    if built is not None and datetime.now(UTC) - built.built_at < FRESH_FOR:
        return built
    folder = base / f"hostile-world-{len(list(base.glob('hostile-world-*')))}"
    folder.mkdir()
    now = datetime.now(UTC)
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        serve_hostile_services(server, now)
        config = folder / "crisistui.toml"
        config.write_text(config_text(server.url_for("").rstrip("/")), encoding="utf-8")
        # COLUMNS and LINES describe the test runner's terminal (pytest-xdist sets 80×24): a
        # console in a pseudo-terminal must take its size from the pseudo-terminal.
        private = {"CRISISTUI_CONFIG", "CRISISTUI_DB", "COLUMNS", "LINES"}
        env = {
            **{k: v for k, v in os.environ.items() if k not in private},
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_STATE_HOME": str(folder / "state"),
            "TZ": "UTC",
            "TEST_BSKY_PASSWORD": "abcd-efgh-ijkl-mnop",
            "HOSTILE_HOOK": ",".join(
                f"json://127.0.0.1:{server.port}/{hook}?format={hook}" for hook in HOOKS
            ),
        }
        db = folder / "hostile.db"
        jsonl = folder / "hostile.jsonl"
        lines = [json.dumps(line) for line in import_lines(now)]
        jsonl.write_text("\n".join(lines), encoding="utf-8")
        command = ["import", str(jsonl), "-c", str(config), "--db", str(db)]
        imported = subprocess.run(
            [sys.executable, "-m", "crisistui", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        collect_out, collect_err = _collect_until_announced(env, config, db)
        alerts = {
            request.path.strip("/"): request.get_data(as_text=True)
            for request, _ in server.log
            if request.path.strip("/") in HOOKS
        }
    finally:
        server.clear()
        server.stop()
    asyncio.run(_open_incident(db))
    world = HostileWorld(
        folder, db, config, jsonl, env, imported, collect_out, collect_err, alerts, now
    )
    _built[base] = world
    return world
