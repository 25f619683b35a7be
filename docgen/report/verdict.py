"""Whether a target is met: the verdict rules by qualifier, and the completion ratio.

    verdict(target, result, tolerance=None, status=None, relative=DEFAULT_RELATIVE)
        -> "Đạt" | "Chưa đạt" | "Vượt" | None
    period_verdict(target, result, period, …) -> the same, or "Chưa đến hạn" for a target due after the period

Tolerance: a row's own `tolerance` (the workbook's "Dung sai", in the target's unit) when given; otherwise
`relative` × the target (5% by default, `kehoach report --tolerance`), so "Vượt" means the same thing for 43%
and for 2.500 lao động — a fixed 2 points would call 2.502 lao động "Vượt" and 45,1% of a 43% target too.
- at_least, reach, strive, all, exact (and no qualifier): met by result ≥ value; "Vượt" when result > value + tol.
- about: |result − value| ≤ tol → Đạt; above value + tol → Vượt; below value − tol → Chưa đạt.
- at_most: met by result ≤ value (never "Vượt": being further under a ceiling is not scored).
- a range (value_max set): any result inside [value, value_max] → Đạt; above value_max → Vượt; below → Chưa đạt.
- a qualitative target (no value): Đạt when its status is "hoàn thành", else Chưa đạt.
A missing result gives None (no verdict: "chưa có số liệu").
"""

from __future__ import annotations

MET, UNMET, EXCEEDED, NOT_DUE = "Đạt", "Chưa đạt", "Vượt", "Chưa đến hạn"
DONE, DOING, NOT_STARTED = "hoàn thành", "đang thực hiện", "chưa thực hiện"
STATUSES = (DONE, DOING, NOT_STARTED)  # most to least advanced
DEFAULT_RELATIVE = 0.05  # "Vượt" beyond 5% of the target
DEFAULT_TOLERANCE = None  # kept for callers: no fixed tolerance, the relative one applies
_EPS = 1e-9

_AT_LEAST = {"at_least", "reach", "strive", "all", "exact", None}


def _q(target) -> str | None:
    q = getattr(target, "qualifier", None)
    return getattr(q, "value", q)


def _tolerance(value: float, tolerance: float | None, relative: float | None) -> float:
    if tolerance is not None:
        return float(tolerance)
    return abs(value) * (DEFAULT_RELATIVE if relative is None else float(relative))


def verdict(
    target,
    result: float | None,
    tolerance: float | None = None,
    status: str | None = None,
    relative: float | None = None,
) -> str | None:
    value = target.value
    if value is None:  # qualitative
        if status is None:
            return None
        return MET if status == DONE else UNMET
    if result is None:
        return None
    tol = _tolerance(value, tolerance, relative)
    q = _q(target)
    vmax = target.value_max
    if vmax is not None and q != "at_most":
        lo, hi = min(value, vmax), max(value, vmax)
        if result < lo - _EPS:
            return UNMET
        return EXCEEDED if result > hi + _EPS else MET
    if q == "at_most":
        return MET if result <= (vmax if vmax is not None else value) + _EPS else UNMET
    if q == "about":
        if result < value - tol - _EPS:
            return UNMET
        return EXCEEDED if result > value + tol + _EPS else MET
    # at_least-type
    if result < value - _EPS:
        return UNMET
    return EXCEEDED if result > value + tol + _EPS else MET


def due_later(target, period: str | None) -> bool:
    """Whether the target's horizon (its year) lies after the reporting period (a year)."""
    year = getattr(target, "year", None)
    period = str(period or "").strip()
    return bool(year) and period.isdigit() and int(year) > int(period)


def period_verdict(
    target,
    result: float | None,
    period: str | None,
    tolerance: float | None = None,
    status: str | None = None,
    relative: float | None = None,
) -> str | None:
    """The verdict for a report of `period`: a target due later that is not met yet is "Chưa đến hạn" (its
    progress is still shown), not "Chưa đạt"."""
    v = verdict(target, result, tolerance, status, relative)
    if v == UNMET and due_later(target, period):
        return NOT_DUE
    return v


def completion(target, result: float | None) -> float | None:
    """Tỷ lệ hoàn thành in percent: result / value (a ceiling: value / result, capped at 100 when met); a range
    counts against its range: 100 inside it, against its lower end below, against its upper end above."""
    value = target.value
    if value is None or result is None:
        return None
    vmax = getattr(target, "value_max", None)
    if _q(target) == "at_most":
        ceiling = vmax if vmax is not None else value
        if result <= ceiling + _EPS:
            return 100.0
        return ceiling / result * 100 if result else None
    if vmax is not None:
        lo, hi = min(value, vmax), max(value, vmax)
        if lo - _EPS <= result <= hi + _EPS:
            return 100.0
        bound = lo if result < lo else hi
        return result / bound * 100 if bound else None
    if value == 0:
        return None
    return result / value * 100
