"""Header of a real scanned plan (OCR, first page only): a ministry over the team it set up, the number written
in by hand after signing, and the received stamp of the office that got it beside the title."""

from __future__ import annotations

import pytest
from conftest import SHARED_CORPUS

from extract.readers import ocr as ocr_mod


@pytest.fixture(scope="module")
def scanned_plan():
    files = sorted(SHARED_CORPUS.glob("022_*scan.pdf")) if SHARED_CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    ok, why = ocr_mod.ocr_status("vie")
    if not ok:
        pytest.skip(f"OCR not available: {why}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KEHOACH_OCR_MAX_PAGES", "1")
        from extract.pipeline import extract_file

        return extract_file(files[0])


def test_scanned_team_header_splits_governing_and_issuing(scanned_plan):
    h = scanned_plan.header
    assert (h.governing_body, h.issuing_body) == ("BỘ CÔNG AN", "TỔ CÔNG TÁC LIÊN NGÀNH TW")


def test_handwritten_number_is_read_and_unreadable_day_left_empty(scanned_plan):
    h = scanned_plan.header
    assert (h.number, h.symbol) == ("996", "KH-TCTLNTW-C04")
    # The day and month are handwritten too: read right, or left out with a warning, never a wrong date.
    assert h.date in ("2026-02-24", "2026-02", "2026")
    if h.date != "2026-02-24":
        assert "ocr_handwriting" in {w.code for w in scanned_plan.warnings}


def test_received_stamp_stays_out_of_the_title(scanned_plan):
    title = scanned_plan.header.title or ""
    assert title.startswith("Phối hợp kiểm soát các hoạt động hợp pháp")
    assert not any(word in title for word in ("Ngày", "Chuyển", "ĐẾN", "ĐỀN", "HS"))
    assert "received_stamp" in {w.code for w in scanned_plan.warnings}
