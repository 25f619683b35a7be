"""A commune's share of a higher plan: the tasks the parent gives the communes become the commune's own
tasks; a department's task goes to the commune office that counterparts it (Nghị định 150/2025) as a
coordination duty, when a commune can perform it; everything else is left out and listed with the reason.
Works from `Plan.responsibilities` whatever part of the parent they were read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import regex
from rapidfuzz import fuzz

from extract import lexicon
from extract.agencies import looks_like_agency, normalize_agency
from extract.model import (
    AssignedTask,
    Deadline,
    Paragraph,
    Plan,
    Responsibility,
    Role,
    Section,
    SectionKind,
    Source,
    Task,
)
from extract.normalize import match_key

from . import rules
from .figures import blank_figures

_Str = str | None
_Ids = list[str] | None


class _Unit(Protocol):
    word: str  # xã, phường, đặc khu
    name: str  # Ủy ban nhân dân xã Tân Lập


class _Deriver(Protocol):
    """What a commune's share needs of the run that derives it (core's deriver, which passes itself): the
    parent plan, the unit, the run's review list and its wording, agency and deadline helpers."""

    parent: Plan
    unit: _Unit
    review: list  # core's ReviewItems, read for their `kind`

    def parent_lead(self) -> str | None: ...

    def note(
        self, kind: str, where: str, message: str, before: _Str = None, after: _Str = None, refs: _Ids = None
    ) -> None: ...

    def drop(self, where: str, reason: str, what: str, refs: list[str], whole: bool = False) -> None: ...

    def commune_words(self, text: str, where: str) -> str: ...

    def map_agency(self, name: str) -> tuple[str | None, str]: ...

    def _shift_text(self, text: str, deadlines: list[Deadline], where: str) -> str: ...


_LEAD_WORDS = regex.compile(r"^\s*(?:Chủ trì|Chủ động|Là cơ quan chủ trì)\s*,?\s*", regex.IGNORECASE)
_WITH = regex.compile(r"^\s*(?:chủ động\s+)?phối hợp(?:\s+chặt chẽ)?(?P<with>\s+với)?\s+", regex.IGNORECASE)


@dataclass
class _Duty:
    text: str  # the duty's words, without who it coordinates with
    origins: list[str]
    partners: list[str] = field(default_factory=list)
    key: str = ""


class _Bag:
    """Duties said once: the same words from two merged departments (or a table repeating a paragraph)."""

    def __init__(self) -> None:
        self.items: list[_Duty] = []

    def add(self, duty: _Duty) -> _Duty | None:
        """Adds the duty, or folds it into the one it repeats (returned)."""
        duty.key = match_key(duty.text)
        for old in self.items:
            if old.key == duty.key or (min(len(old.key), len(duty.key)) > 40 and fuzz.ratio(old.key, duty.key) >= 93):
                old.origins += [o for o in duty.origins if o not in old.origins]
                old.partners += [p for p in duty.partners if p not in old.partners]
                return old
        self.items.append(duty)
        return None


def _blank(d: _Deriver, text: str, original: str, where: str, refs: list[str]) -> str:
    """The province's figures in a carried sentence as blanks, each listed for the drafter."""
    out, taken = blank_figures(text)
    if taken:
        d.note(
            "blank",
            where,
            f"số liệu của tỉnh ({', '.join(taken)}) không chép sang: điền số liệu của {d.unit.word} vào chỗ “…”",
            original,
            out,
            refs,
        )
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def coordination_core(text: str) -> str:
    """The work of a department's task without its role words ('Chủ trì, phối hợp với …')."""
    core = _LEAD_WORDS.sub("", text, count=1)
    return core[:1].upper() + core[1:] if core else text


def coordination_text(d: _Duty) -> str:
    """'Phối hợp với Sở Công Thương, Sở Xây dựng <work>' (partners already named by the task are kept)."""
    who = ", ".join(d.partners)
    core = d.text
    m = _WITH.match(core)
    if m:  # "phối hợp với các Sở, ngành liên quan …": the lead department goes first
        if not who:
            return core[:1].upper() + core[1:]
        return f"Phối hợp với {who}, {core[m.end() :]}" if m.group("with") else f"Phối hợp với {who} {core[m.end() :]}"
    return f"Phối hợp với {who} {_lower_first(core)}" if who else core


