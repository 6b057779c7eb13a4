"""How many notices the console keeps on screen at once.

Each step of a response says what it did ("Saved", "Approval requested", "Approved; task
ticked"), and at 80×24 three or four such notices stacked over the statement an approver was
reading. The newest are kept: a short screen shows two, a taller one four; an older error is
kept before an older piece of news.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import Notify, SeverityLevel

from crisistui.tui.format import steady_width

SHORT_SCREEN_ROWS = 30
"""Screens with fewer rows than this keep ``SHORT_SCREEN_NOTICES``."""
SHORT_SCREEN_NOTICES = 2
NOTICES = 4


class NoticeCap(App[None]):
    """Mixed into the console: at most a few notices at once, the oldest news going first."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notice in the cells every terminal draws it in: one that repeats what someone
        typed ("'👍🏽' has no letters or digits to look for") moved its border."""
        message, title = steady_width(message), steady_width(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _on_notify(self, event: Notify) -> None:
        super()._on_notify(event)
        cap = SHORT_SCREEN_NOTICES if self.size.height < SHORT_SCREEN_ROWS else NOTICES
        shown = list(self._notifications)
        over = len(shown) - cap
        if over <= 0:
            return
        older = shown[:-1]  # the one just added always stays
        news = [n for n in older if n.severity == "information"]
        for notice in (news + [n for n in older if n not in news])[:over]:
            self._unnotify(notice, refresh=False)
        self._refresh_notifications()
