"""Turns raw items into scored mentions: normalise → match → language → sentiment."""

from crisistui.pipeline.process import Pipeline

__all__ = ["Pipeline"]
