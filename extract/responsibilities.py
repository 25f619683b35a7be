"""Responsibilities: who does what, wherever the plan gives work — agency sub-headings in any part, 'Name: task'
lines, 'Giao …' and 'Đề nghị …' sentences, labelled lines under a task, teams and their members. One entry
per agency, with all its tasks and the strongest role the text gives it."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from . import lexicon
from .agencies import (
    certain_name_end,
    find_agencies,
    looks_like_agency,
    name_length,
    names_agency,
    normalize_agency,
    split_agency_list,
)
from .deadlines import find_deadlines, time_value_deadlines
from .model import AssignedTask, Deadline, Paragraph, Responsibility, Role, Section, SectionKind, Source
from .normalize import match_key
from .party_keys import join_key, party_key, regulated_public
from .resp_forms import (
    NAMES_SPAN,
    Claim,
    label_heading,
    labelled_line,
    listed_party,
    remark_role,
    sentence_claims,
    subject_claim,
    task_role,
    task_verb_at,
    team_duties_heading,
    team_member,
    team_name_at,
)

__all__ = ["extract_responsibilities", "merge_heads", "task_role"]

_NAME_COLON = regex.compile(r"^(?P<name>[^:;]{3,160}?)\s*:\s*(?P<task>\S.*)?$")
_ROLE_IN_HEADING = regex.compile(r"\s*\((?P<r>[^)]*(?:thường trực|chủ trì|cơ quan đầu mối|đầu mối)[^)]*)\)\s*", regex.I)
_REMARK = regex.compile(r"\s*\([^()]{0,200}\)\s*")
# Sections where a line opening with an agency and a task verb gives it work (not aims, targets, background).
_WORK_KINDS = {SectionKind.tasks, SectionKind.organisation, SectionKind.funding, SectionKind.other}


def _prefix_re(key: str) -> regex.Pattern:
    words = sorted(lexicon.load("vocab")[key], key=len, reverse=True)
    return regex.compile(
        r"^\s*(?:" + "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in words) + r")(?:\s+cho)?\s*:?\s*",
        regex.I,
    )


_PREFIXES: dict[str, regex.Pattern] = {}


def _prefix(key: str) -> regex.Pattern:
    if key not in _PREFIXES:
        _PREFIXES[key] = _prefix_re(key)
    return _PREFIXES[key]


class _Task(NamedTuple):
    text: str
    source: Source
    role: Role | None = None
    when: tuple[str, Source] | None = None  # a 'Thời gian thực hiện: …' line stated for this task


def _span(src: Source, start: int, end: int) -> Source:
    """The part [start, end) of the text that `src` starts at."""
    return src.model_copy(update={"start": src.start + start, "end": src.start + end})


def _title_source(sec: Section) -> Source:
    """Span of a section's title (the source also covers its number)."""
    return sec.source.model_copy(update={"start": sec.source.end - len(sec.title)})


