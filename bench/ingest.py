"""Ingest speed: VADER alone, the pipeline, the store and the whole import, side by side.

Run ``python bench/ingest.py [--texts 60000] [--rounds 3] [--check] [--write-digest]``.
The machine may be shared: compare the ratios of one run, not the rates of two.

Every stage runs on the same posts in the same process, one after the other in each round, and
the best round of each is printed as mentions a second and as a share of VADER alone's rate
(vaderSentiment's own ``polarity_scores`` over the raw texts: the yardstick of issue 13, whose
goal is a whole ingest at 0.60 of it or more), then as CPU seconds (this process's and its
finished children's: workers, the command) and VADER alone's CPU time as a share of them,
which a busy shared machine disturbs less than the wall clock:

- ``VADER alone``: ``SentimentIntensityAnalyzer.polarity_scores`` over the texts;
- ``pipeline``: ``Pipeline.process`` of parsed items (normalise, match, language, sentiment,
  trigger terms, fingerprint);
- ``store``: ``Store.add_mentions`` of the pipeline's mentions, 2,000 a batch as ``import``
  writes them, into a new SQLite file (rollups, trigger and language rollups, the analytics'
  facet counts and authors' totals, full-text index);
- ``collect path``: ``Pipeline.process`` then ``add_mentions`` per poll of 40 items, as the
  collector does;
- ``whole import``: the ``import`` command's own code (``cli.data._import``) on the JSONL file
  into a new database, end to end (reading, parsing, the pipeline and the store), in this
  process;
- ``import, batched`` and ``import, 2 cores``: the same with its loop reading
  ``importer.process_jsonl`` (chunks through ``Pipeline.process_many``; in this process alone,
  or shared with a worker process on each other core), the change proposed for the command;
  left out for code without it;
- ``crisistui import``: the command run as a user runs it, in a new process, so its start-up
  (imports, the language identifier, the lexicons, worker processes) is counted too.

The posts are social traffic about an airline brand and two competitors as real traffic mixes
it: about three in five English (the busy week's texts of ``bench/bigdb.py``), the rest Spanish,
Portuguese, French, German, Japanese, Indonesian, Arabic, Russian, Vietnamese, Chinese and a
dozen more, drawn from the project's labelled posts (``bench/data/sentiment``) and the
multilingual suite's templates (``bench/multilingual.py``), with emoji, links, hashtags, some
HTML from news feeds, language tags where the source gives one, and a few posts delivered twice.

``--check`` compares what the whole import stored (every column of every mention, the rollups,
the trigger and language rollups, the analytics' facet counts per hour and per day and authors'
totals, and what the full-text index finds) with the digest kept in
``bench/data/ingest_digest.json``, written by ``--write-digest`` with the code before the speed
work: the same input must give the same database, byte for byte.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
import json
import math
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import texts as english
from bench.multilingual import TAILS, VOICES, _fill
from crisistui.config import Config, parse_config
from crisistui.domain.models import Mention, RawItem
from crisistui.importer import parse_line
from crisistui.store import open_store

DATA = Path(__file__).parent / "data"
DIGESTS = DATA / "ingest_digest.json"
END = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DAYS = 7
BATCH = 2000
"""Mentions per ``add_mentions`` call in ``import``."""
POLL = 40
"""Items one poll of a source delivers, for the collect path."""

MIX: dict[str, float] = {
    "en": 60.0, "es": 7.0, "pt": 5.0, "fr": 4.0, "de": 3.0, "ja": 2.5, "id": 2.0, "ar": 2.0,
    "ru": 2.0, "it": 1.5, "tr": 1.5, "vi": 1.5, "zh": 1.5, "hi": 1.0, "ko": 1.0, "tl": 1.0,
    "fa": 0.5, "th": 0.5, "pl": 0.5, "nl": 0.5, "he": 0.5,
}  # fmt: skip
"""Share of the posts in each language (per cent), roughly as a global brand's traffic is."""
TEMPLATE_SHARE = 0.5
"""Of the posts in a language the multilingual suite writes, the share from its templates."""
SUBJECTS = (
    ("Acme Air", 0.55, ("Acme Air", "@AcmeAir", "AcmeAir")),
    ("Zephyr Airlines", 0.3, ("Zephyr Airlines", "@ZephyrAir", "ZephyrAir")),
    ("Nimbus Jet", 0.15, ("Nimbus Jet", "@NimbusJet", "NimbusJet")),
)
SOURCES = (("x", 0.45), ("mastodon", 0.2), ("reddit", 0.1), ("bluesky", 0.15), ("news", 0.1))
TAGGING = frozenset({"x", "mastodon", "bluesky"})
"""Sources whose posts usually carry their language."""
REGIONAL = {"pt": "pt-BR", "en": "en-US", "zh": "zh-Hans", "es": "es-419"}
CONFIG: dict[str, Any] = {
    "brand": {"name": "Acme Air", "terms": ["Acme Air", "@AcmeAir", "AcmeAir"]},
    "competitors": [
        {"name": "Zephyr Airlines", "terms": ["Zephyr Airlines", "@ZephyrAir", "ZephyrAir"]},
        {"name": "Nimbus Jet", "terms": ["Nimbus Jet", "@NimbusJet", "NimbusJet"]},
        {"name": "Globex Air", "terms": ["Globex Air", "#GlobexAir"]},
    ],
}


