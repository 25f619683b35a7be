from __future__ import annotations

import pytest

from extract.agencies import normalize_agency
from extract.normalize import canonical_tones, clean_text, match_key, strip_accents, strip_markdown


@pytest.mark.parametrize(
    "a,b",
    [
        ("hòa", "hoà"),
        ("Ủy ban", "Uỷ ban"),
        ("thủy lợi", "thuỷ lợi"),
        ("khỏe", "khoẻ"),
        ("Lao động – Thương binh", "Lao động - Thương binh"),
        ("Lao động ‑ Thương binh", "Lao động-Thương binh"),
        ("KẾ HOẠCH", "kế hoạch"),
    ],
)
def test_spelling_variants_match(a, b):
    assert match_key(a) == match_key(b)


def test_different_words_do_not_match():
    assert match_key("hòa") != match_key("hóa")
    assert match_key("quý") != match_key("quỹ")


def test_canonical_tones_keeps_length_and_offsets():
    text = "Uỷ ban nhân dân tỉnh Hoà Bình; thuỷ lợi, khoẻ mạnh"
    out = canonical_tones(text)
    assert len(out) == len(text)
    assert out == "Ủy ban nhân dân tỉnh Hòa Bình; thủy lợi, khỏe mạnh"


def test_clean_text_nfc_dashes_spaces():
    decomposed = "Ke\u0302\u0301 hoa\u0323ch\u00a0\u00a0so\u0302\u0301 12\u200b"
    assert clean_text(decomposed) == "Kế hoạch số 12"
    assert clean_text("a – b — c ‑ d") == "a - b - c - d"


def test_strip_markdown_hints():
    assert strip_markdown("## **2.1. Đến năm 2025**") == ("2.1. Đến năm 2025", {"heading_level": 2, "bold": True})
    text, hints = strip_markdown("### ***Nơi nhận:***")
    assert text == "Nơi nhận:" and hints["italic"] and hints["bold"]
    assert strip_markdown("- *Huyện đoàn:* Xây dựng")[0] == "- Huyện đoàn: Xây dựng"


def test_strip_accents_for_search():
    assert strip_accents("Kế hoạch Đảng ủy") == "Ke hoach Dang uy"


@pytest.mark.parametrize(
    "written,official",
    [
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động–Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố"),
        ("Uỷ ban nhân dân các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"),
        ("Văn phòng HĐND và UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
        ("SỞ Y TẾ", "Sở Y tế"),
    ],
)
def test_agency_alias_table(written, official):
    assert normalize_agency(written) == official
