"""Rendering documents in the ND30 format.

    model ──template (jinja2, sandboxed)──▶ document spec (XML ▶ `DocSpec`) ──writer──▶ .docx / .md / .html / .pdf

Public API (the derive and report generators call these):

    plan_spec(plan, templates_dir=None, template="ke_hoach.xml.j2", options=None) -> DocSpec
    spec_from_template(template, context, templates_dir=None) -> DocSpec     # any model, e.g. a report
    render_spec(spec, out, force=False) -> Path                              # by the extension of `out`
    render_plan(plan, out, templates_dir=None, options=None, force=False) -> Path
    docx_bytes(spec) / markdown_text(spec) / html_text(spec)

Errors: `RenderError` (output exists, unknown format, LibreOffice missing or failing), `TemplateError`
(template file and line), `SpecError` (malformed spec). All have one-line messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..templates_env import TemplateError
from .spec import DocSpec, SpecError, parse_spec

FORMATS = (".docx", ".pdf", ".html", ".htm", ".md")


class RenderError(Exception):
    """A rendering failure with a one-line, user-facing message."""


def plan_spec(plan, **kwargs) -> DocSpec:
    from .build import plan_spec as _plan_spec

    return _plan_spec(plan, **kwargs)


def spec_from_template(template: str, context: dict[str, Any], templates_dir=None) -> DocSpec:
    from .build import spec_from_template as _spec_from_template

    return _spec_from_template(template, context, templates_dir)


def docx_bytes(spec: DocSpec) -> bytes:
    from .docx import docx_bytes as _docx_bytes

    return _docx_bytes(spec)


def markdown_text(spec: DocSpec) -> str:
    from .md import markdown_text as _md

    return _md(spec)


def html_text(spec: DocSpec) -> str:
    from .html import html_text as _html

    return _html(spec)


def check_output(out: str | Path, force: bool = False) -> Path:
    """The output path, checked before any work: known extension, then what every output is checked for (not a
    folder, not an existing file unless `force`, a folder that can be written)."""
    from extract.fileio import OutputError
    from extract.fileio import check_output as check_writable

    out = Path(out)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        raise RenderError(f"{out}: unknown output format {ext or '(none)'!r}; use .docx, .pdf, .html or .md")
    try:
        return check_writable(out, force)
    except OutputError as exc:
        raise RenderError(str(exc)) from None


def render_spec(spec: DocSpec, out: str | Path, *, force: bool = False, timeout: float = 120) -> Path:
    """Write `spec` to `out` in the format its extension names (.docx, .pdf, .html/.htm, .md)."""
    from extract.fileio import write_atomic

    out = check_output(out, force)
    ext = out.suffix.lower()
    if ext == ".docx":
        write_atomic(out, docx_bytes(spec), force)
    elif ext == ".md":
        write_atomic(out, markdown_text(spec), force)
    elif ext in (".html", ".htm"):
        write_atomic(out, html_text(spec), force)
    elif ext == ".pdf":
        from .pdf import docx_to_pdf

        docx_to_pdf(docx_bytes(spec), out, timeout=timeout)
    return out


def render_plan(
    plan,
    out: str | Path,
    *,
    templates_dir=None,
    template: str | None = None,
    options: dict[str, Any] | None = None,
    force: bool = False,
) -> Path:
    """Render a `Plan` to `out` (.docx, .pdf, .html, .md)."""
    check_output(out, force)
    kwargs: dict[str, Any] = {"templates_dir": templates_dir, "options": options}
    if template:
        kwargs["template"] = template
    return render_spec(plan_spec(plan, **kwargs), out, force=force)


__all__ = [
    "DocSpec",
    "FORMATS",
    "RenderError",
    "SpecError",
    "TemplateError",
    "check_output",
    "docx_bytes",
    "html_text",
    "markdown_text",
    "parse_spec",
    "plan_spec",
    "render_plan",
    "render_spec",
    "spec_from_template",
]
