"""`crisistui backtest` against VADER alone on the same texts, timed side by side in one run.

Run ``python bench/backtest_speed.py [--mentions 1000000] [--days 7]``. A file of busy traffic
(three subjects, daily rhythm; ``bench/bigdb.py``) is written, then:

- **backtest**: the command itself on the file (``--json``), in this process: reading each
  line, the whole per-mention pipeline (language, sentiment, brand and trigger terms,
  fingerprint) and the engine replayed minute by minute;
- **VADER alone**: every line's text scored by ``vaderSentiment``'s ``polarity_scores``, the
  file read the same way, nothing else.

Printed: both times, mentions a second, and backtest's time as a multiple of VADER's (the
issue's goal: at most 1.5×). Each is best of ``--rounds``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bigdb import CONFIG, generate


def backtest_seconds(path: Path, config: Path) -> tuple[float, dict[str, object]]:
    from crisistui.cli import main

    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["backtest", str(path), "-c", str(config), "--json"])
    seconds = time.perf_counter() - started
    return seconds, json.loads(out.getvalue().splitlines()[-1])["summary"]


def vader_seconds(path: Path) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            analyser.polarity_scores(json.loads(line)["text"])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000, help="lines in the file")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path, config = Path(tmp) / "week.jsonl", Path(tmp) / "crisistui.toml"
        config.write_text(CONFIG, encoding="utf-8")
        count = generate(path, args.mentions, args.days, datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
        vader = min(vader_seconds(path) for _ in range(args.rounds))
        runs = [backtest_seconds(path, config) for _ in range(args.rounds)]
    backtest = min(seconds for seconds, _ in runs)
    summary = runs[0][1]
    print(f"file: {count:,} mentions over {args.days} days; backtest found {summary}")
    print(f"VADER alone   {vader:8.1f} s  {count / vader:10,.0f} mentions/s")
    print(f"backtest      {backtest:8.1f} s  {count / backtest:10,.0f} mentions/s")
    print(f"backtest / VADER alone: {backtest / vader:.2f}× (goal ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
