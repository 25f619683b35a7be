"""A small process pool with a per-task timeout: a worker stuck on a pathological document is killed and
replaced, the document is recorded as timed out, and the other workers go on.

(`concurrent.futures.ProcessPoolExecutor` cannot kill one running task: killing its process breaks the
whole pool. Here each worker has its own pipe and is waited on with `multiprocessing.connection.wait`.)
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from .work import Task, process_task

_WARM_MODULE = "extract.batch.warm"


def _worker_main(conn, func=None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's business
    if func is None:
        try:
            from . import warm  # noqa: F401  (no-op when the fork server already loaded it)
        except Exception:
            pass
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = (func or process_task)(task)
        except BaseException as exc:  # pragma: no cover - process_task never raises
            result = {"hash": task.hash, "path": task.display, "ok": False, "kind": "crash", "reason": repr(exc)}
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _context(method: str | None = None):
    if method:
        return mp.get_context(method)
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([_WARM_MODULE])
        return ctx
    return mp.get_context("spawn")


class _Worker:
    def __init__(self, ctx, func=None):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, func), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0

    def send(self, task: Task) -> None:
        self.task = task
        self.done += 1
        self.started = time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


class LocalPool:
    def __init__(self, workers: int, timeout: float | None, func=None, start_method: str | None = None,
                 max_tasks: int | None = 100):
        """`func` (default `process_task`) maps a Task to a result dict; `start_method` defaults to forkserver
        (workers forked from a warm server) and is overridable for tests."""
        self.n = max(1, int(workers))
        self.timeout = timeout if timeout and timeout > 0 else None
        self.func = func
        self.max_tasks = max_tasks  # recycle a worker after this many documents: memory stays flat
        self.ctx = _context(start_method)
        self.workers: list[_Worker] = []

    def map(self, tasks: Iterable[Task]) -> Iterator[dict]:
        """Results in completion order. Pulls tasks lazily: at most one in flight per worker."""
        it = iter(tasks)
        exhausted = False
        idle = []
        try:
            for _ in range(self.n):
                w = _Worker(self.ctx, self.func)
                self.workers.append(w)
                idle.append(w)
            busy: dict = {}
            while True:
                while idle and not exhausted:
                    task = next(it, None)
                    if task is None:
                        exhausted = True
                        break
                    w = idle.pop()
                    w.send(task)
                    busy[w.conn] = w
                if not busy:
                    return
                wait_for = None
                if self.timeout:
                    now = time.monotonic()
                    wait_for = max(0.0, min(w.started + self.timeout for w in busy.values()) - now)
                ready = wait(list(busy), timeout=wait_for)
                for conn in ready:
                    w = busy.pop(conn)
                    try:
                        result = conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(1)
                        code = w.proc.exitcode
                        result = {"hash": w.task.hash, "path": w.task.display, "ok": False, "kind": "crash",
                                  "reason": f"worker process died while reading the document (exit code {code})"}
                        w = self._replace(w)
                    else:
                        w.task = None
                        if self.max_tasks and w.done >= self.max_tasks:
                            w = self._replace(w, graceful=True)
                    idle.append(w)
                    yield result
                if self.timeout:
                    now = time.monotonic()
                    for conn, w in list(busy.items()):
                        if now - w.started >= self.timeout:
                            del busy[conn]
                            task = w.task
                            w = self._replace(w)
                            idle.append(w)
                            yield {"hash": task.hash, "path": task.display, "ok": False, "kind": "timeout",
                                   "reason": f"timed out after {self.timeout:g} s (worker stopped)"}
        finally:
            self.close()

    def _replace(self, w: _Worker, graceful: bool = False) -> _Worker:
        if graceful:
            w.stop()
        else:
            w.kill()
        self.workers.remove(w)
        new = _Worker(self.ctx, self.func)
        self.workers.append(new)
        return new

    def close(self) -> None:
        for w in self.workers:
            if w.task is not None:
                w.kill()
            else:
                w.stop()
        self.workers = []
