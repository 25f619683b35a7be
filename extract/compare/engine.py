"""`diff_plans`: two extracted plans → typed changes and the side-by-side rows, in NEW's order.

Stages, each small: flatten both plans (units) → align sections and paragraphs (align) → typed changes of
the header, legal bases, targets and responsibilities (items, responsibilities) → deadline changes of aligned
paragraphs → section and paragraph changes, minus those a typed change already explains → rows.
"""

from __future__ import annotations

from collections import defaultdict

from ..agencies import agency_aliases
from ..model import Deadline, Plan, Source
from ..normalize import canonical_tones, match_key
from .align import Alignment, align
from .flatten import Flat, Unit, deadlines_in, flatten, plan_deadlines, shorten
from .items import header_changes, legal_changes, target_changes
from .model import Change, ChangeKind, PlanDiff, Row, SectionPair, Side
from .responsibilities import responsibility_changes
from .textmode import is_plan, text_diff
from .words import changed_spans, describe, word_diff

BODY_ROLES = ("paragraph", "closing", "recipient")
# typed changes that account for a whole paragraph appearing or disappearing
_WHOLE = {
    ChangeKind.target_added,
    ChangeKind.target_removed,
    ChangeKind.agency_added,
    ChangeKind.agency_removed,
    ChangeKind.legal_added,
    ChangeKind.legal_removed,
    ChangeKind.task_moved,
    ChangeKind.agency_moved,
}


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    if not (is_plan(old) and is_plan(new)):
        return text_diff(old, new)
    fo, fn = flatten(old), flatten(new)
    al = align(fo, fn)
    typed = header_changes(old, new) + legal_changes(old, new) + target_changes(old, new, fo, fn)
    typed += responsibility_changes(old, new, fo, fn, al)
    typed += deadline_changes(old, new, fo, fn, al)
    explain = _Explain(typed, fo, fn)
    changes = _section_changes(old, new, fo, fn, al) + typed
    para, row_change = _paragraph_changes(fo, fn, al, explain)
    changes = _ordered(changes + para)
    index = {id(c): i for i, c in enumerate(changes)}
    rows = _rows(fo, fn, al, {k: index[id(c)] for k, c in row_change.items()}, changes)
    return PlanDiff(
        old_file=old.file,
        new_file=new.file,
        mode="plan",
        changes=changes,
        sections=_section_pairs(fo, fn, al),
        rows=rows,
        warnings=[],
    )


# --- deadlines --------------------------------------------------------------------------------------------


def _sig(d: Deadline) -> tuple:
    return (str(getattr(d.recurrence, "value", d.recurrence)), d.day, d.month, d.year)


def deadline_changes(old: Plan, new: Plan, fo: Flat, fn: Flat, al: Alignment) -> list[Change]:
    """Deadlines of each aligned pair of paragraphs, compared by meaning (recurrence, day, month, year)."""
    dl_old, dl_new = plan_deadlines(old), plan_deadlines(new)
    out: list[Change] = []
    for o, n in sorted(al.pairs.items()):
        uo, un = fo.units[o], fn.units[n]
        if uo.role not in BODY_ROLES:
            continue
        a, b = deadlines_in(dl_old, uo.source), deadlines_in(dl_new, un.source)
        if [_sig(d) for d in a] == [_sig(d) for d in b]:
            continue
        ta = "; ".join(d.text for d in a) or "—"
        tb = "; ".join(d.text for d in b) or "—"
        agency = next((d.agency for d in b + a if d.agency), None)
        out.append(
            Change(
                kind=ChangeKind.deadline_changed,
                summary=f"Deadline {shorten(ta, 60)} → {shorten(tb, 60)}" + (f" ({agency})" if agency else ""),
                old=Side(text=uo.text, value=ta, section=uo.path, source=_span(a) or uo.source),
                new=Side(text=un.text, value=tb, section=un.path, source=_span(b) or un.source),
                detail={"agency": agency} if agency else {},
            )
        )
    return out


def _span(items: list[Deadline]) -> Source | None:
    if not items:
        return None
    first, last = items[0].source, items[-1].source
    return first.model_copy(update={"end": last.end})


# --- what typed changes explain ---------------------------------------------------------------------------


# syllables that only say an agency's role ("Chủ trì, phối hợp với …", "Là cơ quan thường trực")
_ROLE_SYLLABLES = {
    "chủ",
    "trì",
    "phối",
    "hợp",
    "với",
    "thường",
    "trực",
    "là",
    "cơ",
    "quan",
    "đầu",
    "mối",
    "tham",
    "gia",
    "giao",
    "động",
    ",",
    ":",
    ";",
}