class _Builder:
    def __init__(self, file: str | None):
        self.file = file
        self.pending: list[tuple[Responsibility, list[_Task]]] = []

    def add(
        self,
        names: list[tuple[str, Source]],
        heading: str | None,
        section: str,
        tasks: list[_Task],
        requested: bool,
        heading_role: Role | None,
    ) -> None:
        for name, src in names:
            raw = name
            name = _REMARK.sub(" ", raw).strip(" .;:*-")
            if not name:
                continue
            role = heading_role
            dash = _apposition_re().search(name)
            if dash:  # "Bộ Công an - đơn vị thường trực …": the role, not the name
                role = _stronger(role, remark_role(name[dash.end() :]))
                name = name[: dash.start()]
            start = src.start + len(raw) - len(raw.lstrip(" .;:*-"))
            src = src.model_copy(update={"start": start, "end": start + len(name) if name in raw else src.end})
            end = name_length(name)
            if end < len(name) and not _bare_head(name[:end]):
                name, src = name[:end], src.model_copy(update={"end": src.start + end})
            resp = Responsibility(
                id="",
                agency=name,
                agency_normalized=normalize_agency(name),
                role=Role.requested if requested else (role or Role.assigned),
                heading=heading,
                section=section,
                source=src,
            )
            self.pending.append((resp, tasks))

    def finish(self) -> tuple[list[Responsibility], list[Deadline]]:
        # Partners are named after "phối hợp với"; only those clauses go through the spaCy pipeline.
        clauses = {t.text: _partner_clause(t.text) for _, tasks in self.pending for t in tasks}
        wanted = sorted({c for c in clauses.values() if c})
        found = dict(zip(wanted, find_agencies(wanted))) if wanted else {}
        spans = {t: found.get(c, []) for t, c in clauses.items()}
        merged: dict[str, tuple[Responsibility, list[Role]]] = {}
        order: list[Responsibility] = []
        deadlines: list[Deadline] = []
        known = {match_key(r.agency_normalized): party_key(r.agency_normalized) for r, _ in self.pending}
        for resp, tasks in self.pending:
            key = join_key(resp.agency_normalized, known)
            if key not in merged:
                resp.id = f"R{len(order) + 1:02d}"
                merged[key] = (resp, [])
                order.append(resp)
            target, roles = merged[key]
            if target is not resp and party_key(resp.agency_normalized) == key != party_key(target.agency_normalized):
                # "Giám đốc các Sở" came first, "Các Sở, ban, ngành" names the party itself: its name wins.
                target.agency, target.agency_normalized, target.source = (
                    resp.agency,
                    resp.agency_normalized,
                    resp.source,
                )
            if resp.role == Role.requested:
                target.role = Role.requested
            occurrence = [resp.role] if resp.role not in (Role.assigned, Role.requested) else []
            seen = {(t.source.start, t.text) for t in target.tasks}
            for text, src, lead_role, when in tasks:
                if (src.start, text) in seen:
                    continue
                seen.add((src.start, text))
                role = (
                    Role.requested if resp.role == Role.requested else (task_role(text) or lead_role or Role.assigned)
                )
                occurrence.append(role)
                partners = []
                for _, _, name in spans.get(text, []):
                    norm = normalize_agency(name)
                    if party_key(norm) != key and norm not in partners:
                        partners.append(norm)
                task_id = f"{target.id}.{len(target.tasks) + 1}"
                dls = find_deadlines(text, src, agency=target.agency_normalized, task_id=task_id)
                if when is not None:
                    dls += time_value_deadlines(when[0], when[1], agency=target.agency_normalized, task_id=task_id)
                target.tasks.append(
                    AssignedTask(id=task_id, text=text, role=role, partners=partners, deadlines=dls, source=src)
                )
                target.deadlines.extend(dls)
                deadlines.extend(dls)
            roles.append(_strongest(occurrence))
        for resp, roles in merged.values():
            if resp.role != Role.requested:
                resp.role = min(roles, key=_PRIORITY.index)
        return order, deadlines


@lru_cache(maxsize=1)
def _apposition_re() -> regex.Pattern:
    words = sorted(lexicon.load("vocab")["role_appositions"], key=len, reverse=True)
    alt = "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in words)
    return regex.compile(r"\s+-\s+(?=(?i:" + alt + r")(?!\p{L}))")


def _stronger(a: Role | None, b: Role | None) -> Role | None:
    if a is None or b is None:
        return a or b
    return min(a, b, key=_PRIORITY.index)


