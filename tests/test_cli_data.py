"""The data commands: import, export and check-config, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from crisistui.cli import main
from crisistui.exporter import FIELDS

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "crisistui.example.toml"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own config and database are never read or written."""
    monkeypatch.delenv("CRISISTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def record(n: int, text: str | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": "import-test",
        "id": f"post-{n}",
        "text": text or f"Acme Air lost bag number {n}",
        "created_at": f"2024-05-01T10:{n:02d}:00Z",
        "author": f"user{n}",
        "author_followers": 10 * n,
        "lang": "en",
        "likes": n,
    }
    data.update(fields)
    return data


GOOD = [
    record(1),
    record(2, "Zephyr Airlines was great today"),
    record(3, "<p>Acme Air &amp; the lost bag</p>", url="https://example.com/3"),
    record(4, '=HYPERLINK("http://evil") acme air', created_at="2024-05-01T12:04:00+02:00"),
    record(5, "Nothing about airlines at all, kept because imports keep all"),
    record(6, "Acmé Àir 行李丢了 😡", reposts=3, replies=1),
]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def good_file(tmp_path: Path, name: str = "mentions.jsonl") -> Path:
    return write_jsonl(tmp_path / name, [json.dumps(r, ensure_ascii=False) for r in GOOD])


def stored(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as raw:
        return raw.execute("SELECT source, external_id, text FROM mentions ORDER BY id").fetchall()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- import ------------------------------------------------------------------------------------


def test_import_stores_every_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, db = good_file(tmp_path), tmp_path / "db" / "crisis.db"
    code, out, err = run(capsys, "import", str(source), "--db", str(db))
    assert code == 0, err
    assert f"{len(GOOD)} new mentions" in out
    rows = stored(db)
    assert [r[1] for r in rows] == [f"post-{n}" for n in range(1, 7)]
    texts = [r[2] for r in rows]
    assert texts[2] == "Acme Air & the lost bag"
    assert texts[5] == "Acmé Àir 行李丢了 😡"


def test_import_twice_stores_each_mention_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, db = good_file(tmp_path), tmp_path / "crisis.db"
    assert run(capsys, "import", str(source), "--db", str(db))[0] == 0
    code, out, _ = run(capsys, "import", str(source), "--db", str(db))
    assert code == 0
    assert "0 new mentions" in out
    assert f"{len(GOOD)} already stored" in out
    assert len(stored(db)) == len(GOOD)


def test_a_database_made_in_a_new_folder_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --db folder silently started a second database, folders and all."""
    typo = tmp_path / "crisis-dta" / "crisis.db"
    code, _, err = run(capsys, "import", str(good_file(tmp_path)), "--db", str(typo))
    assert code == 0 and f"{typo}: a new database, in a folder made for it now" in err
    code, _, err = run(capsys, "import", str(good_file(tmp_path)), "--db", str(typo))
    assert code == 0 and "a new database" not in err
    beside = tmp_path / "other.db"
    code, _, err = run(capsys, "import", str(good_file(tmp_path)), "--db", str(beside))
    assert code == 0 and "a new database" not in err


def test_import_without_db_uses_the_user_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "import", str(good_file(tmp_path)))
    assert code == 0
    assert "demo brand" in err  # says that no config file was found
    assert len(stored(tmp_path / "xdg-data" / "crisistui" / "crisistui.db")) == len(GOOD)


BAD_LINES = {
    "invalid-json": ('{"source": "s", "id": "x", "text": ', "invalid JSON"),
    # a line cut short: said so, not "column 1" of the line after its own newline
    "cut-short": ('{"source":"x","id":"2","text": "broken json"', "at the end of the line"),
    "bad-in-the-middle": ('{"source": "s", "id": "x" "text": "t"}', "at column 27"),
    "missing-text": (
        json.dumps({"source": "s", "id": "x", "created_at": "2024-05-01T10:00:00Z"}),
        "text: missing",
    ),
    "naive-time": (json.dumps(record(99, created_at="2024-05-01T10:00:00")), "created_at"),
    "negative-likes": (json.dumps(record(99, likes=-4)), "likes"),
    # Times that parse but cannot be a post, nor be stored and read back.
    "year-one-east-of-utc": (
        json.dumps(record(99, created_at="0001-01-01T00:00:00+05:00")),
        "not between 1970 and 9999",
    ),
    "year-10000-in-utc": (
        json.dumps(record(99, created_at="9999-12-31T23:59:59-05:00")),
        "not between 1970 and 9999",
    ),
    "before-1970": (json.dumps(record(99, created_at="1969-07-20T20:17:00Z")), "created_at"),
    "epoch-zero": (
        json.dumps(record(99, created_at="1970-01-01T00:00:00Z")),
        "1970's first day: a missing time",
    ),
    "last-second-of-9999": (json.dumps(record(99, created_at="9999-12-31T23:59:59Z")), "future"),
    "no-time": (json.dumps({"source": "s", "id": "x", "text": "t"}), "created_at: missing"),
    "control-in-text": ('{"source": "s", "id": "x", "text": "a\tb"}', "control character at"),
    # a number of 4,301 digits stopped the decoder with a traceback: every line was lost
    "number-too-long": (
        json.dumps(record(99))[:-1] + ', "likes": ' + "9" * 4301 + "}",
        "invalid JSON: a number of 4301 digits",
    ),
    "text-a-number": (json.dumps(record(99, text=12345)), "text: expected a string, got int"),
    "source-a-number": (json.dumps(record(99, source=7)), "source: expected a string, got int"),
    # thousands of nested brackets ran the decoder out of stack: every good line was lost
    "nested-too-deeply": (
        json.dumps(record(99))[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}",
        "invalid JSON: nested too deeply",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
def test_bad_line_is_named_and_good_lines_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    bad, field = BAD_LINES[kind]
    good = [json.dumps(r, ensure_ascii=False) for r in GOOD]
    # line 1, a blank line 2, line 3, the bad line 4, then the rest
    path = write_jsonl(tmp_path / "mixed.jsonl", [good[0], "", good[1], bad, *good[2:]])
    db = tmp_path / "crisis.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 1
    problem = [line for line in err.splitlines() if line.startswith(f"{path}:4: ")]
    assert len(problem) == 1, err
    assert field in problem[0]
    assert f"{path}:1:" not in err and f"{path}:3:" not in err
    assert "1 bad lines skipped" in out
    assert len(stored(db)) == len(GOOD)


def test_text_of_only_spaces_or_tags_counts_as_empty_not_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary's "empty" is a line whose text is nothing once cleaned; a text of spaces
    was a bad line (exit 1) while one of tags was empty."""
    lines = [json.dumps(record(1)), json.dumps(record(2, "   ")), json.dumps(record(3, "<p></p>"))]
    path = write_jsonl(tmp_path / "blank.jsonl", lines)
    code, out, err = run(capsys, "import", str(path), "--db", str(tmp_path / "crisis.db"))
    assert code == 0, err
    assert "2 empty" in out and "0 bad lines" in out


def test_naive_time_is_refused_not_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "naive.jsonl", [json.dumps(record(1, created_at="2024-05-01"))])
    code, _, err = run(capsys, "import", str(path), "--db", str(tmp_path / "crisis.db"))
    assert code == 1
    assert "needs a UTC offset" in err


