"""Responsibilities: who does what in TỔ CHỨC THỰC HIỆN — one entry per agency, its role, tasks, deadlines."""

from __future__ import annotations

import regex

from . import lexicon
from .agencies import find_agencies, looks_like_agency, normalize_agency, split_agency_list
from .deadlines import find_deadlines
from .model import AssignedTask, Deadline, Paragraph, Responsibility, Role, Section, SectionKind, Source
from .normalize import match_key

_NAME_COLON = regex.compile(r"^(?P<name>[^:;]{3,160}?)\s*:\s*(?P<task>\S.*)?$")
_REQUEST_PREFIX = regex.compile(r"^(?:đề nghị|kiến nghị)\s*:?\s*", regex.I)
_ROLE_IN_HEADING = regex.compile(r"\s*\((?P<r>[^)]*(?:thường trực|chủ trì|cơ quan đầu mối)[^)]*)\)\s*", regex.I)
_PRIORITY = [Role.requested, Role.standing, Role.lead]


_PARTNER = regex.compile(r"(?:phối hợp|cùng|kết hợp)\s+với\s+(?P<who>[^;:.]{3,300})", regex.I)


_TASK_VERB = None


def _task_verb() -> regex.Pattern:
    """Words that start an agency's task in running text ('… chủ trì', '… là cơ quan thường trực')."""
    global _TASK_VERB
    if _TASK_VERB is None:
        words = sorted(lexicon.load("vocab")["task_verbs"], key=len, reverse=True)
        _TASK_VERB = regex.compile(r"\s(?:" + "|".join(regex.escape(w) for w in words) + r")(?=[\s,:;]|$)")
    return _TASK_VERB


def _partner_clause(text: str) -> str | None:
    """The words after 'phối hợp với' up to the end of the clause: where partner agencies are named."""
    m = _PARTNER.search(text)
    return m.group("who") if m else None


def task_role(text: str) -> Role | None:
    key = match_key(text)
    if "cơ quan thường trực" in key or key.startswith(("thường trực", "là cơ quan đầu mối", "cơ quan đầu mối")):
        return Role.standing
    if key.startswith(("chủ trì", "là cơ quan chủ trì", "chủ động chủ trì", "giao chủ trì")):
        return Role.lead
    if key.startswith(("phối hợp", "tham gia phối hợp", "chủ động phối hợp")):
        return Role.coordinate
    return None


class _Builder:
    def __init__(self, file: str | None):
        self.file = file
        self.items: list[Responsibility] = []
        self.pending: list[tuple[Responsibility, list[tuple[str, Source, Role | None]]]] = []

    def add(self, names: list[tuple[str, Source]], heading: str | None, section: str, tasks: list[tuple[str, Source, Role | None]], requested: bool, heading_role: Role | None) -> None:
        for name, src in names:
            name = name.strip(" .;:*-")
            if not name:
                continue
            resp = Responsibility(
                id="",
                agency=name,
                agency_normalized=normalize_agency(name),
                role=Role.requested if requested else (heading_role or Role.assigned),
                heading=heading,
                section=section,
                source=src,
            )
            self.items.append(resp)
            self.pending.append((resp, tasks))

    def finish(self) -> tuple[list[Responsibility], list[Deadline]]:
        # Partners are named after "phối hợp với"; only those clauses go through the spaCy pipeline.
        clauses = {t: _partner_clause(t) for _, tasks in self.pending for t, _, _ in tasks}
        wanted = sorted({c for c in clauses.values() if c})
        found = dict(zip(wanted, find_agencies(wanted))) if wanted else {}
        spans = {t: found.get(c, []) for t, c in clauses.items()}
        deadlines: list[Deadline] = []
        for i, (resp, tasks) in enumerate(self.pending, start=1):
            resp.id = f"R{i:02d}"
            own = match_key(resp.agency_normalized)
            roles = []
            for j, (text, src, lead_role) in enumerate(tasks, start=1):
                role = Role.requested if resp.role == Role.requested else (task_role(text) or lead_role or Role.assigned)
                roles.append(role)
                partners = []
                for _, _, name in spans.get(text, []):
                    norm = normalize_agency(name)
                    if match_key(norm) != own and norm not in partners:
                        partners.append(norm)
                task_id = f"{resp.id}.{j}"
                dls = find_deadlines(text, src, agency=resp.agency_normalized, task_id=task_id)
                resp.tasks.append(AssignedTask(id=task_id, text=text, role=role, partners=partners, deadlines=dls, source=src))
                resp.deadlines.extend(dls)
                deadlines.extend(dls)
            if resp.role in (Role.requested, Role.standing):
                continue
            if Role.standing in roles:
                resp.role = Role.standing
            elif Role.lead in roles or resp.role == Role.lead:
                resp.role = Role.lead
            elif roles and all(r == Role.coordinate for r in roles):
                resp.role = Role.coordinate
        return self.items, deadlines


