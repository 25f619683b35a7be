"""Progress reports: a results workbook per plan, merging units' workbooks, and the báo cáo.

template_results(plan, unit="") -> Results        the empty workbook of a plan
results_bytes(results, ".xlsx" | ".csv") -> bytes
read_results(path) -> Results                      raises ResultsError (file, sheet, row, column)
merge_results([Results, …], unit="Tổng hợp")       raises MergeConflicts (.conflicts) or ResultsError
check_against_plan(results, plan)                  the workbook was made for this plan
build_report(plan, results, ReportOptions(...), out, force=False) -> (Path, ReportData)
verdict(target, result, tolerance, status)         "Đạt" | "Chưa đạt" | "Vượt" | None
"""

from .build import ReportData, ReportOptions, analyse, build_report, chart_png, report_context, report_spec
from .sheet import (
    MergeConflicts,
    Results,
    ResultsError,
    TargetRow,
    TaskRow,
    check_against_plan,
    merge_results,
    plan_id,
    read_results,
    results_bytes,
    template_results,
)
from .verdict import DOING, DONE, EXCEEDED, MET, NOT_STARTED, UNMET, completion, verdict

__all__ = [
    "DOING",
    "DONE",
    "EXCEEDED",
    "MET",
    "MergeConflicts",
    "NOT_STARTED",
    "ReportData",
    "ReportOptions",
    "Results",
    "ResultsError",
    "TargetRow",
    "TaskRow",
    "UNMET",
    "analyse",
    "build_report",
    "chart_png",
    "check_against_plan",
    "completion",
    "merge_results",
    "plan_id",
    "read_results",
    "report_context",
    "report_spec",
    "results_bytes",
    "template_results",
    "verdict",
]
