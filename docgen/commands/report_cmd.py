"""`kehoach results-template`, `results-merge` and `report`: collect results against a plan and write the báo cáo.

    kehoach results-template PLAN -o ket-qua.xlsx [--unit "Sở Y tế"]
    kehoach results-merge a.xlsx b.xlsx … -o tong-hop.xlsx
    kehoach report PLAN --results tong-hop.xlsx --period 2025 [--unit "UBND tỉnh Bắc Kạn"] [--to "…"] -o bao-cao.docx

Every error is one line (file, sheet, row, column) and nothing is written. Exit codes: 0 written, 1 failed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._io import check_input, check_output, fail, load_plan, warn, write_failed, write_output


def _results_suffix(output: Path) -> None:
    if output.suffix.lower() not in (".xlsx", ".csv"):
        fail(f"{output}: unknown results format {output.suffix or '(none)'!r}; use .xlsx or .csv")


def results_template(
    plan_path: Path = typer.Argument(..., metavar="PLAN", help="The plan: a document or an extracted .json"),
    output: Path = typer.Option(..., "-o", "--output", help="Workbook to fill in: .xlsx (or .csv)"),
    unit: str = typer.Option("", "--unit", "-u", help="Reporting unit that fills this copy (kept in the workbook)"),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists"),
) -> None:
    """Write the results workbook of a plan: one row per target, one per task per agency."""
    from ..report import template_results
    from ..report.sheet import results_bytes

    _results_suffix(output)
    check_output(output, force)
    plan = load_plan(plan_path)
    res = template_results(plan, unit)
    write_output(output, results_bytes(res, output.suffix), force)
    warn(f"wrote {output}: {len(res.targets)} targets, {len(res.tasks)} tasks")


def results_merge(
    inputs: list[Path] = typer.Argument(..., metavar="FILES...", help="Filled workbooks (.xlsx or .csv) of the units"),
    output: Path = typer.Option(..., "-o", "--output", help="Merged workbook: .xlsx or .csv"),
    unit: str = typer.Option("Tổng hợp", "--unit", "-u", help="Unit name recorded in the merged workbook"),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists"),
) -> None:
    """Merge several units' workbooks: sums / averages by each row's rule; the least advanced task status."""
    from ..report import MergeConflicts, ResultsError, merge_results, read_results
    from ..report.sheet import results_bytes

    _results_suffix(output)
    check_output(output, force)
    for path in inputs:
        check_input(path)
    try:
        merged = merge_results([read_results(p) for p in inputs], unit=unit)
    except MergeConflicts as exc:
        for line in exc.conflicts:
            warn(f"conflict: {line}")
        fail(f"{exc}; nothing written (correct the sheets and merge again)")
    except ResultsError as exc:
        fail(str(exc))
    write_output(output, results_bytes(merged, output.suffix), force)
    warn(f"wrote {output}: {len(merged.targets)} targets, {len(merged.tasks)} tasks from {len(inputs)} files")


def report(
    plan_path: Path = typer.Argument(..., metavar="PLAN", help="The plan: a document or an extracted .json"),
    results: Path = typer.Option(..., "--results", "-r", help="Merged (or single) results workbook: .xlsx or .csv"),
    period: str = typer.Option(..., "--period", help="Reporting period, e.g. 2025"),
    unit: str = typer.Option(
        "", "--unit", "-u", help="Reporting unit, e.g. 'UBND tỉnh Bắc Kạn' (default: the plan's issuing body)"
    ),
    tolerance: float = typer.Option(
        5.0, "--tolerance", help="A result more than this percent above its target is 'Vượt'", min=0.0
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Report: .docx, .pdf, .html or .md"),
    to: str | None = typer.Option(None, "--to", help="Addressee ('Kính gửi:') when the report is sent upward"),
    number: str | None = typer.Option(None, "--number", help="Number of the report (blank by default)"),
    signer: str | None = typer.Option(None, "--signer", help="Signature lines separated by '/'"),
    signer_name: str | None = typer.Option(None, "--signer-name", help="Name of the signer"),
    chart: bool = typer.Option(True, "--chart/--no-chart", help="Chart of targets and results as an appendix"),
    templates: Path | None = typer.Option(None, "--templates", help="Folder with your own copies of the templates"),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists"),
) -> None:
    """Write the BÁO CÁO (progress report) of a plan in the ND30 format, from a results workbook."""
    from ..render import RenderError, SpecError, TemplateError
    from ..render import check_output as check_render_output
    from ..report import ReportOptions, ResultsError, build_report, read_results

    try:
        check_render_output(output, force)
    except RenderError as exc:
        fail(str(exc))
    check_input(results)
    plan = load_plan(plan_path)
    opts = ReportOptions(
        period=period,
        unit=unit,
        to=to,
        number=number,
        signer_name=signer_name,
        chart=chart,
        tolerance=tolerance / 100,
        signer_lines=[s.strip() for s in signer.split("/") if s.strip()] if signer else None,
    )
    try:
        res = read_results(results)
        _, data = build_report(plan, res, opts, output, templates_dir=templates, force=force)
    except ResultsError as exc:
        fail(str(exc))
    except (TemplateError, SpecError, RenderError) as exc:
        fail(str(exc))
    except OSError as exc:
        write_failed(exc, output)
    warn(
        f"wrote {output}: {len(data.rows)} targets ({len(data.unmet_ids)} unmet), "
        f"{len(data.unfinished_ids)} unfinished tasks"
    )
    if data.todo:
        from ..messages_vi import M

        warn(M["report_todo"].format(n=len(data.todo)))
        for line in data.todo:
            warn(f"  - {line}")