class _Explain:
    """What typed changes account for, to drop the paragraph changes they already report: spans of Plan.text
    per side, the names of renamed agencies (wherever they are mentioned), and role words in the blocks of
    agencies whose role changed."""

    def __init__(self, typed: list[Change], fo: Flat, fn: Flat):
        self.spans: dict[str, list[tuple[int, int, ChangeKind]]] = {"old": [], "new": []}
        self.names: dict[str, set[str]] = {"old": set(), "new": set()}
        self.role_sections: dict[str, set[str]] = {"old": set(), "new": set()}
        for c in typed:
            for side, s in (("old", c.old), ("new", c.new)):
                if s is not None and s.source is not None and s.source.end > s.source.start:
                    self.spans[side].append((s.source.start, s.source.end, c.kind))
            if c.kind is ChangeKind.agency_renamed:
                self.names["old"].update(_name_forms(c.detail.get("old_agency"), c.old.text if c.old else None))
                self.names["new"].update(_name_forms(c.detail.get("new_agency"), c.new.text if c.new else None))
            elif c.kind is ChangeKind.role_changed:
                for side, s, flat in (("old", c.old, fo), ("new", c.new, fn)):
                    unit = flat.unit_at(s.source if s else None)
                    if unit is not None:
                        self.role_sections[side].add(unit.section)

    def whole(self, side: str, unit: Unit) -> bool:
        src = unit.source
        if src is None:
            return False
        return any(k in _WHOLE and src.start <= s < max(src.end, src.start + 1) for s, _, k in self.spans[side])

    def covers(self, side: str, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e, _ in self.spans[side])

    def name_spans(self, side: str, text: str) -> list[tuple[int, int]]:
        """Where the renamed agencies are mentioned in `text` (tone placement and case folded)."""
        folded = canonical_tones(text).casefold()
        out = []
        for name in self.names[side]:
            start = folded.find(name)
            while start >= 0:
                out.append((start, start + len(name)))
                start = folded.find(name, start + 1)
        return out

    def moved(self, side: str, unit: Unit) -> bool:
        src = unit.source
        return src is not None and any(
            k is ChangeKind.task_moved and s <= src.start < e for s, e, k in self.spans[side]
        )


def _name_forms(*names: str | None) -> set[str]:
    """An agency's official name, as written, and its aliases, folded for searching."""
    forms: set[str] = set()
    for name in names:
        if not name:
            continue
        forms.add(name)
        forms.update(agency_aliases(name))
    return {canonical_tones(f).casefold() for f in forms if len(f) > 3}


def _base(flat: Flat, unit: Unit) -> int | None:
    """Offset of the unit's text in Plan.text (headings' spans include their number)."""
    src = unit.source
    if src is None:
        return None
    text = flat.plan.text
    if text[src.start : src.end] == unit.text:
        return src.start
    pos = text.find(unit.text, src.start, src.end + 1)
    return pos if pos >= 0 else None


def _explained_reword(fo: Flat, fn: Flat, uo: Unit, un: Unit, ex: _Explain) -> bool:
    """Whether every differing word lies in a typed change's evidence, a renamed agency's name, or (in the
    block of an agency whose role changed) is a role word."""
    bo, bn = _base(fo, uo), _base(fn, un)
    if bo is None or bn is None:
        return False
    so, sn = changed_spans(uo.text, un.text)
    names_o, names_n = ex.name_spans("old", uo.text), ex.name_spans("new", un.text)
    roles = uo.section in ex.role_sections["old"] or un.section in ex.role_sections["new"]

    def ok(side: str, base: int, text: str, names: list[tuple[int, int]], s: int, e: int) -> bool:
        if ex.covers(side, base + s, base + e) or any(a <= s and e <= b for a, b in names):
            return True
        return roles and (match_key(text[s:e]) in _ROLE_SYLLABLES or text[s:e].strip() in _ROLE_SYLLABLES)

    return all(ok("old", bo, uo.text, names_o, s, e) for s, e in so) and all(
        ok("new", bn, un.text, names_n, s, e) for s, e in sn
    )


# --- sections and paragraphs ------------------------------------------------------------------------------


def _agency_sections(plan: Plan) -> set[str]:
    return {r.section for r in plan.responsibilities if r.section and r.heading}  # blocks headed by an agency


