"""`kehoach render plan.json -o out.docx|.pdf|.html|.md`: write an extracted (or hand-edited) plan in ND30 format."""

from __future__ import annotations

from pathlib import Path

import typer

from ._io import fail, load_plan, write_failed

# Exit codes: 0 written; 1 rendering failed (template, LibreOffice); 2 bad input or refused output.
EXIT_FAILED = 1
EXIT_INPUT = 2


def render(
    plan_json: Path = typer.Argument(
        ..., help="Plan JSON from `kehoach extract` (hand edits welcome; - for stdin) or a plan document."
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
        fail(str(exc), EXIT_INPUT)
    plan = load_plan(plan_json, EXIT_INPUT)
    options = {"renumber": not keep_numbers, "year": year}
    if not appendix:
        options.update(appendix_targets=False, appendix_tasks=False)
    kwargs = {"templates_dir": templates, "options": options}
    if template:
        kwargs["template"] = template
    try:
        spec = plan_spec(plan, **kwargs)
        render_spec(spec, output, force=force)
    except (TemplateError, SpecError, RenderError) as exc:
        fail(str(exc), EXIT_FAILED)
    except OSError as exc:
        write_failed(exc, output, EXIT_FAILED)
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
