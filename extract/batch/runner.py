"""`run_batch`: discover → hash → skip what the archive has → extract in parallel → write, one document per
transaction. Engines: `local` (process pool with per-document timeout) and `dask` (distributed cluster)."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .sources import Discovery, Loader, SourceError, ZipRefused
from .store import Archive, ArchiveError
from .work import Task, one_line


class Terminated(KeyboardInterrupt):
    """SIGTERM during a batch, raised where Ctrl-C would be so that it cleans up the same way: workers stopped,
    what is committed kept, buffered Parquet rows written."""

    signum = signal.SIGTERM


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While the batch runs, SIGTERM (a service manager, `kill`) interrupts it like Ctrl-C instead of ending the
    driver at once with its workers still running. Only the main thread can take signals; elsewhere, nothing."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    first_stored: float | None = None  # seconds from the start to the first stored document (the start-up)
    last_stored: float | None = None  # … to the last one
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), this run
    _t0: float = field(default_factory=time.perf_counter, repr=False)  # when the run started

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def steady_docs_per_s(self) -> float | None:
        """Documents/s once running: from the first stored document to the last (the fixed start-up — the
        workers importing and warming up the pipeline, ~1.5-2 s — left out); None under 10 documents."""
        if self.processed < 10 or self.first_stored is None or self.last_stored is None:
            return None
        span = self.last_stored - self.first_stored
        return (self.processed - 1) / span if span > 0 else None


class Progress:
    """What the runner reports; the CLI draws it with rich. `status`: stored, skipped, duplicate, failed."""

    def start(self, total: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, status: str, path: str) -> None:  # pragma: no cover - interface
        pass


def run_batch(
    sources: list[str | Path],
    db: str | Path | None = None,
    workers: int | None = None,
    timeout: float | None = 300.0,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    retry_failed: bool = False,
    dask_processes: bool = True,
    out: str | Path | None = None,
    part_size: int = 200,
    func: str | None = None,
) -> Summary:
    """Process SOURCEs into the SQLite archive at `db`, or as partitioned Parquet into the folder `out`
    (`parquet.py`; with the Dask engine the workers write the parts). Raises SourceError / ArchiveError for
    unusable input, and ArchiveError (one line, naming the database or folder) when the disk fills up or the
    archive becomes unwritable mid-run: the batch stops, everything committed so far is kept, and a rerun
    continues.

    `func` ("module:function", Dask engine only) replaces the extraction function on the workers (tests).
    The local engine starts worker processes from a fork server: a script calling this must guard its entry
    point with `if __name__ == "__main__":` (as for any multiprocessing code)."""
    started = time.perf_counter()
    progress = progress or Progress()
    workers = workers or os.cpu_count() or 1
    if not sources:
        raise SourceError("no SOURCE given")
    if (db is None) == (out is None):
        raise SourceError(
            "give either a database (--db) or a Parquet folder (--out), not both"
            if db
            else "give a database (--db) or a Parquet folder (--out)"
        )
    if engine not in ("local", "dask"):
        raise SourceError(f"unknown engine '{engine}' (local, dask)")
    if engine == "local" and func is None:
        from .pool import start_warming

        start_warming()
    target = Path(db if db is not None else out)
    exclude = {target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")}
    disc = Discovery(exclude=exclude)
    for s in sources:
        disc.add_source(s)
    if not disc.candidates and not disc.refused:
        raise SourceError(f"no documents found in {', '.join(str(s) for s in sources)}")

    if out is not None:
        from .parquet import ParquetStore

        archive = ParquetStore(out, part_size)  # raises ArchiveError before anything is written
    else:
        archive = Archive(db)  # raises ArchiveError before anything is written
    summary = Summary(found=len(disc.candidates), _t0=started)
    failed: BaseException | None = None
    sigterm = contextlib.ExitStack()
    sigterm.enter_context(_sigterm_interrupts())
    try:
        with _guard(archive, "recording errors"):
            for r in disc.refused:
                archive.add_error(None, r.path, r.kind, r.reason)
                summary.failed += 1
                _note_error(summary, r.path, r.reason)
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
                    with _guard(archive, "recording an error"):
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
                with _guard(archive, "reading the archive"):
                    stored = archive.has_document(task.hash)
                    failed_before = not stored and archive.has_error(task.hash)
                if stored:
                    summary.skipped += 1
                    progress.advance("skipped", c.display)
                    continue
                if failed_before and not retry_failed:
                    summary.skipped_failed += 1
                    progress.advance("skipped", c.display)
                    continue
                yield task

        if engine == "dask" and out is not None:
            for statuses in _dask_parts(tasks(), workers, timeout, scheduler, dask_processes, archive, part_size, func):
                archive.note_part(statuses)
                for st in statuses:
                    _count(summary, progress, st)
        else:
            if engine == "local":
                results = _local(tasks(), workers, timeout)
            else:
                results = _dask(tasks(), workers, timeout, scheduler, dask_processes, func)
            try:
                for res in results:
                    with _guard(archive, "storing a document"):
                        _write(archive, summary, progress, res)
            finally:
                results.close()  # stops the workers now, also on Ctrl-C or a database error
    except BaseException as exc:
        failed = exc
        raise
    finally:
        try:
            if out is not None:
                # Ctrl-C: the buffered documents are complete and are written; after a write error: dropped.
                archive.close(flush=failed is None or isinstance(failed, KeyboardInterrupt))
            else:
                archive.close()
        except ArchiveError:
            if failed is None:
                raise
        finally:
            sigterm.close()
        summary.elapsed = time.perf_counter() - started
    return summary


def _guard(archive, doing: str):
    """sqlite3 / OS errors of the archive → one-line ArchiveError (disk full, read-only …)."""
    if isinstance(archive, Archive):
        return archive.guard(doing)
    return contextlib.nullcontext()


def _count(summary: Summary, progress: Progress, st: dict, stored: bool = True) -> None:
    """Tally one document's outcome: stored, skipped as already there, or failed (with its reason)."""
    if st.get("ok"):
        if stored:
            summary.processed += 1
            now = time.perf_counter() - summary._t0
            if summary.first_stored is None:
                summary.first_stored = now
            summary.last_stored = now
            if st.get("n_warnings"):
                summary.with_warnings += 1
        else:
            summary.skipped += 1
        progress.advance("stored" if stored else "skipped", st["path"])
    else:
        summary.failed += 1
        _note_error(summary, st["path"], st["reason"])
        progress.advance("failed", st["path"])


