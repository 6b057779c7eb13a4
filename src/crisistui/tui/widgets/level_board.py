"""The wall's top band: the level as a big word, the score in big digits, the likely crisis type
and a block gauge the width of the screen, readable from across a room and without colour."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits, Static

from crisistui.analysis.levels import THRESHOLDS, Level
from crisistui.analysis.severity import Assessment
from crisistui.tui.widgets.bigtext import big_text, block_text
from crisistui.tui.widgets.gauge import LEVEL_STYLE, cooling_down


class BlockGauge(Widget):
    """The score as a bar filling the width; with two lines or more, the last one names where
    each level starts."""

    DEFAULT_CSS = """
    BlockGauge { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.score: float | None = None
        self.level = Level.NORMAL

    def show(self, score: float, level: Level) -> None:
        self.score, self.level = score, level
        self.refresh()

    def render(self) -> RenderableType:
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        if self.score is None:
            return Text("")
        filled = round(width * min(max(self.score, 0.0), 100.0) / 100)
        colour = LEVEL_STYLE[self.level].replace("bold ", "").replace("white on ", "")
        bar = Text("█" * filled, style=colour)
        bar.append("░" * (width - filled), style="dim")
        rows = [bar] * (height - 1 if height > 1 else 1)
        if height > 1:
            rows.append(self._scale(width))
        return Text("\n").join(rows)

    @staticmethod
    def _scale(width: int) -> Text:
        """'normal', then each level's name from the score where it starts."""
        line = [" "] * width
        starts = [(Level.NORMAL, 0.0), *THRESHOLDS.items()]
        for level, score in starts:
            pos = min(round(width * score / 100), width - 1)
            label = ("╵" if pos else "") + level.label
            for offset, char in enumerate(label[: width - pos]):
                line[pos + offset] = char
        return Text("".join(line), style="dim")


class LevelBoard(Vertical):
    """``show`` the latest assessment; before the first one it says it is assessing.

    The score is Textual's ``Digits``, three lines high; on a big screen (``big``) the level and
    the score are drawn in solid blocks instead.
    """

    DEFAULT_CSS = """
    LevelBoard { height: auto; }
    LevelBoard > Horizontal { height: 3; }
    LevelBoard #level-word { width: auto; margin: 0 3 0 1; text-style: bold; }
    LevelBoard.-compact #level-word { margin: 1 2 0 1; }
    LevelBoard Digits { width: auto; text-style: bold; }
    LevelBoard #level-of { width: 6; height: 3; content-align: left bottom; }
    LevelBoard #level-kind { width: 1fr; height: 3; margin-left: 2; }
    LevelBoard.-normal #level-word, LevelBoard.-normal Digits { color: $success; }
    LevelBoard.-elevated #level-word, LevelBoard.-elevated Digits { color: $warning; }
    LevelBoard.-high #level-word, LevelBoard.-high Digits { color: $error; }
    LevelBoard.-critical #level-word, LevelBoard.-critical Digits {
        color: $text; background: $error;
    }
    LevelBoard #level-blocks { display: none; width: auto; }
    LevelBoard.-big > Horizontal { height: 5; }
    LevelBoard.-big #level-of, LevelBoard.-big #level-kind { height: 5; }
    LevelBoard.-big Digits { display: none; }
    LevelBoard.-big #level-blocks { display: block; }
    LevelBoard.-normal #level-blocks { color: $success; }
    LevelBoard.-elevated #level-blocks { color: $warning; }
    LevelBoard.-high #level-blocks, LevelBoard.-critical #level-blocks { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(Text("assessing…", style="dim"), id="level-word")
            yield Digits("", id="level-score")
            yield Static("", id="level-blocks")
            yield Static("", id="level-of")
            yield Static("", id="level-kind")
        yield BlockGauge(id="level-gauge")

    def show(
        self, assessment: Assessment | None, *, big: bool = False, compact: bool = False
    ) -> None:
        """``big``: the level and score in solid blocks five lines high, for large screens;
        ``compact``: the level as a plain word, so that on a narrow screen the score and the
        crisis type are not cut (at 40 columns the big word left "CRITICAL 1")."""
        self.set_class(big, "-big")
        self.set_class(compact and not big, "-compact")
        if assessment is None:
            return
        level = assessment.level
        for each in Level:
            self.set_class(each is level, f"-{each.label}")
        word = level.label.upper()
        score = f"{assessment.score:.0f}"
        drawn = block_text(word) if big else Text(word) if compact else big_text(word)
        self.query_one("#level-word", Static).update(drawn)
        self.query_one(Digits).update(score)
        self.query_one("#level-blocks", Static).update(block_text(score))
        self.query_one("#level-of", Static).update(Text("/100", style="bold"))
        self.query_one("#level-kind", Static).update(_crisis_kind(assessment, compact))
        self.query_one(BlockGauge).show(assessment.score, level)


def _crisis_kind(assessment: Assessment, compact: bool = False) -> Text:
    """The likely crisis type beside the score, and why the level is held above what the
    score now reads."""
    text = Text("crisis type\n" if compact else "likely crisis type\n", style="dim")
    text.append(assessment.crisis_type or "none", style="bold")
    holding = cooling_down(assessment)
    if holding is not None:
        text.append("\n")
        text.append_text(holding)
    return text


class DriversBoard(Widget):
    """The strongest drivers in words, one line each (cut to the width); `x` shows them all."""

    DEFAULT_CSS = """
    DriversBoard { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drivers: tuple[str, ...] = ()
        self.most = 4

    def show(self, assessment: Assessment | None, most: int) -> None:
        self.drivers = assessment.drivers if assessment else ()
        self.most = most
        self.refresh(layout=True)

    def lines(self) -> list[Text]:
        if not self.drivers:
            return [Text("• nothing unusual", style="dim")]
        return [Text(f"• {d}") for d in self.drivers[: self.most]]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines())

    def render(self) -> RenderableType:
        lines = self.lines()
        for line in lines:
            line.truncate(self.size.width, overflow="ellipsis")
        return Text("\n").join(lines)
