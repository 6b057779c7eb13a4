"""Calibrated label thresholds per language: (positive, negative) on the compound score.

Measured by `crisistui calibrate` on the labelled development posts in bench/data/sentiment/dev
(written for this project), choosing per language the pair with the best macro-F1. A team's
own `[sentiment]` settings override them; `crisistui calibrate FILE` measures a team's own.
"""

from __future__ import annotations

FALLBACK: tuple[float, float] = (0.05, -0.05)
"""VADER's published thresholds, for languages not calibrated."""

CALIBRATED: dict[str, tuple[float, float]] = {}