def merge_heads(items: list[Responsibility]) -> list[Responsibility]:
    """One item per party once the text and the task tables are read: variants of one party's name
    (`party_keys`: 'Thủ trưởng các sở, ban, ngành' / 'Các sở, ban, ngành', 'UBND cấp xã' / 'UBND các xã,
    phường') join the first one named, with its tasks and the stronger role. The regulated public met only as a
    partner ("Các tổ chức, cá nhân hoạt động khoáng sản" in a phối hợp column) is no party: the plan gives it
    no work of its own."""
    known = {match_key(r.agency_normalized): party_key(r.agency_normalized) for r in items}
    bodies: dict[str, Responsibility] = {}
    for r in items:
        bodies.setdefault(party_key(r.agency_normalized), r)
    out: list[Responsibility] = []
    for r in items:
        body = bodies.get(join_key(r.agency_normalized, known))
        if body is None or body is r:
            out.append(r)
            continue
        for t in r.tasks:
            body.tasks.append(t.model_copy(update={"id": f"{body.id}.{len(body.tasks) + 1}"}))
        body.deadlines.extend(r.deadlines)
        if body.role != Role.requested and _PRIORITY.index(r.role) < _PRIORITY.index(body.role):
            body.role = r.role
    return [r for r in out if not (r.role == Role.coordinate and regulated_public(r.agency_normalized))]


def _bare_head(name: str) -> bool:
    """'Cơ quan', 'Báo': a head word alone names nobody; the words after it are kept."""
    key = match_key(name)
    return lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads")) == key


# Across the places an agency is named, the strongest role wins (a 'Cơ quan phối hợp' list beats a mention
# without a role word); within one place, coordinate needs every task to be phối hợp (see `_strongest`).
_PRIORITY = [Role.standing, Role.lead, Role.coordinate, Role.assigned, Role.requested]


def _strongest(roles: list[Role]) -> Role:
    """The role one heading or sentence gives: standing > lead > coordinate (all its tasks are phối hợp) > assigned."""
    if Role.standing in roles:
        return Role.standing
    if Role.lead in roles:
        return Role.lead
    if roles and all(r == Role.coordinate for r in roles):
        return Role.coordinate
    return Role.assigned


_PARTNER = regex.compile(r"(?:phối hợp|cùng|kết hợp)\s+với\s+(?P<who>[^;:.]{3,300})", regex.I)


def _partner_clause(text: str) -> str | None:
    """The words after 'phối hợp với' up to the end of the clause: where partner agencies are named."""
    m = _PARTNER.search(text)
    return m.group("who") if m else None


def extract_responsibilities(
    sections: list[Section],
    file: str | None,
    preamble: list[Paragraph] | None = None,
    closing: list[Paragraph] | None = None,
) -> tuple[list[Responsibility], list[Deadline]]:
    """Responsibilities of the numbered parts and, for a decision whose articles sit before any part
    ('Điều 1. Thành lập Đoàn kiểm tra …'), of the lines before them: team members, teams given tasks,
    'Giao …' sentences. In the closing lines only a 'Giao …' sentence gives work: a letter without parts
    ends with its one order ("Chủ tịch UBND tỉnh giao Công an tỉnh nghiên cứu …./."), while the closing
    'đề nghị các cơ quan … báo cáo' of a plan is its formula, not a request to a party."""
    b = _Builder(file)
    holder = Section(id="preamble", style="root", title="", level=0, source=Source())
    for para in preamble or []:
        _preamble_line(b, para, holder)
    for sec in sections:
        strict = sec.kind != SectionKind.organisation
        requested = _is_request_part(sec.title)
        _walk(b, sec, requested=requested, strict=strict, kind=sec.kind)
    assign = lexicon.key_list("vocab", "assign_verbs")
    for para in closing or []:
        for c in sentence_claims(para.text):
            if c.assigned_by in assign:
                tasks = [_Task(c.task[0], _span(para.source, c.task[1], c.task[2]), c.role)] if c.task else []
                b.add([(n, _span(para.source, s, e)) for n, s, e in c.names], None, "closing", tasks, False, c.role)
    return b.finish()


