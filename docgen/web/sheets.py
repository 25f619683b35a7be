"""The targets and tasks of a plan as one .xlsx: the two CSV exports (`extract.export`), one sheet each."""

from __future__ import annotations

import csv
import io

# column titles of the CSV contract, as a clerk reads them in Excel
TITLES = {
    "id": "Mã",
    "section": "Mục",
    "indicator": "Chỉ tiêu",
    "value": "Giá trị",
    "value_max": "Giá trị tối đa",
    "unit": "Đơn vị tính",
    "qualifier": "Mức yêu cầu",
    "year": "Năm",
    "source": "Vị trí trong văn bản",
    "agency": "Cơ quan (như văn bản ghi)",
    "agency_normalized": "Cơ quan (chuẩn hóa)",
    "role": "Vai trò",
    "task": "Nhiệm vụ",
    "deadline": "Thời hạn",
}


def _where(label: str) -> str:
    """`Source.label()` in words: `page 3` -> `trang 3`, `p12` -> `đoạn 12`."""
    if label.startswith("page "):
        return "trang " + label[5:]
    if label[:1] == "p" and label[1:].isdigit():
        return "đoạn " + label[1:]
    return label


def plan_xlsx(targets_csv: str, responsibilities_csv: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from extract.cells import append_row

    from . import vi

    wb = Workbook()
    wb.remove(wb.active)
    for title, text in (("Chỉ tiêu", targets_csv), ("Nhiệm vụ", responsibilities_csv)):
        ws = wb.create_sheet(title)
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            continue
        cols = rows[0]
        ws.append([TITLES.get(c, c) for c in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[1:]:
            append_row(
                ws, [vi.role(v) if c == "role" else _where(v) if c == "source" else v for c, v in zip(cols, row)]
            )
        for i, c in enumerate(cols, start=1):
            width = 60 if c in ("indicator", "task") else 28 if c.startswith("agency") else 12
            ws.column_dimensions[ws.cell(1, i).column_letter].width = width
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
