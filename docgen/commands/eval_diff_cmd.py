"""`kehoach eval-diff`: score the plan diff against hand-made pairs with expected changes (a report)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._io import fail


def eval_diff(
    pairs_dir: Path = typer.Argument(
        Path("corpus/pairs"), help="Folder of pairs, or one pair (see corpus/pairs/README.md)"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON"),
    details: bool = typer.Option(
        False, "--details", "-d", help="List missed and unexpected changes, and counts per kind"
    ),
) -> None:
    """Score `diff` on plan pairs: precision and recall of the reported changes, per pair and overall."""
    from rich.console import Console
    from rich.table import Table

    from extract.compare.pair_eval import PairsError, evaluate_pairs

    try:
        result = evaluate_pairs(pairs_dir)
    except PairsError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    table = Table(title=f"Diff vs expected changes ({len(result.pairs)} pairs)")
    for col in ("pair", "expected", "detected", "P", "R"):
        table.add_column(col, justify="left" if col == "pair" else "right")
    for p in result.pairs:
        style = "red" if p.error else ("" if p.precision == p.recall == 1.0 else "yellow")
        table.add_row(
            p.name, str(len(p.expected)), str(len(p.detected)), f"{p.precision:.2f}", f"{p.recall:.2f}", style=style
        )
    overall = result.to_dict()["overall"]
    table.add_section()
    table.add_row(
        "overall",
        str(overall["expected"]),
        str(overall["detected"]),
        f"{result.precision:.2f}",
        f"{result.recall:.2f}",
        style="bold",
    )
    console.print(table)
    for p in result.pairs:
        if p.error:
            console.print(f"[red]{p.name}[/red]: {p.error}", markup=True, highlight=False)
        if details and (p.missed or p.unexpected) and not p.error:
            console.print(f"[bold]{p.name}[/bold]")
            for e in p.missed:
                console.print(f"  missed      {e.label()}", markup=False)
            for c in p.unexpected:
                console.print(f"  unexpected  {c.kind.value}: {c.summary}", markup=False)
    if details:
        kinds = Table(title="Per kind")
        for col in ("kind", "expected", "detected", "matched"):
            kinds.add_column(col, justify="left" if col == "kind" else "right")
        for kind, c in result.per_kind().items():
            kinds.add_row(kind, str(c["expected"]), str(c["detected"]), str(c["matched"]))
        console.print(kinds)
