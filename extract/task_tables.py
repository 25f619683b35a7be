"""Appendix task tables: STT | Nhiệm vụ | Sản phẩm | Thời gian | Chủ trì | Phối hợp | Ghi chú.

A pipeline stage: `task_rows` reads the `Table`s every reader hands over (`extract.blocks`) and returns the
rows of those that are task tables as typed `TaskRow`s, each anchored at the paragraph of its task cell. Under
it, `parse_task_table` works on a bare grid of cell strings (merged cells repeated, or None — see `fill_merged`).

`lead_role` is "lead" when the agency column says chủ trì, "assigned" for a plain "Đơn vị thực hiện", "people"
for a "Người thực hiện" column that names a team's members.

Columns are recognised from their titles, accent- and case-insensitively ("Cơ quan chủ trì", "Đơn vị chủ
trì thực hiện", "Thời hạn hoàn thành", "TRÁCH NHIỆM THỰC HIỆN" …), over one or two header rows (a parent
title spanning "Chủ trì | Phối hợp" is read with each child). A row whose STT is a Roman numeral or a
letter and that fills only the content cell is a group heading; the rows under it carry its title in `group`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import regex

from .blocks import Table
from .normalize import clean_text, loose_key

LeadRole = Literal["lead", "assigned", "people"]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One row of a task table, its cells by role (empty cells None)."""

    stt: str | None
    task: str
    product: str | None
    deadline: str | None
    lead: str | None
    lead_role: LeadRole
    coordinate: str | None
    group: str | None  # title of the group heading row above it ("I. CẢI CÁCH THỂ CHẾ" gives "CẢI CÁCH THỂ CHẾ")
    group_stt: str | None
    note: str | None
    paragraph: int | None  # the reader's paragraph of the row's task cell (else of its first cell)
    page: int | None
    table: str | None  # "tN:rR:cC" of the task cell (1-based)
    continuation: bool  # the same STT and task as the row above: a task cell merged over several rows


ROLES = ("stt", "task", "product", "deadline", "lead", "coordinate", "note", "monitor")
_FIELDS = ("product", "deadline", "lead", "coordinate")


def _key(text: str | None) -> str:
    return loose_key(text or "")


@lru_cache(maxsize=256)
def _words_re(words: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(rf"(?<![a-z]){regex.escape(w)}(?![a-z])" for w in words))


def _has(key: str, *words: str) -> bool:
    return _words_re(words).search(key) is not None


@lru_cache(maxsize=4096)
def column_role(title: str | None) -> str | None:
    """The role of a column from its title, or None ("Ghi chú" is 'note', "Theo dõi, đôn đốc" 'monitor')."""
    key = _key(title)
    if not key:
        return None
    compact = key.replace(" ", "").replace(".", "")
    if (
        compact in ("stt", "tt", "sott", "sothutu", "thutu", "so")
        or regex.match(r"^(stt|tt)\b", key)
        and len(key) <= 12
    ):
        return "stt"
    if key.startswith("ghi chu"):
        return "note"
    if _has(key, "chu tri") and _has(key, "phoi hop"):
        return None  # "Vai trò (Chủ trì/Phối hợp)": a per-row role, not an agency column
    if _has(key, "phoi hop"):
        return "coordinate"
    if _has(key, "theo doi", "don doc", "giam sat"):
        return "monitor"
    if _has(key, "chu tri"):
        return "lead"
    if _has(key, "thoi gian", "thoi han", "moc thoi gian", "thoi diem", "nam thuc hien", "han hoan thanh") or (
        _has(key, "tien do") and not _has(key, "vuot", "cham")
    ):
        return "deadline"
    if _has(key, "san pham", "ket qua du kien", "ket qua dau ra", "hinh thuc van ban", "dau ra"):
        return "product"
    if _has(
        key,
        "trach nhiem",
        "co quan thuc hien",
        "don vi thuc hien",
        "nguoi thuc hien",
        "bo phan thuc hien",
        "co quan, don vi thuc hien",
        "phan cong",
        "co quan tham muu",
        "don vi tham muu",
        "co quan, don vi",
        "don vi",
        "co quan",
        "to chuc thuc hien",
    ):
        return "lead"
    if _has(key, "hoan thanh"):
        return "deadline"
    if _has(
        key,
        "noi dung",
        "nhiem vu",
        "cong viec",
        "hoat dong",
        "giai phap",
        "ten de an",
        "ten du an",
        "danh muc",
        "chuong trinh",
        "de an",
        "du an",
        "muc tieu",
    ):
        return "task"
    return None


