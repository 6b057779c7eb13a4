"""Detection benchmark: replays labelled synthetic timelines through the severity engine.

Run ``python bench/eval_detection.py [--quick] [--languages] [--json] [--preset P]
[--set KNOB=VALUE]...`` (``--window N`` and ``--baseline N`` are shorthands for two knobs).

The default run is the main suite (generator-labelled timelines) followed by the multilingual
suite (``bench.multilingual``: crises breaking out in Vietnamese, Tagalog, Russian, Persian,
Chinese and Spanish, written as text and scored by the real pipeline); ``--languages`` runs the
multilingual suite alone, ``--quick`` the main suite's reduced version alone (with
``--languages``, the multilingual suite's one quick crisis).

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
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import multilingual
from bench.timelines import CRISIS_KINDS, SUBJECT, Timeline, rate_label, suite
from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Level
from crisistui.config import SeverityConfig
from crisistui.domain.models import Sentiment

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


def _median_goal(median: float | None) -> dict[str, Any]:
    figure = "none caught" if median is None else f"{median:.1f} min"
    return _goal("median delay ≤10 min", figure, median is not None and median <= MEDIAN_GOAL_MIN)


def _false_alarm_goal(per_week: float | None) -> dict[str, Any]:
    figure = "n/a" if per_week is None else f"{per_week:.2f}/week"
    passed = per_week is not None and per_week <= FALSE_ALARM_GOAL
    return _goal("≤0.5 false alarms/calm week", figure, passed)


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
        _median_goal(median),
        _goal("sudden/influencer/news ≤10 min", fast_figure, fast_ok),
        _goal("slow burn ≤90 min", slow_figure, slow_ok),
        _false_alarm_goal(per_week),
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


# -- the multilingual suite ---------------------------------------------------------------

LABELS = (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE, Sentiment.UNSCORED)


def _shares(counts: dict[str, int]) -> dict[str, float | None]:
    total = sum(counts.values())
    return {k: (v / total if total else None) for k, v in counts.items()}


def _written_as(timeline: multilingual.LanguageTimeline) -> dict[str, Any]:
    """What the pipeline made of the texts: labels and identified language of the storm's
    mentions (complaints and questions), the complaints alone, and the calm chatter."""
    storm = {label.value: 0 for label in LABELS}
    complaints = {label.value: 0 for label in LABELS}
    chatter = {label.value: 0 for label in LABELS}
    storm_lang = storm_n = storm_terms = 0
    chatter_lang = chatter_n = gripes = 0
    for mention in timeline.mentions:
        lang, intent = timeline.written[mention.external_id]
        label = mention.label.value
        if intent in multilingual.STORM_INTENTS:
            storm[label] += 1
            storm_n += 1
            storm_lang += mention.lang == lang
            storm_terms += bool(mention.triggers)
            if intent == "storm":
                complaints[label] += 1
        else:
            chatter[label] += 1
            chatter_n += 1
            chatter_lang += mention.lang == lang
            gripes += intent == "gripe"
    return {
        "storm": storm,
        "complaints": complaints,
        "chatter": chatter,
        "storm_mentions": storm_n,
        "storm_lang_ok": storm_lang,
        "storm_with_terms": storm_terms,
        "chatter_mentions": chatter_n,
        "chatter_lang_ok": chatter_lang,
        "chatter_gripes": gripes,
    }


def _add_counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, dict):
                into = total.setdefault(key, {})
                for k, v in value.items():
                    into[k] = into.get(k, 0) + v
            else:
                total[key] = total.get(key, 0) + value
    return total


def evaluate_languages(
    quick: bool = False, settings: SeverityConfig | None = None
) -> dict[str, Any]:
    """Write, score (``Pipeline.process``) and replay the multilingual suite; every figure as
    plain data (JSON-ready)."""
    settings = settings or SeverityConfig()
    crises: list[dict[str, Any]] = []
    calm: list[dict[str, Any]] = []
    written: dict[str, list[dict[str, Any]]] = {}
    bumps: dict[str, int] = {}
    pipeline_seconds = replay_seconds = 0.0
    items = ticks = 0
    began = time.perf_counter()
    for spec in multilingual.specs(quick):
        started = time.perf_counter()
        timeline = multilingual.generate(spec)
        pipeline_seconds += time.perf_counter() - started
        items += len(timeline.mentions) + timeline.unmatched
        started = time.perf_counter()
        result = replay(timeline.mentions, multilingual.BRAND, settings)
        replay_seconds += time.perf_counter() - started
        ticks += sum(result.minutes_at.values())
        for event in timeline.events:
            if timeline.warmup_end <= event.start < timeline.calm_end:
                cause = f"{event.kind} ({event.topic})"
                bumps[cause] = bumps.get(cause, 0) + 1
        scenario = timeline.scenario
        per_day = spec[2]
        calm.append({**_score_calm(timeline, result), "scenario": scenario, "per_day": per_day})
        seen = _written_as(timeline)
        written.setdefault(scenario, []).append(seen)
        if timeline.onsets:
            crises.append(
                {
                    **_score_crisis(timeline, result),
                    "scenario": scenario,
                    "storm_lang": timeline.storm_lang,
                    "per_day": per_day,
                    "unmatched": timeline.unmatched,
                    "negative_inflation": timeline.negative_inflation,
                    "storm_labels": seen["storm"],
                    "storm_mentions": seen["storm_mentions"],
                    "storm_lang_ok": seen["storm_lang_ok"],
                }
            )
    scenarios = list(dict.fromkeys(spec[1] for spec in multilingual.specs(quick)))
    by_scenario: dict[str, Any] = {}
    for key in scenarios:
        mine = [r for r in crises if r["scenario"] == key]
        seen = _add_counts(written[key])
        by_scenario[key] = {
            "title": multilingual.SCENARIO_BY_KEY[key].title,
            "storm_lang": multilingual.SCENARIO_BY_KEY[key].storm,
            "rates_per_day": [r["per_day"] for r in mine],
            **_delays(mine),
            "max_levels": [r["max_level"] for r in mine],
            "false_alarms": _false_alarm_summary([r for r in calm if r["scenario"] == key]),
            "calm_week": _false_alarm_summary(
                [r for r in calm if r["scenario"] == key and r["kind"] == "calm"]
            ),
            "storm_shares": _shares(seen["storm"]),
            "complaint_shares": _shares(seen["complaints"]),
            "chatter_shares": _shares(seen["chatter"]),
            "storm_lang_share": seen["storm_lang_ok"] / seen["storm_mentions"]
            if seen["storm_mentions"]
            else None,
            "storm_terms_share": seen["storm_with_terms"] / seen["storm_mentions"]
            if seen["storm_mentions"]
            else None,
            "chatter_lang_share": seen["chatter_lang_ok"] / seen["chatter_mentions"]
            if seen["chatter_mentions"]
            else None,
            "chatter_gripe_share": seen["chatter_gripes"] / seen["chatter_mentions"]
            if seen["chatter_mentions"]
            else None,
            "counts": seen,
        }
    overall = _delays(crises)
    false_alarms = {
        **_false_alarm_summary(calm),
        "calm_week_timelines": _false_alarm_summary([r for r in calm if r["kind"] == "calm"]),
        "pre_onset": _false_alarm_summary([r for r in calm if r["kind"] != "calm"]),
    }
    by_cause: dict[str, int] = {}
    by_scenario_cause: dict[str, int] = {}
    for row in calm:
        for cause in row["causes"]:
            by_cause[cause] = by_cause.get(cause, 0) + 1
            where = f"{row['scenario']} {cause}"
            by_scenario_cause[where] = by_scenario_cause.get(where, 0) + 1
    false_alarms["by_cause"] = by_cause
    false_alarms["by_scenario_and_cause"] = by_scenario_cause
    false_alarms["bumps"] = bumps
    named: dict[str, int] = {}
    for row in crises:
        if row["detected"] and not row["carried_alarm"]:
            kind = row["named_type"] or "none"
            named[kind] = named.get(kind, 0) + 1
    caught = overall["detected"]
    median = overall["median_delay_min"]
    per_week = false_alarms["per_week"]
    goals = [
        _goal(
            "every crisis caught at high+",
            f"{caught}/{len(crises)}",
            bool(crises) and caught == len(crises),
        ),
        _median_goal(median),
        _false_alarm_goal(per_week),
    ]
    return {
        "quick": quick,
        "settings": settings.model_dump(),
        "overall": overall,
        "by_scenario": by_scenario,
        "false_alarms": false_alarms,
        "named_types": named,
        "items": items,
        "ticks": ticks,
        "pipeline_seconds": round(pipeline_seconds, 2),
        "replay_seconds": round(replay_seconds, 2),
        "seconds": round(time.perf_counter() - began, 2),
        "goals": goals,
        "crises": crises,
        "calm": calm,
    }


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, 100, subsequent_indent="      ", break_on_hyphens=False)


def _listed(head: str, items: list[str], empty: str = "none") -> list[str]:
    """``head`` and the items, comma-separated, wrapped at 100 columns between items."""
    lines = [head + (items[0] if items else empty)]
    for item in items[1:]:
        if len(lines[-1]) + 2 + len(item) > 100:
            lines[-1] += ","
            lines.append("      " + item)
        else:
            lines[-1] += ", " + item
    return lines


def render_languages(report: dict[str, Any]) -> str:
    """The multilingual suite's tables and goal lines."""
    s = report["settings"]
    lines = [
        "crisistui detection bench — crises in other languages"
        + (" (quick)" if report["quick"] else "")
        + f" — preset {s['preset']}, thresholds "
        f"{s['elevated_at']:g}/{s['high_at']:g}/{s['critical_at']:g}",
        "  sudden 6–10× negative storms in the storm language; every text through Pipeline.process",
        "",
        "  brand's chatter → storm          rates/day   n  caught   median   worst"
        "   false alarms/calm wk",
    ]

    def row_line(label: str, rates: str, d: dict[str, Any], fa: dict[str, Any]) -> str:
        return (
            f"  {label:<28}{rates:>17} {d['n']:>3}  {d['detected']:>3}/{d['n']:<3}"
            f"{_fmt(d['median_delay_min']):>7} {_fmt(d['worst_delay_min']):>7}"
            f"   {fa['count']:>2} in {fa['calm_weeks']:.2f} wk = {_fmt(fa['per_week'], '.2f')}"
        )

    for key, row in report["by_scenario"].items():
        rates = ", ".join(f"{r:g}" for r in row["rates_per_day"]) or "-"
        label = f"{key:<7}{row['title']}"[:28]
        lines.append(row_line(label, rates, row, row["false_alarms"]))
    fa = report["false_alarms"]
    lines.append(row_line("all", "", report["overall"], fa))
    lines += [
        "",
        "  what the pipeline said      storm mentions                       calm chatter",
        "                              neg  neu  pos unsc lang ok terms   neg (written) unsc"
        " lang ok",
    ]
    for key, row in report["by_scenario"].items():
        st, ch = row["storm_shares"], row["chatter_shares"]
        lines.append(
            f"  {key:<7}storm in {row['storm_lang']:<11}"
            f"{_pct(st['negative']):>4} {_pct(st['neutral']):>4} {_pct(st['positive']):>4}"
            f" {_pct(st['unscored']):>4} {_pct(row['storm_lang_share']):>7}"
            f" {_pct(row['storm_terms_share']):>5}   "
            f"{_pct(ch['negative']):>3} ({_pct(row['chatter_gripe_share']):>3})"
            f" {_pct(ch['unscored']):>8} {_pct(row['chatter_lang_share']):>7}"
        )
    missed = [
        f"{c['scenario']} {c['per_day']:g}/day-s{c['seed']} {c['max_level']}"
        for c in report["crises"]
        if not c["detected"]
    ]
    late = [
        f"{c['scenario']} {c['per_day']:g}/day {c['delay_min']:.0f} min"
        for c in report["crises"]
        if c["detected"] and c["delay_min"] > FAST_GOAL_MIN
    ]
    cw, pre = fa["calm_week_timelines"], fa["pre_onset"]
    causes = [
        f"{cause} {count}" + (f" of {fa['bumps'][cause]}" if cause in fa["bumps"] else "")
        for cause, count in sorted(fa["by_cause"].items())
    ]
    named = ", ".join(f"{k} {v}" for k, v in sorted(report["named_types"].items())) or "-"
    lines.append("")
    lines += _listed("  missed (highest level within 6 h): ", missed)
    lines += _listed("  caught later than 10 min: ", late)
    lines += _wrapped(
        f"  false alarms: {fa['count']} in {fa['calm_weeks']:.2f} calm weeks = "
        f"{_fmt(fa['per_week'], '.2f')}/week (calm weeks {cw['count']} in "
        f"{cw['calm_weeks']:.2f}; pre-onset {pre['count']} in {pre['calm_weeks']:.2f}); "
        f"rises to elevated {_fmt(fa['elevated_per_week'], '.1f')}/calm week"
    )
    lines += _listed("  false alarms by cause (of so many bumps): ", causes)
    lines += _wrapped(f"  likely crisis type at the rise to high: {named}")
    lines += _wrapped(
        f"  {report['items']:,} items written and put through Pipeline.process in "
        f"{report['pipeline_seconds']:.1f} s, {report['ticks']:,} ticks replayed in "
        f"{report['replay_seconds']:.1f} s; {report['seconds']:.0f} s in all"
    )
    lines += ["", "  goals (multilingual)"]
    for goal in report["goals"]:
        verdict = "PASS" if goal["pass"] else "FAIL"
        lines.append(f"    {goal['goal']:<36}{goal['figure']:<28}{verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced suite (for tests)")
    parser.add_argument(
        "--languages",
        action="store_true",
        help="only the multilingual suite (crises in other languages, through the pipeline)",
    )
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
    settings = SeverityConfig(**knobs)
    if args.languages:
        report = evaluate_languages(args.quick, settings)
        text = render_languages(report)
    else:
        report = evaluate(args.quick, settings)
        text = render(report)
        if not args.quick:
            report["languages"] = evaluate_languages(False, settings)
            text += "\n\n" + render_languages(report["languages"])
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