def split_duties(d: _Deriver) -> tuple[list[Task], list[Responsibility], str]:
    """(the commune's own tasks, its offices with their coordination duties, the standing office)."""
    word = d.unit.word
    own = _Bag()
    offices: dict[str, tuple[str, Role, _Bag, list[str]]] = {}
    lead_name = d.parent_lead()
    standing = None
    given = list(d.parent.responsibilities) + heading_duties(d)
    holders = [
        r
        for r in given
        if rules.is_commune_holder(r.agency_normalized) or d.map_agency(r.agency_normalized)[0] == "@unit"
    ]
    mine = {id(r) for r in holders}
    rest = [r for r in given if id(r) not in mine]
    for r in holders + rest:  # the commune's own duties first: a department's copy of one is not said again
        before = len(d.review)
        _take(d, r, own, offices, word, id(r) in mine)
        if standing is None and lead_name and match_key(r.agency_normalized) == match_key(lead_name):
            standing = offices.get(
                match_key(rules.ward_name(d.map_agency(r.agency_normalized)[0] or "", word)), (None,)
            )[0]
        _account(d, r, own, offices, before)
    standing = standing or rules.load()["standing_office"]
    tasks = [
        Task(id=f"N{i:02d}", text=duty.text, source=Source(), origin=duty.origins[0])
        for i, duty in enumerate(own.items, start=1)
    ]
    resps = _offices(d, offices, standing)
    return tasks, resps, standing


def _account(d: _Deriver, r: Responsibility, own: _Bag, offices: dict, before: int) -> None:
    """A parent agency none of whose tasks was carried is itself listed as left out (or said once)."""
    carried = {o for x in own.items for o in x.origins} | {
        o for _, _, bag, _ in offices.values() for x in bag.items for o in x.origins
    }
    if any(t.id in carried for t in r.tasks):
        return
    mine = [i for i in d.review[before:] if i.kind in ("dropped", "merged")]
    if mine:
        if all(r.id not in i.refs for i in mine):
            mine[-1].refs.append(r.id)
    elif not r.tasks:
        d.drop(f"V. {r.agency}", "kế hoạch cấp trên không giao nhiệm vụ cụ thể", r.agency, [r.id], whole=True)


def _take(d: _Deriver, r: Responsibility, own: _Bag, offices: dict, word: str, is_holder: bool) -> None:
    """One parent agency's tasks: the commune's own, an office's coordination duty, or left out."""
    agency = r.agency_normalized
    child, how = d.map_agency(agency)
    if is_holder:
        exclusive = child == "@unit" or rules.is_exclusive_commune_holder(agency)
        for t in r.tasks:
            if t.text.strip().startswith("(") and t.text.strip().endswith(")"):  # "(… có Phụ lục kèm theo)"
                d.drop(f"V. {r.agency}", "lời chú thích trong ngoặc, không phải nhiệm vụ", t.text, [t.id])
                continue
            partner_only = t.role in (Role.coordinate, "coordinate")
            reason = rules.province_only(t.text, always_only=exclusive and not partner_only)
            if reason:
                d.drop(f"V. {r.agency}", reason, t.text, [t.id])
                continue
            text = d.commune_words(t.text, f"nhiệm vụ {t.id}")
            text = d._shift_text(text, t.deadlines, f"nhiệm vụ {t.id}")
            text = text[:1].upper() + text[1:]
            text = _blank(d, text, t.text, f"nhiệm vụ {t.id}", [t.id])
            if own.add(_Duty(text=text, origins=[t.id])) is not None:
                d.note(
                    "merged",
                    f"nhiệm vụ {t.id}",
                    "trùng với một nhiệm vụ đã có của xã: chỉ ghi một lần",
                    t.text,
                    refs=[t.id],
                )
        return
    if child is None or rules.is_provincial_group(agency):
        why = (
            "các sở, ban, ngành tỉnh là cơ quan cấp tỉnh, xã không có cơ quan tương ứng"
            if rules.is_provincial_group(agency)
            else f"xã không có cơ quan tương ứng với {r.agency}"
        )
        d.drop(f"V. {r.agency}", why, r.agency, [r.id] + [t.id for t in r.tasks], whole=True)
        return
    if how.startswith("merged"):
        d.note(
            "rewrite",
            f"V. {r.agency}",
            f"{agency} đã hợp nhất năm 2025 vào {how.split(' into ', 1)[1]}: dùng tên cơ quan mới",
            agency,
            how.split(" into ", 1)[1],
        )
    office = rules.ward_name(child, word)
    okey = match_key(office)
    if okey not in offices:
        offices[okey] = (
            office,
            Role.requested if r.role in (Role.requested, "requested") else Role.coordinate,
            _Bag(),
            [],
        )
    name, role, bag, origin = offices[okey]
    origin.append(r.id)
    partner = normalize_agency(how.split(" into ", 1)[1]) if how.startswith("merged") else agency
    for t in r.tasks:
        reason = rules.province_only(t.text)
        if reason:
            d.drop(f"V. {r.agency}", reason, t.text, [t.id])
            continue
        if any(x.key in (match_key(rules.say_for_commune(t.text, word)), match_key(t.text)) for x in own.items) or any(
            t.id in x.origins for x in own.items
        ):
            d.note(
                "merged",
                f"V. {r.agency}",
                f"nhiệm vụ {t.id} của {r.agency} trùng với nhiệm vụ của {word} tại mục III: chỉ ghi một lần",
                t.text,
                refs=[r.id, t.id],
            )
            continue  # the commune does it itself (III. NHIỆM VỤ)
        text = d.commune_words(coordination_core(t.text), f"nhiệm vụ {t.id}")
        text = d._shift_text(text, t.deadlines, f"nhiệm vụ {t.id}")
        text = _blank(d, text, t.text, f"nhiệm vụ {t.id}", [t.id])
        if bag.add(_Duty(text=text, origins=[t.id], partners=[partner])) is not None:
            d.note(
                "merged",
                f"V. {office}",
                f"nhiệm vụ {t.id} của {r.agency} trùng nội dung với nhiệm vụ đã giao {office}: chỉ ghi một lần",
                t.text,
            )


