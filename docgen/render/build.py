"""From a model to a document spec through a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..templates_env import TemplateError, render_template
from . import spec as S

PLAN_TEMPLATE = "ke_hoach.xml.j2"


def spec_from_template(template: str, context: dict[str, Any], templates_dir: str | Path | None = None) -> S.DocSpec:
    """Render `template` with `context` and parse the result into a `DocSpec`.

    Raises `TemplateError` (template file and line) or `SpecError` (the template produced bad XML)."""
    xml = render_template(template, context, templates_dir)
    try:
        return S.parse_spec(xml, source=template)
    except S.SpecError as exc:
        raise TemplateError(f"{exc}".removeprefix(f"{template}: "), template) from None


def plan_options(plan, **overrides: Any) -> dict[str, Any]:
    """Default render options for a plan; keyword arguments override them (None values are ignored)."""
    options: dict[str, Any] = {
        "renumber": True,  # section numbers from the tree (repairs duplicates); False keeps them as written
        "year": None,  # year of a blank draft date; default: the current year
        "appendix_targets": any(t.value is not None for t in plan.targets),
        "appendix_tasks": any(t.lead for t in plan.tasks),
    }
    options.update({k: v for k, v in overrides.items() if v is not None})
    return options


def plan_spec(
    plan,
    *,
    templates_dir: str | Path | None = None,
    template: str = PLAN_TEMPLATE,
    options: dict[str, Any] | None = None,
) -> S.DocSpec:
    """The document spec of a `Plan` (extract.model) through the plan template."""
    opts = plan_options(plan, **(options or {}))
    return spec_from_template(template, {"plan": plan, "options": opts}, templates_dir)