def _section_changes(old: Plan, new: Plan, fo: Flat, fn: Flat, al: Alignment) -> list[Change]:
    out: list[Change] = []
    agency_old, agency_new = _agency_sections(old), _agency_sections(new)
    matched_new = set(al.sections.values())
    for sid, info in fo.sections.items():
        if sid in al.sections:
            nid = al.sections[sid]
            ninfo = fn.sections[nid]
            words = word_diff(info.title, ninfo.title) if info.title_key != ninfo.title_key else []
            if words and sid not in agency_old and nid not in agency_new:
                what = f"{info.title} → {ninfo.title}" if len(info.title) + len(ninfo.title) <= 140 else describe(words)
                out.append(
                    Change(
                        kind=ChangeKind.section_renamed,
                        summary=f"Section {ninfo.path or info.path or ''} renamed: {what}",
                        old=_heading_side(fo, info),
                        new=_heading_side(fn, ninfo),
                        words=words,
                        detail={"score": round(al.section_scores.get(sid, 0), 3)},
                    )
                )
        elif (info.parent is None or info.parent in al.sections) and sid not in agency_old:
            n = _count_units(fo, sid)
            out.append(
                Change(
                    kind=ChangeKind.section_removed,
                    summary=f"Section removed: {info.path or ''} {info.title} ({n} paragraphs)",
                    old=_heading_side(fo, info),
                    detail={"paragraphs": n},
                )
            )
    for nid, info in fn.sections.items():
        if nid in matched_new:
            continue
        parent_new = info.parent is None or info.parent in matched_new
        if parent_new and nid not in agency_new:
            n = _count_units(fn, nid)
            moved_in = _count_moved_in(fn, nid, al)
            what = f"{n} paragraphs, {moved_in} moved in" if moved_in else f"{n} paragraphs"
            out.append(
                Change(
                    kind=ChangeKind.section_added,
                    summary=f"Section added: {info.path or ''} {info.title} ({what})",
                    new=_heading_side(fn, info),
                    detail={"paragraphs": n, "moved_in": moved_in},
                )
            )
    return out


def _heading_side(flat: Flat, info) -> Side:
    return Side(
        text=info.title,
        value=f"{info.number or ''} {info.title}".strip(),
        section=info.path,
        source=flat.units[info.heading].source,
    )


def _subtree(flat: Flat, sid: str) -> set[str]:
    ids = {sid}
    changed = True
    while changed:
        changed = False
        for k, s in flat.sections.items():
            if s.parent in ids and k not in ids:
                ids.add(k)
                changed = True
    return ids


def _count_units(flat: Flat, sid: str) -> int:
    return sum(len(flat.sections[k].units) for k in _subtree(flat, sid))


def _count_moved_in(fn: Flat, nid: str, al: Alignment) -> int:
    """Paragraphs of a new section that come from elsewhere in OLD (a block taken out into a new part)."""
    units = {i for k in _subtree(fn, nid) for i in fn.sections[k].units}
    return sum(1 for n in al.pairs.values() if n in units)


def _in_unmatched_section(flat: Flat, unit: Unit, matched: set[str]) -> bool:
    return unit.section in flat.sections and unit.section not in matched


def _paragraph_changes(fo: Flat, fn: Flat, al: Alignment, ex: _Explain) -> tuple[list[Change], dict]:
    """Paragraph changes, and which row (keyed ('o', idx) / ('n', idx)) each one explains."""
    out: list[Change] = []
    row_change: dict[tuple[str, int], Change] = {}
    rev = al.reverse
    matched_old, matched_new = set(al.sections), set(al.sections.values())
    for o, n in sorted(al.pairs.items(), key=lambda p: p[1]):
        uo, un = fo.units[o], fn.units[n]
        if uo.role not in BODY_ROLES:
            continue
        reworded = uo.key != un.key
        words = word_diff(uo.text, un.text) if reworded else []
        if reworded and not words:
            reworded = False
        if o in al.moved and not ex.moved("old", uo):
            how = f", reworded {shorten(describe(words), 60)}" if words else ""
            c = Change(
                kind=ChangeKind.paragraph_moved,
                summary=f"Moved {uo.path or '—'} → {un.path or '—'}{how}: {shorten(un.text)}",
                old=_side(uo),
                new=_side(un),
                words=words,
                detail={"reworded": reworded, "in": un.section_kind},
            )
        elif reworded and not _explained_reword(fo, fn, uo, un, ex):
            c = Change(
                kind=ChangeKind.paragraph_reworded,
                summary=f"Reworded {un.path or ''}: {shorten(describe(words))}".replace("  ", " "),
                old=_side(uo),
                new=_side(un),
                words=words,
                detail={"in": un.section_kind},
            )
        else:
            continue
        out.append(c)
        row_change[("n", n)] = c
    for u in fo.units:
        if (
            u.role in BODY_ROLES
            and u.idx not in al.pairs
            and not _in_unmatched_section(fo, u, matched_old)
            and not ex.whole("old", u)
        ):
            c = Change(
                kind=ChangeKind.paragraph_removed,
                summary=f"Removed from {u.path or '—'}: {shorten(u.text)}",
                old=_side(u),
                detail={"in": u.section_kind},
            )
            out.append(c)
            row_change[("o", u.idx)] = c
    for u in fn.units:
        if (
            u.role in BODY_ROLES
            and u.idx not in rev
            and not _in_unmatched_section(fn, u, matched_new)
            and not ex.whole("new", u)
        ):
            c = Change(
                kind=ChangeKind.paragraph_added,
                summary=f"Added in {u.path or '—'}: {shorten(u.text)}",
                new=_side(u),
                detail={"in": u.section_kind},
            )
            out.append(c)
            row_change[("n", u.idx)] = c
    return out, row_change


