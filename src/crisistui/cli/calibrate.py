"""`crisistui calibrate FILE`: measure sentiment on a team's own labelled mentions and choose
each language's thresholds.

Each line of FILE is a JSON object with ``text`` and ``label`` (negative, neutral or positive)
and optionally ``lang``; an exported mention file with a ``label`` column corrected by hand
works. Per language it prints macro-F1 and the share labelled neutral with the thresholds in
force, then with the best thresholds, and the `[sentiment.languages.*]` tables to paste into
the config; ``--errors`` also lists each post read otherwise than labelled, with its score
(what a lexicon or threshold would have to change). Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from crisistui.cli.common import EXIT_PARTIAL, EXIT_USAGE, config_from_args, err
from crisistui.config import ConfigError
from crisistui.domain.languages import iso_code, language_name
from crisistui.domain.models import Sentiment
from crisistui.domain.text import plain_field
from crisistui.pipeline.language import as_read, identify, readings
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.sentiment.calibrate import best_thresholds, labels, macro_f1

MIN_POSTS = 30
"""Fewer labelled posts than this in a language choose thresholds by chance."""
GOLD = {
    **{s.value: s for s in (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)},
    **{"neg": Sentiment.NEGATIVE, "neu": Sentiment.NEUTRAL, "pos": Sentiment.POSITIVE},
    **{"-": Sentiment.NEGATIVE, "0": Sentiment.NEUTRAL, "+": Sentiment.POSITIVE},
}
"""A post's label as teams export it: in full, or short as the feed filter takes it."""


Posts = dict[str | None, list[tuple[str, Sentiment, str]]]
"""Per language: each post's text, its label, and the text as that language's analyser reads it
(``language.as_read``)."""


def plain_line(text: str) -> str:
    """A stranger's post as one line of plain text, no escapes, at most 200 characters."""
    return plain_field(text, 200) or ""


Reads = Callable[[str], bool]
"""Whether an analyser reads a language (``SentimentScorer.reads``)."""


def _read(path: str, reads: Reads, unnamed: Callable[[str], str]) -> tuple[Posts, int]:
    """The labelled posts by the language whose analyser and thresholds score them (a
    language nothing reads is read in a relative or a likely one, as the pipeline does), and
    how many lines were skipped (each said on stderr). Each is read as the pipeline reads a
    mention: without the brand's and competitors' names (``unnamed``), which tell neither
    sentiment nor language; read with them, "Happy Bank moved my branch" was praise here
    and neutral once collected, and the figures described no real scoring."""
    if path == "-":
        return _posts(sys.stdin, path, reads, unnamed)
    with Path(path).open(encoding="utf-8") as handle:
        return _posts(handle, path, reads, unnamed)


def _posts(
    handle: TextIO, path: str, reads: Reads, unnamed: Callable[[str], str]
) -> tuple[Posts, int]:
    posts: Posts = defaultdict(list)
    skipped = 0
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        found = _post(line)
        if isinstance(found, str):
            err(f"{path}:{number}: skipped: {found}")
            skipped += 1
            continue
        text, gold, tag = found
        if tag is not None and iso_code(tag) is None:
            err(f'{path}:{number}: "lang" {tag[:40]!r} names no language: taken from the text')
            tag = None
        read = unnamed(text)
        guess = identify(read, tag)
        lang = next((reading.lang for reading in readings(read, guess, reads)), guess.code)
        posts[lang].append((text, gold, as_read(guess.code, lang, read)))
    return posts, skipped


def _post(line: str) -> tuple[str, Sentiment, str | None] | str:
    """A line's text, label and language tag, or what is wrong with it."""
    try:
        row = json.loads(line)
    except RecursionError:
        return "not JSON (nested too deeply)"
    except ValueError as exc:
        reason = getattr(exc, "msg", str(exc))
        column = getattr(exc, "colno", None)
        return f"not JSON ({reason}{f' at column {column}' if column else ''})"
    if not isinstance(row, dict):
        return "not a JSON object"
    text, label, tag = row.get("text"), row.get("label"), row.get("lang")
    if not isinstance(text, str) or not text.strip():
        return '"text" is missing or empty'
    gold = GOLD.get(label.strip().lower()) if isinstance(label, str) else None
    if gold is None:
        shown = repr(label)[:40] if label is not None else "missing"
        return f'"label" must be negative, neutral or positive (or neg, neu, pos), not {shown}'
    return text, gold, tag if isinstance(tag, str) and tag.strip() else None


def cmd_calibrate(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args, required=False)
        scorer = SentimentScorer(config.sentiment, config.name_terms)
        posts, skipped = _read(args.file, scorer.reads, scorer.without_names)
    except ConfigError as exc:
        err(str(exc))
        return EXIT_USAGE
    except OSError as exc:  # as import and backtest say it
        err(f"{args.file}: cannot read: {exc.strerror or exc}")
        return EXIT_USAGE
    if not posts:
        err(f"{args.file}: no labelled posts")
        return EXIT_USAGE
    print(f"{'language':22} {'posts':>5}  {'now F1':>6} {'neutral':>7}  "
          f"{'best F1':>7} {'neutral':>7}  thresholds")  # fmt: skip
    tables = []
    wrong: list[str] = []
    for lang, rows in sorted(posts.items(), key=lambda item: -len(item[1])):
        name = f"{language_name(lang)} ({lang})" if lang else language_name(lang)
        if scorer.analyser(lang) is None:
            print(f"{name:22} {len(rows):5d}  unscored: no analyser reads this language")
            continue
        scores = [scorer.score(read, lang).score for _, _, read in rows]
        gold = [g for _, g, _ in rows]
        positive, negative = scorer.thresholds(lang)
        now = labels(scores, positive, negative)
        share = now.count(Sentiment.NEUTRAL) / len(now)
        if args.errors:
            wrong += [
                f"{lang}  {g.value:>8} read {said.value:<8} {score:+.3f}  {plain_line(text)}"
                for (text, g, _), said, score in zip(rows, now, scores, strict=True)
                if said is not g
            ]
        line = f"{name:22} {len(rows):5d}  {macro_f1(gold, now):6.3f} {share:7.0%}  "
        if len(rows) < MIN_POSTS or lang is None:
            print(line + f"(at least {MIN_POSTS} posts are needed to choose thresholds)")
            continue
        best = best_thresholds(scores, gold, args.max_neutral)
        print(
            line + f"{best.macro_f1:7.3f} {best.neutral_share:7.0%}  "
            f"positive ≥ {best.positive:.2f}, negative ≤ {best.negative:.2f}"
        )
        tables.append(
            f"[sentiment.languages.{lang}]\npositive = {best.positive:.2f}\n"
            f"negative = {best.negative:.2f}\n"
        )
    if tables:
        print("\n# Paste into the config to use the best thresholds:\n")
        print("\n".join(tables), end="")
    if args.errors:
        print(f"\n# {len(wrong)} posts read otherwise than labelled (thresholds in force):")
        print("\n".join(wrong))
    if skipped:  # measured on what was read, but not on everything given: say so in the code
        err(f"{args.file}: {skipped} line{'s' if skipped != 1 else ''} skipped")
        return EXIT_PARTIAL
    return 0
