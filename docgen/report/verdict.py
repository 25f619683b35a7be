"""Whether a target is met: the verdict rules by qualifier, and the completion ratio.

    verdict(target, result, tolerance=2.0, status=None) -> "Đạt" | "Chưa đạt" | "Vượt" | None

Rules (`tol` is the tolerance of the row, default ±2 points, in the target's own unit):
- at_least, reach, strive, all, exact (and no qualifier): met by result ≥ value; "Vượt" when result > value + tol.
- about: |result − value| ≤ tol → Đạt; above value + tol → Vượt; below value − tol → Chưa đạt.
- at_most: met by result ≤ value (never "Vượt": being further under a ceiling is not scored).
- a range (value_max set): any result inside [value, value_max] → Đạt; above value_max → Vượt; below → Chưa đạt.
- a qualitative target (no value): Đạt when its status is "hoàn thành", else Chưa đạt.
A missing result gives None (no verdict: "chưa có số liệu").
"""

from __future__ import annotations

MET, UNMET, EXCEEDED = "Đạt", "Chưa đạt", "Vượt"
DONE, DOING, NOT_STARTED = "hoàn thành", "đang thực hiện", "chưa thực hiện"
STATUSES = (DONE, DOING, NOT_STARTED)  # most to least advanced
DEFAULT_TOLERANCE = 2.0
_EPS = 1e-9

_AT_LEAST = {"at_least", "reach", "strive", "all", "exact", None}


def _q(target) -> str | None:
    q = getattr(target, "qualifier", None)
    return getattr(q, "value", q)


def verdict(target, result: float | None, tolerance: float | None = None, status: str | None = None) -> str | None:
    tol = DEFAULT_TOLERANCE if tolerance is None else float(tolerance)
    value = target.value
    if value is None:  # qualitative
        if status is None:
            return None
        return MET if status == DONE else UNMET
    if result is None:
        return None
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


def completion(target, result: float | None) -> float | None:
    """Tỷ lệ hoàn thành in percent: result / value (a ceiling: value / result, capped at 100 when met)."""
    value = target.value
    if value is None or result is None:
        return None
    if _q(target) == "at_most":
        if result <= value + _EPS:
            return 100.0
        return value / result * 100 if result else None
    if value == 0:
        return None
    return result / value * 100
