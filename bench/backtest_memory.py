"""Peak memory of `crisistui backtest` on a long file: streamed against held in a list.

Run ``python bench/backtest_memory.py [--mentions 100000]``. A file of busy traffic (three
subjects, daily rhythm; ``bench/bigdb.py``) is replayed twice, each in a fresh process: by the
command as it is, and with every mention first held in a list, as the command once did. The
peak resident memory of each is printed, and their ratio, measured in the same run. The
replays' summaries are compared too: streaming changes what is kept, not what is found.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bigdb import CONFIG, generate

CHILD = """
import contextlib, io, json, resource, sys
from pathlib import Path
from crisistui.analysis.backtest import replay
from crisistui.cli import main
from crisistui.config import load_config
from crisistui.importer import ReadReport, read_jsonl
from crisistui.pipeline import Pipeline

mode, path, config_path = sys.argv[1:4]
out = io.StringIO()
if mode == "stream":
    with contextlib.redirect_stdout(out):
        main(["backtest", path, "-c", config_path, "--json"])
    summary = json.loads(out.getvalue().splitlines()[-1])["summary"]
    found = [summary["mentions"], summary["level_changes"], summary["max_score"]]
else:
    config = load_config(Path(config_path))
    pipeline = Pipeline(config)
    with open(path, encoding="utf-8") as handle:
        mentions = [
            m
            for m in (pipeline.process(i, keep_unmatched=True)
                      for i in read_jsonl(handle, ReadReport()))
            if m is not None
        ]
    result = replay(mentions, config.brand.name, config.severity)
    found = [result.mentions, len(result.changes), result.max_score]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_kib": peak, "found": found}))
"""


def _replay(mode: str, path: Path, config: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), str(config)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000, help="lines in the file")
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path, config = Path(tmp) / "week.jsonl", Path(tmp) / "crisistui.toml"
        config.write_text(CONFIG, encoding="utf-8")
        end = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
        count = generate(path, args.mentions, args.days, end)
        held = _replay("list", path, config)
        streamed = _replay("stream", path, config)
    assert held["found"] == streamed["found"], (held, streamed)
    old, new = int(held["peak_kib"]) / 1024, int(streamed["peak_kib"]) / 1024  # type: ignore[call-overload]
    print(f"file: {count:,} mentions over {args.days} days; both replays found {held['found']}")
    print(f"peak memory, mentions held in a list  {old:8.1f} MiB")
    print(f"peak memory, streamed (backtest)      {new:8.1f} MiB = {new / old:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
