"""A plan flattened into the ordered units the diff aligns: title, legal bases, headings, paragraphs, tail.

Each unit knows its section (id and numbering path as written), its match key and its source, so an aligned
pair can say where both sides are. Sections keep their tree for section alignment (`SectionInfo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Plan, Section, Source
from ..normalize import match_key

PRE = "__preamble__"
TAIL = "__tail__"


@dataclass(slots=True)
class Unit:
    idx: int
    role: str  # title, legal, heading, paragraph, closing, recipient, signer
    text: str
    key: str
    section: str  # section id, or PRE / TAIL
    path: str | None  # numbering path as written: "III.2.a)"
    level: int = 0
    source: Source | None = None
    section_kind: str = "other"


@dataclass(slots=True)
class SectionInfo:
    id: str
    number: str | None
    path: str | None
    title: str
    title_key: str
    level: int
    kind: str
    parent: str | None
    heading: int  # index of its heading unit
    units: list[int] = field(default_factory=list)  # its own paragraphs (not children's)
    content_key: str = ""


@dataclass(slots=True)
class Flat:
    plan: Plan
    units: list[Unit]
    sections: dict[str, SectionInfo]


def _kind(value) -> str:
    return str(getattr(value, "value", value))


def _path(parent: SectionInfo | None, number: str) -> str | None:
    """Numbering path as written: "III." + "2." + "a)" → "III.2.a)"; "2.1." under "2." replaces it."""
    if not number:
        return None
    if parent is None or not parent.path:
        return number
    own = (parent.number or "").strip()
    if own and number.startswith(own) and len(number) > len(own):
        return parent.path[: len(parent.path) - len(own)] + number
    return parent.path + number


def flatten(plan: Plan) -> Flat:
    units: list[Unit] = []
    sections: dict[str, SectionInfo] = {}

    def add(role: str, text: str, section: str, path: str | None, source: Source | None, level: int = 0, kind: str = "other") -> int:
        u = Unit(len(units), role, text, match_key(text), section, path, level, source, kind)
        units.append(u)
        return u.idx

    if plan.header.title:
        add("title", plan.header.title, PRE, None, plan.header.sources.get("title"))
    legal_starts = [lb.source.start for lb in plan.legal_bases]
    for p in plan.preamble:
        is_legal = any(p.source.start <= s < max(p.source.end, p.source.start + 1) for s in legal_starts)
        add("legal" if is_legal else "paragraph", p.text, PRE, None, p.source)

    def walk(sec: Section, parent: SectionInfo | None) -> None:
        number = (sec.number or "").strip()
        path = _path(parent, number)
        kind = _kind(sec.kind)
        h = add("heading", sec.title, sec.id, path, sec.source, sec.level, kind)
        info = SectionInfo(sec.id, sec.number, path, sec.title, match_key(sec.title), sec.level, kind,
                           parent.id if parent else None, h)
        sections[sec.id] = info
        for p in sec.paragraphs:
            info.units.append(add("paragraph", p.text, sec.id, path, p.source, sec.level, kind))
        for child in sec.children:
            walk(child, info)
        info.content_key = " ".join(units[i].key for i in info.units)[:3000]

    for sec in plan.sections:
        walk(sec, None)
    for p in plan.closing:
        add("closing", p.text, TAIL, None, p.source)
    for r in plan.recipients:
        add("recipient", r.text + (f" ({r.note})" if r.note else ""), TAIL, "Nơi nhận", r.source)
    signer = plan.signer
    if signer.lines or signer.name:
        add("signer", " / ".join([*signer.lines, signer.name or ""]).strip(" /"), TAIL, None, signer.source)
    return Flat(plan, units, sections)
