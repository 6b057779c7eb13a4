"""The engine's shortcuts give what the plain ways gave, to the last bit: a replay ticks it
hundreds of times on a week of rollups, so it takes them (appends instead of inserts, slices
instead of regrouping, tests left out when they cannot change the answer, the continued
fraction with its guards as comparisons), and nothing it says may change for that."""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable

import pytest
from bench import timelines
from hypothesis import given, settings
from hypothesis import strategies as st

from crisistui.analysis import evidence, recovery, triggers
from crisistui.analysis.backtest import replay
from crisistui.analysis.baseline import BURST_FACTOR, History
from crisistui.analysis.evidence import nb_shape, shortfall
from crisistui.analysis.recovery import FADED_SHARE
from crisistui.analysis.severity import Assessment
from crisistui.analysis.sparse_counts import SparseCounts
from crisistui.analysis.triggers import TermMemory, TermSurge, WindowFrame
from crisistui.analysis.warm import _ByMinute
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention
from crisistui.domain.records import Rollup
from tests.ticks import recorded_ticks

_TINY = 1e-300


def _textbook_beta_cf(a: float, b: float, x: float) -> float:
    """The continued fraction as first written (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-10:
            break
    return h


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def test_the_continued_fraction_gives_the_textbook_bits() -> None:
    rng = random.Random(3)
    cases = [(1.0, 1.0, 0.5), (5.0, 1e4, 1e-9), (1e4, 5.0, 1.0 - 1e-9), (400.0, 3.0, 0.99)]
    for _ in range(3000):
        count = float(rng.randint(1, 2000))
        shape = rng.choice((rng.uniform(0.5, 40.0), 1e4, rng.uniform(40.0, 5000.0)))
        mean = count / rng.uniform(1.0, 8.0)
        q = mean / (mean + shape)
        cases += [(count, shape, q), (shape, count + 1.0, 1.0 - q)]
    for a, b, x in cases:
        assert _same(evidence._beta_cf(a, b, x), _textbook_beta_cf(a, b, x)), (a, b, x)


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 5), st.sampled_from(["put", "total", "drop"])),
        max_size=120,
    )
)
@settings(max_examples=300, deadline=None)
def test_sparse_counts_answer_as_a_plain_table(steps: list[tuple[int, int, str]]) -> None:
    """Puts in order (appended) and out of order (inserted), replaced, zero, forgotten."""
    counts, plain = SparseCounts(), {}
    for minute, value, step in steps:
        if step == "put":
            counts.put(minute, value)
            if value or minute in plain:
                plain[minute] = value
        elif step == "drop":
            counts.forget_before(minute)
            plain = {m: v for m, v in plain.items() if m >= minute}
        for start, end in ((minute - 7, minute + 3), (0, 50), (minute, minute - 2)):
            assert counts.total(start, end) == sum(v for m, v in plain.items() if start <= m < end)
        assert counts.minutes == sorted(plain)
        assert counts.values == [plain[m] for m in sorted(plain)]


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 9), st.integers(0, 9)), max_size=80))
@settings(max_examples=200, deadline=None)
def test_history_answers_as_a_plain_table(puts: list[tuple[int, int, int]]) -> None:
    """The next minute appended, a gap, an earlier minute, a minute read again."""
    history, plain = History(10**6), {}
    for minute, volume, negative in puts:
        history.put(minute + 1000, volume, negative, 0)
        plain[minute + 1000] = (volume, negative)
        for start, end in ((900, 1400), (minute + 990, minute + 1003)):
            inside = [plain[m] for m in plain if start <= m < end]
            assert history.sums(start, end) == (
                sum(v for v, _ in inside),
                sum(n for _, n in inside),
            )
    assert history.first == min((m + 1000 for m, v, _ in puts if v), default=None)
    if plain:
        end = max(plain) + 1
        for needed in (1, 5, 40):
            start = history.start_holding(end, needed)
            held = sum(n for m, (_, n) in plain.items() if start <= m < end)
            assert held >= needed or start == history.origin


def test_a_burst_hour_is_the_busiest_clock_hour_as_summed_one_by_one() -> None:
    rng = random.Random(5)
    history = History(10**6)
    for minute in range(0, 3000):
        volume = rng.randint(0, 6) + (40 if 1500 <= minute < 1560 else 0)
        history.put(minute, volume, rng.randint(0, volume), 0)
    for start, end in ((1400, 1700), (1430, 1430 + 1440), (100, 400), (1499, 1800), (10, 200)):
        pieces = []
        edge = start
        while edge < end:
            upper = min((edge // 60 + 1) * 60, end)
            volume, negative = history.sums(edge, upper)
            pieces.append((volume - negative, edge, upper))
            edge = upper
        busiest = max(pieces)
        typical = statistics.median(p[0] for p in pieces)
        expected = busiest[1:] if busiest[0] > BURST_FACTOR * max(typical, 1) else None
        assert history._burst_hour(start, end) == expected, (start, end)
    assert history._burst_hour(1400, 1700) == (1500, 1560)


def test_a_latest_part_is_only_weighed_when_it_may_have_faded() -> None:
    """``hold`` reads how improbably short a part falls only when it is under half its share;
    there the figure is the full tail, elsewhere it is not worked out."""
    rng = random.Random(11)
    history = History(10**6)
    for minute in range(0, 600):
        negatives = rng.randint(0, 3) + (20 if minute < 420 else 0)
        history.put(minute, negatives + 5, negatives, 0)
    seen_faded = seen_other = 0
    for end in range(300, 601, 7):
        start = end - 180
        _, negative = history.sums(start, end)
        whole = history.exposure(start, end)
        shape = nb_shape(negative, 0.0)
        for (recent, expected, ev), tail in zip(
            recovery._latest_parts(history, start, end, [5, 15, 60]), [5, 15, 60], strict=True
        ):
            _, want = history.sums(end - tail, end)
            assert (recent, expected) == (
                want,
                negative * history.exposure(end - tail, end) / whole,
            )
            if recent < FADED_SHARE * expected:
                seen_faded += 1
                assert ev == shortfall(recent, expected, shape)
            else:
                seen_other += 1
                assert ev == 0.0
    assert seen_faded and seen_other


def _plain_surges(
    memory: TermMemory, frames: list[WindowFrame], dispersion: float
) -> list[TermSurge]:
    """Every test of every term in every window, as first written."""
    best: dict[tuple[str, str], TermSurge] = {}
    for frame in frames:
        window_scanned = memory.scanned.total(frame.start, frame.end)
        since = min(frame.base_start, frame.base_end - triggers.SHARE_MINUTES)
        base_scanned = memory.scanned.total(since, frame.base_end)
        found = memory.in_window(frame.start, frame.end)
        counted: dict[tuple[str, str], tuple[int, int, int]] = {}
        kinds = {kind for kind, _ in found}
        for key, counts in memory.terms.items():
            if key[0] not in kinds:
                continue
            count = found.get(key, 0)
            usual = counts.total(since, frame.base_end)
            volume = memory.volumes[key].total(frame.start, frame.end) if count else 0
            if count:
                counted[key] = (count, usual, volume)
            n, u, v = counted.get((key[0], ""), (0, 0, 0))
            counted[(key[0], "")] = (n + count, u + usual, v + volume)
        for key, (count, usual, volume) in counted.items():
            if count < triggers.MIN_TERM_NEGATIVES:
                continue
            prior = triggers.PRIOR_SHARE * triggers.PRIOR_NEGATIVES
            share = (usual + prior) / (base_scanned + triggers.PRIOR_NEGATIVES)
            shape = nb_shape(usual + prior, dispersion)
            expected = frame.expected_negative * share
            rate_ev = evidence.evidence(count, expected, shape)
            others = max(window_scanned - count, 1)
            ratio = (usual + prior) / max(
                base_scanned - usual + triggers.PRIOR_NEGATIVES - prior, 1.0
            )
            share_ev = evidence.evidence(count, others * ratio, shape) if rate_ev else 0.0
            strength = min(rate_ev, share_ev)
            if strength > 0.0 and frame.usual_ratio > 0.0:
                calm = max(volume - count, 0)
                mood = 1.0 / (1.0 / frame.ratio_shape + 1.0 / (calm + 1.0))
                ev = evidence.evidence(count, max(calm, 1) * frame.usual_ratio, mood)
                strength = min(strength, ev)
            surge = TermSurge(key[0], key[1], frame.minutes, count, expected, strength)
            if surge.strength > 0.0 and (key not in best or surge.strength > best[key].strength):
                best[key] = surge
    return sorted(best.values(), key=lambda s: (-s.strength, -s.negative, s.term))


def _memory(rng: random.Random, end: int, twins: bool) -> TermMemory:
    """A week of everyday terms, some surging in the last hours; with ``twins`` two crisis
    types hold the very same counts, so their surges tie."""
    memory = TermMemory()
    kinds = {"refunds": ("refund", "on hold"), "outage": ("down", "error"), "recall": ("defect",)}
    if twins:
        kinds["twin"] = kinds["refunds"]
    surging = {term for term in ("refund", "down", "defect") if rng.random() < 0.6}
    for minute in range(end - 7 * 1440, end):
        memory.put_scanned(minute, rng.randint(2, 8))
        recent = minute >= end - rng.choice((20, 90, 200))
        draws = {
            term: rng.randint(0, 1) + (rng.randint(0, 4) if recent and term in surging else 0)
            for terms in kinds.values()
            for term in terms
        }
        for kind, terms in kinds.items():
            for term in terms:
                if draws[term]:
                    memory.put_term(
                        kind, term, minute, draws[term], draws[term] + rng.randint(0, 2)
                    )
    return memory


def _frames(rng: random.Random, end: int) -> list[WindowFrame]:
    frames = []
    for span in (5, 15, 60, 180):
        start = end - span
        base_end = min(start, end - max(3 * span, 15))
        ratio = rng.choice((0.0, 0.25))
        expected = span * rng.uniform(0.5, 3.0)
        frames.append(WindowFrame(span, start, end, base_end - 240, base_end, expected, ratio, 6.2))
    return frames


@pytest.mark.parametrize("seed", range(12))
def test_term_surges_with_a_floor_are_those_the_engine_reads(seed: int) -> None:
    """Every surge past the floor, in the same order, or the strongest alone; and without a
    floor every surge, as first written. Twin crisis types tie, which the spared tests leave
    unranked: those are ranked from every test."""
    rng = random.Random(seed)
    end = 10_000_000
    memory = _memory(rng, end, twins=seed % 3 == 0)
    frames = _frames(rng, end)
    every = _plain_surges(memory, frames, 0.4)
    assert memory.surges(frames, 0.4) == every
    for floor in (0.5, 2.5, 3.5, 8.0):
        read = [s for s in every if s.strength > floor] or every[:1]
        assert memory.surges(frames, 0.4, floor) == read
        for least in (0.5, 2.5, 5.0):  # the engine's: what it reads nothing of left out
            assert memory.surges(frames, 0.4, floor, least) == [
                s for s in read if s.strength >= least
            ]
    if every:  # a surge of exactly ``least`` is listed
        top = every[0].strength
        assert memory.surges(frames, 0.4, top + 1.0, top) == every[:1]


def _plain_window(
    memory: TermMemory, start: int, end: int
) -> dict[tuple[str, str], tuple[int, int]]:
    """(negatives, mentions) of each term in minutes [start, end), from each term's own
    counts, in the order the terms were first met."""
    found = {
        key: (counts.total(start, end), memory.volumes[key].total(start, end))
        for key, counts in memory.terms.items()
    }
    return {key: sums for key, sums in found.items() if sums[1]}


@pytest.mark.parametrize("seed", range(6))
def test_windows_rolled_from_tick_to_tick_sum_what_their_minutes_hold(seed: int) -> None:
    """Each tick's windows, rolled on from the last tick's, hold what their minutes hold,
    however ticks skip or go back and earlier minutes are read again (more mentions, fewer,
    none) or forgotten, as a live console's re-reads and a week's trimming do."""
    rng = random.Random(seed)
    memory = TermMemory()
    keys = [("outage", "down"), ("refunds", "refund"), ("outage", "outage"), ("scam", "scam")]
    minute = 1_000
    for _tick in range(400):
        minute += rng.choice((1, 1, 1, 2, 7, 200, -3))
        for key in rng.sample(keys, rng.randint(0, 3)):  # this minute's terms
            negatives = rng.randint(0, 3)
            memory.put_term(*key, minute, negatives, negatives + rng.randint(0, 2))
        if rng.random() < 0.2:  # an earlier minute read again
            again = minute - rng.randint(1, 200)
            negatives = rng.choice((0, 0, 1, 4))
            memory.put_term(*rng.choice(keys), again, negatives, negatives + rng.randint(0, 1))
        if rng.random() < 0.02:
            memory.forget_before(minute - rng.randint(30, 300))
        starts = [minute + 1 - span for span in (5, 15, 60, 180)]
        assert memory._nested_sums(starts, minute + 1) == [
            _plain_window(memory, start, minute + 1) for start in starts
        ]
        assert memory.in_window(minute - 14, minute + 1) == {
            key: n for key, (n, _) in _plain_window(memory, minute - 14, minute + 1).items() if n
        }


def test_warm_ranges_slice_what_grouping_by_minute_gave() -> None:
    """Rows read in any order come out by minute, in the order read within a minute."""
    rng = random.Random(2)
    rows = [Rollup("a", rng.randint(0, 50), i, 0, 0, 0, 0.0, 0, 0) for i in range(400)]
    grouped: dict[int, list[Rollup]] = defaultdict(list)
    for row in rows:
        grouped[row.minute].append(row)
    by_minute = _ByMinute(rows)
    for start, end in ((0, 51), (10, 11), (-5, 3), (48, 60), (20, 20), (30, 25)):
        assert by_minute.range(start, end) == [
            r for m in range(start, end) for r in grouped.get(m, ())
        ]


def _ticks(mentions: list[Mention], plain: bool) -> list[Assessment]:
    """Every tick's assessment of a replay; ``plain``: with every term test worked out."""

    def every_test(
        memory: TermMemory,
        frames: Iterable[WindowFrame],
        dispersion: float,
        _floor: float = 0.0,
        _least: float = 0.0,
    ) -> list[TermSurge]:
        return _plain_surges(memory, list(frames), dispersion)

    with pytest.MonkeyPatch.context() as patch, recorded_ticks() as seen:
        if plain:
            patch.setattr(TermMemory, "surges", every_test)
        replay(mentions, timelines.SUBJECT, SeverityConfig())
    return seen


