"""A job's page: progress while it runs, then its result (or the form again with the reason), and downloads."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from ..common import render

router = APIRouter()
# the page of the navigation bar a job belongs to (its kind: the page that started it)
PAGE_OF = {
    "doc": "/doc",
    "derive-parent": "/derive",
    "derive": "/derive",
    "compare": "/compare",
    "coverage": "/compare",
    "lint": "/lint",
    "report-plan": "/report",
    "report": "/report",
}


def _job(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404)
    return job


@router.get("/job/{job_id}")
def job_page(request: Request, job_id: str):
    job = _job(request, job_id)
    section = PAGE_OF.get(job.kind)
    if job.state == "running":
        return render(request, "job.html", job=job, section=section)
    if job.state == "failed":
        return render(
            request,
            job.result.get("form", "error.html"),
            status=422,
            error=job.error,
            message=job.error,
            section=section,
            **job.result.get("form_ctx", {}),
        )
    return render(request, job.result["template"], job=job, section=section, **job.result.get("ctx", {}))


@router.get("/job/{job_id}/status")
def job_status(request: Request, job_id: str) -> JSONResponse:
    job = _job(request, job_id)
    return JSONResponse(
        {"state": job.state, "stage": job.stage, "percent": job.percent, "elapsed": round(job.elapsed, 1)}
    )


@router.get("/job/{job_id}/file/{key}")
def job_file(request: Request, job_id: str, key: str) -> Response:
    job = _job(request, job_id)
    d = job.downloads.get(key)
    if d is None:
        raise HTTPException(404)
    inline = d.media_type.startswith(("image/", "text/html"))
    disposition = "inline" if inline else "attachment"
    ascii_name = d.filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    headers = {
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(d.filename)}",
        "Cache-Control": "no-store",
    }
    if d.media_type.startswith("text/html"):  # a generated view: styles of its own, nothing else, no script
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return Response(d.data, media_type=d.media_type, headers=headers)
