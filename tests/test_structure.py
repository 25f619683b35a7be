"""The section tree comes from numbering, not markdown; broken numbering is repaired and reported."""

from __future__ import annotations

from extract import extract_text

PLAN = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 05/KH-UBND
An Bình, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Phòng, chống thiên tai trên địa bàn xã năm 2026
Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013;
Ủy ban nhân dân xã ban hành Kế hoạch như sau:
# I. MỤC ĐÍCH, YÊU CẦU
#### 1. Mục đích
- Chủ động phòng ngừa.
## II. MỤC TIÊU
**2.2. Chỉ tiêu**
- Ít nhất 95% hộ dân được tuyên truyền; khoảng 1.200 lượt người tham gia diễn tập.
### IV. NHIỆM VỤ
1. Tuyên truyền
3. Diễn tập
a) Xây dựng phương án
b) Tổ chức diễn tập
V. TỔ CHỨC THỰC HIỆN
1. Phòng Kinh tế
Là cơ quan thường trực; báo cáo UBND xã trước ngày 15/12/2026.
2. Đề nghị
- Ủy ban Mặt trận Tổ quốc Việt Nam xã: Tuyên truyền, vận động Nhân dân.
Trên đây là Kế hoạch phòng, chống thiên tai năm 2026./.
Nơi nhận:
- UBND huyện (b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def test_tree_from_numbering_not_markdown():
    plan = extract_text(PLAN, file="t.md")
    tops = [(s.id, s.number, s.kind) for s in plan.sections]
    assert tops == [
        ("I", "I.", "purpose"),
        ("II", "II.", "goals"),
        ("III", "IV.", "tasks"),
        ("IV", "V.", "organisation"),
    ]
    tasks = plan.sections[2]
    assert [c.number for c in tasks.children] == ["1.", "3."]
    assert [c.id for c in tasks.children[1].children] == ["III.2.a", "III.2.b"]


def test_repairs_are_warned_with_sources():
    plan = extract_text(PLAN, file="t.md")
    codes = [w.code for w in plan.warnings]
    assert codes.count("skipped_number") == 2  # IV. after II., and 3. after 1.
    assert "orphan_subsection" in codes  # 2.2. with no 2. / 2.1.
    for w in plan.warnings:
        if w.code in ("skipped_number", "orphan_subsection"):
            assert plan.text[w.source.start : w.source.end].startswith(("IV.", "3.", "2.2."))


def test_one_year_plan_targets_and_counts():
    plan = extract_text(PLAN, file="t.md")
    assert [(t.value, t.unit, t.qualifier, t.year) for t in plan.targets] == [
        (95, "%", "at_least", 2026),
        (1200, "lượt", "about", 2026),
    ]


def test_header_responsibilities_signer():
    plan = extract_text(PLAN, file="t.md")
    h = plan.header
    assert (h.issuing_body, h.level, h.number, h.symbol, h.date, h.place) == (
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "xã",
        "05",
        "KH-UBND",
        "2026-03-05",
        "An Bình",
    )
    roles = [(r.agency_normalized, r.role) for r in plan.responsibilities]
    assert roles == [("Phòng Kinh tế", "standing"), ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "requested")]
    assert [(d.day, d.month, d.year, d.recurrence) for d in plan.deadlines] == [(15, 12, 2026, "once")]
    assert (plan.signer.authority, plan.signer.title, plan.signer.name) == ("TM.", "CHỦ TỊCH", "Lê Văn Tám")
    assert plan.legal_bases[0].kind == "Luật" and plan.legal_bases[0].date == "2013-06-19"


def test_party_number_convention():
    plan = extract_text(
        "HUYỆN ỦY KỲ SƠN\nSố: 146-KH/HU\nKỳ Sơn, ngày 17 tháng 7 năm 2024\n"
        "KẾ HOẠCH\nthực hiện Nghị quyết\nI. MỤC ĐÍCH\n- a.\n"
    )
    h = plan.header
    assert (h.number, h.symbol, h.convention, h.symbol_type, h.symbol_issuer, h.level) == (
        "146",
        "KH/HU",
        "party",
        "KH",
        "HU",
        "huyện",
    )


def test_not_a_plan_returns_warnings_not_empty_silence():
    plan = extract_text("Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.\n")
    codes = {w.code for w in plan.warnings}
    assert {"no_type_name", "no_sections"} <= codes


