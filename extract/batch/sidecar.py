"""Kill-based per-document timeout on a Dask worker.

A Dask task cannot be stopped once it runs (cancelling a future leaves the worker thread busy), so on a worker
each document is extracted in a *side process*: a long-lived child (`python -m extract.batch.sidecar`, started
with subprocess — Dask worker processes are daemonic and may not use multiprocessing children) that imports and
warms the pipeline once, then extracts documents one at a time. The worker thread waits for the answer with
the timeout; a document that takes longer has its side process killed (SIGKILL) and is reported as timed out,
and the next document gets a fresh side process. A side process that crashes (segfault in a reader, out of
memory) is reported as a crash the same way; the worker itself never runs the extraction.

One side process per worker thread, recycled when its peak memory passes `MAX_PEAK_MB` (or after `MAX_TASKS`
documents), killed at exit. It exits by itself when its worker goes away (stdin closes, or its parent changes).

Protocol: frames of an 8-byte big-endian length + a pickle, over the child's stdin/stdout (the child points
its own fd 1 at stderr, so a stray print cannot corrupt the stream). Child → parent: "ready" first, then
(result dict, peak memory in MB) per task. Parent → child: (func, task), where func is None (`work.process_task`) or
"module:function" (tests register a hanging extractor this way).
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
import weakref

MAX_TASKS = 2000  # documents per side process at most …
MAX_PEAK_MB = 800  # … and recycled as soon as its peak memory passes this (flat memory without restart costs)
START_TIMEOUT = 180.0  # importing and warming the pipeline on a busy worker
_HEADER = struct.Struct(">Q")


class SidecarDied(Exception):
    pass


def _send(fh, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_HEADER.pack(len(data)) + data)
    fh.flush()


class _Reader:
    """Read whole frames from a file descriptor, with a deadline."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = bytearray()

    def _fill(self, n: int, deadline: float | None) -> None:
        while len(self.buf) < n:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.fd, max(1 << 16, n - len(self.buf)))
            if not chunk:
                raise SidecarDied
            self.buf += chunk

    def frame(self, deadline: float | None):
        self._fill(_HEADER.size, deadline)
        (n,) = _HEADER.unpack(self.buf[: _HEADER.size])
        self._fill(_HEADER.size + n, deadline)
        data = bytes(self.buf[_HEADER.size : _HEADER.size + n])
        del self.buf[: _HEADER.size + n]
        return pickle.loads(data)


class Sidecar:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.reader: _Reader | None = None
        self.done = 0
        self.peak_mb = 0.0
        self._finalizer = None

    def _start(self) -> None:
        env = dict(os.environ)
        # The worker's import path (the package, and for tests the test folder) for the child.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "extract.batch.sidecar"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        self._finalizer = weakref.finalize(self, _kill, self.proc)
        _LIVE.add(self.proc)
        self.reader = _Reader(self.proc.stdout.fileno())
        self.done = 0
        try:
            msg = self.reader.frame(time.monotonic() + START_TIMEOUT)
        except (TimeoutError, SidecarDied) as exc:
            code = self.kill()
            raise SidecarDied(f"the extraction process did not start (exit code {code})") from exc
        if msg != "ready":  # pragma: no cover - protocol error
            self.kill()
            raise SidecarDied(f"the extraction process did not start ({msg!r})")

    def kill(self) -> int | None:
        proc, self.proc = self.proc, None
        if proc is None:
            return None
        _kill(proc)
        _LIVE.discard(proc)
        return proc.returncode

    def run(self, task, timeout: float | None, func: str | None = None) -> dict:
        """Extract one document in the side process; never raises (timeouts and crashes are results)."""
        base = {"hash": task.hash, "path": task.display, "ok": False}
        if self.proc is not None and (
            self.proc.poll() is not None or self.done >= MAX_TASKS or self.peak_mb > MAX_PEAK_MB
        ):
            self.stop()
        try:
            if self.proc is None:
                self._start()
        except SidecarDied as exc:
            return {**base, "kind": "crash", "reason": f"{exc} on the dask worker"}
        self.done += 1
        started = time.monotonic()
        try:
            _send(self.proc.stdin, (func, task))
            result, self.peak_mb = self.reader.frame(started + timeout if timeout else None)
            return result
        except TimeoutError:
            self.kill()
            return {
                **base,
                "kind": "timeout",
                "reason": f"timed out after {timeout:g} s on a dask worker (extraction process killed)",
                "elapsed": time.monotonic() - started,
            }
        except (SidecarDied, BrokenPipeError, OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            code = self.kill()
            return {
                **base,
                "kind": "crash",
                "reason": f"extraction process died while reading the document (exit code {code})",
                "elapsed": time.monotonic() - started,
            }

    def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        try:
            proc.stdin.close()  # the child exits on EOF
            proc.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:
            pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
    for fh in (proc.stdin, proc.stdout):
        try:
            if fh:
                fh.close()
        except OSError:
            pass


_LIVE: weakref.WeakSet[subprocess.Popen] = weakref.WeakSet()
_LOCAL = threading.local()
atexit.register(lambda: [_kill(p) for p in list(_LIVE)])


def run_task(task, timeout: float | None, func: str | None = None) -> dict:
    """The Dask task of the SQLite output: one document, extracted in this worker thread's side process with
    the kill-based timeout. Without a timeout (or on Windows) the document is extracted in the worker itself."""
    if (not timeout and func is None) or os.name == "nt":  # no select() on pipes there: in the worker itself
        from .work import process_task

        if func is not None:
            return _resolve(func)(task)

        return process_task(task)
    sc = getattr(_LOCAL, "sidecar", None)
    if sc is None:
        sc = _LOCAL.sidecar = Sidecar()
    return sc.run(task, timeout, func)


# --- the child ------------------------------------------------------------------------------------------


def _resolve(func: str | None):
    if func is None:
        from .work import process_task

        return process_task
    import importlib

    module, _, name = func.partition(":")
    return getattr(importlib.import_module(module), name)


def _watch_parent(ppid: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != ppid:  # the worker died (even with SIGKILL): do not linger
            os._exit(0)


def _child() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's business
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, never into the protocol
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    try:
        from . import warm  # noqa: F401  (pipeline, spaCy matcher and patterns loaded once)
    except Exception:
        pass
    _send(out, "ready")
    reader = _Reader(sys.stdin.fileno())
    while True:
        try:
            func, task = reader.frame(None)
        except (SidecarDied, OSError, EOFError):
            return
        try:
            result = _resolve(func)(task)
        except BaseException as exc:  # process_task never raises; a test hook might
            from .work import one_line

            result = {
                "hash": task.hash,
                "path": task.display,
                "ok": False,
                "kind": "crash",
                "reason": one_line(f"{type(exc).__name__}: {exc}"),
            }
        _send(out, (result, _peak_mb()))


def _peak_mb() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


if __name__ == "__main__":
    _child()
