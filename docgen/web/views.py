"""A plan as the outline the pages show: plain items that each carry the span of their evidence in the text.

The browser highlights `plan.text[start:end]` when an item is clicked; offsets are the model's own `Source`
offsets (code points), the script slices the text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extract.model import Plan, Source

from . import vi

HEADER_FIELDS = [
    ("governing_body", "Cơ quan chủ quản"),
    ("issuing_body", "Cơ quan ban hành"),
    ("number_symbol", "Số, ký hiệu"),
    ("place", "Địa danh"),
    ("date", "Ngày ban hành"),
    ("doc_type", "Tên loại"),
    ("title", "Trích yếu"),
]


@dataclass
class Item:
    text: str
    start: int | None = None
    end: int | None = None
    note: str = ""
    level: int = 0
    children: list[Item] = field(default_factory=list)


def _span(src: Source | None) -> dict[str, Any]:
    if src is None or src.end <= src.start:
        return {}
    return {"start": src.start, "end": src.end}


def _num(v: float | None) -> str:
    """A number as Vietnamese writes it: 950.000, 2,5."""
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_date(iso: str) -> str:
    """`2024-04-22` -> `22/04/2024`, `2025-12` -> `12/2025` (the model's ISO date as a clerk writes it)."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else iso


def outline(plan: Plan) -> dict[str, list[Item]]:
    h = plan.header
    header = [
        Item(f"{label}: {vn_date(getattr(h, key)) if key == 'date' else getattr(h, key)}", **_span(h.sources.get(key)))
        for key, label in HEADER_FIELDS
        if getattr(h, key, None)
    ]
    if plan.signer and (plan.signer.name or plan.signer.lines):
        who = " / ".join(plan.signer.lines)
        header.append(
            Item(f"Người ký: {who}{' — ' + plan.signer.name if plan.signer.name else ''}", **_span(plan.signer.source))
        )

    def walk(sections, level: int) -> list[Item]:
        return [
            Item(
                f"{s.number or ''} {s.title}".strip(),
                level=level,
                children=walk(s.children, level + 1),
                **_span(s.source),
            )
            for s in sections
        ]

    targets = []
    for t in plan.targets:
        value = _num(t.value) + (f"–{_num(t.value_max)}" if t.value_max is not None else "")
        # a qualifier written with its figure ("100%") already says the value
        qualifier = t.qualifier_text if t.qualifier_text and not any(c.isdigit() for c in t.qualifier_text) else None
        bits = [b for b in (qualifier, value, t.unit) if b]
        note = " ".join(bits) + (f" (năm {t.year})" if t.year else "")
        targets.append(Item(t.indicator, note=note.strip(), **_span(t.source)))
    agencies = []
    for r in plan.responsibilities:
        tasks = [Item(k.text, note=vi.role(k.role), **_span(k.source)) for k in r.tasks]
        agencies.append(
            Item(r.agency, note=f"{vi.role(r.role)} · {len(r.tasks)} nhiệm vụ", children=tasks, **_span(r.source))
        )
    deadlines = [Item(d.text, note=d.agency or "", **_span(d.source)) for d in plan.deadlines]
    warnings = [Item(vi.warning(w.code, w.message), **_span(w.source)) for w in plan.warnings]
    return {
        "header": header,
        "sections": walk(plan.sections, 1),
        "targets": targets,
        "agencies": agencies,
        "deadlines": deadlines,
        "warnings": warnings,
    }