def extract_responsibilities(sections: list[Section], file: str | None) -> tuple[list[Responsibility], list[Deadline]]:
    b = _Builder(file)
    for sec in sections:
        if sec.kind == SectionKind.organisation:
            _walk(b, sec, requested=False)
    return b.finish()


def _split_names(text: str, src: Source) -> list[tuple[str, Source]]:
    """A heading naming several agencies, each with the span it was read from."""
    out: list[tuple[str, Source]] = []
    pos = 0
    for p in split_agency_list(text):
        idx = text.find(p, pos)
        s = src.model_copy(update={"start": src.start + max(idx, 0), "end": src.start + max(idx, 0) + len(p)})
        pos = max(idx, pos)
        out.append((p, s))
    return out


def _section_tasks(sec: Section) -> list[tuple[str, Source, Role | None]]:
    """Every paragraph and sub-item under an agency heading is a task; a 'Chủ trì …:' lead-in gives its role."""
    tasks: list[tuple[str, Source, Role | None]] = []
    lead: Role | None = None
    for para in sec.paragraphs:
        text = para.text.strip()
        role = task_role(text)
        if text.endswith(":") and para.marker is None:
            lead = role or lead
            continue
        tasks.append((text, para.source, lead))
    for child in sec.children:
        title_src = child.source.model_copy(update={"start": child.source.end - len(child.title)})
        if child.paragraphs or child.children:
            if not child.title.endswith(":"):
                tasks.append((child.title, title_src, lead))
            tasks.extend(_section_tasks(child))
        else:
            tasks.append((child.title, title_src, lead))
    return tasks


def _heading_name(title: str) -> tuple[str, Role | None, str | None]:
    """Agency part of a heading, a role stated in it, and text after 'Name:' on the same line."""
    role = None
    m = _ROLE_IN_HEADING.search(title)
    if m:
        role = task_role(m.group("r").replace("là ", "")) or (Role.standing if "thường trực" in m.group("r") else Role.lead)
        title = title[: m.start()] + " " + title[m.end():]
    rest = None
    nc = _NAME_COLON.match(title)
    if nc and nc.group("task"):
        title, rest = nc.group("name"), nc.group("task")
    else:
        verb = _task_verb().search(title)
        if verb and verb.start() > 3:  # "Sở X chủ trì, phối hợp …": the agency, then its task
            title, rest = title[: verb.start()], title[verb.start():].strip()
            role = role or task_role(rest)
    return title.strip(" .:,"), role, rest


def _walk(b: _Builder, sec: Section, requested: bool) -> None:
    for para in sec.paragraphs:
        _name_colon_paragraph(b, para, sec, requested)
    for child in sec.children:
        raw = child.title.strip()
        is_request = bool(_REQUEST_PREFIX.match(raw)) or requested
        title = _REQUEST_PREFIX.sub("", raw) if _REQUEST_PREFIX.match(raw) else raw
        name, role, inline = _heading_name(title)
        title_src = child.source.model_copy(update={"start": child.source.end - len(raw) + (len(raw) - len(title)), "end": child.source.end})
        agency_children = child.children and all(looks_like_agency(_heading_name(c.title)[0]) for c in child.children)
        named_items = sum(_is_name_colon(p.text) for p in child.paragraphs)
        grouping = agency_children or (named_items and named_items * 2 >= len(child.paragraphs))
        if name and looks_like_agency(name) and not grouping:
            tasks = _section_tasks(child)
            if inline:
                tasks.insert(0, (inline, title_src, None))
            b.add(_split_names(name, title_src), raw, child.id, tasks, is_request, role)
        else:
            _walk(b, child, is_request)


def _is_name_colon(text: str) -> bool:
    m = _NAME_COLON.match(_REQUEST_PREFIX.sub("", text.strip()))
    return bool(m and m.group("task") and looks_like_agency(m.group("name")))


def _name_colon_paragraph(b: _Builder, para: Paragraph, sec: Section, requested: bool) -> None:
    """'- Huyện đoàn: Xây dựng kế hoạch …' names an agency and its task in one paragraph."""
    text = para.text.strip()
    is_request = requested
    if _REQUEST_PREFIX.match(text) and not text.rstrip().endswith(":"):
        is_request = True
        text = _REQUEST_PREFIX.sub("", text)
    m = _NAME_COLON.match(text)
    if not m or not m.group("task") or not looks_like_agency(m.group("name")):
        return
    name = m.group("name")
    offset = len(para.text) - len(text)
    name_src = para.source.model_copy(update={"start": para.source.start + offset, "end": para.source.start + offset + len(name)})
    task_src = para.source.model_copy(update={"start": para.source.start + offset + m.start("task")})
    b.add(_split_names(name, name_src), None, sec.id, [(m.group("task"), task_src, None)], is_request, None)
