"""Which keys do what, and where: the list the help screen shows and the keymap checks.

Every binding has an id (``feed.open``, ``app.timeline``…) so a team can move keys in
``[console] keys`` without touching code; the help screen shows the keys as remapped.
"""

from __future__ import annotations

from itertools import combinations

from textual.app import App
from textual.binding import Binding
from textual.widget import Widget

from crisistui.tui.screens.alerts import AlertsScreen
from crisistui.tui.screens.analytics import AnalyticsScreen
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
        ("Analytics (b)", AnalyticsScreen),
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
    """What is wrong with a ``[console] keys`` table, one line per problem: ids that name no
    binding, empty keys, and keys that two bindings would share where both work."""
    known = binding_ids(key_sections())
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(
                f"console.keys.{binding_id}: no such key binding (ids look like "
                f"'app.timeline' or 'feed.open'; `?` in the console lists the keys)"
            )
        elif not _key_names(keys):
            problems.append(f"console.keys.{binding_id}: give at least one key")
    usable = {i: k for i, k in keymap.items() if i in known and _key_names(k)}
    return problems + clash_problems(usable)


def clash_problems(keymap: dict[str, str]) -> list[str]:
    """Keys the table gives to a binding that another one holds where both work: the key
    would do only one of them (``"app.why" = "s"`` leaves Sources out of reach, and help lists
    ``s`` twice). Keys that already overlap without the table (a screen that closes on the key
    that opened it) are the design, not a clash."""
    found: dict[frozenset[str], str] = {}
    for scope, bindings in key_scopes():
        usual = {_pair(a, b) for _, a, b in _pairs(bindings, {})}
        for key, first, second in _pairs(bindings, keymap):
            pair = _pair(first, second)
            if pair in usual or pair in found:
                continue
            moved = first if first.id in keymap else second
            shown = _as_written(key, keymap.get(moved.id or "", ""))
            found[pair] = (
                f"console.keys.{moved.id}: key {shown!r} would be both {_named(first)} and "
                f"{_named(second)} ({scope}); only one would work: give one of them another key"
            )
    return sorted(found.values())


def key_scopes() -> list[tuple[str, list[Binding]]]:
    """Places where a set of bindings work at the same time: each screen or pane with the
    bindings it inherits, and the main screen's panes together with the keys that work
    everywhere (a pane's key hides the app's while it has focus). Modal screens hide the
    app's keys on purpose (``q`` closes them), so those are not counted."""
    sections = key_sections()
    everywhere_title, app = sections[0]
    scopes = [(title, _active(widget)) for title, widget in sections]
    scopes += [
        (f"{title} and {everywhere_title.lower()}", _active(app) + _active(widget))
        for title, widget in sections
        if widget in (MentionFeed, Checklist)
    ]
    return scopes


def _active(widget: type[Widget]) -> list[Binding]:
    """A class's bindings with ids and those it inherits, plus Textual's priority keys
    (ctrl+q quits from anywhere)."""
    found: dict[str, Binding] = {}
    for cls in widget.__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                found[binding.id] = binding
    reserved = [b for b in App.BINDINGS if isinstance(b, Binding) and b.priority]
    return [*found.values(), *reserved]


def _key_names(keys: str) -> list[str]:
    """Keys as Textual names them (``?`` is ``question_mark``), so two spellings compare."""
    written = [k.strip() for k in keys.split(",") if k.strip()]
    if not written:
        return []
    return [b.key for b in Binding.make_bindings([Binding(",".join(written), "noop")])]


def _bound_keys(binding: Binding, keymap: dict[str, str]) -> list[str]:
    return _key_names(keymap.get(binding.id, binding.key) if binding.id else binding.key)


def _pairs(bindings: list[Binding], keymap: dict[str, str]) -> list[tuple[str, Binding, Binding]]:
    """Every key two bindings share, once per pair and key."""
    holders: dict[str, list[Binding]] = {}
    for binding in bindings:
        for key in dict.fromkeys(_bound_keys(binding, keymap)):
            holders.setdefault(key, []).append(binding)
    return [
        (key, first, second)
        for key, held in holders.items()
        for first, second in combinations(held, 2)
        if len(_pair(first, second)) == 2  # Textual's ctrl+q comes with each class
    ]


def _pair(first: Binding, second: Binding) -> frozenset[str]:
    return frozenset(b.id or f"textual:{b.action}" for b in (first, second))


def _named(binding: Binding) -> str:
    what = binding.description or binding.action
    return f"{what} ({binding.id})" if binding.id else f"{what} (Textual's, from anywhere)"


def _as_written(key: str, keys: str) -> str:
    """The key as the table wrote it, when it can be told (``?`` rather than
    ``question_mark``)."""
    for written in (k.strip() for k in keys.split(",")):
        if written and _key_names(written) == [key]:
            return written
    return key
