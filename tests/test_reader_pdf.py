"""PDF reader: layout (header columns, paragraphs, tables, tail), broken files, OCR and the real corpus."""

from __future__ import annotations

import shutil
import unicodedata
from functools import lru_cache
from pathlib import Path

import fixtures_pdf as F
import pytest

from extract.blocks import ReadError
from extract.normalize import clean_text, strip_accents
from extract.ocr_fix import status as ocr_fix_status
from extract.readers import ocr as ocr_mod
from extract.readers import read_document
from extract.readers.pdf import read_pdf
from extract.task_tables import task_rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "made" / "pdf"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OCR_OK, OCR_WHY = ocr_mod.ocr_status("vie")
needs_ocr = pytest.mark.skipif(not OCR_OK, reason=f"OCR not available: {OCR_WHY}")


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> dict[str, Path]:
    """Fresh PDFs from python-docx + LibreOffice; the committed samples when LibreOffice is missing."""
    out = tmp_path_factory.mktemp("pdf")
    if F.soffice_path() and shutil.which("pdftoppm"):
        return F.make_all(out)
    if not (SAMPLES / "ke-hoach-hai-cot.pdf").exists():
        pytest.skip("no LibreOffice to make PDFs and no committed samples in corpus/made/pdf")
    plan = SAMPLES / "ke-hoach-hai-cot.pdf"
    files = {
        "plan": plan,
        "plan_footer": SAMPLES / "ke-hoach-chan-trang.pdf",
        "scan": SAMPLES / "ke-hoach-trang-scan.pdf",
        "truncated": F.make_truncated_pdf(plan, out / "truncated.pdf"),
        "not_pdf": out / "not_pdf.pdf",
    }
    files["not_pdf"].write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    files["mixed"] = F.make_mixed_pdf(plan, files["scan"], out / "mixed.pdf")
    return files


@lru_cache(maxsize=16)
def _read(path: str, max_ocr_pages: int | None = None):
    return read_pdf(path, max_ocr_pages=max_ocr_pages)


@pytest.fixture(scope="session")
def plan(made):
    return _read(str(made["plan"]))


def texts(doc, zone=None):
    return [b.text for b in doc.blocks if zone is None or b.zone == zone]


def block(doc, text):
    found = [b for b in doc.blocks if b.text == text]
    assert found, f"no block {text!r}; blocks: {texts(doc)[:40]}"
    return found[0]


def fold(text: str) -> str:
    return " ".join(strip_accents(text).lower().split())


# --- layout of a text-layer PDF ------------------------------------------------------------------------------


def test_header_columns_are_separated(plan):
    header = texts(plan, "header")
    left = [F.ISSUER[0], F.ISSUER[1], F.NUMBER]
    right = [F.MOTTO[0], F.MOTTO[1], F.PLACE_DATE]
    assert header == left + right  # left column first, then the right one, nothing merged line by line
    for b in plan.blocks:
        assert not ("ỦY BAN NHÂN DÂN" in b.text and "CỘNG HÒA" in b.text)
        assert not ("Số:" in b.text and "ngày 05" in b.text)
    assert plan.blocks[0].zone == "header" and plan.blocks[0].page == 1
    assert block(plan, F.ISSUER[1]).bold is True
    assert block(plan, F.PLACE_DATE).italic is True


def test_title_follows_header_as_body(plan):
    title = block(plan, "KẾ HOẠCH")
    assert title.zone == "body" and title.bold is True and title.align == "center"
    nxt = plan.blocks[plan.blocks.index(title) + 1]
    assert nxt.text == F.TITLE  # the trích yếu is its own block, not glued to "KẾ HOẠCH"


def test_wrapped_lines_joined_into_paragraphs(plan):
    body = texts(plan, "body")
    assert clean_text(F.LONG_PARAGRAPH) in body
    assert clean_text(F.PURPOSE) in body
    for b in F.REQUIREMENT_BULLETS + F.TARGETS:
        assert "- " + b in body
    for _, paras in F.ORGANISATION:
        for p in paras:
            assert "- " + p in body
    # The filler paragraph runs across the page 2 → 3 break at least once and is still whole.
    assert body.count(F.FILLER) == 6
    assert all(not t[:1].islower() for t in body), [t for t in body if t[:1].islower()]


def test_page_numbers_removed(plan):
    for b in plan.blocks:
        if b.zone != "table":
            assert not b.text.strip().isdigit(), b


def test_bold_and_size_hints(plan):
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU", "1. Mục đích", "IV. TỔ CHỨC THỰC HIỆN"):
        b = block(plan, heading)
        assert b.bold is True and b.size == 14.0
    para = block(plan, clean_text(F.LONG_PARAGRAPH))
    assert para.bold is False and para.size == 14.0 and para.align == "justify"


