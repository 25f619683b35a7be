"""The coverage matrix of a `CoverageReport`: an ND30 .docx (landscape) and an .xlsx for filtering.

One row per item of the parent plan (target, task, responsibility): its text, its kind, whether the child
plan covers it, weakens it or misses it, the child's matching text, the similarity and a note. Labels and
notes are Vietnamese; the engine's reasons (a code with both sides' values) are worded in Vietnamese here.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from extract.cells import append_row
from extract.compare.model import CoverageItem, CoverageReport, CoverageStatus, Reason, ReasonCode
from extract.model import Plan

from .. import nd30
from ..messages_vi import ITEM_KIND_VI, REASON_TASK_VI, REASON_VI
from ..messages_vi import STATUS_VI as _STATUS_VI
from ..render import spec as S
from ..render.build import spec_from_template

TEMPLATE = "bao_phu.xml.j2"
COLUMNS = [
    "STT",
    "Nội dung kế hoạch cấp trên",
    "Loại",
    "Tình trạng",
    "Nội dung tương ứng cấp dưới",
    "Độ tương đồng",
    "Ghi chú",
]
KINDS = ("target", "task", "responsibility")
KIND_VI = ITEM_KIND_VI
STATUS_VI = {status: _STATUS_VI[status.value] for status in CoverageStatus}
STATUS_FILL = {  # Excel's good / neutral / bad fills
    CoverageStatus.covered: "C6EFCE",
    CoverageStatus.weakened: "FFEB9C",
    CoverageStatus.missing: "FFC7CE",
    CoverageStatus.not_applicable: "D9D9D9",
}
SUMMARY_SHEET = "Tổng hợp"
MATRIX_SHEET = "Đối chiếu"
REASONS_VI = {code: REASON_VI[code.value] for code in ReasonCode}  # wording in docgen/messages_vi.py


def reason_vi(reason: Reason) -> str:
    """A reason of the coverage engine in Vietnamese."""
    text = REASONS_VI[reason.code].format(parent=reason.parent, child=reason.child)
    return REASON_TASK_VI.format(task=reason.task, text=text) if reason.task else text


def item_note(it: CoverageItem) -> str:
    parts = [reason_vi(r) for r in it.reasons]
    if it.child is not None and it.child.section:
        parts.append(f"cấp dưới: mục {it.child.section}")
    if it.by == "origin":
        parts.append("liên kết theo nguồn gốc")
    note = "; ".join(parts)
    return note[:1].upper() + note[1:]


def _side_text(it: CoverageItem, side) -> str:
    if side is None:
        return ""
    if it.kind == "responsibility" and side.value:  # "Sở Xây dựng (chủ trì)": the agency and its role
        return side.value
    return side.text


def matrix_rows(r: CoverageReport) -> list[dict[str, Any]]:
    """The rows of the matrix, in the report's order (the engine orders items by kind)."""
    rows = []
    for n, it in enumerate(r.items, 1):
        rows.append(
            {
                "n": n,
                "parent": _side_text(it, it.parent),
                "kind": KIND_VI.get(it.kind, it.kind),
                "status": STATUS_VI[it.status],
                "status_key": it.status.value,
                "child": _side_text(it, it.child),
                "score": f"{round(it.score * 100)}%" if it.child is not None else "",
                "score_value": round(it.score, 3) if it.child is not None else None,
                "note": item_note(it),
            }
        )
    return rows


def _counts(r: CoverageReport) -> tuple[list[dict[str, Any]], dict[str, int]]:
    counts = r.counts()
    per_kind = [{"kind": KIND_VI[k], **counts[k]} for k in KINDS if k in counts]
    totals = {key: sum(c[key] for c in counts.values()) for key in ("covered", "weakened", "missing", "total")}
    return per_kind, totals


def _name(file: str | None) -> str | None:
    return Path(file).name if file else None


