"""Builds source objects from the validated config."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from crisistui.config import (
    BlueskySourceConfig,
    Config,
    DemoSourceConfig,
    HackerNewsSourceConfig,
    JsonSourceConfig,
    MastodonSourceConfig,
    RedditSourceConfig,
    RssSourceConfig,
)
from crisistui.domain.clock import Clock
from crisistui.sources.base import Source


def build_sources(
    config: Config,
    clock: Clock,
    demo_origin: datetime | None = None,
    environ: Mapping[str, str] = os.environ,
) -> list[Source]:
    """One source object per ``[[sources]]`` entry, in config order."""
    sources: list[Source] = []
    for spec in config.sources:
        keep = spec.effective_filter == "none"
        if isinstance(spec, RssSourceConfig):
            from crisistui.sources.rss import RssSource

            zone = ZoneInfo(spec.time_zone) if spec.time_zone else None
            sources.append(
                RssSource(spec.name, spec.url, spec.interval, keep, now=clock.now, zone=zone)
            )
        elif isinstance(spec, MastodonSourceConfig):
            from crisistui.sources.mastodon import MastodonSource

            sources.append(MastodonSource(spec, environ))
        elif isinstance(spec, BlueskySourceConfig):
            from crisistui.sources.bluesky import BlueskySource

            sources.append(BlueskySource(spec, environ))
        elif isinstance(spec, RedditSourceConfig):
            from crisistui.sources.reddit import RedditSource

            sources.append(RedditSource(spec, environ))
        elif isinstance(spec, HackerNewsSourceConfig):
            from crisistui.sources.hackernews import HackerNewsSource

            sources.append(HackerNewsSource(spec, environ))
        elif isinstance(spec, JsonSourceConfig):
            from crisistui.sources.jsonapi import JsonSource

            sources.append(JsonSource(spec, environ))
        elif isinstance(spec, DemoSourceConfig):
            from crisistui.sources.demo import DemoSource

            origin = demo_origin or clock.now()
            sources.append(DemoSource(spec.name, clock, origin, spec.interval, keep_unmatched=keep))
    return sources
