"""Shared CLI plumbing: one-line errors on stderr, the one plan loader and the one atomic writer.

The file work itself is in `extract.fileio` / `extract.planfile` (the web app and the archive export use it
too); here it is turned into the command line's behaviour: one line naming the path, a non-zero exit code, no
traceback. Those modules are imported inside the functions so `kehoach --help` does not load pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from extract.model import Plan


def fail(message: str, code: int = 1, details: Iterable[str] = ()) -> NoReturn:
    """Print one clear line (and any detail lines, indented) and stop; never a traceback."""
    typer.echo(f"error: {message}", err=True)
    for line in details:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(message, err=True)


def check_output(path: Path, force: bool, code: int = 1) -> Path:
    """Refuse an output that cannot be written, before the command does any work."""
    from extract.fileio import OutputError
    from extract.fileio import check_output as _check

    try:
        return _check(path, force)
    except OutputError as exc:
        fail(str(exc), code)


def check_output_folder(path: Path, code: int = 1) -> Path:
    """Refuse an output folder that is a file or cannot be made or written, before any work."""
    from extract.fileio import OutputError
    from extract.fileio import check_output_folder as _check

    try:
        return _check(path)
    except OutputError as exc:
        fail(str(exc), code)


def write_output(path: Path, data: str | bytes, force: bool, code: int = 1) -> None:
    """Write atomically (temp file + rename) with the user's normal permissions; refuse to replace an existing
    file unless `force`. Any failure is one line naming the path."""
    from extract.fileio import OutputError, write_atomic

    try:
        write_atomic(path, data, force)
    except OutputError as exc:
        fail(str(exc), code)


def check_input(path: Path, code: int = 1) -> Path:
    """Refuse a missing, unreadable or non-regular input (a FIFO would block the reader) before reading it."""
    from extract.blocks import ReadError
    from extract.fileio import check_input as _check

    try:
        return _check(path)
    except ReadError as exc:
        fail(str(exc), code)


def load_plan(path: Path, code: int = 1) -> Plan:
    """A plan from an extracted .json (`-`: stdin) or from a document (.md/.txt/.docx/.pdf/.doc)."""
    from extract.blocks import ReadError
    from extract.planfile import PlanFileError
    from extract.planfile import load_plan as _load

    try:
        return _load(path)
    except PlanFileError as exc:
        fail(str(exc), code, exc.details)
    except ReadError as exc:
        fail(str(exc), code)


def write_failed(exc: OSError, path: Path, code: int = 1) -> NoReturn:
    """Stop on an OSError met while a renderer wrote `path`: the writer's own line, else one naming the path."""
    from extract.fileio import OutputError

    fail(str(exc) if isinstance(exc, OutputError) else f"{path}: cannot write ({exc.strerror or exc})", code)
