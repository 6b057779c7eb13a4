"""`A`: the alerts list: level changes and what became of each alert, newest first.

The timeline view filtered to the events an on-call person asks about ("what fired, when, and
did Slack get it?"): ``severity.changed``, ``alert.sent``, ``alert.failed`` and
``alert.suppressed``.
"""

from __future__ import annotations

from textual.binding import Binding

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

    BINDINGS = [
        Binding("escape,q,A", "dismiss", "Back", id="alerts.back"),
        Binding("j", "cursor_down", "Down", show=False, id="alerts.down"),
        Binding("k", "cursor_up", "Up", show=False, id="alerts.up"),
        Binding("g", "first", "Top", show=False, id="alerts.top"),
        Binding("G", "last", "Bottom", show=False, id="alerts.bottom"),
    ]
