"""Sentiment per language on labelled posts: macro-F1, share labelled neutral, texts/s.

    python bench/eval_sentiment.py [--split dev|test] [--lang vi] [--errors] [--detect]
    python bench/eval_sentiment.py --split dev --lang es_general   # one set, scored as Spanish
    python bench/eval_sentiment.py --tsv DIR   # DIR/<lang>.tsv or XLM-T style folders

Each line of bench/data/sentiment/<split>/<lang>[_<set>].jsonl is {"text": ..., "label": ...};
the posts were written for this project. The language is the file's unless --detect, which
identifies it as the pipeline would (so identification errors count too). "VADER" is the
baseline: every post scored by VADER with its published ±0.05 thresholds, as before per-language
analysers. Speed is measured side by side in the same run: the per-language scorer with
language identification against VADER alone on the same texts.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from crisistui.config.sentiment import SentimentConfig
from crisistui.domain.models import Sentiment
from crisistui.pipeline.language import LanguageGuess, identify
from crisistui.pipeline.sentiment import SentimentScorer, label
from crisistui.pipeline.sentiment.calibrate import macro_f1
from crisistui.pipeline.sentiment.vader import analyzer, vader

DATA = Path(__file__).parent / "data" / "sentiment"
UMSAB = {
    "arabic": "ar", "english": "en", "french": "fr", "german": "de", "hindi": "hi",
    "italian": "it", "portuguese": "pt", "spanish": "es",
}  # fmt: skip
UMSAB_LABELS = {"0": Sentiment.NEGATIVE, "1": Sentiment.NEUTRAL, "2": Sentiment.POSITIVE}


def load_split(split: str) -> dict[str, list[tuple[str, Sentiment]]]:
    sets: dict[str, list[tuple[str, Sentiment]]] = {}
    for path in sorted((DATA / split).glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        sets[path.stem] = [(r["text"], Sentiment(r["label"])) for r in rows]
    return sets


def load_xlmt(folder: Path, split: str) -> dict[str, list[tuple[str, Sentiment]]]:
    """XLM-T/UMSAB folders (train or val split only: never tune or look at test)."""
    assert split in ("train", "val"), "only train/val splits of public benchmarks"
    sets = {}
    for name, code in UMSAB.items():
        texts = (folder / name / f"{split}_text.txt").read_text().splitlines()
        gold = (folder / name / f"{split}_labels.txt").read_text().splitlines()
        sets[code] = [(t, UMSAB_LABELS[g.strip()]) for t, g in zip(texts, gold, strict=True)]
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    parser.add_argument("--lang", action="append")
    parser.add_argument("--errors", action="store_true", help="print misclassified posts")
    parser.add_argument("--detect", action="store_true", help="identify each post's language")
    parser.add_argument(
        "--as",
        dest="as_lang",
        metavar="LANG",
        help="score every post as language LANG (for files named other than by their language)",
    )
    parser.add_argument("--xlmt", type=Path, help="XLM-T data/sentiment folder (train/val)")
    parser.add_argument(
        "--analyser", choices=["auto", "learned"], default="auto", help="[sentiment] analyser"
    )
    args = parser.parse_args()
    sets = load_xlmt(args.xlmt, args.split) if args.xlmt else load_split(args.split)
    if args.lang:
        sets = {k: v for k, v in sets.items() if k in args.lang}
    settings = SentimentConfig(analyser=args.analyser)
    scorer = SentimentScorer(settings)
    library = analyzer()  # the library's VADER, as every language was scored before

    def baseline_score(text: str) -> float:
        return float(library.polarity_scores(text)["compound"])

    vader_alone = vader().compound  # the library's rules, faster: the yardstick of speed
    print(f"{'lang':5} {'n':>5} {'macro-F1':>8} {'neutral':>8} {'gold neu':>8} "
          f"{'VADER F1':>8} {'VADER neu':>9} {'detected':>8}")  # fmt: skip
    all_texts: list[str] = []
    f1s: list[float] = []
    neutral_shares: list[float] = []
    for lang, rows in sets.items():
        texts = [t for t, _ in rows]
        gold = [g for _, g in rows]
        all_texts += texts
        code_of_file = args.as_lang or lang.split("_")[0]  # es_general: Spanish posts
        guesses = [identify(t) if args.detect else LanguageGuess(code_of_file, 1.0) for t in texts]
        langs = [guess.code for guess in guesses]
        predicted = [scorer.score_guess(t, g).label for t, g in zip(texts, guesses, strict=True)]
        baseline = [label(baseline_score(t), 0.05, -0.05) for t in texts]
        neutral = sum(p in (Sentiment.NEUTRAL, Sentiment.UNSCORED) for p in predicted)
        base_neutral = sum(p is Sentiment.NEUTRAL for p in baseline)
        right_lang = sum(code == code_of_file for code in langs) / len(langs)
        f1s.append(macro_f1(gold, predicted))
        neutral_shares.append(neutral / len(rows))
        print(
            f"{lang:5} {len(rows):5d} {macro_f1(gold, predicted):8.3f} "
            f"{neutral / len(rows):8.0%} {gold.count(Sentiment.NEUTRAL) / len(rows):8.0%} "
            f"{macro_f1(gold, baseline):8.3f} {base_neutral / len(rows):9.0%} {right_lang:8.0%}"
        )
        if args.errors:
            for text, g, p, guess in zip(texts, gold, predicted, guesses, strict=True):
                if g is not p:
                    score = scorer.score_guess(text, guess).score
                    said = f"gold {g.value:8} got {p.value:8} {score:+.2f} [{guess.code}]"
                    print(f"    {said} {text}")
    if len(f1s) > 1:
        print(f"{'mean':5} {'':5} {sum(f1s) / len(f1s):8.3f} "
              f"{sum(neutral_shares) / len(neutral_shares):8.1%}")  # fmt: skip
    # speed, side by side on the same texts, every model and lexicon loaded first
    for text in all_texts:
        scorer.score_guess(text, identify(text))
    start = time.perf_counter()
    for text in all_texts:
        vader_alone(text)
    vader_rate = len(all_texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for text in all_texts:
        scorer.score_guess(text, identify(text))
    rate = len(all_texts) / (time.perf_counter() - start)
    print(
        f"\nspeed on {len(all_texts)} texts: identify+score {rate:,.0f}/s, "
        f"VADER alone {vader_rate:,.0f}/s, ratio {rate / vader_rate:.2f}"
    )


if __name__ == "__main__":
    main()
