"""`kehoach schema`: the JSON Schema of the plan model."""

from __future__ import annotations

import json

import typer


def schema() -> None:
    """Print the JSON Schema of the plan model (what `extract` writes)."""
    from extract.model import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
