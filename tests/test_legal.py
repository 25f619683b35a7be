"""Legal bases as openings write them: named laws keep their names, a kind word inside another document's
name is not a citation, and a document never cites itself."""

from __future__ import annotations

from extract import extract_text

DECISION = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 254/QĐ-UBND
Sơn La, ngày 17 tháng 02 năm 2023
QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức Chính quyền địa phương ngày 19 tháng 6 năm 2015; \
Luật Sửa đổi bổ sung một số điều của Luật Tổ chức Chính phủ và \
Luật Tổ chức Chính quyền địa phương ngày 22 tháng 11 năm 2019;
Căn cứ Luật Công nghiệp công nghệ số số 71/2025/QH15 ngày 14/6/2025;
Căn cứ Nghị định số 26/2020/NĐ-CP ngày 28 tháng 02 năm 2020 của Chính phủ Quy định \
chi tiết một số điều của Luật Bảo vệ bí mật nhà nước;
Căn cứ Nghị định số 189/2025/NĐ-CP ngày 01/7/2025 của Chính phủ quy định
chi tiết Luật Xử lý vi phạm hành chính về thẩm quyền xử phạt vi phạm hành chính;
Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 02/TTr-CAT ngày 03 tháng 02 năm 2023.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch số 15/KH-UBND ngày 17/02/2023 \
thực hiện công tác bảo vệ bí mật nhà nước năm 2023.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
KẾ HOẠCH
Thực hiện công tác bảo vệ bí mật nhà nước năm 2023 \
(Kèm theo Quyết định số 254/QĐ-UBND ngày 17/02/2023 của Chủ tịch Ủy ban nhân dân tỉnh)
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về bảo vệ bí mật nhà nước.
II. TỔ CHỨC THỰC HIỆN
Công an tỉnh chủ trì.
"""


def bases():
    return extract_text(DECISION).legal_bases


def test_the_document_never_cites_itself():
    numbers = {b.number_symbol for b in bases()}
    assert "254/QĐ-UBND" not in numbers and "15/KH-UBND" not in numbers
    assert "02/TTr-CAT" not in numbers  # the proposal a decision answers


def test_named_laws_keep_their_names():
    laws = [b for b in bases() if b.kind == "Luật"]
    assert [(b.date, b.number_symbol) for b in laws] == [
        ("2015-06-19", None),
        ("2019-11-22", None),
        ("2025-06-14", "71/2025/QH15"),
    ]
    assert laws[0].subject == "Tổ chức Chính quyền địa phương"
    assert laws[1].subject.startswith("Sửa đổi bổ sung một số điều của Luật Tổ chức Chính phủ và Luật")
    assert laws[2].subject == "Công nghiệp công nghệ số"


def test_a_law_named_inside_a_decree_is_not_a_basis():
    decrees = [b for b in bases() if b.kind == "Nghị định"]
    assert [b.number_symbol for b in decrees] == ["26/2020/NĐ-CP", "189/2025/NĐ-CP"]
    assert decrees[0].issuer == "Chính phủ"
    assert decrees[0].subject == "Quy định chi tiết một số điều của Luật Bảo vệ bí mật nhà nước"


def test_sources_cover_the_citation():
    plan = extract_text(DECISION)
    for b in plan.legal_bases:
        assert plan.text[b.source.start : b.source.end] == b.text
