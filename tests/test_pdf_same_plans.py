"""The PDF reader's character layer changed (pdfium instead of pdfminer): every PDF we have must still give the
same plan, field by field, and the same block stream. Expected digests: tests/data/pdf_plans.json, written by
`python tests/pdf_plans.py expect` with the reader before the change (the pdfminer one)."""

from __future__ import annotations

import json
import shutil

import pytest

import fixtures_pdf as F
import pdf_plans as P

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
