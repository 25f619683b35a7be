"""TCVN3 / VNI-Windows → Unicode: tables, detection with and without a font name, no false positives."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extract.legacy_encoding import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    convert_tcvn3,
    convert_vni,
    detect_legacy,
    fix_legacy,
    is_vietnamese_syllable,
    looks_legacy,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Every toned lower-case vowel, đ, and the capitals TCVN3 text fonts have.
_VIET_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


def test_tcvn3_table_covers_the_alphabet():
    produced = set(TCVN3_TO_UNICODE.values()) | {"ý"}  # ý is the same code point in both
    assert set(_VIET_LOWER) <= produced
    assert {"Ă", "Â", "Đ", "Ê", "Ô", "Ơ", "Ư"} <= produced
    # Values are single NFC letters; keys are single Latin-1 code points.
    for key, value in TCVN3_TO_UNICODE.items():
        assert len(key) == 1 and 0xA0 <= ord(key) <= 0xFF, key
        assert unicodedata.is_normalized("NFC", value) and len(value) == 1


def test_tcvn3_known_values():
    # Spot checks against the published ABC table.
    expected = {
        "µ": "à",
        "¸": "á",
        "¶": "ả",
        "·": "ã",
        "¹": "ạ",
        "¨": "ă",
        "©": "â",
        "®": "đ",
        "ª": "ê",
        "«": "ô",
        "¬": "ơ",
        "\u00ad": "ư",
        "Ö": "ệ",
        "Ø": "ỉ",
        "ä": "ọ",
        "é": "ộ",
        "î": "ợ",
        "ñ": "ủ",
        "ù": "ự",
        "þ": "ỵ",
        "§": "Đ",
        "¦": "Ư",
    }
    for key, value in expected.items():
        assert TCVN3_TO_UNICODE[key] == value


def test_vni_table_covers_the_alphabet():
    produced = set(VNI_TO_UNICODE.values())
    for ch in _VIET_LOWER:
        if ch in "íì":  # same code points in VNI and Unicode
            continue
        assert ch in produced, ch
        assert ch.upper() in produced, ch.upper()
    assert VNI_TO_UNICODE["aø"] == "à" and VNI_TO_UNICODE["aâ"] == "â" and VNI_TO_UNICODE["aê"] == "ă"
    assert VNI_TO_UNICODE["eä"] == "ệ" and VNI_TO_UNICODE["öù"] == "ứ" and VNI_TO_UNICODE["ñ"] == "đ"
    assert VNI_TO_UNICODE["Ñ"] == "Đ" and VNI_TO_UNICODE["AÙ"] == "Á" and VNI_TO_UNICODE["î"] == "ỵ"


@pytest.mark.parametrize(
    "legacy, font, expected",
    [
        ("Uû ban nh©n d©n", ".VnTime", "Uỷ ban nhân dân"),
        ("Uû ban nh©n d©n tØnh L©m §ång", None, "Uỷ ban nhân dân tỉnh Lâm Đồng"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", None, "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", ".VnTime", "Độc lập - Tự do - Hạnh phúc"),
        ("Thñ t\u00adíng ChÝnh phñ", ".VnArial", "Thủ tướng Chính phủ"),
        ("kÕ ho¹ch", ".VnTimeH", "KẾ HOẠCH"),
        ("uû ban nh©n d©n", "ABCDEF+.VnTimeH,Bold", "UỶ BAN NHÂN DÂN"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI-Times", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", None, "Độc lập - Tự do - Hạnh phúc"),
        ("Uûy ban nhaân daân tænh", "VNI-Helve-Bold", "Ủy ban nhân dân tỉnh"),
    ],
)
def test_fix_legacy_converts(legacy, font, expected):
    text, enc = fix_legacy(legacy, font)
    assert text == expected
    assert enc in ("tcvn3", "vni")


@pytest.mark.parametrize(
    "text, font",
    [
        ("Ủy ban nhân dân tỉnh Lâm Đồng", None),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", ".VnTime"),  # Unicode text in a legacy-named font
        ("Việt Nam", "VNI-Times"),
        ("hoà bình, khoá học, thuý, quân", None),
        ("Café au lait, naïve, Zürich, façade, Ærø", None),
        ("© 2026 Công ty", None),
        ("Nhiệt độ 25°C, giảm ½", None),
        ("", ".VnTime"),
        ("KẾ HOẠCH 2026", None),
    ],
)
def test_fix_legacy_leaves_unicode_alone(text, font):
    assert fix_legacy(text, font) == (text, None)


def test_ambiguous_text_needs_force():
    # "Lâm" is Unicode "Lâm" or TCVN3 "Lõm": left alone unless the document is known to be TCVN3.
    assert fix_legacy("Lâm", ".VnTime") == ("Lâm", None)
    assert fix_legacy("tèt", ".VnTime", force=True) == ("tốt", "tcvn3")


def test_capitals_font_upper_cases_ascii():
    assert fix_legacy("ke hoach", ".VnTimeH") == ("KE HOACH", "tcvn3")
    assert fix_legacy("KE HOACH", ".VnTimeH") == ("KE HOACH", None)


def test_detect_without_hint_needs_evidence():
    assert detect_legacy("Mét tõ l¹") == "tcvn3"  # short text: one unambiguous word is enough
    assert fix_legacy("Mét tõ l¹")[0] == "Một từ lạ"
    assert detect_legacy("Ordinary text with one µ sign in it") is None
    assert looks_legacy("Uû ban nh©n d©n tØnh") and not looks_legacy("Ủy ban nhân dân tỉnh")


def test_converters_are_total():
    # Every key converts to its value inside a word, and conversion never raises on arbitrary text.
    for key, value in TCVN3_TO_UNICODE.items():
        assert convert_tcvn3(f"x{key}x") == f"x{value}x"
    for key, value in VNI_TO_UNICODE.items():
        assert convert_vni(key) == value
    junk = "".join(chr(c) for c in range(32, 0x250))
    convert_tcvn3(junk), convert_vni(junk), fix_legacy(junk), fix_legacy(junk, ".VnTime")


def test_syllables():
    for w in ["nhân", "Uỷ", "Ủy", "nghiệp", "quyết", "giữa", "tướng", "khuya", "ĐỒNG", "gì", "oanh"]:
        assert is_vietnamese_syllable(w), w
    for w in ["nh©n", "Zürich", "tØnh", "façade", "Ærø", "xyz"]:
        assert not is_vietnamese_syllable(w), w


def test_no_false_positives_in_real_documents():
    """Real Unicode documents: no block is taken for legacy text."""
    if not SHARED.is_dir():
        pytest.skip("shared corpus not available")
    from extract.readers.docx import read

    files = sorted(SHARED.glob("*.docx"))
    if not files:
        pytest.skip("no .docx in the shared corpus")
    for path in files:
        doc = read(path)
        assert not [w for w in doc.warnings if w[0] == "legacy_encoding"], path.name
        for block in doc.blocks:
            assert fix_legacy(block.text) == (block.text, None), (path.name, block.text)
