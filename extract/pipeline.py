"""The extraction pipeline: reader → blocks → layout (structure) → header, legal bases, targets, tasks,
responsibilities, deadlines, funding, tail → Plan. Each stage is a small function over the layout.

Extraction never fails on a readable document: what is not understood becomes a warning with its source.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import regex

from .agencies import looks_like_agency, normalize_agency, split_agency_list, strip_lead_in
from .blocks import Document, clean_blocks
from .deadlines import cell_deadlines, find_deadlines
from .header import parse_header
from .legal import parse_legal_bases
from .model import (
    AssignedTask,
    ExtractionWarning,
    FundingSource,
    Paragraph,
    Plan,
    Responsibility,
    Role,
    Section,
    SectionKind,
    Task,
)
from .normalize import match_key
from .readers import read_document
from .resp_forms import person_names, team_named_in
from .responsibilities import extract_responsibilities, merge_heads
from .spans import narrow
from .structure import Layout, Line, layout, source_for
from .tail import parse_tail
from .targets import extract_targets


def extract_file(path: str | Path) -> Plan:
    """Read and extract one file. Raises `ReadError` (one line, names the file) when it cannot be read."""
    doc = read_document(path)
    return extract_document(doc)


def extract_text(text: str, file: str | None = None) -> Plan:
    """Extract from text already in memory, as the text reader would read it from a file."""
    from .readers.text import blocks_from_text

    return extract_document(Document(path=file or "<text>", format="txt", blocks=blocks_from_text(text)))


def extract_document(doc: Document) -> Plan:
    file = doc.path
    doc.blocks = clean_blocks(doc.blocks)
    lay = layout(doc.blocks, file)
    warnings: list[ExtractionWarning] = list(lay.warnings)
    for code, message, paragraph in doc.warnings:
        warnings.append(ExtractionWarning(code=code, message=message, source=_paragraph_source(lay, file, paragraph)))
    header = parse_header(lay, file, warnings)
    targets, general_goal = extract_targets(lay.sections, header.title)
    responsibilities, resp_deadlines = extract_responsibilities(
        lay.sections, file, [_para(ln, file) for ln in lay.preamble]
    )
    tasks = extract_tasks(lay.sections)
    row_deadlines: list = []
    if doc.task_rows:
        tasks, responsibilities, row_deadlines = _merge_task_rows(doc.task_rows, tasks, responsibilities, lay, file)
        responsibilities = merge_heads(responsibilities)
    recipients, signer = parse_tail(lay.tail, file)
    plan = Plan(
        file=file,
        format=doc.format,
        header=header,
        legal_bases=parse_legal_bases(lay.preamble, file),
        preamble=[_para(ln, file) for ln in lay.preamble],
        sections=lay.sections,
        general_goal=general_goal,
        targets=targets,
        tasks=tasks,
        responsibilities=responsibilities,
        deadlines=_all_deadlines(
            _anchor_task_deadlines(responsibilities, resp_deadlines, lay.text),
            _table_deadlines(doc.task_rows, lay, file),
            lay,
            file,
        ),
        funding=extract_funding(lay.sections),
        closing=[_para(ln, file) for ln in lay.closing],
        recipients=recipients,
        signer=signer,
        warnings=warnings,
        text=lay.text,
        meta=dict(doc.meta),
    )
    _sanity_warnings(plan, lay)
    return plan


def _para(line: Line, file: str | None) -> Paragraph:
    return Paragraph(text=line.text, source=source_for(line, file))


def _paragraph_source(lay: Layout, file: str | None, paragraph: int | None):
    """Source of the line that holds a reader's paragraph number (readers report warnings and rows by it)."""
    if paragraph is None:
        return None
    if lay.by_paragraph is None:
        lay.by_paragraph = {}
        for line in lay.lines:
            lay.by_paragraph.setdefault(line.block.paragraph, line)
    line = lay.by_paragraph.get(paragraph)
    return source_for(line, file) if line is not None else None


def extract_tasks(sections: list[Section]) -> list[Task]:
    """The tree of task groups and items in NHIỆM VỤ, GIẢI PHÁP, flattened with parent links."""
    out: list[Task] = []

    def walk(sec: Section, parent: str | None) -> None:
        tid = f"task-{sec.id}"
        out.append(Task(id=tid, parent=parent, number=sec.number, text=sec.title, is_group=True, source=sec.source))
        for i, p in enumerate(sec.paragraphs, start=1):
            out.append(Task(id=f"{tid}-{i}", parent=tid, number=p.marker, text=p.text, source=p.source))
        for child in sec.children:
            walk(child, tid)

    for sec in sections:
        if sec.kind == SectionKind.tasks:
            for i, p in enumerate(sec.paragraphs, start=1):
                out.append(Task(id=f"task-{sec.id}-{i}", parent=None, number=p.marker, text=p.text, source=p.source))
            for child in sec.children:
                walk(child, None)
    return out


