"""`kehoach diff OLD NEW` and `kehoach coverage PARENT CHILD`: comparisons for reviewers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import typer

from ._io import check_output, fail, load_plan, warn, write_output

DIFF_FORMATS = ("terminal", "json", "html", "docx")
COVERAGE_FORMATS = ("terminal", "json", "html", "xlsx", "docx")
_BY_SUFFIX = {".json": "json", ".html": "html", ".htm": "html", ".docx": "docx", ".xlsx": "xlsx"}


def output_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...], force: bool) -> str:
    """The format asked for, else the one the output's extension names, else the terminal. Checked before
    any reading, so a wrong option or an output that cannot be written costs nothing."""
    if fmt is None:
        fmt = _BY_SUFFIX.get(output.suffix.lower(), "") if output is not None else "terminal"
        if not fmt:
            fail(f"{output}: cannot tell the format from the extension; use --format {'|'.join(allowed[1:])}")
    if fmt not in allowed:
        fail(f"unknown format {fmt!r}; use one of {', '.join(allowed)}")
    if fmt in ("docx", "xlsx", "html") and output is None:
        fail(f"--format {fmt} writes a file: give it with -o/--output")
    if output is not None and fmt == "terminal":
        fail(f"{output}: the terminal format is not written to a file; use --format json|html|…")
    if output is not None:
        check_output(output, force)
    return fmt


def emit(result, fmt: str, output: Path | None, force: bool, writers: dict[str, Callable], done: str) -> None:
    """Print to the terminal, or write JSON / one of `writers` to `output`; then the warnings and a line."""
    if fmt == "terminal":
        from rich.console import Console

        writers["terminal"](Console())
        return
    if fmt == "json":
        text = result.model_dump_json(indent=2)
        if output is None:
            typer.echo(text)
            return
        write_output(output, text, force)
    else:
        write_output(output, writers[fmt](), force)
    for w in result.warnings:
        warn(f"warning: {w}")
    warn(f"{output}: {done}")


def diff(
    old: Path = typer.Argument(
        ..., help="The older version: a plan document (.md/.txt/.docx/.pdf/.doc) or extracted .json"
    ),
    new: Path = typer.Argument(..., help="The newer version (any format; may differ from OLD's)"),
    fmt: str = typer.Option(
        None, "--format", "-f", help="terminal (default), json, html (one offline file), docx (tracked changes)"
    ),
    output: Path = typer.Option(
        None, "-o", "--output", help="Output file; its extension picks the format when --format is not given"
    ),
    show_all: bool = typer.Option(
        False, "--all", help="List every change in the terminal, not the first 20 of each group"
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file"),
) -> None:
    """What changed between two versions of a plan: header, legal bases, sections, targets, agencies, tasks."""
    from extract.compare import diff_plans

    fmt = output_format(fmt, output, DIFF_FORMATS, force)
    old_plan, new_plan = load_plan(old), load_plan(new)
    d = diff_plans(old_plan, new_plan)
    writers = {
        "terminal": partial(_print_diff, d, None if show_all else 20),
        "html": partial(_diff_html, d),
        "docx": partial(_diff_docx, d, new_plan, old_plan),
    }
    emit(d, fmt, output, force, writers, f"{len(d.changes)} changes")


def coverage(
    parent: Path = typer.Argument(..., help="The higher plan (document or extracted .json)"),
    child: Path = typer.Argument(..., help="The lower plan that should carry it out"),
    fmt: str = typer.Option(
        None, "--format", "-f", help="terminal (default), json, html, xlsx, docx (landscape matrix)"
    ),
    output: Path = typer.Option(
        None, "-o", "--output", help="Output file; its extension picks the format when --format is not given"
    ),
    show_all: bool = typer.Option(False, "--all", help="List every item not fully covered, not the first 30"),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file"),
) -> None:
    """Does CHILD carry out every target, task and responsibility of PARENT? covered / weakened / missing."""
    from extract.compare import coverage as plan_coverage

    from ..derive.applicable import not_applicable

    fmt = output_format(fmt, output, COVERAGE_FORMATS, force)
    child_plan = load_plan(child)
    parent_plan = load_plan(parent)
    r = plan_coverage(parent_plan, child_plan, not_applicable(parent_plan, child_plan))
    writers = {
        "terminal": partial(_print_coverage, r, None if show_all else 30),
        "html": partial(_coverage_html, r),
        "xlsx": partial(_coverage_xlsx, r),
        "docx": partial(_coverage_docx, r, child_plan),
    }
    emit(r, fmt, output, force, writers, f"{r.ratio():.0%} of {len(r.items)} parent items found")


def _print_diff(d, limit: int | None, console) -> None:
    from ..compare.terminal import print_diff

    print_diff(d, console, limit=limit)


def _diff_html(d) -> str:
    from ..compare.html import diff_html

    return diff_html(d)


def _diff_docx(d, new_plan, old_plan) -> bytes:
    from ..compare.tracked import diff_docx

    return diff_docx(d, new_plan, old_plan=old_plan)


def _print_coverage(r, limit: int | None, console) -> None:
    from ..compare.terminal import print_coverage

    print_coverage(r, console, limit=limit)


def _coverage_html(r) -> str:
    from ..compare.html import coverage_html

    return coverage_html(r)


def _coverage_xlsx(r) -> bytes:
    from ..compare.matrix import coverage_xlsx

    return coverage_xlsx(r)


def _coverage_docx(r, child_plan) -> bytes:
    from ..compare.matrix import coverage_docx

    return coverage_docx(r, child_plan=child_plan)
