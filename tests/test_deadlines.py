"""Deadline phrases as plans write them: one-off dates, recurring dates, months, task-table cells."""

from __future__ import annotations

import pytest

from extract.deadlines import cell_deadlines, find_deadlines
from extract.model import Source


def read(text: str) -> list[tuple]:
    return [(str(getattr(d.recurrence, "value", d.recurrence)), d.day, d.month, d.year) for d in find_deadlines(text, Source(start=0, end=len(text)))]


@pytest.mark.parametrize("text, expected", [
    ("Báo cáo kết quả về Sở Nội vụ trước ngày 15/12 hằng năm.", [("yearly", 15, 12, None)]),
    ("Hoàn thành trước ngày 20 tháng 11 năm 2025.", [("once", 20, 11, 2025)]),
    ("Tổng hợp, báo cáo trước ngày 05 hằng tháng.", [("monthly", 5, None, None)]),
    ("Triển khai sáng kiến và báo cáo kết quả chậm nhất trong tháng 9 hằng năm.", [("yearly", None, 9, None)]),
    ("Tổ chức sơ kết trong tháng 6 hàng năm.", [("yearly", None, 6, None)]),
    ("Hoàn thành trong tháng 3/2026.", [("once", None, 3, 2026)]),
    ("Căn cứ Nghị quyết số 14-NQ/TU ngày 13/5/2024 của Ban Chấp hành Đảng bộ tỉnh.", []),  # a citation
    ("Phấn đấu đến năm 2030 có 80% lao động qua đào tạo.", []),  # a horizon, not a deadline
])
def test_prose_deadlines(text, expected):
    assert read(text) == expected


def test_evidence_span_is_the_phrase():
    text = "Các đơn vị báo cáo kết quả chậm nhất trong tháng 9 hằng năm để tổng hợp."
    (d,) = find_deadlines(text, Source(start=100, end=100 + len(text)))
    assert text[d.source.start - 100:d.source.end - 100] == d.text == "trong tháng 9 hằng năm"


@pytest.mark.parametrize("cell, expected", [
    ("Quý II/2026", [("once", None, 6, 2026)]),
    ("Tháng 1 hằng năm", [("yearly", None, 1, None)]),
    ("Năm 2026", [("once", None, None, 2026)]),
    ("Thường xuyên", []),
])
def test_task_table_cells(cell, expected):
    got = [(str(getattr(d.recurrence, "value", d.recurrence)), d.day, d.month, d.year) for d in cell_deadlines(cell, Source())]
    assert got == expected
