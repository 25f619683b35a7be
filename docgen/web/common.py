"""Helpers every page uses: rendering, accepting uploads into a job, reading a plan with a Vietnamese reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from . import vi
from .jobs import Job, JobFailed
from .uploads import Stored, UploadError, store


def render(request: Request, template: str, /, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("error", None)
    ctx.setdefault("has_db", request.app.state.settings.db is not None)
    return request.app.state.templates.TemplateResponse(request, template, ctx, status_code=status)


def accept(request: Request, job: Job, upload: UploadFile | None, slot: str, exts: tuple[str, ...]) -> Stored:
    """Store one uploaded file in the job's folder (raises `UploadError`)."""
    if upload is None or not upload.filename:
        raise UploadError("upload: missing")
    stored = store(upload.file, upload.filename, job.folder, slot, exts, request.app.state.settings.max_bytes)
    job.names[str(stored.path)] = stored.name
    return stored


def refused(request: Request, job: Job, page: str, exc: UploadError, /, **ctx: Any) -> HTMLResponse:
    """The page again, with the reason in one Vietnamese line; the job is dropped with its folder."""
    request.app.state.jobs.discard(job)
    reason = vi.message(str(exc))
    return render(request, page, status=400, error=f"{exc.name}: {reason}" if exc.name else reason, **ctx)


def started(request: Request, job: Job, work) -> RedirectResponse:
    request.app.state.jobs.start(job, work)
    return RedirectResponse(f"/job/{job.id}", status_code=303)


def read_plan(job: Job, stored: Stored):
    """The plan of an upload (the loader every command uses); a reader's refusal becomes a Vietnamese `JobFailed`
    naming the file."""
    from extract.blocks import ReadError
    from extract.planfile import load_plan

    try:
        plan = load_plan(stored.path)
    except ReadError as exc:
        raise JobFailed(vi.reader_error(exc.problem, stored.name)) from None
    # every Source names the file: the clerk's name, not the server's temporary path
    text = plan.model_dump_json().replace(json.dumps(str(stored.path))[1:-1], json.dumps(stored.name)[1:-1])
    return type(plan).model_validate_json(text)


def safe_stem(name: str) -> str:
    """A download name made from the clerk's filename (the browser gets it; the server never opens it)."""
    stem = Path(name).stem
    keep = "".join(c if c.isalnum() or c in "-_ " else "-" for c in stem).strip().replace(" ", "-")
    return keep[:60] or "van-ban"


def named(job: Job, text: str) -> str:
    """An engine message with the server's paths of the job's uploads replaced by the clerk's filenames."""
    for path, name in job.names.items():
        text = text.replace(path, name)
    return text