def test_task_table_cells(plan):
    cells = {b.table: b.text for b in plan.blocks if b.zone == "table"}
    assert cells["t1:r1:c1"] == "STT"
    assert cells["t1:r1:c2"] == "Nội dung nhiệm vụ"
    assert cells["t1:r1:c6"] == "Cơ quan phối hợp"
    # Task 1 is split by the page break; its pieces are joined back into row 2.
    assert cells["t1:r2:c2"] == F.TASKS[0][0]
    assert cells["t1:r2:c5"] == F.TASKS[0][3]
    for i, task in enumerate(F.TASKS, start=2):
        assert cells[f"t1:r{i}:c1"] == str(i - 1)
        assert cells[f"t1:r{i}:c2"] == task[0]
        assert cells[f"t1:r{i}:c4"] == task[2]
    # The header row LibreOffice repeats on page 2 is not a second header.
    assert list(cells.values()).count("Nội dung nhiệm vụ") == 1
    assert all(b.bold for b in plan.blocks if b.table and ":r1:" in b.table)


def test_task_rows_from_task_tables(plan):
    rows = task_rows(plan.tables)
    assert [r.stt for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0].task == F.TASKS[0][0]
    assert rows[0].lead == F.TASKS[0][3] and rows[0].coordinate == F.TASKS[0][4]
    assert rows[4].deadline == "Trước ngày 15/12/2024"
    by_par = {b.paragraph: b for b in plan.blocks}
    for r in rows:
        assert by_par[r.paragraph].text == r.task and r.page in (1, 2)


def test_table_grid_holds_the_blocks(plan):
    """The reader hands the task table over as a grid whose cells hold the very blocks of the stream."""
    (table,) = plan.tables
    stream = {id(b) for b in plan.blocks}
    cells = [c for row in table.rows for c in row.cells]
    assert all(id(b) in stream for c in cells for b in c.blocks)
    assert all(
        b.table == f"{table.id}:r{r}:c{c.col}"
        for r, row in enumerate(table.rows, 1)
        for c in row.cells
        for b in c.blocks
    )
    assert [c.text for c in table.rows[1].cells][:2] == ["1", F.TASKS[0][0]]
    assert {row.page for row in table.rows} == {1, 2}


def test_recipients_then_signature(plan):
    zones = [b.zone for b in plan.blocks]
    first_rec, first_sig = zones.index("recipients"), zones.index("signature")
    assert first_rec < first_sig
    assert texts(plan, "recipients") == ["Nơi nhận:"] + ["- " + r for r in F.RECIPIENTS]
    assert texts(plan, "signature") == [s for s in F.SIGNER if s]
    assert set(zones[first_rec:]) <= {"recipients", "signature"}


def test_running_footer_removed(made):
    doc = _read(str(made["plan_footer"]))
    assert doc.meta["pages"] == 4
    assert not any("12/KH-UBND của UBND" in t for t in texts(doc))
    assert texts(doc, "signature")[-1] == "Phạm Duy Hưng"
    assert texts(doc, "body").count(F.FILLER) == 9


def test_boxed_header_and_signature_tables(made):
    if "plan_boxed" not in made:
        pytest.skip("LibreOffice needed")
    doc = _read(str(made["plan_boxed"]))
    assert texts(doc, "header") == [F.ISSUER[0], F.ISSUER[1], F.NUMBER, F.MOTTO[0], F.MOTTO[1], F.PLACE_DATE]
    assert texts(doc, "recipients") == ["Nơi nhận:"] + ["- " + r for r in F.RECIPIENTS]
    assert texts(doc, "signature") == [s for s in F.SIGNER if s]
    assert {b.table.split(":")[0] for b in doc.blocks if b.table} == {"t1"}


def test_meta_paragraph_numbers_and_clean_text(plan):
    assert plan.format == "pdf" and plan.meta["pages"] == 3 and plan.meta["ocr_pages"] == []
    assert [b.paragraph for b in plan.blocks] == list(range(1, len(plan.blocks) + 1))
    for b in plan.blocks:
        assert b.text == clean_text(b.text).strip() and b.text
        assert unicodedata.is_normalized("NFC", b.text)
        assert b.page in (1, 2, 3)
    assert not [w for w in plan.warnings if w[0] != "ocr"]


def test_fast_layout_walk_matches_pdfplumber_chars(made):
    """The direct pdfminer walk gives exactly what pdfplumber's char dicts and table finder give."""
    for key in ("plan", "plan_footer"):
        fast, ref = read_pdf(made[key]), read_pdf(made[key], fast=False)
        assert [(b.text, b.zone, b.table, b.page, b.bold, b.italic, b.size, b.align) for b in fast.blocks] == [
            (b.text, b.zone, b.table, b.page, b.bold, b.italic, b.size, b.align) for b in ref.blocks
        ]
        assert task_rows(fast.tables) == task_rows(ref.tables) and fast.meta == ref.meta


