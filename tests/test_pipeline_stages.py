"""The pipeline as stages over one document: readers hand over blocks and table grids, the task-table stage reads
rows off the grids, one deadline stage collects every deadline, and nothing changes the reader's document."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from extract.blocks import Block, Document, Table, TableCell, TableRow
from extract.pipeline import extract_document
from extract.readers import read_document
from extract.task_tables import task_rows

ROOT = Path(__file__).resolve().parents[1]
TASK_DOCX = ROOT / "corpus" / "made" / "docx" / "task-table.docx"
SHARED = ROOT.parent / "shared" / "corpus"


def _grid_document() -> Document:
    """A plan with a task table written as a reader would hand it over: blocks plus the grid holding them."""
    blocks = [
        Block("KẾ HOẠCH"),
        Block("Triển khai công tác năm 2026"),
        Block("I. NHIỆM VỤ"),
        Block("Các đơn vị thực hiện theo phụ lục dưới đây, hoàn thành trước ngày 30/6/2026."),
    ]
    titles = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    body = [
        [
            "1",
            "Rà soát thủ tục hành chính",
            "Sở Tư pháp",
            "Văn phòng UBND tỉnh; các cơ quan có liên quan",
            "Quý II/2026",
        ],
        ["2", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Sở Tài chính", "Tháng 9/2026"],
        [None, None, "Sở Khoa học và Công nghệ", None, "Tháng 10/2026"],  # task merged from above
    ]
    rows: list[TableRow] = []
    for r, texts in enumerate([titles, *body], start=1):
        cells = []
        for c, text in enumerate(texts, start=1):
            cell_blocks = [] if text is None else [Block(text, zone="table", table=f"t1:r{r}:c{c}")]
            blocks.extend(cell_blocks)
            cells.append(TableCell(col=c, text=text, blocks=cell_blocks))
        rows.append(TableRow(cells))
    blocks.append(Block("II. TỔ CHỨC THỰC HIỆN"))
    blocks.append(Block("Sở Tư pháp chủ trì theo dõi, báo cáo kết quả trước ngày 15/12/2026."))
    for i, b in enumerate(blocks, start=1):
        b.paragraph = i
    return Document(path="<grid>", format="docx", blocks=blocks, tables=[Table(id="t1", rows=rows)])


def test_task_rows_from_a_grid():
    doc = _grid_document()
    rows = task_rows(doc.tables)
    assert [(r.stt, r.task, r.lead, r.deadline, r.continuation) for r in rows] == [
        ("1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Quý II/2026", False),
        ("2", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Tháng 9/2026", False),
        ("2", "Số hóa hồ sơ lưu trữ", "Sở Khoa học và Công nghệ", "Tháng 10/2026", True),
    ]
    by_par = {b.paragraph: b for b in doc.blocks}
    assert by_par[rows[0].paragraph].text == "Rà soát thủ tục hành chính"  # anchored at the task cell
    assert by_par[rows[2].paragraph].text == "Sở Khoa học và Công nghệ"  # merged task: the row's first block
    assert rows[2].coordinate == "Sở Tài chính"  # a covered cell takes the value above it
    assert task_rows([Table(id="t2", rows=[TableRow([TableCell(1, "Chỉ tiêu"), TableCell(2, "Số liệu")])])]) == []


def test_reader_document_is_left_as_read():
    doc = _grid_document()
    doc.blocks[3].text = "  Các đơn vị   thực hiện theo phụ lục dưới đây.  "  # text the pipeline cleans
    before = copy.deepcopy(doc)
    plan = extract_document(doc)
    assert doc == before
    assert "Các đơn vị thực hiện theo phụ lục dưới đây." in plan.text


def test_rows_become_tasks_and_deadlines_once():
    plan = extract_document(_grid_document())
    rows = {t.id: t for t in plan.tasks if t.id.startswith("row-")}
    assert [t.text for t in rows.values()] == [
        "Rà soát thủ tục hành chính",
        "Số hóa hồ sơ lưu trữ",
        "Số hóa hồ sơ lưu trữ",  # the merged row: its own lead and time
    ]
    assert rows["row-3"].lead == ["Sở Khoa học và Công nghệ"] and rows["row-3"].deadline == "Tháng 10/2026"
    for t in rows.values():
        assert plan.text[t.source.start : t.source.end] == t.text
    spans = [(d.source.start, d.source.end) for d in plan.deadlines]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # each phrase once
    table = {d.task_id: d for d in plan.deadlines if (d.task_id or "").startswith("row-")}
    assert set(table) == {"row-1", "row-2", "row-3"}  # the merged row's own time cell too
    assert (table["row-1"].month, table["row-1"].year) == (6, 2026)
    assert plan.text[table["row-3"].source.start : table["row-3"].source.end] == "Tháng 10/2026"
    assert any(d.text.endswith("15/12/2026") for d in plan.deadlines)  # prose deadlines in the same list
    # A cell part naming no particular body ("các cơ quan có liên quan") gives no responsibility.
    row1 = [r.agency for r in plan.responsibilities if any(t.text == "Rà soát thủ tục hành chính" for t in r.tasks)]
    assert row1 == ["Sở Tư pháp", "Văn phòng UBND tỉnh"]
    # The row's agency carries the time cell as its task's deadline: the same words, the same span.
    lead = next(r for r in plan.responsibilities if r.agency_normalized == "Sở Nội vụ")
    (dl,) = lead.tasks[0].deadlines
    assert (dl.text, dl.task_id, dl.agency) == ("Tháng 9/2026", "row-2", "Sở Nội vụ")
    assert (dl.source.start, dl.source.end) == (table["row-2"].source.start, table["row-2"].source.end)


MADE_PDF = ROOT / "corpus" / "made" / "pdf" / "ke-hoach-hai-cot.pdf"


PLANS = sorted((ROOT / "corpus" / "plans").glob("*.*"))


@pytest.mark.parametrize("path", [TASK_DOCX, MADE_PDF, *PLANS, *sorted(SHARED.glob("*.docx"))], ids=lambda p: p.name)
def test_real_documents_are_left_as_read(path):
    if not path.exists():
        pytest.skip(f"{path} is not here")
    doc = read_document(path)
    before = copy.deepcopy(doc)
    plan = extract_document(doc)
    assert doc == before
    rows = task_rows(doc.tables)
    made = [t for t in plan.tasks if t.id.startswith("row-")]
    assert len(made) <= len(rows) and bool(made) == bool(rows)
