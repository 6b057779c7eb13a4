"""`A`: the alerts list: level changes and what became of each alert, newest first.

The timeline view filtered to the events an on-call person asks about ("what fired, when, and
did Slack get it?"): ``severity.changed``, ``alert.sent``, ``alert.failed`` and
``alert.suppressed``.
"""

from __future__ import annotations

from textual.binding import Binding

from crisistui.analysis.severity import Level
from crisistui.tui.screens.timeline import TimelineScreen

ALERT_KINDS = ("severity.changed", "alert.sent", "alert.failed", "alert.suppressed")


class AlertsScreen(TimelineScreen):
    """Alert events only, newest at the top."""

    TABLE_TITLE = "Alerts (level changes and sends, newest first)"
    EMPTY = (
        "No alerts yet: the gauge has stayed normal. Each change of level, and each alert "
        "sent, failed or held back for it, appears here."
    )
    NEWEST_FIRST = True
    LIMIT = 500

    def empty_text(self) -> str:
        """The gauge may be up with nothing recorded: the history was imported, or no process
        that collects ran while it rose (a console that only reads records nothing). "The
        gauge has stayed normal" beside a red gauge was false."""
        monitor = getattr(self.app, "monitor", None)
        assessment = monitor.assessment if monitor is not None else None
        if assessment is None or assessment.level == Level.NORMAL:
            return self.EMPTY
        rose = monitor.raised_at if monitor is not None else None
        since = f", above normal since {rose.astimezone():%H:%M}" if rose is not None else ""
        return (
            f"No level change recorded. The gauge reads {assessment.level.label} from the "
            f"mentions already stored{since}, but no process that collects (crisistui "
            "collect, or a console that collects) was running to record the rise and alert "
            "on it. Changes from now on appear here when one runs."
        )

    BINDINGS = [
        Binding("escape,q,A", "dismiss", "Back", id="alerts.back"),
        Binding("j", "cursor_down", "Down", show=False, id="alerts.down"),
        Binding("k", "cursor_up", "Up", show=False, id="alerts.up"),
        Binding("g", "first", "Top", show=False, id="alerts.top"),
        Binding("G", "last", "Bottom", show=False, id="alerts.bottom"),
    ]
