"""Detection benchmark: replays labelled synthetic timelines through the severity engine.

Run ``python bench/eval_detection.py [--quick] [--json] [--preset P] [--set KNOB=VALUE]...``
(``--window N`` and ``--baseline N`` are shorthands for two knobs).

It answers the questions a threshold change has to answer before it ships: does every real
crisis still reach HIGH, how many minutes after it starts, and how often does an ordinary week
page someone for nothing. It always exits 0: it is a measuring tool, and the goal lines are
there to read, not to gate a build.

Scoring rules (event time; a replay tick at minute M is stamped M:59):

* detected: the level is HIGH or above at some tick within 6 hours after the onset (if an
  earlier alarm is still at HIGH at the onset, the crisis counts as caught with delay 0);
* delay: the first rise to HIGH+ at or after the onset, minus the onset, in minutes;
* false alarm: a change from below HIGH to HIGH+ after the warm-up day and before any onset
  (calm weeks whole, crisis timelines up to their onset), per week of such calm time;
* likely crisis type: the type the assessment names at the rise to HIGH, against the type
  whose words the crisis's mentions use (per shape, and how many rises named none);
* tick cost: wall time of ``replay`` over the number of ticks, so it includes assembling each
  tick's rollups, as the live loop's query does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timelines import CRISIS_KINDS, SUBJECT, Timeline, rate_label, suite
from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Level
from crisistui.config import SeverityConfig

DETECTION_HORIZON = timedelta(hours=6)
FAST_KINDS = ("sudden", "influencer", "news")
FAST_GOAL_MIN = 10.0
SLOW_GOAL_MIN = 90.0
MEDIAN_GOAL_MIN = 10.0
FALSE_ALARM_GOAL = 0.5
BIG_RATIO = 5.0
ATTRIBUTION_TAIL = timedelta(minutes=60)
"""A false alarm up to this long after a harmless bump ends is blamed on the bump, since the
engine's window and hysteresis keep a level up for a while."""


def _rises(result: BacktestResult, level: Level, start: datetime, end: datetime) -> list[datetime]:
    """Moments in [start, end) where the level rose from below ``level`` to ``level`` or more."""
    return [
        c.at
        for c in result.changes
        if start <= c.at < end and c.before < level <= c.assessment.level
    ]


def _level_before(result: BacktestResult, moment: datetime) -> Level:
    level = Level.NORMAL
    for change in result.changes:
        if change.at >= moment:
            break
        level = change.assessment.level
    return level


def _cause(timeline: Timeline, moment: datetime) -> str:
    """Which harmless bump (if any) a false alarm falls in or, failing that, just after: a bump
    under way beats the tail of an earlier one, the latest start winning."""
    inside = [e for e in timeline.events if e.start <= moment < e.end]
    after = [e for e in timeline.events if e.end <= moment < e.end + ATTRIBUTION_TAIL]
    if inside:
        event = max(inside, key=lambda e: e.start)
    elif after:
        event = max(after, key=lambda e: e.end)
    else:
        return "noise"
    return f"{event.kind} ({event.topic})" if event.topic else event.kind


def _score_crisis(timeline: Timeline, result: BacktestResult) -> dict[str, Any]:
    onset = timeline.onsets[0]
    horizon = onset + DETECTION_HORIZON
    carried = _level_before(result, onset) >= Level.HIGH
    change = next(
        (
            c
            for c in result.changes
            if onset <= c.at <= horizon and c.before < Level.HIGH <= c.assessment.level
        ),
        None,
    )
    rise = change.at if change else None
    detected_at = onset if carried else rise
    delay = None if detected_at is None else (detected_at - onset).total_seconds() / 60.0
    peak_level = max(
        [_level_before(result, onset)]
        + [c.assessment.level for c in result.changes if onset <= c.at <= horizon]
    )
    return {
        "name": timeline.name,
        "kind": timeline.kind,
        "rate": rate_label(timeline.base_per_hour),
        "seed": timeline.seed,
        "peak_ratio": round(timeline.peak_ratio, 2),
        "onset": onset.isoformat(),
        "detected": detected_at is not None,
        "carried_alarm": carried,
        "delay_min": None if delay is None else round(delay, 1),
        "max_level": Level(peak_level).label,
        "crisis_type": timeline.crisis_type,
        "named_type": change.assessment.crisis_type if change else None,
    }


def _score_calm(timeline: Timeline, result: BacktestResult) -> dict[str, Any]:
    high = _rises(result, Level.HIGH, timeline.warmup_end, timeline.calm_end)
    elevated = _rises(result, Level.ELEVATED, timeline.warmup_end, timeline.calm_end)
    return {
        "name": timeline.name,
        "kind": timeline.kind,
        "rate": rate_label(timeline.base_per_hour),
        "calm_weeks": timeline.calm_weeks,
        "false_alarms": len(high),
        "elevated_rises": len(elevated),
        "causes": [_cause(timeline, moment) for moment in high],
        "at": [moment.isoformat() for moment in high],
    }


