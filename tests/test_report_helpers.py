"""Shared helpers for the report tests: fill a results workbook programmatically and predict verdicts."""

from __future__ import annotations

from docgen.report.verdict import DOING, DONE, NOT_STARTED

CASES = ("below", "at", "within", "above")
TASK_STATUSES = (DONE, DOING, NOT_STARTED)


def fill_value(t, case: str) -> float:
    """A result below, at, just above (inside the tolerance of 5% of the target) or clearly above the target."""
    q = getattr(t.qualifier, "value", t.qualifier)
    lo = t.value
    hi = t.value_max if t.value_max is not None else t.value
    lo, hi = min(lo, hi), max(lo, hi)
    if q == "at_most":
        lo = hi = t.value_max if t.value_max is not None else t.value
    return {
        "below": lo - 5,
        "at": lo,
        "within": lo + min(1, hi - lo) if t.value_max is not None else lo + 0.04 * abs(lo),
        "above": hi + max(5, 0.1 * abs(hi)),
    }[case]


def expected_verdict(t, case: str, period: str = "2025") -> str:
    """Independent statement of the issue's rules, for the values `fill_value` gives; a target not met whose
    year is after the reported period is not due yet."""
    verdict = _verdict(t, case)
    return _not_met(t, period) if verdict == "Chưa đạt" else verdict


def _not_met(t, period: str = "2025") -> str:
    return "Chưa đến hạn" if t.year and int(t.year) > int(period) else "Chưa đạt"


def _verdict(t, case: str) -> str:
    q = getattr(t.qualifier, "value", t.qualifier)
    if q == "at_most":
        return "Chưa đạt" if case in ("within", "above") else "Đạt"
    if t.value_max is not None:
        return {"below": "Chưa đạt", "at": "Đạt", "within": "Đạt", "above": "Vượt"}[case]
    return {"below": "Chưa đạt", "at": "Đạt", "within": "Đạt", "above": "Vượt"}[case]


def fill(plan, res):
    """Fill `res` (from template_results) in place; return (expected verdicts by id, unmet ids, unfinished ids)."""
    by_id = {t.id: t for t in plan.targets}
    expected, unmet = {}, []
    for i, row in enumerate(res.targets):
        t = by_id[row.id]
        if t.value is not None:
            case = CASES[i % len(CASES)]
            row.result = fill_value(t, case)
            expected[t.id] = expected_verdict(t, case)
        else:
            row.status = TASK_STATUSES[i % 3]
            expected[t.id] = "Đạt" if row.status == DONE else _not_met(t)
        if expected[t.id] == "Chưa đạt":
            unmet.append(t.id)
    unfinished = []
    for i, row in enumerate(res.tasks):
        row.status = TASK_STATUSES[i % 3]
        if row.status != DONE:
            unfinished.append(row.id)
    return expected, unmet, unfinished
