"""Text charts for reports: plotext when it can draw to a string, a sparkline otherwise; and
the same charts as PNG or SVG files (matplotlib, the optional ``charts`` extra).

A report is read in a terminal, a pull request or a mail, so its charts are plain text with no
colour codes and no dependence on the size of whatever terminal wrote them. Files are for what
leaves the terminal: a slide, a review in a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crisistui.reports.report import Report

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, scaled between the lowest and highest; gaps stay blank."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif span == 0:
            out.append(SPARKS[len(SPARKS) // 2] if value else SPARKS[0])
        else:
            out.append(SPARKS[round((value - low) / span * (len(SPARKS) - 1))])
    return "".join(out)


def sparkline_chart(
    title: str, xs: Sequence[float], series: Mapping[str, Sequence[float | None]]
) -> str:
    """The fallback chart: a titled sparkline per series, with its range and the x span."""
    lines = [title]
    width = max((len(name) for name in series), default=0)
    for name, values in series.items():
        known = [v for v in values if v is not None]
        scale = f"  {min(known):g}…{max(known):g}" if known else "  (no data)"
        lines.append(f"{name:<{width}} {sparkline(values)}{scale}")
    if xs:
        lines.append(f"{'':<{width}} from {xs[0]:g} to {xs[-1]:g}")
    return "\n".join(lines)


def line_chart(
    title: str,
    xs: Sequence[float],
    series: Mapping[str, Sequence[float | None]],
    *,
    xlabel: str = "",
    width: int = 72,
    height: int = 14,
) -> str:
    """A line chart as text (plotext), or the sparkline fallback if plotext cannot draw it."""
    if not xs or not any(v is not None for values in series.values() for v in values):
        return f"{title}\n(no data)"
    try:
        return _plotext_chart(title, xs, series, xlabel, width, height)
    except Exception:  # plotext is a nicety; the report must still be written
        return sparkline_chart(title, xs, series)


def _plotext_chart(
    title: str,
    xs: Sequence[float],
    series: Mapping[str, Sequence[float | None]],
    xlabel: str,
    width: int,
    height: int,
) -> str:
    import plotext as plt

    plt.clear_figure()
    try:
        plt.plot_size(width, height)
        plt.theme("clear")
        for name, values in series.items():
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            if points:
                plt.plot([p[0] for p in points], [p[1] for p in points], label=name)
        if xs[0] < xs[-1]:  # every chart of one report on the same axis, however sparse
            plt.xlim(xs[0], xs[-1])
        plt.title(title)
        if xlabel:
            plt.xlabel(xlabel)
        text = plt.uncolorize(plt.build())
    finally:
        plt.clear_figure()
    return "\n".join(line.rstrip() for line in text.splitlines())


# Chart files (PNG, SVG) for documents that leave the terminal: a slide, a mail, a review.
# matplotlib is an optional extra, imported only here and only when a file is drawn.

FILE_FORMATS = (".png", ".svg")
EMPTY_PERIOD = "no mentions in this period"
INSTALL_CHARTS = "pip install 'crisistui[charts]'"
_FIGURE_INCHES = (10.0, 4.5)
_DPI = 100
_RC = {
    "svg.fonttype": "none",  # text stays text: names can be searched, read and parsed
    "svg.hashsalt": "crisistui",  # the same data draws the same file
    "text.parse_math": False,  # a '$' in a subject's name is a dollar, not TeX
}


class ChartsUnavailableError(RuntimeError):
    """PNG and SVG need matplotlib, which is the optional ``charts`` extra."""

    def __init__(self) -> None:
        super().__init__(
            f"PNG and SVG charts need matplotlib: install crisistui[charts] ({INSTALL_CHARTS}); "
            "CSV needs nothing extra"
        )


def require_chart_files() -> None:
    """Fail early, before any database is read, when PNG/SVG cannot be drawn."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ChartsUnavailableError from None


