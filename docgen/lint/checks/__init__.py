"""The ND30 checks, one module per family, over the paragraphs extraction's zoning placed. Every violation
carries the rule id, the clause, the zone, the location, what was found and what is expected, and — when the
repair is mechanical and the line was recognised, not guessed — a fixer."""

from __future__ import annotations

from ... import nd30
from ..docmodel import DocView
from ..findings import Violation
from ..zones import Zoning
from . import appendix, body, fonts, header, page, page_number, signature
from .base import Context

# (family, zone given to its findings that name none)
FAMILIES = (
    (page, "page"),
    (fonts, "styles"),
    (header, "header"),
    (body, "body"),
    (signature, "signature"),
    (appendix, "appendix"),
    (page_number, "page"),
)


def run_checks(view: DocView, zoning: Zoning, rules: nd30.Rules | None = None) -> Context:
    ctx = Context(view, zoning, rules)
    for family, zone in FAMILIES:
        start = len(ctx.out)
        family.check(ctx)
        for v in ctx.out[start:]:
            v.zone = v.zone or zone
    return ctx


__all__ = ["Context", "Violation", "run_checks"]
