"""Top line: brand, clock, and the health of every source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from crisistui.analysis.severity import Level
from crisistui.domain.models import SourceHealth, SourceState
from crisistui.tui.widgets.gauge import LEVEL_STYLE

STATE_STYLE: dict[SourceState, str] = {
    SourceState.STARTING: "dim",
    SourceState.OK: "green",
    SourceState.FAILING: "bold red",
    SourceState.FINISHED: "cyan",
}
STALE_STYLE = "bold yellow"
UNREACHABLE_STYLE = "bold reverse red"
SCORING_STYLE = "yellow"


_WORST_FIRST = ("failing", "stale", "scoring", "starting", "ok", "finished")


class StatusHeader(Static):
    """Brand · mode · clock · sources."""

    DEFAULT_CSS = """
    StatusHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(
        self,
        brand: str,
        mode: str,
        now: datetime,
        health: Mapping[str, SourceHealth],
        *,
        others: bool = True,
        unreachable: bool = False,
        scoring: Mapping[str, tuple[int, int]] | None = None,
        level: tuple[Level, float] | None = None,
    ) -> None:
        """``others``: the health is another collector's, read from the store, so a poll
        long overdue means that collector has stopped. ``unreachable``: the database did
        not answer the last beat, so what the screen shows may be old: said for as long as
        it lasts (a toast fades; a wall has none). ``scoring``: sources whose long poll is
        being scored, with items scored and fetched (a flood's first poll said "starting"
        for a minute)."""
        scoring = scoring or {}
        sources, states = Text(), Counter[tuple[str, str]]()
        if health:
            sources.append("  sources: ")
            for index, item in enumerate(health.values()):
                if index:
                    sources.append(" ")
                sources.append(Text(item.name))
                if item.name in scoring:
                    scored, fetched = scoring[item.name]
                    sources.append(f" scoring {scored:,}/{fetched:,}", style=SCORING_STYLE)
                    state = ("scoring", SCORING_STYLE)
                elif others and item.overdue(now):  # nobody polls it any more: not "ok"
                    state = ("stale", STALE_STYLE)
                    sources.append(" stale", style=STALE_STYLE)
                else:
                    state = (item.state.value, STATE_STYLE[item.state])
                    sources.append(f" {item.state.value}", style=STATE_STYLE[item.state])
                states[state] += 1
        # too narrow to name them: how many are in each state, the worst first
        counted = Text("  sources: " if states else "")
        for index, ((state, style), count) in enumerate(
            sorted(states.items(), key=lambda pair: _WORST_FIRST.index(pair[0][0]))
        ):
            counted.append(", " if index else "")
            counted.append(f"{count} {state}", style=style)
        if unreachable:  # said at every width: a stale screen must not look healthy
            sources = Text.assemble(("  DATABASE OUT OF REACH", UNREACHABLE_STYLE), sources)
            counted = Text.assemble(("  OUT OF REACH", UNREACHABLE_STYLE), counted)
        local = now.astimezone()
        full = Text.assemble(
            ("crisistui", "bold"),
            " · ",
            Text(brand, style="bold"),
            " · ",
            (mode, "italic"),
            " · ",
            local.strftime("%Y-%m-%d %H:%M:%S"),
            sources,
        )
        # at 80 columns the sources' state is what must show: the program's name and the
        # date go first, then the seconds
        short = Text.assemble(
            Text(brand, style="bold"), " · ", (mode, "italic"), " · ", local.strftime("%H:%M:%S")
        )
        if level is not None:
            said = Text(f"{level[0].label.upper()} {level[1]:.0f}", style=LEVEL_STYLE[level[0]])
            full = Text.assemble(said, " · ", full)
            short = Text.assemble(said, " · ", short)
        room = self.content_size.width
        line = full
        bare = Text.assemble(Text(brand, style="bold"), " · ", local.strftime("%H:%M"))
        if "DRILL" in mode:  # however narrow: nobody may take a rehearsal for the real thing
            bare = Text.assemble(("DRILL", "bold reverse"), " · ", bare)
        if "no collector" in mode:  # nor a gauge nothing feeds for a live one
            bare = Text.assemble(bare, " · ", ("no collector", "italic"))
        if level is not None:
            bare = Text.assemble(said, " · ", bare)
        for candidate in (
            short + sources,
            short[:-3] + sources,
            short[:-3] + counted,
            bare + counted,  # a failing source matters more than the mode's words
            # narrower still: the sources go, but never that the screen may be old
            *(
                [Text.assemble(("OUT OF REACH", UNREACHABLE_STYLE), " · ", bare)]
                if unreachable
                else []
            ),
        ):
            if not room or line.cell_len <= room:
                break
            line = candidate
        line.no_wrap = True
        line.overflow = "ellipsis"
        # one line the width of the screen, whatever it says: no layout of the whole screen
        # for it (it changes every second), and no paint when a poll changed nothing in it
        if line != self.content:
            self.update(line, layout=False)