def config() -> Config:
    """The brand, its two competitors and the rival the multilingual news talks about; the
    built-in trigger terms and sentiment settings."""
    return parse_config(CONFIG)


# -- the posts --------------------------------------------------------------------------------


def _labelled() -> dict[str, list[str]]:
    """The project's labelled posts of every split, by language (brand or general chatter)."""
    found: dict[str, list[str]] = {}
    for path in sorted((DATA / "sentiment").glob("*/*.jsonl")):
        lang = path.stem.split("_")[0]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.setdefault(lang, []).append(json.loads(line)["text"])
    return found


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    draw = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        draw -= weight
        if draw < 0.0:
            return value
    return weighted[-1][0]


def _english(rng: random.Random) -> str:
    subject = _pick(rng, tuple((name, share) for name, share, _ in SUBJECTS))
    names = next(n for name, _, n in SUBJECTS if name == subject)
    draw = rng.random()
    if draw < 0.15:
        text = english.calm_negative(rng)
    elif draw < 0.45:
        text = english.fill(rng.choice(english.CALM_POSITIVE), rng)
    elif draw < 0.5:
        text = english.fill(rng.choice(english.CRISIS_NEGATIVE["service-outage"]), rng)
    else:
        text = english.fill(rng.choice(english.CALM_NEUTRAL), rng)
    name, handle, tag = names
    if name != "Acme Air":
        text = text.replace("@AcmeAir", handle).replace("AcmeAir", tag).replace("Acme Air", name)
    return text


def _other(rng: random.Random, lang: str, labelled: dict[str, list[str]]) -> str:
    if lang in VOICES and rng.random() < TEMPLATE_SHARE:
        intent = rng.choice(("praise", "question", "gripe", "news", "rival", "storm"))
        pool = getattr(VOICES[lang], intent) or VOICES[lang].gripe
        return _fill(rng.choice(pool), lang, intent if intent in TAILS else "gripe", rng)
    text = rng.choice(labelled[lang])
    # posts found by searching for the brand name it: most by its handle, some by its name
    draw = rng.random()
    if draw < 0.4:
        return f"@AcmeAir {text}"
    if draw < 0.6:
        return f"{text} #AcmeAir"
    return text


def _decorate(rng: random.Random, text: str, source: str, index: int) -> str:
    """Links, numbers and the HTML a news feed wraps its summaries in."""
    if rng.random() < 0.15:
        text += f" https://t.example/{rng.randrange(36**6):x}"
    if rng.random() < 0.3:
        text += f" #{rng.randrange(100_000)}"
    if source == "news" and rng.random() < 0.5:
        text = f"<p>{text.replace('&', '&amp;')}</p><p><a href='https://news.example/{index}'>more</a></p>"
    return text


