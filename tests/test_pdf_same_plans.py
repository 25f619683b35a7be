"""The PDF reader's character layer changed (pdfium instead of pdfminer): every PDF we have must still give the
same plan, field by field, and the same block stream. Expected digests: tests/data/pdf_plans.json, written by
`python tests/pdf_plans.py expect` with the reader before the change (the pdfminer one)."""

from __future__ import annotations

import json
import shutil

import fixtures_pdf as F
import pdf_plans as P
import pytest

EXPECTED = json.loads(P.EXPECTED.read_text(encoding="utf-8"))
TEXT_LAYER = [k for k in EXPECTED if "scan" not in k]  # scans are OCR's business (tests/test_reader_pdf.py)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not (F.soffice_path() and shutil.which("pdftoppm")):
        pytest.skip("LibreOffice and poppler are needed to make the test PDFs")
    return F.make_all(tmp_path_factory.mktemp("same-plans"))


def _path(name: str, made):
    kind, _, rest = name.partition(":")
    if kind == "made":
        return made[rest]
    if kind == "corpus":
        return P.ROOT / "corpus" / "made" / "pdf" / rest
    path = P.SHARED / rest
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is not checked out)")
    return path


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_same_plan_field_by_field(name, made):
    plan, blocks, extra = P.read_all(_path(name, made))
    got = P.fingerprint(plan, blocks, extra)
    want = EXPECTED[name]
    changed = sorted(k for k in want if got.get(k) != want[k])
    assert not changed, f"{name}: fields that changed: {changed}"


def test_text_layer_pages_go_through_pdfium(made):
    """The speed comes from pdfium: the made PDFs (LibreOffice fonts, ruled tables) need no pdfminer page."""
    from extract.readers.pdf.options import PdfOptions
    from extract.readers.pdf.source import PageSource

    for key in ("plan", "plan_footer", "plan_boxed"):
        src = PageSource(made[key], PdfOptions(ocr=False), truncated=False)
        try:
            layouts = [src.analyse(n) for n in range(1, len(src) + 1)]
        finally:
            src.close()
        assert src.plumber is None and not src.fallback_pages, (key, src.fallback_pages)
        assert any(t for lay in layouts for t in lay.tables), key  # the task table found from pdfium's rules


def test_engines_agree_on_real_pdfs():
    """pdfium and the pdfminer reference give the same blocks on the real text-layer PDFs."""
    from extract.readers.pdf import read_pdf

    real = [P.SHARED / k.partition(":")[2] for k in TEXT_LAYER if k.startswith("shared:")]
    real = [p for p in real if p.exists()]
    if not real:
        pytest.skip("../shared/corpus is not here")
    from extract.blocks import ReadError

    def outcome(path, **kw):
        try:
            doc = read_pdf(path, ocr=False, **kw)
        except ReadError as exc:  # a PDF that must be OCR-ed: the same error from both
            return str(exc)
        return P.blocks_json(doc), P.task_rows_json(doc), doc.meta

    compared = 0
    for path in real:
        fast = outcome(path)
        assert fast == outcome(path, engine="pdfminer"), path.name
        compared += not isinstance(fast, str)
    assert compared, "no real text-layer PDF was read"
