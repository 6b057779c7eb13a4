"""`x`: why the gauge says what it says: the whole assessment and what the window is about.

The gauge has room for two drivers; this has room for all of them, the likely crisis type, a
coordinated campaign (the pasted text, how many accounts, how fast, who came first), the
trigger terms counted in the window, and the top words, authors and sources of the window's
negative mentions. The breakdown reads mentions, so it is computed when this opens and, while
it stays open, on the console's beat at most every few seconds, never on the engine's tick.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from crisistui.analysis.campaign import Campaign
from crisistui.analysis.competitors import CompetitorLevel
from crisistui.analysis.levels import Level
from crisistui.analysis.severity import Assessment
from crisistui.analysis.share_of_voice import ShareOfVoice
from crisistui.analysis.triggers import term_label
from crisistui.domain.numbers import human_count
from crisistui.reports.breakdown import Breakdown
from crisistui.tui.busy import said_when_busy
from crisistui.tui.changes import Beat, ChangeLoop, Every, Reloader
from crisistui.tui.format import plain
from crisistui.tui.screens.scrolling import ScrollingModal
from crisistui.tui.widgets.gauge import LEVEL_STYLE
from crisistui.tui.widgets.keybar import KeyBar
from crisistui.tui.widgets.share_board import net_words, percent

REFRESH_SECONDS = 3.0
LANGUAGE_ROWS = 8
Explanation = tuple[Assessment, Breakdown] | None
"""The latest assessment and the breakdown of its window, or None before the first tick."""
Market = tuple[ShareOfVoice | None, Sequence[CompetitorLevel]]
"""The last hour's share of voice and each competitor's own level, as the console holds them."""


def _section(title: str) -> Text:
    return Text(title, style="bold underline")


def _counts(rows: list[tuple[Text, ...]]) -> Table:
    """Label columns, then a count, right-aligned."""
    table = Table.grid(padding=(0, 2))
    for _ in range(len(rows[0]) - 1 if rows else 1):
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=48)
    table.add_column(justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def campaign_lines(campaign: Campaign) -> list[RenderableType]:
    """The pasted text (literal: strangers wrote it), how many accounts in how long, and the
    first few of them."""
    group = campaign.group
    parts: list[RenderableType] = [
        _section("Coordinated campaign"),
        Text(f"{campaign.in_words()}; likely a bot or organised push"),
    ]
    if group.text:
        said = Text.assemble("“", plain(group.text, "italic"), "”", overflow="fold")
        parts.append(said)
    if group.authors:
        first = Text.assemble(
            ("First accounts: ", "dim"), plain(", ".join(group.authors)), overflow="fold"
        )
        if group.accounts > len(group.authors):
            first.append(f" and {group.accounts - len(group.authors)} more", style="dim")
        parts.append(first)
    return parts


def market_lines(
    share: ShareOfVoice | None, competitors: Sequence[CompetitorLevel]
) -> list[RenderableType]:
    """Each subject's share of the last hour (of mentions, of negative mentions, net
    sentiment), then each competitor's own level with every driver: news, not the brand's."""
    parts: list[RenderableType] = []
    if share is not None and share.subjects:
        parts += [Text(""), _section(f"Share of voice, last hour: {share.mentions:,} mentions")]
        table = Table.grid(padding=(0, 2))
        for _ in range(4):
            table.add_column(no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        table.add_row(
            Text(""),
            Text("of mentions", style="dim"),
            Text("of negative", style="dim"),
            Text("net", style="dim"),
            Text("mentions", style="dim"),
        )
        for subject in share.subjects:
            table.add_row(
                plain(subject.subject),
                Text(percent(subject.share), style="bold"),
                Text(percent(subject.negative_share)),
                Text(net_words(subject.net)),
                Text(f"{subject.mentions:,}"),
            )
        parts.append(table)
    if competitors:
        parts += [Text(""), _section("Competitors (each on its own engine)")]
        for competitor in competitors:
            a = competitor.assessment
            style = LEVEL_STYLE[a.level] if a.level > Level.NORMAL else "dim"
            head = Text.assemble(
                plain(competitor.subject), ": ", (competitor.word, style), f"  score {a.score:.0f}"
            )
            if a.crisis_type:
                head.append(f"  likely {a.crisis_type}", style="italic")
            parts.append(head)
            if a.level > Level.NORMAL:
                parts += [Text(f"  • {d}", overflow="fold") for d in a.drivers]
    return parts


def explain(
    assessment: Assessment,
    window: Breakdown,
    share: ShareOfVoice | None = None,
    competitors: Sequence[CompetitorLevel] = (),
) -> RenderableType:
    """Everything the engine and the window say, as literal text (mentions are untrusted);
    then the share of voice and the competitors' levels, when given."""
    level = assessment.level
    head = Text.assemble(
        (f" {level.label.upper()} ", LEVEL_STYLE[level]),
        (f"  score {assessment.score:.0f}/100", "bold"),
        f"  evidence {assessment.evidence:.1f}",
    )
    if assessment.raw_level < level:
        head.append(f"  (easing: now {assessment.raw_level.label})", style="dim")
    kind = assessment.crisis_type or "none (no evidence of a kind)"
    parts: list[RenderableType] = [
        head,
        Text.assemble("Likely crisis type: ", (kind, "bold italic")),
        Text(
            f"Window: last {assessment.window_minutes} min, {assessment.window_negative} "
            f"negative of {assessment.window_volume} mentions "
            f"(expected {assessment.expected_negative:.1f} negative)",
            style="dim",
        ),
        Text(""),
        _section("Drivers"),
        *[Text(f"• {d}", overflow="fold") for d in assessment.drivers],
    ]
    if not assessment.drivers:
        parts.append(Text("• nothing unusual", style="dim"))
    if assessment.campaign is not None:
        parts += [Text(""), *campaign_lines(assessment.campaign)]
    if assessment.trigger_terms:
        # counted over the window above, which a driver's longer window may not be
        said = f"Trigger terms in negative mentions (last {assessment.window_minutes} min)"
        parts += [Text(""), _section(said)]
        parts.append(
            _counts(
                [
                    (plain(f"'{term_label(term)}'"), Text(kind_, style="dim"), Text(str(count)))
                    for kind_, term, count in assessment.trigger_terms
                ]
            )
        )
    if window.languages:
        parts += [Text(""), _section("Languages in the window (all mentions)")]
        parts.append(
            _counts(
                [
                    (
                        plain(f"{voice.name} ({voice.lang})" if voice.lang else voice.name),
                        Text(voice.in_words(), style="dim" if voice.net is None else ""),
                        Text(str(voice.mentions)),
                    )
                    for voice in window.languages[:LANGUAGE_ROWS]
                ]
            )
        )
    more = " (newest read)" if window.truncated else ""
    parts += [Text(""), _section(f"Negative mentions in the window: {window.mentions}{more}")]
    if window.terms:
        parts += [Text("Top terms", style="bold")]
        parts.append(_counts([(plain(t), Text(str(n))) for t, n in window.terms]))
    if window.authors:
        parts += [Text("Top authors", style="bold")]
        parts.append(
            _counts(
                [
                    (
                        plain(f"{a.author} ({human_count(a.max_followers)} followers)"),
                        Text(str(a.mentions)),
                    )
                    for a in window.authors
                ]
            )
        )
    if window.sources:
        parts += [Text("Top sources", style="bold")]
        parts.append(_counts([(plain(s), Text(str(n))) for s, n in window.sources]))
    parts += market_lines(share, competitors)
    return Group(*parts)


