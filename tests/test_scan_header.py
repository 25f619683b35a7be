"""Header of a real scanned plan (OCR, first page only): a ministry over the team it set up."""

from __future__ import annotations

import pytest
from conftest import SHARED_CORPUS

from extract.readers import ocr as ocr_mod


def test_scanned_team_header_splits_governing_and_issuing(monkeypatch):
    files = sorted(SHARED_CORPUS.glob("022_*scan.pdf")) if SHARED_CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    ok, why = ocr_mod.ocr_status("vie")
    if not ok:
        pytest.skip(f"OCR not available: {why}")
    monkeypatch.setenv("KEHOACH_OCR_MAX_PAGES", "1")
    from extract.pipeline import extract_file

    h = extract_file(files[0]).header
    assert (h.governing_body, h.issuing_body) == ("BỘ CÔNG AN", "TỔ CÔNG TÁC LIÊN NGÀNH TW")
