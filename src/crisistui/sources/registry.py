"""Builds source objects from the validated config."""

from __future__ import annotations

from datetime import datetime

from crisistui.clock import Clock
from crisistui.config import Config, DemoSourceConfig, RssSourceConfig
from crisistui.sources.base import Source
from crisistui.sources.demo import DemoSource
from crisistui.sources.rss import RssSource


def build_sources(
    config: Config, clock: Clock, demo_origin: datetime | None = None
) -> list[Source]:
    """One source object per ``[[sources]]`` entry."""
    sources: list[Source] = []
    for spec in config.sources:
        keep = spec.effective_filter == "none"
        if isinstance(spec, RssSourceConfig):
            sources.append(RssSource(spec.name, spec.url, spec.interval, keep))
        elif isinstance(spec, DemoSourceConfig):
            origin = demo_origin or clock.now()
            sources.append(DemoSource(spec.name, clock, origin, spec.interval, keep_unmatched=keep))
    return sources