def test_dispatch_through_read_document(made):
    doc = read_document(made["plan"])
    assert doc.format == "pdf" and texts(doc, "header")[0] == F.ISSUER[0]


# --- broken files --------------------------------------------------------------------------------------------


def test_encrypted_pdf(made):
    if "encrypted" not in made:
        pytest.skip("LibreOffice needed to make an encrypted PDF")
    with pytest.raises(ReadError, match="password-protected PDF"):
        read_pdf(made["encrypted"])


def test_truncated_pdf(made):
    with pytest.raises(ReadError, match="truncated PDF"):
        read_pdf(made["truncated"])


def test_not_a_pdf(made, tmp_path):
    with pytest.raises(ReadError, match="not a PDF file"):
        read_pdf(made["not_pdf"])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + b"garbage " * 50)
    with pytest.raises(ReadError):
        read_pdf(junk)


# --- scans and fonts without a Unicode map ----------------------------------------------------------------------


@pytest.mark.slow
@needs_ocr
def test_scanned_page_is_read_with_ocr(made):
    doc = _read(str(made["scan"]))
    assert doc.meta["ocr_pages"] == [1]
    expected = [("ocr", "page 1: text came from OCR (tesseract); check it", None)]
    if not ocr_fix_status()[0]:  # without hunspell-vi the reader says once that tone marks stay as read
        expected.append(("ocr_uncorrected", f"OCR text not corrected for tone marks: {ocr_fix_status()[1]}", None))
    assert doc.warnings == expected
    assert doc.meta["ocr_confidence"][1] > 80
    all_text = fold(" ".join(texts(doc)))
    for words in ("uy ban nhan dan", "ke hoach", "chuyen doi so", "giao duc nghe nghiep", "muc dich", "yeu cau"):
        assert words in all_text, words
    header = fold(" ".join(texts(doc, "header")))
    assert "cong hoa xa hoi chu nghia viet nam" in header and "so: 12/kh-ubnd" in header
    assert not any("CỘNG HÒA" in t and "ỦY BAN" in t for t in texts(doc))
    assert all(b.bold is None for b in doc.blocks)  # OCR does not see fonts


def test_scan_without_ocr_is_a_clear_error(made, monkeypatch):
    monkeypatch.setattr(ocr_mod, "ocr_status", lambda lang="vie": (False, "tesseract is not installed"))
    with pytest.raises(
        ReadError,
        match=r"scanned PDF with no text layer; install OCR: apt-get install tesseract-ocr "
        r"tesseract-ocr-vie \(tesseract is not installed\)",
    ):
        read_pdf(made["scan"])
    monkeypatch.undo()
    with pytest.raises(ReadError, match="scanned PDF with no text layer"):
        read_pdf(made["scan"], ocr=False)


def test_mixed_pdf_without_ocr_keeps_the_text_pages(made, monkeypatch):
    monkeypatch.setattr(ocr_mod, "ocr_status", lambda lang="vie": (False, "tesseract has no 'vie' language data"))
    doc = read_pdf(made["mixed"])
    assert doc.meta["pages"] == 4 and doc.meta["pages_needing_ocr"] == [4] and doc.meta["ocr_pages"] == []
    assert texts(doc, "header")[0] == F.ISSUER[0] and texts(doc, "signature")[-1] == "Phạm Duy Hưng"
    assert any(
        w[0] == "ocr_unavailable" and "page 4 is scanned" in w[1] and "tesseract-ocr-vie" in w[1] for w in doc.warnings
    )


@pytest.mark.slow
@needs_ocr
def test_mixed_pdf_with_ocr(made):
    doc = _read(str(made["mixed"]))
    assert doc.meta["ocr_pages"] == [4]
    assert [w for w in doc.warnings if w[0] == "ocr"] == [
        ("ocr", "page 4: text came from OCR (tesseract); check it", None)
    ]
    page4 = fold(" ".join(b.text for b in doc.blocks if b.page == 4))
    assert "chuyen doi so" in page4
    assert texts(doc, "header") == [F.ISSUER[0], F.ISSUER[1], F.NUMBER, F.MOTTO[0], F.MOTTO[1], F.PLACE_DATE]


def test_ocr_page_limit(made):
    doc = read_pdf(made["scan"], max_ocr_pages=0)
    assert doc.blocks == [] and doc.meta["pages_needing_ocr"] == [1]
    assert any(w[0] == "ocr_skipped" and w[1].startswith("page 1:") for w in doc.warnings)


