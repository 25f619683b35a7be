"""`kehoach derive`: a lower-level implementation plan from a higher one, as an official .docx + review."""

from __future__ import annotations

from pathlib import Path

import typer

from ._io import check_input, check_output, fail, load_plan, warn, write_failed, write_output


def derive_plan(
    parent: Path = typer.Argument(
        ..., help="The higher plan: a document (.md/.docx/.pdf/.doc) or an extracted plan .json"
    ),
    unit: str = typer.Option(..., "--unit", "-u", help="Deriving unit, e.g. 'UBND huyện Chợ Mới', 'UBND xã An Bình'"),
    output: Path = typer.Option(..., "-o", "--output", help="Derived plan: .docx, .pdf, .html, .md or .json"),
    review: Path = typer.Option(None, "--review", help="Review report for the drafter: .md or .html"),
    number: str = typer.Option(
        None, "--number", help="Number of the derived plan (blank 'Số:      /KH-UBND' when omitted)"
    ),
    date: str = typer.Option(None, "--date", help="Date: YYYY-MM-DD, or YYYY-MM / YYYY to leave day/month blank"),
    lead_days: int = typer.Option(10, "--lead-days", help="Report this many days before the parent's deadline"),
    targets: Path = typer.Option(
        None, "--targets", help="The unit's own target values: YAML or CSV keyed by target id"
    ),
    map_files: list[Path] = typer.Option([], "--map", help="Extra agency mappings / level vocabulary (YAML)"),
    parent_level: str = typer.Option(
        None, "--parent-level", help="Level of the parent when its header lacks it: tỉnh, huyện"
    ),
    signer: str = typer.Option(
        None, "--signer", help="Signature lines separated by '/', e.g. 'TM. ỦY BAN NHÂN DÂN/CHỦ TỊCH'"
    ),
    signer_name: str = typer.Option(None, "--signer-name", help="Name of the signer (blank by default)"),
    templates: Path = typer.Option(None, "--templates", help="Folder with your own copies of the templates"),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files"),
    strict: bool = typer.Option(False, "--strict", help="Exit with an error while any decision is left to the drafter"),
) -> None:
    """Derive a lower-level implementation plan from a higher one."""
    from ..derive import DeriveError, DeriveOptions, derive, load_targets_file
    from ..review import review_html, review_markdown

    if output.suffix.lower() != ".json":
        _check_render_format(output)
    for out in (output, review):
        if out is not None:
            check_output(out, force)
    if review is not None and review.resolve() == output.resolve():
        fail(f"{review}: is also the --output file; give the review another name")
    for extra in (targets, *map_files):
        if extra is not None:
            check_input(extra)
    plan = load_plan(parent)
    try:
        opts = DeriveOptions(
            unit=unit,
            number=number,
            date=date,
            lead_days=lead_days,
            map_files=list(map_files),
            parent_level=parent_level,
            targets=load_targets_file(targets) if targets else {},
            signer_name=signer_name,
        )
        if signer:
            opts.signer_lines = [s.strip() for s in signer.split("/") if s.strip()]
        result = derive(plan, opts)
    except DeriveError as exc:
        fail(f"{parent}: {exc}")
    if output.suffix.lower() == ".json":
        write_output(output, result.plan.model_dump_json(indent=2), force)
    else:
        from ..render import RenderError, render_plan
        from ..templates_env import TemplateError

        try:
            render_plan(result.plan, output, templates_dir=templates, force=force)
        except (RenderError, TemplateError) as exc:
            fail(str(exc))
        except OSError as exc:
            write_failed(exc, output)
    if review is not None:
        text = review_html(result) if review.suffix.lower() in (".html", ".htm") else review_markdown(result)
        write_output(review, text, force)
    counts: dict[str, int] = {}
    for item in result.review:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    warn(
        f"{output}: {len(result.plan.tasks)} own tasks, {len(result.plan.targets)} targets, "
        f"{len(result.plan.responsibilities)} agencies; {result.open_decisions} open decisions for the drafter"
        + (" (" + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) + ")" if counts else "")
        + ("" if review is not None or not result.open_decisions else "; list them with --review FILE")
    )
    if strict and result.open_decisions:
        fail(f"--strict: {result.open_decisions} decisions still open (see the review)")


def _check_render_format(output: Path) -> None:
    """An output extension the renderer does not know is refused before the parent plan is read."""
    from ..render import RenderError
    from ..render import check_output as check_render_output

    try:
        check_render_output(output, force=True)
    except RenderError as exc:
        fail(str(exc))
