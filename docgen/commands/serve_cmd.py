"""`kehoach serve`: the local web app for the offices (pages in Vietnamese; see `docgen.web`)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import typer

from ._io import fail, warn

TOKEN_ENV = "KEHOACH_TOKEN"
INSTALL_HINT = "the web app needs its extra: pip install 'kehoach[web]' (fastapi, uvicorn, python-multipart)"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the office LAN (needs --token)."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: Path | None = typer.Option(
        None, "--db", help="Archive made by `kehoach batch` for the search page (opened read-only)."
    ),
    token: str | None = typer.Option(
        None, "--token", help=f"Access token required on every request (or the {TOKEN_ENV} environment variable)."
    ),
    workers: int = typer.Option(2, "--workers", help="Threads for long work (reading scans, .doc conversion, derive)."),
) -> None:
    """Start the web app (Vietnamese pages: read, derive, compare, lint, report, search) in the browser."""
    try:
        import fastapi  # noqa: F401
        import multipart  # noqa: F401
        import uvicorn
    except ImportError as exc:
        fail(f"{exc.name} is not installed; {INSTALL_HINT}")
    from docgen.web import Settings, create_app

    token = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host):
        if not token:
            fail(f"--host {host} opens the app to other machines: give --token SECRET (or set {TOKEN_ENV})")
        warn(
            f"warning: listening on {host}: anyone on the network who has the token can use the app; "
            f"give them http://<this machine>:{port}/?token=…"
        )
    if db is not None and not db.is_file():
        fail(f"{db}: no such archive (make one with `kehoach batch FOLDER --db {db}`)")
    if not 1 <= workers <= 32:
        fail("--workers must be between 1 and 32")
    settings = Settings(db=db, token=token, workers=workers)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    warn(f"kehoach: open http://{shown}:{port}/ in a browser (Ctrl+C to stop)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
