"""For `coverage`: which duties of a provincial plan a commune plan leaves out on purpose. The same rules as
`derive` classify the parent for the child's commune, so a dropped provincial duty reads as not applicable,
not as missing, and the coverage score means what a reviewer thinks it means."""

from __future__ import annotations

from extract.levels import tier
from extract.model import Plan

from .core import DeriveError, DeriveOptions, derive, sentence_case_body


def not_applicable(parent: Plan, child: Plan) -> dict[str, str]:
    """Parent item id → reason, when `child` is a commune's plan carrying out `parent` (else empty)."""
    if child.meta.get("not_applicable"):
        return {}  # a derived plan records its own
    if tier(child.header.level or "") != "xã" or tier(parent.header.level or "") != "tỉnh":
        return {}
    unit = sentence_case_body(child.header.issuing_body)
    if not unit:
        return {}
    try:
        return derive(parent, DeriveOptions(unit=unit, date=child.header.date)).not_applicable()
    except DeriveError:
        return {}
