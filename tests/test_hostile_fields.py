"""Every field of a mention is written by a stranger: the pipeline's edge makes each one inert
and bounded, and no output (status, backtest, exports) carries a control code from it."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.voices import NegativeVoice
from crisistui.config import demo_config
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.domain.text import MAX_ID_CHARS, normalise, sanitize
from crisistui.pipeline import Pipeline

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZAo=\x07\x1b]0;PWNED\x07\x1b[2J"
CALM = "Flying Acme Air to Boston today, the crew was lovely and helpful"
ANGRY = "Acme Air lost every bag on my flight, this is terrible and awful service"


def crisistui(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def inert(output: str) -> bool:
    return not any(c in output for c in "\x1b\x07\x9b\x9d")


def _history(path: Path, now: datetime) -> Path:
    """Three calm hours, then a 3M-follower negative post with no author whose source is an
    escape sequence that writes the clipboard, sets the title and clears the screen."""
    lines = []
    for minute in range(180):
        at = now - timedelta(minutes=182 - minute)
        for n in range(2):
            text = ANGRY if (minute + n) % 9 == 0 else CALM
            lines.append({"source": "x", "id": f"c{minute}-{n}", "text": text, "at": at})
    lines.append(
        {
            "source": CLIPBOARD,
            "id": "loud",
            "text": ANGRY,
            "at": now - timedelta(minutes=1),
            "author_followers": 3_000_000,
        }
    )
    path.write_text(
        "\n".join(
            json.dumps(
                {**{k: v for k, v in r.items() if k != "at"}, "created_at": r["at"].isoformat()}
            )
            for r in lines
        ),
        encoding="utf-8",
    )
    return path


def test_a_hostile_source_field_comes_out_of_no_output(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    data = _history(tmp_path / "h.jsonl", now)
    db = str(tmp_path / "h.db")
    imported = crisistui("import", str(data), "--db", db)
    assert imported.returncode == 0, imported.stderr
    status = crisistui("status", "--json", "--db", db)
    drivers = json.loads(status.stdout)["drivers"]
    assert any("3.0M followers" in d for d in drivers), drivers  # the voice is named...
    assert inert(status.stdout)  # ...without the bytes that took the terminal
    for fmt in ("jsonl", "csv"):
        exported = crisistui("export", "mentions", "--format", fmt, "--db", db)
        assert exported.returncode == 0 and inert(exported.stdout)
    exported = crisistui("export", "mentions", "--format", "csv", "--db", db).stdout
    sources = {row["source"] for row in csv.DictReader(io.StringIO(exported))}
    # the OSC strings are whole and go whole; what is left keeps a hash, to stay its own
    assert len(sources) == 2 and "x" in sources
    assert all(re.fullmatch(r"unnamed#[0-9a-f]{8}", s) for s in sources - {"x"}), sources
    backtest = crisistui("backtest", str(data))
    assert backtest.returncode == 0 and "3.0M followers" in backtest.stdout
    assert inert(backtest.stdout + backtest.stderr)


def test_a_voice_read_from_an_older_database_is_named_inertly() -> None:
    """A file written before the edge cleaned `source` may still hold the escape codes."""
    old = Mention(
        CLIPBOARD, "1", ANGRY, datetime.now(UTC), "Acme Air", False, -0.8,
        Sentiment.NEGATIVE, 3_000_000, "f", author_followers=3_000_000,
    )  # fmt: skip
    voice = NegativeVoice.of(old)
    assert voice.author == "an unnamed source"  # the title it carried is not a name
    named = NegativeVoice.of(
        Mention("\x1b[2Jnews\x07", "2", ANGRY, old.created_at, "Acme Air", False, -0.8,
                Sentiment.NEGATIVE, 5, "g")
    )  # fmt: skip
    assert named.author == "news"


def _item(**fields: object) -> RawItem:
    base = {"source": "x", "external_id": "1", "text": ANGRY, "created_at": datetime.now(UTC)}
    return RawItem(**{**base, **fields})  # type: ignore[arg-type]


def test_every_field_is_made_inert_and_bounded_at_the_pipelines_edge() -> None:
    pipeline = Pipeline(demo_config())
    mention = pipeline.process(
        _item(
            source=CLIPBOARD + "\ud800",
            external_id="a\x1b[31mb\ud800",
            author="@Acme\u200bAir\u2060",
        )
    )
    assert mention is not None
    for value in (mention.source, mention.external_id, mention.author or ""):
        assert inert(value) and "\ud800" not in value
    assert mention.author == "@AcmeAir"  # what the screen shows is what is matched
    huge = "9" * 1_000_000
    one = pipeline.process(_item(external_id=huge + "1"))
    two = pipeline.process(_item(external_id=huge + "2"))
    assert one and two and len(one.external_id) <= MAX_ID_CHARS
    assert one.external_id != two.external_id  # still two posts


def test_an_id_that_loses_a_control_character_is_not_taken_for_another_post() -> None:
    pipeline = Pipeline(demo_config())
    ids = ["42", "42\x00", "42\x01", "4\u200b2", " 42 "]
    stored = [pipeline.process(_item(external_id=raw)) for raw in ids]
    kept = [m.external_id for m in stored if m is not None]
    assert all(inert(value) for value in kept)
    # spaces around it are the same id; one that loses a control or invisible character when
    # cleaned is its own post
    assert kept[0] == kept[4] == "42"
    assert len(set(kept[:4])) == 4
    assert pipeline.process(_item(external_id="42\x00")).external_id == kept[1]  # stable


def test_an_unterminated_escape_does_not_swallow_the_rest_of_the_post() -> None:
    mention = Pipeline(demo_config()).process(_item(text="\x1b]0;" + ANGRY))
    assert mention is not None and mention.subject == "Acme Air"
    assert mention.label is Sentiment.NEGATIVE and "Acme Air lost every bag" in mention.text


@pytest.mark.parametrize(
    "written",
    ["&#x1b;[2J&#x1B;[31m", "&#27;[2J", "&#x1b;]0;pwned&#x07;", "<p>&#27;[2J</p>"],
)
def test_an_escape_written_as_a_character_reference_goes_whole(written: str) -> None:
    """The reference's ESC was dropped alone, and "[2J" or "]0;pwned" stayed in the text, where
    a raw ESC's sequence goes with it."""
    text = normalise(f"Acme Air {written} lost my bag")
    assert text == "Acme Air lost my bag"


