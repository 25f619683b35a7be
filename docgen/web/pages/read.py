"""Đọc kế hoạch: upload a plan; its outline beside its text, each item linked to its evidence; downloads."""

from __future__ import annotations

from fastapi import APIRouter, File, Request, UploadFile

from ..common import accept, read_plan, refused, render, safe_stem, started
from ..uploads import PLAN_EXTS, UploadError

router = APIRouter()
PAGE = "doc.html"


@router.get("/doc")
def doc_form(request: Request):
    return render(request, PAGE)


@router.post("/doc")
def doc_upload(request: Request, file: UploadFile | None = File(None)):
    jobs = request.app.state.jobs
    job = jobs.new("doc", total_steps=3)
    try:
        stored = accept(request, job, file, "ke-hoach", PLAN_EXTS)
    except UploadError as exc:
        return refused(request, job, PAGE, exc)
    job.result["form"] = PAGE

    def work(job) -> None:
        from extract.export import responsibilities_csv, targets_csv

        from ..sheets import plan_xlsx
        from ..views import outline

        job.step("Đang đọc và phân tích văn bản…")
        plan = read_plan(job, stored)
        job.step("Đang chuẩn bị các tệp tải về…")
        stem = safe_stem(stored.name)
        t_csv, r_csv = targets_csv(plan), responsibilities_csv(plan)
        job.offer("json", f"{stem}.json", "application/json", plan.model_dump_json(indent=2))
        job.offer("targets", f"{stem}.chi-tieu.csv", "text/csv; charset=utf-8", "\ufeff" + t_csv)
        job.offer("tasks", f"{stem}.nhiem-vu.csv", "text/csv; charset=utf-8", "\ufeff" + r_csv)
        job.offer(
            "xlsx",
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            plan_xlsx(t_csv, r_csv),
        )
        job.keep["plan"] = plan
        job.result.update(template="doc_result.html", ctx={"plan": plan, "outline": outline(plan), "name": stored.name})

    return started(request, job, work)
