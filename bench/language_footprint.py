"""What the language data costs: start-up and resident memory with ten languages active.

    python bench/language_footprint.py

Prints the time to import the pipeline, to load the language identifier, and to load each
language's analyser on its first mention (lexicons are read lazily), and the resident memory
before and after ten languages are active, and after identifying every labelled post,
measured in this process.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "sentiment"


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    base = rss_mb()
    start = time.perf_counter()
    from crisistui.pipeline.language import identify
    from crisistui.pipeline.sentiment import SentimentScorer

    imported = time.perf_counter() - start
    after_import = rss_mb()
    start = time.perf_counter()
    identify("Ceci n'est pas de l'anglais")  # (plain English is told without py3langid)
    identifier = time.perf_counter() - start
    after_identifier = rss_mb()
    scorer = SentimentScorer()
    languages = ["en", "vi", "tl", "ru", "fa", "zh", "es", "ar", "hi", "ja"]
    loads = []
    for lang in languages:
        start = time.perf_counter()
        scorer.score("ok", lang)
        loads.append((lang, time.perf_counter() - start))
    after_languages = rss_mb()
    print(f"import of the pipeline: {imported * 1000:.0f} ms, +{after_import - base:.0f} MB")
    print(
        f"language identifier (py3langid) load: {identifier * 1000:.0f} ms, "
        f"+{after_identifier - after_import:.0f} MB"
    )
    print(
        "first mention per language: " + ", ".join(f"{code} {t * 1000:.0f} ms" for code, t in loads)
    )
    total = sum(t for _, t in loads)
    print(
        f"ten languages active: {total * 1000:.0f} ms to load, "
        f"+{after_languages - after_identifier:.1f} MB resident for their data "
        f"({after_languages:.0f} MB for the whole process)"
    )
    posts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*/*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for text in posts:
        identify(text)
    print(
        f"after identifying the {len(posts):,} labelled posts of bench/data/sentiment: "
        f"{rss_mb():.0f} MB for the whole process (the identifier's tables are mapped from "
        "its cache: only the pages read are resident, shared by every process)"
    )


if __name__ == "__main__":
    main()
