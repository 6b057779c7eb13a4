"""Trigger-term scan per mention (`import`, `backtest`, every poll): the built-in lists.

Run ``python bench/trigger_scan.py [--texts 20000]``. Every stored mention is scanned for
the built-in trigger terms of every language (over a thousand). The texts are the busy week's
(``bench/bigdb.py``: everyday and outage talk about three airlines); the matcher's time per
text (an Aho–Corasick automaton) is printed next to the regex alternation it replaced (every
term in one pattern, the word edge checked once per position), measured in the same run on
the same texts, and the hits of both are compared.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bigdb import SUBJECTS, _text
from crisistui.config.triggers import effective_triggers
from crisistui.domain.text import fold
from crisistui.pipeline.terms import any_phrase, phrase_regex
from crisistui.pipeline.triggers import TriggerHit, TriggerMatcher


def _alternation(terms: dict[str, list[str]]) -> Callable[[str], tuple[TriggerHit, ...]]:
    """The matcher as it was: one regex alternation of every term, longest first."""
    owners: dict[str, list[TriggerHit]] = {}
    for kind, kind_terms in terms.items():
        for term in kind_terms:
            key = " ".join(fold(term).split())
            if key.rstrip("*") and (kind, term) not in owners.get(key, []):
                owners.setdefault(key, []).append((kind, term))
    keys = sorted(owners, key=lambda k: (-len(k.rstrip("*")), k))
    ordered = [owners[k] for k in keys]
    alternatives = [
        phrase_regex(k.rstrip("*"), prefix=k.endswith("*"), edge_before=False) for k in keys
    ]
    pattern = re.compile(any_phrase([f"(?P<t{i}>{a})" for i, a in enumerate(alternatives)]))

    def find(text: str) -> tuple[TriggerHit, ...]:
        found: dict[TriggerHit, None] = {}
        for match in pattern.finditer(fold(text)):
            group = match.lastgroup
            for hit in ordered[int(group[1:])] if group else ():
                found[hit] = None
        return tuple(found)

    return find


def _timed(find: Callable[[str], object], texts: list[str]) -> tuple[float, list[object]]:
    runs, hits = [], []
    for _ in range(3):
        started = time.perf_counter()
        hits = [find(text) for text in texts]
        runs.append((time.perf_counter() - started) / len(texts) * 1e6)
    return statistics.median(runs), hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    args = parser.parse_args(argv)
    rng = random.Random(11)
    texts = [
        _text(
            rng,
            rng.choice(("negative", "neutral", "positive")),
            rng.choice(SUBJECTS)[2],
            crisis=rng.random() < 0.2,
        )
        for _ in range(args.texts)
    ]
    terms = effective_triggers({})
    matcher = TriggerMatcher(terms)
    old_us, old_hits = _timed(_alternation(terms), texts)
    new_us, new_hits = _timed(matcher.find, texts)
    assert new_hits == old_hits, "the scan must find the same terms"
    holding = sum(1 for hit in new_hits if hit)
    print(f"{len(texts):,} texts, {holding:,} holding a trigger term; same hits both ways")
    count = sum(len(v) for v in terms.values())
    print(f"{count:,} built-in terms")
    print(f"regex alternation (before)   {old_us:9.1f} µs per text")
    print(f"Aho–Corasick automaton       {new_us:9.1f} µs per text = {new_us / old_us:.3f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
