"""`crisistui chart` and the report's chart files: what leaves the terminal agrees with a recount
of the mentions, opens in whatever reads it (a PNG that decodes, an SVG that parses, a CSV that
round-trips), and a missing extra or a bad flag says what to do."""

from __future__ import annotations

import asyncio
import csv
import random
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.buckets import bucket_minutes, chart_period, share_of_voice
from crisistui.cli import main
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import load_playbooks
from crisistui.reports.charts import chart_links, write_incident_charts
from crisistui.reports.report import build_report
from crisistui.store import open_store

BRAND, RIVAL, GONE = "Acme Air", "Zephyr & Sons $", "Old Rival"
"""The rival's name needs escaping in XML and is no TeX; the third subject was removed from the
config but its mentions are still stored (they still count in the share of voice)."""
CONFIG = f"""
[brand]
name = "{BRAND}"
terms = ["acme air"]

[[competitors]]
name = "{RIVAL}"
terms = ["zephyr"]
"""
SINCE = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
UNTIL = SINCE + timedelta(hours=6)
BUCKET = timedelta(minutes=5)
"""Six hours are charted in 5 min buckets."""
BUCKETS = 72


def post(n: int, at: datetime, subject: str, label: Sentiment, score: float) -> Mention:
    """A stored mention as the pipeline leaves it (an unscored one scores 0)."""
    return Mention(
        "x", str(n), f"post {n}", at, subject, subject != BRAND, score, label, 100, str(n),
        author=f"@user{n % 50}", author_followers=100,
    )  # fmt: skip


def history() -> list[Mention]:
    """Eight hours around the charted six: a quiet brand, a rival with a burst, an old rival,
    every label (unscored too), and mentions just outside the period on both sides."""
    rng = random.Random(12)
    mentions = []
    start = SINCE - timedelta(hours=1)
    for n in range(1500):
        at = start + timedelta(seconds=rng.randrange(8 * 3600))
        subject = rng.choices([BRAND, RIVAL, GONE], weights=[6, 3, 1])[0]
        if subject == RIVAL and rng.random() < 0.5:  # the rival's crisis: 08:00–08:30
            at = SINCE + timedelta(hours=2, seconds=rng.randrange(1800))
        label = rng.choice(list(Sentiment))
        score = {
            Sentiment.NEGATIVE: -rng.uniform(0.05, 1),
            Sentiment.POSITIVE: rng.uniform(0.05, 1),
            Sentiment.NEUTRAL: rng.uniform(-0.05, 0.05),
            Sentiment.UNSCORED: 0.0,
        }[label]
        mentions.append(post(n, at, subject, label, score))
    edges = [SINCE - timedelta(seconds=1), UNTIL, SINCE, UNTIL - timedelta(seconds=1)]
    for n, at in enumerate(edges, start=10_000):
        mentions.append(post(n, at, BRAND, Sentiment.NEGATIVE, -0.5))
    return mentions


MENTIONS = history()


def recount() -> list[dict[str, dict[str, float]]]:
    """Per 5 min bucket of the period and per subject, straight from the mentions: volume,
    scored and the sum of scores of the scored."""
    buckets: list[dict[str, dict[str, float]]] = [
        {s: {"volume": 0, "scored": 0, "sum": 0.0} for s in (BRAND, RIVAL, GONE)}
        for _ in range(BUCKETS)
    ]
    for m in MENTIONS:
        if SINCE <= m.created_at < UNTIL:
            cell = buckets[(m.created_at - SINCE) // BUCKET][m.subject]
            cell["volume"] += 1
            if m.label is not Sentiment.UNSCORED:
                cell["scored"] += 1
                cell["sum"] += m.sentiment
    return buckets


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, Path]:
    """A database holding the history, and a config naming the brand and one competitor."""
    db = tmp_path / "history.db"

    async def write() -> None:
        async with await open_store(db) as store:
            await store.add_mentions(MENTIONS, UNTIL + timedelta(hours=2))

    asyncio.run(write())
    config = tmp_path / "crisistui.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return db, config


def chart(database: tuple[Path, Path], *args: str | Path) -> int:
    db, config = database
    return main(["chart", *map(str, args), "--db", str(db), "-c", str(config)])


