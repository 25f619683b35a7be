"""A small process pool with a per-task timeout: a worker stuck on a pathological document is killed and
replaced, the document is recorded as timed out, and the other workers go on.

(`concurrent.futures.ProcessPoolExecutor` cannot kill one running task: killing its process breaks the
whole pool. Here each worker has its own pipe and is waited on with `multiprocessing.connection.wait`.)

Throughput: each worker has up to `depth` tasks in flight (default 2): while it extracts one document the
next is already waiting in its pipe, so it never idles while the driver stores a result and hashes the next
file. Tasks run in order, so the first unanswered task of a worker is the running one: a timeout or crash is
charged to it and the worker's queued tasks go to another worker.

Memory: workers are forked from a fork server that imported the pipeline, the readers and spaCy and froze
that heap (`warm.py`); after every document a worker collects cyclic garbage — python-docx packages and
pdfminer documents are reference cycles that hold whole lxml trees and page objects in native memory, which
the default thresholds would only collect after thousands of documents — freezes the survivors, and returns
freed heap to the system (`malloc_trim`) when its resident size has grown. A worker is still recycled after
`max_tasks` documents as a bound on anything else that could accumulate.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from .work import Task, process_task

_WARM_MODULE = "extract.batch.warm"
TRIM_ABOVE = 16 * 1024 * 1024  # trim when a worker's RSS is this much above its size after its first document


def _malloc_trim():
    """`malloc_trim(0)` from glibc, or None elsewhere (macOS, musl): returns freed heap pages to the system."""
    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
        trim.argtypes = [ctypes.c_size_t]
        return trim
    except (OSError, AttributeError):
        return None


def _rss() -> int:
    """This process's resident set in bytes (Linux: /proc/self/statm, ~10 µs), 0 where unavailable."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_EVERY = 1.0  # seconds between the fallback watchdog's looks at the driver


def _die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent exits (Linux `prctl(PR_SET_PDEATHSIG)`). It works
    while the process is stuck in C code holding the GIL, where no Python thread can run. With the fork server
    the parent is the server, which exits when the driver's end of its pipe closes, so a killed driver takes
    the server and then its workers with it."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _release_fork_server() -> None:
    """A worker forked by the fork server inherits the write end of the server's "alive" pipe, so the server
    (the worker's parent) outlives a killed driver for as long as the worker runs, and the parent-death signal
    never comes. Workers start no processes of their own: close it, and the server exits with the driver."""
    try:
        from multiprocessing import forkserver

        server = forkserver._forkserver  # type: ignore[attr-defined]
        fd = server._forkserver_alive_fd
    except AttributeError:  # another Python's internals: the watchdog thread still applies
        return
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else: not ours, but alive
        return True
    return True


