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
    """The violations for a clerk, in Vietnamese (the English messages stay in --json)."""
    from rich.text import Text

    from docgen.messages_vi import M

    for v in report.violations:
        line = Text()
        line.append(f"{location_vi(v.location)}: ", style="bold")
        line.append(rule_vi(v.rule), style="yellow" if v.severity == "warning" else "red")
        line.append(f" ({v.rule})", style="dim")
        if v.found is not None or v.expected is not None:
            line.append(M["lint_found"].format(found=v.found, expected=v.expected))
        if v.clause:
            line.append(f"  [{v.clause}]", style="dim")
        if v.fixable:
            line.append("  " + M["lint_fixable"], style="green")
        console.print(line, soft_wrap=True)
    for note in report.notes:
        console.print(Text(M["lint_note"].format(text=note), style="dim"), soft_wrap=True)
    n_err, n_warn = len(report.errors), len(report.warnings)
    fixable = sum(v.fixable for v in report.violations)
    if report.ok:
        console.print(Text(M["lint_ok"].format(file=report.file), style="green"), soft_wrap=True)
    else:
        console.print(
            Text(M["lint_summary"].format(file=report.file, errors=n_err, warnings=n_warn, fixable=fixable)),
            soft_wrap=True,
        )


def rule_vi(rule: str) -> str:
    """ "issuing_body.bold" → "chữ đậm — tên cơ quan ban hành"; "page.margin.left" → "lề trái — trang"."""
    from docgen.messages_vi import LINT_CHECK_VI, LINT_PART_VI, LINT_RULE_VI

    if rule in LINT_RULE_VI:
        return LINT_RULE_VI[rule]
    part, _, check = rule.partition(".")
    words = [LINT_CHECK_VI.get(c, c) for c in check.split(".") if c]
    what = " ".join(words) or rule
    return f"{what} — {LINT_PART_VI.get(part, part)}"


def location_vi(loc) -> str:
    """Where a violation is, in Vietnamese words ("phần 1, đoạn 12, đoạn chữ 3")."""
    from docgen.messages_vi import LINT_LOCATION_VI

    bits = []
    part = getattr(loc, "part", "document")
    if part not in ("document", None):
        bits.append(LINT_LOCATION_VI.get(part, part))
    for name in ("section", "style", "paragraph", "table", "row", "cell", "cell_paragraph", "run"):
        value = getattr(loc, name, None)
        if value is not None:
            bits.append(LINT_LOCATION_VI[name].format(v=value))
    return ", ".join(bits) or "văn bản"


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