def _roles(cells: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, cell in enumerate(cells):
        role = column_role(cell)
        if role and role not in out:
            out[role] = i
    return out


def _is_task_header(roles: dict[str, int]) -> bool:
    return "task" in roles and any(r in roles for r in ("lead", "coordinate", "deadline"))


_NUMBERING_CELL = regex.compile(r"^\(?([0-9]{1,2}|[A-Za-z])\)?\.?$")


def _is_column_numbers(cells: Sequence[str]) -> bool:
    """The "(1) (2) (3)" or "1 2 3" row under a header."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(_NUMBERING_CELL.match(c) for c in filled) and len(set(filled)) == len(filled)


def find_header(rows: Sequence[Sequence[str]], max_start: int = 3) -> tuple[dict[str, int], int] | None:
    """(role → column, first data row) for a task table, or None when the table is something else."""
    for start in range(min(max_start, len(rows))):
        first = [clean_text(c or "").strip() for c in rows[start]]
        roles = _roles(first)
        data = start + 1
        # Two-row header: a parent title over child titles ("Cơ quan thực hiện" over "Chủ trì | Phối hợp").
        if data < len(rows):
            second = [clean_text(c or "").strip() for c in rows[data]]
            child_roles = _roles(second)
            if child_roles and not any(_looks_stt(c) for c in second[:1]) and not _is_column_numbers(second):
                combined = [a if a == b else f"{a} {b}".strip() for a, b in zip(first, second, strict=False)]
                comb_roles = _roles(combined)
                if _is_task_header(comb_roles) and len(comb_roles) >= len(roles):
                    roles, data = comb_roles, data + 1
        if _is_task_header(roles):
            while data < len(rows) and _is_column_numbers([clean_text(c or "").strip() for c in rows[data]]):
                data += 1
            return roles, data
    return None


def is_task_table(rows: Sequence[Sequence[str]]) -> bool:
    return find_header(rows) is not None


def fill_merged(rows: Sequence[Sequence[str | None]]) -> list[list[str]]:
    """Repeat merged values: a None cell takes the value above it (vertical merge), else the one on its left.

    For readers (PDF) that mark cells covered by a merge with None. Rows are padded to the widest row.
    """
    width = max((len(r) for r in rows), default=0)
    out: list[list[str]] = []
    for ri, row in enumerate(rows):
        new: list[str] = []
        for ci in range(width):
            val = row[ci] if ci < len(row) else None
            if val is None:
                if ri > 0 and ci < len(out[ri - 1]) and out[ri - 1][ci]:
                    val = out[ri - 1][ci]
                elif ci > 0:
                    val = new[ci - 1]
                else:
                    val = ""
            new.append(val)
        out.append(new)
    return out


_ROMAN = regex.compile(r"^(?=[IVXLCDM])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})[.)]?$")
_LETTER = regex.compile(r"^[A-Za-zĐđ][.)]?$")
_DECIMAL = regex.compile(r"^\d{1,3}(\.\d{1,3})*[.)]?$")
_LEADING_LABEL = regex.compile(
    r"^(?P<label>(?:[IVXLCDM]+|[A-Za-zĐđ]|\d{1,3}(?:\.\d{1,3})*)[.)])\s+(?P<text>\S.*)$", regex.S
)


def _looks_stt(text: str) -> bool:
    t = text.strip()
    return bool(t) and bool(_ROMAN.match(t) or _LETTER.match(t) or _DECIMAL.match(t))


def _stt_core(stt: str) -> str:
    return stt.strip().rstrip(".)")


def parse_task_table(
    rows: Sequence[Sequence[str | None]],
    paragraphs: Sequence[int | None] | None = None,
    pages: Sequence[int | None] | None = None,
    table_id: str | None = None,
) -> list[TaskRow]:
    """Task rows of one grid (empty list when it is not a task table).

    `rows`: cell strings per row, merged cells repeated (None cells are filled by `fill_merged`);
    `paragraphs` / `pages`: for each row, the paragraph (block) index and page it starts on;
    `table_id`: "tN" to give each row a "table" position "tN:rR:cC" (its task cell, 1-based).
    """
    return [
        replace(
            row,
            paragraph=paragraphs[ri] if paragraphs is not None and ri < len(paragraphs) else None,
            page=pages[ri] if pages is not None and ri < len(pages) else None,
        )
        for ri, _, row in _parse_grid(rows, table_id)
    ]


def task_rows(tables: Sequence[Table]) -> list[TaskRow]:
    """The rows of every task table among a document's tables, in reading order, each anchored at the first
    block of its task cell (a row whose task cell is merged from above: its first block)."""
    out: list[TaskRow] = []
    for table in tables:
        grid = [[cell.text for cell in row.cells] for row in table.rows]
        for ri, task_col, row in _parse_grid(grid, table.id):
            block = table.rows[ri].first_block(task_col + 1)
            page = block.page if block is not None and block.page is not None else table.rows[ri].page
            out.append(replace(row, paragraph=block.paragraph if block is not None else None, page=page))
    return out


def _parse_grid(rows: Sequence[Sequence[str | None]], table_id: str | None) -> list[tuple[int, int, TaskRow]]:
    """(grid row index, task column index, row without paragraph and page) for each task row of a grid."""
    if not rows:
        return []
    grid = fill_merged(rows) if any(c is None for r in rows for c in r) else [list(r) for r in rows]
    cells = [[clean_text(c or "").strip() for c in r] for r in grid]
    found = find_header(cells)
    if found is None:
        return []
    roles, first = found
    width = max(len(r) for r in cells)
    # "Cơ quan chủ trì" names leads; a plain "Đơn vị thực hiện" column names bodies given the task, no role.
    lead_col = roles.get("lead")
    lead_title = " ".join(r[lead_col] for r in cells[:first] if lead_col is not None and lead_col < len(r))
    lead_role: LeadRole = "lead" if lead_col is None or _has(_key(lead_title), "chu tri") else "assigned"
    if _has(_key(lead_title), "nguoi thuc hien", "can bo thuc hien", "thanh vien"):
        lead_role = "people"  # names of a team's members, not agencies

    def cell(row: list[str], role: str) -> str:
        i = roles.get(role)
        return row[i] if i is not None and i < len(row) else ""

    out: list[tuple[int, int, TaskRow]] = []
    group: str | None = None
    group_stt: str | None = None
    prev_key: tuple[str, str] | None = None
    body = cells[first:]
    task_col = roles.get("task", 0)
    for offset, row in enumerate(body):
        ri = first + offset
        row = row + [""] * (width - len(row))
        filled = [c for c in row if c]
        if not filled or _is_column_numbers(row):
            continue
        stt, task = cell(row, "stt"), cell(row, "task")
        fields = {f: cell(row, f) for f in _FIELDS}
        # A title spanning the whole row ("I. CẢI CÁCH THỂ CHẾ" over every column).
        if len(set(filled)) == 1 and len(filled) >= 2 and len(filled) == len(row):
            m = _LEADING_LABEL.match(filled[0])
            group_stt, group = (_stt_core(m.group("label")), m.group("text").strip()) if m else (None, filled[0])
            prev_key = None
            continue
        if stt and task == stt:  # STT and content merged: a heading written across both
            m = _LEADING_LABEL.match(stt)
            if not any(fields.values()):
                group_stt, group = (_stt_core(m.group("label")), m.group("text").strip()) if m else (None, stt)
                prev_key = None
                continue
        is_heading = bool(task) and not any(fields.values())
        if is_heading and stt and (_ROMAN.match(stt) or _LETTER.match(stt)):
            group_stt, group = _stt_core(stt), task
            prev_key = None
            continue
        if is_heading and stt and _DECIMAL.match(stt):
            # "1" with only content, followed by "1.1", "1.2": a sub-group.
            nxt = next((r for r in body[offset + 1 :] if any(r)), None)
            nxt_stt = cell(nxt, "stt") if nxt else ""
            if nxt_stt and _stt_core(nxt_stt).startswith(_stt_core(stt) + "."):
                group_stt, group = _stt_core(stt), task
                prev_key = None
                continue
        if not task:
            continue
        key = (stt, task)
        continuation = prev_key == key
        prev_key = key
        out.append(
            (
                ri,
                task_col,
                TaskRow(
                    stt=stt or None,
                    task=task,
                    product=fields["product"] or None,
                    deadline=fields["deadline"] or None,
                    lead=fields["lead"] or None,
                    lead_role=lead_role,
                    coordinate=fields["coordinate"] or None,
                    group=group,
                    group_stt=group_stt,
                    note=cell(row, "note") or None,
                    paragraph=None,
                    page=None,
                    table=f"{table_id}:r{ri + 1}:c{task_col + 1}" if table_id else None,
                    continuation=continuation,
                ),
            )
        )
    return out
