"""The signature block as documents print it: one title per line, bold marks from scraped pages, the whole
block in one table cell, a name printed under the signature table, a covering decision's signature."""

from __future__ import annotations

import pytest

from extract import extract_text

BODY = """ỦY BAN NHÂN DÂN
TỈNH SƠN LA
Số: 15/KH-UBND
Sơn La, ngày 17 tháng 02 năm 2023
KẾ HOẠCH
Thực hiện công tác bảo vệ bí mật nhà nước năm 2023
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về bảo vệ bí mật nhà nước.
II. TỔ CHỨC THỰC HIỆN
Công an tỉnh chủ trì, báo cáo Ủy ban nhân dân tỉnh./.
"""


@pytest.mark.parametrize(
    "tail, expected",
    [
        (
            "Nơi nhận:\n- Bộ Công an;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐặng Ngọc Hậu\n",
            ("KT.", None, "PHÓ CHỦ TỊCH", "Đặng Ngọc Hậu"),
        ),
        (
            "Nơi nhận:\n- Bộ Công an;\n- Lưu: VT.\n"
            "**TM. ỦY BAN NHÂN DÂN**\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n\n\n**Đặng Ngọc Hậu**\n",
            ("KT.", "ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Đặng Ngọc Hậu"),
        ),
        (
            "| Nơi nhận: - Bộ Công an (để b/c); - Như Điều 3; - Lưu: VT, NC. "
            "| KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đặng Ngọc Hậu |\n|---|---|\n",
            ("KT.", None, "PHÓ CHỦ TỊCH", "Đặng Ngọc Hậu"),
        ),
        (
            "| Nơi nhận: - Thủ tướng; - Lưu: VT. | **TRƯỞNG BAN** **PHÓ THỦ TƯỚNG** Nguyễn Thiện Nhân |\n|---|---|\n",
            (None, None, "TRƯỞNG BAN", "Nguyễn Thiện Nhân"),
        ),  # the title under which he signs, not his other office
        (
            "Nơi nhận:\n- Bộ Công an;\n- Lưu: VT.\nCHỦ TỊCH\nHoàng Quốc Khánh\nPhụ lục\nHà Nội\n",
            (None, None, "CHỦ TỊCH", "Hoàng Quốc Khánh"),
        ),
    ],
)
def test_signature_forms(tail, expected):
    plan = extract_text(BODY + tail, file="plan.md")
    s = plan.signer
    assert (s.authority, s.on_behalf, s.title, s.name) == expected


def test_one_line_recipients_are_split():
    plan = extract_text(
        BODY
        + (
            "| Nơi nhận: - Bộ Công an (Cục A03 - để b/c); - Như Điều 3; - Lưu: VT, NC. "
            "| CHỦ TỊCH Hoàng Quốc Khánh |\n|---|---|\n"
        ),
        file="plan.md",
    )
    assert [(r.text, r.note) for r in plan.recipients] == [
        ("Bộ Công an", "Cục A03 - để b/c"),
        ("Như Điều 3", None),
        ("Lưu: VT, NC", None),
    ]
    assert plan.recipients[-1].is_archive


DECISION = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 254/QĐ-UBND
Sơn La, ngày 17 tháng 02 năm 2023
QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.

| Nơi nhận: - Bộ Công an; - Lưu: VT. | CHỦ TỊCH Hoàng Quốc Khánh |
|---|---|

KẾ HOẠCH
Thực hiện công tác bảo vệ bí mật nhà nước năm 2023 (Kèm theo Quyết định số 254/QĐ-UBND ngày 17/02/2023)
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về bảo vệ bí mật nhà nước.
II. TỔ CHỨC THỰC HIỆN
1. Công an tỉnh chủ trì triển khai.
"""


def test_covering_decision_signature_when_the_plan_ends_unsigned():
    plan = extract_text(DECISION, file="qd.md")
    assert (plan.signer.title, plan.signer.name) == ("CHỦ TỊCH", "Hoàng Quốc Khánh")
    assert "no_signer" not in {w.code for w in plan.warnings}
    assert [b.kind for b in plan.legal_bases] == ["Luật"]


def test_recipients_and_signature_columns_read_into_one_line():
    tail = (
        "Nơi nhận: KT. CHỦ TỊCH\n- Văn phòng Bộ Công an; PHÓ CHỦ TỊCH\n- Thường trực Tỉnh ủy;\n- Lưu: VT, NC.\n"
        "Nguyễn Minh\n"
    )
    plan = extract_text(BODY + tail)
    s = plan.signer
    assert (s.authority, s.title, s.name) == ("KT.", "PHÓ CHỦ TỊCH", "Nguyễn Minh")
    assert [r.text for r in plan.recipients] == ["Văn phòng Bộ Công an", "Thường trực Tỉnh ủy", "Lưu: VT, NC"]


@pytest.mark.parametrize(
    "name_line",
    ["Đại tá Bùi Duy Hưng", "Dại tá Bùi Duy Hưng", "Thiếu tướng Bùi Duy Hưng"],  # "Dại": a scan's lost stroke
)
def test_officer_rank_is_not_part_of_the_name(name_line):
    tail = f"Nơi nhận:\n- Bộ Công an;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n{name_line}\n"
    s = extract_text(BODY + tail).signer
    assert (s.title, s.name) == ("PHÓ GIÁM ĐỐC", "Bùi Duy Hưng")


SUBMISSION = """CÔNG AN TỈNH LÂM ĐỒNG
Số: 196/TTr-CAT
Lâm Đồng, ngày 18 tháng 3 năm 2026
TỜ TRÌNH
Về việc ban hành kế hoạch phòng, chống ma túy năm 2026
Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng
Công an tỉnh đã dự thảo kế hoạch, kính trình Ủy ban nhân dân tỉnh xem xét, ban hành./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Đại tá Lê Văn Tâm
{attachment_start}
KẾ HOẠCH
Phòng, chống ma túy năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả phòng, chống ma túy.
II. TỔ CHỨC THỰC HIỆN
Công an tỉnh chủ trì, báo cáo Ủy ban nhân dân tỉnh./.
Nơi nhận:
- Bộ Công an;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Minh
"""


@pytest.mark.parametrize(
    "attachment_start",
    [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "DỰ THẢO\nỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        # two header columns read into one line, as OCR gives them
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH LÂM ĐỒNG Độc lập Tự do Hạnh phúc",
    ],
)
def test_submission_signer_is_its_own_not_the_attached_drafts(attachment_start):
    s = extract_text(SUBMISSION.format(attachment_start=attachment_start)).signer
    assert (s.authority, s.title, s.name) == ("KT.", "PHÓ GIÁM ĐỐC", "Lê Văn Tâm")


def test_without_an_attachment_the_last_signature_stays():
    text = SUBMISSION.format(attachment_start="").replace("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Lê Văn Tâm\n", "")
    s = extract_text(text).signer
    assert (s.title, s.name) == ("PHÓ CHỦ TỊCH", "Nguyễn Văn Minh")