def _side(u: Unit) -> Side:
    return Side(text=u.text, section=u.path, source=u.source)


_ORDER = {k: i for i, k in enumerate(ChangeKind)}
_GROUP_ORDER = {
    g: i
    for i, g in enumerate(
        ["header", "legal", "section", "target", "agency", "role", "task", "deadline", "paragraph", "text"]
    )
}


def _ordered(changes: list[Change]) -> list[Change]:
    def pos(c: Change) -> int:
        s = c.new or c.old
        return s.source.start if s and s.source else 0

    return sorted(changes, key=lambda c: (_GROUP_ORDER.get(c.group, 99), pos(c), _ORDER[c.kind]))


# --- rows -------------------------------------------------------------------------------------------------


def _rows(fo: Flat, fn: Flat, al: Alignment, row_change: dict, changes: list[Change]) -> list[Row]:
    rev = al.reverse
    # removed old units go after the new partner of their nearest matched predecessor
    pending: dict[int, list[int]] = defaultdict(list)
    anchor = -1
    for u in fo.units:
        if u.idx in al.pairs:
            anchor = al.pairs[u.idx]
        else:
            pending[anchor].append(u.idx)
    by_source = _typed_by_source(changes)
    rows: list[Row] = [_old_row(fo, i, row_change, by_source) for i in pending.get(-1, [])]
    for un in fn.units:
        o = rev.get(un.idx)
        if o is None:
            status = "added"
            uo = None
        else:
            uo = fo.units[o]
            status = "moved" if o in al.moved else ("reworded" if uo.key != un.key else "equal")
        words = word_diff(uo.text, un.text) if uo is not None and status in ("moved", "reworded") else []
        if status == "reworded" and not words:
            status = "equal"
        idx = row_change.get(("n", un.idx))
        if idx is None:
            idx = by_source.get(("new", _start(un.source)))
        if idx is None and uo is not None:
            idx = by_source.get(("old", _start(uo.source)))
        rows.append(
            Row(
                status=status,
                role=_row_role(un),
                level=un.level if un.role == "heading" else 0,
                number=_number(fn, un),
                old=_side(uo) if uo else None,
                new=_side(un),
                words=words,
                change=idx,
            )
        )
        rows += [_old_row(fo, i, row_change, by_source) for i in pending.get(un.idx, [])]
    return rows


def _start(src: Source | None) -> int | None:
    return src.start if src is not None else None


def _typed_by_source(changes: list[Change]) -> dict[tuple[str, int | None], int]:
    out: dict[tuple[str, int | None], int] = {}
    for i, c in enumerate(changes):
        for side, s in (("old", c.old), ("new", c.new)):
            if s is not None and s.source is not None:
                out.setdefault((side, s.source.start), i)
    return out


def _old_row(fo: Flat, i: int, row_change: dict, by_source: dict) -> Row:
    u = fo.units[i]
    idx = row_change.get(("o", i))
    if idx is None:
        idx = by_source.get(("old", _start(u.source)))
    return Row(
        status="removed",
        role=_row_role(u),
        level=u.level if u.role == "heading" else 0,
        number=_number(fo, u),
        old=_side(u),
        new=None,
        change=idx,
    )


def _row_role(u: Unit) -> str:
    return {
        "paragraph": "paragraph",
        "closing": "closing",
        "recipient": "recipient",
        "signer": "signer",
        "heading": "heading",
        "title": "title",
        "legal": "legal",
    }.get(u.role, "paragraph")


def _number(flat: Flat, u: Unit) -> str | None:
    if u.role != "heading":
        return None
    info = flat.sections.get(u.section)
    return info.number if info else None


def _section_pairs(fo: Flat, fn: Flat, al: Alignment) -> list[SectionPair]:
    out: list[SectionPair] = []
    matched_new = set(al.sections.values())
    for sid, info in fo.sections.items():
        nid = al.sections.get(sid)
        ninfo = fn.sections.get(nid) if nid else None
        out.append(
            SectionPair(
                old_id=sid,
                new_id=nid,
                old_number=info.path,
                new_number=ninfo.path if ninfo else None,
                old_title=info.title,
                new_title=ninfo.title if ninfo else None,
                score=round(al.section_scores.get(sid, 0.0), 3),
            )
        )
    for nid, info in fn.sections.items():
        if nid not in matched_new:
            out.append(SectionPair(new_id=nid, new_number=info.path, new_title=info.title))
    return out
