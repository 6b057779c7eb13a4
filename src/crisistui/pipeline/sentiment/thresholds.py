"""Label thresholds per language: (positive, negative) on the compound score.

Calibrated with `crisistui calibrate` on the labelled development posts in
bench/data/sentiment/dev (written for this project). For English, VADER's published ±0.05
scored best within 0.003 macro-F1 of every other pair on 300 posts, so it stays. The lexicon
languages' development posts were written beside their lexicons, so thresholds chosen on them
would be fitted to the lexicons' own authors: those languages keep ±0.05 too, which labels a
post by whether its words lean one way at all. A team's own labelled mentions are the better
guide: `crisistui calibrate FILE` prints the tables to paste into `[sentiment.languages.*]`.

On real tweets (XLM-T's train split, measured and never fitted: its data's licences are unclear)
the share labelled neutral is the share of posts in which the lexicon finds no word at all, which
no threshold moves; the best thresholds per language there would buy at most 0.03 macro-F1.
"""

from __future__ import annotations

FALLBACK: tuple[float, float] = (0.05, -0.05)
"""VADER's published thresholds."""

CALIBRATED: dict[str, tuple[float, float]] = {}
"""Languages whose calibration moved them away from ``FALLBACK`` (none at present)."""
