"""What an ideal detector could do on the detection bench: a bound, not an engine.

Run ``python bench/oracle_bound.py``. For every crisis the engine catches late or not at all,
it asks an oracle that knows the generator's true calm negative rate minute by minute (no
baseline to learn, no drift to fear) and is told where the harmless bumps are: how surprising
is the strongest window ending at the goal's deadline (Poisson, -log10), and how many alarms a
week would the oracle raise on the calm weeks of the same base rate if it alarmed at that
surprise? When that figure is far above the 0.5 a week allowed, the goal cannot be met on that
timeline by any detector that sees only counts, and no tuning will change it.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import eval_detection, timelines
from crisistui.analysis.evidence import evidence
from crisistui.domain.models import Sentiment

WINDOWS = (5, 10, 15, 30, 60, 90, 120, 180, 240, 360)
POISSON = 1e4  # negative-binomial shape that is Poisson for these counts

_builders: dict[str, Any] = {}
_finish = timelines._finish


def _keep_builder(builder: Any, *args: Any) -> timelines.Timeline:
    """Remember each timeline's builder: it alone knows the true calm rates."""
    _builders[builder.name] = builder
    return _finish(builder, *args)


timelines._finish = _keep_builder  # type: ignore[assignment]


def _series(timeline: timelines.Timeline) -> tuple[list[int], list[float]]:
    """Negatives per minute, and the true calm negatives expected per minute."""
    builder = _builders[timeline.name]
    negatives = [0] * builder.minutes
    for mention in timeline.mentions:
        if mention.label is Sentiment.NEGATIVE:
            minute = int((mention.created_at - builder.start).total_seconds() // 60)
            negatives[minute] += 1
    rate = timeline.base_per_hour
    expected = [builder.base_rate(m, rate) * builder.share(m) for m in range(builder.minutes)]
    return negatives, expected


def _prefix(values: list[Any]) -> list[float]:
    out = [0.0]
    for value in values:
        out.append(out[-1] + value)
    return out


def _surprise(cum_x: list[float], cum_mu: list[float], end: int, spans: tuple[int, ...]) -> float:
    """Strongest Poisson surprise over windows ending just before minute ``end``."""
    best = 0.0
    for span in spans:
        if span > end:
            break
        x = int(cum_x[end] - cum_x[end - span])
        mu = cum_mu[end] - cum_mu[end - span]
        if x > mu:
            best = max(best, evidence(x, mu, POISSON))
    return best


def _calm_alarms(
    weeks: list[timelines.Timeline], threshold: float, spans: tuple[int, ...]
) -> float:
    """Alarms a week (rises above ``threshold``) the oracle raises on calm weeks."""
    rises, total = 0, 0.0
    for week in weeks:
        negatives, expected = _series(week)
        cum_x, cum_mu = _prefix(negatives), _prefix(expected)
        start = _builders[week.name].start
        told = set()  # the oracle is also told about harmless bumps (and the hour after)
        for event in week.events:
            first = int((event.start - start) / timedelta(minutes=1))
            last = int((event.end - start) / timedelta(minutes=1)) + 60 + max(spans)
            told.update(range(first, last))
        above = False
        for end in range(1441, len(negatives) + 1):
            now = end not in told and _surprise(cum_x, cum_mu, end, spans) >= threshold
            rises += now and not above
            above = now
        total += week.calm_weeks
    return rises / total


def main() -> int:
    report = eval_detection.evaluate()
    late = []
    for crisis in report["crises"]:
        goal = (
            90.0
            if crisis["kind"] == "slow_burn"
            else 10.0
            if crisis["kind"] in eval_detection.FAST_KINDS
            else 360.0
        )
        delay = crisis["delay_min"]
        if delay is None or delay > goal:
            late.append((crisis, goal))
    print("crises the engine catches late or never, against an oracle that knows the true rate")
    print("  crisis                     engine    goal   oracle surprise   oracle alarms/calm wk")
    calm_by_rate: dict[float, list[timelines.Timeline]] = {}
    for crisis, goal in late:
        timeline = timelines.crisis(crisis["kind"], _rate(crisis["rate"]), crisis["seed"])
        negatives, expected = _series(timeline)
        onset = int((timeline.onsets[0] - _builders[timeline.name].start) / timedelta(minutes=1))
        deadline = onset + int(goal) + 1
        spans = tuple(s for s in WINDOWS if s <= goal + 60)
        surprise = _surprise(_prefix(negatives), _prefix(expected), deadline, spans)
        rate = timeline.base_per_hour
        if rate not in calm_by_rate:
            calm_by_rate[rate] = [timelines.calm_week(rate, s) for s in range(timelines.CALM_SEEDS)]
        alarms = _calm_alarms(calm_by_rate[rate], surprise, spans) if surprise else float("inf")
        engine = "missed" if crisis["delay_min"] is None else f"{crisis['delay_min']:.0f} min"
        print(
            f"  {timeline.name:<26} {engine:>7}  {goal:>4.0f} min  {surprise:>8.1f}"
            f"          {alarms:>8.1f}"
        )
    return 0


def _rate(label: str) -> float:
    return {timelines.rate_label(r): r for r in timelines.BASE_RATES}[label]


if __name__ == "__main__":
    sys.exit(main())
