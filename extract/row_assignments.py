"""Assignments from task-table rows: rows of task tables become tasks, and the agencies (or people) they name become
responsibilities carrying those tasks and the deadlines of the rows' time cells."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from . import lexicon
from .agencies import looks_like_agency, normalize_agency, split_agency_list, strip_lead_in
from .anchors import paragraph_source
from .lexicon import starts_with_any
from .model import AssignedTask, Deadline, Responsibility, Role, Source, Task
from .normalize import match_key
from .plan_deadlines import TimeCell, row_task_id
from .resp_forms import person_names, team_named_in
from .spans import narrow
from .structure import Layout, source_for
from .task_tables import TaskRow

# A member named without a title is a coordinate party (GOLD_FORMAT: Thành viên → coordinate).
_PARTY_ROLE = {"lead": Role.lead, "assigned": Role.assigned, "people": Role.coordinate}


def merge_task_rows(
    rows: Sequence[TaskRow],
    time_cells: dict[int, TimeCell],
    tasks: list[Task],
    responsibilities: list[Responsibility],
    lay: Layout,
    file: str | None,
) -> tuple[list[Task], list[Responsibility]]:
    """The tasks and responsibilities with the rows' added: a row's lead and coordinating agencies get it as an
    assigned task (an agency already named in the text gets it in its own entry)."""
    tasks, responsibilities = list(tasks), list(responsibilities)
    by_agency = {match_key(r.agency_normalized): r for r in responsibilities}
    for i, row in enumerate(rows, start=1):
        text = row.task.strip()
        if not text:
            continue
        row_src = paragraph_source(lay, file, row.paragraph)
        if row_src is None:
            continue
        src = narrow(row_src, lay.text, text)  # each item's span covers its own cell's words
        people = row.lead_role == "people"
        lead_written = person_names(row.lead) if people else _agency_list(row.lead)
        coord_written = _agency_list(row.coordinate)
        lead = lead_written if people else [normalize_agency(a) for a in lead_written]
        coord = [normalize_agency(a) for a in coord_written]
        tid = row_task_id(i)
        cell = time_cells.get(i) if not row.continuation else None
        tasks.append(
            Task(
                id=tid,
                number=row.stt or None,
                text=text,
                lead=lead,
                coordinate=coord,
                deadline=row.deadline,
                product=row.product,
                source=src,
            )
        )
        parties = [(lead, lead_written, _PARTY_ROLE[row.lead_role]), (coord, coord_written, Role.coordinate)]
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
                resp.tasks.append(
                    AssignedTask(
                        id=f"{resp.id}.{len(resp.tasks) + 1}",
                        text=text,
                        role=role,
                        deadlines=_cell_deadlines(cell, name, tid),
                        source=src,
                    )
                )
    return tasks, responsibilities


def _cell_deadlines(cell: TimeCell | None, agency: str, task_id: str) -> list[Deadline]:
    """A row's deadlines as one agency's: the whole time cell is the evidence (its words, its span)."""
    if cell is None:
        return []
    update = {"source": cell.source, "text": cell.text, "agency": agency, "task_id": task_id}
    return [d.model_copy(update=update) for d in cell.deadlines]


def _row_team(lay: Layout, file: str | None, row_src: Source) -> tuple[str, Source] | None:
    """The team named in the lines just above a table of members' tasks, with its span."""
    lines = [ln for ln in lay.lines if ln.start < row_src.start][-12:]
    for line in reversed(lines):
        found = team_named_in(line.text)
        if found:
            name, s, e = found
            src = source_for(line, file)
            return name, src.model_copy(update={"start": src.start + s, "end": src.start + e})
    return None


def _vague(name: str) -> bool:
    """A cell part that names no particular agency (vocab: vague_cell_leads, vague_cell_tails)."""
    key = match_key(name)
    tails = lexicon.key_list("vocab", "vague_cell_tails")
    return starts_with_any(key, lexicon.key_list("vocab", "vague_cell_leads")) is not None or key.endswith(tails)


def _agency_list(value: str | None) -> list[str]:
    """Agencies named in a task-table cell: one per line or ';', or per ',' where a new agency starts.
    Cells that name no particular agency ("Theo phân công tại …", "… có liên quan") give none."""
    if not value:
        return []
    out: list[str] = []
    for p in split_agency_list(value):
        p = strip_lead_in(regex.sub(r"\s*\([^)]*\)", "", p).strip(" -+.;,"))
        if len(p) > 2 and looks_like_agency(p) and not _vague(p):
            out.append(p)
    return out