def draw_chart_file(
    path: Path,
    *,
    title: str,
    edges: Sequence[datetime],
    series: Mapping[str, Sequence[float | None]],
    ylabel: str,
    stacked: bool = False,
    zero_line: bool = False,
    limits: tuple[float, float] | None = None,
    legend: Mapping[str, str] | None = None,
    empty: bool = False,
) -> None:
    """Draw one time chart to ``path`` (PNG or SVG, by its suffix) with matplotlib's Agg
    canvas (no display needed).

    ``edges`` are the bucket boundaries (one more than the values of each series): every
    bucket is drawn as a flat step over its own time, so a 15 min bucket is not read as a
    point. Missing values (None) are gaps. ``stacked`` stacks the series as areas (shares);
    ``legend`` gives each series its legend text (its name otherwise). ``empty`` draws the
    axes with "no mentions in this period" instead of flat zeros.
    """
    fmt = path.suffix.lower().lstrip(".")
    if f".{fmt}" not in FILE_FORMATS:
        raise ValueError(f"{path}: not a .png or .svg file")
    require_chart_files()
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with mpl.rc_context(_RC):
        figure = Figure(figsize=_FIGURE_INCHES, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(title)
        axes.set_ylabel(ylabel)
        if edges:
            _time_axis(axes, edges)
        if zero_line:
            axes.axhline(0, color="0.4", linewidth=0.8)
        if limits is not None:
            axes.set_ylim(*limits)
        if empty or len(edges) < 2 or not series:
            axes.text(
                0.5, 0.5, EMPTY_PERIOD, transform=axes.transAxes, ha="center", va="center",
                fontsize="large", color="0.3",
            )  # fmt: skip
            axes.set_yticks([])  # no scale for nothing
        else:
            _draw_series(axes, edges, series, stacked, legend or {})
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(path, format=fmt, dpi=_DPI, metadata=metadata)


def _time_axis(axes: Any, edges: Sequence[datetime]) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(tz=UTC)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=UTC))
    axes.set_xlim(edges[0], edges[-1])
    axes.set_xlabel("UTC")


def _draw_series(
    axes: Any,
    edges: Sequence[datetime],
    series: Mapping[str, Sequence[float | None]],
    stacked: bool,
    legend: Mapping[str, str],
) -> None:
    nan = float("nan")
    names = list(series)
    # A step-post line needs the last bucket's value again at the period's end.
    values = [
        [nan if v is None else float(v) for v in series[name]] + [_last(series[name])]
        for name in names
    ]
    if stacked:
        filled = [[0.0 if v != v else v for v in row] for row in values]  # gaps: nothing
        areas = axes.stackplot(list(edges), *filled, step="post", alpha=0.85)
        handles = list(areas)
    else:
        handles = [axes.step(list(edges), row, where="post", linewidth=1.6)[0] for row in values]
    # Labels given explicitly: matplotlib would drop a name that starts with "_".
    # Beside the plot, never over the data it explains.
    axes.legend(
        handles,
        [legend.get(name, name) for name in names],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
    )


def _last(values: Sequence[float | None]) -> float:
    return float("nan") if not values or values[-1] is None else float(values[-1])


def write_incident_charts(report: Report, markdown: Path, fmt: str = "svg") -> list[Path]:
    """Draw the report's volume and sentiment charts as files beside its Markdown file
    (``review.md`` → ``review-volume.svg``, ``review-sentiment.svg``); the paths written.

    The same series as the text charts: the incident's subject, from the calm before detection
    to the end, in the report's buckets.
    """
    ext = f".{fmt.lower().lstrip('.')}"
    if ext not in FILE_FORMATS:
        raise ValueError(f"{fmt!r}: charts are written as png or svg")
    require_chart_files()
    points = report.series
    step = timedelta(minutes=report.bucket_minutes)
    edges = [p.start for p in points] + ([points[-1].start + step] if points else [])
    subject = report.data.subject or "mentions"
    per = f"per {report.bucket_minutes} min"
    number = f"Incident #{report.incident.id}"
    volume = markdown.with_name(f"{markdown.stem}-volume{ext}")
    draw_chart_file(
        volume,
        title=f"{number}: {subject} mentions {per}",
        edges=edges,
        series={
            "all": [float(p.volume) for p in points],
            "negative": [float(p.negative) for p in points],
        },
        legend={
            "all": f"all ({sum(p.volume for p in points):,})",
            "negative": f"negative ({sum(p.negative for p in points):,})",
        },
        ylabel="mentions",
        empty=not any(p.volume for p in points),
    )
    sentiment = markdown.with_name(f"{markdown.stem}-sentiment{ext}")
    draw_chart_file(
        sentiment,
        title=f"{number}: {subject} net sentiment {per}",
        edges=edges,
        series={"net sentiment": [p.mean_sentiment for p in points]},
        ylabel="mean compound (scored mentions)",
        zero_line=True,
        limits=(-1.0, 1.0),
        empty=not any(p.mean_sentiment is not None for p in points),
    )
    return [volume, sentiment]


def chart_links(paths: Sequence[Path]) -> str:
    """Markdown image links to chart files written beside the Markdown file (by name, so the
    folder can be moved or attached whole)."""
    from urllib.parse import quote

    return "\n\n".join(f"![{path.stem.rsplit('-', 1)[-1]}]({quote(path.name)})" for path in paths)