def test_import_of_a_missing_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    db = tmp_path / "crisis.db"
    code, _, err = run(capsys, "import", str(missing), "--db", str(db))
    assert code == 2
    assert str(missing) in err
    assert not db.exists()


# -- export ------------------------------------------------------------------------------------


def test_jsonl_export_reimports_to_the_same_mentions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "first.db"
    assert run(capsys, "import", str(good_file(tmp_path)), "--db", str(db))[0] == 0
    code, out, err = run(capsys, "export", "mentions", "--format", "jsonl", "--db", str(db))
    assert code == 0
    assert f"exported {len(GOOD)} mentions" in err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(GOOD)
    assert {r["subject"] for r in records} == {"Acme Air", "Zephyr Airlines"}

    exported = write_jsonl(tmp_path / "export.jsonl", out.splitlines())
    fresh = tmp_path / "second.db"
    code, out, _ = run(capsys, "import", str(exported), "--db", str(fresh))
    assert code == 0
    assert f"{len(GOOD)} new mentions" in out
    assert stored(fresh) == stored(db)


def test_an_export_reimports_with_the_same_text_scores_and_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What was stored is what comes back: text typed with tags or entities in it is not read
    as markup a second time (it lost "<sigh>", and "&amp;" became "&"), and a language the
    text was guessed in is guessed again, not taken for the source's own tag."""
    lines = [
        record(1, "<b>not bold</b> and &amp; literal, Acme Air", text_format="verbatim"),
        record(2, "Acme Air lost my bag again <sigh>"),
        record(3, "Acme Air perdió mi maleta otra vez, qué desastre", lang=None),
        record(4, "<p>Acme Air &amp; the lost bag</p>", text_format="html"),
    ]
    db, again = tmp_path / "first.db", tmp_path / "second.db"
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in lines])
    assert run(capsys, "import", str(source), "--db", str(db))[0] == 0
    first = run(capsys, "export", "mentions", "--db", str(db))[1]
    exported = write_jsonl(tmp_path / "export.jsonl", first.splitlines())
    assert run(capsys, "import", str(exported), "--db", str(again))[0] == 0
    second = run(capsys, "export", "mentions", "--db", str(again))[1]
    before = [json.loads(line) for line in first.splitlines()]
    assert [r["text"] for r in before] == [
        "<b>not bold</b> and &amp; literal, Acme Air",
        "Acme Air lost my bag again <sigh>",
        "Acme Air perdió mi maleta otra vez, qué desastre",
        "Acme Air & the lost bag",
    ]
    assert before[2]["lang"] == "es" and before[2]["lang_confidence"] < 1
    assert [json.loads(line) for line in second.splitlines()] == before


