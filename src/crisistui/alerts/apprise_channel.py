"""Outgoing notifications through Apprise (Slack, Teams, email, ntfy, webhooks, …).

URLs are read from environment variables named in config, so secrets never sit in the config
file or the database. Sending runs in a worker thread with retries and a deadline, so a dead
channel can never block the console or the collector.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import apprise

log = logging.getLogger(__name__)


def urls_from_env(names: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Apprise URLs from the named variables; each may hold several, space or comma separated."""
    urls: list[str] = []
    for name in names:
        urls += [u for u in re.split(r"[\s,]+", environ.get(name, "")) if u]
    return urls


def channel_problems(names: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Why alerts would not go where config says: a variable unset or empty, or holding
    something Apprise cannot send to. Said at start-up, not found out on the bad day."""
    problems: list[str] = []
    for name in names:
        urls = urls_from_env([name], environ)
        if not urls:
            state = "is not set" if name not in environ else "is empty"
            problems.append(f"alerts.urls_env: {name} {state}; no alert goes through it")
            continue
        for url in urls:
            import apprise  # loaded when a URL is there to check: start-up pays it otherwise

            if not apprise.Apprise().add(url):
                scheme = url.split("://", 1)[0] if "://" in url else "(no scheme)"
                problems.append(
                    f"alerts.urls_env: {name} holds a {scheme}:// URL that is not a valid "
                    "Apprise URL; no alert goes to it"
                )
    return problems


@dataclass(frozen=True)
class Delivery:
    """What became of one alert on one channel."""

    channel: str
    """The URL with its secrets masked (``slack://T...2/A...D/…``), for the timeline."""
    problem: str | None = None
    """None when the channel took it, else why not (after its retries)."""


class AppriseChannel:
    """Sends one title/body to every configured URL, each on its own: a dead URL is retried
    alone, so the channels that work receive each alert once, and each outcome is its own."""

    def __init__(
        self, urls: list[str], retries: int = 2, timeout: float = 20.0, backoff: float = 1.0
    ) -> None:
        self._targets: list[tuple[str, apprise.Apprise]] = []
        self.rejected: list[str] = []
        for url in urls:
            import apprise  # loaded with the first URL: a console without alerts never pays it

            target = apprise.Apprise()
            if not target.add(url):
                scheme = url.split("://", 1)[0]
                self.rejected.append(f"{scheme}://… is not a valid Apprise URL")
                continue
            self._targets.append((_masked(target), target))
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        """Seconds before the first retry; doubled for each next one, at most 10 s."""

    def __len__(self) -> int:
        return len(self._targets)

    async def send(self, title: str, body: str) -> list[Delivery]:
        """Every channel at once; one delivery per channel (none if there is no valid URL)."""
        return list(
            await asyncio.gather(
                *(self._send_one(label, target, title, body) for label, target in self._targets)
            )
        )

    async def _send_one(
        self, label: str, target: apprise.Apprise, title: str, body: str
    ) -> Delivery:
        import apprise

        problem = "not sent"
        for attempt in range(self.retries + 1):
            try:
                ok = await asyncio.wait_for(
                    asyncio.to_thread(
                        # Plain text, which Apprise escapes for a channel that renders HTML or
                        # Markdown: the body names strangers (`<b>`, `[x](javascript:…)`).
                        target.notify,
                        title=title,
                        body=body,
                        body_format=apprise.NotifyFormat.TEXT,
                    ),
                    self.timeout,
                )
            except TimeoutError:
                problem = f"no answer within {self.timeout:g}s"
            except Exception as exc:  # a broken plugin must not take the caller down
                problem = f"{exc.__class__.__name__}: {exc}"
            else:
                if ok:
                    return Delivery(label)
                problem = "the service refused the notification"
            log.warning("alert to %s, attempt %d failed: %s", label, attempt + 1, problem)
            if attempt < self.retries:
                await asyncio.sleep(min(self.backoff * 2.0**attempt, 10.0))
        return Delivery(label, problem)


def _masked(target: apprise.Apprise) -> str:
    """A channel's URL as Apprise prints it with privacy on, without its query string."""
    try:
        return str(target[0].url(privacy=True)).split("?", 1)[0]
    except Exception:  # a plugin that cannot print itself still sends
        return "an alert channel"