def records(count: int, seed: int = 13) -> list[dict[str, Any]]:
    """``count`` posts as JSONL records (dicts), in time order, a few delivered twice."""
    rng = random.Random(seed)
    labelled = _labelled()
    languages = tuple(MIX.items())
    made: list[dict[str, Any]] = []
    start = END - timedelta(days=DAYS)
    moments = sorted(rng.random() * DAYS * 86400.0 for _ in range(count))
    for index, offset in enumerate(moments):
        if made and rng.random() < 0.005:  # a source delivering a post again
            made.append(dict(made[rng.randrange(len(made))]))
            continue
        lang = _pick(rng, languages)
        source = _pick(rng, SOURCES)
        text = _english(rng) if lang == "en" else _other(rng, lang, labelled)
        record: dict[str, Any] = {
            "source": source,
            "id": f"{source}-{index}",
            "text": _decorate(rng, text, source, index),
            "created_at": (start + timedelta(seconds=offset)).isoformat(timespec="seconds"),
            "author": f"@user{rng.randrange(200_000)}",
            "author_followers": min(int(math.exp(rng.gauss(5.0, 1.6))), 3_000_000),
            "url": f"https://{source}.example/p/{index}",
            "likes": int(rng.expovariate(0.2)),
            "reposts": int(rng.expovariate(1.0)),
            "replies": int(rng.expovariate(1.0)),
        }
        if source in TAGGING and rng.random() < 0.7:
            record["lang"] = REGIONAL.get(lang, lang) if rng.random() < 0.2 else lang
        made.append(record)
    return made


# -- the stages -------------------------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers, the command)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run``: on a shared machine the CPU time is the steadier."""
    started, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - started, _cpu() - cpu


def vader_alone(raw_texts: list[str]) -> Callable[[], object]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    polarity = SentimentIntensityAnalyzer().polarity_scores
    return lambda: [polarity(text) for text in raw_texts]


def pipeline_alone(items: list[RawItem], out: list[Mention]) -> Callable[[], object]:
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config())
    for item in items[:2000]:  # each language's analyser is built on its first mention
        pipeline.process(item, keep_unmatched=True)

    def run() -> None:
        process = pipeline.process
        out[:] = [m for m in (process(item, keep_unmatched=True) for item in items) if m]

    return run


async def _store(db: Path, mentions: list[Mention], batch: int) -> None:

    store = await open_store(db)
    try:
        now = END + timedelta(hours=1)
        for first in range(0, len(mentions), batch):
            await store.add_mentions(mentions[first : first + batch], now)
    finally:
        await store.close()


async def _collect(db: Path, items: list[RawItem]) -> None:
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config())
    store = await open_store(db)
    try:
        now = END + timedelta(hours=1)
        for first in range(0, len(items), POLL):
            poll = [pipeline.process(item) for item in items[first : first + POLL]]
            await store.add_mentions([m for m in poll if m is not None], now)
    finally:
        await store.close()


async def import_file(db: Path, jsonl: Path) -> None:
    """``crisistui import FILE`` as the command runs it (its summary line swallowed)."""
    from crisistui.cli.data import _import

    with contextlib.redirect_stdout(io.StringIO()):
        await _import(config(), db, jsonl)


async def import_file_proposed(db: Path, jsonl: Path, workers: int | None = None) -> None:
    """``crisistui import FILE`` with its loop reading ``importer.process_jsonl`` (worker
    processes on the other cores, ``Pipeline.process_many`` a chunk at a time) instead of
    ``read_jsonl`` and ``Pipeline.process`` line by line: the change proposed for
    ``cli/data.py``. Everything else is the command's own code."""
    from crisistui.cli import data
    from crisistui.importer import ReadReport, open_text, process_jsonl
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config())
    report = ReadReport()
    new = skipped = 0
    with open_text(jsonl) as handle:
        store = await open_store(db)
        now = datetime.now(UTC)
        try:
            batch: list[tuple[int, Mention]] = []
            outcomes = process_jsonl(handle, report, pipeline, workers=workers)
            for number, outcome in outcomes:
                if isinstance(outcome, Exception):
                    report.errors.append((number, f"cannot process: {outcome!r}"[:300]))
                    continue
                if outcome is None:
                    skipped += 1
                    continue
                batch.append((number, outcome))
                if len(batch) >= BATCH:
                    new += await data._store_batch(store, batch, now, report)
                    batch = []
            new += await data._store_batch(store, batch, now, report)
        finally:
            await store.close()


