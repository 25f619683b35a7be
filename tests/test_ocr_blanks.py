"""Handwritten header blanks on scans (extract/readers/ocr_blanks.py): the number after "Số:" and the day and
month of the date line are read again from the page image as digits, kept only when plausible, and dropped
with a warning when unreadable. Pages are drawn with PIL; the words the first OCR pass would give are built
from the drawn boxes, with the blank glued to its label as tesseract glues handwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ocr as ocr_mod
from extract.readers.ocr import OcrPage, OcrWord
from extract.readers.ocr_blanks import _plausible, read_blanks

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
DPI = 300
PT = 72 / DPI  # points per pixel


def _needs_tools():
    ok, why = ocr_mod.ocr_status("eng")
    if not ok:
        pytest.skip(f"tesseract with English data is not available: {why}")
    if not (FONT_DIR / "LiberationSerif-Regular.ttf").exists():
        pytest.skip("Liberation fonts are not installed")


class _Page:
    """A white A4 page at 300 dpi; `put` draws text and returns the OCR word tesseract would give for it."""

    def __init__(self):
        from PIL import Image, ImageDraw, ImageFont

        self.image = Image.new("L", (2480, 3508), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.regular = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), 54)
        self.hand = ImageFont.truetype(str(FONT_DIR / "LiberationSans-BoldItalic.ttf"), 60)

    def put(self, x: int, y: int, text: str, hand: bool = False) -> tuple[int, int, int, int]:
        font = self.hand if hand else self.regular
        self.draw.text((x, y), text, font=font, fill=0)
        return self.draw.textbbox((x, y), text, font=font)

    @staticmethod
    def word(text: str, box: tuple[int, int, int, int], conf: float = 95.0, line: int = 1) -> OcrWord:
        x0, top, x1, bottom = box
        return OcrWord(text, x0 * PT, top * PT, x1 * PT, bottom * PT, conf, (1, 1, line))

    def save(self, tmp_path: Path) -> Path:
        path = tmp_path / "page.png"
        self.image.save(path)
        return path


def _glued(*boxes: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _number_line(page: _Page, number: str, symbol: str = "/KH-UBND"):
    label = page.put(400, 400, "Số:")
    filled = page.put(label[2] + 22, 395, number, hand=True)
    sym = page.put(filled[2] + 30, 400, symbol)
    return label, filled, sym


def test_number_glued_to_its_label_is_read_again(tmp_path):
    _needs_tools()
    page = _Page()
    label, filled, sym = _number_line(page, "257")
    words = [page.word("Số:Ø#7”", _glued(label, filled), conf=12.0), page.word(symbol := "/KH-UBND", sym)]
    ocr = OcrPage(595.0, 842.0, words)
    notes = read_blanks(page.save(tmp_path), ocr, DPI)
    assert [w.text for w in ocr.words] == ["Số:", "257", symbol]
    assert notes == []
    number = ocr.words[1]
    assert number.x0 >= ocr.words[0].x1 - 1 and number.x1 <= ocr.words[2].x0 + 1  # between label and symbol


def test_clean_printed_number_is_left_as_read(tmp_path):
    _needs_tools()
    page = _Page()
    label = page.put(400, 400, "Số:")
    num = page.put(label[2] + 22, 400, "45")
    sym = page.put(num[2] + 4, 400, "/KH-UBND")
    words = [page.word("Số:", label), page.word("45", num), page.word("/KH-UBND", sym)]
    ocr = OcrPage(595.0, 842.0, list(words))
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert ocr.words == words


def test_blank_left_blank_stays_empty_without_warning(tmp_path):
    _needs_tools()
    page = _Page()
    label = page.put(400, 400, "Số:")
    sym = page.put(label[2] + 160, 400, "/KH-UBND")  # a draft: "Số:      /KH-UBND"
    words = [page.word("Số:", label), page.word("/KH-UBND", sym)]
    ocr = OcrPage(595.0, 842.0, list(words))
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert [w.text for w in ocr.words] == ["Số:", "/KH-UBND"]


def test_scribble_in_the_number_blank_gives_empty_number_and_a_warning(tmp_path):
    _needs_tools()
    page = _Page()
    label = page.put(400, 400, "Số:")
    # a signature-like scribble, no digits
    x0 = label[2] + 22
    page.draw.line([(x0, 460), (x0 + 40, 395), (x0 + 70, 455), (x0 + 110, 398), (x0 + 140, 450)], fill=0, width=7)
    page.draw.arc([(x0 + 20, 400), (x0 + 120, 470)], 0, 300, fill=0, width=6)
    sym = page.put(x0 + 175, 400, "/KH-UBND")
    scrawl = (x0, 395, x0 + 140, 470)
    words = [page.word("Số:", label), page.word("⁄€", scrawl, conf=0.0), page.word("/KH-UBND", sym)]
    ocr = OcrPage(595.0, 842.0, words)
    notes = read_blanks(page.save(tmp_path), ocr, DPI)
    assert [w.text for w in ocr.words] == ["Số:", "/KH-UBND"]  # the noise is gone, no number is made up
    assert len(notes) == 1 and "số văn bản" in notes[0]


def test_day_and_month_glued_to_the_labels_are_read_again(tmp_path):
    _needs_tools()
    page = _Page()
    y = 400
    place = page.put(1300, y, "Hà Nội,")
    ngay = page.put(place[2] + 14, y, "ngày")
    day = page.put(ngay[2] + 10, y - 6, "17", hand=True)
    thang = page.put(day[2] + 10, y, "tháng")
    month = page.put(thang[2] + 12, y - 6, "6", hand=True)
    nam = page.put(month[2] + 10, y, "năm")
    year = page.put(nam[2] + 14, y, "2026")
    words = [
        page.word("Hà", (place[0], place[1], place[0] + 70, place[3]), line=2),
        page.word("Nội,", (place[0] + 80, place[1], place[2], place[3]), line=2),
        page.word("ngày44$", _glued(ngay, day), conf=60.0, line=2),
        page.word("tháng", thang, line=2),
        page.word("Q@năm", _glued(month, nam), conf=16.0, line=2),
        page.word("2026", year, line=2),
    ]
    ocr = OcrPage(595.0, 842.0, words)
    notes = read_blanks(page.save(tmp_path), ocr, DPI)
    assert [w.text for w in ocr.words] == ["Hà", "Nội,", "ngày", "17", "tháng", "6", "năm", "2026"]
    assert notes == []


def test_a_cited_date_in_a_sentence_is_not_a_header_blank(tmp_path):
    _needs_tools()
    page = _Page()
    nd = page.put(300, 400, "105/2021/NĐ-CP")
    ngay = page.put(nd[2] + 14, 400, "ngày")
    rest = page.put(ngay[2] + 14, 400, "04 tháng 12 năm 2021")
    words = [page.word("105/2021/NĐ-CP", nd), page.word("ngày4$", _glued(ngay, rest), conf=30.0)]
    words += [page.word("2021", (rest[2] - 100, rest[1], rest[2], rest[3]))]
    ocr = OcrPage(595.0, 842.0, list(words))
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert ocr.words == words


@pytest.mark.parametrize(
    ("kind", "value", "values", "ok"),
    [
        ("number", "996", {}, True),
        ("number", "0", {}, False),
        ("number", "12345", {}, False),
        ("number", "07", {}, False),  # a number is never written with a leading zero
        ("month", "02", {}, True),
        ("month", "13", {}, False),
        ("day", "31", {"month": "4"}, False),  # April has 30 days
        ("day", "29", {"month": "2"}, False),  # 2026 is no leap year
        ("day", "29", {"month": None}, True),
        ("day", "24", {"month": "02"}, True),
    ],
)
def test_plausible_values(kind, value, values, ok):
    assert _plausible(kind, value, values, 2026) is ok


def test_printed_number_glued_to_its_label_is_left_to_the_header(tmp_path):
    _needs_tools()
    page = _Page()
    label = page.put(400, 400, "Số:1050")
    sym = page.put(label[2] + 20, 400, "/QĐ-SCT")
    words = [page.word("Số:1050", label, conf=42.0), page.word("/QĐ-SCT", sym)]
    ocr = OcrPage(595.0, 842.0, list(words))
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert ocr.words == words
