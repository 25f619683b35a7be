"""The pdfium reader turns glyphs into pieces in one pass (`pdfium_pieces`); it must give exactly the pieces the
two-step reading gives (glyph tuples from `pdfium_layer`, then `chars._chars_to_pieces`), page by page: same
text, boxes, font facts, space hints, and the same counts of unmapped and real glyphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import fixtures_pdf as F
import pypdfium2 as pdfium
import pytest
from conftest import SHARED_CORPUS
from test_pdf_annots import _write_pdf

from extract.readers.pdf.chars import _chars_to_pieces
from extract.readers.pdf.pdfium_layer import Descents, read_page


def _facts(p) -> tuple:
    return (p.text, p.x0, p.x1, p.top, p.bottom, p.size, p.bold, p.italic, p.font, p.space_after, p.sup, p.word)


def _compare(path: Path) -> int:
    """Pages of `path` read both ways; returns the number of pieces compared."""
    compared = 0
    pdf = pdfium.PdfDocument(str(path))
    one, two = Descents(str(path)), Descents(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                fused = read_page(page, i + 1, one, {}, annots=False)
                tuples = read_page(page, i + 1, two, {}, annots=False, pieces=False)
            finally:
                page.close()
            assert fused.fallback == tuples.fallback, (path.name, i + 1)
            if fused.fallback is not None:
                continue
            assert fused.pieces is not None and not fused.chars
            pieces, garbage, real = _chars_to_pieces(tuples.chars)
            assert [_facts(p) for p in fused.pieces] == [_facts(p) for p in pieces], (path.name, i + 1)
            assert (fused.garbage, fused.real) == (garbage, real), (path.name, i + 1)
            compared += len(pieces)
    finally:
        one.close()
        two.close()
        pdf.close()
    return compared


def _bt(x: float, y: float, s: str, matrix: str = "1 0 0 1") -> bytes:
    return b"BT /F1 12 Tf %s %.1f %.1f Tm (%s) Tj ET\n" % (matrix.encode(), x, y, s.encode("latin-1"))


def test_fused_pieces_on_drawn_cases(tmp_path):
    """Hand-made page with what the piece rules treat specially: a glyph drawn twice (fake bold), rotated text
    (per-glyph baseline, no pieces), a small raised footnote mark, kerned runs, several text objects per line."""
    content = (
        _bt(80, 780, "KE HOACH")
        + _bt(80.3, 780, "KE HOACH")  # the same glyphs again, a shade to the right
        + _bt(80, 740, "Noi dung")
        + _bt(140, 740, "tiep theo")
        + _bt(196, 745, "1", "0.6 0 0 0.6")
        + b"BT /F1 12 Tf 80 700 Td [(Ke)-300(hoach)-2000(so)] TJ ET\n"
        + _bt(40, 400, "DU THAO", "0 1 -1 0")
        + _bt(300, 300, "nghieng", "1 0 0.3 1")
    )
    path = _write_pdf(tmp_path / "drawn.pdf", content, [])
    assert _compare(path) > 30


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not (F.soffice_path() and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice and poppler are needed to make the test PDFs")
    return F.make_all(tmp_path_factory.mktemp("pieces"))


@pytest.mark.parametrize("key", ["plan", "plan_footer", "plan_boxed", "mixed"])
def test_fused_pieces_on_made_pdfs(made, key):
    assert _compare(made[key]) > 500


def test_fused_pieces_on_real_pdfs():
    pdfs = sorted(SHARED_CORPUS.glob("*.pdf")) if SHARED_CORPUS.is_dir() else []
    if not pdfs:
        pytest.skip(f"no PDFs in {SHARED_CORPUS}")
    assert sum(_compare(p) for p in pdfs) > 1000
