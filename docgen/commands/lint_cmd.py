"""`kehoach lint FILE.docx [--json] [--fix -o FIXED.docx]`: check a Word file against the ND30 format."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

# Exit codes: 0 no violations; 1 violations found (after --fix: some remain); 2 bad input or refused output.
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    raise typer.Exit(code)


def _print_report(report, console) -> None:
    from rich.text import Text

    for v in report.violations:
        line = Text()
        line.append(f"{v.location.label()}: ", style="bold")
        line.append(v.rule, style="yellow" if v.severity == "warning" else "red")
        line.append(f"  {v.message}")
        if v.found is not None or v.expected is not None:
            line.append(f" — found {v.found}, expected {v.expected}")
        if v.clause:
            line.append(f"  [{v.clause}]", style="dim")
        if v.fixable:
            line.append("  (fixable)", style="green")
        console.print(line, soft_wrap=True)
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    n_err, n_warn = len(report.errors), len(report.warnings)
    fixable = sum(v.fixable for v in report.violations)
    if report.ok:
        console.print(Text(f"{report.file}: no ND30 violations", style="green"), soft_wrap=True)
    else:
        console.print(Text(f"{report.file}: {n_err} error(s), {n_warn} warning(s); {fixable} fixable with --fix"),
                      soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("lint")
    def lint(
        file: Path = typer.Argument(..., help="The Word .docx file to check."),
        json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        fix: bool = typer.Option(False, "--fix", help="Repair mechanical violations and write the result to -o."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where --fix writes the repaired file."),
        force: bool = typer.Option(False, "--force", help="Let --fix overwrite an existing output file."),
    ) -> None:
        """Check a .docx against Nghị định 30/2020/NĐ-CP (page, fonts, header, dates, body, signature, page numbers)."""
        import json

        from rich.console import Console

        from docgen.lint import LintError, fix_docx, lint_docx

        if fix and output is None:
            _fail("--fix needs -o FIXED.docx (the input file is never changed)")
        if output is not None and not fix:
            _fail("-o is only used with --fix")
        if fix and output is not None:
            if output.resolve() == file.resolve() and not force:
                _fail(f"{output}: is the input file; give another name (or --force to overwrite it)")
            if output.exists() and not force:
                _fail(f"{output}: already exists; use --force to overwrite it")
        try:
            if fix:
                result = fix_docx(file, output, force=force)
                report = result.remaining
            else:
                report = lint_docx(file)
        except LintError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"cannot write {output} ({exc.strerror})")
        from rich.text import Text

        console = Console()
        if json_output:
            data = report.to_dict()
            if fix:
                data = {"fixed": [v.to_dict() for v in result.fixed], "output": str(output), "remaining": data}
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            if fix:
                console.print(Text(f"fixed {len(result.fixed)} violation(s); wrote {output}"), soft_wrap=True)
            _print_report(report, console)
        if not report.ok:
            raise typer.Exit(EXIT_VIOLATIONS)
