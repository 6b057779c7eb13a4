"""How surprising a count is: negative-binomial upper tails, in -log10 units.

A normal z overstates small counts (two complaints against 0.1 expected is not 6σ) and the
plain Poisson tail overstates large ones, because everyday rates wobble by tens of percent and
a baseline learned from a handful of mentions is itself uncertain. The negative binomial
carries both: its shape ``r`` comes from the baseline's own count and the configured dispersion.
"""

from __future__ import annotations

import math
from statistics import NormalDist

MAX_EVIDENCE = 60.0
"""Beyond this the exact figure means nothing; capping keeps the maths finite."""
_LN10 = math.log(10.0)
_TINY = 1e-300
_HUGE = 1.0 / _TINY
"""What a guarded reciprocal gives for a denominator within ``_TINY`` of zero (or NaN)."""
_STEPS = tuple((float(m), float(2 * m)) for m in range(1, 400))
"""(m, 2m) of the continued fraction's steps, as the floats the arithmetic converts them to."""
_NORMAL = NormalDist()


def nb_shape(baseline_count: float, dispersion: float) -> float:
    """Shape ``r`` of the predictive negative binomial: relative variance 1/(count+1) from
    estimating the rate, plus dispersion² from the rate's everyday wobble."""
    relative_variance = 1.0 / (baseline_count + 1.0) + dispersion * dispersion
    return min(1.0 / relative_variance, 1e4)


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta (modified Lentz). The hottest loop
    of a replay: the same arithmetic in the same order as the textbook form (so the same bits),
    with the guards as comparisons and the steps as floats read from ``_STEPS``."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    tiny, negative_tiny = _TINY, -_TINY
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / d if d > tiny or d < negative_tiny else _HUGE
    h = d
    for m, m2 in _STEPS:
        a_m2 = a + m2
        aa = m * (b - m) * x / ((qam + m2) * a_m2)
        d = 1.0 + aa * d
        d = 1.0 / d if d > tiny or d < negative_tiny else _HUGE
        c = 1.0 + aa / c
        if not (c > tiny or c < negative_tiny):
            c = tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / (a_m2 * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / d if d > tiny or d < negative_tiny else _HUGE
        c = 1.0 + aa / c
        if not (c > tiny or c < negative_tiny):
            c = tiny
        delta = d * c
        h *= delta
        if -1e-10 < delta - 1.0 < 1e-10:
            break
    return h


def _log_betainc(a: float, b: float, x: float) -> float:
    """ln I_x(a, b), accurate in the small upper tail where it matters here."""
    if x <= 0.0:
        return -math.inf
    if x >= 1.0:
        return 0.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return log_front + math.log(max(_beta_cf(a, b, x), _TINY)) - math.log(a)
    rest = math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b
    return math.log(max(1.0 - rest, _TINY))


def evidence(observed: float, expected: float, shape: float) -> float:
    """-log10 P(X ≥ observed) for X negative-binomial with this mean and shape; 0 when the
    count is not above what was expected. A count may be fractional: counted in clumps."""
    if observed <= 0 or observed <= expected or expected <= 0.0:
        return 0.0
    # P(X >= k) = I_q(k, r) with q = mean / (mean + r).
    q = expected / (expected + shape)
    value = -_log_betainc(float(observed), shape, q) / _LN10
    return min(max(value, 0.0), MAX_EVIDENCE)


def shortfall(observed: int, expected: float, shape: float) -> float:
    """-log10 P(X ≤ observed) for X negative-binomial with this mean and shape: how surprising
    so few are; 0 when the count is not below what was expected."""
    if observed < 0 or observed >= expected or expected <= 0.0:
        return 0.0
    # P(X <= k) = 1 - I_q(k + 1, r) = I_(1-q)(r, k + 1) with q = mean / (mean + r).
    value = -_log_betainc(shape, float(observed) + 1.0, shape / (expected + shape)) / _LN10
    return min(max(value, 0.0), MAX_EVIDENCE)


def sigma(evidence_value: float) -> float:
    """The normal z with the same one-sided tail, for drivers people can read."""
    p = 10.0 ** -min(max(evidence_value, 1e-9), 300.0)
    return -_NORMAL.inv_cdf(min(p, 0.5))
