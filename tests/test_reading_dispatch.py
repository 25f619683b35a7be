"""`read_document` chooses the reader by content: misnamed Word, PDF and image files are read as what they are."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from extract.blocks import ReadError
from extract.readers import read_document
from extract.readers import sniff as sniff_mod
from extract.readers.doc import find_soffice
from extract.readers.ocr import ocr_status

ROOT = Path(__file__).resolve().parents[1]
MADE_DOCX = ROOT / "corpus" / "made" / "docx" / "auto-numbering.docx"
MADE_PDF = ROOT / "corpus" / "made" / "pdf" / "ke-hoach-hai-cot.pdf"
MADE_SCAN = ROOT / "corpus" / "made" / "pdf" / "ke-hoach-trang-scan.pdf"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} not in corpus/made")
    return path


def _texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def _misnamed(doc) -> list[str]:
    return [w[1] for w in doc.warnings if w[0] == "misnamed_file"]


def test_sniff_kinds(tmp_path):
    assert sniff_mod.sniff(_need(MADE_DOCX)) == "docx"
    assert sniff_mod.kind_of(b"%PDF-1.7\n") == "pdf"
    assert sniff_mod.kind_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8) == "ole"
    assert sniff_mod.kind_of(b"{\\rtf1\\ansi ") == "rtf"
    assert sniff_mod.kind_of(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff_mod.kind_of(b"\x89PNG\r\n\x1a\n....") == "image"
    # a plan whose first words are a form code is text, not a bitmap ("BM" is the BMP magic)
    assert sniff_mod.kind_of("BM-01 KẾ HOẠCH triển khai".encode()) == "text"


def test_docx_named_doc_is_read_as_docx(tmp_path):
    p = tmp_path / "ke-hoach.doc"
    shutil.copyfile(_need(MADE_DOCX), p)
    doc = read_document(p)
    direct = read_document(MADE_DOCX)
    assert doc.format == "docx" and _texts(doc) == _texts(direct)
    assert _misnamed(doc) and ".doc" in _misnamed(doc)[0]
    assert not _misnamed(direct)


def test_pdf_named_docx_is_read_as_pdf(tmp_path):
    p = tmp_path / "ke-hoach.docx"
    shutil.copyfile(_need(MADE_PDF), p)
    doc = read_document(p)
    assert doc.format == "pdf" and doc.path == str(p)
    assert _texts(doc) == _texts(read_document(MADE_PDF))
    assert any("a PDF" in m for m in _misnamed(doc))


def test_text_content_keeps_the_named_readers_refusal(tmp_path):
    p = tmp_path / "ghi-chu.docx"
    p.write_text("Đây không phải là tệp Word.\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not a Word .docx file"):
        read_document(p)
    enc = tmp_path / "khoa.docx"
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ReadError, match="password-protected"):
        read_document(enc)


def _to_doc(src: Path, outdir: Path) -> Path:
    """Word 97-2003 file written by LibreOffice from a .docx (own throw-away profile)."""
    profile = Path(tempfile.gettempdir()) / f"kehoach-test-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                find_soffice() or "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(outdir)},
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / (src.stem + ".doc")
    if not out.exists():
        pytest.skip("LibreOffice wrote no .doc")
    return out


@pytest.mark.slow
def test_doc_named_docx_is_converted(tmp_path):
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    word97 = _to_doc(_need(MADE_DOCX), tmp_path)
    assert sniff_mod.sniff(word97) == "ole"
    p = tmp_path / "that-la-doc.docx"
    shutil.copyfile(word97, p)
    doc = read_document(p)
    assert doc.format == "doc" and doc.meta["converted_from"] == "doc" and doc.path == str(p)
    assert any("converted with LibreOffice" in m for m in _misnamed(doc))
    # the round trip through Word 97 keeps the numbered headings
    assert "I. MỤC ĐÍCH, YÊU CẦU" in _texts(doc)


@pytest.mark.slow
def test_image_is_read_with_ocr(tmp_path):
    ok, why = ocr_status("vie")
    if not ok:
        pytest.skip(f"OCR not available: {why}")
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(_need(MADE_SCAN)))
    try:
        image = pdf[0].render(scale=300 / 72).to_pil()
    finally:
        pdf.close()
    png = tmp_path / "trang-1.png"
    image.save(png, dpi=(300, 300))
    doc = read_document(png)
    assert doc.format == "image" and doc.path == str(png)
    scan = read_document(MADE_SCAN)
    first_page = {b.text for b in scan.blocks if b.page == 1}
    got = set(_texts(doc))
    assert len(got & first_page) >= 0.8 * len(first_page), sorted(first_page - got)


def test_pdf_signature_only_where_a_pdf_reader_takes_it():
    assert sniff_mod.kind_of(b"\x00\x00MacBinary junk %PDF-1.4\n") == "pdf"
    assert sniff_mod.kind_of("Ghi chú: tệp gửi kèm dạng %PDF-1.7 đã ký số.\n".encode()) == "text"