def _preamble_line(b: _Builder, para: Paragraph, holder: Section) -> None:
    """Before part I only explicit forms count: a team member, 'Giao …', or a team that opens a line with a task."""
    text = para.text
    if team_member(text) or labelled_line(text) is not None:
        _line_forms(b, text, para.source, holder, False, True, with_subject=False)
        return
    claims = [c for c in sentence_claims(text) if c.assigned_by not in lexicon.key_list("vocab", "requested_titles")]
    if team_name_at(text.lstrip(" -+•")):
        c = subject_claim(text, True)
        claims += [c] if c else []
    duties = team_duties_heading(text)
    if duties and not claims:
        name, s, e = duties
        claims.append(Claim(names=[(name, s, e)], task=(text.strip(), 0, len(text.strip()))))
    for c in claims:
        tasks = [_Task(c.task[0], _span(para.source, c.task[1], c.task[2]), c.role)] if c.task else []
        b.add([(n, _span(para.source, s, e)) for n, s, e in c.names], None, holder.id, tasks, False, c.role)


def _is_request_part(title: str) -> bool:
    """'KIẾN NGHỊ, ĐỀ XUẤT' / 'Đề xuất, kiến nghị': a part whose bodies are asked, not directed."""
    m = _prefix("request_parts").match(title)
    return bool(m) and not looks_like_agency(title[m.end() :].strip(" ,"))


def _split_names(text: str, src: Source) -> list[tuple[str, Source]]:
    """A heading naming several agencies, each with the span it was read from."""
    out: list[tuple[str, Source]] = []
    pos = 0
    for i, p in enumerate(split_agency_list(text[:NAMES_SPAN])):  # a heading names its bodies early
        idx = text.find(p, pos)
        if idx < 0:  # never a span made up at the start of the heading
            continue
        pos = idx + len(p)
        if i and not (looks_like_agency(p) or team_name_at(p)):
            break  # "…; khuyến khích …": the list of names is over, the rest is the task
        out.append((p, _span(src, idx, idx + len(p))))
        end = certain_name_end(p)
        if end is not None and end < len(p.rstrip(" .;:")):
            break  # "UBND các xã đưa nội dung …, Chủ tịch UBND tỉnh về …": words after a name end the list
    return out


def _section_tasks(sec: Section) -> list[_Task]:
    """Every paragraph and sub-item under an agency heading is a task; a 'Chủ trì …:' lead-in gives its role."""
    tasks: list[_Task] = []
    lead: Role | None = None
    for para in sec.paragraphs:
        text = para.text.strip()
        role = task_role(text)
        if text.endswith(":") and para.marker is None:
            lead = role or lead
            continue
        tasks.append(_Task(text, para.source, lead))
    for child in sec.children:
        title_src = _title_source(child)
        if child.paragraphs or child.children:
            if not child.title.endswith(":"):
                tasks.append(_Task(child.title, title_src, lead))
            tasks.extend(_section_tasks(child))
        else:
            tasks.append(_Task(child.title, title_src, lead))
    return tasks


def _heading_name(title: str) -> tuple[str, Role | None, str | None]:
    """Agency part of a heading, a role stated in it, and text after 'Name:' on the same line."""
    role = None
    m = _ROLE_IN_HEADING.search(title)
    if m:
        role = task_role(m.group("r").replace("là ", "")) or (
            Role.standing if "thường trực" in m.group("r") else Role.lead
        )
        title = title[: m.start()] + " " + title[m.end() :]
    rest = None
    nc = _NAME_COLON.match(title)
    verb = task_verb_at(title)
    if nc and nc.group("task") and (verb is None or verb >= nc.end("name")):
        title, rest = nc.group("name"), nc.group("task")
    elif verb is not None and verb > 3 and not title[:verb].rstrip().endswith(","):
        # "Sở X chủ trì, phối hợp …": the agency, then its task ("Thanh tra, kiểm tra, …" lists activities)
        title, rest = title[:verb], title[verb:].strip()
        role = role or task_role(rest)
    return title.strip(" .:,"), role, rest


