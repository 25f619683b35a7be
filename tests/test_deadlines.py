"""Deadline phrases as plans write them: one-off dates, recurring dates, months, task-table cells."""

from __future__ import annotations

import pytest

from extract.deadlines import cell_deadlines, find_deadlines
from extract.model import Source


def read(text: str) -> list[tuple]:
    return [
        (str(getattr(d.recurrence, "value", d.recurrence)), d.day, d.month, d.year)
        for d in find_deadlines(text, Source(start=0, end=len(text)))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Báo cáo kết quả về Sở Nội vụ trước ngày 15/12 hằng năm.", [("yearly", 15, 12, None)]),
        ("Hoàn thành trước ngày 20 tháng 11 năm 2025.", [("once", 20, 11, 2025)]),
        ("Tổng hợp, báo cáo trước ngày 05 hằng tháng.", [("monthly", 5, None, None)]),
        ("Triển khai sáng kiến và báo cáo kết quả chậm nhất trong tháng 9 hằng năm.", [("yearly", None, 9, None)]),
        ("Tổ chức sơ kết trong tháng 6 hàng năm.", [("yearly", None, 6, None)]),
        ("Hoàn thành trong tháng 3/2026.", [("once", None, 3, 2026)]),
        ("Căn cứ Nghị quyết số 14-NQ/TU ngày 13/5/2024 của Ban Chấp hành Đảng bộ tỉnh.", []),  # a citation
        ("Phấn đấu đến năm 2030 có 80% lao động qua đào tạo.", []),  # a horizon, not a deadline
        ("Các đơn vị xây dựng Kế hoạch trong Quý I/2026 để tổ chức thực hiện.", [("once", None, 3, 2026)]),
        ("Hoàn thành và đưa Trung tâm vào hoạt động trong quý II năm 2026.", [("once", None, 6, 2026)]),
        ("b) Quý I/2027, các cơ quan đánh giá kết quả và xét khen thưởng.", [("once", None, 3, 2027)]),
        ("Tổng hợp kết quả quý I/2026 của các đơn vị.", []),  # a reporting period, not a deadline
        ("Gửi hồ sơ về Sở Nội vụ trước ngày 15/3.", [("once", 15, 3, None)]),
        ("Xong trong tháng 6/2026.", [("once", None, 6, 2026)]),
        ("Trước ngày 05 của tháng liền kề.", [("monthly", 5, None, None)]),
        ("Thống kê số liệu từ ngày 14/7/2011 đến ngày 15/9/2025, trong đó lưu ý đánh giá.", []),  # a period
        (
            "Sở Nội vụ định kỳ tổng hợp, báo cáo kết quả thực hiện cho Ủy ban nhân dân tỉnh.",
            [("periodic", None, None, None)],
        ),
        ("Báo cáo định kỳ theo thời gian quy định; thực hiện hằng năm.", [("periodic", None, None, None)]),
        (
            "Định kỳ 6 tháng, hàng năm, Sở tổ chức sơ kết; sơ kết 3 năm và báo cáo Tỉnh ủy.",
            [("half_yearly", None, None, None), ("yearly", None, None, None)],
        ),
        ("100% các biểu mẫu báo cáo định kỳ được tạo từ e-form.", []),  # 'báo cáo' as a noun: no duty
        (
            "Định kỳ báo cáo kết quả gửi về Sở Nội vụ làm tài liệu xác định Chỉ số CCHC hằng năm.",
            [("periodic", None, None, None)],
        ),
        (
            "Riêng các đơn vị sự nghiệp, hằng quý có ít nhất 01 tin, bài gửi đăng trên Trang thông tin.",
            [("quarterly", None, None, None)],
        ),
        ("Tổng kết giai đoạn 2013-2015 vào năm 2015.", [("once", None, None, 2015)]),
        ("3. Thời gian thực hiện: Tháng 11, 12/2013 và bổ sung hàng năm.", [("once", None, 12, 2013)]),
        (
            "3. Thời gian thực hiện: 6 tháng, hằng năm và định kỳ.",
            [("half_yearly", None, None, None), ("yearly", None, None, None), ("periodic", None, None, None)],
        ),
        ("4. Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo.", []),  # a period
    ],
)
def test_prose_deadlines(text, expected):
    assert read(text) == expected


