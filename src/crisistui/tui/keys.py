"""Which keys do what, and where: the list the help screen shows and the keymap checks.

Every binding has an id (``feed.open``, ``app.timeline``…) so a team can move keys in
``[console] keys`` without touching code; the help screen shows the keys as remapped.
"""

from __future__ import annotations

from textual.widget import Widget

from crisistui.tui.screens.alerts import AlertsScreen
from crisistui.tui.screens.detail import MentionDetail
from crisistui.tui.screens.help import HelpScreen, binding_ids
from crisistui.tui.screens.incident import IncidentScreen
from crisistui.tui.screens.new_incident import NewIncidentScreen
from crisistui.tui.screens.prompts import ChoicePrompt, PlainText, TextEditor, TextPrompt
from crisistui.tui.screens.scrolling import ScrollingModal
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.task import AdhocTaskForm, TaskScreen
from crisistui.tui.screens.timeline import TimelineScreen
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.screens.why import WhyScreen
from crisistui.tui.triage import TRIAGE_HELP
from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.filter_bar import FilterBar


def key_sections() -> list[tuple[str, type[Widget]]]:
    """Every place with keys, in the order help lists them."""
    from crisistui.tui.app import CrisisApp  # the app imports this module

    return [
        ("Everywhere", CrisisApp),
        ("Mention feed", MentionFeed),
        ("Feed filter (/)", FilterBar),
        ("Checklist", Checklist),
        ("Mention detail", MentionDetail),
        ("Sources", SourcesScreen),
        ("Timeline", TimelineScreen),
        ("Alerts", AlertsScreen),
        ("Why", WhyScreen),
        ("Wall view (w)", WallScreen),
        ("New incident form", NewIncidentScreen),
        ("Incident (I)", IncidentScreen),
        ("Statements (S)", StatementsScreen),
        ("Task detail", TaskScreen),
        ("Add a task", AdhocTaskForm),
        *TRIAGE_HELP,
        ("Text view", PlainText),
        ("Questions", TextPrompt),
        ("Choices", ChoicePrompt),
        ("Text editor", TextEditor),
        ("Help", HelpScreen),
        ("Scrolling (mention, task, incident, why, help)", ScrollingModal),
    ]


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """What is wrong with a ``[console] keys`` table, one line per problem."""
    known = binding_ids(key_sections())
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(
                f"console.keys.{binding_id}: no such key binding (ids look like "
                f"'app.timeline' or 'feed.open'; `?` in the console lists the keys)"
            )
        elif not [k for k in keys.split(",") if k.strip()]:
            problems.append(f"console.keys.{binding_id}: give at least one key")
    return problems
