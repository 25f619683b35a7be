"""The received-document stamp on scans (extract/readers/ocr_stamps.py): its filled-in fields are found on
the OCR page and every word inside the stamp goes, while a draft header's dotted blanks and the text around
the stamp stay. Word boxes are laid out as tesseract gives them for a stamp beside the title."""

from __future__ import annotations

from extract.readers.ocr import OcrPage, OcrWord
from extract.readers.ocr_stamps import drop_received_stamp


def _w(text: str, x0: float, top: float, x1: float, line: int, conf: float = 90.0, h: float = 12.0) -> OcrWord:
    return OcrWord(text, x0, top, x1, top + h, conf, (1, 1, line))


def _stamp_beside_title() -> list[OcrWord]:
    return [
        _w("Số:....b.44,......", 73, 136, 156, 4, conf=0.0, h=15),
        _w("KẾ", 286, 133, 305, 4),
        _w("HOẠCH", 310, 133, 362, 4),
        _w("ĐẾN", 33, 134, 69, 5, conf=30.0, h=60),
        _w("Ngày", 73, 156, 95, 5),
        _w("0(/2.(2/0%6,„", 99, 148, 169, 5, conf=16.0, h=23),
        _w("Phối", 196, 150, 222, 5),
        _w("hợp", 226, 150, 248, 5),
        _w("Chuyển:", 38, 169, 75, 6),
        _w("Š„Œ,..................", 78, 167, 169, 6, conf=0.0, h=18),
        _w("liên", 232, 168, 252, 6),
        _w("quan", 257, 168, 286, 6),
        _w("Số", 39, 185, 50, 7),
        _w("và", 52, 188, 61, 7),
        _w("ký", 65, 188, 75, 7),
        _w("hiệu", 78, 188, 97, 7),
        _w("HS:,...................", 101, 189, 168, 7, conf=31.0),
        _w("Thực", 123, 200, 157, 8, conf=1.0, h=22),
        _w("hiện", 162, 200, 186, 8),
    ]


def test_stamp_beside_the_title_is_dropped_and_the_text_around_it_stays():
    page = OcrPage(595.0, 842.0, _stamp_beside_title())
    notes = drop_received_stamp(page)
    assert [w.text for w in page.words] == ["KẾ", "HOẠCH", "Phối", "hợp", "liên", "quan", "Thực", "hiện"]
    assert len(notes) == 1 and "dấu công văn đến" in notes[0]


def test_draft_header_with_dotted_blanks_is_no_stamp():
    words = [
        _w("Số:", 100, 84, 116, 3),
        _w("......", 118, 84, 150, 3),
        _w("/KH-UBND", 152, 84, 210, 3),
        _w("Lâm", 330, 84, 350, 3),
        _w("Đồng,", 353, 84, 380, 3),
        _w("ngày", 384, 84, 408, 3),
        _w("......", 410, 84, 440, 3),
        _w("tháng", 443, 84, 470, 3),
        _w("......", 473, 84, 500, 3),
        _w("năm", 503, 84, 525, 3),
        _w("2026", 528, 84, 555, 3),
        # a single-column header: the date on the next line, its day a dotted blank too
        _w("ngày", 100, 100, 124, 4),
        _w(".......", 126, 100, 160, 4),
    ]
    page = OcrPage(595.0, 842.0, list(words))
    assert drop_received_stamp(page) == []
    assert page.words == words


def test_stamp_fields_low_on_the_page_are_left_alone():
    words = [_w(w.text, w.x0, w.top + 500, w.x1, w.line_key[2]) for w in _stamp_beside_title()]
    page = OcrPage(595.0, 842.0, list(words))
    assert drop_received_stamp(page) == []
    assert len(page.words) == len(words)
