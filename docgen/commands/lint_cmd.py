"""`kehoach lint FILE.docx [--json] [--fix -o FIXED.docx]`: check a Word file against the ND30 format."""

from __future__ import annotations

from pathlib import Path

import typer

from ._io import check_input, check_output, write_failed

# Exit codes: 0 no violations; 1 violations found (after --fix: some remain); 2 bad input or refused output.
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    raise typer.Exit(code)


def _print_report(report, console) -> None:
    """The findings for a clerk, in Vietnamese, one line per rule and zone (the English stays in --json)."""
    from docgen.lint.terminal import print_report

    print_report(report, console)


def lint(
    file: Path = typer.Argument(..., help="The Word .docx file to check."),
    json_output: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    fix: bool = typer.Option(False, "--fix", help="Repair mechanical violations and write the result to -o."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Where --fix writes the repaired file."),
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
    if file.exists() and not file.is_dir():
        check_input(file, EXIT_INPUT)  # a pipe or device would block the reader; lint words missing files itself
    if fix and output is not None:
        if output.resolve() == file.resolve() and not force:
            _fail(f"{output}: is the input file; give another name (or --force to overwrite it)")
        check_output(output, force, EXIT_INPUT)
    try:
        if fix:
            result = fix_docx(file, output, force=force)
            report = result.remaining
        else:
            report = lint_docx(file)
    except LintError as exc:
        _fail(str(exc))
    except OSError as exc:
        if output is None:
            _fail(f"{file}: cannot read ({exc.strerror or exc})")
        write_failed(exc, output, EXIT_INPUT)
    from rich.text import Text

    console = Console()
    if json_output:
        data = report.to_dict()
        if fix:
            data = {"fixed": [v.to_dict() for v in result.fixed], "output": str(output), "remaining": data}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if fix:
            from docgen.messages_vi import M

            console.print(Text(M["lint_fixed"].format(n=len(result.fixed), output=output)), soft_wrap=True)
        _print_report(report, console)
    if not report.ok:
        raise typer.Exit(EXIT_VIOLATIONS)
