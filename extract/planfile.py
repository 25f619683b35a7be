"""One way to get a plan from a file the user names: an extracted plan `.json` (validated against the model,
hand edits welcome) or a document (.md/.txt/.docx/.pdf/.doc) read and extracted. Every command and the web
app load plans here, so they accept the same inputs and refuse bad ones with the same words.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .blocks import ReadError
from .fileio import check_input

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .model import Plan

STDIN = "-"


class PlanFileError(ReadError):
    """A plan JSON that cannot be used. `str()` is one line; `details` lists the schema problems, one a line."""

    def __init__(self, path: str, problem: str, details: list[str] | None = None):
        super().__init__(path, problem)
        self.details = details or []


def load_plan(path: str | Path) -> Plan:
    """The plan in `path`: `.json` (or `-`, JSON on stdin) is validated, anything else is extracted.
    Raises `ReadError` (a `PlanFileError` for JSON) naming the file; never another exception for bad input."""
    if str(path) == STDIN:
        return plan_from_json(sys.stdin.read(), "<stdin>")
    path = check_input(path)
    if path.suffix.lower() != ".json":
        from .pipeline import extract_file

        return extract_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileError(
            str(path), "not a UTF-8 text file (expected a plan .json written by `kehoach extract`)"
        ) from None
    except OSError as exc:
        raise PlanFileError(str(path), f"cannot read ({exc.strerror or exc})") from None
    return plan_from_json(text, str(path))


def plan_from_json(text: str, name: str) -> Plan:
    """Parse and validate a plan's JSON text; `name` is what errors call it."""
    from pydantic import ValidationError

    from .model import Plan

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(name, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise PlanFileError(name, f"expected a JSON object (a plan), found {type(data).__name__}")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        n = exc.error_count()
        raise PlanFileError(
            name, f"does not match the plan schema ({n} problem{'s' if n != 1 else ''})", validation_lines(exc)
        ) from None


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def validation_lines(exc: ValidationError, limit: int = 25) -> list[str]:
    """Pydantic validation errors in plain words: `field.path: problem (got …)`."""
    lines = []
    errors = exc.errors(include_url=False)
    for err in errors[:limit]:
        got = err.get("input")
        shown = ""
        if err.get("type") != "missing" and not isinstance(got, (dict, list)):
            text = repr(got)
            shown = f" (got {text[:60] + '…' if len(text) > 60 else text})"
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field"
        elif err.get("type") == "missing":
            msg = "required field is missing"
        lines.append(f"{_loc(tuple(err.get('loc', ())))}: {msg}{shown}")
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit} more")
    return lines
