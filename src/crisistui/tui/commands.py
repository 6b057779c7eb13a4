"""The console's entries in the command palette: every key's action, by name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp


def console_commands(app: CrisisApp, screen: Screen) -> Iterable[SystemCommand]:
    """What the palette offers besides Textual's own (theme, screenshot, quit)."""
    yield SystemCommand("Help: list every key", "Show all key bindings", app.action_help)
    yield SystemCommand("Sources", "Health of every source", app.action_sources)
    yield SystemCommand("Timeline", "Every change, who made it and when", app.action_timeline)
    yield SystemCommand("Triage queue", "Negative, high-reach first", app.action_triage_queue)
    yield SystemCommand("Wall view", "Level, incident and trends, large", app.action_wall)
    if screen is app.screen_stack[0]:  # elsewhere the line would open out of sight
        yield SystemCommand(
            "Filter mentions",
            "Narrow the feed: words, #tags, from:, source:, sentiment:, lang:, subject:, "
            "reach:, domain: (/)",
            app.feed_filter.open,
        )
    yield SystemCommand(
        "Incident", "The current incident: roles, milestones, metrics", app.action_incident
    )
    yield SystemCommand(
        "Statements", "Draft, approve and publish statements", app.action_statements
    )
    for playbook in sorted(app.setup.playbooks.values(), key=lambda p: p.name):
        yield SystemCommand(
            f"Drill: {playbook.name}",
            "Open a rehearsal incident with this playbook (kept out of metrics)",
            lambda chosen=playbook: app._later(app._start_drill, chosen),
        )
    yield SystemCommand("Why", "The full assessment and what the window is about", app.action_why)
    yield SystemCommand(
        "Analytics",
        "Top authors, hashtags, terms, sources, domains, languages over a period (b)",
        app.action_analytics,
    )
    yield SystemCommand("Alerts", "Level changes and alert sends, newest first", app.action_alerts)
    yield SystemCommand(
        "Focus mention feed",
        "Move focus to the feed",
        lambda: app.query_one(MentionFeed).focus(),
    )
    yield SystemCommand(
        "Focus checklist",
        "Move focus to the checklist",
        lambda: app.query_one(Checklist).focus(),
    )