def _note_error(summary: Summary, path: str, reason: str) -> None:
    if len(summary.errors) < 1000:  # the full list is in the errors table
        summary.errors.append((path, reason))


def _write(archive, summary: Summary, progress: Progress, res: dict) -> None:
    stored = True
    if res["ok"]:
        stored = archive.add_document(res["rows"]) if isinstance(archive, Archive) else archive.add_result(res)
    else:
        archive.add_error(res["hash"], res["path"], res.get("kind", "error"), res["reason"])
    _count(summary, progress, res, stored)


def _local(tasks: Iterator[Task], workers: int, timeout: float | None) -> Iterator[dict]:
    from .pool import LocalPool

    yield from LocalPool(workers, timeout).map(tasks)


@contextlib.contextmanager
def _dask_client(workers: int, scheduler: str | None, processes: bool):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SourceError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from exc
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=30)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:  # distributed's connection timeouts are OSErrors
        if cluster is not None:
            cluster.close()
        raise SourceError(f"cannot reach the dask scheduler {scheduler or ''}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _backstop(timeout: float | None, n_docs: int = 1) -> float | None:
    """Driver-side limit for one Dask task, for tasks lost with their worker: the per-document timeout is
    enforced on the worker (sidecar), this only catches what never comes back."""
    return None if not timeout else n_docs * (timeout + 10.0) * 3 + 120.0


def _dask(
    tasks: Iterator[Task],
    workers: int,
    timeout: float | None,
    scheduler: str | None,
    processes: bool,
    func: str | None = None,
) -> Iterator[dict]:
    """client.submit over a bounded window of tasks (documents sent as bytes, so workers need no shared
    filesystem); results streamed back in completion order and written by the driver (the caller). Each
    document runs in a side process of its worker, killed at the per-document timeout (`sidecar.py`)."""
    from distributed import wait

    from .sidecar import run_task

    with _dask_client(workers, scheduler, processes) as client:
        nthreads = max(1, sum(client.nthreads().values()))
        window = nthreads + 2
        it = iter(tasks)
        pending: dict = {}  # future -> (task, submitted)
        exhausted = False
        limit = _backstop(timeout)
        while True:
            while not exhausted and len(pending) < window:
                task = next(it, None)
                if task is None:
                    exhausted = True
                    break
                fut = client.submit(run_task, task, timeout, func, key=f"kehoach-{task.hash}", pure=False)
                pending[fut] = (task, time.monotonic())
            if not pending:
                return
            try:
                done, _ = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED")
            except Exception:  # distributed raises its own TimeoutError subclass
                done = set()
            for fut in done:
                task, _ = pending.pop(fut)
                try:
                    yield fut.result()
                except Exception as exc:
                    yield {
                        "hash": task.hash,
                        "path": task.display,
                        "ok": False,
                        "kind": "crash",
                        "reason": one_line(f"dask worker failed: {type(exc).__name__}: {exc}"),
                    }
                fut.release()
            if limit:
                now = time.monotonic()
                for fut, (task, submitted) in list(pending.items()):
                    if now - submitted > limit and not fut.done():
                        fut.cancel()
                        del pending[fut]
                        yield {
                            "hash": task.hash,
                            "path": task.display,
                            "ok": False,
                            "kind": "timeout",
                            "reason": f"no answer from the dask cluster after {limit:g} s (task cancelled)",
                        }


def _dask_parts(
    tasks: Iterator[Task],
    workers: int,
    timeout: float | None,
    scheduler: str | None,
    processes: bool,
    store,
    part_size: int,
    func: str | None = None,
) -> Iterator[list[dict]]:
    """`--out` with Dask: groups of `part_size` documents, each a task that extracts them on a worker and
    writes one Parquet part there (`parquet.process_part`); only their statuses come back. Yields the
    statuses of each part; buffered driver-side errors go to the store. A part that cannot be written (disk
    full, read-only) stops the batch with an ArchiveError; a part lost with its worker is not recorded, so a
    rerun retries its documents."""
    from distributed import wait

    from .parquet import new_part_id, process_part

    out = str(store.out.resolve())
    with _dask_client(workers, scheduler, processes) as client:
        nthreads = max(1, sum(client.nthreads().values()))
        window = nthreads + 1
        it = iter(tasks)
        pending: dict = {}  # future -> (tasks, submitted)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < window:
                    group = []
                    for task in it:
                        group.append(task)
                        if len(group) >= part_size:
                            break
                    if len(group) < part_size:
                        exhausted = True
                    if not group:
                        break
                    part = new_part_id()
                    fut = client.submit(
                        process_part, group, out, part, timeout, func, key=f"kehoach-part-{part}", pure=False
                    )
                    pending[fut] = (group, time.monotonic())
                if not pending:
                    return
                try:
                    done, _ = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED")
                except Exception:
                    done = set()
                for fut in done:
                    group, _ = pending.pop(fut)
                    try:
                        res = fut.result()
                    except Exception as exc:
                        yield [
                            {
                                "hash": t.hash,
                                "path": t.display,
                                "ok": False,
                                "kind": "crash",
                                "reason": one_line(
                                    f"dask task failed ({type(exc).__name__}: {exc}); not recorded, "
                                    "retried on the next run"
                                ),
                            }
                            for t in group
                        ]
                        fut.release()
                        continue
                    fut.release()
                    if "fatal" in res:
                        raise ArchiveError(res["fatal"])
                    yield res["statuses"]
                now = time.monotonic()
                for fut, (group, submitted) in list(pending.items()):
                    limit = _backstop(timeout, len(group))
                    if limit and now - submitted > limit and not fut.done():
                        fut.cancel()
                        del pending[fut]
                        yield [
                            {
                                "hash": t.hash,
                                "path": t.display,
                                "ok": False,
                                "kind": "timeout",
                                "reason": f"no answer from the dask cluster after {limit:g} s (part cancelled; not "
                                "recorded, retried on the next run)",
                            }
                            for t in group
                        ]
        finally:
            for fut in pending:
                fut.cancel()