def period_args() -> list[str]:
    return ["--since", SINCE.isoformat(), "--until", "2026-03-10T12:00Z"]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def svg_text(path: Path) -> str:
    """Every piece of text the SVG shows (it must parse as XML)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return "\n".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the PNG signature."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_bucket_rule_is_one_for_every_period() -> None:
    hour, day = timedelta(hours=1), timedelta(days=1)
    minutes = [bucket_minutes(span) for span in (90 * timedelta(minutes=1), 3 * hour)]
    assert minutes == [1, 1]
    assert [bucket_minutes(s) for s in (6 * hour, 24 * hour, 7 * day, 30 * day)] == [
        5,
        15,
        60,
        24 * 60,
    ]
    period = chart_period(datetime(2026, 3, 10, 6, 7, 30, tzinfo=UTC), UNTIL)
    assert period.since == datetime(2026, 3, 10, 6, 5, tzinfo=UTC), "starts on a whole bucket"
    assert period.until == UNTIL
    assert share_of_voice({BRAND: 3, RIVAL: 1}) == {BRAND: 0.75, RIVAL: 0.25}
    assert share_of_voice({BRAND: 0, RIVAL: 0}) == {BRAND: None, RIVAL: None}, "no voice ≠ 0 %"


def test_volume_csv_round_trips_to_the_recount(database, tmp_path: Path) -> None:
    out = tmp_path / "volume.csv"
    assert chart(database, "volume", *period_args(), "-o", out) == 0
    header, rows = read_csv(out)
    assert header == [
        "bucket_start",
        "bucket_end",
        f"{BRAND}: mentions",
        f"{RIVAL}: mentions",
        f"{GONE}: mentions",
    ]
    expected = recount()
    assert len(rows) == BUCKETS
    for i, (row, counts) in enumerate(zip(rows, expected, strict=True)):
        start = datetime.fromisoformat(row["bucket_start"])
        assert start == SINCE + i * BUCKET and start.utcoffset() == timedelta(0)
        assert datetime.fromisoformat(row["bucket_end"]) == start + BUCKET
        for subject in (BRAND, RIVAL, GONE):
            assert int(row[f"{subject}: mentions"]) == counts[subject]["volume"]
    in_period = sum(SINCE <= m.created_at < UNTIL for m in MENTIONS)
    assert sum(int(v) for r in rows for k, v in r.items() if k.endswith("mentions")) == in_period


def test_sentiment_csv_is_the_mean_over_scored_mentions_only(database, tmp_path: Path) -> None:
    out = tmp_path / "sentiment.csv"
    assert chart(database, "sentiment", *period_args(), "--subject", RIVAL, "-o", out) == 0
    header, rows = read_csv(out)
    assert header[2:] == [f"{RIVAL}: net_sentiment", f"{RIVAL}: scored"]
    for row, counts in zip(rows, recount(), strict=True):
        cell = counts[RIVAL]
        assert int(row[f"{RIVAL}: scored"]) == cell["scored"]
        if cell["scored"]:
            net = float(row[f"{RIVAL}: net_sentiment"])
            assert net == pytest.approx(cell["sum"] / cell["scored"], abs=1e-6)
        else:
            assert row[f"{RIVAL}: net_sentiment"] == "", "no scored mention: no net, not 0"


def test_share_of_voice_csv_is_each_subjects_share_of_all(database, tmp_path: Path) -> None:
    out = tmp_path / "sov.csv"
    assert chart(database, "sov", *period_args(), "-o", out) == 0
    _, rows = read_csv(out)
    for row, counts in zip(rows, recount(), strict=True):
        total = sum(c["volume"] for c in counts.values())
        assert int(row["all_mentions"]) == total
        for subject in (BRAND, RIVAL, GONE):
            cell = row[f"{subject}: share"]
            if total:
                assert float(cell) == pytest.approx(counts[subject]["volume"] / total, abs=1e-6)
            else:
                assert cell == ""
    burst = rows[24:30]  # 08:00–08:30: the rival's crisis shows as its share
    assert all(float(r[f"{RIVAL}: share"]) > 0.5 for r in burst)


def test_png_charts_decode(database, tmp_path: Path) -> None:
    from matplotlib.image import imread

    for what in ("volume", "sentiment", "sov"):
        out = tmp_path / f"{what}.png"
        assert chart(database, what, *period_args(), "-o", out) == 0
        assert png_size(out) == (1000, 450)
        pixels = imread(out)
        assert pixels.shape[:2] == (450, 1000)
        assert pixels.min() < pixels.max(), "something is drawn"


def test_svg_charts_parse_and_name_each_subject_with_its_figures(database, tmp_path: Path) -> None:
    counts = recount()
    volume = {s: sum(int(c[s]["volume"]) for c in counts) for s in (BRAND, RIVAL, GONE)}
    everyone = sum(volume.values())

    out = tmp_path / "volume.svg"
    assert chart(database, "volume", *period_args(), "-o", out) == 0
    text = svg_text(out)
    assert "Mentions per 5 min" in text
    for subject, total in volume.items():
        assert f"{subject} ({total:,})" in text

    out = tmp_path / "sov.svg"
    assert chart(database, "sov", *period_args(), "-o", out) == 0
    text = svg_text(out)
    for subject, total in volume.items():
        assert f"{subject}: {total / everyone:.1%} of {everyone:,} mentions" in text

    out = tmp_path / "sentiment.svg"
    assert chart(database, "sentiment", *period_args(), "--subject", BRAND, "-o", out) == 0
    text = svg_text(out)
    scored = sum(c[BRAND]["scored"] for c in counts)
    net = sum(c[BRAND]["sum"] for c in counts) / scored
    assert f"{BRAND} (net {net:+.2f})" in text
    assert RIVAL not in text, "--subject draws only the subject asked for"


def test_a_share_of_one_subject_shows_the_rest_as_other_subjects(database, tmp_path) -> None:
    out = tmp_path / "sov.svg"
    assert chart(database, "sov", *period_args(), "--subject", RIVAL, "-o", out) == 0
    counts = recount()
    everyone = sum(c[s]["volume"] for c in counts for s in c)
    rest = everyone - sum(c[RIVAL]["volume"] for c in counts)
    assert f"other subjects: {rest / everyone:.1%}" in svg_text(out)


def test_an_empty_period_says_so_and_exits_0(database, tmp_path: Path) -> None:
    empty = ["--since", "2026-04-01T00:00Z", "--until", "2026-04-02T00:00Z"]
    out = tmp_path / "empty.csv"
    assert chart(database, "volume", *empty, "-o", out) == 0
    header, rows = read_csv(out)
    assert header[:2] == ["bucket_start", "bucket_end"] and rows == []
    for suffix in ("svg", "png"):
        drawn = tmp_path / f"empty.{suffix}"
        assert chart(database, "sov", *empty, "-o", drawn) == 0
        if suffix == "svg":
            assert "no mentions in this period" in svg_text(drawn)
        else:
            assert png_size(drawn) == (1000, 450)


def test_now_is_the_replays_time_in_a_demo_database(database, tmp_path: Path) -> None:
    """A demo's file runs on scenario time: "the last 6 h" are the scenario's, not the wall's."""
    db, _ = database

    async def mark() -> None:
        async with await open_store(db) as store:  # ~0 speed: its "now" stays at the origin
            await store.record_replay_clock(UNTIL - timedelta(seconds=30), 1e-9, "demo")

    asyncio.run(mark())
    out = tmp_path / "volume.csv"
    assert chart(database, "volume", "--since", "6h", "-o", out) == 0
    _, rows = read_csv(out)
    assert datetime.fromisoformat(rows[-1]["bucket_end"]) == UNTIL
    assert datetime.fromisoformat(rows[0]["bucket_start"]) == SINCE - BUCKET, "whole buckets"
    assert sum(int(r[f"{BRAND}: mentions"]) for r in rows) > 0


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--since", "3x"], "--since"),
        (["--since", "0h"], "--since"),
        (["--until", "yesterday"], "--until"),
        (["--since", "2026-03-11T00:00Z", "--until", "2026-03-10T00:00Z"], "--since"),
        (["--subject", "Nobody Air"], "--subject"),
    ],
)
def test_a_bad_value_is_refused_naming_its_flag(database, tmp_path, capsys, args, flag) -> None:
    out = tmp_path / "x.csv"
    try:
        code = chart(database, "volume", *args, "-o", out)
    except SystemExit as exc:  # argparse refuses what it can check alone
        code = exc.code
    assert code == 2
    assert flag in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_file_type_is_refused(database, tmp_path: Path, capsys) -> None:
    assert chart(database, "volume", "-o", tmp_path / "x.pdf") == 2
    assert ".png, .svg or .csv" in capsys.readouterr().err


