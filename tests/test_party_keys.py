"""Precision of responsibilities: one party however the plan writes it, a unit named with its parents is one
party, a role after a dash is not part of the name, heads of bodies answer for their bodies, and the public a
plan regulates is no party when it is only a partner."""

from __future__ import annotations

import pytest

from extract import extract_text
from extract.agencies import names_agency, normalize_agency, split_agency_list
from extract.model import Role
from extract.normalize import match_key
from extract.party_keys import join_key, party_key, regulated_public


def _plan(body: str, issuer: str = "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH") -> str:
    return (
        f"{issuer}\nSố: 45/KH-UBND\nHòa Bình, ngày 3 tháng 4 năm 2026\nKẾ HOẠCH\n"
        "Triển khai công tác quản lý tài nguyên nước năm 2026\n"
        "Căn cứ Luật Tài nguyên nước ngày 27/11/2023;\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao hiệu quả quản lý nhà nước về tài nguyên nước.\n"
        f"{body}\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Bình"
    )


def _parties(text: str) -> dict[str, Role]:
    return {match_key(r.agency): r.role for r in extract_text(text).responsibilities}


@pytest.mark.parametrize(
    "a, b",
    [
        ("Các sở, ngành có liên quan", "các sở, ngành liên quan"),
        ("Các sở, ban, ngành và địa phương", "Các sở, ban, ngành, địa phương"),
        ("UBND cấp xã", "Ủy ban nhân dân các xã, phường, thị trấn"),
        ("Ban Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương", "Ban Chỉ đạo cấp tỉnh"),
        ("Hội Nông dân các cấp", "Hội Nông dân"),
        ("Các cơ quan, đơn vị trên địa bàn tỉnh", "Các cơ quan, đơn vị"),
    ],
)
def test_variants_of_one_party_share_a_key(a: str, b: str) -> None:
    assert party_key(a) == party_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Các sở, ban, ngành", "Các sở, ban, ngành, đoàn thể"),
        ("Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp huyện"),
        ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", "Các cơ quan, đơn vị"),
        ("Sở Y tế", "Sở Y tế tỉnh Hòa Bình và Công an tỉnh"),
    ],
)
def test_different_parties_keep_their_keys(a: str, b: str) -> None:
    assert party_key(a) != party_key(b)


def test_officers_join_the_body_they_head_only_when_the_plan_names_it() -> None:
    names = ["Các sở, ban, ngành", "UBND các huyện", "Ban Chỉ đạo tỉnh"]
    known = {match_key(normalize_agency(n)): party_key(n) for n in names}
    assert join_key("Giám đốc các sở", known) == party_key("Các sở, ban, ngành")
    assert join_key("Thủ trưởng các ban, ngành tỉnh", known) == party_key("Các sở, ban, ngành")
    assert join_key("Chủ tịch UBND các huyện", known) == party_key("UBND các huyện")
    assert join_key("Ban Chỉ đạo tỉnh 389", known) == party_key("Ban Chỉ đạo tỉnh")
    # An office written as a different body stays its own party; so does a number with no unnumbered twin.
    assert join_key("Chủ tịch Ủy ban nhân dân tỉnh", known) == party_key("Chủ tịch Ủy ban nhân dân tỉnh")
    assert join_key("Đội 2", known) == party_key("Đội 2")


def test_regulated_public() -> None:
    assert regulated_public("Các tổ chức, cá nhân hoạt động kinh doanh xăng dầu")
    assert regulated_public("các doanh nghiệp vận tải")
    assert not regulated_public("Các tổ chức chính trị - xã hội")
    assert not regulated_public("Ủy ban nhân dân các xã")


def test_unit_with_its_parents_is_one_name() -> None:
    assert split_agency_list("Phòng 3, Cục Quản lý chất lượng, Bộ Y tế") == ["Phòng 3, Cục Quản lý chất lượng, Bộ Y tế"]
    assert split_agency_list("Vụ Kế hoạch, Bộ Xây dựng; Cục Thuế tỉnh") == ["Vụ Kế hoạch, Bộ Xây dựng", "Cục Thuế tỉnh"]
    # Bodies of the same rank, or without a rank, are a list of parties; so is a list that goes on with a
    # sibling of the would-be parent.
    assert split_agency_list("Cục Hàng hải Việt Nam, Bộ Quốc phòng, Bộ Công an") == [
        "Cục Hàng hải Việt Nam",
        "Bộ Quốc phòng",
        "Bộ Công an",
    ]
    assert split_agency_list("Bộ Quốc phòng, Bộ Tài chính") == ["Bộ Quốc phòng", "Bộ Tài chính"]
    assert split_agency_list("Chi cục Thủy lợi, Sở Nông nghiệp và Môi trường") == [
        "Chi cục Thủy lợi",
        "Sở Nông nghiệp và Môi trường",
    ]
    # The chain is named as written, so its span is found where it stands.
    written = "Phòng 3,Cục Quản lý chất lượng,  Bộ Y tế"
    assert split_agency_list(written) == [written]


