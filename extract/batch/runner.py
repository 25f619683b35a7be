"""`run_batch`: discover → hash → skip what the archive has → extract in parallel → write, one document per
transaction. Engines: `local` (process pool with per-document timeout) and `dask` (distributed cluster)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .sources import Discovery, Loader, SourceError
from .store import Archive
from .work import Task, one_line


@dataclass
class Summary:
    found: int = 0  # candidate documents (before de-duplication)
    processed: int = 0  # newly stored
    skipped: int = 0  # already in the archive, unchanged
    skipped_failed: int = 0  # failed in an earlier run, unchanged (not retried)
    duplicates: int = 0  # same content seen twice in this run
    with_warnings: int = 0
    failed: int = 0  # errors recorded in this run (including refused zips)
    elapsed: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), this run

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


class Progress:
    """What the runner reports; the CLI draws it with rich. `status`: stored, skipped, duplicate, failed."""

    def start(self, total: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, status: str, path: str) -> None:  # pragma: no cover - interface
        pass


def run_batch(
    sources: list[str | Path],
    db: str | Path,
    workers: int | None = None,
    timeout: float | None = 300.0,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    retry_failed: bool = False,
    dask_processes: bool = True,
) -> Summary:
    """Process SOURCEs into the archive at `db`. Raises SourceError / ArchiveError for unusable input.

    The local engine starts worker processes from a fork server: a script calling this must guard its entry
    point with `if __name__ == "__main__":` (as for any multiprocessing code)."""
    started = time.perf_counter()
    progress = progress or Progress()
    workers = workers or os.cpu_count() or 1
    if not sources:
        raise SourceError("no SOURCE given")
    db = Path(db)
    disc = Discovery(exclude={db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")})
    for s in sources:
        disc.add_source(s)
    if not disc.candidates and not disc.refused:
        raise SourceError(f"no documents found in {', '.join(str(s) for s in sources)}")

    archive = Archive(db)  # raises ArchiveError before anything is written
    summary = Summary(found=len(disc.candidates))
    try:
        for r in disc.refused:
            archive.add_error(None, r.path, r.kind, r.reason)
            summary.failed += 1
            summary.errors.append((r.path, r.reason))
        progress.start(len(disc.candidates))
        loader = Loader(inline=(engine == "dask"))

        def tasks() -> Iterator[Task]:
            try:
                yield from _tasks()
            finally:
                loader.close()

        def _tasks() -> Iterator[Task]:
            seen: set[str] = set()
            for c in disc.candidates:
                try:
                    task = loader.load(c)
                except Exception as exc:  # an unreadable file or member is recorded, never fatal
                    reason = one_line(str(exc) if isinstance(exc, ZipRefused) else f"cannot read: {exc}")
                    archive.add_error(None, c.display, "read", reason)
                    summary.failed += 1
                    _note_error(summary, c.display, reason)
                    progress.advance("failed", c.display)
                    continue
                if task.hash in seen:
                    summary.duplicates += 1
                    progress.advance("duplicate", c.display)
                    continue
                seen.add(task.hash)
                if archive.has_document(task.hash):
                    summary.skipped += 1
                    progress.advance("skipped", c.display)
                    continue
                if archive.has_error(task.hash) and not retry_failed:
                    summary.skipped_failed += 1
                    progress.advance("skipped", c.display)
                    continue
                yield task

        if engine == "local":
            results = _local(tasks(), workers, timeout)
        elif engine == "dask":
            results = _dask(tasks(), workers, timeout, scheduler, dask_processes)
        else:
            raise SourceError(f"unknown engine '{engine}' (local, dask)")
        try:
            for res in results:
                _write(archive, summary, progress, res)
        finally:
            results.close()  # stops the workers now, also on Ctrl-C or a database error
    finally:
        archive.close()
        summary.elapsed = time.perf_counter() - started
    return summary


def _note_error(summary: Summary, path: str, reason: str) -> None:
    if len(summary.errors) < 1000:  # the full list is in the errors table
        summary.errors.append((path, reason))


def _write(archive: Archive, summary: Summary, progress: Progress, res: dict) -> None:
    if res["ok"]:
        if archive.add_document(res["rows"]):
            summary.processed += 1
            if res.get("n_warnings"):
                summary.with_warnings += 1
            progress.advance("stored", res["path"])
        else:
            summary.skipped += 1
            progress.advance("skipped", res["path"])
    else:
        archive.add_error(res["hash"], res["path"], res.get("kind", "error"), res["reason"])
        summary.failed += 1
        _note_error(summary, res["path"], res["reason"])
        progress.advance("failed", res["path"])


def _local(tasks: Iterator[Task], workers: int, timeout: float | None) -> Iterator[dict]:
    from .pool import LocalPool

    yield from LocalPool(workers, timeout).map(tasks)


def _dask(tasks: Iterator[Task], workers: int, timeout: float | None, scheduler: str | None,
          processes: bool) -> Iterator[dict]:
    """client.submit over a bounded window of tasks (documents sent as bytes, so workers need no shared
    filesystem); results streamed back in completion order and written by the driver (the caller)."""
    try:
        from distributed import Client, LocalCluster, wait
    except ImportError as exc:
        raise SourceError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from exc
    from .work import process_task

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout=30)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        nthreads = max(1, sum(client.nthreads().values()))
        window = nthreads + 2
        it = iter(tasks)
        pending: dict = {}  # future -> (task, submitted)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                task = next(it, None)
                if task is None:
                    exhausted = True
                    break
                fut = client.submit(process_task, task, key=f"kehoach-{task.hash}", pure=False)
                pending[fut] = (task, time.monotonic())
            if not pending:
                return
            try:
                done, _ = wait(list(pending), timeout=1.0 if timeout else None, return_when="FIRST_COMPLETED")
            except Exception:  # distributed raises its own TimeoutError subclass
                done = set()
            for fut in done:
                task, _ = pending.pop(fut)
                try:
                    yield fut.result()
                except Exception as exc:
                    yield {"hash": task.hash, "path": task.display, "ok": False, "kind": "crash",
                           "reason": one_line(f"dask worker failed: {type(exc).__name__}: {exc}")}
                fut.release()
            if timeout:
                now = time.monotonic()
                # Measured from submission; the window is barely larger than the worker count.
                for fut, (task, submitted) in list(pending.items()):
                    if now - submitted > timeout * 2 and not fut.done():
                        fut.cancel()
                        del pending[fut]
                        yield {"hash": task.hash, "path": task.display, "ok": False, "kind": "timeout",
                               "reason": f"timed out on the dask cluster (> {timeout:g} s; task cancelled)"}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
