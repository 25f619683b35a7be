"""A real `kehoach serve` app on a free local port, in a thread, for the web tests (HTTP and browser)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path | None = None, token: str | None = None, workers: int = 2):
    """Yield the base URL of a server started exactly as `kehoach serve` starts it (uvicorn, same app)."""
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    uvicorn = pytest.importorskip("uvicorn", reason="the web extra (uvicorn) is not installed")
    from docgen.web import Settings, create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(Settings(db=db, token=token, workers=workers)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def build_archive(sources: list[Path], db: Path) -> Path:
    """An archive made the way `kehoach batch SOURCES --db DB` makes it."""
    from extract.batch import run_batch

    run_batch([str(s) for s in sources], db, workers=1, timeout=None)
    return db
