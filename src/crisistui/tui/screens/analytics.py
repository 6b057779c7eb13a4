"""`b`: analytics over a period: who drives the conversation, what is said, where, and in which
language, compared with the period before.

The period picker offers the last hour, 24 h, 7 d and 30 d (`1`–`4`) and a custom period (`c`:
a start and an end typed, such as `-3d` and `now` or `2026-03-10 08:00`); `v` moves between the
brand, each competitor and every subject. The figures come from rollups and indexes
(``reports/analytics.py``), in a worker, so a month costs about what an hour does and the keys
never wait on them; while the view is open they are read again on the console's beat, at
most every ``RELOAD_SECONDS`` and only when mentions arrived.

Opened while the feed is filtered, the view counts only the mentions the filter finds (the
authors behind ``lang:vi sentiment:neg``), from those mentions themselves, the period before
through the same filter; `f` switches between them and every mention.

`enter` on any row closes the view and filters the feed to its mentions (``from:`` an author,
the hashtag, the word, ``source:``, ``domain:``, ``lang:``; ``subject:`` when the view is of
one), within the feed's filter when the view counts its mentions. Authors, hashtags, words
and domains are strangers' text: they are shown as plain text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from time import perf_counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from crisistui.config import Config
from crisistui.domain.clock import Clock
from crisistui.domain.feed_query import FeedQuery, narrow_query
from crisistui.domain.languages import language_name
from crisistui.domain.numbers import human_count
from crisistui.domain.records import FacetCount
from crisistui.reports.analytics import (
    PRESETS,
    Period,
    PeriodAnalytics,
    PeriodError,
    author_influence,
    change_words,
    comparison,
    custom_period,
    filter_text,
    preset_period,
    read_filtered_period,
    read_period,
    words_to_skip,
)
from crisistui.store import Store
from crisistui.store.errors import StoreError
from crisistui.tui.changes import Beat, ChangeLoop, Every
from crisistui.tui.format import plain
from crisistui.tui.screens.prompts import TextPrompt, ask
from crisistui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from crisistui.pipeline.sentiment import SentimentScorer

RELOAD_SECONDS = 20.0
"""How often the open view reads its period again (a preset's end moves with the clock)."""
VALUE_CHARS = 20
"""A name, tag, word or domain longer than this is cut with an ellipsis."""
NOTHING = "nothing in this period"
PREVIOUS = "vs prev."
"""The last column of the lists of values: the row's mentions against the period before."""


@dataclass(frozen=True, slots=True)
class Section:
    """One list of the view: its table's id, title, kind (for the feed filter) and columns."""

    id: str
    title: str
    kind: str
    columns: tuple[str, ...]


SECTIONS = (
    Section(
        "authors-reach",
        "Top authors by reach",
        "author",
        ("Author", "Reach", "Ment.", "Infl."),
    ),
    Section(
        "authors-mentions",
        "Top authors by mentions",
        "author",
        ("Author", "Ment.", "Neg.", "Infl."),
    ),
    Section("hashtags", "Top hashtags", "hashtag", ("Hashtag", "Ment.", "Neg.", PREVIOUS)),
    Section("words", "Top terms", "word", ("Term", "Ment.", "Neg.", PREVIOUS)),
    Section("sources", "Top sources", "source", ("Source", "Ment.", "Share", PREVIOUS)),
    Section("domains", "Top domains", "domain", ("Domain", "Ment.", "Share", PREVIOUS)),
    Section("languages", "Languages", "language", ("Language", "Ment.", "Neg.%", PREVIOUS)),
)


def _short(value: str) -> Text:
    """A stranger's value, literal and cut to ``VALUE_CHARS``."""
    text = plain(value)
    text.truncate(VALUE_CHARS, overflow="ellipsis")
    return text


def _right(value: str) -> Text:
    return Text(value, justify="right")


def _change(current: int, previous: int) -> Text:
    """ "+240%", "−12%", "new": a row against the period before."""
    words = change_words(current, previous)
    return Text(words, justify="right", style="bold" if words == "new" else "dim")


def _share(part: int, whole: int) -> Text:
    return _right(f"{part / whole * 100:.0f}%" if whole else "—")


class AnalyticsScreen(Screen[str | None]):
    """The period picker, the period's totals against the previous period, and seven lists.

    A full screen rather than a modal one, so the console's own keys (help, timeline, sources)
    still work from here. It closes with the feed filter of the row chosen, or None.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy"), (150, "-wide")]
    """One list a row when narrow (80 columns), two from 100, three from 150."""

    BINDINGS = [
        Binding("escape,q,b", "dismiss", "Back", id="analytics.back"),
        Binding("1", "period('hour')", "Hour", tooltip="the last hour", id="analytics.hour"),
        Binding("2", "period('24h')", "24 h", tooltip="the last 24 hours", id="analytics.day"),
        Binding("3", "period('7d')", "7 d", tooltip="the last 7 days", id="analytics.week"),
        Binding("4", "period('30d')", "30 d", tooltip="the last 30 days", id="analytics.month"),
        Binding(
            "c",
            "custom",
            "Custom…",
            tooltip="a period from a start to an end, typed",
            id="analytics.custom",
        ),
        Binding(
            "v",
            "next_subject",
            "Subject",
            tooltip="the brand, each competitor, every subject",
            id="analytics.subject",
        ),
        Binding(
            "f",
            "toggle_filter",
            "Filter",
            tooltip="only the feed filter's mentions, or every mention",
            id="analytics.filter",
        ),
        Binding("r", "reload", "Reload", show=False, id="analytics.reload"),
        Binding("j", "cursor('down')", "Down", show=False, id="analytics.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="analytics.up"),
        Binding("g", "cursor('top')", "Top", show=False, id="analytics.top"),
        Binding("G", "cursor('bottom')", "Bottom", show=False, id="analytics.bottom"),
    ]

    DEFAULT_CSS = """
    AnalyticsScreen > Vertical {
        border: round $accent; background: $surface; height: 1fr;
    }
    AnalyticsScreen #periods, AnalyticsScreen #totals { padding: 0 1; height: auto; }
    AnalyticsScreen #sections {
        layout: grid; grid-size: 2; grid-gutter: 0 1; grid-rows: auto; height: 1fr;
    }
    AnalyticsScreen.-narrow #sections { grid-size: 1; }
    AnalyticsScreen.-wide #sections { grid-size: 3; }
    AnalyticsScreen DataTable {
        height: auto; max-height: 14; border: round $primary 50%; scrollbar-size-vertical: 1;
    }
    AnalyticsScreen DataTable:focus { border: round $accent; }
    """

    def __init__(
        self,
        store: Store,
        config: Config,
        clock: Clock,
        preset: str = "24h",
        changes: ChangeLoop | None = None,
        feed_filter: FeedQuery | None = None,
    ) -> None:
        super().__init__()
        self._changes = changes
        self.store = store
        self.config = config
        self.clock = clock
        self._scorer: SentimentScorer | None = None
        """Which languages an analyser reads (built when the languages list is first drawn)."""
        self.preset = preset
        """The preset in force, or '' while a custom period is."""
        self.custom: Period | None = None
        self.subjects: list[str | None] = [*config.subjects, None]
        self.feed_filter = feed_filter
        """The feed's filter when the view was opened (None: the feed was not filtered)."""
        self.filtered = feed_filter is not None
        """Whether the lists count only the feed filter's mentions."""
        self.subject: str | None = config.brand.name
        if feed_filter is not None and feed_filter.subjects:  # the filter's own, or all it names
            named = feed_filter.subjects
            self.subject = named[0] if len(named) == 1 else None
        self.skip = words_to_skip(config)
        self.shown: PeriodAnalytics | None = None
        """What the lists show (None before the first read lands)."""
        self._values: dict[str, list[str]] = {}
        """Per table, the value behind each row (for the feed filter)."""
        self._generation = 0
        """Bumped by every change of period or subject: a read begun before is dropped."""
        self._loading: int | None = None
        self._due = Every(RELOAD_SECONDS)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Analytics"
            yield Static(id="periods", markup=False)
            yield Static(id="totals", markup=False)
            with VerticalScroll(id="sections"):
                for section in SECTIONS:
                    table: DataTable[Text] = DataTable(
                        id=section.id, cursor_type="row", zebra_stripes=True
                    )
                    table.border_title = section.title
                    yield table
        yield KeyBar()

    def on_mount(self) -> None:
        for section in SECTIONS:
            table = self.query_one(f"#{section.id}", DataTable)
            for index, label in enumerate(section.columns):
                table.add_column(Text(label, justify="right") if index else label, key=label)
        self.query_one(f"#{SECTIONS[0].id}", DataTable).focus()
        self.reload()
        self._due.due()  # the first read is this one
        if self._changes is not None:
            self._changes.follow(self, self._on_beat)

    # -- what is read ---------------------------------------------------------------------

    def period(self, now: datetime | None = None) -> Period:
        """The period in force, a preset's ending now."""
        if self.custom is not None and not self.preset:
            return self.custom
        return preset_period(self.preset, now or self.clock.now())

    def reload(self) -> None:
        """Read the period again in a worker; what an older read brings back is dropped."""
        self._generation += 1
        self._show_picker()
        self.run_worker(self._load(self._generation), group="analytics", exit_on_error=False)

    def _on_beat(self, beat: Beat) -> None:
        if beat.mentions and self._loading is None and self._due.due():
            self.reload()

    async def _load(self, generation: int) -> None:
        self._loading = generation
        box = self.query_one(Vertical)
        box.border_subtitle = "reading…"
        started = perf_counter()
        try:
            if self.filtered and self.feed_filter is not None:
                found = await read_filtered_period(
                    self.store, self.period(), self.feed_filter, self.subject, self.skip
                )
            else:
                found = await read_period(self.store, self.period(), self.subject, self.skip)
        except StoreError as error:
            if generation == self._generation:
                box.border_subtitle = "not read"
                self.notify(str(error), title="Analytics", severity="error", markup=False)
            return
        finally:
            if self._loading == generation:
                self._loading = None
        if generation != self._generation or not self.is_attached:
            return  # a newer read was asked for, or the view has closed
        self._show(found)
        took = f"read in {(perf_counter() - started) * 1000:.0f} ms"
        if found.searched:
            took = f"newest {found.searched:,} mentions of the period searched · {took}"
        box.border_subtitle = took

    # -- what is shown --------------------------------------------------------------------

    def _show_picker(self) -> None:
        line = Text()
        for number, (key, label, _length) in enumerate(PRESETS, start=1):
            chosen = "reverse bold" if key == self.preset else ""
            line.append(f" {number} ", style=chosen or "bold")
            line.append(f"{label.removeprefix('last ')} ", style=chosen)
            line.append(" ")
        custom = "" if self.preset else "reverse bold"
        line.append(" c ", style=custom or "bold")
        line.append(f"{self.period().label} " if custom else "custom ", style=custom)
        line.append("  v ", style="bold").append_text(plain(self.subject or "every subject"))
        if self.feed_filter is not None:
            # the filter itself is in the title: at 80 columns it would wrap this line
            line.append("  f ", style="bold")
            line.append("filter on" if self.filtered else "filter off")
        self.query_one("#periods", Static).update(line)
        heading = Text("Analytics · ").append_text(plain(self.subject or "every subject"))
        heading.append(f" · {self.period().label}")
        if self.filtered and self.feed_filter is not None:
            heading.append(" · filter: ").append_text(plain(self.feed_filter.text))
        self.query_one(Vertical).border_title = heading

    def _show(self, found: PeriodAnalytics) -> None:
        self.shown = found
        self._show_totals(found)
        totals = found.totals.mentions
        rankings = {
            "authors-reach": found.authors.by_reach,
            "authors-mentions": found.authors.by_mentions,
        }
        for section in SECTIONS:
            table = self.query_one(f"#{section.id}", DataTable)
            if section.kind == "author":
                rows = [
                    (
                        author.author,
                        [
                            _short(author.author),
                            *(
                                (_right(human_count(author.reach)), _right(f"{author.mentions:,}"))
                                if section.id == "authors-reach"
                                else (
                                    _right(f"{author.mentions:,}"),
                                    _right(f"{author.negative:,}"),
                                )
                            ),
                            _right(str(author_influence(author))),
                        ],
                    )
                    for author in rankings[section.id]
                ]
            else:
                rows = [
                    (
                        facet.value,
                        [
                            *self._facet_cells(section, facet, totals),
                            _change(facet.mentions, found.facet_before(facet))
                            if found.compared
                            else _right("—"),
                        ],
                    )
                    for facet in found.facets.of(section.kind)
                ]
            self._fill(table, section, rows)

    def _facet_cells(self, section: Section, facet: FacetCount, total: int) -> list[Text]:
        if section.kind == "language":
            name = f"{language_name(facet.value)} ({facet.value})" if facet.value else "unknown"
            label = _short(name)
        else:
            label = _short(facet.value)
        if section.kind in ("hashtag", "word"):
            last = _right(f"{facet.negative:,}")
        elif section.kind == "language":
            last = self._negative_share(facet)
        else:
            last = _share(facet.mentions, total)
        return [label, _right(f"{facet.mentions:,}"), last]

    def _negative_share(self, facet: FacetCount) -> Text:
        """A language's share of negative mentions ("61%"), or ∅ where no analyser reads
        it: its mentions are unscored, not calm."""
        if self._scorer is None:
            from crisistui.pipeline.sentiment import SentimentScorer

            self._scorer = SentimentScorer(self.config.sentiment)
        if self._scorer.choice(facet.value or None) == "unscored":
            return Text("∅", justify="right", style="dim")
        return _share(facet.negative, facet.mentions)

    def _fill(
        self, table: DataTable[Text], section: Section, rows: list[tuple[str, list[Text]]]
    ) -> None:
        """Replace a table's rows, keeping the cursor on the same row number."""
        cursor = table.cursor_row
        table.clear()
        self._values[section.id] = [value for value, _cells in rows]
        for index, (_value, cells) in enumerate(rows):
            table.add_row(*cells, key=str(index))
        if not rows:
            blank = [Text("") for _ in section.columns[1:]]
            table.add_row(Text(NOTHING, style="dim"), *blank, key="none")
        table.move_cursor(row=min(cursor, table.row_count - 1))

    def _show_totals(self, found: PeriodAnalytics) -> None:
        """ "1,562 mentions +240% vs the previous 24 h · negative 959 (61%) +310% · reach
        13.8M +80%"."""
        now, before, period = found.totals, found.previous, found.period
        line = Text()
        line.append(f"{now.mentions:,}", style="bold").append(" mentions ")
        if found.feed_filter is not None:
            line.append("matching the filter ")
        if found.compared:
            line.append(comparison(now.mentions, before.mentions, period))
        else:
            line.append("(not compared: searched in part)", style="dim")
        share = f" ({now.negative / now.mentions * 100:.0f}%)" if now.mentions else ""
        line.append(" · negative ").append(f"{now.negative:,}", style="bold").append(share)
        if found.compared:
            line.append(f" {change_words(now.negative, before.negative)}", style="dim")
        line.append(" · reach ").append(human_count(now.reach), style="bold")
        if found.compared:
            line.append(f" {change_words(now.reach, before.reach)}", style="dim")
        self.query_one("#totals", Static).update(line)

    # -- keys -----------------------------------------------------------------------------

    def action_period(self, key: str) -> None:
        self.preset = key
        self.reload()

    def action_next_subject(self) -> None:
        index = self.subjects.index(self.subject) if self.subject in self.subjects else -1
        self.subject = self.subjects[(index + 1) % len(self.subjects)]
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.feed_filter is not None if action == "toggle_filter" else True

    def action_toggle_filter(self) -> None:
        if self.feed_filter is not None:
            self.filtered = not self.filtered
            self.reload()

    def action_custom(self) -> None:
        """Ask for the start, then the end; a period that does not parse changes nothing."""
        shown = self.period()
        start = f"{shown.since.astimezone():%Y-%m-%d %H:%M}"

        async def got_start(since: str | None) -> None:
            if since is None:
                return

            async def got_end(until: str | None) -> None:
                if until is not None:
                    self._set_custom(since, until)

            ask(
                self,
                TextPrompt(
                    "Custom period", "To (now, -1h, 08:30, 2026-03-10 18:00)", "now", replace=True
                ),
                got_end,
            )

        ask(
            self,
            TextPrompt("Custom period", "From (-3d, 08:30, 2026-03-10 08:00)", start, replace=True),
            got_start,
        )

    def _set_custom(self, since: str, until: str) -> None:
        try:
            self.custom = custom_period(since, until, self.clock.now())
        except PeriodError as error:
            self.notify(str(error), title="Period not changed", severity="error", markup=False)
            return
        self.preset = ""
        self.reload()

    def action_cursor(self, where: str) -> None:
        table = self.focused
        if not isinstance(table, DataTable):
            return
        if where == "down":
            table.action_cursor_down()
        elif where == "up":
            table.action_cursor_up()
        else:
            table.move_cursor(row=0 if where == "top" else max(table.row_count - 1, 0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter`: close, filtering the feed to the row's mentions."""
        event.stop()
        table_id = event.data_table.id or ""
        section = next((s for s in SECTIONS if s.id == table_id), None)
        key = event.row_key.value or ""
        values = self._values.get(table_id, [])
        if section is None or not key.isdigit() or int(key) >= len(values):
            return
        try:
            query = filter_text(section.kind, values[int(key)], self.subject)
            if self.filtered and self.feed_filter is not None:
                query = narrow_query(self.feed_filter.text, query)
        except ValueError as error:
            self.notify(str(error), title="Feed not filtered", severity="warning", markup=False)
            return
        self.dismiss(query)
