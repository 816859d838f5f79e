"""A three-parameter logistic fit for cumulative adoption curves, in pure Python.

N(t) = K / (1 + exp(-r (t - t0))): K is the saturation level, r the rate per year and t0 the
midpoint (the year when half of K have adopted). Fitted by Levenberg-Marquardt on the
3×3 normal equations, which is all an S-curve of a few hundred points needs (no numpy).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class LogisticFit:
    """Fitted saturation, rate (per year), midpoint (decimal year) and goodness of fit."""

    saturation: float
    rate: float
    midpoint: float
    r_squared: float
    iterations: int

    def value(self, t: float) -> float:
        return _logistic(t, self.saturation, self.rate, self.midpoint)

    def time_to_share(self, share: float) -> float:
        """The decimal year when the fitted curve reaches `share` of its saturation."""
        return self.midpoint - math.log(1.0 / share - 1.0) / self.rate


def _logistic(t: float, k: float, r: float, t0: float) -> float:
    z = -r * (t - t0)
    if z > 700:
        return 0.0
    return k / (1.0 + math.exp(z))


def decimal_year(day: date) -> float:
    """2020-07-02 → about 2020.5: the time axis of every fit."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def from_decimal_year(value: float) -> date:
    year = int(math.floor(value))
    start = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - start).days
    return start + timedelta(days=int(round((value - year) * length)))


def _solve3(a: list[list[float]], b: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting for a 3×3 system; None when singular."""
    m = [row[:] + [rhs] for row, rhs in zip(a, b)]
    n = 3
    for col in range(n):
        pivot = max(range(col, n), key=lambda i: abs(m[i][col]))
        if abs(m[pivot][col]) < 1e-15:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for i in range(col + 1, n):
            factor = m[i][col] / m[col][col]
            for j in range(col, n + 1):
                m[i][j] -= factor * m[col][j]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (m[i][n] - sum(m[i][j] * x[j] for j in range(i + 1, n))) / m[i][i]
    return x


def _sse(ts: Sequence[float], ys: Sequence[float], k: float, r: float, t0: float) -> float:
    return sum((y - _logistic(t, k, r, t0)) ** 2 for t, y in zip(ts, ys))


def _initial(ts: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Start near the data: K a little above the last value, t0 where half of it is passed."""
    top = max(ys)
    k = top * 1.1
    half = next((t for t, y in zip(ts, ys) if y >= top / 2), ts[len(ts) // 2])
    span = max(ts[-1] - ts[0], 0.5)
    return k, 8.0 / span, half


def fit_logistic(ts: Sequence[float], ys: Sequence[float], max_iterations: int = 200) -> LogisticFit | None:
    """Least-squares logistic through (t, y) points; None when there is too little signal to fit."""
    if len(ts) != len(ys) or len(ts) < 4 or max(ys) <= 0 or len({round(y, 9) for y in ys}) < 3:
        return None
    k, r, t0 = _initial(ts, ys)
    damping = 1e-3
    error = _sse(ts, ys, k, r, t0)
    iterations = 0
    for iterations in range(1, max_iterations + 1):
        jtj = [[0.0] * 3 for _ in range(3)]
        jtr = [0.0] * 3
        for t, y in zip(ts, ys):
            z = -r * (t - t0)
            e = math.exp(min(z, 700.0))
            f = k / (1.0 + e)
            d = (1.0 + e) ** 2
            grad = (1.0 / (1.0 + e), k * (t - t0) * e / d, -k * r * e / d)
            residual = y - f
            for i in range(3):
                jtr[i] += grad[i] * residual
                for j in range(3):
                    jtj[i][j] += grad[i] * grad[j]
        improved = False
        while damping < 1e12:
            system = [[jtj[i][j] * (1.0 + damping if i == j else 1.0) for j in range(3)] for i in range(3)]
            step = _solve3(system, jtr)
            if step is None:
                damping *= 10
                continue
            candidate = (k + step[0], r + step[1], t0 + step[2])
            if candidate[0] > 0 and candidate[1] > 0:
                new_error = _sse(ts, ys, *candidate)
                if new_error < error:
                    converged = abs(error - new_error) <= 1e-12 * max(error, 1.0)
                    k, r, t0 = candidate
                    error, damping, improved = new_error, max(damping / 10, 1e-12), True
                    if converged:
                        return _result(ts, ys, k, r, t0, error, iterations)
                    break
            damping *= 10
        if not improved:
            break
    return _result(ts, ys, k, r, t0, error, iterations)


def _result(ts: Sequence[float], ys: Sequence[float], k: float, r: float, t0: float, error: float, iterations: int) -> LogisticFit:
    mean = sum(ys) / len(ys)
    total = sum((y - mean) ** 2 for y in ys)
    r_squared = 1.0 - error / total if total > 0 else 0.0
    return LogisticFit(saturation=k, rate=r, midpoint=t0, r_squared=r_squared, iterations=iterations)
