"""Comparing plans: a structure-aware diff (`diff_plans`) and a coverage check (`coverage`).

    diff_plans(old: Plan, new: Plan) -> PlanDiff          # typed changes + aligned rows, in NEW's order
    coverage(parent: Plan, child: Plan, not_applicable=None) -> CoverageReport
        # covered / weakened / missing / not_applicable

Both work on extracted plans, so any two inputs the readers accept can be compared (formats may differ).
"""

from __future__ import annotations

from .model import (
    Change,
    ChangeKind,
    CoverageItem,
    CoverageReport,
    CoverageStatus,
    PlanDiff,
    Row,
    SectionPair,
    Side,
    WordOp,
)

__all__ = [
    "Change",
    "ChangeKind",
    "CoverageItem",
    "CoverageReport",
    "CoverageStatus",
    "PlanDiff",
    "Row",
    "SectionPair",
    "Side",
    "WordOp",
    "diff_plans",
    "coverage",
]


def diff_plans(old, new):
    from .engine import diff_plans as _diff

    return _diff(old, new)


def coverage(parent, child, not_applicable=None):
    from .cover import coverage as _coverage

    return _coverage(parent, child, not_applicable)