def config_toml() -> str:
    """``CONFIG`` as the TOML file a user would write."""
    lines = ["[brand]", f"name = {json.dumps(CONFIG['brand']['name'])}"]
    lines.append(f"terms = {json.dumps(CONFIG['brand']['terms'], ensure_ascii=False)}")
    for competitor in CONFIG["competitors"]:
        lines += ["", "[[competitors]]", f"name = {json.dumps(competitor['name'])}"]
        lines.append(f"terms = {json.dumps(competitor['terms'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def command(db: Path, jsonl: Path, toml: Path) -> None:
    """``crisistui import FILE`` run as a user runs it: a new process, start-up included."""
    subprocess.run(
        [sys.executable, "-m", "crisistui", "import", str(jsonl), "-c", str(toml), "--db", str(db)],
        check=True,
        capture_output=True,
    )


def _has_two_cores_loop() -> bool:
    """Whether this code has ``importer.process_jsonl`` (the reference code had not)."""
    from crisistui import importer

    return hasattr(importer, "process_jsonl")


def _fresh(folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


# -- the digest -------------------------------------------------------------------------------

SEARCHES = (
    "refund",
    "acme",
    '"acme air"',
    "outage OR panne OR caída",
    "boicot OR boycott",
    "author : user1*",
    "tệ",
    "задержка",
)
"""Full-text queries whose matches go into the digest."""


def digest(db: Path) -> dict[str, str]:
    """A hash per table of what an import stored, every column in key order; ``ingested_at``
    is counted from the import's own start (it is the wall clock)."""
    connection = sqlite3.connect(db)
    try:
        queries = {
            "mentions": "SELECT *, ingested_at - (SELECT MIN(ingested_at) FROM mentions) "
            "FROM mentions ORDER BY id",
            "rollups": "SELECT * FROM rollups ORDER BY subject, minute",
            "trigger_rollups": "SELECT * FROM trigger_rollups "
            "ORDER BY minute, subject, crisis_type, term",
            "language_rollups": "SELECT * FROM language_rollups ORDER BY minute, subject, lang",
            # the analytics of schema 10, added to the digests after they were first stored
            "analytics_words": "SELECT id, words, domain FROM mentions ORDER BY id",
            "copy_keys": "SELECT id, copy_key FROM mentions ORDER BY id",
            "facet_hours": "SELECT * FROM facet_hours ORDER BY kind, hour, subject, value",
            "facet_days": "SELECT * FROM facet_days ORDER BY kind, day, subject, value",
            "author_totals": "SELECT * FROM author_totals ORDER BY subject, author",
        }
        found: dict[str, str] = {}
        for name, sql in queries.items():
            cursor = connection.execute(sql)
            columns = [c[0] for c in cursor.description]
            if name == "mentions":
                at = columns.index("ingested_at")
                # the analytics' words and domain (schema 10) and the copy key (12) came after
                # the stored digests: digested on their own
                later = ("words", "domain", "copy_key")
                kept = [i for i, c in enumerate(columns[:-1]) if c not in later]
                rows = (tuple(row[-1] if i == at else row[i] for i in kept) for row in cursor)
            else:
                rows = iter(cursor)
            found[name] = _hash(rows)
        search = []
        for query in SEARCHES:
            ids = connection.execute(
                "SELECT rowid FROM mention_text WHERE mention_text MATCH ? ORDER BY rowid",
                (query,),
            ).fetchall()
            search.append((query, [i for (i,) in ids]))
        found["search"] = _hash(iter(search))
        connection.execute("INSERT INTO mention_text (mention_text) VALUES ('integrity-check')")
    finally:
        connection.close()
    return found


def _hash(rows: Iterator[Any]) -> str:
    h = hashlib.sha256()
    count = 0
    for row in rows:
        h.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
        count += 1
    return f"{count}:{h.hexdigest()[:32]}"


# -- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    parser.add_argument("--check", action="store_true", help="compare with the stored digest")
    parser.add_argument("--write-digest", action="store_true", help="store this code's digest")
    parser.add_argument("--only", choices=["check"], help="skip the timings")
    parser.add_argument("--keep", type=Path, help="folder to keep the files in")
    args = parser.parse_args(argv)

    made = records(args.texts, args.seed)
    lines = [json.dumps(r, ensure_ascii=False) for r in made]
    items = [parse_line(line) for line in lines]
    raw_texts = [item.text for item in items]
    key = f"{args.texts}/{args.seed}"

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        jsonl = folder / "posts.jsonl"
        jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
        status = 0
        if args.check or args.write_digest:
            db = _fresh(folder, "check.db")
            asyncio.run(import_file(db, jsonl))
            found = {"posts": _hash(iter(lines)), **digest(db)}
            status = _compare(key, found, write=args.write_digest, check=args.check)
            for workers in (0, None) if args.check and _has_two_cores_loop() else ():
                cores = "one core" if workers == 0 else "all cores"
                print(f"the import with the proposed loop ({cores}):")
                db = _fresh(folder, f"check-{workers}.db")
                asyncio.run(import_file_proposed(db, jsonl, workers))
                found = {"posts": _hash(iter(lines)), **digest(db)}
                status = max(status, _compare(key, found, write=False, check=True))
        if args.only == "check":
            return status
        _report(args, items, raw_texts, jsonl, folder)
    return status


def _compare(key: str, found: dict[str, str], *, write: bool, check: bool) -> int:
    stored = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
    if write:
        stored[key] = found
        DIGESTS.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
        print(f"digest for {key} written to {DIGESTS}")
    if not check:
        return 0
    if key not in stored:
        print(f"no stored digest for {key}: run with --write-digest on the reference code")
        return 2
    if stored[key].get("posts") != found["posts"]:
        print(f"the posts for {key} are not those the digest was made from: not comparable")
        return 2
    differ = [name for name in stored[key] if stored[key][name] != found.get(name)]
    for name in stored[key]:
        mark = "same" if name not in differ else "DIFFERENT"
        print(f"  {name:17} {found.get(name, '-'):44} {mark}")
    print("check: identical to the reference" if not differ else "check: FAILED")
    return 1 if differ else 0


def _report(
    args: argparse.Namespace,
    items: list[RawItem],
    raw_texts: list[str],
    jsonl: Path,
    folder: Path,
) -> None:
    mentions: list[Mention] = []
    stages: dict[str, Callable[[], object]] = {
        "VADER alone": vader_alone(raw_texts),
        "pipeline": pipeline_alone(items, mentions),
        "store": lambda: asyncio.run(_store(_fresh(folder, "store.db"), mentions, BATCH)),
        "collect path": lambda: asyncio.run(_collect(_fresh(folder, "collect.db"), items)),
        "whole import": lambda: asyncio.run(import_file(_fresh(folder, "import.db"), jsonl)),
    }
    if _has_two_cores_loop():
        stages["import, batched"] = lambda: asyncio.run(
            import_file_proposed(_fresh(folder, "import1.db"), jsonl, workers=0)
        )
        stages["import, 2 cores"] = lambda: asyncio.run(
            import_file_proposed(_fresh(folder, "import2.db"), jsonl)
        )
    toml = folder / "crisistui.toml"
    toml.write_text(config_toml(), encoding="utf-8")
    stages["crisistui import"] = lambda: command(_fresh(folder, "command.db"), jsonl, toml)
    best: dict[str, float] = {}
    best_cpu: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, run in stages.items():
            seconds, cpu = _timed(run)
            best[name] = min(best.get(name, math.inf), seconds)
            best_cpu[name] = min(best_cpu.get(name, math.inf), cpu)
    n = len(items)
    langs = sum(1 for _ in {m.lang for m in mentions})
    print(
        f"{n:,} posts ({len(mentions):,} mentions, {langs} languages), best of {args.rounds} "
        "rounds, same process"
    )
    vader = n / best["VADER alone"]
    vader_cpu = best_cpu["VADER alone"]
    print(
        f"  {'stage':16} {'mentions/s':>11} {'× VADER':>8} {'seconds':>8} {'CPU s':>7} "
        f"{'× VADER CPU':>12}"
    )
    for name, seconds in best.items():
        rate, cpu = n / seconds, best_cpu[name]
        print(
            f"  {name:16} {rate:11,.0f} {rate / vader:8.2f} {seconds:8.2f} {cpu:7.2f} "
            f"{vader_cpu / cpu:12.2f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
