"""A plan flattened into the ordered units the diff aligns: title, legal bases, headings, paragraphs, tail.

Each unit knows its section (id and numbering path as written), its match key and its source, so an aligned
pair can say where both sides are. Sections keep their tree for section alignment (`SectionInfo`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Deadline, Plan, Section, Source
from .points import is_sentence_point
from .words import name_key

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
    # whole-sentence points read as headings: paragraphs of their parent, kept here for places and paths
    points: dict[str, SectionInfo] = field(default_factory=dict)
    _starts: list[tuple[int, int]] = field(default_factory=list)  # (source.start, unit idx), sorted

    def unit_at(self, src: Source | None) -> Unit | None:
        """The unit (heading, paragraph…) whose span holds `src`'s start: where an item's evidence sits."""
        if src is None:
            return None
        if not self._starts:
            self._starts = sorted((u.source.start, u.idx) for u in self.units if u.source is not None)
        i = bisect_right(self._starts, (src.start, len(self.units))) - 1
        while i >= 0:  # spans do not overlap; step back over empty ones
            u = self.units[self._starts[i][1]]
            if u.source.start <= src.start < max(u.source.end, u.source.start + 1):
                return u
            if u.source.end > u.source.start:
                return None
            i -= 1
        return None

    def path_of(self, section_id: str | None) -> str | None:
        info = self.sections.get(section_id or "") or self.points.get(section_id or "")
        return info.path if info else None

    def place(self, section_id: str | None, own: bool) -> SectionInfo | None:
        """The section an item stands in: for an item named in a heading of its own (`own`), the heading above;
        a whole-sentence point stands in the part holding it."""
        point = self.points.get(section_id or "")
        if point is not None:
            return self.sections.get(point.parent or "")
        info = self.sections.get(section_id or "")
        if info is None or not own:
            return info
        return self.sections.get(info.parent or "")


def enum_str(value) -> str:
    """An enum's value or the plain string (models built with and without validation hold either)."""
    return str(getattr(value, "value", value)) if value is not None else ""


def shorten(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def plan_deadlines(plan: Plan) -> list[Deadline]:
    """Every deadline of a plan once (the plan's own list and its tasks' share items), in text order."""
    seen: set[tuple[int, int]] = set()
    out: list[Deadline] = []
    for d in list(plan.deadlines) + [d for r in plan.responsibilities for t in r.tasks for d in t.deadlines]:
        k = (d.source.start, d.source.end)
        if k not in seen:
            seen.add(k)
            out.append(d)
    return sorted(out, key=lambda d: d.source.start)


def deadlines_in(items: list[Deadline], src: Source | None) -> list[Deadline]:
    """The deadlines stated inside one paragraph or heading."""
    if src is None:
        return []
    return [d for d in items if src.start <= d.source.start < max(src.end, src.start + 1)]


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

    def add(
        role: str, text: str, section: str, path: str | None, source: Source | None, level: int = 0, kind: str = "other"
    ) -> int:
        u = Unit(len(units), role, text, name_key(text), section, path, level, source, kind)
        units.append(u)
        return u.idx

    if plan.header.title:
        add("title", plan.header.title, PRE, None, plan.header.sources.get("title"))
    legal_starts = [lb.source.start for lb in plan.legal_bases]
    for p in plan.preamble:
        is_legal = any(p.source.start <= s < max(p.source.end, p.source.start + 1) for s in legal_starts)
        add("legal" if is_legal else "paragraph", p.text, PRE, None, p.source)

    points: dict[str, SectionInfo] = {}

    def walk(sec: Section, parent: SectionInfo | None) -> None:
        number = (sec.number or "").strip()
        path = _path(parent, number)
        kind = enum_str(sec.kind)
        if parent is not None and not sec.paragraphs and not sec.children and is_sentence_point(sec.title, leaf=True):
            u = add("paragraph", sec.title, parent.id, path, sec.source, parent.level, parent.kind)
            parent.units.append(u)
            points[sec.id] = SectionInfo(
                sec.id, sec.number, path, sec.title, units[u].key, sec.level, kind, parent.id, u
            )
            return
        h = add("heading", sec.title, sec.id, path, sec.source, sec.level, kind)
        info = SectionInfo(
            sec.id, sec.number, path, sec.title, name_key(sec.title), sec.level, kind, parent.id if parent else None, h
        )
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
    return Flat(plan, units, sections, points)
