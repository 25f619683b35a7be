"""Text files in the encodings offices produce: UTF-8 (BOM or not), UTF-16, CP1258; huge files refused."""

from __future__ import annotations

import unicodedata

import pytest

from extract import extract_file
from extract.blocks import ReadError
from extract.readers import read_document

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """CP1258 stores tone marks as combining characters after a precomposed base (â, ơ, ư …)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


TEXT = "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 12/KH-UBND\nKẾ HOẠCH\nPhát triển du lịch\nI. MỤC TIÊU\n- Đạt 30% khách.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_encodings_give_the_same_plan(tmp_path, encoding):
    f = tmp_path / "plan.txt"
    data = to_cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding)
    f.write_bytes(data)
    plan = extract_file(f)
    assert plan.header.issuing_body == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    assert plan.header.number == "12" and plan.targets[0].value == 30
    if encoding == "cp1258":
        assert any(w.code == "encoding" for w in plan.warnings)


def test_cp1258_decomposed_tones_are_composed(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(to_cp1258(TEXT))
    doc = read_document(f)
    assert doc.blocks[0].text == "ỦY BAN NHÂN DÂN"  # NFC, not base letter + combining mark


def test_huge_file_refused_quickly(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.write(("Một dòng văn bản rất dài. " * 40 + "\n").encode() * 50_000)  # ~50 MB
    with pytest.raises(ReadError) as exc:
        read_document(f)
    assert "MB" in str(exc.value) and str(f) in str(exc.value)
