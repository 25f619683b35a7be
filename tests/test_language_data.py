"""Language data lives once (extract/data, read through extract.lexicon and extract.levels) and every module
reads the same words: the form's wording, the signature prefixes, the level words, the accent fold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, seed

from docgen import nd30
from docgen.templates_env import _signature_lines
from extract import lexicon
from extract.levels import level_of, tier
from extract.model import Signer
from extract.normalize import fold, loose_key, match_key, strip_accents


def test_signature_prefixes_as_typists_write_them_read_as_the_canonical_one():
    assert [p.prefix for p in lexicon.signature_prefixes()] == ["TM.", "KT.", "Q.", "TL.", "TUQ."]
    for written, canon in [
        ("T/M", "TM."),
        ("t.m", "TM."),
        ("K/T", "KT."),
        ("KT", "KT."),
        ("T/L", "TL."),
        ("TUQ.", "TUQ."),
    ]:
        assert lexicon.canonical_signature_prefix(written) == canon
    assert lexicon.canonical_signature_prefix("UBND") is None
    m = lexicon.authority_line().match("K/T CHỦ TỊCH")
    assert m and lexicon.canonical_signature_prefix(m["p"]) == "KT." and m["rest"] == "CHỦ TỊCH"
    assert lexicon.authority_line().match("TỔ CHỨC THỰC HIỆN") is None
    # A lone "Q." inside a one-line signature is not trusted as "quyền"; at the start of a line it is.
    assert "Q" not in lexicon.signature_prefix_alternation(inline=True).split("|")
    assert lexicon.authority_line().match("Q. CHỦ TỊCH")


def test_tail_reads_a_written_variant_prefix():
    from extract import extract_text

    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nThực hiện công tác văn thư năm 2025\n\n"
        "I. MỤC ĐÍCH\n1. Nâng cao chất lượng công tác văn thư.\n\n"
        "Nơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT.\nT/M ỦY BAN NHÂN DÂN\nK/T CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
    )
    signer = extract_text(text).signer
    assert signer.authority == "KT."
    assert signer.on_behalf == "ỦY BAN NHÂN DÂN"
    assert signer.title == "PHÓ CHỦ TỊCH"


def test_signer_lines_are_built_from_the_prefix_roles():
    lines = _signature_lines(Signer(authority="KT.", on_behalf="Ủy ban nhân dân", title="Phó Chủ tịch"))
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert _signature_lines(Signer(authority="TL.", on_behalf="Chủ tịch", title="Chánh Văn phòng")) == [
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
    ]
    assert _signature_lines(Signer(authority="Q.", on_behalf="Ủy ban nhân dân", title="Chủ tịch")) == [
        "TM. ỦY BAN NHÂN DÂN",
        "Q. CHỦ TỊCH",
    ]


def test_the_form_rules_take_their_wording_from_extract_data():
    r = nd30.rules()
    assert (
        r.element("national_title").text == lexicon.national_text("quoc_hieu") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert r.element("motto").text == lexicon.national_text("tieu_ngu")
    assert list(r.authority_prefixes) == [p.prefix for p in lexicon.signature_prefixes()]
    assert r.date.zero_pad_months == tuple(lexicon.date_rule()["zero_pad_months"])
    # The national lines are recognised in the spellings documents use (HOÀ, en dash).
    assert match_key("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") in lexicon.national_keys()
    assert match_key("Độc lập – Tự do – Hạnh phúc") in lexicon.national_keys()
    rules_text = (REPO / "docgen" / "nd30_rules.yaml").read_text(encoding="utf-8")
    assert "CỘNG HÒA" not in rules_text and "TUQ.:" not in rules_text  # the wording is not written twice


def test_a_rules_file_may_still_set_the_form_wording(tmp_path):
    text = (REPO / "docgen" / "nd30_rules.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "rules.yaml"
    custom.write_text(text + '\nauthority_prefixes: ["TM."]\nauthority_clause: "x"\n', encoding="utf-8")
    assert nd30.load_rules(custom).authority_prefixes == ("TM.",)


def test_derived_deadlines_use_the_date_rule():
    from docgen.derive import DeriveOptions, derive
    from extract import extract_file

    d = derive(extract_file(seed("000_")), DeriveOptions(unit="UBND huyện Chợ Mới", date="2024-09", lead_days=200))
    shifted = [i.after for i in d.review if i.kind == "deadline" and i.after]
    assert shifted, "the parent has a report deadline that moves ahead"
    for text in shifted:
        m = re.search(r"ngày (\d+) tháng (\d+)", text)
        assert m, text
        day, month = int(m[1]), int(m[2])
        assert m[1] == nd30.format_day(day) and m[2] == nd30.format_month(month)


def test_a_phuong_derives_as_a_phuong_on_the_commune_level():
    """The one answer to 'phường': its level (header.level, the derive map) is the commune level, its wording
    (body, 'toàn phường', ward office names) is its own."""
    from docgen.derive import DeriveOptions, derive
    from docgen.derive.units import _communes, successor
    from extract import extract_file

    assert tier("phường") == tier("xã") == level_of("ỦY BAN NHÂN DÂN PHƯỜNG SÔNG TRÍ") == "xã"
    assert tier("thành phố") == "tỉnh" and tier("quận") == "huyện" and tier("sở") == "sở"
    home = successor("Bắc Kạn") or "Bắc Kạn"
    ward = next(c for c in _communes() if match_key(c.province) == match_key(home) and c.word == "phường")
    d = derive(extract_file(seed("000_")), DeriveOptions(unit=f"UBND phường {ward.place}", date="2025-09"))
    h = d.plan.header
    assert h.level == "xã" == level_of(h.issuing_body, h.governing_body)
    assert match_key(h.issuing_body) == match_key(f"Ủy ban nhân dân phường {ward.place}")
    texts = [t.text for t in d.plan.targets] + [t.text for r in d.plan.responsibilities for t in r.tasks]
    assert any("toàn phường" in t or "địa bàn phường" in t for t in texts)
    assert not any(re.search(r"(?:toàn|địa bàn) xã\b", t) for t in texts)


def test_accent_fold_is_one_function():
    assert fold("Kế Hoạch ĐẶC KHU Phú Quốc") == "ke hoach dac khu phu quoc"
    assert loose_key("UỶ BAN  NHÂN DÂN") == loose_key("ủy ban nhân dân") == "uy ban nhan dan"
    assert nd30.fold("  Kế   hoạch ") == "ke hoach"
    from extract.batch import query

    assert query.fold is fold
    # No module outside normalize strips marks to fold text: the tone helpers that keep vowel qualities (OCR
    # fixer, legacy encodings) decompose to move or count tone marks, which is another job.
    allowed = {"extract/normalize.py", "extract/legacy_encoding.py", "extract/ocr_fix/syllables.py"}
    allowed |= {"extract/ocr_fix/correct.py"}
    offenders = []
    for path in sorted(p for pkg in ("extract", "docgen") for p in Path(REPO, pkg).rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in allowed or rel.startswith("docgen/lint/"):
            continue
        if 'normalize("NFD"' in path.read_text(encoding="utf-8"):
            offenders.append(rel)
    assert offenders == []
    assert strip_accents("Đường") == "Duong"


@pytest.mark.parametrize("word", ["tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "đặc khu"])
def test_agency_matcher_takes_every_level_word(word):
    from extract.agencies import find_agencies

    found = [text for _, _, text in find_agencies([f"Giao Ủy ban nhân dân {word} Hòa Bình chủ trì thực hiện."])[0]]
    assert any(match_key(f"Ủy ban nhân dân {word} Hòa Bình") == match_key(t) for t in found), found


def test_the_2025_map_is_read_once_and_docgen_takes_it_from_extract():
    from docgen.derive import units as derive_units
    from docgen.web import units as web_units
    from extract import levels

    communes = levels.map_2025()
    assert len(communes) == 3321
    # The derive pool and the web list are the same communes in the same order as extract's reader.
    assert [(c.word, c.place) for c in derive_units._communes()] == [(c.word, c.place) for c in communes]
    assert [u.label for u in web_units.all_units()] == [f"{c.name} — {c.province}" for c in communes]
    # A province's unit word comes from levels.yaml, not from a prefix in code.
    assert levels.split_province("Thành phố Hà Nội") == ("thành phố", "Hà Nội")
    assert levels.split_province("Tuyên Quang") == ("tỉnh", "Tuyên Quang")
    hanoi = next(c for c in derive_units._communes() if c.province == "Hà Nội")
    assert hanoi.province_body == "Ủy ban nhân dân thành phố Hà Nội"


def test_docx_signature_titles_are_the_header_authority_heads():
    from extract.readers.docx import _is_sign_title

    for head in lexicon.load("header")["authority_heads"]:
        assert _is_sign_title(match_key(head.upper()))
        assert _is_sign_title(match_key(f"PHÓ {head.upper()} ỦY BAN NHÂN DÂN"))
    # "thủ tướng" was in the data only, "thứ trưởng" in the reader only: both now read from one list.
    assert _is_sign_title(match_key("PHÓ THỦ TƯỚNG")) and _is_sign_title(match_key("THỨ TRƯỞNG"))
    assert not _is_sign_title(match_key("CHỦ TỊCH NƯỚC")[:5]) and not _is_sign_title(match_key("NƠI NHẬN:"))


@pytest.mark.parametrize("label", lexicon.load("document_form")["tail"]["recipients"])
@pytest.mark.parametrize("archive", lexicon.load("document_form")["tail"]["archive"])
def test_tail_labels_come_from_the_form_data(label, archive):
    from extract import extract_text

    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nThực hiện công tác văn thư năm 2025\n\n"
        "I. MỤC ĐÍCH\n1. Nâng cao chất lượng công tác văn thư.\n2. Bảo đảm lưu trữ đúng quy định.\n\n"
        f"{label.upper()}:\n- Các sở, ban, ngành;\n- {archive.capitalize()}: VT.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
    )
    plan = extract_text(text)
    assert [r.is_archive for r in plan.recipients] == [False, True]
    assert plan.recipients[0].text.startswith("Các sở")
    assert plan.signer.title == "PHÓ CHỦ TỊCH"


def test_agency_heads_and_collective_bodies_come_from_agencies_yaml():
    from docgen.templates_env import _collective_body
    from extract.agencies import find_agencies

    data = lexicon.load("agencies")
    for head in data["territorial_heads"]:
        found = [t for _, _, t in find_agencies([f"Giao {head} huyện Hòa Bình chủ trì."])[0]]
        assert any(match_key(f"{head} huyện Hòa Bình") == match_key(t) for t in found), (head, found)
    for head in data["named_heads"]:
        found = [t for _, _, t in find_agencies([f"Giao {head} Minh Khai Tân Tiến chủ trì."])[0]]
        assert any(match_key(t).endswith("minh khai tân tiến") for t in found), (head, found)
    for body in data["collective_bodies"]:
        assert _collective_body(f"{body.upper()} TỈNH LÂM ĐỒNG") == body.upper()
    # Abbreviations expand as the gazetteer says, and "Uỷ" is "Ủy".
    assert _collective_body("UBND huyện Hải Hậu") == "ỦY BAN NHÂN DÂN"
    assert _collective_body("HĐND tỉnh Nam Định") == "HỘI ĐỒNG NHÂN DÂN"
    assert _collective_body("UỶ BAN NHÂN DÂN XÃ AN BÌNH") == "ỦY BAN NHÂN DÂN"
    assert _collective_body("SỞ Y TẾ") is None and _collective_body(None) is None


def test_document_types_are_one_table_read_by_extraction_and_nd30():
    from extract import extract_text
    from extract.ocr_fix.symbols import fix_symbols

    rules_text = (REPO / "docgen" / "nd30_rules.yaml").read_text(encoding="utf-8")
    assert "Kế hoạch: KH" not in rules_text  # the types are not written twice
    table = lexicon.doc_type_names()
    letter = lexicon.load("header")["subject_doc_type"]
    assert dict(nd30.rules().type_abbreviations) == {
        lexicon.doc_type_name(code): code for code in table if code != letter
    }
    assert nd30.rules().type_code("kế hoạch") == "KH" and nd30.rules().type_code("Công văn") is None
    assert nd30.rules().type_code("Biên bản") == "BB"  # a decree type extraction does not read
    read = lexicon.read_doc_types()
    assert set(read) <= set(table) and "KH" in read and "BB" not in read
    for code in read:
        if code == letter:
            continue
        name = lexicon.doc_type_name(code)
        text = (
            f"ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 12/{code}-UBND\n\n{name.upper()}\n"
            "Về công tác văn thư năm 2025\n\nI. MỤC ĐÍCH\n1. Nâng cao chất lượng công tác văn thư.\n"
        )
        header = extract_text(text).header
        assert (header.doc_type, header.doc_type_code) == (name, code)
    # The OCR symbol fix undoubles only into a type the genre is read as: "QĐĐ" is QĐ, "TTT" stays.
    assert fix_symbols("1050/QĐĐ-SCT") == "1050/QĐ-SCT"
    assert fix_symbols("12/TTT-UBND") == "12/TTT-UBND"


def test_signature_notes_come_from_document_form_yaml():
    from extract import extract_text

    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nThực hiện công tác văn thư năm 2025\n\n"
        "I. MỤC ĐÍCH\n1. Nâng cao chất lượng công tác văn thư.\n\n"
        "Nơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n{note}\nNguyễn Văn An\n"
    )
    # The control: a name-shaped line that is no note is taken for the signer's name.
    assert extract_text(text.format(note="Xem Lại Nhé")).signer.name == "Xem Lại Nhé"
    notes = lexicon.load("document_form")["tail"]["signature_notes"]
    assert "đã ký" in notes
    for note in notes:
        for written in (note.title(), f"({note.capitalize()})"):  # "Đã Ký Tên" is shaped like a name
            signer = extract_text(text.format(note=written)).signer
            assert (signer.title, signer.name) == ("PHÓ CHỦ TỊCH", "Nguyễn Văn An"), written
