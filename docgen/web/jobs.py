"""Long work off the event loop: each upload becomes a job on a small thread pool, with a stage the page shows.

A job owns a temporary folder for its uploads; the folder is removed as soon as the job ends, whatever
happens. What the clerk may download stays in memory, under the job's unguessable id, until it expires.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("kehoach.web")


@dataclass
class Download:
    filename: str
    media_type: str
    data: bytes


class JobFailed(Exception):
    """A failure whose message is already the Vietnamese line the clerk should read."""


@dataclass
class Job:
    id: str
    kind: str  # the page that started it: doc, derive, compare, coverage, lint, report, report-build
    folder: Path
    stage: str = "Đang chờ đến lượt xử lý…"
    done_steps: int = 0
    total_steps: int = 1
    state: str = "running"  # running | done | failed
    error: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    downloads: dict[str, Download] = field(default_factory=dict)
    keep: dict[str, Any] = field(default_factory=dict)  # objects a follow-up step reuses (a plan)
    names: dict[str, str] = field(default_factory=dict)  # stored path -> the clerk's filename
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def step(self, stage: str) -> None:
        """Enter the next stage (shown on the progress page)."""
        self.stage = stage
        self.done_steps = min(self.done_steps + 1, self.total_steps)

    def offer(self, key: str, filename: str, media_type: str, data: bytes | str) -> None:
        self.downloads[key] = Download(filename, media_type, data.encode("utf-8") if isinstance(data, str) else data)

    @property
    def percent(self) -> int:
        if self.state != "running":
            return 100
        return int(100 * self.done_steps / max(self.total_steps, 1))

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started


class Jobs:
    """The running and recent jobs of one server."""

    def __init__(self, workers: int = 2, keep_seconds: float = 3600, max_jobs: int = 200):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kehoach-job")
        self.keep_seconds = keep_seconds
        self.max_jobs = max_jobs
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, kind: str, total_steps: int = 1) -> Job:
        """A job with its own fresh temporary folder (uploads are stored there before `start`)."""
        folder = Path(tempfile.mkdtemp(prefix="kehoach-web-"))
        job = Job(id=secrets.token_urlsafe(16), kind=kind, folder=folder, total_steps=total_steps)
        with self._lock:
            self._expire()
            self._jobs[job.id] = job
        return job

    def start(self, job: Job, work: Callable[[Job], None]) -> None:
        self.pool.submit(self._run, job, work)

    def discard(self, job: Job) -> None:
        """Forget a job that never started (its upload was refused) and remove its folder."""
        shutil.rmtree(job.folder, ignore_errors=True)
        with self._lock:
            self._jobs.pop(job.id, None)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        try:
            work(job)
            job.state = "done"
        except JobFailed as exc:
            job.error, job.state = str(exc), "failed"
        except Exception as exc:  # a bug must not take the server down; the clerk gets one line
            log.exception("job %s (%s) failed", job.id, job.kind)
            job.error = f"Lỗi khi xử lý ({type(exc).__name__}). Hãy thử lại hoặc báo cho bộ phận kỹ thuật."
            job.state = "failed"
        finally:
            job.finished = time.monotonic()
            shutil.rmtree(job.folder, ignore_errors=True)

    def _expire(self) -> None:
        now = time.monotonic()
        for jid, job in list(self._jobs.items()):
            if job.finished is not None and now - job.finished > self.keep_seconds:
                del self._jobs[jid]
        while len(self._jobs) >= self.max_jobs:
            oldest = min(
                (j for j in self._jobs.values() if j.finished is not None), key=lambda j: j.finished, default=None
            )
            if oldest is None:
                break
            del self._jobs[oldest.id]

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
