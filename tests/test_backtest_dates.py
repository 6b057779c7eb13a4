"""`backtest` never walks an unbounded span: it ticks the engine at every minute from the first
mention to the last, so one line dated 2999 among 2026 lines ran for minutes without a word
(killed after 8), and one dated years back would too."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

CALM = "Flying Acme Air to Boston today, the crew was lovely and helpful"
GRIPE = "Acme Air lost my bag again, this is terrible and awful service"
QUICK = 60
"""Seconds a backtest of a few hundred lines may take here (a few, on any machine); the old
walk of every minute to 2999 or from 2019 took many minutes."""


def history(path: Path, end: datetime, strays: list[str]) -> Path:
    """Two hours of calm with a gripe every 5 minutes, then a 5-minute storm ending at ``end``,
    then one line per ``strays`` time (as written in the file)."""
    start = end - timedelta(minutes=125)
    lines = []
    for minute in range(120):
        at = start + timedelta(minutes=minute)
        text = GRIPE if minute % 5 == 0 else CALM
        lines.append({"source": "x", "id": f"c{minute}", "text": text, "created_at": at})
    for n in range(150):
        at = end - timedelta(minutes=5, seconds=-2 * n)
        lines.append({"source": "x", "id": f"s{n}", "text": GRIPE, "created_at": at})
    rows = [json.dumps({**r, "created_at": r["created_at"].isoformat()}) for r in lines]
    rows += [
        json.dumps({"source": "x", "id": f"stray{n}", "text": GRIPE, "created_at": at})
        for n, at in enumerate(strays)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def backtest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", "backtest", *args],
        capture_output=True,
        text=True,
        timeout=QUICK,
        check=False,
    )


END = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_a_line_dated_in_the_future_is_named_and_the_rest_replayed(tmp_path: Path) -> None:
    data = history(tmp_path / "storm.jsonl", END, ["2999-01-01T00:00:00Z"])
    result = backtest(str(data), "--json")

    assert result.returncode == 1, result.stderr  # partial: a bad line, the rest replayed
    named = f"{data}:271: created_at: '2999-01-01T00:00:00Z' is in the future, more than a day"
    assert named in result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert summary["mentions"] == 270 and summary["bad_lines"] == 1
    assert summary["to"].startswith("2026-01-05T11:")
    assert summary["level_changes"] > 0  # the storm is still found


def test_a_history_spanning_years_is_refused_naming_its_first_and_last_dates(
    tmp_path: Path,
) -> None:
    data = history(tmp_path / "storm.jsonl", END, ["2019-03-01T10:00:00+00:00"])
    result = backtest(str(data))

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    said = result.stderr.strip().splitlines()[-1]
    assert said.startswith(f"crisistui: {data}: the history spans 2,502 days, ")
    assert "from 2019-03-01 10:00 UTC to 2026-01-05 11:" in said
    assert "more than 400 days" in said
    assert result.stdout == ""  # no summary of a replay that did not run