def test_invisible_characters_go_and_persian_spelling_stays() -> None:
    assert sanitize("Acme\u200b Air\u00ad\ufeff \U000e0041") == "Acme Air"
    persian = "این شرکت می\u200cخواهد"
    assert sanitize(persian) == persian  # the non-joiner is part of the word
    assert sanitize("@Acme\u200cAir") == "@AcmeAir"


def test_a_bad_value_costs_its_line_only(tmp_path: Path) -> None:
    """A lone surrogate in `source` lost the 2,000-line batch holding it and all after it."""
    lines = [
        json.dumps(
            {"source": "x", "id": str(n), "text": CALM, "created_at": f"2026-03-01T10:00:0{n}Z"}
        )
        for n in range(5)
    ]
    lines[2] = lines[2].replace('"source": "x"', '"source": "\\ud800"')
    data = tmp_path / "s.jsonl"
    data.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")  # and a byte-order mark
    result = crisistui("import", str(data), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stderr
    assert "5 new mentions" in result.stdout and "0 bad lines" in result.stdout


async def test_titles_people_type_are_inert_in_the_markdown_report(tmp_path: Path) -> None:
    """The incident title went into the report's heading unescaped: `</details><script>` and
    `[x](javascript:…)` came out as live HTML and a live link."""
    from crisistui.domain.playbook import load_playbooks
    from crisistui.reports.report import build_report, render_markdown
    from crisistui.store import open_store

    hostile = "Outage</details><script>alert(1)</script> [x](javascript:alert(1))"
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    async with await open_store(tmp_path / "r.db") as store:
        incident = await store.open_incident(hostile, "service-outage", "default", "dana", now)
        await store.add_adhoc_task(incident.id, hostile, "assess", "scribe", False, "dana", now)
        report = await build_report(store, incident.id, load_playbooks([]), now=now)
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # an escaped "]" links nothing
    assert "# Incident #1: Outage\\</details\\>" in markdown


async def test_what_people_type_or_paste_is_inert_in_the_markdown_report(tmp_path: Path) -> None:
    """A note often holds a pasted post; a name or a role is typed: none of them may become
    live HTML or a live link in the report's Markdown."""
    from crisistui.domain.playbook import load_playbooks
    from crisistui.reports.report import build_report, render_markdown
    from crisistui.store import open_store

    pasted = "</details><script>alert(1)</script> [x](javascript:alert(1))"
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    async with await open_store(tmp_path / "r.db") as store:
        incident = await store.open_incident("Outage", "service-outage", "default", pasted, now)
        await store.assign_role(incident.id, "scribe", pasted, "dana", now)
        task = await store.add_adhoc_task(incident.id, "Call", "assess", "scribe", False, "d", now)
        await store.assign_task(incident.id, task.task_id, "Call", pasted, "dana", now)
        await store.add_task_note(incident.id, task.task_id, "Call", pasted, pasted, now)
        await store.set_lessons(incident.id, f"- keep lists\n- {pasted}", "dana", now)
        report = await build_report(store, incident.id, load_playbooks([]), now=now)
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert markdown.count("\\</details\\>") >= 4  # opener, role holder, assignee, note
    lessons = markdown.split("## Lessons learned")[1]
    assert "- keep lists" in lessons  # the team's own Markdown stays Markdown
