"""`kehoach extract`: files in, structured plans out (JSON, the CSV tables, or a readable outline)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ._io import fail, warn, write_output


class OutFormat(str, Enum):
    json = "json"
    csv = "csv"
    md = "md"


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        files: list[Path] = typer.Argument(..., help="Plans to read: .txt, .md, .docx, .pdf, .doc"),
        output: Path = typer.Option(
            None, "-o", "--output", help="Output file (one input) or folder; stdout when omitted"
        ),
        fmt: OutFormat = typer.Option(
            OutFormat.json,
            "--format",
            "-f",
            help="json (full model), csv (targets + responsibilities tables), md (outline)",
        ),
        force: bool = typer.Option(False, "--force", help="Overwrite existing output files"),
        no_text: bool = typer.Option(False, "--no-text", help="Leave the document text out of the JSON"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-file summary on stderr"),
    ) -> None:
        """Extract plans into a structured, source-linked model."""
        from extract.blocks import ReadError
        from extract.export import outline_md, responsibilities_csv, targets_csv
        from extract.pipeline import extract_file

        to_dir = output is not None and (len(files) > 1 or fmt == OutFormat.csv or output.is_dir() or not output.suffix)
        if fmt == OutFormat.csv and output is None:
            output, to_dir = Path("."), True
        if not files:
            fail("no input files")
        failures = 0
        for path in files:
            targets = _destinations(path, output, to_dir, fmt)
            taken = [t for t in targets if t.exists() and not force]
            if taken:  # refuse before reading: a long extraction must not end in "already exists"
                fail(f"{taken[0]}: already exists (use --force to overwrite)")
            try:
                plan = extract_file(path)
            except ReadError as exc:
                warn(f"error: {exc}")
                failures += 1
                continue
            except Exception as exc:  # a bug must not stop the other files; say which file
                warn(f"error: {path}: extraction failed ({type(exc).__name__}: {exc})")
                failures += 1
                continue
            if not quiet:
                codes = ", ".join(sorted({w.code for w in plan.warnings}))
                warn(
                    f"{path}: {len(plan.targets)} targets, {len(plan.responsibilities)} agencies, "
                    f"{len(plan.legal_bases)} legal bases, {len(plan.warnings)} warnings"
                    + (f" ({codes})" if codes else "")
                )
            stem = path.stem
            if fmt == OutFormat.csv:
                write_output(output / f"{stem}.targets.csv", targets_csv(plan), force)
                write_output(output / f"{stem}.responsibilities.csv", responsibilities_csv(plan), force)
                continue
            if fmt == OutFormat.json:
                data = plan.model_dump_json(indent=2, exclude={"text"} if no_text else None)
            else:
                data = outline_md(plan)
            if output is None:
                typer.echo(data)
            elif to_dir:
                write_output(output / f"{stem}.{fmt.value}", data, force)
            else:
                write_output(output, data, force)
        if failures:
            raise typer.Exit(1)


def _destinations(path: Path, output: Path | None, to_dir: bool, fmt: OutFormat) -> list[Path]:
    """The files one input will be written to (none for stdout)."""
    if output is None:
        return []
    stem = path.stem
    if fmt == OutFormat.csv:
        return [output / f"{stem}.targets.csv", output / f"{stem}.responsibilities.csv"]
    return [output / f"{stem}.{fmt.value}"] if to_dir else [output]