def _watch_driver(driver: int, parent: int) -> None:
    """The portable fallback: a daemon thread that kills this worker once the driver or the parent is gone
    (re-parented to init or a subreaper). It runs whenever the worker's own code releases the GIL."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(WATCH_EVERY)
            if os.getppid() != parent or not _alive(driver):
                os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="driver-watchdog", daemon=True).start()


def _orphan_guard(driver: int | None) -> None:
    """Workers never outlive the batch: a SIGKILLed or SIGTERMed driver leaves no worker spinning on a document."""
    parent = os.getppid()
    _release_fork_server()
    _die_with_parent()
    if driver is not None and (parent != driver and not _alive(driver)):
        os._exit(1)  # the driver died while this worker was starting
    _watch_driver(driver or parent, parent)


def _worker_main(conn, func=None, driver: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's business
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the driver's own SIGTERM handler is not the worker's
    _orphan_guard(driver)
    if func is None:
        try:
            from . import warm  # noqa: F401  (no-op when the fork server already loaded it)
        except Exception:
            pass
    trim = _malloc_trim()
    base = 0  # RSS after the first document
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
        del task, result
        # Memory hygiene (see the module docstring). The collection costs ~0.3 ms and saves about as much
        # in automatic collections, which no longer walk everything the worker ever kept.
        gc.collect()
        gc.freeze()  # the next collection only looks at objects made after this document
        if trim is not None:
            # malloc_trim is cheap but the pages it returns are faulted in again by the next document
            # (~0.3 ms a document if done every time): only when the heap has grown.
            rss = _rss()
            if not base:
                base = rss
            elif rss > base + TRIM_ABOVE:
                trim(0)
                base = max(base, _rss() - TRIM_ABOVE // 2)  # what stays after a trim is the new normal


def start_warming(start_method: str | None = None) -> None:
    """Start the fork server now, without waiting: it imports and warms up the pipeline (`warm.py`, ~1.5 s:
    spaCy, pydantic, the readers) while the driver lists, hashes and opens the archive. The first worker
    then waits only for what is left of it."""
    ctx = _context(start_method)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        try:
            forkserver.ensure_running()
        except Exception:  # the pool will start it (and report any problem) when it needs it
            pass


class _Poller:
    """`multiprocessing.connection.wait` for the busy workers' pipes, with one `select.poll` object kept
    across calls: `wait` builds and fills a new selector every time, which was a tenth of the driver's CPU
    per document. Only busy pipes are registered (an idle worker's closed pipe would wake every poll)."""

    def __init__(self):
        import select

        self._poll = select.poll() if hasattr(select, "poll") else None
        self._fds: set[int] = set()

    def wait(self, busy: dict, timeout: float | None) -> list:
        if self._poll is None:  # no poll(2) (Windows): the standard way
            return wait(list(busy), timeout=timeout)
        import select

        by_fd = {conn.fileno(): conn for conn in busy}
        for fd in self._fds - by_fd.keys():
            self._poll.unregister(fd)
        for fd in by_fd.keys() - self._fds:
            self._poll.register(fd, select.POLLIN | select.POLLPRI)
        self._fds = set(by_fd)
        events = self._poll.poll(None if timeout is None else max(0, int(timeout * 1000 + 0.999)))  # ms, rounded up
        return [by_fd[fd] for fd, _ in events if fd in by_fd]

    def reset(self) -> None:
        if self._poll is not None:
            for fd in self._fds:
                try:
                    self._poll.unregister(fd)
                except (KeyError, ValueError, OSError):
                    pass
        self._fds = set()


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
        self.proc = ctx.Process(target=_worker_main, args=(child, func, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.queue: deque[Task] = deque()  # sent, not yet answered; queue[0] is the one running
        self.started = 0.0  # when queue[0] started (or was sent, if the worker was idle)
        self.sent = 0

    @property
    def task(self) -> Task | None:
        return self.queue[0] if self.queue else None

    def send(self, task: Task) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(task)
        self.sent += 1
        self.conn.send(task)

    def answered(self) -> Task:
        """The running task has answered; the next queued one (if any) starts now."""
        task = self.queue.popleft()
        self.started = time.monotonic()
        return task

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
    def __init__(
        self,
        workers: int,
        timeout: float | None,
        func=None,
        start_method: str | None = None,
        max_tasks: int | None = 1000,
        depth: int = 2,
    ):
        """`func` (default `process_task`) maps a Task to a result dict; `start_method` defaults to forkserver
        (workers forked from a warm server) and is overridable for tests; `depth` is the number of tasks in
        flight per worker (1 = lock-step)."""
        self.n = max(1, int(workers))
        self.timeout = timeout if timeout and timeout > 0 else None
        self.func = func
        self.max_tasks = max_tasks  # recycle a worker after this many documents: a bound on slow growth
        self.depth = max(1, int(depth))
        self.ctx = _context(start_method)
        self.workers: list[_Worker] = []
        self._poller = _Poller()

    def _room(self, w: _Worker) -> bool:
        if self.max_tasks and w.sent >= self.max_tasks:
            return False  # drained, then replaced
        return len(w.queue) < self.depth

    def map(self, tasks: Iterable[Task]) -> Iterator[dict]:
        """Results in completion order. Pulls tasks lazily: at most `depth` in flight per worker."""
        it = iter(tasks)
        again: deque[Task] = deque()  # tasks taken back from a killed worker, sent before new ones
        exhausted = False

        def next_task() -> Task | None:
            nonlocal exhausted
            if again:
                return again.popleft()
            if exhausted:
                return None
            task = next(it, None)
            if task is None:
                exhausted = True
            return task

        try:
            for _ in range(self.n):
                self.workers.append(_Worker(self.ctx, self.func))
            while True:
                # Fill: first give every worker one task, then top queues up to `depth`.
                for level in range(1, self.depth + 1):
                    for w in self.workers:
                        while len(w.queue) < level and self._room(w):
                            task = next_task()
                            if task is None:
                                break
                            w.send(task)
                busy = {w.conn: w for w in self.workers if w.queue}
                if not busy:
                    return
                wait_for = None
                if self.timeout:
                    now = time.monotonic()
                    wait_for = max(0.0, min(w.started + self.timeout for w in busy.values()) - now)
                ready = self._poller.wait(busy, wait_for)
                for conn in ready:
                    w = busy[conn]
                    try:
                        result = conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(1)
                        code = w.proc.exitcode
                        task = w.task
                        result = {
                            "hash": task.hash,
                            "path": task.display,
                            "ok": False,
                            "kind": "crash",
                            "reason": f"worker process died while reading the document (exit code {code})",
                        }
                        self._replace(w, again)
                    else:
                        w.answered()
                        if self.max_tasks and w.sent >= self.max_tasks and not w.queue:
                            self._replace(w, again, graceful=True)
                    yield result
                if self.timeout:
                    now = time.monotonic()
                    for w in list(self.workers):
                        if w.queue and now - w.started >= self.timeout:
                            task = w.task
                            self._replace(w, again)
                            yield {
                                "hash": task.hash,
                                "path": task.display,
                                "ok": False,
                                "kind": "timeout",
                                "reason": f"timed out after {self.timeout:g} s (worker stopped)",
                            }
        finally:
            self.close()

    def _replace(self, w: _Worker, again: deque, graceful: bool = False) -> _Worker:
        """Stop `w` and start a fresh worker in its place. Its running task (queue[0]) is the caller's to
        report; the tasks queued behind it were never started and go back to `again`."""
        if graceful:
            w.stop()
        else:
            w.kill()
        again.extendleft(reversed(list(w.queue)[1:]))
        w.queue.clear()
        i = self.workers.index(w)
        new = _Worker(self.ctx, self.func)
        self.workers[i] = new
        return new

    def close(self) -> None:
        self._poller.reset()
        for w in self.workers:
            if w.queue:
                w.kill()
            else:
                w.stop()
        self.workers = []