def _strip_prefixes(raw: str, lead_ins: bool = True) -> tuple[str, bool, bool]:
    """A heading without its 'Đề nghị' / 'Giao' / 'Đối với' lead-in: (rest, is a request, is an assignment).
    'Đối với X:' only introduces a party in a heading or a request part; in a paragraph it states a criterion."""
    title, requested, assigned = raw, False, False
    for key in ("requested_titles", "assign_verbs", "agency_lead_ins")[: 3 if lead_ins else 2]:
        m = _prefix(key).match(title)
        if m and m.end() < len(title):
            title = title[m.end() :]
            requested = requested or key == "requested_titles"
            assigned = assigned or key == "assign_verbs"
    return title, requested, assigned


def _is_party(name: str, strict: bool) -> bool:
    return bool(name) and (
        team_name_at(name) is not None or (names_agency(name) if strict else looks_like_agency(name))
    )


def _when_of(sec: Section) -> tuple[str, Source] | None:
    """The 'Thời gian thực hiện: …' line stated for a task section (a paragraph or a numbered child)."""
    lines = [(p.text, p.source) for p in sec.paragraphs] + [(c.title, _title_source(c)) for c in sec.children]
    for text, src in lines:
        found = labelled_line(text)
        if found and found[1]:
            value, s, e = found[1]
            return value, _span(src, s, e)
    return None


def _label_list(b: _Builder, sec: Section, role: Role, task_sec: Section, requested: bool) -> None:
    """Bullets under 'a) Cơ quan chủ trì' / '2. Chủ trì thực hiện': each names parties of the task above."""
    task = _Task(task_sec.title, _title_source(task_sec), role, _when_of(task_sec))
    lines = [(p.text, p.source) for p in sec.paragraphs] + [(c.title, _title_source(c)) for c in sec.children]
    for text, src in lines:
        names = [
            (n, s)
            for n, s in _split_names(text.strip(), _span(src, len(text) - len(text.lstrip()), len(text)))
            if listed_party(n.strip(" .;"))
        ]
        b.add(names, sec.title, sec.id, [task], requested, role)


def _walk(
    b: _Builder, sec: Section, requested: bool, strict: bool, kind: SectionKind, task_sec: Section | None = None
) -> None:
    task_sec = task_sec or sec
    for para in sec.paragraphs:
        _paragraph(b, para, sec, requested, strict, kind)
    for child in sec.children:
        raw = child.title.strip()
        title_src = _title_source(child)
        if _line_forms(
            b,
            raw,
            title_src,
            task_sec if _is_label_only(raw) else child,
            requested,
            strict,
            with_subject=False,
            headings_only=True,
        ):
            _walk(b, child, requested, strict, kind)
            continue
        is_label, label_role = label_heading(raw.rstrip(" :"))
        if is_label:
            sub_labels = any(label_heading(c.title.split(":")[0].strip())[0] for c in child.children)
            if label_role is None or sub_labels:  # "2. Cơ quan chủ trì, phối hợp" over "a) Cơ quan chủ trì", "b) …"
                _walk(b, child, requested, strict, kind, task_sec)
            else:
                _label_list(b, child, label_role, task_sec, requested)
            continue
        title, is_request, is_assign = _strip_prefixes(raw)
        is_request = is_request or requested
        name, role, inline = _heading_name(title)
        name_src = _span(title_src, len(raw) - len(title), len(raw))
        agency_children = child.children and all(looks_like_agency(_heading_name(c.title)[0]) for c in child.children)
        named_items = sum(_is_name_colon(p.text) for p in child.paragraphs)
        grouping = agency_children or (named_items and named_items * 2 >= len(child.paragraphs))
        if _is_party(name, strict and not (is_request or is_assign)) and not grouping:
            tasks = _section_tasks(child)
            if inline:
                tasks.insert(0, _Task(inline, _span(title_src, len(raw) - len(inline), len(raw)), None))
            b.add(_split_names(name, name_src), raw, child.id, tasks, is_request, role)
        else:
            claim = subject_claim(raw, strict) if kind in _WORK_KINDS else None
            if claim and claim.task:
                text, s, e = claim.task
                tasks = [_Task(text, _span(title_src, s, e), claim.role)] + _section_tasks(child)
                b.add(
                    [(n, _span(title_src, s0, e0)) for n, s0, e0 in claim.names],
                    raw,
                    child.id,
                    tasks,
                    requested,
                    claim.role,
                )
            child_request = is_request or _is_request_part(raw)
            _walk(b, child, child_request, strict, kind)