def extract_funding(sections: list[Section]) -> list[FundingSource]:
    """Each leaf item of KINH PHÍ: numbered items without sub-items, bullets and paragraphs."""
    out: list[FundingSource] = []

    def walk(sec: Section, top: bool) -> None:
        if not top and not sec.children and not sec.paragraphs:
            out.append(FundingSource(text=sec.title, source=sec.source))
        for p in sec.paragraphs:
            out.append(FundingSource(text=p.text, source=p.source))
        for child in sec.children:
            walk(child, False)

    for sec in sections:
        if sec.kind == SectionKind.funding and sec.level == 1:
            walk(sec, True)
    return out


def _all_deadlines(resp_deadlines, row_deadlines, lay: Layout, file: str | None):
    """Every deadline of the plan once, in reading order: one phrase gives one deadline whichever passes read
    it (an agency's task, a task-table cell, any other line). The first reading keeps its agency and task."""
    out = []
    starts: list[int] = []  # the kept spans are disjoint: sorted by start, a new span can only overlap
    ends: list[int] = []  # its neighbours, found by bisection (a long line may state thousands of dates)
    passes = (_unique_deadlines(resp_deadlines), row_deadlines, _other_deadlines(lay, file))
    for found in passes:
        for d in found:
            s, e = d.source.start, d.source.end
            i = bisect.bisect_left(starts, e)
            if i > 0 and ends[i - 1] > s:
                continue  # the same statement, already read
            starts.insert(i, s)
            ends.insert(i, e)
            out.append(d)
    out.sort(key=lambda d: d.source.start)
    return out


def _anchor_task_deadlines(responsibilities: list[Responsibility], resp_deadlines, text: str):
    """The deadlines read in agencies' tasks, each moved onto its own words (in the agency's lists too)."""
    fixed = {id(d): _anchored(d, text) for d in resp_deadlines}
    for r in responsibilities:
        r.deadlines = [fixed.get(id(d)) or _anchored(d, text) for d in r.deadlines]
        for t in r.tasks:
            t.deadlines = [fixed.get(id(d)) or _anchored(d, text) for d in t.deadlines]
    return [fixed[id(d)] for d in resp_deadlines]


def _anchored(d, text: str, window: int = 2000):
    """A deadline whose span does not hold its words (a task read from part of a paragraph) is moved to the
    nearest place that does, so the same phrase read twice has one span."""
    s, e = d.source.start, d.source.end
    if s is None or e is None or text[s:e] == d.text or not d.text:
        return d
    lo = max(0, s - window)
    hits = [m.start() for m in regex.finditer(regex.escape(d.text), text[lo : s + window])]
    if not hits:
        return d
    best = min(hits, key=lambda h: abs(lo + h - s)) + lo
    return d.model_copy(update={"source": d.source.model_copy(update={"start": best, "end": best + len(d.text)})})


def _unique_deadlines(deadlines):
    """One entry per stated deadline; a deadline shared by several agencies of one heading names none."""
    by_span: dict = {}
    for d in deadlines:
        key = (d.source.start, d.source.end)
        if key in by_span:
            by_span[key] = by_span[key].model_copy(update={"agency": None, "task_id": None})
        else:
            by_span[key] = d
    return list(by_span.values())


def _other_deadlines(lay: Layout, file: str | None):
    """Deadlines in every line outside the header, title and signature: closing paragraph, task parts,
    preamble, table cells."""
    out = []
    skip = {id(x) for x in (*lay.header, *lay.title, *lay.tail)}
    for line in lay.lines:
        if id(line) in skip:
            continue
        out += find_deadlines(line.text, source_for(line, file))
    out.sort(key=lambda d: d.source.start)
    return out


def _table_deadlines(rows: list[dict] | None, lay: Layout, file: str | None):
    """Deadlines of task-table time cells, continuation rows included (a row under a merged task cell has a
    time cell of its own), each with the span of its cell's words in the text when they are there."""
    out = []
    for i, row in enumerate(rows or [], start=1):
        cell = str(row.get("deadline") or "").strip()
        if not (row.get("task") or "").strip() or not cell:
            continue
        src = _paragraph_source(lay, file, row.get("paragraph"))
        if src is None:
            continue
        src = narrow(src, lay.text, cell)
        out += [d.model_copy(update={"task_id": f"row-{i}"}) for d in cell_deadlines(" ".join(cell.split()), src)]
    return out


