"""`kehoach render plan.json -o out.docx|.pdf|.html|.md`: write an extracted (or hand-edited) plan in ND30 format."""

from __future__ import annotations

from pathlib import Path

import typer

# Exit codes: 0 written; 1 rendering failed (template, LibreOffice); 2 bad input or refused output.
EXIT_FAILED = 1
EXIT_INPUT = 2


def _fail(message: str, code: int) -> None:
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    raise typer.Exit(code)


def _loc(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def validation_lines(exc, limit: int = 25) -> list[str]:
    """Pydantic validation errors in plain words: `field.path: problem (got …)`."""
    lines = []
    errors = exc.errors(include_url=False)
    for err in errors[:limit]:
        got = err.get("input")
        shown = ""
        if err.get("type") not in ("missing",) and not isinstance(got, (dict, list)):
            text = repr(got)
            shown = f" (got {text[:60] + '…' if len(text) > 60 else text})"
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field"
        elif err.get("type") == "missing":
            msg = "required field is missing"
        lines.append(f"  {_loc(err.get('loc', ()))}: {msg}{shown}")
    if len(errors) > limit:
        lines.append(f"  … and {len(errors) - limit} more")
    return lines


def load_plan(path: Path):
    """Read and validate a plan JSON; exits with a readable message on failure."""
    import json

    from pydantic import ValidationError

    from extract.model import Plan

    if str(path) == "-":
        import sys

        text, name = sys.stdin.read(), "<stdin>"
    else:
        if not path.exists():
            _fail(f"{path}: no such file", EXIT_INPUT)
        if path.is_dir():
            _fail(f"{path}: is a directory; give a plan .json file", EXIT_INPUT)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            _fail(f"{path}: not a UTF-8 text file (expected a plan .json written by `kehoach extract`)", EXIT_INPUT)
        except OSError as exc:
            _fail(f"{path}: cannot read ({exc.strerror})", EXIT_INPUT)
        name = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", EXIT_INPUT)
    if not isinstance(data, dict):
        _fail(f"{name}: expected a JSON object (a plan), found {type(data).__name__}", EXIT_INPUT)
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        n = exc.error_count()
        _fail(
            f"{name}: does not match the plan schema ({n} problem{'s' if n != 1 else ''}):\n"
            + "\n".join(validation_lines(exc)),
            EXIT_INPUT,
        )


def register(app: typer.Typer) -> None:
    @app.command("render")
    def render(
        plan_json: Path = typer.Argument(
            ..., help="Plan JSON from `kehoach extract` (hand edits welcome); - for stdin."
        ),
        output: Path = typer.Option(..., "-o", "--output", help="Output file: .docx, .pdf, .html or .md."),
        templates: Path | None = typer.Option(
            None, "--templates", help="Directory with your own copies of the templates (searched first)."
        ),
        template: str | None = typer.Option(None, "--template", help="Template name (default ke_hoach.xml.j2)."),
        force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
        appendix: bool = typer.Option(True, "--appendix/--no-appendix", help="Targets/tasks tables as appendices."),
        keep_numbers: bool = typer.Option(False, "--keep-numbers", help="Keep section numbers as written."),
        year: int | None = typer.Option(None, "--year", help="Year printed in a blank draft date."),
    ) -> None:
        """Write a plan in the official ND30 format (.docx, .pdf via LibreOffice, .html or .md preview)."""
        from docgen.render import RenderError, SpecError, TemplateError, check_output, plan_spec, render_spec

        try:
            check_output(output, force)
        except RenderError as exc:
            _fail(str(exc), EXIT_INPUT)
        plan = load_plan(plan_json)
        options = {"renumber": not keep_numbers, "year": year}
        if not appendix:
            options.update(appendix_targets=False, appendix_tasks=False)
        kwargs = {"templates_dir": templates, "options": options}
        if template:
            kwargs["template"] = template
        try:
            spec = plan_spec(plan, **kwargs)
            render_spec(spec, output, force=force)
        except (TemplateError, SpecError) as exc:
            _fail(str(exc), EXIT_FAILED)
        except RenderError as exc:
            _fail(str(exc), EXIT_FAILED)
        except OSError as exc:
            _fail(f"{output}: cannot write ({exc.strerror})", EXIT_FAILED)
        from rich.console import Console
        from rich.text import Text

        Console(stderr=True).print(Text(f"wrote {output}"), soft_wrap=True)
        if output.suffix.lower() == ".pdf":
            _font_note()


def _font_note() -> None:
    """Say which font stood in for the body font when it is not installed (the PDF's lines differ then)."""
    from rich.console import Console
    from rich.text import Text

    from docgen import nd30
    from docgen.render.pdf import font_stand_in

    name = nd30.rules().font_name
    stand_in = font_stand_in(name)
    if stand_in:
        Console(stderr=True).print(
            Text(
                f"note: {name} is not installed; LibreOffice set the PDF in {stand_in} instead "
                f"(install {name} for the exact layout, or open the .docx on a machine that has it)"
            ),
            soft_wrap=True,
        )
