"""Báo cáo kết quả: from a plan, the results workbook to fill; the filled workbooks of the units (several),
merged with their conflicts shown; the báo cáo .docx (`kehoach results-template / results-merge / report`)."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile

from .. import vi
from ..common import accept, named, read_plan, refused, render, safe_stem, started
from ..jobs import JobFailed
from ..uploads import PLAN_EXTS, SHEET_EXTS, UploadError

router = APIRouter()
PAGE = "report.html"
STEP2 = "report_collect.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/report")
def report_form(request: Request):
    return render(request, PAGE)


def _collect_ctx(job) -> dict:
    plan = job.keep["plan"]
    year = (plan.header.date or "")[:4]
    return {
        "plan": plan,
        "plan_job": job,
        "name": job.keep["name"],
        "issuer": plan.header.issuing_body or "",
        "period": year if year.isdigit() else "",
    }


@router.post("/report")
def report_plan(request: Request, file: UploadFile | None = File(None), unit: str = Form("")):
    job = request.app.state.jobs.new("report-plan", total_steps=2)
    try:
        stored = accept(request, job, file, "ke-hoach", PLAN_EXTS)
    except UploadError as exc:
        return refused(request, job, PAGE, exc)
    job.result["form"] = PAGE

    def work(job) -> None:
        from ...report import template_results
        from ...report.sheet import results_bytes

        job.step("Đang đọc kế hoạch…")
        plan = read_plan(job, stored)
        job.keep.update(plan=plan, name=stored.name)
        res = template_results(plan, unit.strip())
        job.offer("template", f"ket-qua-{safe_stem(stored.name)}.xlsx", XLSX, results_bytes(res, ".xlsx"))
        job.result.update(
            template=STEP2, ctx={**_collect_ctx(job), "n_targets": len(res.targets), "n_tasks": len(res.tasks)}
        )

    return started(request, job, work)


@router.post("/report/{plan_job}")
def report_build(
    request: Request,
    plan_job: str,
    results: list[UploadFile] = File(...),
    period: str = Form(...),
    unit: str = Form(...),
    to: str = Form(""),
):
    jobs = request.app.state.jobs
    parent = jobs.get(plan_job)
    if parent is None or "plan" not in parent.keep:
        raise HTTPException(404)
    ctx = {**_collect_ctx(parent), "n_targets": None, "n_tasks": None}
    job = jobs.new("report", total_steps=3)
    try:
        stored = [accept(request, job, f, "ket-qua", SHEET_EXTS) for f in results if f.filename]
        if not stored:
            raise UploadError("upload: missing")
    except UploadError as exc:
        return refused(request, job, STEP2, exc, **ctx)
    job.result.update(form=STEP2, form_ctx=ctx)
    plan = parent.keep["plan"]

    def work(job) -> None:
        from ...render import RenderError, SpecError, TemplateError
        from ...report import MergeConflicts, ReportOptions, ResultsError, build_report, merge_results, read_results

        job.step("Đang đọc các bảng kết quả…")
        try:
            sheets = [read_results(s.path) for s in stored]
            job.step("Đang tổng hợp…")
            merged = merge_results(sheets, unit=unit.strip()) if len(sheets) > 1 else sheets[0]
        except MergeConflicts as exc:
            job.result["form_ctx"] = {**ctx, "conflicts": [vi.message(named(job, c)) for c in exc.conflicts]}
            raise JobFailed(vi.message(named(job, str(exc))) + ". Hãy sửa các bảng rồi tổng hợp lại.") from None
        except ResultsError as exc:
            raise JobFailed(vi.message(named(job, str(exc)))) from None
        job.step("Đang viết báo cáo…")
        out = job.folder / "bao-cao.docx"
        opts = ReportOptions(period=period.strip(), unit=unit.strip(), to=to.strip() or None)
        try:
            _, data = build_report(plan, merged, opts, out)
        except ResultsError as exc:
            raise JobFailed(vi.message(named(job, str(exc)))) from None
        except (TemplateError, SpecError, RenderError) as exc:
            raise JobFailed(f"Không dựng được báo cáo: {vi.message(str(exc))}") from None
        job.offer("docx", f"bao-cao-{safe_stem(parent.keep['name'])}.docx", DOCX, out.read_bytes())
        if len(sheets) > 1:
            from ...report.sheet import results_bytes

            job.offer("merged", "tong-hop-ket-qua.xlsx", XLSX, results_bytes(merged, ".xlsx"))
        job.result.update(
            template="report_result.html",
            ctx={
                "name": parent.keep["name"],
                "n_sheets": len(sheets),
                "rows": len(data.rows),
                "unmet": len(data.unmet_ids),
                "unfinished": len(data.unfinished_ids),
                "unit": unit,
                "period": period,
            },
        )

    return started(request, job, work)
