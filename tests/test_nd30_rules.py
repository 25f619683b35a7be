"""The ND30 rules file, the date and number formats, and the "no literals outside nd30" discipline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from docgen import nd30

ROOT = Path(__file__).resolve().parents[1]


def test_rules_load_and_cache():
    r = nd30.rules()
    assert r is nd30.rules()
    assert r.paper.name == "A4" and (r.paper.width_mm, r.paper.height_mm) == (210, 297)
    assert {k: (m.min, m.max) for k, m in r.margins.items()} == {
        "top": (20, 25),
        "bottom": (20, 25),
        "left": (30, 35),
        "right": (15, 20),
    }
    assert r.font_name == "Times New Roman"
    assert set(r.font_slots) == {"ascii", "hAnsi", "eastAsia", "cs"}
    assert r.lang == "vi-VN"
    assert set(r.authority_prefixes) == {"TM.", "KT.", "Q.", "TL.", "TUQ."}
    assert r.type_code("Kế hoạch") == "KH" and r.type_code("báo cáo") == "BC" and r.type_code("Quyết định") == "QĐ"
    assert r.type_code("không có") is None


def test_every_rule_has_a_clause_and_chosen_values_in_range():
    r = nd30.rules()
    for m in r.margins.values():
        assert m.min <= m.chosen <= m.max and m.clause.startswith("NĐ30")
    for name, el in r.elements.items():
        assert el.size.min <= el.size.chosen <= el.size.max, name
        if name != "table_text":
            assert el.clause and el.clause.startswith("NĐ30"), name
    expected = {
        "national_title": (12, 13, True, None),
        "motto": (13, 14, True, None),
        "issuing_body": (12, 13, True, None),
        "governing_body": (12, 13, False, None),
        "number_symbol": (13, 13, False, None),
        "place_date": (13, 14, False, True),
        "type_name": (13, 14, True, None),
        "summary": (13, 14, True, None),
        "body": (13, 14, None, None),
        "signature_authority": (13, 14, True, None),
        "signer_name": (13, 14, True, None),
        "recipients_heading": (12, 12, True, True),
        "recipients": (11, 11, False, False),
        "appendix_label": (14, 14, True, None),
    }
    for name, (lo, hi, bold, italic) in expected.items():
        el = r.element(name)
        assert (el.size.min, el.size.max) == (lo, hi), name
        assert el.bold == bold, name
        if italic is not None:
            assert el.italic == italic, name
    b = r.body
    assert b.first_line_indent_cm.min == 1.0 and b.first_line_indent_cm.max == 1.27
    assert b.spacing_min_pt == 6 and b.spacing_before_pt + b.spacing_after_pt >= 6
    assert b.line_multiple.min == 1.0 and b.line_multiple.max == 1.5
    assert r.page_number.size.min == 13 and r.page_number.size.max == 14 and r.page_number.italic is False


def test_load_rules_rejects_chosen_outside_range(tmp_path):
    text = nd30.RULES_FILE.read_text(encoding="utf-8").replace(
        "top: {min: 20, max: 25, chosen: 20", "top: {min: 20, max: 25, chosen: 19"
    )
    bad = tmp_path / "rules.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="outside"):
        nd30.load_rules(bad)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-03-05", "ngày 05 tháng 3 năm 2024"),
        ("2020-01-05", "ngày 05 tháng 01 năm 2020"),
        ("2019-06-29", "ngày 29 tháng 6 năm 2019"),
        ("2024-02-10", "ngày 10 tháng 02 năm 2024"),
        ("2024-12-31", "ngày 31 tháng 12 năm 2024"),
        ("2024-11-09", "ngày 09 tháng 11 năm 2024"),
        (dt.date(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
        ("13/5/2024", "ngày 13 tháng 5 năm 2024"),
        ((2024, 2, 3), "ngày 03 tháng 02 năm 2024"),
        ({"year": 2026, "month": 1}, "ngày     tháng 01 năm 2026"),
        ("2024-03", "ngày     tháng 3 năm 2024"),
        ("2026", "ngày     tháng     năm 2026"),
        (2026, "ngày     tháng     năm 2026"),
    ],
)
def test_format_date(value, expected):
    assert nd30.format_date(value) == expected


def test_blank_draft_date_uses_given_or_current_year():
    assert nd30.format_date(None, year=2026) == "ngày     tháng     năm 2026"
    assert nd30.format_date(None) == f"ngày     tháng     năm {dt.date.today().year}"


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-01-32", "hôm qua"])
def test_format_date_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        nd30.format_date(bad)


def test_place_date():
    assert nd30.format_place_date("Lâm Đồng", "2024-03-05") == "Lâm Đồng, ngày 05 tháng 3 năm 2024"
    assert nd30.format_place_date(None, "2024-03-05") == "Ngày 05 tháng 3 năm 2024"


@pytest.mark.parametrize(
    "number, symbol, expected",
    [
        (5, "KH-UBND", "Số: 05/KH-UBND"),
        ("5", "KH-UBND", "Số: 05/KH-UBND"),
        ("05", "KH-UBND", "Số: 05/KH-UBND"),
        (12, "KH-UBND", "Số: 12/KH-UBND"),
        ("1234", "BC-SCT", "Số: 1234/BC-SCT"),
        (None, "KH-UBND", "Số:      /KH-UBND"),
        ("", "KH-UBND", "Số:      /KH-UBND"),
        (7, " KH - UBND ", "Số: 07/KH-UBND"),
    ],
)
def test_format_number_symbol(number, symbol, expected):
    assert nd30.format_number_symbol(number, symbol) == expected


def test_party_number():
    assert nd30.format_number_symbol(146, "KH/HU", convention="party") == "Số 146-KH/HU"


def test_helpers():
    assert [nd30.roman(i) for i in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert [nd30.letter(i) for i in (1, 4, 5, 6, 7, 10)] == ["a", "d", "đ", "e", "g", "k"]
    assert nd30.symbol_for("Kế hoạch", "UBND") == "KH-UBND"
    assert nd30.mm_to_twips(210) == 11906 and nd30.mm_to_twips(297) == 16838
    assert nd30.cm_to_twips(1.27) == 720
    # the Quốc hiệu at the chosen size fits the right header column
    r = nd30.rules()
    width_mm = (
        nd30.text_width_pt(r.element("national_title").text, r.element("national_title").size.chosen, bold=True)
        / 72
        * 25.4
    )
    lay = r.layout["header_table"]
    assert width_mm < lay["right_width_mm"] - 2 * lay["cell_margin_mm"]


LITERAL = re.compile(r"\b(Pt|Mm|Cm|Inches|Emu|Twips)\(\s*[\d.]+")


def test_no_size_literals_outside_nd30():
    """Sizes and margins come from nd30_rules.yaml: no Pt(12)/Mm(20)/Cm(1.27) literals in docgen."""
    offenders = []
    for path in (ROOT / "docgen").rglob("*.py"):
        if path.name == "nd30.py":
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LITERAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_renderer_writes_no_hardcoded_rule_numbers():
    """The writer's XML never spells a margin, page size or rule font size directly."""
    src = (ROOT / "docgen" / "render" / "docx.py").read_text(encoding="utf-8")
    for forbidden in (
        'w:w="11906"',
        'w:h="16838"',
        'w:sz="28"',
        'w:sz="26"',
        'w:top="1134"',
        'w:left="1701"',
        "Times New Roman",
    ):
        assert forbidden not in src, forbidden