def _delays(rows: list[dict[str, Any]]) -> dict[str, Any]:
    delays = [r["delay_min"] for r in rows if r["detected"]]
    return {
        "n": len(rows),
        "detected": len(delays),
        "recall": len(delays) / len(rows) if rows else None,
        "median_delay_min": round(statistics.median(delays), 1) if delays else None,
        "worst_delay_min": max(delays) if delays else None,
    }


def _false_alarm_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    weeks = sum(r["calm_weeks"] for r in rows)
    count = sum(r["false_alarms"] for r in rows)
    return {
        "count": count,
        "calm_weeks": round(weeks, 3),
        "per_week": count / weeks if weeks else None,
        "elevated_per_week": sum(r["elevated_rises"] for r in rows) / weeks if weeks else None,
    }


def _named(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """How often the likely crisis type at the rise to high is the crisis's own type (rises
    only: a crisis caught by an alarm already up has no rise to name it at)."""
    risen = [r for r in rows if r["detected"] and not r["carried_alarm"]]
    return {
        "right": sum(r["named_type"] == r["crisis_type"] for r in risen),
        "none": sum(r["named_type"] is None for r in risen),
        "of": len(risen),
    }


def _goal(goal: str, figure: str, passed: bool) -> dict[str, Any]:
    return {"goal": goal, "figure": figure, "pass": passed}


def _delay_goal(rows: list[dict[str, Any]], limit: float) -> tuple[str, bool]:
    """Every crisis of the group caught, the slowest within ``limit`` minutes."""
    summary = _delays(rows)
    missed = summary["n"] - summary["detected"]
    worst = summary["worst_delay_min"]
    figure = "none caught" if worst is None else f"worst {worst:.1f} min"
    if missed:
        figure += f", {missed} missed"
    return figure, missed == 0 and worst is not None and worst <= limit


def evaluate(quick: bool = False, settings: SeverityConfig | None = None) -> dict[str, Any]:
    """Replay the suite and return every figure as plain data (JSON-ready)."""
    settings = settings or SeverityConfig()
    crises: list[dict[str, Any]] = []
    calm: list[dict[str, Any]] = []
    replay_seconds = 0.0
    ticks = 0
    for timeline in suite(quick):
        started = time.perf_counter()
        result = replay(timeline.mentions, SUBJECT, settings)
        replay_seconds += time.perf_counter() - started
        ticks += sum(result.minutes_at.values())
        calm.append(_score_calm(timeline, result))
        if timeline.onsets:
            crises.append(_score_crisis(timeline, result))

    rates = list(dict.fromkeys(r["rate"] for r in calm))
    by_shape = {kind: _delays([r for r in crises if r["kind"] == kind]) for kind in CRISIS_KINDS}
    by_rate = {
        rate: {
            **_delays([r for r in crises if r["rate"] == rate]),
            "false_alarms": _false_alarm_summary([r for r in calm if r["rate"] == rate]),
        }
        for rate in rates
    }
    overall = _delays(crises)
    false_alarms = {
        **_false_alarm_summary(calm),
        "calm_week_timelines": _false_alarm_summary([r for r in calm if r["kind"] == "calm"]),
        "pre_onset": _false_alarm_summary([r for r in calm if r["kind"] != "calm"]),
        "by_cause": {},
    }
    for row in calm:
        for cause in row["causes"]:
            false_alarms["by_cause"][cause] = false_alarms["by_cause"].get(cause, 0) + 1

    named = {
        **_named(crises),
        "by_shape": {
            kind: _named([r for r in crises if r["kind"] == kind]) for kind in CRISIS_KINDS
        },
    }
    big = [r for r in crises if r["peak_ratio"] >= BIG_RATIO]
    big_caught = sum(r["detected"] for r in big)
    median = overall["median_delay_min"]
    fast_figure, fast_ok = _delay_goal([r for r in crises if r["kind"] in FAST_KINDS], 10.0)
    slow_figure, slow_ok = _delay_goal([r for r in crises if r["kind"] == "slow_burn"], 90.0)
    per_week = false_alarms["per_week"]
    goals = [
        _goal(
            "every crisis ≥5× caught at high+",
            f"{big_caught}/{len(big)}",
            bool(big) and big_caught == len(big),
        ),
        _goal(
            "median delay ≤10 min",
            "none caught" if median is None else f"{median:.1f} min",
            median is not None and median <= MEDIAN_GOAL_MIN,
        ),
        _goal("sudden/influencer/news ≤10 min", fast_figure, fast_ok),
        _goal("slow burn ≤90 min", slow_figure, slow_ok),
        _goal(
            "≤0.5 false alarms/calm week",
            "n/a" if per_week is None else f"{per_week:.2f}/week",
            per_week is not None and per_week <= FALSE_ALARM_GOAL,
        ),
    ]
    return {
        "quick": quick,
        "settings": settings.model_dump(),
        "overall": overall,
        "by_shape": by_shape,
        "by_rate": by_rate,
        "false_alarms": false_alarms,
        "crisis_type_named": named,
        "tick_us": replay_seconds / ticks * 1e6 if ticks else None,
        "ticks": ticks,
        "replay_seconds": round(replay_seconds, 2),
        "goals": goals,
        "crises": crises,
        "calm": calm,
    }


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def _row(label: str, s: dict[str, Any], extra: str = "") -> str:
    return (
        f"  {label:<11}{s['n']:>3}  {s['detected']:>3}/{s['n']:<3}  "
        f"{_fmt(s['median_delay_min']):>7}  {_fmt(s['worst_delay_min']):>7}{extra}"
    )


def _windows(settings: dict[str, Any]) -> str:
    spans = sorted({settings["window_minutes"], *settings["long_windows_minutes"]})
    return "/".join(str(span) for span in spans)


def any_missed(report: dict[str, Any]) -> bool:
    return any(not c["detected"] for c in report["crises"])


def render(report: dict[str, Any]) -> str:
    """The compact text table and the goal lines."""
    s = report["settings"]
    lines = [
        "crisistui detection bench"
        + (" (quick)" if report["quick"] else "")
        + f" — preset {s['preset']}",
        f"  windows {_windows(s)} min, baseline ≥{s['baseline_minutes']}"
        f" min (gap {s['baseline_gap_minutes']}), evidence elevated/high/critical "
        f"{s['elevated_at']:g}/{s['high_at']:g}/{s['critical_at']:g}, dispersion "
        f"{s['dispersion']:g}, min window neg {s['min_window_negative']}",
        "",
        "  shape        n  caught    median    worst   (delay after onset, min; HIGH+ ≤6 h)",
    ]
    for kind, summary in report["by_shape"].items():
        lines.append(_row(kind, summary))
    lines.append(_row("all", report["overall"]))
    lines += ["", "  base rate    n  caught    median    worst   false alarms/calm wk (elevated)"]
    for rate, summary in report["by_rate"].items():
        fa = summary["false_alarms"]
        extra = (
            f"   {fa['count']:>3} in {fa['calm_weeks']:.2f} wk = {_fmt(fa['per_week'], '.2f')}"
            f" ({_fmt(fa['elevated_per_week'], '.1f')})"
        )
        lines.append(_row(rate, summary, extra))
    lines += [
        "",
        "  missed (highest level within 6 h):" if any_missed(report) else "  missed: none",
    ]
    for kind in report["by_shape"]:
        missed = [
            f"{c['rate']}-s{c['seed']} {c['max_level']}"
            for c in report["crises"]
            if c["kind"] == kind and not c["detected"]
        ]
        if missed:
            lines.append(f"    {kind:<11}{', '.join(missed)}")
    fa = report["false_alarms"]
    cw, pre = fa["calm_week_timelines"], fa["pre_onset"]
    named = report["crisis_type_named"]
    by_shape = ", ".join(f"{k} {v['right']}/{v['of']}" for k, v in named["by_shape"].items())
    causes = ", ".join(f"{k} {v}" for k, v in sorted(fa["by_cause"].items())) or "none"
    lines += [
        f"  false alarms: {fa['count']} in {fa['calm_weeks']:.2f} calm weeks = "
        f"{_fmt(fa['per_week'], '.2f')}/week (calm weeks {cw['count']} in "
        f"{cw['calm_weeks']:.2f}; pre-onset {pre['count']} in {pre['calm_weeks']:.2f})",
        f"  rises to elevated (not alarms, for context): "
        f"{_fmt(fa['elevated_per_week'], '.1f')}/calm week",
        f"  false alarms by cause: {causes}",
        f"  likely crisis type at the rise to high: right for {named['right']} of "
        f"{named['of']}, none for {named['none']} ({by_shape})",
        f"  tick cost: {_fmt(report['tick_us'])} µs per engine.assess (incl. rollup assembly), "
        f"{report['ticks']:,} ticks, {report['replay_seconds']:.1f} s replay",
        "",
        "  goals",
    ]
    for goal in report["goals"]:
        verdict = "PASS" if goal["pass"] else "FAIL"
        lines.append(f"    {goal['goal']:<36}{goal['figure']:<28}{verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced suite (for tests)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--window", type=int, help="SeverityConfig.window_minutes")
    parser.add_argument("--baseline", type=int, help="SeverityConfig.baseline_minutes")
    parser.add_argument("--preset", choices=["sensitive", "balanced", "strict"])
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KNOB=VALUE",
        help="any SeverityConfig knob, value as JSON (e.g. --set high_at=4 --set "
        "long_windows_minutes=[15,60])",
    )
    args = parser.parse_args(argv)
    knobs: dict[str, Any] = {}
    if args.window is not None:
        knobs["window_minutes"] = args.window
    if args.baseline is not None:
        knobs["baseline_minutes"] = args.baseline
    if args.preset is not None:
        knobs["preset"] = args.preset
    for item in args.set:
        key, _, value = item.partition("=")
        knobs[key] = json.loads(value)
    report = evaluate(args.quick, SeverityConfig(**knobs))
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
