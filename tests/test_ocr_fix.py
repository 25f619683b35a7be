"""OCR post-correction: tone marks, split letters, Ð/Đ and O/0, numbers and symbols untouched, agency names
restored, no dictionary → safe fixes and one warning; a scanned page's header reads right."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract import ocr_fix
from extract.normalize import clean_text
from extract.ocr_fix import correct_text, correct_words
from extract.ocr_fix.syllables import find_dictionary
from extract.readers import ocr as ocr_mod

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
HAS_DIC = find_dictionary() is not None
needs_dic = pytest.mark.skipif(not HAS_DIC, reason="hunspell-vi (vi_VN.dic) is not installed")
OCR_OK, OCR_WHY = ocr_mod.ocr_status("vie")
needs_ocr = pytest.mark.skipif(not OCR_OK, reason=f"OCR not available: {OCR_WHY}")


def fix(line: str) -> str:
    return " ".join(f.text for f in correct_words(line.split()))


@pytest.fixture
def no_dictionary(monkeypatch):
    monkeypatch.setenv("KEHOACH_VI_DIC", "")
    ocr_fix.reload()
    yield
    monkeypatch.delenv("KEHOACH_VI_DIC")
    ocr_fix.reload()


@needs_dic
@pytest.mark.parametrize(
    "read, meant",
    [
        ("Kiêm tra việc chầp hành pháp luật", "Kiểm tra việc chấp hành pháp luật"),  # lost and changed marks
        ("công tác phòng, chông và kiêm soát ma túy", "công tác phòng, chống và kiểm soát ma túy"),
        ("chỉnh sửa, bô sung, hoàn thiện bản dự tháo kê hoạch", "chỉnh sửa, bổ sung, hoàn thiện bản dự thảo kế hoạch"),
        ("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"),
        ("I. MỤC ĐÍCH, YÊU CẢU", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("Nghị quyêt sô 05-NQ/TU ngày 08/01/2026", "Nghị quyết số 05-NQ/TU ngày 08/01/2026"),
    ],
)
def test_tone_marks_restored_by_context(read, meant):
    assert fix(read) == meant


@needs_dic
@pytest.mark.parametrize(
    "read, meant",
    [
        ("Sơ Nông nghiệp và Môi trưởng, Sở Tự pháp", "Sở Nông nghiệp và Môi trường, Sở Tư pháp"),
        (
            "Ủy ban nhân dân tinh Quảng Ninh; Sở Giao dục và Đào tạo",
            "Ủy ban nhân dân tỉnh Quảng Ninh; Sở Giáo dục và Đào tạo",
        ),
        ("GIÁM ĐÓC SỞ CÔNG THƯƠNG TÍNH BẮC NINH", "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH BẮC NINH"),
        ("TỎ CÔNG TÁC LIÊN NGANH", "TỔ CÔNG TÁC LIÊN NGÀNH"),
    ],
)
def test_agency_names_restored(read, meant):
    assert fix(read) == meant


@needs_dic
def test_split_letters_joined_with_their_source_words():
    out = correct_words("ỦY B AN NHÂN DÂN".split())
    assert [f.text for f in out] == ["ỦY", "BAN", "NHÂN", "DÂN"]
    assert (out[1].first, out[1].last) == (1, 2)  # the box of "BAN" spans both words as read
    assert fix("BỘCÔNGAN") == "BỘ CÔNG AN"  # and the reverse: syllables run together
    assert fix("Sở Y tế") == "Sở Y tế"  # a one-letter syllable is a word, not a split


def test_eth_and_zero_fixed_even_without_dictionary(no_dictionary):
    assert ocr_fix.status()[0] is False
    assert fix("Số: 1O5/KH-UBND ngày 2O/O5/2O26") == "Số: 105/KH-UBND ngày 20/05/2026"
    assert fix("QÐ-UBND ÐẢNG ỦY") == "QĐ-UBND ĐẢNG ỦY"
    assert fix("Số:1050 /QĐÐ-SCT") == "Số:1050 /QĐ-SCT"  # a doubled letter that makes no document code
    assert fix("Kiêm tra việc chầp hành") == "Kiêm tra việc chầp hành"  # no syllable list: marks stay as read


@pytest.mark.parametrize(
    "line",
    [
        "Số: 37/HD-BCA-C04 ngày 24/9/2025",
        "Luật số 42/2024/QH15",
        "CO2 PC04 TCVN 5945:2005",
        "Nghị định 105/2021/NĐ-CP",
        "tỷ lệ 95,5% (2.300 hộ)",
        "VLNCN, UBND, HĐND, TTr-CAT",
    ],
)
def test_numbers_and_symbols_untouched(line):
    assert fix(line) == line


def test_day_and_month_read_as_numbers():
    assert fix("Hà Nội, ngày U6_ tháng 3 năm 2026") == "Hà Nội, ngày 06 tháng 3 năm 2026"
    assert fix("ngày tháng năm 2026") == "ngày tháng năm 2026"  # blank day and month stay blank


@needs_dic
def test_correct_text_is_left_alone():
    """Hand-made plans that the counts were not built from: almost no word may change."""
    files = sorted((ROOT / "corpus" / "pairs").glob("*/*.md"))
    if not files:
        pytest.skip("corpus/pairs not present")
    words = changed = 0
    for f in files:
        text = clean_text(f.read_text(encoding="utf-8"))  # one of them is written in NFD on purpose
        a, b = text.split(), correct_text(text).split()
        assert len(a) == len(b)
        words += len(a)
        changed += sum(x != y for x, y in zip(a, b))
    assert words > 5000 and changed <= 0.002 * words, (changed, words)


@needs_dic
def test_a_page_is_fast():
    line = (
        "Căn cứ chức năng, nhiệm vụ được phân công, Công an tỉnh đã dự tháo kê hoạch của Ủy ban nhân dân tỉnh".split()
    )
    correct_words(line)  # loads the word lists once
    start = time.perf_counter()
    for _ in range(45):  # a full page
        correct_words(line)
    assert time.perf_counter() - start < 1.0


@pytest.mark.slow
@needs_ocr
def test_reader_warns_once_without_dictionary(no_dictionary):
    from extract.readers.pdf import read_pdf

    doc = read_pdf(ROOT / "corpus" / "made" / "pdf" / "ke-hoach-trang-scan.pdf")
    assert doc.blocks
    assert [w[0] for w in doc.warnings].count("ocr_uncorrected") == 1
    assert any("hunspell-vi" in w[1] for w in doc.warnings if w[0] == "ocr_uncorrected")


SCANNED_042 = sorted(SHARED.glob("042_*.pdf")) if SHARED.is_dir() else []


@pytest.mark.slow
@needs_ocr
@needs_dic
@pytest.mark.skipif(not SCANNED_042, reason="../shared/corpus (042, a PDF read by OCR) not present")
def test_scanned_page_header_reads_right(monkeypatch):
    """A PDF whose fonts have no Unicode map goes through OCR; after correction its header fields come out
    as printed (the symbol's "QĐ" was read "QĐÐ", the day "06" as "U6_")."""
    from extract.pipeline import extract_file

    monkeypatch.setenv("KEHOACH_OCR_MAX_PAGES", "1")
    h = extract_file(SCANNED_042[0]).header
    assert (h.number, h.symbol, h.place, h.date) == ("1050", "QĐ-SCT", "Lào Cai", "2026-03-06")
    assert h.issuing_body == "SỞ CÔNG THƯƠNG" and h.governing_body == "UBND TỈNH LÀO CAI"


@needs_dic
def test_spaces_lost_around_a_number_come_back():
    assert fix("Hà Nội, ngày24tháng 02 năm 2026") == "Hà Nội, ngày 24 tháng 02 năm 2026"
    assert fix("QH15 PC04 TCVN5945") == "QH15 PC04 TCVN5945"  # symbols keep their digits attached


@needs_dic
def test_words_the_reader_may_keep_despite_low_confidence():
    from extract.ocr_fix import starts_with_syllable

    assert starts_with_syllable("Só:đÓ6") and starts_with_syllable("năm")  # a label with an unreadable number
    assert not any(starts_with_syllable(w) for w in ("UBND", "02.I.0%6..", "„", "——", "ˆ"))
