"""`kehoach serve`: the toolkit as a local web app, in Vietnamese, for clerks who do not use a terminal.

`create_app(Settings(...))` builds the FastAPI app; pages live in `docgen.web.pages`, one module each, and call
the same engine functions the CLI commands call. Needs the `web` extra (fastapi, uvicorn, python-multipart).
"""

from __future__ import annotations

from .settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):
    from .app import create_app as _create

    return _create(settings or Settings())
