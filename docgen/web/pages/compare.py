"""So sánh hai văn bản (side-by-side view, tracked-changes .docx) and Kiểm tra mức độ bao phủ (coverage
matrix, .xlsx): the `kehoach diff` / `kehoach coverage` engines, worded in Vietnamese."""

from __future__ import annotations

from fastapi import APIRouter, File, Request, UploadFile

from .. import vi
from ..common import accept, read_plan, refused, render, safe_stem, started
from ..uploads import PLAN_EXTS, UploadError

router = APIRouter()
PAGE = "compare.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/compare")
def compare_form(request: Request):
    return render(request, PAGE)


def _two(request: Request, kind: str, first: UploadFile | None, second: UploadFile | None, slots: tuple[str, str]):
    job = request.app.state.jobs.new(kind, total_steps=4)
    try:
        a = accept(request, job, first, slots[0], PLAN_EXTS)
        b = accept(request, job, second, slots[1], PLAN_EXTS)
    except UploadError as exc:
        return job, None, refused(request, job, PAGE, exc)
    job.result["form"] = PAGE
    return job, (a, b), None


@router.post("/compare")
def compare_run(request: Request, old: UploadFile | None = File(None), new: UploadFile | None = File(None)):
    job, files, refusal = _two(request, "compare", old, new, ("ban-cu", "ban-moi"))
    if refusal is not None:
        return refusal
    a, b = files

    def work(job) -> None:
        from extract.compare import diff_plans

        from ...compare.html import diff_html
        from ...compare.tracked import change_note, diff_docx

        job.step("Đang đọc bản cũ…")
        old_plan = read_plan(job, a)
        job.step("Đang đọc bản mới…")
        new_plan = read_plan(job, b)
        job.step("Đang so sánh…")
        d = diff_plans(old_plan, new_plan)
        worded = d.model_copy(update={"warnings": [vi.message(w) for w in d.warnings]})
        job.offer("html", f"so-sanh-{safe_stem(b.name)}.html", "text/html; charset=utf-8", diff_html(worded))
        job.step("Đang tạo bản Word có theo dõi thay đổi…")
        job.offer("docx", f"so-sanh-{safe_stem(b.name)}.docx", DOCX, diff_docx(d, new_plan, old_plan=old_plan))
        job.result.update(
            template="compare_result.html",
            ctx={
                "old_name": a.name,
                "new_name": b.name,
                "total": len(d.changes),
                "notes": [change_note(c) for c in d.changes[:8]],
            },
        )

    return started(request, job, work)


@router.post("/coverage")
def coverage_run(request: Request, parent: UploadFile | None = File(None), child: UploadFile | None = File(None)):
    job, files, refusal = _two(request, "coverage", parent, child, ("cap-tren", "cap-duoi"))
    if refusal is not None:
        return refusal
    a, b = files

    def work(job) -> None:
        from extract.compare import coverage

        from ...compare.matrix import coverage_context, coverage_docx, coverage_xlsx

        job.step("Đang đọc kế hoạch cấp trên…")
        parent_plan = read_plan(job, a)
        job.step("Đang đọc kế hoạch cấp dưới…")
        child_plan = read_plan(job, b)
        job.step("Đang đối chiếu…")
        r = coverage(parent_plan, child_plan)
        job.offer("xlsx", f"bao-phu-{safe_stem(b.name)}.xlsx", XLSX, coverage_xlsx(r))
        job.step("Đang tạo bảng đối chiếu (.docx)…")
        job.offer("docx", f"bao-phu-{safe_stem(b.name)}.docx", DOCX, coverage_docx(r, child_plan=child_plan))
        job.result.update(
            template="coverage_result.html",
            ctx={
                "parent_name": a.name,
                "child_name": b.name,
                "c": coverage_context(r, child_plan),
                "warnings": [vi.message(w) for w in r.warnings],
            },
        )

    return started(request, job, work)
