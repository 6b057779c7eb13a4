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
            if not apprise.Apprise().add(url):
                scheme = url.split("://", 1)[0] if "://" in url else "(no scheme)"
                problems.append(
                    f"alerts.urls_env: {name} holds a {scheme}:// URL that is not a valid "
                    "Apprise URL; no alert goes to it"
                )
    return problems


class AppriseChannel:
    """Sends one title/body to every configured URL."""

    def __init__(self, urls: list[str], retries: int = 2, timeout: float = 20.0) -> None:
        self._apprise = apprise.Apprise()
        self.rejected: list[str] = []
        for url in urls:
            if not self._apprise.add(url):
                scheme = url.split("://", 1)[0]
                self.rejected.append(f"{scheme}://… is not a valid Apprise URL")
        self.retries = retries
        self.timeout = timeout

    def __len__(self) -> int:
        return len(self._apprise)

    async def send(self, title: str, body: str) -> str | None:
        """None on success, else why it failed (after the retries)."""
        if not len(self._apprise):
            return "no valid Apprise URL"
        problem = "not sent"
        for attempt in range(self.retries + 1):
            try:
                ok = await asyncio.wait_for(
                    asyncio.to_thread(self._apprise.notify, title=title, body=body),
                    self.timeout,
                )
            except TimeoutError:
                problem = f"no answer within {self.timeout:g}s"
            except Exception as exc:  # a broken plugin must not take the caller down
                problem = f"{exc.__class__.__name__}: {exc}"
            else:
                if ok:
                    return None
                problem = "a channel refused the notification"
            log.warning("alert attempt %d failed: %s", attempt + 1, problem)
            if attempt < self.retries:
                await asyncio.sleep(min(2.0**attempt, 10.0))
        return problem
