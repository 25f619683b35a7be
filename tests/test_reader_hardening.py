"""The reading side on damaged input: control characters and UTF-8 with a few bad bytes."""

from __future__ import annotations

import random
import time
import unicodedata
from pathlib import Path

import pytest
from test_encodings import to_cp1258

from extract import extract_file
from extract.blocks import Block, Document, ReadError
from extract.normalize import clean_text
from extract.pipeline import extract_document, extract_text
from extract.readers import read_document
from extract.readers.text import blocks_from_text

PLAN = Path(__file__).resolve().parents[1] / "corpus" / "plans" / "xa-thuong-lam-giam-ngheo.md"
# Every character an XML writer or a terminal refuses: C0 (but tab, LF, CR), DEL, C1, the two non-characters.
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF] if chr(c) not in "\t\n\r"]


def _refused(text: str) -> list[str]:
    return sorted({ch for ch in text if ch in CONTROLS})


def test_clean_text_drops_controls_and_breaks_at_vertical_tab():
    assert clean_text("Sở Tài chính\x0bchủ trì") == "Sở Tài chính\nchủ trì"
    assert clean_text("Kế\x1f hoạch\x00 số\x7f 12\x9c") == "Kế hoạch số 12"
    assert clean_text("a\u2028b\u2029c\x0cd") == "a\nb\nc\nd"
    assert _refused(clean_text("".join(CONTROLS))) == []


def test_controls_in_a_text_plan_leave_the_plan_intact(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    clean = extract_text(text, file="plan.md")
    # Word's text export writes a manual line break as a vertical tab; converters leave unit separators.
    damaged = text.replace("\n", "\x0b", 30).replace("ng ", "ng\x1f ", 50).replace("a", "a\x00", 20)
    f = tmp_path / "plan.md"
    f.write_text(damaged, encoding="utf-8")
    plan = extract_file(f)
    assert _refused(plan.text) == []
    assert plan.header.title == clean.header.title
    assert len(plan.targets) == len(clean.targets) > 0
    assert len(plan.responsibilities) == len(clean.responsibilities) > 0
    for t in plan.targets:
        assert _refused(t.indicator) == []
        assert plan.text[t.source.start : t.source.end].strip()
    assert plan.model_validate_json(plan.model_dump_json()).text == plan.text


def test_a_vertical_tab_keeps_the_editor_line_number(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text("KẾ HOẠCH\nSở Tài chính chủ trì\x0bCông an tỉnh phối hợp\nHết\n", encoding="utf-8")
    blocks = read_document(f).blocks
    assert [(b.text, b.line) for b in blocks] == [
        ("KẾ HOẠCH", 1),
        ("Sở Tài chính chủ trì", 2),
        ("Công an tỉnh phối hợp", 2),
        ("Hết", 3),
    ]


def test_controls_from_any_reader_are_cleaned_at_the_boundary():
    """PDF and OCR blocks go through the same cleaning as text: a stray control goes, a block broken by a line
    separator becomes two."""
    text = PLAN.read_text(encoding="utf-8")
    clean = extract_text(text, file="scan.pdf")
    blocks = blocks_from_text(text)
    for b in blocks:
        b.text = b.text.replace(" ", " \x02", 1) + "\x1e"
    long_one = max(range(len(blocks)), key=lambda i: len(blocks[i].text))
    blocks.insert(long_one + 1, Block(text="\x0c\x0b\x85", paragraph=blocks[long_one].paragraph))
    plan = extract_document(Document(path="scan.pdf", format="pdf", blocks=blocks))
    assert _refused(plan.text) == []
    assert plan.header.title == clean.header.title
    assert [t.indicator for t in plan.targets] == [t.indicator for t in clean.targets]
    assert len(plan.responsibilities) == len(clean.responsibilities)


def _utf8_with_bad_bytes(text: str, bad: bytes, every: int) -> bytes:
    lines = text.encode("utf-8").split(b"\n")
    return b"\n".join(ln + bad if i % every == 0 and ln else ln for i, ln in enumerate(lines))


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_names_the_lines(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    f = tmp_path / "plan.md"
    f.write_bytes(_utf8_with_bad_bytes(text, b"\xe0", 25))  # 0xE0 alone: 'à' in Windows-1258
    clean = extract_text(text, file="plan.md")
    plan = extract_file(f)
    assert plan.meta["encoding"].startswith("utf-8")
    assert len(plan.targets) == len(clean.targets) > 0
    assert plan.header.title == clean.header.title
    warn = [w for w in plan.warnings if w.code == "encoding"]
    assert len(warn) == 1 and "UTF-8" in warn[0].message
    first_bad = next(i for i, ln in enumerate(text.split("\n")) if i % 25 == 0 and ln) + 1
    assert f"line {first_bad}," in warn[0].message


def test_unaccented_text_with_one_stray_byte_is_read(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"KE HOACH\nTrien khai nhiem vu nam 2026\xa0\nSo Tai chinh chu tri\n")
    doc = read_document(f)
    assert [b.text for b in doc.blocks][0] == "KE HOACH"
    assert any("line 2" in w[1] for w in doc.warnings)


def test_windows_1258_is_still_chosen_on_evidence(tmp_path):
    text = unicodedata.normalize("NFC", PLAN.read_text(encoding="utf-8"))
    f = tmp_path / "plan.txt"
    f.write_bytes(to_cp1258(text))
    doc = read_document(f)
    assert doc.meta["encoding"] == "cp1258"
    assert any(b.text.startswith("KẾ HOẠCH") or "giảm nghèo" in b.text for b in doc.blocks)


def test_binary_is_still_refused(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(random.Random(7).randbytes(20_000))
    with pytest.raises(ReadError):
        read_document(f)


def test_more_text_than_one_plan_is_refused_before_extraction(tmp_path):
    """A 24 MB text took 1.4 GB to extract; past the text limit the reason names the file and the limit."""
    from extract.readers import MAX_TEXT_BYTES

    f = tmp_path / "many-plans.md"
    unit = PLAN.read_bytes()
    f.write_bytes(unit * (MAX_TEXT_BYTES // len(unit) + 1))
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as exc:
        extract_file(f)
    assert time.perf_counter() - t0 < 2
    assert str(f) in str(exc.value) and f"{MAX_TEXT_BYTES / 1e6:.1f} MB limit" in str(exc.value)


def test_text_limit_applies_to_word_files_too(tmp_path):
    import docx

    d = docx.Document()
    for line in PLAN.read_text(encoding="utf-8").split("\n"):
        d.add_paragraph(line)
    f = tmp_path / "plan.docx"
    d.save(f)
    assert read_document(f).blocks
    with pytest.raises(ReadError) as exc:
        read_document(f, max_text=2_000)
    assert "limit for one plan" in str(exc.value)