def test_an_unknown_text_format_is_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [json.dumps(record(1, text_format="markdown"))])
    code, _, err = run(capsys, "import", str(path), "--db", str(tmp_path / "crisis.db"))
    assert code == 1
    assert "text_format: 'markdown' is not one of auto, html, plain, verbatim" in err


def test_csv_export_has_a_header_and_defuses_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "crisis.db"
    assert run(capsys, "import", str(good_file(tmp_path)), "--db", str(db))[0] == 0
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys, "export", "mentions", "--format", "csv", "-o", str(target), "--db", str(db)
    )
    assert code == 0
    assert out == ""
    assert f"exported {len(GOOD)} mentions" in err
    content = target.read_text(encoding="utf-8")
    assert content.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == len(GOOD)
    by_id = {row["id"]: row for row in rows}
    assert by_id["post-4"]["text"] == '\'=HYPERLINK("http://evil") acme air'
    assert by_id["post-1"]["text"] == "Acme Air lost bag number 1"
    assert by_id["post-6"]["text"] == "Acmé Àir 行李丢了 😡"
    assert by_id["post-4"]["created_at"] == "2024-05-01T10:04:00+00:00"


def test_export_of_a_missing_database_fails_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "none.db"
    code, out, err = run(capsys, "export", "mentions", "--db", str(db))
    assert code == 2
    assert str(db) in err
    assert out == ""
    assert not db.exists()


def test_export_to_a_folder_says_nothing_was_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "the output is incomplete", as if part of it had been written."""
    db = tmp_path / "crisis.db"
    assert run(capsys, "import", str(good_file(tmp_path)), "--db", str(db))[0] == 0
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(capsys, "export", "mentions", "--db", str(db), "-o", str(folder))
    assert code == 2
    assert f"{folder}: is a folder; name a file to export to (nothing was exported)" in err
    assert list(folder.iterdir()) == []


# -- check-config ------------------------------------------------------------------------------

GOOD_CONFIG = """
    [brand]
    name = "Acme Air"
    terms = ["acme air", "#acmeair"]

    [[sources]]
    type = "rss"
    name = "news"
    url = "https://news.example.com/rss"
