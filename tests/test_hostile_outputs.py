"""Issue 14's hostile-input suite, outside the console: every payload in every mention field,
through `import` and every source type, comes out of no command's output, no stored field,
no alert, no timeline event, no report and no export able to drive a terminal, a Markdown
renderer or a spreadsheet."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from crisistui.domain.text import MAX_ID_CHARS, MAX_SOURCE_CHARS, MAX_STORED_CHARS
from crisistui.store import open_store
from tests.hostile import (
    BAD_LINES,
    FIELDS,
    HOOKS,
    MARKERS,
    PAYLOADS,
    SOURCE_NAMES,
    HostileWorld,
    hostile_world,
    leaks,
)

WAYS_IN = ("import", *SOURCE_NAMES)
BOUNDS = {"source": MAX_SOURCE_CHARS, "id": MAX_ID_CHARS, "text": MAX_STORED_CHARS}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> HostileWorld:
    return hostile_world(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def exported(world: HostileWorld) -> list[dict[str, Any]]:
    result = world.run("export", "mentions", "--format", "jsonl", "--db", world.db)
    assert result.returncode == 0, result.stderr
    assert leaks(result.stdout + result.stderr) == []
    return [json.loads(line) for line in result.stdout.splitlines()]


def way_in(record: dict[str, Any]) -> str:
    return record["source"] if record["source"] in SOURCE_NAMES else "import"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("way", WAYS_IN)
def test_every_field_is_stored_inert_whichever_way_it_came_in(
    exported: list[dict[str, Any]], way: str, payload: str
) -> None:
    marker = MARKERS[payload]
    arrived = [r for r in exported if way_in(r) == way and marker in r["text"]]
    assert arrived, f"no {payload} mention came in through {way}"
    for record in arrived:
        for field in FIELDS:
            value = record[field] or ""
            assert leaks(value) == [], (way, payload, field, value)
            assert len(value) <= BOUNDS.get(field, 2000), (way, payload, field)


def test_the_import_keeps_every_line_and_says_so_inertly(world: HostileWorld) -> None:
    said = world.imported.stdout + world.imported.stderr
    assert world.imported.returncode == 0, said
    assert "0 bad lines skipped" in said and leaks(said) == []


def test_bad_lines_are_named_without_replaying_what_they_hold(
    world: HostileWorld, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(BAD_LINES), encoding="utf-8")
    result = world.run("import", bad, "-c", world.config, "--db", tmp_path / "bad.db")
    said = result.stdout + result.stderr
    assert result.returncode == 1 and f"{len(BAD_LINES)} bad lines skipped" in said
    assert "created_at: not an ISO-8601 time: '[bold red]COMBO" in said  # named, escaped
    assert leaks(said) == []


def test_huge_values_are_bounded(exported: list[dict[str, Any]]) -> None:
    """A 1 MB id, source, url and language tag, and 1 MB of text, each stored bounded."""
    huge = [r for r in exported if r["text"].count("[bold]x") > 100]
    assert {way_in(r) for r in huge} == {"import", "tickets"}
    for record in huge:
        assert len(record["text"]) <= MAX_STORED_CHARS
        assert len(record["id"]) <= MAX_ID_CHARS and len(record["source"]) <= MAX_SOURCE_CHARS
        assert len(record["url"] or "") <= 2000 and len(record["lang"] or "") <= 35
        assert len(record["author"] or "") <= 200


def test_collect_says_what_each_source_brought_without_a_control_code(
    world: HostileWorld,
) -> None:
    said = world.collect_out + world.collect_err
    assert leaks(said) == [], said
    for name in SOURCE_NAMES:
        assert re.search(rf"^{name}: [1-9]\d* new", world.collect_out, re.M), said
    assert "broken: FAILED: HTTP 503 [bold red]DOWN[/]" in said  # the reason, as sent
    [severity] = [line for line in said.splitlines() if line.startswith("severity ")]
    assert "[bold red]COMBO[/]" in severity  # the loudest voice, named by its source, literally
    assert "Traceback" not in said


def test_the_alert_names_the_voice_inertly_in_every_format(world: HostileWorld) -> None:
    """A channel that renders HTML (email) or Markdown (Slack, Discord, Mattermost) shows the
    stranger's name as typed: no tag, no link, no formatting of theirs."""
    messages = {hook: json.loads(body)["message"] for hook, body in world.alerts.items()}
    assert set(messages) == set(HOOKS)
    for hook, message in messages.items():
        shown = {
            "html": html.unescape(message).replace("\xa0", " "),
            "markdown": re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", message),
        }.get(hook, message)
        assert "[bold red]COMBO[/]" in shown and "3.0M followers" in shown  # as typed
        assert leaks(shown) == []
    assert "<b>B</b>" in messages["text"]
    assert "<b>" not in messages["html"] and "&lt;b&gt;B&lt;/b&gt;" in messages["html"]
    assert not re.search(r"(?<!\\)\]\(javascript:", messages["markdown"])


