"""Text charts for reports: plotext when it can draw to a string, a sparkline otherwise.

A report is read in a terminal, a pull request or a mail, so its charts are plain text with no
colour codes and no dependence on the size of whatever terminal wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
        plt.title(title)
        if xlabel:
            plt.xlabel(xlabel)
        text = plt.uncolorize(plt.build())
    finally:
        plt.clear_figure()
    return "\n".join(line.rstrip() for line in text.splitlines())
