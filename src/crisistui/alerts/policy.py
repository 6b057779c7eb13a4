"""When a level change becomes an outgoing alert: threshold, cool-down and a frequency cap.

Alert floods are the first complaint about monitoring tools, so repeats are throttled; an
escalation to a level not yet announced always goes out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crisistui.analysis.severity import Level
from crisistui.config import AlertsConfig


@dataclass
class AlertPolicy:
    """Remembers what was sent, to decide about the next change."""

    settings: AlertsConfig
    _sent: deque[datetime] = field(default_factory=deque)
    _last_sent: dict[Level, datetime] = field(default_factory=dict)
    _announced: Level = Level.NORMAL

    @property
    def threshold(self) -> Level:
        return Level[self.settings.min_level.upper()]

    def decide(self, before: Level, after: Level, now: datetime) -> str | None:
        """``None`` to send, or the reason this change is not sent."""
        threshold = self.threshold
        rising = after > before
        if rising and after < threshold:
            return f"below the alert level ({threshold.label})"
        if not rising:
            if not (before >= threshold > after and self.settings.notify_recovery):
                return "not a recovery worth announcing"
            if self._announced < threshold:
                return "nothing was announced"
        escalation = rising and after > self._announced
        hour_ago = now - timedelta(hours=1)
        while self._sent and self._sent[0] < hour_ago:
            self._sent.popleft()
        if not escalation:
            last = self._last_sent.get(after)
            cooldown = timedelta(minutes=self.settings.cooldown_minutes)
            if last is not None and now - last < cooldown:
                return f"cool-down ({self.settings.cooldown_minutes:g} min)"
            if len(self._sent) >= self.settings.max_per_hour:
                return f"at most {self.settings.max_per_hour} alerts per hour"
        self._sent.append(now)
        self._last_sent[after] = now
        self._announced = after if rising else Level.NORMAL
        return None

    def remember(self, level: Level, at: datetime) -> None:
        """An alert for ``level`` went out at ``at`` from an earlier run (the timeline says
        so): its cool-down, the hourly cap and a later recovery count it as this run's own.
        A level below the alert level was never sent, so there is nothing to remember."""
        if level < self.threshold:
            return
        self._sent.append(at)
        self._last_sent[level] = at
        self._announced = level