async def test_the_timeline_records_the_level_inertly(world: HostileWorld) -> None:
    async with await open_store(world.db) as store:
        events = await store.events()
    change = next(e for e in events if e.kind == "severity.changed")
    assert "COMBO" in change.summary or "COMBO" in json.dumps(change.details)
    for event in events:
        assert leaks(event.summary + event.actor) == []
        assert leaks(json.dumps(event.details, ensure_ascii=False)) == [], event.kind


@pytest.mark.parametrize("args", [(), ("--json",)], ids=["text", "json"])
def test_status_names_the_voice_inertly(world: HostileWorld, args: tuple[str, ...]) -> None:
    result = world.run("status", *args, "-c", world.config, "--db", world.db)
    assert "COMBO" in result.stdout, result.stderr
    assert leaks(result.stdout + result.stderr) == []


@pytest.mark.parametrize("args", [(), ("--json",)], ids=["text", "json"])
def test_backtest_names_the_voice_inertly(world: HostileWorld, args: tuple[str, ...]) -> None:
    result = world.run("backtest", *args, world.jsonl, "-c", world.config)
    assert result.returncode == 0, result.stderr
    assert "3.0M followers" in result.stdout  # a hostile voice is named
    assert leaks(result.stdout + result.stderr) == []


def test_csv_export_is_inert_and_defuses_formulas(world: HostileWorld) -> None:
    """Cells a spreadsheet would run (`=cmd|…`, and `@` handles) start with a quote."""
    result = world.run("export", "mentions", "--format", "csv", "--db", world.db)
    assert result.returncode == 0 and leaks(result.stdout + result.stderr) == []
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = [row[field] for row in rows for field in FIELDS]
    assert any(cell.startswith("'=cmd|") for cell in cells)
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.fixture(scope="module")
def report_md(world: HostileWorld) -> str:
    result = world.run("report", "1", "--format", "md", "-c", world.config, "--db", world.db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_markdown_report_shows_strangers_words_without_their_markup(report_md: str) -> None:
    assert leaks(report_md) == []
    assert "COMBO" in report_md and "calc" in report_md  # the mentions are in it...
    assert "<script>" not in report_md and "</details>" not in report_md  # ...their HTML is not
    assert not re.search(r"(?<!\\)\]\(javascript:", report_md)  # an escaped "]" links nothing
    assert not re.search(r"(?<!\\)\[bold red\]", report_md.replace("\\[bold red\\]", ""))


def test_the_json_report_is_inert(world: HostileWorld) -> None:
    result = world.run("report", "1", "--format", "json", "-c", world.config, "--db", world.db)
    assert result.returncode == 0, result.stderr
    assert "COMBO" in result.stdout
    assert leaks(result.stdout) == []
    assert leaks(json.dumps(json.loads(result.stdout), ensure_ascii=False)) == []


@pytest.mark.parametrize(
    "reference",
    ["&#xD800;", "&#56320;", "&#x110000;", "&#" + "9" * 5000 + ";", "&amp;#" + "9" * 5000 + ";"],
    ids=["surrogate", "decimal surrogate", "past U+10FFFF", "5000 digits", "escaped in HTML"],
)
def test_a_character_reference_no_character_has_costs_nothing_of_the_feed(
    reference: str,
) -> None:
    """One `&#xD800;` in a feed made feedparser's lenient parser raise: the whole feed failed,
    on every poll."""
    import httpx

    from crisistui.domain.text import normalise
    from crisistui.sources.http import Fetched
    from crisistui.sources.rss import parse_feed

    body = (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>N</title>"
        f"<item><title>Acme Air {reference} lost my bag</title><guid>1</guid></item>"
        "<item><title>Acme Air &#x263A; &#9992; refund</title><guid>2</guid></item>"
        "</channel></rss>"
    ).encode()
    feed = parse_feed(Fetched(200, body, httpx.Headers({"Content-Type": "application/rss+xml"})))
    titles = [normalise(entry.title) for entry in feed.entries]
    assert titles == ["Acme Air \ufffd lost my bag", "Acme Air ☺ ✈ refund"]


def test_a_50_mb_id_is_stored_bounded_and_still_tells_posts_apart() -> None:
    from datetime import UTC, datetime

    from crisistui.config import demo_config
    from crisistui.domain.models import RawItem
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(demo_config())
    huge = "i" * 50_000_000
    now = datetime.now(UTC)
    one, two = (
        pipeline.process(RawItem("x", huge + end, "Acme Air lost my bag", now)) for end in "12"
    )
    assert one is not None and two is not None
    assert len(one.external_id) <= MAX_ID_CHARS and one.external_id != two.external_id
