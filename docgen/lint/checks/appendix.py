"""Appendices after the signature: the 'Phụ lục' label, the title under it and the '(Kèm theo …)' line."""

from __future__ import annotations

from .base import Context

_LABELS = {
    "appendix_label": "appendix label",
    "appendix_title": "appendix title",
    "appendix_reference": "appendix reference",
}


def check(ctx: Context) -> None:
    for name, label in _LABELS.items():
        for zp in ctx.z.role(name):
            ctx.check_zoned(zp, label=label)
