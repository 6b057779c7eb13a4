"""Share of voice as bars, the brand first, with each competitor's own level at the end of its
line: the console's trends pane and the wall show it.

One line per subject: its name, a bar of its share of all mentions (every bar on the same 0–100 %
scale), the share, then, as the width allows, its share of all negative mentions and its net
sentiment; a competitor's line ends with its level (`normal`, or `HIGH` in the level's colour).
With ``briefs``, a competitor above normal gets a line saying why, as news: "Zephyr Airlines:
HIGH — negative volume 5.2σ above this hour's norm".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from crisistui.analysis.competitors import CompetitorLevel
from crisistui.analysis.levels import Level
from crisistui.analysis.share_of_voice import ShareOfVoice
from crisistui.tui.widgets.gauge import LEVEL_STYLE

EIGHTHS = " ▏▎▍▌▋▊▉"
NAME_MIN = 8
NAME_MAX = 24
NARROW = 40
"""Below this width names are cut shorter and the longest level words abbreviated, so the
bars keep a few cells (the console's side column at 80×24 is 28 wide)."""
SHORT_WORDS = {"ELEVATED": "ELEV", "CRITICAL": "CRIT"}


def share_bar(share: float | None, width: int) -> str:
    """``share`` (0–1) of ``width`` cells in eighth blocks; a share above zero draws at least
    a sliver, so a quiet competitor is not mistaken for a silent one."""
    if width <= 0:
        return ""
    if not share:
        return " " * width
    eighths = max(round(min(share, 1.0) * width * 8), 1)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def percent(share: float | None) -> str:
    """'96%', '<1%' for a sliver, '—' when there is no base."""
    if share is None:
        return "—"
    if 0 < share < 0.005:
        return "<1%"
    return f"{share:.0%}"


def net_words(net: float | None) -> str:
    return "—" if net is None else f"{net:+.2f}"


@dataclass(frozen=True, slots=True)
class _Form:
    """Which figures follow the share, and the shortest bar worth drawing them for."""

    negative: str | None
    """'{} of negative' or 'neg {}'; None leaves the negative share out."""
    net: str | None
    min_bar: int


_FORMS = (
    _Form("{} of negative", "net {}", 10),
    _Form("neg {}", "net {}", 6),
    _Form("neg {}", None, 5),
    _Form(None, None, 1),
)


def share_lines(
    share: ShareOfVoice | None,
    competitors: Sequence[CompetitorLevel],
    width: int,
    *,
    briefs: bool = False,
    styles: dict[str, Style] | None = None,
) -> list[Text]:
    """The board's lines at ``width`` cells (see the module's docstring)."""
    styles = styles or {}
    if share is None:
        return [Text("share of voice: reading…", style="dim")]
    levels = {c.subject: c for c in competitors}
    subjects = share.subjects
    longest = max((len(s.subject) for s in subjects), default=0)
    narrow = width < NARROW
    cap = NAME_MIN + 1 if narrow else max(NAME_MIN, min(NAME_MAX, width * 2 // 5))
    name_width = min(longest, cap)
    words = [levels[s.subject].word if s.subject in levels else "" for s in subjects]
    if narrow:
        words = [SHORT_WORDS.get(w, w) for w in words]
    level_width = max((len(w) for w in words), default=0)
    level_width += 1 if level_width else 0
    shares = [percent(s.share) for s in subjects]
    negatives = _aligned([percent(s.negative_share) for s in subjects])
    nets = _aligned([net_words(s.net) for s in subjects])
    for form in _FORMS:
        columns = [
            (
                share_text,
                f"  {form.negative.format(negative)}" if form.negative else "",
                f"  {form.net.format(net)}" if form.net else "",
            )
            for share_text, negative, net in zip(shares, negatives, nets, strict=True)
        ]
        figure_widths = [max((len(c[i]) for c in columns), default=0) for i in range(3)]
        used = name_width + 1 + 1 + sum(figure_widths) + level_width
        bar = width - used
        if bar >= form.min_bar:
            break
    bar = max(bar, 1)
    lines = []
    for subject, figures, word in zip(subjects, columns, words, strict=True):
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(_cut(subject.subject, name_width).ljust(name_width), "bold")
        line.append(" ")
        brand = subject is subjects[0]
        bar_style = styles.get("brand" if brand else "competitor", Style())
        line.append(share_bar(subject.share, bar), bar_style)
        line.append(" ")
        for index, (text, size) in enumerate(zip(figures, figure_widths, strict=True)):
            line.append(text.rjust(size), "" if index else "bold")
        if level_width:
            line.append(" ")
            competitor = levels.get(subject.subject)
            style = (
                LEVEL_STYLE[competitor.level]
                if competitor and competitor.level > Level.NORMAL
                else "dim"
            )
            line.append(word.ljust(level_width - 1), style)
        line.truncate(width, overflow="ellipsis")
        lines.append(line)
    if briefs:
        for competitor in competitors:
            if competitor.level > Level.NORMAL:
                said = Text(competitor.in_brief(), no_wrap=True, overflow="ellipsis")
                said.stylize(LEVEL_STYLE[competitor.level].replace("white on red", "red"))
                said.truncate(width, overflow="ellipsis")
                lines.append(said)
    return lines


def _aligned(texts: list[str]) -> list[str]:
    """Right-aligned to the longest, so a column of figures lines up."""
    size = max((len(t) for t in texts), default=0)
    return [t.rjust(size) for t in texts]


def _cut(name: str, width: int) -> str:
    return name if len(name) <= width else name[: max(width - 1, 0)] + "…"


class ShareBoard(Widget):
    """``show`` the period's share of voice and the competitors' levels."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"share-board--brand", "share-board--competitor"}
    DEFAULT_CSS = """
    ShareBoard { height: auto; }
    ShareBoard > .share-board--brand { color: $primary; }
    ShareBoard > .share-board--competitor { color: $secondary; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.share: ShareOfVoice | None = None
        self.competitors: tuple[CompetitorLevel, ...] = ()
        self.briefs = True

    def show(
        self,
        share: ShareOfVoice | None,
        competitors: Sequence[CompetitorLevel],
        *,
        briefs: bool = True,
    ) -> None:
        """``briefs``: a line of why for each competitor above normal. The screen is laid
        out again only when the board's height changes (a layout each beat was a large share
        of a flooded console's work)."""
        if (share, tuple(competitors), briefs) == (self.share, self.competitors, self.briefs):
            return  # a beat that moved nothing here paints nothing
        width = self.content_region.width or self.size.width
        before = len(self.lines(width)) if width else None
        self.share, self.competitors, self.briefs = share, tuple(competitors), briefs
        self.refresh(layout=before is None or len(self.lines(width)) != before)

    def lines(self, width: int | None = None) -> list[Text]:
        styles = {
            name: self.get_component_rich_style(f"share-board--{name}", partial=True)
            for name in ("brand", "competitor")
        }
        width = width if width is not None else self.content_region.width or self.size.width
        return share_lines(
            self.share, self.competitors, max(width, 1), briefs=self.briefs, styles=styles
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> RenderableType:
        return Text("\n").join(self.lines(self.size.width))