BLOCKED = """
import sys
sys.modules["matplotlib"] = None  # as if the charts extra were not installed
from crisistui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_without_the_charts_extra_png_says_what_to_install_and_csv_still_works(
    database, tmp_path: Path
) -> None:
    db, config = database

    def run(out: Path) -> subprocess.CompletedProcess[str]:
        argv = ["chart", "volume", "--db", str(db), "-c", str(config), "-o", str(out)]
        return subprocess.run(
            [sys.executable, "-c", BLOCKED, *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    png = tmp_path / "volume.png"
    refused = run(png)
    assert refused.returncode == 2
    assert "crisistui[charts]" in refused.stderr and "Traceback" not in refused.stderr
    assert not png.exists()
    kept = run(tmp_path / "volume.csv")
    assert kept.returncode == 0, kept.stderr
    assert (tmp_path / "volume.csv").read_text(encoding="utf-8").startswith("bucket_start,")


async def test_the_reports_charts_are_written_beside_the_review(tmp_path: Path) -> None:
    db = tmp_path / "incident.db"
    playbooks = load_playbooks()
    async with await open_store(db) as store:
        await store.add_mentions(MENTIONS, UNTIL)
        incident = await store.open_incident(
            "Rival spill-over",
            "service-outage",
            playbooks["service-outage"].id,
            "sre",
            SINCE + timedelta(hours=2),
            detected_at=SINCE + timedelta(hours=2),
        )
        report = await build_report(
            store, incident.id, playbooks, subject=BRAND, now=SINCE + timedelta(hours=4)
        )
    review = tmp_path / "my review.md"
    written = write_incident_charts(report, review, "svg")
    assert [p.name for p in written] == ["my review-volume.svg", "my review-sentiment.svg"]
    volume = svg_text(written[0])
    assert f"all ({sum(p.volume for p in report.series):,})" in volume
    assert f"negative ({sum(p.negative for p in report.series):,})" in volume
    assert "net sentiment" in svg_text(written[1])
    assert chart_links(written) == (
        "![volume](my%20review-volume.svg)\n\n![sentiment](my%20review-sentiment.svg)"
    )
    png = write_incident_charts(report, review, "png")
    assert all(png_size(p) == (1000, 450) for p in png)


def test_report_charts_draws_them_beside_the_review_and_links_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "incident.db"
    config = tmp_path / "crisistui.toml"
    config.write_text(CONFIG, encoding="utf-8")

    async def write() -> int:
        async with await open_store(db) as store:
            await store.add_mentions(MENTIONS, UNTIL)
            incident = await store.open_incident(
                "Rival spill-over",
                "service-outage",
                "service-outage",
                "sre",
                SINCE + timedelta(hours=2),
                detected_at=SINCE + timedelta(hours=2),
            )
        return incident.id

    common = [str(asyncio.run(write())), "--db", str(db), "-c", str(config)]
    review = tmp_path / "review.md"
    assert main(["report", *common, "-o", str(review), "--charts", "svg"]) == 0
    text = review.read_text(encoding="utf-8")
    assert "![volume](review-volume.svg)\n\n![sentiment](review-sentiment.svg)" in text
    assert text.index("![volume]") < text.index("```text"), "above the text charts"
    assert "net sentiment" in svg_text(tmp_path / "review-sentiment.svg")
    assert f"{BRAND} mentions" in svg_text(tmp_path / "review-volume.svg")

    capsys.readouterr()
    for refused in (("--charts", "png"), ("--format", "json", "-o", "r.json", "--charts", "png")):
        assert main(["report", *common, *refused]) == 2
        assert "--charts draws files beside the Markdown report" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.png")) and not (tmp_path / "r.json").exists()
    for charts in ((), ("--charts", "svg")):  # a folder that is not there: said, not raised
        assert main(["report", *common, "-o", str(tmp_path / "gone" / "r.md"), *charts]) == 2
        said = capsys.readouterr().err
        assert "cannot write: no folder" in said and "Traceback" not in said
