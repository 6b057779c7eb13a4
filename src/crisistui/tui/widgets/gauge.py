"""The severity gauge: score, level, likely crisis type and the drivers behind them, in
words."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from crisistui.analysis.severity import THRESHOLDS, Assessment, Level

LEVEL_STYLE: dict[Level, str] = {
    Level.NORMAL: "bold green",
    Level.ELEVATED: "bold yellow",
    Level.HIGH: "bold red",
    Level.CRITICAL: "bold white on red",
}


COMPACT_HEIGHT = 32


def cooling_down(assessment: Assessment) -> Text | None:
    """'holding: cooling down, now normal 3' while the level is held above what the score
    now reads (it falls one level at a time, after a calm period); the score shown stays in
    the held level's band, so this line says what the score is now."""
    holding = assessment.holding
    return None if holding is None else Text(holding, style="italic", overflow="fold")


class SeverityGauge(Widget):
    """Shows the latest assessment; readable without colour (the level is spelled out)."""

    DEFAULT_CSS = """
    SeverityGauge { height: auto; min-height: 3; }
    """

    assessment: reactive[Assessment | None] = reactive(None)
    """Laid out again only when the lines it needs change in number (``watch_assessment``)."""

    def _drivers(self, assessment: Assessment) -> list[Text]:
        """The lines under the bar: why the level holds, then the drivers, as room allows."""
        room = 2 if self.app.size.height < COMPACT_HEIGHT else 4  # keep the checklist in 80×24
        lines = [Text(f"• {d}", overflow="fold") for d in assessment.drivers]
        if not lines:
            lines = [Text("• nothing unusual", style="dim")]
        holding = cooling_down(assessment)
        if holding is not None:  # the reason the level is above what the score now reads
            lines.insert(0, holding)
        return lines[:room]

    def _height(self, assessment: Assessment | None) -> int:
        width = max(self.content_region.width, 10)
        if assessment is None:
            return 1
        console = self.app.console
        return 3 + sum(len(line.wrap(console, width)) for line in self._drivers(assessment))

    def render(self) -> RenderableType:
        assessment = self.assessment
        width = max(self.content_region.width, 10)
        if assessment is None:
            return Text("assessing…", style="dim")
        level = assessment.level
        style = LEVEL_STYLE[level]
        head = Text.assemble(
            (f" {level.label.upper()} ", style),
            (f" {assessment.score:>3.0f}/100", "bold"),
        )
        bar_width = width
        filled = round(bar_width * assessment.score / 100)
        bar = Text("█" * filled, style=style.replace("bold ", "").replace("white on ", ""))
        bar.append("░" * (bar_width - filled), style="dim")
        marks = Text(" " * bar_width, style="dim")
        for threshold in THRESHOLDS.values():
            pos = min(round(bar_width * threshold / 100), bar_width - 1)
            marks = marks[:pos] + Text("╵", style="dim") + marks[pos + 1 :]
        return Group(head, bar, marks, *self._drivers(assessment))

    def watch_assessment(self, old: Assessment | None, new: Assessment | None) -> None:
        if not self.is_mounted or self._height(old) != self._height(new):
            self.refresh(layout=True)
        if new is not None:
            self.set_class(new.level >= Level.HIGH, "-alarm")
            # The likely crisis type goes on the pane's bottom border, so no line of drivers
            # is given up for it at 80×24.
            pane = self.parent
            if isinstance(pane, Widget):
                pane.border_subtitle = new.crisis_type or ""