DEPARTMENT_PLAN = """UBND TỈNH LÀO CAI
SỞ CÔNG THƯƠNG
Số: 2242/KH-SCT
Lào Cai, ngày 12 tháng 5 năm 2025
KẾ HOẠCH
Kiểm tra việc cấp giấy chứng nhận năm 2025
Căn cứ Quyết định số 05/2025/QĐ-UBND ngày 01/7/2025 của UBND tỉnh Lào Cai;
Sở Công Thương xây dựng Kế hoạch như sau:
1. Mục đích
- Đánh giá việc chấp hành quy định.
2. Yêu cầu
- Kiểm tra đúng quy định, không gây phiền hà.
3. Nội dung kiểm tra
a) Hồ sơ cấp giấy chứng nhận.
b) Điều kiện an toàn.
4. Thời gian kiểm tra
Trong quý II/2025.
5. Tổ chức thực hiện
- Phòng Quản lý công nghiệp chủ trì.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Hoàng Chí Hiền
"""


def test_parts_numbered_one_two_three_without_roman_numerals():
    plan = extract_text(DEPARTMENT_PLAN)
    assert [(s.id, str(getattr(s.kind, "value", s.kind))) for s in plan.sections] == [
        ("1", "purpose"),
        ("2", "purpose"),
        ("3", "tasks"),
        ("4", "other"),
        ("5", "organisation"),
    ]
    assert [c.id for c in plan.sections[2].children] == ["3.a", "3.b"]
    assert "no_sections" not in {w.code for w in plan.warnings}
    assert [b.number_symbol for b in plan.legal_bases] == ["05/2025/QĐ-UBND"]  # the preamble stays the preamble
    assert plan.signer.name == "Hoàng Chí Hiền"


def test_numbered_citations_in_the_preamble_do_not_start_the_body():
    text = DEPARTMENT_PLAN.replace(
        "Căn cứ Quyết định số 05/2025/QĐ-UBND ngày 01/7/2025 của UBND tỉnh Lào Cai;\n",
        "Căn cứ:\n1. Quyết định số 05/2025/QĐ-UBND ngày 01/7/2025 của UBND tỉnh Lào Cai về nhiệm vụ của Sở;\n",
    )
    plan = extract_text(text)
    assert plan.sections[0].title == "Mục đích"


REPORT_PARTS = """ỦY BAN NHÂN DÂN
TỈNH AN BÌNH
Số: 30/BC-UBND
An Bình, ngày 10 tháng 3 năm 2026
BÁO CÁO
Tổng kết công tác phòng, chống ma túy giai đoạn 2021-2025
Phần thứ nhất
KẾT QUẢ THỰC HIỆN
I. ĐẶC ĐIỂM TÌNH HÌNH
Tình hình tội phạm về ma túy cơ bản được kiềm chế.
Phần thứ hai
NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM
1. Tiếp tục nâng cao hiệu quả công tác tuyên truyền.
Phần thứ ba
KIẾN NGHỊ, ĐỀ XUẤT
1. Bộ Công an hướng dẫn việc quản lý người sử dụng trái phép chất ma túy.
2. Bộ Y tế sửa đổi quy trình xác định tình trạng nghiện ma túy.
Nơi nhận:
- Bộ Công an;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def test_part_label_on_its_own_line_takes_the_title_below():
    """'Phần thứ nhất' alone on a line, its title on the next: one part heading, whose title says what it is
    (so a KIẾN NGHỊ, ĐỀ XUẤT part asks the bodies it names rather than directing them)."""
    plan = extract_text(REPORT_PARTS)
    assert [(s.number, s.title) for s in plan.sections] == [
        ("Phần thứ nhất", "KẾT QUẢ THỰC HIỆN"),
        ("Phần thứ hai", "NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"),
        ("Phần thứ ba", "KIẾN NGHỊ, ĐỀ XUẤT"),
    ]
    assert [c.number for c in plan.sections[0].children] == ["I."]
    asked = {r.agency_normalized: str(r.role.value) for r in plan.responsibilities}
    assert asked == {"Bộ Công an": "requested", "Bộ Y tế": "requested"}
    # a part label followed by its title on the same line reads as before
    same_line = extract_text(REPORT_PARTS.replace("Phần thứ nhất\nKẾT", "Phần thứ nhất: KẾT"))
    assert (same_line.sections[0].number, same_line.sections[0].title) == ("Phần thứ nhất:", "KẾT QUẢ THỰC HIỆN")
