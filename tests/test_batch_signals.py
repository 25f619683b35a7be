"""A killed or terminated batch driver leaves no worker behind, even one stuck in C code on a document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="worker death follows the Linux process model")

# A task that records its worker's pid, then backtracks for ever inside the standard regex engine (C code) holding
# the GIL: no Python-level watchdog thread can run, so only the kernel (the parent-death signal) can stop it.
STUCK = """
import os, re

def stuck(task):
    with open(task.path, "w") as fh:
        fh.write(str(os.getpid()))
    re.match(r"(?:a+)+b", "a" * 80)
    return {"hash": task.hash, "path": task.display, "ok": True}
"""

DRIVER = """
import sys
sys.path[:0] = [{repo!r}, {here!r}]
from extract.batch.pool import LocalPool
from extract.batch.runner import _sigterm_interrupts
from extract.batch.work import Task
from stuck_task import stuck

if __name__ == "__main__":
    tasks = [Task(hash="x", display="x", size=1, path={pidfile!r})]
    try:
        with _sigterm_interrupts():
            list(LocalPool(1, timeout=None, func=stuck, start_method={method!r}).map(tasks))
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(143)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state == "Z"  # killed, waiting for a reaper that may not exist in a container


def _start(tmp_path: Path, method: str) -> tuple[subprocess.Popen, int]:
    (tmp_path / "stuck_task.py").write_text(STUCK)
    pidfile = tmp_path / "worker.pid"
    script = tmp_path / "driver.py"
    script.write_text(DRIVER.format(repo=str(REPO), here=str(tmp_path), pidfile=str(pidfile), method=method))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120  # the fork server imports the pipeline first
    while not (pidfile.exists() and pidfile.read_text()):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the worker did not start (driver exit {proc.returncode})")
        time.sleep(0.1)
    time.sleep(0.3)  # the worker is now inside the regex engine
    return proc, int(pidfile.read_text())


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.1)
    return _gone(pid)


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_worker_dies_with_a_killed_driver(tmp_path, method):
    proc, worker = _start(tmp_path, method)
    try:
        assert not _gone(worker)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait_gone(worker, 10), "the stuck worker outlived its killed driver"
    finally:
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)


def test_sigterm_stops_the_pool_like_ctrl_c(tmp_path):
    proc, worker = _start(tmp_path, "forkserver")
    try:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 143 and "interrupted" in out
        assert _wait_gone(worker, 5)
    finally:
        if proc.poll() is None:
            proc.kill()
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)
