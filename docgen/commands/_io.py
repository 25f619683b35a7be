"""Shared CLI plumbing: one-line errors on stderr, and writes that never overwrite without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer


def fail(message: str, code: int = 1) -> None:
    """Print one clear line and stop; never a traceback."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(message, err=True)


def current_umask() -> int:
    """The process umask (read by setting it and putting it back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(path: Path, data: str | bytes, force: bool) -> None:
    """Write atomically (temp file + rename) with the user's normal permissions, and refuse to replace an
    existing file unless `force`."""
    if path.exists() and not force:
        fail(f"{path}: already exists (use --force to overwrite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; the user's files are 0644 under umask 022
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        fail(f"{path}: cannot write ({exc.strerror or exc})")


def load_plan_any(path: Path):
    """A plan from an extracted .json or from a document (.md/.txt/.docx/.pdf/.doc)."""
    from extract.blocks import ReadError
    from extract.model import Plan
    from extract.pipeline import extract_file

    if not path.exists():
        fail(f"{path}: no such file")
    if path.is_dir():
        fail(f"{path}: is a directory; give a plan document or .json")
    if path.suffix.lower() == ".json":
        try:
            return Plan.model_validate_json(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            fail(f"{path}: cannot read ({exc.strerror})")
        except ValueError as exc:
            fail(f"{path}: not a plan JSON ({str(exc).splitlines()[0]})")
    try:
        return extract_file(path)
    except ReadError as exc:
        fail(str(exc))
