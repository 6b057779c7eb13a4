"""`status` for monitoring systems and `backtest` for tuning, run as real commands."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

CALM = "Flying Acme Air to Boston today, the crew was lovely and helpful"
GRIPE = "Acme Air lost my bag again, this is terrible and awful service"


def history(
    path: Path, end: datetime, calm_minutes: int, surge_negative_per_min: int, others: int = 3
) -> Path:
    """Calm minutes (2 mentions/min, one gripe every 5 min), then a 5-minute negative surge
    beside ``others`` calm mentions a minute."""
    lines = []
    start = end - timedelta(minutes=calm_minutes + 5)
    for minute in range(calm_minutes):
        at = start + timedelta(minutes=minute, seconds=10)
        lines.append({"source": "x", "id": f"c{minute}", "text": CALM, "created_at": at})
        text = GRIPE if minute % 5 == 0 else CALM
        lines.append(
            {
                "source": "x",
                "id": f"d{minute}",
                "text": text,
                "created_at": at + timedelta(seconds=20),
            }
        )
    for minute in range(5):
        for n in range(others):
            at = end - timedelta(minutes=5 - minute, seconds=-30 - n)
            lines.append({"source": "x", "id": f"k{minute}-{n}", "text": CALM, "created_at": at})
        for n in range(surge_negative_per_min):
            at = end - timedelta(minutes=5 - minute, seconds=-n)
            lines.append(
                {
                    "source": "x",
                    "id": f"s{minute}-{n}",
                    "text": GRIPE,
                    "created_at": at,
                    "author": "@bignews" if surge_negative_per_min >= 10 else "@someone",
                    "author_followers": 1_200_000 if surge_negative_per_min >= 10 else 50,
                }
            )
    path.write_text(
        "\n".join(json.dumps({**r, "created_at": r["created_at"].isoformat()}) for r in lines),
        encoding="utf-8",
    )
    return path


def crisistui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_status_exit_codes_follow_the_nagios_convention(tmp_path: Path) -> None:
    missing = crisistui("status", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 3 and missing.stdout.startswith("UNKNOWN")

    now = datetime.now(UTC)
    cases = {"calm": (0, "OK"), "gripes": (1, "WARNING"), "storm": (2, "CRITICAL")}
    surges = {"calm": 0, "gripes": 3, "storm": 30}
    for name, (code, word) in cases.items():
        db = tmp_path / f"{name}.db"
        others = 6 if name == "gripes" else 3  # gripes beside busier talk: elevated, not high
        data = history(tmp_path / f"{name}.jsonl", now, 90, surges[name], others)
        assert crisistui("import", str(data), "--db", str(db)).returncode == 0
        result = crisistui("status", "--db", str(db))
        assert result.returncode == code, (name, result.stdout)
        assert result.stdout.startswith(f"{word}: Acme Air severity")
        assert "| score=" in result.stdout
        report = json.loads(crisistui("status", "--db", str(db), "--json").stdout)
        assert report["exit"] == code and report["state"] == word
        assert report["last_hour"]["mentions"] > 0
    storm = json.loads(crisistui("status", "--db", str(tmp_path / "storm.db"), "--json").stdout)
    assert any("@bignews" in d for d in storm["drivers"])
    stale = crisistui("status", "--db", str(tmp_path / "calm.db"), "--stale-after", "0")
    assert stale.returncode == 3 and "stale" in stale.stdout


def _calm_database(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    data = history(tmp_path / "calm.jsonl", datetime.now(UTC), 30, 0)
    assert crisistui("import", str(data), "--db", str(db)).returncode == 0
    return db


def test_status_on_an_old_schema_says_so_at_once_and_writes_nothing(tmp_path: Path) -> None:
    """Another process may be upgrading the file (a long write on a large one): Nagios's
    check must answer UNKNOWN within its own timeout, and never upgrade the file itself."""
    db = _calm_database(tmp_path)
    with sqlite3.connect(db, isolation_level=None) as raw:
        raw.execute("DROP INDEX mentions_ingested")
        raw.execute("PRAGMA user_version = 7")
        raw.execute("BEGIN IMMEDIATE")  # as an upgrade in progress would
        result = subprocess.run(
            [sys.executable, "-m", "crisistui", "status", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=8,  # under the 10 s of check_nrpe and check_by_ssh
            check=False,
        )
        raw.execute("ROLLBACK")
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 7
    raw.close()
    assert result.returncode == 3, result
    assert result.stdout.startswith(f"UNKNOWN: {db}: database needs upgrading (schema 7")
    assert "Traceback" not in result.stderr


def test_status_on_a_damaged_database_is_unknown_not_a_traceback(tmp_path: Path) -> None:
    """Damage met while reading (not at open) must still be UNKNOWN (3): a traceback exits 1,
    which Nagios reads as WARNING."""
    db = _calm_database(tmp_path)
    with sqlite3.connect(db) as raw:
        (page,) = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'mentions_ingested'"
        ).fetchone()
        (size,) = raw.execute("PRAGMA page_size").fetchone()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with db.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)
    result = crisistui("status", "--db", str(db))
    assert result.returncode == 3, result
    assert result.stdout.startswith(f"UNKNOWN: {db}: ")
    assert "Traceback" not in result.stderr


def test_backtest_json_prints_each_level_change_then_a_summary(tmp_path: Path) -> None:
    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "storm.jsonl", end, 120, 30)
    db = tmp_path / "live.db"
    result = crisistui("backtest", str(data), "--json")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    changes, summary = objects[:-1], objects[-1]["summary"]
    assert changes, "the surge must change the level"
    assert all({"at", "level", "score"} <= set(c) for c in changes)
    first = datetime.fromisoformat(changes[0]["at"])
    assert end - timedelta(minutes=5) <= first <= end + timedelta(minutes=1)
    assert any(c["level"] in ("high", "critical") for c in changes)
    assert summary["mentions"] == 2 * 120 + 5 * 3 + 5 * 30
    assert not db.exists(), "a backtest never writes a database"
    human = crisistui("backtest", str(data))
    assert "first high: 2026-01-05 11:" in human.stdout


def test_a_backtest_without_a_config_says_last_when_no_line_names_the_demo_brand(
    tmp_path: Path,
) -> None:
    """Run without -c, a file about another brand was replayed whole as the demo brand's
    (lines naming no brand are taken as the brand's, as a search export's are), and only a
    line at the top of stderr said why: the last line now says no mention names it."""
    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "acme.jsonl", end, 60, 30)
    other = tmp_path / "other.jsonl"
    other.write_text(data.read_text("utf-8").replace("Acme Air", "Fahsai Air"), "utf-8")
    replayed = crisistui("backtest", str(other))
    assert replayed.returncode == 0
    last = replayed.stderr.strip().splitlines()[-1]
    assert "none of the first 285 mentions names Acme Air, the built-in demo brand" in last
    assert "-c FILE" in last
    demo = crisistui("backtest", str(data))
    assert "names Acme Air" not in demo.stderr, demo.stderr


def test_backtest_says_a_level_held_while_cooling_down_is_held_not_calm(tmp_path: Path) -> None:
    """After the surge the level steps down one at a time; each step down above normal used
    to read "calm" beside a high level, in the middle of the crisis it holds for."""
    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "storm.jsonl", end, 240, 30)
    after = [
        {"source": "x", "id": f"a{m}", "text": CALM, "created_at": (end + timedelta(minutes=m))}
        for m in range(90)
    ]
    with data.open("a", encoding="utf-8") as out:
        for row in after:
            out.write("\n" + json.dumps({**row, "created_at": row["created_at"].isoformat()}))
    objects = [
        json.loads(line) for line in crisistui("backtest", str(data), "--json").stdout.splitlines()
    ]
    order = ["normal", "elevated", "high", "critical"]
    falls = [c for c in objects[:-1] if order.index(c["level"]) < order.index(c["from"])]
    assert [c["level"] for c in falls][-1] == "normal"
    held = [c for c in falls if c["level"] != "normal"]
    assert held and all(c["holding"].startswith("holding: cooling down, now ") for c in held)
    human = crisistui("backtest", str(data)).stdout.splitlines()
    lines = [line for line in human if " → " in line and "→ normal" not in line]
    steps_down = [line for line in lines if "holding" in line]
    assert len(steps_down) == len(held)
    assert not any(line.endswith("calm") for line in lines)


def test_backtest_reads_one_time_zone_and_counts_a_repeated_post_once(tmp_path: Path) -> None:
    """A history written with a +07:00 offset printed its range in +07:00 and its level
    changes in UTC, so it read reversed; a line repeated in the file counted twice."""
    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "storm.jsonl", end, 120, 30)
    hanoi = timezone(timedelta(hours=7))
    lines = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line["created_at"] = (
            datetime.fromisoformat(line["created_at"]).astimezone(hanoi).isoformat()
        )
    lines.append(lines[-1])  # an export that overlaps itself
    data.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    summary = json.loads(crisistui("backtest", str(data), "--json").stdout.splitlines()[-1])
    assert summary["summary"]["mentions"] == 2 * 120 + 5 * 3 + 5 * 30
    assert summary["summary"]["duplicates"] == 1
    human = crisistui("backtest", str(data)).stdout.splitlines()
    changes, last = human[:-1], human[-1]
    assert "from 2026-01-05 09:" in last and "to 2026-01-05 11:" in last and "UTC" in last
    assert "1 repeated post counted once" in last
    assert changes[0].startswith("2026-01-05 11:") and "UTC" in changes[0]


REFUND = "Acme Air cancelled my flight and still no refund, terrible and awful service"


def test_status_names_the_likely_crisis_type_and_what_the_window_is_about(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    lines = []
    for minute in range(180):  # calm: 2 mentions a minute, a gripe every 5 minutes
        at = now - timedelta(minutes=185 - minute)
        lines.append({"source": "x", "id": f"c{minute}", "text": CALM, "created_at": at})
        if minute % 5 == 0:
            lines.append({"source": "x", "id": f"g{minute}", "text": GRIPE, "created_at": at})
    for n in range(40):  # then a refund storm in the last three minutes, well inside the
        # engine's shortest window even when a minute turns between the two `status` runs
        at = now - timedelta(seconds=150 - n * 3)
        author = "@bignews" if n == 0 else f"@angry{n % 7}"
        source = "mastodon" if n % 4 == 0 else "x"
        lines.append(
            {
                "source": source,
                "id": f"r{n}",
                "text": REFUND,
                "created_at": at,
                "author": author,
                "author_followers": 1_200_000 if n == 0 else 80,
            }
        )
    data = tmp_path / "refunds.jsonl"
    data.write_text(
        "\n".join(json.dumps({**r, "created_at": r["created_at"].isoformat()}) for r in lines),
        encoding="utf-8",
    )
    db = tmp_path / "refunds.db"
    assert crisistui("import", str(data), "--db", str(db)).returncode == 0

    result = crisistui("status", "--db", str(db), "--json")
    report = json.loads(result.stdout)
    assert report["exit"] == 2 and report["level"] in ("high", "critical")
    assert report["crisis_type"] == "customer-service"
    assert any(d.startswith("'refund' in ") for d in report["drivers"])
    assert {"crisis_type": "customer-service", "term": "refund", "negative": 40} in report[
        "trigger_terms"
    ]
    window = report["window"]
    assert window["negative_mentions"] == 40
    assert window["negative"] >= 40  # the engine's count: the storm and any calm gripe
    assert any(f"({window['negative']} in {window['minutes']} min" in d for d in report["drivers"])
    terms = [t["term"] for t in window["top_terms"]]
    assert "refund" in terms and "acme" not in terms and "air" not in terms
    assert window["top_authors"][0]["mentions"] == 6
    assert {"author": "@bignews", "mentions": 1, "max_followers": 1_200_000} in window[
        "top_authors"
    ]
    assert window["top_sources"] == [
        {"source": "x", "mentions": 30},
        {"source": "mastodon", "mentions": 10},
    ]

    text = crisistui("status", "--db", str(db)).stdout.splitlines()
    assert text[0].startswith("CRITICAL: Acme Air severity")
    assert "likely crisis type: customer-service" in text
    # the window's count is the driver's, said once: never two figures for one window
    counted = f"last {window['minutes']} min: {window['negative']} negative mentions"
    assert counted in text and f"({window['negative']} in {window['minutes']} min" in text[0]
    assert any(line.startswith("top terms: ") and "refund 40" in line for line in text)
    assert "top sources: x 30, mastodon 10" in text


def test_status_text_never_lets_a_name_forge_performance_data() -> None:
    from crisistui.cli.monitoring import _nagios_text

    forged = _nagios_text("@evil|score=0 (2M followers)\x1b[2J negative")
    assert "|" not in forged and "\x1b" not in forged
    assert forged.startswith("@evil¦score=0")


def test_a_long_backtest_shared_with_worker_processes_finds_what_one_process_finds(
    tmp_path: Path,
) -> None:
    """Past ``POOL_FROM_LINES`` lines the pipeline's work goes to worker processes too, as for
    `import`: the replay sees the same mentions in the same order, and a bad line is named."""
    from crisistui.analysis.backtest import replay
    from crisistui.config import demo_config
    from crisistui.importer import POOL_FROM_LINES, ReadReport, read_jsonl
    from crisistui.pipeline import Pipeline

    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "long.jsonl", end, POOL_FROM_LINES // 2 + 100, 30)
    lines = data.read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    result = crisistui("backtest", str(data), "--json")
    assert result.returncode == 1, result.stderr  # a bad line: said, and the rest replayed
    assert f"long.jsonl:{len(lines) + 1}: invalid JSON" in result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]

    pipeline = Pipeline(demo_config())
    with data.open(encoding="utf-8") as handle:
        items = list(read_jsonl(handle, ReadReport()))
    mentions = [pipeline.process(item, keep_unmatched=True) for item in items]
    alone = replay((m for m in mentions if m is not None), "Acme Air", demo_config().severity)
    assert summary["mentions"] == alone.mentions > POOL_FROM_LINES
    assert summary["level_changes"] == len(alone.changes) > 0
    assert summary["max_score"] == alone.max_score and summary["bad_lines"] == 1


def test_a_brand_name_holding_a_bar_forges_no_performance_data(tmp_path: Path) -> None:
    db = _calm_database(tmp_path)
    config = tmp_path / "bar.toml"
    config.write_text(
        f'[brand]\nname = "Acme | x=1"\nterms = ["acme"]\n[storage]\npath = "{db}"\n',
        encoding="utf-8",
    )
    result = crisistui("status", "-c", str(config))
    first = result.stdout.splitlines()[0]
    assert first.startswith("OK: Acme ¦ x=1 severity"), first
    assert first.count("|") == 1 and "| score=" in first


def test_a_backtest_with_many_bad_lines_counts_those_it_does_not_list(tmp_path: Path) -> None:
    """Twenty are named one by one; 250 bad lines used to end there, and the text summary
    never said that any line was left out."""
    end = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    data = history(tmp_path / "week.jsonl", end, 200, 30)
    lines = data.read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join([*lines, *["{not json"] * 250]) + "\n", encoding="utf-8")
    result = crisistui("backtest", str(data))
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if "invalid JSON" in line]
    assert len(named) == 20
    assert "… and 230 more bad lines" in result.stderr
    assert "(250 bad lines left out)" in result.stdout.splitlines()[-1]


def test_status_json_has_the_same_keys_when_nothing_was_measured(tmp_path: Path) -> None:
    """A script reading d["level"] got a KeyError in exactly the state it watches for, and a
    config with three mistakes named one."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[brand]\nname = 3\nterms = "x"\nfoo = 1\n', encoding="utf-8")
    for args in (["--db", str(tmp_path / "none.db")], ["-c", str(bad)]):
        result = crisistui("status", "--json", *args)
        report = json.loads(result.stdout)
        assert result.returncode == 3 and report["state"] == "UNKNOWN"
        for key in ("brand", "level", "score", "at"):
            assert key in report and report[key] is None
        assert report["problems"] and report["problems"][0] == report["reason"]
    assert [p.split(": ", 1)[1].split(":")[0] for p in report["problems"]] == [
        "brand.name",
        "brand.terms",
        "brand.foo",
    ]
    text = crisistui("status", "-c", str(bad)).stdout.splitlines()
    assert text[0].startswith("UNKNOWN: ") and len(text) == 3
