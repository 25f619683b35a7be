"""The readable outline and the CSV tables print words a clerk reads: roles and kinds as words, units
apart from their numbers."""

from __future__ import annotations

from extract import extract_text
from extract.export import outline_md, responsibilities_csv, targets_csv
from extract.model import Role

PLAN = """ỦY BAN NHÂN DÂN
HUYỆN AN PHÚ
Số: 20/KH-UBND
An Phú, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Xây dựng nông thôn mới năm 2026
I. MỤC TIÊU
1. Chỉ tiêu
- Có 29 xã đạt chuẩn nông thôn mới.
- Tỷ lệ hộ nghèo giảm còn dưới 2%.
- Tổng công suất điện mặt trời mái nhà đạt 12,5 MW.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nông nghiệp và Môi trường
Chủ trì tham mưu triển khai Kế hoạch; báo cáo Ủy ban nhân dân huyện trước ngày 15/12/2026.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def test_outline_prints_words_and_units_apart():
    plan = extract_text(PLAN)
    assert plan.responsibilities
    plan.responsibilities[0].role = Role.lead  # assigned after validation: an enum member, as the pipeline does
    md = outline_md(plan)
    assert "| 29 xã |" in md and "| 2% |" in md and "| 12.5 MW |" in md
    assert "Role." not in md and "Qualifier." not in md and "SectionKind." not in md and "Recurrence." not in md
    assert "— lead," in md
    assert "(once)" in md


def test_csv_tables_print_words():
    plan = extract_text(PLAN)
    plan.responsibilities[0].role = Role.lead
    for table in (targets_csv(plan), responsibilities_csv(plan)):
        assert "Role." not in table and "Qualifier." not in table
    assert ",lead," in responsibilities_csv(plan)