def _merge_task_rows(rows: list[dict], tasks: list[Task], responsibilities: list[Responsibility], lay: Layout, file):
    """Rows of appendix task tables become tasks, and their lead/coordinating agencies responsibilities."""
    by_agency = {match_key(r.agency_normalized): r for r in responsibilities}
    deadlines = []
    for i, row in enumerate(rows, start=1):
        text = (row.get("task") or "").strip()
        if not text:
            continue
        row_src = _paragraph_source(lay, file, row.get("paragraph"))
        if row_src is None:
            continue
        src = narrow(row_src, lay.text, text)  # each item's span covers its own cell's words
        people = row.get("lead_role") == "people"
        lead_written = person_names(row.get("lead")) if people else _agency_list(row.get("lead"))
        coord_written = _agency_list(row.get("coordinate"))
        lead = lead_written if people else [normalize_agency(a) for a in lead_written]
        coord = [normalize_agency(a) for a in coord_written]
        tid = f"row-{i}"
        row_dls = []
        if row.get("deadline") and not row.get("continuation"):
            time_src = narrow(row_src, lay.text, str(row["deadline"]))
            written = " ".join(str(row["deadline"]).split())
            row_dls = [
                d.model_copy(update={"source": time_src, "text": written})
                for d in cell_deadlines(str(row["deadline"]), time_src)
            ]
        deadlines += [d.model_copy(update={"task_id": tid}) for d in row_dls]
        tasks.append(
            Task(
                id=tid,
                number=str(row.get("stt") or "") or None,
                text=text,
                lead=lead,
                coordinate=coord,
                deadline=row.get("deadline"),
                product=row.get("product"),
                source=src,
            )
        )
        # A member named without a title is a coordinate party (GOLD_FORMAT: Thành viên → coordinate).
        lead_role = {"assigned": Role.assigned, "people": Role.coordinate}.get(row.get("lead_role"), Role.lead)
        parties = [(lead, lead_written, lead_role), (coord, coord_written, Role.coordinate)]
        team = _row_team(lay, file, row_src) if people and lead_written else None
        if team is not None:  # "PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC …" above the table: the team carries the task
            parties.append(([team[0]], [team[0]], Role.assigned))
        for names, written, role in parties:
            for name, as_written in zip(names, written):
                key = match_key(name)
                resp = by_agency.get(key)
                if resp is None:
                    name_src = (
                        team[1] if team is not None and name == team[0] else narrow(row_src, lay.text, as_written)
                    )
                    resp = Responsibility(
                        id=f"R{len(responsibilities) + 1:02d}",
                        agency=as_written,
                        agency_normalized=name,
                        role=role,
                        heading=None,
                        section="table",
                        source=name_src,
                    )
                    responsibilities.append(resp)
                    by_agency[key] = resp
                elif role == Role.lead and resp.role in (Role.assigned, Role.coordinate):
                    resp.role = Role.lead
                dls = [d.model_copy(update={"agency": name, "task_id": tid}) for d in row_dls]
                resp.tasks.append(
                    AssignedTask(id=f"{resp.id}.{len(resp.tasks) + 1}", text=text, role=role, deadlines=dls, source=src)
                )
    return tasks, responsibilities, deadlines


def _row_team(lay: Layout, file: str | None, row_src) -> tuple[str, object] | None:
    """The team named in the lines just above a table of members' tasks, with its span."""
    lines = [ln for ln in lay.lines if ln.start < row_src.start][-12:]
    for line in reversed(lines):
        found = team_named_in(line.text)
        if found:
            name, s, e = found
            src = source_for(line, file)
            return name, src.model_copy(update={"start": src.start + s, "end": src.start + e})
    return None


_VAGUE = regex.compile(r"(?:có\s+)?liên quan\s*$|^(?:theo|như|các đơn vị được giao)\b", regex.I)


def _agency_list(value) -> list[str]:
    """Agencies named in a task-table cell: one per line or ';', or per ',' where a new agency starts.
    Cells that name no particular agency ("Theo phân công tại …", "… có liên quan") give none."""
    if not value:
        return []
    out: list[str] = []
    for p in split_agency_list(str(value)):
        p = strip_lead_in(regex.sub(r"\s*\([^)]*\)", "", p).strip(" -+.;,"))
        if len(p) > 2 and looks_like_agency(p) and not _VAGUE.search(p):
            out.append(p)
    return out


def _sanity_warnings(plan: Plan, lay: Layout) -> None:
    """Say plainly when a document does not look like a plan, instead of returning an empty result."""
    if not plan.text.strip():
        plan.warnings.append(ExtractionWarning(code="empty", message="document has no text"))
        return
    if not plan.sections:
        plan.warnings.append(
            ExtractionWarning(
                code="no_sections", message="no numbered parts (I., II., 1., …) found: this may not be a plan"
            )
        )
    if plan.header.doc_type_code == "KH" or plan.header.doc_type is None:
        kinds = {s.kind for s in plan.sections}
        if plan.sections and SectionKind.goals not in kinds and SectionKind.purpose not in kinds:
            plan.warnings.append(ExtractionWarning(code="no_goals_part", message="no MỤC ĐÍCH/MỤC TIÊU part found"))
        if plan.sections and SectionKind.organisation not in kinds:
            plan.warnings.append(
                ExtractionWarning(code="no_organisation_part", message="no TỔ CHỨC THỰC HIỆN part found")
            )
    if plan.signer.name is None and plan.sections:
        plan.warnings.append(ExtractionWarning(code="no_signer", message="no signature block found at the end"))