class WhyScreen(ScrollingModal[None]):
    """The full assessment with the window's breakdown, refreshed while open."""

    BINDINGS = [
        Binding("escape,q,x", "dismiss", "Back", id="why.back"),
    ]

    DEFAULT_CSS = """
    WhyScreen { align: center middle; }
    WhyScreen > VerticalScroll {
        width: 95%; max-width: 110; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(
        self,
        load: Callable[[], Awaitable[Explanation]],
        market: Callable[[], Market] | None = None,
        changes: ChangeLoop | None = None,
    ) -> None:
        super().__init__()
        self._load = load
        self._market = market
        self._changes = changes
        self._reloader = Reloader(self, self.reload, "why-reload")
        self._due = Every(REFRESH_SECONDS)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Why (esc to close)"
            yield Static(Text("assessing…", style="dim"), id="why-body")
        yield KeyBar()

    async def on_mount(self) -> None:
        self._due.due()  # the first read is this one
        await self.reload()
        if self._changes is not None:
            self._changes.follow(self, self._on_beat)

    def _on_beat(self, _beat: Beat) -> None:
        if self._due.due():
            self._reloader.request()

    @said_when_busy  # a database out of reach: said in a toast, the screen stays
    async def reload(self) -> None:
        found = await self._load()
        if found is not None and self.is_attached:
            share, competitors = self._market() if self._market else (None, ())
            self.query_one("#why-body", Static).update(explain(*found, share, competitors))
