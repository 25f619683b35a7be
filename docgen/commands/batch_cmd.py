"""`kehoach batch SOURCE... --db archive.sqlite`, `kehoach query --db … [SQL]`, `kehoach export --db …`:
plan archives as data (issue 8). The work is in `extract.batch`; this module is the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from ._io import fail, warn


def _progress_class():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from extract.batch import Progress as BatchProgress

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="cyan")

    class RichProgress(BatchProgress):
        def __init__(self, enabled: bool):
            self.enabled = enabled
            self.bar = None
            self.task = None

        def start(self, total: int) -> None:
            if not self.enabled:
                return
            self.bar = Progress(
                TextColumn("[bold]batch"),
                BarColumn(),
                MofNCompleteColumn(),
                Rate(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[last]}"),
                transient=False,
                console=Console(stderr=True),
            )
            self.bar.start()
            self.task = self.bar.add_task("batch", total=total, last="")

        def advance(self, status: str, path: str) -> None:
            if self.bar is not None:
                name = Path(path.split("!")[-1]).name
                self.bar.update(self.task, advance=1, last=f"{status}: {name}"[:40])

        def stop(self) -> None:
            if self.bar is not None:
                self.bar.stop()
                self.bar = None

    return RichProgress


def _cell(v):
    """A blob (the compressed `documents.plan`) is shown by its size: its bytes mean nothing on a terminal."""
    return f"<{len(v)} bytes>" if isinstance(v, (bytes, bytearray, memoryview)) else v


def _print_table(columns: list[str], rows: list[tuple], as_json: bool) -> None:
    import json

    if as_json:
        for row in rows:
            typer.echo(json.dumps({c: _cell(v) for c, v in zip(columns, row)}, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(_cell(v)) for v in row])
    console = Console()
    console.print(table)
    console.print(f"{len(rows)} row(s)", style="dim")


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch(
        sources: list[str] = typer.Argument(
            ..., help="Folders (recursive), zip files, list files (.lst/.txt, one path a line) or documents."
        ),
        db: Path | None = typer.Option(None, "--db", help="SQLite archive to create or continue."),
        out: Path | None = typer.Option(
            None,
            "--out",
            help=(
                "Instead of --db: a folder of partitioned Parquet (one folder per table, "
                "one file per part; with --engine dask the workers write it). Needs pyarrow."
            ),
        ),
        part_size: int = typer.Option(200, "--part-size", help="Documents per Parquet part (with --out)."),
        workers: int | None = typer.Option(
            None, "--workers", "-j", help="Worker processes (default: number of cores)."
        ),
        timeout: float = typer.Option(
            300.0,
            "--timeout",
            help="Seconds per document before its worker (on Dask: its extraction process) is killed (0: none).",
        ),
        engine: str = typer.Option("local", "--engine", help="local (process pool) or dask (distributed cluster)."),
        scheduler: str | None = typer.Option(
            None,
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a LocalCluster.",
        ),
        retry_failed: bool = typer.Option(
            False, "--retry-failed", help="Try again documents that failed in an earlier run."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Extract every plan in folders, zips or list files into a searchable SQLite archive, or partitioned Parquet
        with --out (parallel, resumable)."""
        import sys

        from extract.batch import ArchiveError, SourceError, run_batch

        if engine not in ("local", "dask"):
            fail(f"--engine must be local or dask, not '{engine}'")
        if scheduler and engine != "dask":
            fail("--scheduler needs --engine dask")
        if (db is None) == (out is None):
            fail(
                "give either --db archive.sqlite or --out parquet-folder"
                if db is None
                else "give either --db or --out, not both"
            )
        if part_size < 1:
            fail("--part-size must be at least 1")
        target = db if db is not None else out
        progress = _progress_class()(enabled=not quiet and sys.stderr.isatty())
        try:
            summary = run_batch(
                sources,
                db,
                workers=workers,
                timeout=timeout or None,
                engine=engine,
                scheduler=scheduler,
                progress=progress,
                retry_failed=retry_failed,
                out=out,
                part_size=part_size,
            )
        except (SourceError, ArchiveError) as exc:
            progress.stop()
            fail(str(exc))
        except KeyboardInterrupt as exc:
            progress.stop()
            warn(f"interrupted: everything stored so far is kept in {target}; run the same command again to continue")
            raise typer.Exit(128 + int(getattr(exc, "signum", 2))) from None  # 130 for Ctrl-C, 143 for SIGTERM
        except Exception as exc:  # the runner maps the archive's errors; this is a last resort
            progress.stop()
            import sqlite3

            from extract.batch.store import archive_error

            if isinstance(exc, (sqlite3.Error, OSError)):
                fail(str(archive_error(exc, target)))
            raise
        progress.stop()
        for path, reason in summary.errors[:20]:
            warn(f"failed: {path}: {reason}")
        if len(summary.errors) > 20:
            warn(
                f"… and {len(summary.errors) - 20} more (" + ("SELECT * FROM errors" if db else f"{out}/errors/") + ")"
            )
        skipped = f"{summary.skipped} skipped as unchanged"
        if summary.skipped_failed:
            skipped += f" (+{summary.skipped_failed} that failed before; --retry-failed to retry)"
        dup = f", {summary.duplicates} duplicate(s)" if summary.duplicates else ""
        steady = summary.steady_docs_per_s
        rate = f"{summary.docs_per_s:.1f} docs/s"
        if steady:
            rate += f" ({steady:.1f} docs/s after a {summary.first_stored:.1f} s start-up)"
        typer.echo(
            f"{summary.processed} processed, {skipped}{dup}, {summary.with_warnings} with warnings, "
            f"{summary.failed} failed — {summary.elapsed:.1f} s, {rate} → {target}"
        )

    @app.command("query")
    def query(
        sql: str | None = typer.Argument(
            None,
            help=(
                "Read-only SQL (tables: documents, targets, responsibilities, legal_bases, "
                "deadlines, warnings, errors, fts, meta; view: plans, the plan JSON as text)."
            ),
        ),
        db: Path = typer.Option(..., "--db", help="The SQLite archive made by `kehoach batch`."),
        targets: bool = typer.Option(False, "--targets", help="List targets (with --year, --contains)."),
        year: int | None = typer.Option(None, "--year", help="Targets with this horizon year."),
        contains: str | None = typer.Option(
            None, "--contains", help="Text in the target (or, with --agency, in its tasks); accent-insensitive."
        ),
        agency: str | None = typer.Option(
            None, "--agency", help="Responsibilities of agencies whose name contains this; accent-insensitive."
        ),
        role: str | None = typer.Option(None, "--role", help="standing, lead, coordinate, requested, assigned."),
        search: str | None = typer.Option(
            None, "--search", help="Full-text search, accent-insensitive ('ke hoach' finds 'kế hoạch')."
        ),
        limit: int = typer.Option(50, "--limit", help="Rows at most for the shorthand filters (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per row instead of a table."),
    ) -> None:
        """Ask an archive questions: read-only SQL, or shorthand filters for the common ones."""
        import sqlite3

        from extract.batch import ArchiveError, connect_readonly
        from extract.batch.query import run_sql, shorthand

        roles = {"standing", "lead", "coordinate", "requested", "assigned"}
        if role and role not in roles:
            fail(f"--role must be one of {', '.join(sorted(roles))}")
        shorthand_given = targets or year is not None or contains or agency or role or search
        if sql and shorthand_given:
            fail("give either SQL or shorthand filters, not both")
        if not sql and not shorthand_given:
            fail("give SQL or one of --targets, --year, --contains, --agency, --role, --search")
        try:
            conn = connect_readonly(db)
        except ArchiveError as exc:
            fail(str(exc))
        try:
            if sql:
                cols, rows = run_sql(conn, sql)
            else:
                q, params = shorthand(targets, year, contains, agency, role, search, limit)
                cols, rows = run_sql(conn, q, params)
        except sqlite3.Error as exc:
            msg = str(exc)
            if "readonly" in msg or "read-only" in msg:
                msg = f"the archive is opened read-only ({msg})"
            fail(f"query failed: {msg}")
        finally:
            conn.close()
        _print_table(cols, rows, as_json)

    @app.command("export")
    def export(
        db: Path = typer.Option(..., "--db", help="The SQLite archive made by `kehoach batch`."),
        fmt: str = typer.Option("csv", "--format", "-f", help="csv, jsonl or parquet (parquet needs pyarrow)."),
        output: Path = typer.Option(..., "-o", "--output", help="Folder for one file per table."),
        force: bool = typer.Option(False, "--force", help="Overwrite existing files."),
    ) -> None:
        """Write the archive's tables (documents, targets, responsibilities, legal_bases, deadlines, warnings,
        errors)."""
        from extract.batch import ArchiveError, connect_readonly
        from extract.batch.query import export_tables

        if fmt not in ("csv", "jsonl", "parquet"):
            fail(f"--format must be csv, jsonl or parquet, not '{fmt}'")
        try:
            conn = connect_readonly(db)
        except ArchiveError as exc:
            fail(str(exc))
        try:
            written = export_tables(conn, fmt, output, force=force)
        except (ValueError, FileExistsError) as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror or exc})")
        finally:
            conn.close()
        for p in written:
            typer.echo(str(p))
