"""Xây dựng kế hoạch cấp dưới: upload the parent, pick the unit (its province's communes first), date, lead
days, optional targets file → the review to-do list, the .docx, and page 1 as an image."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile

from ...review import counts as review_counts
from .. import vi
from ..common import accept, named, read_plan, refused, render, safe_stem, started
from ..jobs import JobFailed
from ..uploads import PLAN_EXTS, TARGET_EXTS, UploadError

router = APIRouter()
PAGE = "derive.html"
OPTIONS = "derive_options.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _options_ctx(job) -> dict:
    from ..units import province_of, units_for

    plan = job.keep["plan"]
    province = province_of(plan.header.issuing_body, plan.header.governing_body)
    return {
        "plan": plan,
        "parent_job": job.id,
        "province": province,
        "units": units_for(province),
        "name": job.keep["name"],
    }


@router.get("/derive")
def derive_form(request: Request):
    return render(request, PAGE)


@router.post("/derive")
def derive_parent(request: Request, file: UploadFile | None = File(None)):
    job = request.app.state.jobs.new("derive-parent", total_steps=2)
    try:
        stored = accept(request, job, file, "cap-tren", PLAN_EXTS)
    except UploadError as exc:
        return refused(request, job, PAGE, exc)
    job.result["form"] = PAGE

    def work(job) -> None:
        job.step("Đang đọc kế hoạch cấp trên…")
        job.keep["plan"] = read_plan(job, stored)
        job.keep["name"] = stored.name
        job.result.update(template=OPTIONS, ctx=_options_ctx(job))

    return started(request, job, work)


@router.post("/derive/{parent_job}")
def derive_run(
    request: Request,
    parent_job: str,
    unit: str = Form(...),
    date: str = Form(""),
    lead_days: int = Form(10),
    targets: UploadFile | None = File(None),
):
    jobs = request.app.state.jobs
    parent = jobs.get(parent_job)
    if parent is None or "plan" not in parent.keep:
        raise HTTPException(404)
    ctx = _options_ctx(parent)
    job = jobs.new("derive", total_steps=4)
    stored_targets = None
    try:
        if targets is not None and targets.filename:
            stored_targets = accept(request, job, targets, "chi-tieu", TARGET_EXTS)
    except UploadError as exc:
        return refused(request, job, OPTIONS, exc, **ctx)
    if not 0 <= lead_days <= 365:
        jobs.discard(job)
        return render(request, OPTIONS, status=400, error="Số ngày báo cáo trước phải từ 0 đến 365.", **ctx)
    job.result.update(form=OPTIONS, form_ctx=ctx)
    plan, name = parent.keep["plan"], parent.keep["name"]

    def work(job) -> None:
        from ...derive import DeriveError, DeriveOptions, derive, load_targets_file
        from ...render import RenderError, docx_bytes, plan_spec
        from ...templates_env import TemplateError
        from ..preview import first_page_png

        job.step("Đang xây dựng kế hoạch cấp dưới…")
        try:
            opts = DeriveOptions(
                unit=unit.strip(),
                date=date.strip() or None,
                lead_days=lead_days,
                targets=load_targets_file(stored_targets.path) if stored_targets else {},
            )
            result = derive(plan, opts)
        except DeriveError as exc:
            raise JobFailed(vi.message(named(job, str(exc)))) from None
        job.step("Đang trình bày văn bản theo Nghị định 30…")
        try:
            data = docx_bytes(plan_spec(result.plan))
        except (RenderError, TemplateError) as exc:
            raise JobFailed(f"Không dựng được văn bản: {vi.message(str(exc))}") from None
        stem = safe_stem(f"ke-hoach-{unit}")
        job.offer("docx", f"{stem}.docx", DOCX, data)
        job.step("Đang tạo ảnh xem trước trang 1…")
        png = first_page_png(data, job.folder)
        if png:
            job.offer("preview", "trang-1.png", "image/png", png)
        groups = [
            {
                "kind": kind,
                "title": title,  # the derive review is worded in Vietnamese by docgen.review
                "items": [
                    {"where": i.where, "message": i.message, "before": i.before, "after": i.after}
                    for i in result.review
                    if i.kind == kind
                ],
            }
            for kind, title, _ in review_counts(result)
        ]
        job.result.update(
            template="derive_result.html",
            ctx={"derived": result.plan, "groups": groups, "unit": unit, "name": name, "has_preview": png is not None},
        )

    return started(request, job, work)