@pytest.mark.slow
def test_cid_fonts_treated_as_scans(monkeypatch):
    path = SHARED / "042_qd-1050-sct-kiem-tra-vlncn-2026.pdf"
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is not checked out)")
    if OCR_OK:
        doc = _read(str(path), 2)
        assert doc.meta["pages_needing_ocr"] == [1, 2, 3, 4] and doc.meta["ocr_pages"] == [1, 2]
        assert not any("(cid:" in t for t in texts(doc))
        text = fold(" ".join(texts(doc)))
        assert "so cong thuong" in text and "lao cai" in text and "quyet dinh" in text
        assert any(w[0] == "ocr" for w in doc.warnings)
    monkeypatch.setattr(ocr_mod, "ocr_status", lambda lang="vie": (False, "tesseract is not installed"))
    with pytest.raises(ReadError, match=r"no Unicode map \(text comes out as \(cid:NNN\)\).*install OCR: apt-get"):
        read_pdf(path)


# --- the real corpus -----------------------------------------------------------------------------------------------

REAL = sorted(SHARED.glob("*.pdf")) if SHARED.is_dir() else []


@pytest.mark.slow
@pytest.mark.parametrize("path", REAL or [None], ids=[p.name[:40] for p in REAL] or ["no-shared-corpus"])
def test_real_pdfs_read(path):
    if path is None:
        pytest.skip(f"{SHARED} not present")
    try:
        doc = _read(str(path), 1)  # OCR the first page of scans only, to keep the test short
    except ReadError as exc:
        assert not OCR_OK and "install OCR" in str(exc)
        return
    assert doc.meta["pages"] >= 1
    assert doc.blocks
    for b in doc.blocks:
        assert "(cid:" not in b.text and "\ufffd" not in b.text
        assert b.text == b.text.strip() and b.page is not None


@pytest.mark.slow
def test_real_text_pdf_layout():
    path = SHARED / "026_bc-cchc-2025-lamdong.pdf"
    if not path.exists():
        pytest.skip(f"{path} not present")
    doc = _read(str(path), 1)
    # The number and the day are form fields the signing tool filled in (annotations): read at their place.
    assert texts(doc, "header") == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "Số: 329 /BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 19 tháng 12 năm 2025",
    ]
    assert texts(doc, "body")[:2] == [
        "BÁO CÁO",
        "Công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ năm 2026 của tỉnh Lâm Đồng",
    ]
    assert texts(doc, "recipients")[0] == "Nơi nhận:"
    assert texts(doc, "signature") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Ngọc Phúc"]
    body = [b for b in doc.blocks if b.zone == "body"]
    assert not any(b.text.isdigit() for b in body)  # running page numbers
    # Footnote markers are dropped from the body ("…các ngành¹." → "…các ngành."); footnotes keep their number.
    assert any(b.text.endswith("nhiệm vụ chính trị của các cấp, các ngành.") for b in body)
    assert any(b.text.startswith("1 Thường trực Tỉnh ủy") and b.size == 10.0 for b in body)
    # A paragraph that runs over a page break (past the footnotes) is one block.
    assert any("PAR INDEX, SIPAS, PAPI, PCI và Bộ chỉ số" in b.text for b in body)
    big = [b for b in body if (b.size or 0) >= 13]
    assert [b.text for b in big if b.text[:1].islower() and b.text[1:2] != ")"] == []  # "a) …" labels are fine
    # The statistics annex is a ruled table; white highlight boxes in the body are not tables.
    assert {b.page for b in doc.blocks if b.zone == "table"} >= {25, 26, 27}
    assert not any(b.zone == "table" and b.page < 25 for b in doc.blocks)


# --- legacy encodings ----------------------------------------------------------------------------------------------


def test_legacy_encoding_hook():
    pytest.importorskip("extract.legacy_encoding")
    from extract.blocks import Document
    from extract.readers.pdf import _LegacyFixer, _Line, _Piece

    doc = Document(path="x.pdf", format="pdf", blocks=[])
    text = "KÕ ho¹ch triÓn khai"
    pieces, x = [], 10.0
    for ch in text:
        p = _Piece(ch, x, x + 6, 100, 114, 14, False, False, "ABCDEF+.VnTime")
        pieces.append(p)
        x += 6 if ch != " " else 0
    line = _Line([p for p in pieces if p.text != " "], page=3)
    line.text = text
    _LegacyFixer(doc).fix(line)
    assert line.text == "Kế hoạch triển khai"
    assert doc.warnings and doc.warnings[0][0] == "legacy_encoding" and doc.warnings[0][1].startswith("page 3:")