def test_giao_a_unit_with_parents_and_a_dashed_role() -> None:
    text = _plan(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Phòng 2, Cục Quản lý tài nguyên nước, Bộ Nông nghiệp và Môi trường - cơ quan thường trực "
        "Tổ công tác liên ngành chủ trì, phối hợp với các địa phương triển khai Kế hoạch này.\n"
        "2. Sở Xây dựng phối hợp kiểm tra các công trình cấp nước."
    )
    plan = extract_text(text)
    got = {r.agency: r for r in plan.responsibilities}
    name = "Phòng 2, Cục Quản lý tài nguyên nước, Bộ Nông nghiệp và Môi trường"
    assert name in got, list(got)
    assert got[name].role == Role.standing
    assert plan.text[got[name].source.start : got[name].source.end] == name
    assert not any("thường trực" in a for a in got)


def test_heads_of_bodies_and_partner_public_in_a_task_table() -> None:
    text = _plan(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh:\n"
        "- Quán triệt nội dung Kế hoạch đến cán bộ, công chức.\n"
        "2. Các Sở, ban, ngành, Ủy ban nhân dân các xã, phường chủ động rà soát nguồn nước trên địa bàn.\n"
        "3. Các tổ chức, cá nhân khai thác nước phối hợp cung cấp số liệu khi được yêu cầu.\n"
        "4. Cơ quan chủ trì: Sở Nông nghiệp và Môi trường; Cơ quan phối hợp: Các doanh nghiệp cấp nước."
    )
    parties = _parties(text)
    assert "giám đốc các sở" not in parties and "thủ trưởng các ban ngành tỉnh" not in parties
    assert match_key("Các Sở, ban, ngành") in parties
    assert match_key("Các doanh nghiệp cấp nước") not in parties
    assert parties[match_key("Sở Nông nghiệp và Môi trường")] == Role.lead


def test_public_given_its_own_work_stays_a_party() -> None:
    text = _plan(
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra việc khai thác nước.\n"
        "2. Các doanh nghiệp khai thác nước: Lắp đặt thiết bị quan trắc tự động trước ngày 30/9/2026."
    )
    assert match_key("Các doanh nghiệp khai thác nước") in _parties(text)


def test_gazetteer_body_opening_a_line_with_a_role() -> None:
    assert names_agency("Báo và Phát thanh, Truyền hình tỉnh chủ trì")
    text = _plan(
        "II. NHIỆM VỤ\n1. Tuyên truyền trên sóng truyền hình\n"
        "Báo và Phát thanh, Truyền hình tỉnh chủ trì, phối hợp với các sở, ngành xây dựng chuyên mục hằng tháng.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Báo và Phát thanh, Truyền hình tỉnh\n- Bố trí thời lượng phát sóng."
    )
    assert _parties(text)[match_key("Báo và Phát thanh, Truyền hình tỉnh")] == Role.lead


def test_a_letter_ends_with_its_order() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: /UBND-KT\nV/v triển khai Kế hoạch của Bộ Xây dựng\n"
        "Hòa Bình, ngày 5 tháng 5 năm 2026\nKính gửi: Sở Xây dựng\n"
        "Ủy ban nhân dân tỉnh nhận được Kế hoạch số 12/KH-BXD ngày 20/4/2026 của Bộ Xây dựng.\n"
        "Chủ tịch Ủy ban nhân dân tỉnh giao Sở Xây dựng nghiên cứu Kế hoạch nêu trên, tham mưu Ủy ban nhân dân "
        "tỉnh triển khai theo quy định./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nTrần Văn Hải"
    )
    plan = extract_text(text)
    names = [r.agency for r in plan.responsibilities]
    assert names == ["Sở Xây dựng"], names
    r = plan.responsibilities[0]
    assert plan.text[r.source.start : r.source.end] == "Sở Xây dựng"


@pytest.mark.parametrize(
    "cell, names",
    [
        (
            "Cơ quan chủ quản của bệnh viện, đơn vị y tế trực thuộc Sở Y tế",
            ["Cơ quan chủ quản của bệnh viện", "đơn vị y tế trực thuộc Sở Y tế"],
        ),
        ("Văn phòng Hội đồng và cơ quan thường trực các cấp", ["Văn phòng Hội đồng", "cơ quan thường trực các cấp"]),
        # A collective's list words, a joint office and a role in apposition stay in one name.
        ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
        ("Công an tỉnh, cơ quan thường trực Ban Chỉ đạo", ["Công an tỉnh, cơ quan thường trực Ban Chỉ đạo"]),
        # People in a request's running text are no body.
        (
            "Sở Tư pháp tổ chức tập huấn cho cán bộ, công chức xã",
            ["Sở Tư pháp tổ chức tập huấn cho cán bộ, công chức xã"],
        ),
    ],
)
def test_lower_case_body_after_a_full_name(cell: str, names: list[str]) -> None:
    assert split_agency_list(cell) == names


def test_name_ends_before_the_next_bodys_head_word() -> None:
    from extract.agencies import agency_name_end

    text = "các hội đoàn thể chính trị - xã hội và cơ quan báo chí tích cực tuyên truyền"
    assert text[: agency_name_end(text)] == "các hội đoàn thể chính trị - xã hội"
    text = "Văn phòng Ban Chỉ đạo tổng hợp báo cáo"
    assert text[: agency_name_end(text)] == "Văn phòng Ban Chỉ đạo"
