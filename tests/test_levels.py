"""Levels of issuing bodies from what they are (the 2025 map, the 63 provinces before it), and the one list of
level words the modules share."""

from __future__ import annotations

import pytest

from extract import levels
from extract.lexicon import load


@pytest.mark.parametrize(
    ("issuing", "governing", "level"),
    [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", None, "tỉnh"),  # centrally run city
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", None, "tỉnh"),
        ("UBND TP. Hà Nội", None, "tỉnh"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", None, "tỉnh"),  # centrally run since 2025
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ LẠT", None, "huyện"),  # a city inside Lâm Đồng before 7/2025
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ", "UBND TỈNH BẮC GIANG", "huyện"),
        ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", None, "tỉnh"),
        ("ỦY BAN NHÂN DÂN HUYỆN TIÊN LÃNG", None, "huyện"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ BA ĐỒN", None, "huyện"),
        ("UBND QUẬN BA ĐÌNH", None, "huyện"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG SÔNG TRÍ", None, "xã"),
        ("ỦY BAN NHÂN DÂN XÃ THƯỢNG LÂM", None, "xã"),
        ("ỦY BAN NHÂN DÂN THỊ TRẤN CẦN THẠNH", None, "xã"),
        ("ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", None, "xã"),
        ("SỞ Y TẾ", "UBND TỈNH THANH HÓA", "sở"),
        ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "UBND HUYỆN ĐỨC THỌ", "phòng"),
        ("BỘ CÔNG THƯƠNG", None, "bộ"),
        ("BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ", None, "trung ương"),
        ("HUYỆN ỦY HẢI HẬU", "ĐẢNG BỘ TỈNH NAM ĐỊNH", "huyện"),
        ("TỈNH ỦY LÀO CAI", None, "tỉnh"),
        ("THÀNH ỦY ĐÀ NẴNG", None, "tỉnh"),
        ("THÀNH ỦY ĐÀ LẠT", "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "huyện"),
        ("ĐẢNG ỦY XÃ THƯỢNG LÂM", None, "xã"),
        ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "UBND TỈNH LÂM ĐỒNG", "tỉnh"),  # a board works at its governor's level
        ("TỔ CÔNG TÁC LIÊN NGÀNH", "BỘ CÔNG AN", "bộ"),
        ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", None, None),
        (None, None, None),
    ],
)
def test_level_of(issuing, governing, level) -> None:
    assert levels.level_of(issuing, governing) == level


def test_level_values_are_the_gold_ones() -> None:
    gold = {"trung ương", "bộ", "tỉnh", "sở", "huyện", "phòng", "xã"}
    data = load("levels")
    assert {u["level"] for u in data["units"].values()} <= gold
    assert {u["level_in_province"] for u in data["units"].values() if "level_in_province" in u} <= gold
    assert {r["level"] for r in data["bodies"]} <= gold


def test_2025_map() -> None:
    assert len(levels.provinces_2025()) == 34
    assert sum(len(v) for v in levels.communes_2025().values()) == 3321
    assert levels.is_centrally_run("Thành phố Hồ Chí Minh") and levels.is_centrally_run("TP. Hà Nội")
    assert not levels.is_centrally_run("Lâm Đồng")
    assert levels.is_commune("Phường Hoàn Kiếm")


def test_provinces_before_2025() -> None:
    old = {p["name"] for p in load("provinces_2024")["provinces"]}
    assert len(old) == 63
    cities = {p["name"] for p in load("provinces_2024")["provinces"] if p.get("city")}
    assert cities == {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế"}
    # Every old province belongs to one of the 34 of the 2025 map.
    now = {levels.province_now(name) for name in old}
    assert None not in now and len(now) == 34
    assert levels.province_now("Bắc Kạn") == "Thái Nguyên"
    assert levels.province_now("Quảng Nam") == "Thành phố Đà Nẵng"
    assert levels.is_province("Hà Giang") and not levels.is_province("Tiên Lãng")


def test_unit_words() -> None:
    assert levels.unit_word("Phường").level == "xã" and levels.unit_word("Phường").kind == "phường"
    assert levels.unit_word("TP.").word == "thành phố"
    assert levels.unit_word("Sở") is None
    words = levels.level_word_list()
    assert words.index("thị xã") < words.index("xã")  # longest first, for alternations


def test_the_old_to_new_table_names_its_source() -> None:
    """The pre-2025 table is data with its legal source named in the file, and every row it maps is one the
    source's 34 provinces hold."""
    from pathlib import Path

    head = (Path(levels.__file__).parent / "data" / "provinces_2024.yaml").read_text(encoding="utf-8")
    head = head.split("\nprovinces:", 1)[0]
    assert "Sources:" in head and "202/2025/QH15" in head  # Nghị quyết of the Quốc hội on the 2025 merger
    now = {p["now"] for p in load("provinces_2024")["provinces"]}
    assert all(levels.is_province(name) for name in now)