def test_evidence_span_is_the_phrase():
    text = "Các đơn vị báo cáo kết quả chậm nhất trong tháng 9 hằng năm để tổng hợp."
    (d,) = find_deadlines(text, Source(start=100, end=100 + len(text)))
    assert text[d.source.start - 100 : d.source.end - 100] == d.text == "trong tháng 9 hằng năm"


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("b) Quý I/2027, các cơ quan, đơn vị đánh giá kết quả thực hiện phong trào thi đua.", "Quý I/2027"),
        ("- Quý II năm 2026: tổ chức sơ kết.", "Quý II năm 2026"),
        ("Các đơn vị xây dựng Kế hoạch trong Quý I/2026 để tổ chức thực hiện.", "trong Quý I/2026"),
    ],
)
def test_quarter_span_leaves_out_the_point_marker(text, phrase):
    """A quarter opening a point is read; its evidence is the quarter, not the 'b)' or '-' that numbers the point."""
    (d,) = find_deadlines(text, Source(start=100, end=100 + len(text)))
    assert text[d.source.start - 100 : d.source.end - 100] == d.text == phrase


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Quý II/2026", [("once", None, 6, 2026)]),
        ("Tháng 1 hằng năm", [("yearly", None, 1, None)]),
        ("Năm 2026", [("once", None, None, 2026)]),
        ("Thường xuyên", []),
        ("15/4/2026", [("once", 15, 4, 2026)]),
        ("Trước ngày 05 của tháng liền kề", [("monthly", 5, None, None)]),
    ],
)
def test_task_table_cells(cell, expected):
    got = [
        (str(getattr(d.recurrence, "value", d.recurrence)), d.day, d.month, d.year)
        for d in cell_deadlines(cell, Source())
    ]
    assert got == expected


def test_cell_deadline_span_is_the_cell_words():
    cell = "Ban hành kế hoạch chậm nhất là ngày 15/4/2026 và tổ chức thực hiện"
    text = "xxxx " + cell
    (d,) = cell_deadlines(cell, Source(start=5, end=len(text)))
    assert text[d.source.start : d.source.end] == d.text == "chậm nhất là ngày 15/4/2026"
    (bare,) = cell_deadlines("15/4/2026", Source(start=5, end=14))
    assert (bare.source.start, bare.source.end) == (5, 14) and not bare.text.startswith("trước")


PLAN = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 12/KH-UBND
An Giang, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Tổng kết công tác phòng, chống ma túy
Căn cứ Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Ủy ban nhân dân tỉnh;
I. MỤC ĐÍCH, YÊU CẦU
Tổng kết giai đoạn 2021-2025.
II. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành và Ủy ban nhân dân cấp xã tổ chức tổng kết, gửi báo cáo về Công an tỉnh trước ngày 25/10/2025.
2. Công an tỉnh tổng hợp, báo cáo Ủy ban nhân dân tỉnh trong Quý IV/2025.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def test_one_phrase_one_deadline_across_passes():
    from extract import extract_text

    plan = extract_text(PLAN)
    got = sorted(((d.day, d.month, d.year) for d in plan.deadlines), key=repr)
    assert got == sorted(
        [(None, 12, 2025), (25, 10, 2025)], key=repr
    )  # not the cited decision's date, not the plan's own
    for d in plan.deadlines:
        assert plan.text[d.source.start : d.source.end] == d.text


LABELLED_TASK = """KẾ HOẠCH
Tìm kiếm, quy tập hài cốt liệt sĩ
I. NỘI DUNG, NHIỆM VỤ
1. CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN
a) Nội dung, biện pháp
- Tổ chức hội nghị quán triệt.
b) Cơ quan chủ trì
- Ban Chỉ đạo các tỉnh.
c) Thời gian thực hiện: Tháng 12/2013 và thường xuyên.
"""


def test_labelled_time_of_a_task_is_the_listed_agencys_deadline():
    """'Thời gian thực hiện: Tháng 12/2013' under a task whose agencies are listed under a label: the bare month
    is read like the line itself reads it (a labelled time needs no 'trước'/'trong'), and goes with the task."""
    from extract import extract_text

    plan = extract_text(LABELLED_TASK)
    (r,) = plan.responsibilities
    (task,) = r.tasks
    assert [(d.month, d.year, d.agency) for d in task.deadlines] == [(12, 2013, "Ban Chỉ đạo các tỉnh")]
    assert plan.text[task.deadlines[0].source.start : task.deadlines[0].source.end] == "Tháng 12/2013"


@pytest.mark.parametrize(
    "text, expected",
    [
        # A task's schedule in its closing remark.
        ("Rà soát, sửa đổi quy chế phối hợp liên ngành (trong năm 2027).", [("once", None, None, 2027)]),
        (
            "Tổ chức tập huấn cho cán bộ cấp xã (Quý III/2026, Quý II/2027 và thường xuyên).",
            [("once", None, 9, 2026), ("once", None, 6, 2027)],
        ),
        ("Kiện toàn tổ công tác các cấp (năm 2026 và kiện toàn thường xuyên).", [("once", None, None, 2026)]),
        # A year in a remark after a figure dates the figure; it is no schedule.
        ("Tỷ lệ hộ dân dùng nước sạch đạt 92% (năm 2025).", []),
        # 'báo cáo viên' is a person: the yearly count of sessions is how often, not a reporting duty.
        ("Mỗi năm tổ chức ít nhất 2 buổi tập huấn cho đội ngũ báo cáo viên, tuyên truyền viên.", []),
        # One reporting duty, its period named again inside the report's name.
        (
            "Định kỳ tổng hợp, báo cáo Sở Nội vụ (lồng ghép trong Báo cáo công tác định kỳ).",
            [("periodic", None, None, None)],
        ),
    ],
)
def test_schedule_remarks_and_report_nouns(text, expected):
    assert read(text) == expected
