"""Kiểm tra thể thức: a .docx checked against Nghị định 30 — findings grouped by rule, with the clause and the
place — and the copy with the mechanical faults repaired (`docgen.lint.fix_docx`)."""

from __future__ import annotations

from fastapi import APIRouter, File, Request, UploadFile

from .. import vi
from ..common import accept, refused, render, safe_stem, started
from ..jobs import JobFailed
from ..uploads import DOCX_EXTS, UploadError

router = APIRouter()
PAGE = "lint.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _groups(violations) -> list[dict]:
    groups: dict[str, dict] = {}
    for v in violations:
        g = groups.setdefault(v.rule, {"rule": v.rule, "title": vi.lint_rule(v.rule), "clause": v.clause, "items": []})
        g["items"].append(
            {
                "where": vi.lint_location(v.location),
                "found": vi.lint_value(v.found),
                "expected": vi.lint_value(v.expected),
                "severity": v.severity,
                "fixable": v.fixable,
            }
        )
    return list(groups.values())


@router.get("/lint")
def lint_form(request: Request):
    return render(request, PAGE)


@router.post("/lint")
def lint_run(request: Request, file: UploadFile | None = File(None)):
    job = request.app.state.jobs.new("lint", total_steps=3)
    try:
        stored = accept(request, job, file, "van-ban", DOCX_EXTS)
    except UploadError as exc:
        return refused(request, job, PAGE, exc)
    job.result["form"] = PAGE

    def work(job) -> None:
        from ...lint import LintError, fix_docx, lint_docx

        job.step("Đang kiểm tra thể thức…")
        try:
            report = lint_docx(stored.path, name=stored.name)
            fixed_path = job.folder / "da-sua.docx"
            job.step("Đang sửa các lỗi trình bày…")
            fix = fix_docx(stored.path, fixed_path, name=stored.name)
        except LintError as exc:
            raise JobFailed(vi.reader_error(str(exc).split(": ", 1)[-1], stored.name)) from None
        job.offer("fixed", f"{safe_stem(stored.name)}-da-sua.docx", DOCX, fixed_path.read_bytes())
        job.result.update(
            template="lint_result.html",
            ctx={
                "name": stored.name,
                "ok": report.ok,
                "groups": _groups(report.violations),
                "n_errors": len(report.errors),
                "n_warnings": len(report.warnings),
                "n_fixed": len(fix.fixed),
                "remaining": _groups(fix.remaining.violations),
                "n_remaining": len(fix.remaining.violations),
            },
        )

    return started(request, job, work)