"""


def write_config(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_check_config_accepts_a_good_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path / "good.toml", GOOD_CONFIG)
    code, out, err = run(capsys, "check-config", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"ok: {path}"
    assert "brand: Acme Air (2 terms); competitors: none" in out
    assert "sources: 1 (rss)" in out
    assert "alerts: nowhere (console only)" in out
    assert "sentiment: lexicons for ar, de, es, fa, fr, he, hi, id, it, ja" in out
    assert "VADER for en; other languages unscored" in out
    assert "database: " in lines[-1] and lines[-1].endswith("crisistui.db")


def test_check_config_shows_a_teams_database_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = GOOD_CONFIG + '\n[storage]\nurl = "postgresql://crisis:s3cret@db.example:5432/crisis"\n'
    code, out, err = run(capsys, "check-config", str(write_config(tmp_path / "team.toml", team)))
    assert code == 0
    assert out.splitlines()[-1] == "  database: postgresql://crisis@db.example:5432/crisis"
    assert "s3cret" not in out + err
    # the file holds a password, which the docs say to keep out of it: said, not refused
    assert "warning: storage.url holds a password" in err
    code, _, err = run(
        capsys, "check-config", str(write_config(tmp_path / "ok.toml", team.replace(":s3cret", "")))
    )
    assert (code, err) == (0, "")


def test_check_config_names_the_database_the_environment_chose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """$CRISISTUI_DB wins over [storage] for every command: check-config named the file it
    overrides, and a user looked for their mentions in the wrong one."""
    local = GOOD_CONFIG + f'\n[storage]\npath = "{tmp_path / "local.db"}"\n'
    path = write_config(tmp_path / "local.toml", local)
    monkeypatch.setenv("CRISISTUI_DB", "postgresql://crisis:s3cret@db.example/crisis")
    code, out, _ = run(capsys, "check-config", str(path))
    assert code == 0 and "s3cret" not in out
    assert out.splitlines()[-1] == (
        "  database: postgresql://crisis@db.example/crisis (from $CRISISTUI_DB, not [storage])"
    )


def test_check_config_says_which_languages_are_switched_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    off = GOOD_CONFIG + '\n[sentiment.languages.vi]\nanalyser = "off"\n'
    path = write_config(tmp_path / "off.toml", off)
    code, out, _ = run(capsys, "check-config", str(path))
    assert code == 0
    assert "off for vi" in out and "tl, tr, zh" in out


def test_check_config_warns_of_alert_variables_that_send_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAGER_URL", raising=False)
    monkeypatch.setenv("SLACK_URL", "json://127.0.0.1:9/hook")
    path = write_config(
        tmp_path / "alerts.toml",
        GOOD_CONFIG + '\n[alerts]\nurls_env = ["SLACK_URL", "PAGER_URL"]\n',
    )
    code, out, err = run(capsys, "check-config", str(path))
    assert code == 0, "the file is valid; the environment is the problem"
    assert "alerts: SLACK_URL, PAGER_URL" in out
    assert "warning: alerts.urls_env: PAGER_URL is not set" in err
    assert "SLACK_URL" not in err


def test_check_config_names_a_key_of_the_wrong_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(
        tmp_path / "bad.toml", GOOD_CONFIG.replace('["acme air", "#acmeair"]', '"acme air"')
    )
    code, out, err = run(capsys, "check-config", str(path))
    assert code == 2
    assert out == ""
    assert "brand.terms" in err
    assert str(path.name) in err


def test_check_config_names_an_unknown_playbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(
        tmp_path / "c.toml", GOOD_CONFIG + '\n[console]\nplaybook = "no-such-playbook"\n'
    )
    code, _, err = run(capsys, "check-config", str(path))
    assert code == 2
    assert "console.playbook" in err
    assert "no-such-playbook" in err


@pytest.mark.parametrize("field_error", [True, False])
def test_check_config_names_every_problem_in_one_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field_error: bool
) -> None:
    """A bad URL, then a source named twice, then an unknown playbook took three rounds of
    fixing: each check ran only once the one before it passed."""
    url = "not a url" if field_error else "https://news.example.com/other"
    twice = f'\n[[sources]]\ntype = "rss"\nname = "news"\nurl = "{url}"\n'
    path = write_config(
        tmp_path / "c.toml", GOOD_CONFIG + twice + '\n[console]\nplaybook = "no-such"\n'
    )
    code, _, err = run(capsys, "check-config", str(path))
    assert code == 2
    assert ("must be an http:// or https:// URL" in err) is field_error
    assert "source name 'news' is used twice" in err
    assert "console.playbook: no playbook 'no-such'" in err
    assert err.count("used twice") == 1


def test_check_config_of_a_missing_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.toml"
    code, _, err = run(capsys, "check-config", str(missing))
    assert code == 2
    assert str(missing) in err
    assert "not found" in err


def test_check_config_without_any_file_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check-config")
    assert code == 2
    assert "CRISISTUI_CONFIG" in err


def test_check_config_accepts_the_shipped_example(capsys: pytest.CaptureFixture[str]) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is not written yet")
    code, out, err = run(capsys, "check-config", str(EXAMPLE))
    assert code == 0 and out.startswith("ok: "), err


# -- as a real process -------------------------------------------------------------------------


def test_import_and_export_as_a_subprocess(tmp_path: Path) -> None:
    good = [json.dumps(r, ensure_ascii=False) for r in GOOD]
    source = write_jsonl(tmp_path / "mixed.jsonl", [*good[:2], '{"oops": ', *good[2:]])
    db = tmp_path / "crisis.db"
    env = dict(os.environ)  # already isolated by the autouse fixture
    command = [sys.executable, "-m", "crisistui"]

    imported = subprocess.run(
        [*command, "import", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert imported.returncode == 1, imported.stderr
    assert f"{source}:3: invalid JSON" in imported.stderr
    assert f"{len(GOOD)} new mentions" in imported.stdout
    assert len(stored(db)) == len(GOOD)

    exported = subprocess.run(
        [*command, "export", "mentions", "--db", str(db)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    texts = [json.loads(line)["text"] for line in exported.stdout.splitlines()]
    assert texts == [row[2] for row in stored(db)]
    assert "Acmé Àir 行李丢了 😡" in texts


def test_an_export_meeting_a_damaged_page_says_so_and_keeps_the_name_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A short export under the name asked for would pass for the whole history."""
    db = tmp_path / "crisis.db"
    lines = [
        json.dumps(
            record(
                n,
                text=f"Acme Air post {n} " + "word " * 40,
                created_at=f"2024-05-01T10:{n // 60 % 60:02d}:{n % 60:02d}Z",
            )
        )
        for n in range(3000)
    ]
    code, _, _ = run(
        capsys, "import", str(write_jsonl(tmp_path / "many.jsonl", lines)), "--db", str(db)
    )
    assert code == 0
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
        try:
            leaves = raw.execute(
                "SELECT pageno FROM dbstat WHERE name = 'mentions' AND pagetype = 'leaf'"
            ).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a page of mentions")
    raw.close()
    page = leaves[len(leaves) // 2][0]
    with open(db, "r+b") as damaged:
        damaged.seek((page - 1) * page_size + 8)
        damaged.write(b"\xff" * 200)
    out = tmp_path / "export.jsonl"
    code, _, err = run(capsys, "export", "mentions", "--db", str(db), "-o", str(out))
    assert code == 1
    # SQLite says "malformed"; where the damage reads as a value no row can hold, the store
    # says the row is damaged (which page is hit depends on how the import laid them out)
    assert f"{db}: export stopped after" in err and ("malformed" in err or "damaged" in err)
    assert not out.exists()
    partial = Path(f"{out}.partial")
    assert partial.exists() and str(partial) in err


def test_a_row_no_mention_can_be_is_said_to_be_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged page read as a label no version wrote failed the export with a TypeError
    or a ValueError, its file left short under .partial and nothing said."""
    db = tmp_path / "d.db"
    lines = [json.dumps(record(n)) for n in range(1, 4)]
    assert (
        run(capsys, "import", str(write_jsonl(tmp_path / "m.jsonl", lines)), "--db", str(db))[0]
        == 0
    )
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute("UPDATE mentions SET label = 'furious' WHERE external_id = 'post-2'")
    out = tmp_path / "export.jsonl"
    code, _, err = run(capsys, "export", "mentions", "--db", str(db), "-o", str(out))
    assert code == 1
    assert "export stopped after 1 mentions" in err and "cannot be read, damaged" in err
    assert not out.exists()


def test_calibrate_measures_each_language_and_prints_the_tables_to_paste(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = []
    for n in range(12):
        posts += [
            {"text": f"Hãng bay này quá tệ, thất vọng lần {n}", "label": "negative"},
            {"text": f"Chuyến bay số {n} khởi hành lúc 9 giờ", "label": "neutral"},
            {"text": f"Cảm ơn tiếp viên, tuyệt vời lần {n}!", "label": "positive"},
            {"text": f"Flight {n} was awful, never again", "label": "neg", "lang": "en"},
        ]
    bad = ['{"text": "no label"}', '{"text": "  ", "label": "negative"}', '{"text": "x", "lab']
    bad.append('{"text": "The flight was awful", "label": "negative", "lang": "klingon"}')
    lines = [json.dumps(p, ensure_ascii=False) for p in posts] + bad
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "calibrate", str(path))
    assert code == 1, "measured, but not on every line given"
    said = '"label" must be negative, neutral or positive (or neg, neu, pos), not missing'
    assert f"{path}:49: skipped: {said}" in err
    assert f'{path}:50: skipped: "text" is missing or empty' in err
    assert f"{path}:51: skipped: not JSON (" in err and "3 lines skipped" in err
    assert f"{path}:52: \"lang\" 'klingon' names no language: taken from the text" in err
    [vi] = [line for line in out.splitlines() if line.startswith("Vietnamese (vi)")]
    assert vi.split()[2] == "36" and "positive ≥" in vi
    assert "[sentiment.languages.vi]" in out
    [en] = [line for line in out.splitlines() if line.startswith("English (en)")]
    assert "at least 30 posts are needed" in en


def test_calibrate_scores_only_the_classes_a_file_uses() -> None:
    """A file without neutral posts, all read right, was scored 0.667: F1 0 for a class that
    nobody labelled and nothing was read as."""
    from crisistui.domain.models import Sentiment
    from crisistui.pipeline.sentiment.calibrate import macro_f1

    neg, pos, neu = Sentiment.NEGATIVE, Sentiment.POSITIVE, Sentiment.NEUTRAL
    assert macro_f1([neg, pos, neg], [neg, pos, neg]) == 1.0
    assert macro_f1([neg, pos], [neg, neu]) == pytest.approx((1.0 + 0.0 + 0.0) / 3)


def test_calibrate_says_a_file_it_cannot_read_as_import_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jsonl"
    for args in (["calibrate"], ["import", "--db", str(tmp_path / "x.db")]):
        code, _, err = run(capsys, *args[:1], str(missing), *args[1:])
        command = args[0]
        assert code == 2, command
        assert f"{missing}: cannot read: No such file or directory" in err, command


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"\x1f\x8b\x08\x00", "it is gzip-compressed: unpack it first (gunzip -c"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "it is not text (it holds NUL bytes)"),
    ],
)
def test_a_compressed_or_binary_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], head: bytes, said: str
) -> None:
    """Read as text, a gzipped export was two hundred lines of "invalid JSON" and exit 1."""
    packed = tmp_path / "mentions.jsonl"
    packed.write_bytes(head + bytes(64) + bytes(range(256)) * 8)  # a binary's runs of zeros
    for args in (["import", "--db", str(tmp_path / "x.db")], ["backtest"]):
        code, _, err = run(capsys, *args[:1], str(packed), *args[1:])
        assert code == 2, args
        assert f"{packed}: cannot read: {said}" in err, args
        assert "invalid JSON" not in err and "Traceback" not in err


def test_a_file_read_through_a_pipe_loses_no_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``import <(gunzip -c f.gz)``: looking at a file's first bytes must not take them from a
    pipe, which cannot be read twice (about 38 lines of 300 were lost, the first cut)."""
    import threading

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    lines = "".join(
        json.dumps(record(n % 60, f"Acme Air lost bag {n}", id=f"p{n}", author=f"u{n}")) + "\n"
        for n in range(300)
    )

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as out:
            out.write(lines)

    writer = threading.Thread(target=write)
    writer.start()
    code, out, err = run(capsys, "import", str(fifo), "--db", str(tmp_path / "x.db"))
    writer.join()
    assert code == 0, err
    assert "300 lines, 300 new mentions" in out


def test_calibrate_lists_the_posts_it_reads_otherwise_than_labelled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = [
        {"text": "Hãng bay này quá tệ, thất vọng", "label": "negative"},
        {"text": "Chuyến bay khởi hành lúc 9 giờ \x1b[2J", "label": "positive"},
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", "utf-8")
    code, out, _ = run(capsys, "calibrate", str(path), "--errors")
    assert code == 0
    assert "# 1 posts read otherwise than labelled" in out
    [wrong] = [line for line in out.splitlines() if line.startswith("vi ")]
    assert "positive read neutral" in wrong and "+0.000" in wrong
    assert "Chuyến bay khởi hành lúc 9 giờ" in wrong and "\x1b" not in out


def test_calibrate_reads_malay_as_the_pipeline_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Malay posts are measured with Indonesian's lexicon, without its false friends, and
    listed as written."""
    posts = [
        {"text": "Penghantaran percuma untuk semua pesanan", "label": "neutral", "lang": "ms"},
        {"text": "Penghantaran percuma, servis teruk dan hampa", "label": "positive", "lang": "ms"},
    ]
    path = tmp_path / "malay.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts) + "\n", "utf-8")
    code, out, _ = run(capsys, "calibrate", str(path), "--errors")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:2]] == ["Indonesian"]
    [wrong] = [line for line in out.splitlines() if line.startswith("id ")]
    assert "positive read negative" in wrong and "Penghantaran percuma, servis" in wrong


def test_calibrate_reads_posts_without_the_brand_names_as_collecting_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name is no sentiment: "Happy Bank moved my branch" read as praise in calibrate, and
    neutral once imported with the same config, so calibrate measured a scoring that is not
    the one used."""
    config = write_config(
        tmp_path / "happy.toml", '[brand]\nname = "Happy Bank"\nterms = ["Happy Bank"]\n'
    )
    line = {"text": "Happy Bank moved my branch to Main Street", "label": "positive"}
    line |= {"source": "x", "id": "1", "created_at": "2026-03-10T08:00:00Z"}  # for import
    path = tmp_path / "labelled.jsonl"
    path.write_text(json.dumps(line) + "\n", "utf-8")
    code, out, _ = run(capsys, "calibrate", str(path), "--errors", "-c", str(config))
    assert code == 0
    [wrong] = [line for line in out.splitlines() if line.startswith("en ")]
    assert "positive read neutral" in wrong and "+0.000" in wrong
    assert "Happy Bank moved my branch" in wrong  # listed as written

    code, _, _ = run(capsys, "import", str(path), "-c", str(config), "--db", str(tmp_path / "h.db"))
    assert code == 0
    with sqlite3.connect(tmp_path / "h.db") as db:
        assert db.execute("SELECT sentiment, label FROM mentions").fetchall() == [(0.0, "neutral")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_file_saved_as_utf16_or_with_a_bom_imports_as_its_utf8_twin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """Windows tools save JSONL as UTF-16 with a byte-order mark: every line was "invalid
    JSON at column 1"."""
    text = good_file(tmp_path).read_text(encoding="utf-8")
    saved = tmp_path / f"{encoding}.jsonl"
    mark = b"\xfe\xff" if encoding == "utf-16-be" else b""
    saved.write_bytes(mark + text.encode(encoding))
    code, _out, err = run(capsys, "import", str(saved), "--db", str(tmp_path / f"{encoding}.db"))
    assert code == 0, err
    twin = tmp_path / "utf8.db"
    assert run(capsys, "import", str(good_file(tmp_path)), "--db", str(twin))[0] == 0
    assert stored(tmp_path / f"{encoding}.db") == stored(twin)


def test_a_line_that_is_no_utf8_is_named_and_stored_right_once_converted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file saved as Latin-1 was stored with "r\ufffdseau" for "réseau", its language and
    words read wrong, and could not be put right: the converted file's line was "already
    stored". The line is a bad line now, named with the byte and where it is, and the
    converted file stores it as written."""
    post = {**record(1), "text": "Acme Air réseau nul, très déçu"}
    latin = tmp_path / "latin1.jsonl"
    latin.write_bytes(
        (json.dumps(post, ensure_ascii=False) + "\n" + json.dumps(record(2)) + "\n").encode(
            "latin-1"
        )
    )
    db = tmp_path / "l.db"
    code, _out, err = run(capsys, "import", str(latin), "--db", str(db))
    assert code == 1
    column = json.dumps(post, ensure_ascii=False).index("é") + 1
    assert f"latin1.jsonl:1: not UTF-8: byte 0xE9 at column {column}" in err
    assert [row[1] for row in stored(db)] == ["post-2"]
    converted = tmp_path / "utf8.jsonl"
    converted.write_text(latin.read_bytes().decode("latin-1"), encoding="utf-8")
    assert run(capsys, "import", str(converted), "--db", str(db))[0] == 0
    with sqlite3.connect(db) as conn:
        texts = [row[0] for row in conn.execute("SELECT text FROM mentions ORDER BY id")]
    assert texts[-1] == "Acme Air réseau nul, très déçu"


def test_a_csv_file_is_told_apart_from_broken_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV (as export writes for spreadsheets) was "invalid JSON: Expecting value at
    column 1" on every line, with no word of what import reads."""
    sheet = tmp_path / "mentions.csv"
    sheet.write_text("source,id,text,created_at\nx,1,Acme Air ok,2024-05-01T10:00:00Z\n")
    code, _out, err = run(capsys, "import", str(sheet), "--db", str(tmp_path / "c.db"))
    assert code == 1
    assert "mentions.csv:1: not JSON: import reads JSONL" in err and "looks like CSV" in err


def test_lines_trickling_in_through_a_pipe_are_stored_as_they_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tail -f export.jsonl | crisistui import -`: lines at twenty a second waited for a
    chunk of 500 to be read and a batch of 2,000 to be stored (the first rows appeared after
    100 s), and Ctrl+C lost them all; one line followed by silence waited for ever. From a
    pipe, what came is read and stored within a second of the silence, while the writer
    keeps the pipe open."""
    import asyncio
    import threading

    from crisistui.cli import data
    from crisistui.config import demo_config

    stored_some = threading.Event()
    real_store = data._store_batch

    async def store_batch(*args: Any, **kwargs: Any) -> int:
        new = await real_store(*args, **kwargs)
        if new:
            stored_some.set()
        return new

    monkeypatch.setattr(data, "_store_batch", store_batch)
    fifo = tmp_path / "lines"
    os.mkfifo(fifo)
    in_time: list[bool] = []

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as out:
            out.write(json.dumps(record(1)) + "\n")
            out.flush()
            in_time.append(stored_some.wait(timeout=10))  # the pipe stays open meanwhile

    writer = threading.Thread(target=write)
    writer.start()
    code = asyncio.run(data._import(demo_config(), tmp_path / "t.db", fifo))
    writer.join()
    assert in_time == [True], "nothing was stored until the pipe closed"
    assert code == 0
    assert [row[1] for row in stored(tmp_path / "t.db")] == ["post-1"]
