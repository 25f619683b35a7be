"""Targets as plans write them: several per sentence, own years, yearly rates, counts with units, tasks
inside the goals part, headline figures in the purpose part."""

from __future__ import annotations

import pytest
from conftest import SHARED_CORPUS

from extract import extract_file, extract_text

HEAD = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 12/KH-UBND
An Giang, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Phát triển du lịch và công nghiệp giai đoạn 2026 - 2030
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Huy động các nguồn lực, bảo đảm đạt ít nhất 25% số xã có sản phẩm du lịch đặc trưng trong năm 2027.
- Cán bộ được giao nhiệm vụ nắm vững 100% nội dung Kế hoạch.
II. MỤC TIÊU
1. Mục tiêu chung
Phát triển du lịch thành ngành kinh tế mũi nhọn, tỷ trọng đạt 10% GRDP.
2. Mục tiêu cụ thể đến năm 2030
a) Chỉ tiêu
- Phấn đấu đến năm 2030 đạt ít nhất 50% số hộ làm du lịch có chứng nhận, riêng năm 2027 đạt ít nhất 20%.
- Hằng năm, tổng thu từ khách du lịch tăng trên 3%.
- Đón 10 - 12 triệu lượt khách.
- Hình thành mới 04 khu công nghiệp, nâng tổng số lên 09 KCN; tỷ lệ lấp đầy đạt 60-70%.
- Tổng công suất nguồn điện bổ sung khoảng 2.989,5 MW.
- 100% xã, phường có ít nhất 01 mô hình du lịch cộng đồng.
- Có 29 xã đạt chuẩn xã du lịch.
- Không để xảy ra sự cố môi trường nghiêm trọng tại các điểm du lịch.
b) Nhiệm vụ
- Tổ chức 12 lớp tập huấn cho người làm du lịch.
- Bảo đảm 100% cơ sở lưu trú được kiểm tra.
III. TỔ CHỨC THỰC HIỆN
Sở Văn hóa, Thể thao và Du lịch chủ trì triển khai.
"""


@pytest.fixture(scope="module")
def plan():
    return extract_text(HEAD)


def by_value(plan, value):
    return [t for t in plan.targets if t.value == value]


def test_two_targets_in_one_sentence_keep_their_own_years(plan):
    (a,) = by_value(plan, 50)
    (b,) = by_value(plan, 20)
    assert (a.year, b.year) == (2030, 2027)
    assert a.qualifier == b.qualifier == "strive"  # the sentence opens with "Phấn đấu"
    assert "riêng" not in a.indicator and "số hộ làm du lịch" in a.indicator


def test_yearly_rate_has_no_year(plan):
    (t,) = by_value(plan, 3)
    assert t.year is None and t.qualifier == "at_least"


def test_ranges_and_counts_keep_units(plan):
    (t,) = by_value(plan, 10)
    assert (t.value_max, t.unit) == (12, "triệu lượt")
    (mw,) = by_value(plan, 2989.5)
    assert (mw.unit, mw.qualifier) == ("MW", "about")
    (xa,) = by_value(plan, 29)
    assert xa.unit == "xã"
    assert [(t.value, t.unit) for t in by_value(plan, 4) + by_value(plan, 9)] == [(4, "khu công nghiệp"), (9, "KCN")]
    (fill,) = by_value(plan, 60)
    assert fill.value_max == 70


def test_a_later_number_that_qualifies_the_first_is_not_a_target(plan):
    assert by_value(plan, 1) == []
    (t,) = by_value(plan, 100)
    assert "mô hình du lịch cộng đồng" in t.indicator


def test_qualitative_targets_under_a_targets_heading(plan):
    assert any(t.value is None and "sự cố môi trường" in t.indicator for t in plan.targets)


def test_tasks_inside_the_goals_part_are_not_targets(plan):
    assert by_value(plan, 12) == []
    assert not any("lớp tập huấn" in t.text or "cơ sở lưu trú" in t.text for t in plan.targets)


def test_general_goal_is_not_a_target(plan):
    assert by_value(plan, 10) and all(t.unit != "%" for t in by_value(plan, 10))
    assert "mũi nhọn" in (plan.general_goal or "")


def test_headline_figure_in_the_purpose_part(plan):
    (t,) = by_value(plan, 25)
    assert t.qualifier == "at_least" and t.section == "I.1"


def test_every_target_source_covers_its_value(plan):
    for t in plan.targets:
        span = plan.text[t.source.start : t.source.end]
        assert t.text == span, t
        if t.value is not None:
            assert ("%" in span) or (t.unit and t.unit.lower() in span.lower()), t


def _shared(prefix: str):
    found = sorted(SHARED_CORPUS.glob(f"{prefix}*")) if SHARED_CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"../shared/corpus/{prefix}* is not present")
    return extract_file(found[0])


def test_real_headline_target_and_energy_totals():
    plan = _shared("017_")
    assert any(t.value == 40 and t.unit == "%" and t.qualifier == "at_least" for t in plan.targets)
    plan = _shared("038_")
    mw = sorted(t.value for t in plan.targets if t.unit == "MW")
    assert mw == [2989.5, 4758.5]


def _one_year_plan(goals: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 30/KH-UBND\nAn Giang, ngày 10 tháng 1 năm 2026\nKẾ HOẠCH\n"
        "Phòng, chống thiên tai năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n1. Chủ động ứng phó với thiên tai.\n"
        f"{goals}\nIII. TỔ CHỨC THỰC HIỆN\nSở Nông nghiệp và Môi trường chủ trì triển khai.\n"
    )


def test_bullets_of_an_indicator_part_are_targets_also_without_a_number():
    plan = extract_text(
        _one_year_plan(
            "II. CHỈ TIÊU PHÒNG, CHỐNG THIÊN TAI NĂM 2026\n"
            "- Bảo đảm 100% hồ chứa xung yếu có phương án bảo vệ.\n"
            "- Các xã ven biển còn lại tiếp tục củng cố lực lượng xung kích tại chỗ."
        )
    )
    got = [(t.value, t.year) for t in plan.targets]
    assert got == [(100.0, 2026), (None, 2026)], got


def test_a_general_goal_paragraph_under_a_goals_part_is_no_target():
    plan = extract_text(
        _one_year_plan("II. MỤC TIÊU\nNâng cao năng lực ứng phó thiên tai của chính quyền và người dân.")
    )
    assert plan.targets == []


def test_a_goal_due_within_a_quarter_keeps_its_year():
    plan = extract_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 31/KH-UBND\nAn Giang, ngày 10 tháng 1 năm 2026\nKẾ HOẠCH\n"
        "Chuyển đổi số giai đoạn 2026 - 2030\nI. MỤC TIÊU\n1. Mục tiêu cụ thể\n"
        "a) Hoàn thành và đưa Trung tâm dữ liệu tỉnh vào vận hành trong quý II năm 2027.\n"
        "II. TỔ CHỨC THỰC HIỆN\nSở Khoa học và Công nghệ chủ trì triển khai.\n"
    )
    assert [t.year for t in plan.targets] == [2027]