def _offices(d: _Deriver, offices: dict, standing: str) -> list[Responsibility]:
    skey = match_key(standing)
    if skey not in offices:
        offices = {skey: (standing, Role.standing, _Bag(), []), **offices}
    out = []
    for key, (name, prole, bag, origin) in offices.items():
        tasks = []
        if key == skey:
            tasks.append(
                AssignedTask(
                    id="",
                    role=Role.standing,
                    source=Source(),
                    text=f"Là cơ quan thường trực, tham mưu {d.unit.name} tổ chức triển khai, theo dõi, đôn đốc, "
                    f"kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả thực hiện theo quy định.",
                )
            )
        for duty in bag.items:
            tasks.append(
                AssignedTask(
                    id="", text=coordination_text(duty), role=Role.coordinate, source=Source(), origin=duty.origins[0]
                )
            )
        if len(tasks) == 0:
            continue
        role = Role.standing if key == skey else prole
        out.append(
            Responsibility(
                id="",
                agency=name,
                agency_normalized=normalize_agency(name),
                role=role,
                heading=name,
                tasks=tasks,
                source=Source(),
                origin=list(origin),
            )
        )
    out.sort(key=lambda r: 0 if match_key(r.agency) == skey else 1)
    for i, r in enumerate(out, start=1):
        r.id = f"R{i:02d}"
        for j, t in enumerate(r.tasks, start=1):
            t.id = f"{r.id}.{j}"
    return out


