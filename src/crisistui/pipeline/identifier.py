"""py3langid's answers, to the last bit, for a fraction of its cost.

py3langid reads a text byte by byte through a feature automaton in Python, which costs as much
as scoring what it found. The automaton's state at a space and the next word decide every
feature that word yields and the state after it, so each (state, word) is walked once and
remembered: social posts repeat their words endlessly. The scoring is py3langid's own, the same
array operations in the same order on the same features, so every probability is the
library's own. A py3langid without the parts read here is asked directly.

Its model ships LZMA-compressed, and unpacking it took half a second of every process that
identifies a language (the console, ``import`` and each of its workers). ``prepared`` keeps the
unpacked, restricted tables in the user's cache directory once (``pipeline.unpacked``), and
maps them from there: the same numbers, read in milliseconds and shared by every process.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import shutil
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

MAX_REMEMBERED_WORDS = 30_000
"""Words remembered with the automaton state before them (a few MB); the frequent ones are far
fewer, so forgetting them all now and then costs little."""

PREPARED_FORMAT = 1
"""Bumped whenever what ``prepared`` stores changes, so an older cache is never read."""
_TABLES = ("ptc", "pc", "classes", "nextmove", "row", "output")

_NEEDED = ("tk_nextmove", "_rowbase", "tk_output", "nb_ptc", "nb_pc", "nb_classes")
_NEEDED += ("_alias_pairs", "_norm_probs", "_encode", "min_confidence")


class FastIdentifier:
    """``classify`` and ``rank`` as ``py3langid.LanguageIdentifier``'s, for one restricted to
    its languages beforehand (``set_languages``) and with ``norm_probs``."""

    def __init__(self, identifier: Any) -> None:
        self.identifier = identifier
        self._exact = all(hasattr(identifier, name) for name in _NEEDED) and bool(
            identifier._norm_probs
        )
        self._words: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}
        self._ends: dict[tuple[int, bytes], tuple[int, ...]] = {}

    def classify(self, text: str) -> tuple[str, float]:
        """The likeliest language and its probability."""
        if not self._exact or self.identifier.min_confidence is not None:
            lang, probability = self.identifier.classify(text)
            return str(lang), float(probability)
        scores = self._decide(text)
        i = int(scores.argmax())
        return self.identifier.nb_classes[i], float(scores[i])

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every language with its probability, likeliest first."""
        if not self._exact:
            return [(str(lang), float(p)) for lang, p in self.identifier.rank(text)]
        merged: dict[str, float] = {}
        scores = self._decide(text).tolist()
        for lang, score in zip(self.identifier.nb_classes, scores, strict=True):
            merged.setdefault(lang, score)
        return sorted(merged.items(), key=itemgetter(1), reverse=True)

    def _decide(self, text: str) -> Any:
        """``LanguageIdentifier._decide``: a probability per class."""
        identifier = self.identifier
        data = identifier._encode(text)
        found = self._features(data)
        if found:
            visits = Counter(found)
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            scores = np.log1p(counts) @ identifier.nb_ptc[idx] + identifier.nb_pc
        else:
            scores = np.full(len(identifier.nb_classes), 0.0, dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for i, j in identifier._alias_pairs:
            scores[i] += scores[j]
            scores[j] = 0.0
        return scores

    def _features(self, data: bytes) -> list[int]:
        """The features the automaton emits over ``data``, in order (``visit_counts``'s)."""
        found: list[int] = []
        pieces = data.split(b" ")
        last = pieces.pop()
        words, state = self._words, 0
        for piece in pieces:
            key = (state, piece)
            known = words.get(key)
            if known is None:
                if len(words) >= MAX_REMEMBERED_WORDS:
                    words.clear()
                known = words[key] = self._walk(state, piece + b" ")
            state = known[0]
            found += known[1]
        if last:
            key = (state, last)
            tail = self._ends.get(key)
            if tail is None:
                if len(self._ends) >= MAX_REMEMBERED_WORDS:
                    self._ends.clear()
                tail = self._ends[key] = self._walk(state, last)[1]
            found += tail
        return found

    def _walk(self, state: int, data: bytes) -> tuple[int, tuple[int, ...]]:
        """The state after ``data`` from ``state``, and the features emitted on the way."""
        identifier = self.identifier
        nextmove, rowbase = identifier.tk_nextmove, identifier._rowbase
        output = identifier.tk_output
        emitted: list[int] = []
        for letter in data:
            state = nextmove[rowbase[state] + letter]
            feature = output[state]
            if feature >= 0:
                emitted.append(feature)
        return state, tuple(emitted)


def prepared(excluded: Iterable[str], cache: Path | None) -> Any:
    """py3langid's identifier with normalised probabilities, restricted to its languages but
    ``excluded``, its feature table laid out by rows (each text reads a few dozen rows: laid
    out by columns, that read costs ten times more). Read from ``cache`` when a copy made
    from the same model is there; made, and left there for next time, otherwise."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    excluded = frozenset(excluded)
    model = Path(MODEL_DIR) / MODEL_FILE
    folder = None
    if cache is not None:
        with contextlib.suppress(OSError):
            stat = model.stat()
            key = f"{PREPARED_FORMAT}|{model}|{stat.st_size}|{stat.st_mtime_ns}|{sorted(excluded)}"
            folder = cache / f"langid-{hashlib.sha256(key.encode()).hexdigest()[:20]}"
    if folder is not None and folder.is_dir():
        with contextlib.suppress(Exception):  # unreadable or damaged: made afresh below
            return _read(folder, LanguageIdentifier)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([c for c in identifier.nb_classes if c not in excluded])
    identifier.nb_ptc = np.ascontiguousarray(identifier.nb_ptc)
    if folder is not None:
        with contextlib.suppress(Exception):  # a read-only or full disk only costs the time
            _write(folder, identifier)
    return identifier


def _read(folder: Path, kind: Any) -> Any:
    tables = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _TABLES}
    features, classes = tables["ptc"].shape
    if not (
        classes == len(tables["pc"]) == len(tables["classes"])
        and len(tables["row"]) == len(tables["output"])
        and len(tables["nextmove"]) % 256 == 0
        and int(tables["output"].max()) < features
    ):
        raise ValueError(f"{folder}: tables that do not fit together")
    # the automaton's moves (39 MB) are read in place from the mapped file: a process holds
    # only the pages its texts reach, and every process shares them
    nextmove = memoryview(tables["nextmove"]).cast("B").cast(tables["nextmove"].dtype.char)
    row = array(str(tables["row"].dtype.char))
    row.frombytes(memoryview(tables["row"]).cast("B"))
    return kind(
        np.asarray(tables["ptc"]),
        np.array(tables["pc"]),
        [str(c) for c in tables["classes"].tolist()],
        nextmove,
        tables["output"].tolist(),
        norm_probs=True,
        tk_row=row,
    )


def _write(folder: Path, identifier: Any) -> None:
    tables = {
        "ptc": np.ascontiguousarray(identifier.nb_ptc),
        "pc": np.asarray(identifier.nb_pc),
        "classes": np.array(identifier.nb_classes),
        "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=identifier.tk_nextmove.typecode),
        "row": np.frombuffer(identifier.tk_row, dtype=identifier.tk_row.typecode),
        "output": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
    try:
        for name, table in tables.items():
            np.save(staging / f"{name}.npy", table, allow_pickle=False)
        os.rename(staging, folder)  # whole or not at all; another process may have won
    finally:
        shutil.rmtree(staging, ignore_errors=True)
