"""The extraction pipeline: reader → blocks and table grids → layout (structure) → header, legal bases, targets,
tasks, responsibilities, task tables (`task_tables`, `row_assignments`), deadlines (`plan_deadlines`, once for the
whole plan), funding, tail → Plan. Each stage is a small function over the layout; none changes the reader's
document.

Extraction never fails on a readable document: what is not understood becomes a warning with its source.
"""

from __future__ import annotations

from pathlib import Path

from .anchors import paragraph_source
from .blocks import Document, clean_blocks
from .header import parse_header
from .legal import parse_legal_bases
from .model import (
    ExtractionWarning,
    FundingSource,
    Paragraph,
    Plan,
    Section,
    SectionKind,
    Task,
)
from .plan_deadlines import collect, read_time_cells
from .readers import read_document
from .responsibilities import extract_responsibilities, merge_heads
from .row_assignments import merge_task_rows
from .structure import Layout, Line, layout, source_for
from .tail import parse_tail
from .targets import extract_targets
from .task_tables import task_rows


def extract_file(path: str | Path) -> Plan:
    """Read and extract one file. Raises `ReadError` (one line, names the file) when it cannot be read."""
    doc = read_document(path)
    return extract_document(doc)


def extract_text(text: str, file: str | None = None) -> Plan:
    """Extract from text already in memory, as the text reader would read it from a file."""
    from .readers.text import blocks_from_text

    return extract_document(Document(path=file or "<text>", format="txt", blocks=blocks_from_text(text)))


def extract_document(doc: Document) -> Plan:
    """The stages over one document. The reader's document is left as read: the stages work on copies."""
    file = doc.path
    lay = layout(clean_blocks(doc.blocks), file)
    warnings: list[ExtractionWarning] = list(lay.warnings)
    for code, message, paragraph in doc.warnings:
        warnings.append(ExtractionWarning(code=code, message=message, source=paragraph_source(lay, file, paragraph)))
    header = parse_header(lay, file, warnings)
    targets, general_goal = extract_targets(lay.sections, header.title)
    responsibilities, resp_deadlines = extract_responsibilities(
        lay.sections, file, [_para(ln, file) for ln in lay.preamble], [_para(ln, file) for ln in lay.closing]
    )
    tasks = extract_tasks(lay.sections)
    rows = task_rows(doc.tables)
    time_cells = read_time_cells(rows, lay, file)
    if rows:
        tasks, responsibilities = merge_task_rows(rows, time_cells, tasks, responsibilities, lay, file)
    responsibilities = merge_heads(responsibilities)
    recipients, signer = parse_tail(lay.tail, file)
    if lay.own_tail:
        # The document's own signature comes before an attached document's; it wins when it is complete.
        own_recipients, own_signer = parse_tail(lay.own_tail, file)
        if own_signer.title and own_signer.name:
            recipients, signer = own_recipients, own_signer
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
        deadlines=collect(responsibilities, resp_deadlines, time_cells, lay, file),
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