def carry_task_part(d: _Deriver, own: list[Task]) -> tuple[list[Section], list[Task], list[Paragraph]]:
    """The parent's NHIỆM VỤ, GIẢI PHÁP, for this commune: each measure a commune can take, said for it, with
    the province's figures blanked; a department's sub-heading (its duties are the department's) and the
    province-only measures stay out and are listed. A sub-heading for the communes is kept whole."""
    parent_tasks: dict[str, Task] = {}
    for t in d.parent.tasks:
        if not t.is_group:
            parent_tasks.setdefault(match_key(t.text), t)
    seen = {match_key(t.text) for t in own}
    carried: list[Task] = []

    def walk(sec: Section, depth: int, communes: bool = False) -> Section | None:
        where = f"III. {sec.number or ''} {sec.title[:60]}".strip()
        if _agency_heading(sec.title) is not None:
            return None  # an agency's sub-heading: its duties are that agency's (see split_duties)
        paras = []
        for p in sec.paragraphs:
            ptask = parent_tasks.get(match_key(p.text))
            reason = rules.province_only(p.text, always_only=communes)
            if reason:
                d.drop(where, reason, p.text, [ptask.id] if ptask else [])
                continue
            text = _blank(d, d.commune_words(p.text, where), p.text, where, [ptask.id] if ptask else [])
            key = match_key(text)
            if key in seen:
                continue
            seen.add(key)
            paras.append(Paragraph(text=text, marker=p.marker, source=Source()))
            carried.append(Task(id="", text=text, source=Source(), origin=ptask.id if ptask else None))
        children = [c for c in (walk(c, depth + 1, communes) for c in sec.children) if c is not None]
        if not paras and not children:
            return None
        return Section(
            id="",
            number=sec.number,
            style=sec.style,
            title=d.commune_words(sec.title, where),
            level=depth,
            kind=SectionKind.tasks,
            paragraphs=paras,
            children=children,
            source=Source(),
        )

    secs: list[Section] = []
    intro: list[Paragraph] = []
    for top in (s for s in d.parent.sections if s.kind == SectionKind.tasks and s.level == 1):
        if top.paragraphs:  # measures directly under the part's heading
            kept = walk(
                Section(
                    id="", number="", style="decimal", title="", level=2, paragraphs=top.paragraphs, source=Source()
                ),
                2,
                False,
            )
            intro += kept.paragraphs if kept is not None else []
        for child in top.children:
            kept = walk(child, 2, False)
            if kept is not None:
                secs.append(kept)
    for i, t in enumerate(carried, start=len(own) + 1):
        t.id = f"N{i:02d}"
    return secs, carried, intro


_REQUEST = regex.compile(r"^\s*(?:Đề nghị|Kiến nghị)\s+", regex.IGNORECASE)


def _agency_heading(title: str) -> tuple[str, Role] | None:
    """(agency, role) when a sub-heading of the tasks part names who does its measures ("1.2. Ủy ban nhân
    dân cấp xã", "Đề nghị Chi cục Hải quan …"), else None."""
    text = title.strip().rstrip(":")
    role = Role.assigned
    m = _REQUEST.match(text)
    if m:
        text, role = text[m.end() :], Role.requested
    if not text or not looks_like_agency(text):
        return None
    return _before_verb(text), role


def _before_verb(heading: str) -> str:
    """The agency part of a heading that goes on with its duty ("Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng …")."""
    key_words = heading.split()
    verbs = lexicon.key_list("vocab", "task_verbs")
    for i in range(2, len(key_words)):
        rest = match_key(" ".join(key_words[i:]))
        if lexicon.starts_with_any(rest, verbs):
            return " ".join(key_words[:i]).rstrip(",;:")
    return heading


def heading_duties(d: _Deriver) -> list[Responsibility]:
    """Duties the parent gives under agency sub-headings of its tasks part that are not among its extracted
    responsibilities: read here so a commune still finds its own and its offices' share."""
    known = {match_key(r.agency_normalized) for r in d.parent.responsibilities} | {
        match_key(r.agency) for r in d.parent.responsibilities
    }
    parent_tasks = {match_key(t.text): t for t in d.parent.tasks if not t.is_group}
    out: list[Responsibility] = []

    def paragraphs(sec: Section) -> list[Paragraph]:
        return list(sec.paragraphs) + [p for c in sec.children for p in paragraphs(c)]

    def visit(sec: Section) -> None:
        found = _agency_heading(sec.title)
        if found is None:
            for c in sec.children:
                visit(c)
            return
        text, role = found
        name = normalize_agency(text)
        if match_key(name) in known or match_key(text) in known:
            return
        rid = f"H{len(out) + 1:02d}"
        tasks = []
        for j, p in enumerate(paragraphs(sec), start=1):
            ptask = parent_tasks.get(match_key(p.text))
            tasks.append(
                AssignedTask(id=ptask.id if ptask else f"{rid}.{j}", text=p.text, role=Role.assigned, source=p.source)
            )
        if tasks:
            out.append(
                Responsibility(
                    id=rid,
                    agency=text,
                    agency_normalized=name,
                    role=role,
                    heading=sec.title,
                    section=sec.id,
                    tasks=tasks,
                    source=sec.source,
                )
            )

    for top in (s for s in d.parent.sections if s.kind == SectionKind.tasks and s.level == 1):
        for c in top.children:
            visit(c)
    return out