def coverage_context(r: CoverageReport, child_plan: Plan | None = None, today: date | None = None) -> dict[str, Any]:
    """The template context of the coverage matrix; the header is the child's unit when `child_plan` is given."""
    per_kind, totals = _counts(r)
    h = child_plan.header if child_plan is not None else None
    place = h.place if h is not None else None
    return {
        "governing_body": h.governing_body if h is not None else None,
        "issuing_body": h.issuing_body if h is not None else None,
        "number_symbol": "Số:       /BC-" + h.symbol_issuer if h is not None and h.symbol_issuer else "",
        "place_date": nd30.format_place_date(place, (today or date.today()).isoformat()),
        "parent_file": _name(r.parent_file),
        "child_file": _name(r.child_file),
        "counts": per_kind,
        "totals": totals,
        "ratio": round(r.ratio() * 100),
        "items": matrix_rows(r),
    }


def coverage_spec(
    r: CoverageReport,
    templates_dir: str | Path | None = None,
    *,
    child_plan: Plan | None = None,
    today: date | None = None,
) -> S.DocSpec:
    return spec_from_template(TEMPLATE, coverage_context(r, child_plan, today), templates_dir)


def coverage_docx(
    r: CoverageReport,
    templates_dir: str | Path | None = None,
    *,
    child_plan: Plan | None = None,
    today: date | None = None,
) -> bytes:
    """The coverage matrix as an ND30 .docx on landscape pages."""
    from ..render.docx import docx_bytes

    return docx_bytes(coverage_spec(r, templates_dir, child_plan=child_plan, today=today))


def coverage_xlsx(r: CoverageReport) -> bytes:
    """The coverage matrix as a workbook: sheet "Đối chiếu" (filterable, status colours) and "Tổng hợp"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="top", horizontal="center")

    ws = wb.active
    ws.title = MATRIX_SHEET
    ws.append(COLUMNS)
    for it, row in zip(r.items, matrix_rows(r)):
        append_row(
            ws, [row["n"], row["parent"], row["kind"], row["status"], row["child"], row["score_value"], row["note"]]
        )
        ws.cell(ws.max_row, 4).fill = PatternFill("solid", fgColor=STATUS_FILL[it.status])
    for i, width in enumerate([6, 60, 14, 14, 60, 12, 40], 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cells in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for c in cells:
            c.border = border
            c.alignment = center if c.column in (1, 3, 4, 6) else wrap
            if c.column == 6 and c.row > 1:
                c.number_format = "0%"
    for c in ws[1]:
        c.font, c.fill = bold, head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"

    per_kind, totals = _counts(r)
    sm = wb.create_sheet(SUMMARY_SHEET)
    sm.append(
        [
            "Loại",
            STATUS_VI[CoverageStatus.covered],
            STATUS_VI[CoverageStatus.weakened],
            STATUS_VI[CoverageStatus.missing],
            "Tổng số",
            "Tỷ lệ có trong cấp dưới",
        ]
    )
    for c in per_kind + [{"kind": "Tổng cộng", **totals}]:
        found = (c["covered"] + c["weakened"]) / c["total"] if c["total"] else 0
        append_row(sm, [c["kind"], c["covered"], c["weakened"], c["missing"], c["total"], found])
        sm.cell(sm.max_row, 6).number_format = "0%"
    for c in sm[1] + sm[sm.max_row]:
        c.font = bold
    for col, status in ((2, CoverageStatus.covered), (3, CoverageStatus.weakened), (4, CoverageStatus.missing)):
        sm.cell(1, col).fill = PatternFill("solid", fgColor=STATUS_FILL[status])
    sm.append([])
    append_row(sm, ["Kế hoạch cấp trên", r.parent_file or ""])
    append_row(sm, ["Kế hoạch cấp dưới", r.child_file or ""])
    for w in r.warnings:
        append_row(sm, ["Lưu ý", w])
    for i, width in enumerate([22, 14, 14, 14, 12, 22], 1):
        sm.column_dimensions[get_column_letter(i)].width = width
    sm.freeze_panes = "A2"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
