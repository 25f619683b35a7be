"""`kehoach eval`: score extraction against gold files, per field."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._io import fail


def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (see corpus/GOLD_FORMAT.md)"),
    docs: list[Path] = typer.Option([], "--docs", help="Folder to look for documents named by file name only"),
    as_json: bool = typer.Option(False, "--json", help="Print scores as JSON"),
    details: bool = typer.Option(False, "--details", "-d", help="List every mismatch"),
) -> None:
    """Score extraction per field: exact match for header/signer, P/R/F1 for lists."""
    from rich.console import Console
    from rich.table import Table

    from extract.evaluate import evaluate_dir, per_document, summarize
    from extract.planfile import load_plan

    if not gold_dir.is_dir():
        fail(f"{gold_dir}: not a folder of gold files")
    scores = evaluate_dir(gold_dir, docs, load_plan)
    if not scores:
        fail(f"{gold_dir}: no gold .json files")
    summary = summarize(scores)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "documents": len(scores),
                    "errors": [s.gold + ": " + s.error for s in scores if s.error],
                    "fields": summary,
                    "per_document": per_document(scores),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console = Console()
    table = Table(title=f"Extraction vs gold ({len(scores)} documents)")
    for col in ("field", "P", "R", "F1 / acc", "counts"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, v in summary.items():
        if "f1" in v:
            table.add_row(
                name,
                f"{v['precision']:.2f}",
                f"{v['recall']:.2f}",
                f"{v['f1']:.2f}",
                f"tp {v['tp']} fp {v['fp']} fn {v['fn']}",
            )
        else:
            table.add_row(name, "", "", f"{v['accuracy']:.2f}", f"{v['correct']}/{v['total']}")
    console.print(table)
    console.print(_document_table(per_document(scores)))
    for s in scores:
        if s.error:
            console.print(f"[red]{s.gold}[/red]: {s.error}")
        elif details and s.mismatches:
            console.print(f"[bold]{s.gold}[/bold]")
            for m in s.mismatches:
                console.print(f"  {m}", markup=False)


def _document_table(rows: list[dict]):
    """Per document: F1 (fp/fn) of each list field, and correct/total of the header and signer fields."""
    from rich.table import Table

    from extract.evaluate import LIST_FIELDS

    short = {"targets": "targets", "responsibilities": "resp.", "legal_bases": "legal", "deadlines": "deadl."}
    table = Table(title="Per document: F1 fp/fn of each list; header and signer fields right")
    table.add_column("document", no_wrap=True)
    cols = [f for f in (*LIST_FIELDS, "header", "signer") if any(f in r for r in rows)]
    for col in cols:
        table.add_column(short.get(col, col), justify="right", no_wrap=True)
    for r in rows:
        cells = []
        for col in cols:
            v = r.get(col)
            if v is None:
                cells.append("" if not r["error"] else "error")
            elif "f1" in v:
                cells.append(f"{v['f1']:.2f} {v['fp']}/{v['fn']}")
            else:
                cells.append(f"{v['correct']}/{v['total']}")
        table.add_row(r["gold"].removesuffix(".json")[:12], *cells)
    return table
