"""`import` refuses lines dated in the future: one line dated 2999 sat at the top of the
newest-first feed forever, aged "0s", and no later mention could ever be shown above it."""

from __future__ import annotations

import io
import json
import sqlite3
from concurrent.futures import Future, wait
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crisistui import importer
from crisistui.cli import main
from crisistui.config import demo_config
from crisistui.importer import ReadReport, process_jsonl
from crisistui.pipeline import Pipeline


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own config and database are never read or written."""
    monkeypatch.delenv("CRISISTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def line(ident: str, created_at: str, text: str = "Acme Air lost my bag again") -> str:
    record: dict[str, Any] = {"source": "x", "id": ident, "text": text, "created_at": created_at}
    return json.dumps(record)


def stored_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        return [r[0] for r in raw.execute("SELECT external_id FROM mentions ORDER BY id")]


def test_a_line_dated_in_the_future_is_a_bad_line_named_with_its_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    path = tmp_path / "mentions.jsonl"
    lines = [
        line("past", (now - timedelta(hours=3)).isoformat()),
        line("far-future", "2999-01-01T00:00:00Z"),
        # an offset written wrong (local time labelled UTC) is forgiven: less than a day
        line("slightly-ahead", (now + timedelta(hours=12)).isoformat()),
        line("next-week", (now + timedelta(days=7)).isoformat()),
        line("recent", (now - timedelta(minutes=5)).isoformat()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "crisis.db"

    code = main(["import", str(path), "--db", str(db)])
    out, err = capsys.readouterr()

    assert code == 1, err  # partial: bad lines were skipped
    problems = [e for e in err.splitlines() if e.startswith(f"{path}:")]
    assert len(problems) == 2, err
    far = f"{path}:2: created_at: '2999-01-01T00:00:00Z' is in the future, more than a day"
    assert problems[0].startswith(far)
    assert problems[1].startswith(f"{path}:4: created_at: ")
    assert "is in the future, more than a day after now" in problems[1]
    assert "5 lines, 3 new mentions" in out and "2 bad lines skipped" in out
    assert stored_ids(db) == ["past", "slightly-ahead", "recent"]


def test_workers_refuse_a_future_line_as_this_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long file's chunks go to worker processes: they refuse the same lines."""
    from crisistui.importer import latest_time

    monkeypatch.setattr(importer, "CHUNK_LINES", 50)
    monkeypatch.setattr(importer, "POOL_FROM_LINES", 100)
    here: list[object] = []
    in_this_process = importer._lines

    def counted(*args: Any) -> Any:
        here.append(args)
        return in_this_process(*args)

    def waited(done: Any) -> bool:  # the next chunk is awaited: the worker takes the rest
        if isinstance(done, Future):
            wait([done])
        return True

    monkeypatch.setattr(importer, "_lines", counted)
    monkeypatch.setattr(importer, "_ready", waited)
    start = datetime(2026, 1, 5, tzinfo=UTC)
    rows = [line(f"p{n}", (start + timedelta(minutes=n)).isoformat()) for n in range(400)]
    rows[349] = line("late", "2999-06-01T12:00:00+02:00")  # line 350: read by a worker
    report = ReadReport()
    outcomes = list(
        process_jsonl(
            io.StringIO("\n".join(rows)),
            report,
            Pipeline(demo_config()),
            workers=1,
            latest=latest_time(),
        )
    )
    assert [number for number, _ in report.errors] == [350]
    assert "'2999-06-01T12:00:00+02:00' is in the future" in report.errors[0][1]
    assert len(outcomes) == 399 and 350 not in [number for number, _ in outcomes]
    assert len(here) == 2  # lines 1-100 here, the rest (line 350 too) in the worker