def _is_label_only(title: str) -> bool:
    """'a) Cơ quan chủ trì: Bộ Quốc phòng; Bộ Tài chính.': a labelled line written as a heading of the task above."""
    found = labelled_line(title)
    return bool(found) and title.find(":") >= 0 and label_heading(title[: title.find(":")])[0]


def _is_name_colon(text: str) -> bool:
    m = _NAME_COLON.match(_strip_prefixes(text.strip())[0])
    return bool(m and m.group("task") and looks_like_agency(m.group("name")))


def _line_forms(
    b: _Builder,
    text: str,
    src: Source,
    sec: Section,
    requested: bool,
    strict: bool,
    with_subject: bool,
    headings_only: bool = False,
) -> bool:
    """Team members and labelled lines (any line), 'Giao …'/'Đề nghị …' sentences and, in the work parts,
    'X chủ trì …' lines. True when the line named a party."""
    member = team_member(text)
    if member:
        name, s, e, role = member
        b.add([(name, _span(src, s, e))], None, sec.id, [_Task(text.strip(), src, role)], False, role)
        return True
    labels = labelled_line(text)
    if labels is not None:
        parties, when = labels
        task = _Task(
            sec.title, _title_source(sec), None, (when[0], _span(src, when[1], when[2])) if when else _when_of(sec)
        )
        for role, name, s, e in parties:
            b.add([(name, _span(src, s, e))], None, sec.id, [task._replace(role=role)], requested, role)
        return bool(parties)
    if headings_only:
        return False
    claims: list[Claim] = sentence_claims(text)
    if not claims and with_subject:
        c = subject_claim(text, strict)
        claims = [c] if c else []
    for c in claims:
        tasks = [_Task(c.task[0], _span(src, c.task[1], c.task[2]), c.role)] if c.task else []
        b.add([(n, _span(src, s, e)) for n, s, e in c.names], None, sec.id, tasks, c.requested or requested, c.role)
    return bool(claims)


def _paragraph(b: _Builder, para: Paragraph, sec: Section, requested: bool, strict: bool, kind: SectionKind) -> None:
    """'- Huyện đoàn: Xây dựng kế hoạch …' names an agency and its task in one paragraph; other paragraphs may
    carry a labelled line, a team member, a 'Giao …'/'Đề nghị …' sentence or open with 'X chủ trì …'."""
    text = para.text.strip()
    stripped, is_request, is_assign = _strip_prefixes(text, lead_ins=requested)
    is_request = (is_request and not text.rstrip().endswith(":")) or requested
    m = _NAME_COLON.match(stripped)
    if m and m.group("task") and labelled_line(text) is None:
        name = m.group("name")
        if _is_party(name, strict and not (is_request or is_assign)) and not regex.search(
            r"\s(?:là|của|về|cho|trong)\s", name
        ):
            offset = para.text.find(stripped)
            name_src = _span(para.source, offset, offset + len(name))
            task_src = _span(para.source, offset + m.start("task"), len(para.text))
            b.add(
                _split_names(name, name_src), None, sec.id, [_Task(m.group("task"), task_src, None)], is_request, None
            )
            return
    _line_forms(b, para.text, para.source, sec, requested, strict, with_subject=kind in _WORK_KINDS)
