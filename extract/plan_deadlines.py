"""The deadline stage: every deadline of the plan, read once from each place a plan states one.

Three places: the agencies' tasks (read by the responsibilities stage with their agency and task), the time
cells of task tables (`read_time_cells`, shared with the table-task stage so a row's assigned tasks carry the
same readings) and every other line of the body (`find_deadlines`). `collect` merges them so one phrase gives one
deadline, the first reading keeping its agency and task.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .anchors import paragraph_source
from .deadlines import cell_deadlines, find_deadlines
from .model import Deadline, Responsibility, Source
from .spans import narrow
from .structure import Layout, source_for
from .task_tables import TaskRow


@dataclass(frozen=True, slots=True)
class TimeCell:
    """The time cell of one task-table row as read: its words, their span and the deadlines they state."""

    text: str  # the cell's words, whitespace runs joined
    source: Source  # span of those words in the plan's text (the row's start when they are not found)
    deadlines: list[Deadline]


def row_task_id(index: int) -> str:
    """The task id of the `index`-th (1-based) task-table row, shared by its task and its deadlines."""
    return f"row-{index}"


def read_time_cells(rows: Sequence[TaskRow], lay: Layout, file: str | None) -> dict[int, TimeCell]:
    """Time cells of task-table rows by row index (1-based), continuation rows included (a row under a merged
    task cell has a time cell of its own); rows with no task, no time or no place in the text give none."""
    out: dict[int, TimeCell] = {}
    for i, row in enumerate(rows, start=1):
        cell = (row.deadline or "").strip()
        if not row.task.strip() or not cell:
            continue
        src = paragraph_source(lay, file, row.paragraph)
        if src is None:
            continue
        src = narrow(src, lay.text, cell)
        text = " ".join(cell.split())
        out[i] = TimeCell(text=text, source=src, deadlines=cell_deadlines(text, src))
    return out


def collect(
    responsibilities: list[Responsibility],
    resp_deadlines: list[Deadline],
    time_cells: dict[int, TimeCell],
    lay: Layout,
    file: str | None,
) -> list[Deadline]:
    """Every deadline of the plan once, in reading order. The agencies' own lists are re-anchored in place so
    the same phrase has one span wherever it is listed."""
    table = [d.model_copy(update={"task_id": row_task_id(i)}) for i, cell in time_cells.items() for d in cell.deadlines]
    found = (_unique(_anchor_task_deadlines(responsibilities, resp_deadlines, lay.text)), table, _other(lay, file))
    out: list[Deadline] = []
    starts: list[int] = []  # the kept spans are disjoint: sorted by start, a new span can only overlap
    ends: list[int] = []  # its neighbours, found by bisection (a long line may state thousands of dates)
    for deadlines in found:
        for d in deadlines:
            s, e = d.source.start, d.source.end
            i = bisect.bisect_left(starts, e)
            if i > 0 and ends[i - 1] > s:
                continue  # the same statement, already read
            starts.insert(i, s)
            ends.insert(i, e)
            out.append(d)
    out.sort(key=_start)
    return out


def _start(d: Deadline) -> int:
    return d.source.start


def _anchor_task_deadlines(
    responsibilities: list[Responsibility], resp_deadlines: list[Deadline], text: str
) -> list[Deadline]:
    """The deadlines read in agencies' tasks, each moved onto its own words (in the agency's lists too)."""
    fixed = {id(d): _anchored(d, text) for d in resp_deadlines}
    for r in responsibilities:
        r.deadlines = [fixed.get(id(d)) or _anchored(d, text) for d in r.deadlines]
        for t in r.tasks:
            t.deadlines = [fixed.get(id(d)) or _anchored(d, text) for d in t.deadlines]
    return [fixed[id(d)] for d in resp_deadlines]


def _anchored(d: Deadline, text: str, window: int = 2000) -> Deadline:
    """A deadline whose span does not hold its words (a task read from part of a paragraph) is moved to the
    nearest place that does, so the same phrase read twice has one span."""
    s, e = d.source.start, d.source.end
    if text[s:e] == d.text or not d.text:
        return d
    lo = max(0, s - window)
    hits = [m.start() for m in regex.finditer(regex.escape(d.text), text[lo : s + window])]
    if not hits:
        return d
    best = min(hits, key=lambda h: abs(lo + h - s)) + lo
    return d.model_copy(update={"source": d.source.model_copy(update={"start": best, "end": best + len(d.text)})})


def _unique(deadlines: list[Deadline]) -> list[Deadline]:
    """One entry per stated deadline; a deadline shared by several agencies of one heading names none."""
    by_span: dict[tuple[int, int], Deadline] = {}
    for d in deadlines:
        key = (d.source.start, d.source.end)
        if key in by_span:
            by_span[key] = by_span[key].model_copy(update={"agency": None, "task_id": None})
        else:
            by_span[key] = d
    return list(by_span.values())


def _other(lay: Layout, file: str | None) -> list[Deadline]:
    """Deadlines in every line outside the header, title and signature: closing paragraph, task parts,
    preamble, table cells."""
    out: list[Deadline] = []
    skip = {id(x) for x in (*lay.header, *lay.title, *lay.tail)}
    for line in lay.lines:
        if id(line) in skip:
            continue
        out += find_deadlines(line.text, source_for(line, file))
    out.sort(key=_start)
    return out