@pytest.mark.parametrize(("kind", "rate"), [("news", 30.0), ("slow_burn", 240.0)])
def test_every_tick_of_a_storm_says_what_every_test_says(kind: timelines.Kind, rate: float) -> None:
    """A storm and its build-up replayed with the term tests spared and with all of them:
    every tick's assessment is the same, and some of them name surging terms."""
    mentions = timelines.generate(kind, rate, 0).mentions
    fast = _ticks(mentions, plain=False)
    assert fast == _ticks(mentions, plain=True)
    assert any("mentions (" in driver for a in fast for driver in a.drivers)


def test_a_term_forgotten_and_met_again_counts_only_its_new_mentions() -> None:
    """A term whose negatives all fell out of the history, with neutral mentions after them,
    and met again later: its window's mentions are those after it came back, as a term first
    met then."""
    memory = TermMemory()
    memory.put_term("outage", "down", 10, 1, 1)
    memory.put_term("outage", "down", 20, 0, 4)  # neutral mentions only
    memory.forget_before(15)  # its negatives are gone: the term is forgotten
    memory.put_term("outage", "down", 30, 5, 6)
    fresh = TermMemory()
    fresh.put_term("outage", "down", 30, 5, 6)
    frames = [WindowFrame(60, 0, 60, -300, 0, 0.5)]
    assert memory.in_window(0, 60) == fresh.in_window(0, 60) == {("outage", "down"): 5}
    assert memory.surges(frames, 0.4) == fresh.surges(frames, 0.4)
    assert memory._frame_sums(frames) == [{("outage", "down"): (5, 6)}]
