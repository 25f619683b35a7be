"""Handwritten digits read by shape (extract/readers/ocr_digits.py) and through the header blanks of a scanned
page (extract/readers/ocr_blanks.py). Digits are drawn as pen strokes (polylines leaning right, as a clerk
writes them), in thin blue ballpoint or a thick dark marker, next to printed text in a Times-like font and a
red received stamp; a value must be read right or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ocr as ocr_mod
from extract.readers.ocr import OcrPage, OcrWord
from extract.readers.ocr_blanks import read_blanks
from extract.readers.ocr_digits import read_figure

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
DPI = 300
PT = 72 / DPI
BLUE, MARKER, RED = (35, 45, 185), (25, 25, 30), (215, 40, 45)

# Pen strokes of digits in a unit box (x right, y down), before the writer's lean is added.
STROKES = {
    "0": [[(0.55, 0.0), (0.25, 0.1), (0.05, 0.5), (0.1, 0.9), (0.35, 1.0), (0.6, 0.8), (0.8, 0.35), (0.75, 0.05)]],
    "1": [[(0.35, 0.2), (0.7, 0.0), (0.45, 1.0)]],
    "2": [[(0.1, 0.25), (0.35, 0.0), (0.7, 0.05), (0.75, 0.3), (0.4, 0.65), (0.05, 1.0), (0.7, 0.97)]],
    "4": [[(0.55, 0.0), (0.1, 0.65), (0.85, 0.65)], [(0.7, 0.3), (0.5, 1.0)]],
}


def _write(draw, x: float, y: float, text: str, h: float, colour, width: int) -> tuple[int, int, int, int]:
    """Pen digits from (x, y), h pixels tall; returns their box."""
    w, x_start = 0.75 * h, x
    for ch in text:
        for stroke in STROKES[ch]:
            points = [(x + px * w + (1 - py) * 0.2 * h, y + py * h) for px, py in stroke]
            draw.line(points, fill=colour, width=width, joint="curve")
        x += w + 0.15 * h
    return int(x_start), int(y), int(x), int(y + h)


def _scribble(draw, x: float, y: float, colour, width: int) -> tuple[int, int, int, int]:
    """A pen mark that is no digit: a loop run into a zigzag, as when a clerk crosses out."""
    draw.arc([(x, y + 5), (x + 60, y + 70)], 30, 330, fill=colour, width=width)
    draw.line(
        [(x + 40, y + 60), (x + 60, y), (x + 75, y + 65), (x + 95, y + 5), (x + 110, y + 60)], fill=colour, width=width
    )
    return int(x), int(y), int(x + 112), int(y + 72)


def _pen_crop(text: str, colour, width: int):
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("RGB", (60 + 75 * len(text), 130), "white")
    _write(ImageDraw.Draw(image), 20, 25, text, 80, colour, width)
    return image.filter(ImageFilter.GaussianBlur(1.2)).convert("L")  # a scanner's soft edges


def _day(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 31


def _month(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 12


@pytest.mark.parametrize(
    ("text", "colour", "width", "plausible"),
    [("24", BLUE, 4, _day), ("24", MARKER, 10, _day), ("02", MARKER, 10, _month), ("10", BLUE, 4, _day)],
)
def test_pen_digits_are_read_by_their_shape(text, colour, width, plausible):
    value, share = read_figure(_pen_crop(text, colour, width), plausible, 2)
    assert value == text
    assert share >= 0.5


def test_scribble_gives_no_reading():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (180, 120), "white")
    _scribble(ImageDraw.Draw(image), 20, 20, BLUE, 5)
    assert read_figure(image.convert("L"), _day, 2) == (None, 0.0)


def test_a_blot_gives_no_reading():
    from PIL import Image, ImageDraw

    image = Image.new("L", (160, 120), 255)
    ImageDraw.Draw(image).ellipse([(30, 20), (110, 100)], fill=20)  # ink soaked into the paper
    assert read_figure(image, _day, 2) == (None, 0.0)


def test_a_reading_that_is_no_date_is_not_taken():
    # "24" is a figure, but no month: nothing else is made of it
    assert read_figure(_pen_crop("24", BLUE, 4), _month, 2) == (None, 0.0)


# --- through the header blank of a scanned page -------------------------------------------------------------


def _needs_tools():
    ok, why = ocr_mod.ocr_status("eng")
    if not ok:
        pytest.skip(f"tesseract with English data is not available: {why}")
    if not (FONT_DIR / "LiberationSerif-Italic.ttf").exists():
        pytest.skip("Liberation fonts are not installed")


class _ColourPage:
    """A white A4 page at 300 dpi in colour: printed italic date line, pen figures, a red received stamp."""

    def __init__(self):
        from PIL import Image, ImageDraw, ImageFont

        self.image = Image.new("RGB", (2480, 3508), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Italic.ttf"), 58)
        self.stamp_font = ImageFont.truetype(str(FONT_DIR / "LiberationSans-Bold.ttf"), 44)

    def put(self, x: int, y: int, text: str) -> tuple[int, int, int, int]:
        self.draw.text((x, y), text, font=self.font, fill=(10, 10, 10))
        return self.draw.textbbox((x, y), text, font=self.font)

    def stamp(self, x: int, y: int) -> None:
        """A received stamp with its own date, in red, under the date line."""
        self.draw.rectangle([(x, y), (x + 520, y + 230)], outline=RED, width=6)
        self.draw.text((x + 30, y + 20), "ĐẾN Số: 1614", font=self.stamp_font, fill=RED)
        self.draw.text((x + 30, y + 90), "Ngày: 01/3/2026", font=self.stamp_font, fill=RED)
        self.draw.text((x + 30, y + 160), "Chuyển: P.NC", font=self.stamp_font, fill=RED)

    @staticmethod
    def word(text: str, box: tuple[int, int, int, int], conf: float = 95.0) -> OcrWord:
        x0, top, x1, bottom = box
        return OcrWord(text, x0 * PT, top * PT, x1 * PT, bottom * PT, conf, (1, 1, 2))

    def save(self, tmp_path: Path) -> Path:
        """As a scanner gives it: edges softened, no pure flat colours."""
        from PIL import ImageFilter

        path = tmp_path / "page.png"
        self.image.filter(ImageFilter.GaussianBlur(1.2)).save(path)
        return path


def _glued(*boxes: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _date_line(page: _ColourPage, write_day):
    """'Lâm Đồng, ngày <pen> tháng 3 năm 2026' with the day written by `write_day(x, y)`; the words the first
    OCR gives: the day glued to 'ngày' as noise."""
    y = 400
    place = page.put(1250, y, "Lâm Đồng,")
    ngay = page.put(place[2] + 16, y, "ngày")
    day = write_day(ngay[2] + 18, y - 14)
    thang = page.put(day[2] + 18, y, "tháng")
    month = page.put(thang[2] + 16, y, "3")
    nam = page.put(month[2] + 16, y, "năm")
    year = page.put(nam[2] + 16, y, "2026")
    page.stamp(1300, y + 140)
    return [
        page.word("Lâm", (place[0], place[1], place[0] + 110, place[3])),
        page.word("Đồng,", (place[0] + 125, place[1], place[2], place[3])),
        page.word("ngày⁄€", _glued(ngay, day), conf=40.0),
        page.word("tháng", thang),
        page.word("3", month),
        page.word("năm", nam),
        page.word("2026", year),
    ]


def test_blue_pen_day_over_the_blank_is_read(tmp_path):
    _needs_tools()
    page = _ColourPage()
    words = _date_line(page, lambda x, y: _write(page.draw, x, y, "24", 80, BLUE, 4))
    ocr = OcrPage(595.0, 842.0, words)
    notes = read_blanks(page.save(tmp_path), ocr, DPI)
    assert [w.text for w in ocr.words] == ["Lâm", "Đồng,", "ngày", "24", "tháng", "3", "năm", "2026"]
    assert notes == []
    day = ocr.words[3]
    assert ocr.words[2].x1 - 1 <= day.x0 and day.x1 <= ocr.words[4].x0 + 1  # between its labels


def test_scribbled_day_stays_empty_with_a_warning(tmp_path):
    _needs_tools()
    page = _ColourPage()
    words = _date_line(page, lambda x, y: _scribble(page.draw, x, y, BLUE, 5))
    ocr = OcrPage(595.0, 842.0, words)
    notes = read_blanks(page.save(tmp_path), ocr, DPI)
    assert [w.text for w in ocr.words] == ["Lâm", "Đồng,", "ngày", "tháng", "3", "năm", "2026"]
    assert len(notes) == 1 and "ngày ký" in notes[0]


def test_empty_blanks_of_a_draft_give_no_warning(tmp_path):
    """A draft's 'Số:      /KH-UBND' under an underlined heading, and 'ngày    tháng' with a speck the first
    OCR read as a word: nothing was written, so nothing is read and nobody is told to check handwriting."""
    _needs_tools()
    page = _ColourPage()
    heading = page.put(330, 300, "TỈNH LÂM ĐỒNG")
    page.draw.line([(heading[0] + 60, heading[3] + 12), (heading[2] - 60, heading[3] + 12)], fill=(0, 0, 0), width=3)
    label = page.put(330, heading[3] + 30, "Số:")
    symbol = page.put(label[2] + 160, heading[3] + 30, "/KH-UBND")
    y = label[1] - 8
    place = page.put(1250, y, "Lâm Đồng,")
    ngay = page.put(place[2] + 16, y, "ngày")
    page.draw.point([(ngay[2] + 40, ngay[1] + 10), (ngay[2] + 41, ngay[1] + 10)], fill=(90, 90, 90))
    thang = page.put(ngay[2] + 90, y, "tháng")
    month = page.put(thang[2] + 16, y, "3")
    nam = page.put(month[2] + 16, y, "năm")
    year = page.put(nam[2] + 16, y, "2026")
    words = [
        page.word("Số:", label),
        page.word("/KH-UBND", symbol),
        page.word("Lâm", (place[0], place[1], place[0] + 110, place[3])),
        page.word("Đồng,", (place[0] + 125, place[1], place[2], place[3])),
        page.word("ngày", ngay),
        page.word("ˆ", (ngay[2] + 38, ngay[1] + 8, ngay[2] + 44, ngay[1] + 14), conf=0.0),
        page.word("tháng", thang),
        page.word("3", month),
        page.word("năm", nam),
        page.word("2026", year),
    ]
    ocr = OcrPage(595.0, 842.0, words)
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    texts = [w.text for w in ocr.words]
    assert texts[:2] == ["Số:", "/KH-UBND"]  # no number made up
    assert texts[texts.index("ngày") + 1] == "tháng"  # no day made up of the speck


@pytest.mark.parametrize(("colour", "width"), [(BLUE, 3), (MARKER, 11)])
def test_day_tesseract_cannot_read_is_read_by_its_shape(tmp_path, monkeypatch, colour, width):
    """On real scans tesseract reads pen figures as noise ("4", "⁄€"); drawn strokes it reads well, so its
    vote is made to fail here and the day must come from the shape reader alone."""
    _needs_tools()
    from extract.readers import ocr_blanks

    monkeypatch.setattr(ocr_blanks, "_vote", lambda crop: (None, 0.0))
    page = _ColourPage()
    words = _date_line(page, lambda x, y: _write(page.draw, x, y, "24", 80, colour, width))
    ocr = OcrPage(595.0, 842.0, words)
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert [w.text for w in ocr.words][2:5] == ["ngày", "24", "tháng"]
    assert 50 <= ocr.words[3].conf <= 100  # the share of renderings that agree


@pytest.mark.parametrize(("text", "colour", "width"), [("24", BLUE, 3), ("104", MARKER, 10), ("1", BLUE, 3)])
def test_digits_are_counted(text, colour, width):
    from extract.readers.ocr_digits import digit_count

    assert digit_count(_pen_crop(text, colour, width)) == len(text)


def test_tesseract_reading_short_of_a_digit_is_not_taken(tmp_path, monkeypatch):
    """Tesseract reads a pen "24" as "4" (the "2" lost in the label's noise): a reading with fewer digits than
    the figure has is dropped, and the shape reader reads the figure."""
    _needs_tools()
    from extract.readers import ocr_blanks

    monkeypatch.setattr(ocr_blanks, "_vote", lambda crop: ("4", 0.6))
    page = _ColourPage()
    words = _date_line(page, lambda x, y: _write(page.draw, x, y, "24", 80, BLUE, 3))
    ocr = OcrPage(595.0, 842.0, words)
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert [w.text for w in ocr.words][2:5] == ["ngày", "24", "tháng"]


def test_month_glued_in_front_of_nam_is_read(tmp_path):
    """The first OCR gives 'năm' for "02năm" (a marker month touching the printed label): the label ends the
    word, so the blank before it is where the month is looked for."""
    _needs_tools()
    page = _ColourPage()
    y = 400
    place = page.put(1250, y, "Hà Nội,")
    ngay = page.put(place[2] + 16, y, "ngày")
    day = page.put(ngay[2] + 16, y, "24")
    thang = page.put(day[2] + 16, y, "tháng")
    month = _write(page.draw, thang[2] + 16, y - 14, "02", 80, MARKER, 10)
    nam = page.put(month[2] + 2, y, "năm")
    year = page.put(nam[2] + 16, y, "2026")
    words = [
        page.word("Hà", (place[0], place[1], place[0] + 60, place[3])),
        page.word("Nội,", (place[0] + 75, place[1], place[2], place[3])),
        page.word("ngày", ngay),
        page.word("24", day),
        page.word("tháng", thang),
        page.word("năm", _glued(month, nam), conf=7.0),
        page.word("2026", year),
    ]
    ocr = OcrPage(595.0, 842.0, words)
    assert read_blanks(page.save(tmp_path), ocr, DPI) == []
    assert [w.text for w in ocr.words][4:] == ["tháng", "02", "năm", "2026"]


# --- the writer's own digits ----------------------------------------------------------------------------------

# A "2" whose base runs into a small loop before its foot, as a hurried hand writes it: strangers' twos and
# eights are about as close to it, so on its own it is undecided between them.
LOOPED_2 = [
    [(0.1, 0.25), (0.35, 0.0), (0.7, 0.05), (0.75, 0.3), (0.4, 0.65), (0.1, 0.95), (0.34, 1.0), (0.46, 0.76)]
    + [(0.22, 0.64), (0.16, 0.88), (0.7, 0.97)]
]


@pytest.fixture
def looped_twos(monkeypatch):
    monkeypatch.setitem(STROKES, "2", LOOPED_2)


@pytest.mark.parametrize(("colour", "width"), [(MARKER, 10), (BLUE, 4)])
def test_month_undecided_alone_is_read_with_the_writers_own_two(looped_twos, colour, width):
    from extract.readers.ocr_digits import own_digits

    month = _pen_crop("02", colour, width)
    assert read_figure(month, _month, 2) == (None, 0.0)  # strangers' digits leave 02 / 08 open
    day = _pen_crop("24", colour, width)
    assert read_figure(day, _day, 2)[0] == "24"  # "84" is no day: the looped 2 is read here
    value, share = read_figure(month, _month, 2, own_digits(day, "24", 2))
    assert value == "02"
    assert share >= 0.5


@pytest.mark.parametrize(("colour", "width"), [(MARKER, 10), (BLUE, 4)])
def test_month_stays_empty_when_the_writer_wrote_no_such_digit(looped_twos, colour, width):
    from extract.readers.ocr_digits import own_digits

    month = _pen_crop("02", colour, width)
    hand = own_digits(_pen_crop("14", colour, width), "14", 2)
    assert set(hand) == {1, 4}
    assert read_figure(month, _month, 2, hand) == (None, 0.0)


def test_writers_own_digits_fill_the_month_on_the_page(tmp_path, monkeypatch, looped_twos):
    """Day and month in one marker, tesseract failing on both as on real scans: the day is read ("84" is no
    day), and its 2 decides the month's, which the set alone leaves open; without the day the month stays
    empty with a warning."""
    _needs_tools()
    from extract.readers import ocr_blanks

    monkeypatch.setattr(ocr_blanks, "_vote", lambda crop: (None, 0.0))

    def page_with(day_text: str | None):
        page = _ColourPage()
        y = 400
        place = page.put(1250, y, "Hà Nội,")
        ngay = page.put(place[2] + 16, y, "ngày")
        day = _write(page.draw, ngay[2] + 18, y - 14, day_text, 80, MARKER, 10) if day_text else None
        thang = page.put((day or ngay)[2] + 90 * (day is None) + 18, y, "tháng")
        month = _write(page.draw, thang[2] + 18, y - 14, "02", 80, MARKER, 10)
        nam = page.put(month[2] + 18, y, "năm")
        year = page.put(nam[2] + 16, y, "2026")
        words = [
            page.word("Hà", (place[0], place[1], place[0] + 60, place[3])),
            page.word("Nội,", (place[0] + 75, place[1], place[2], place[3])),
            page.word("ngày⁄€", _glued(ngay, day), conf=40.0) if day else page.word("ngày", ngay),
            page.word("tháng", thang),
            page.word("đÓ6", month, conf=12.0),
            page.word("năm", nam),
            page.word("2026", year),
        ]
        ocr = OcrPage(595.0, 842.0, words)
        return ocr, read_blanks(page.save(tmp_path), ocr, DPI)

    ocr, notes = page_with("24")
    assert notes == []
    assert [w.text for w in ocr.words][2:] == ["ngày", "24", "tháng", "02", "năm", "2026"]
    ocr, notes = page_with(None)
    assert [w.text for w in ocr.words][2:] == ["ngày", "tháng", "năm", "2026"]
    assert len(notes) == 1 and "tháng ký" in notes[0]
