"""The signature column of a signed scan read again without the red seal (extract/readers/ocr_signature.py).
A page is drawn with PIL: the Nơi nhận list on the left, the signature block on the right under a thick red
ring; the first reading's words stand for what tesseract gives there (the titles lost under the seal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ocr as ocr_mod
from extract.readers.ocr import OcrPage, OcrWord
from extract.readers.ocr_signature import reread_signature_column, signature_column

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
DPI = 300
PT = 72 / DPI


def _w(text: str, box: tuple[int, int, int, int], conf: float, line: int) -> OcrWord:
    x0, top, x1, bottom = box
    return OcrWord(text, x0 * PT, top * PT, x1 * PT, bottom * PT, conf, (1, 1, line))


def _signed_page(seal: str):
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    img = Image.new("RGB", (2480, 3508), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 50)
    small = ImageFont.truetype(str(FONT.with_name("LiberationSerif-Regular.ttf")), 42)
    closing = "Các đơn vị báo cáo kết quả thực hiện về Cục Cảnh sát, Bộ Công an trước ngày 20/12/2026./."
    body = d.textbbox((300, 2000), closing, font=font)
    d.text((300, 2000), closing, font=font, fill="black")
    d.text((300, 2200), "Nơi nhận:", font=small, fill="black")
    d.text((300, 2260), "- Như trên;", font=small, fill="black")
    archive = d.textbbox((300, 2320), "- Lưu: VT.", font=small)
    d.text((300, 2320), "- Lưu: VT.", font=small, fill="black")
    d.text((1500, 2200), "KT. GIÁM ĐỐC", font=font, fill="black")
    d.text((1450, 2270), "PHÓ GIÁM ĐỐC", font=font, fill="black")
    d.text((1440, 2600), "Nguyễn Văn Bình", font=font, fill="black")
    if seal:  # seal ink darkens what is under it, it does not cover it
        layer = Image.new("RGB", img.size, "white")
        s = ImageDraw.Draw(layer)
        s.ellipse((1380, 2120, 1900, 2640), outline=seal, width=28)
        s.line((1390, 2250, 1890, 2300), fill=seal, width=22)
        img = ImageChops.multiply(img, layer)
    words = [
        _w("Báo", (body[0], body[1], body[0] + 90, body[3]), 96.0, 1),
        _w("20/12/2026./.", (body[2] - 260, body[1], body[2], body[3]), 95.0, 1),
        _w("Nơi", (300, 2200, 370, 2245), 93.0, 2),
        _w("nhận:", (380, 2200, 480, 2245), 93.0, 2),
        _w("ÄĐ§", (1480, 2190, 1620, 2250), 12.0, 2),  # the titles, lost under the seal
        _w("-", (300, 2320, 315, 2360), 93.0, 4),
        _w("Lưu:", (archive[0] + 30, archive[1], archive[0] + 120, archive[3]), 92.0, 4),
        _w("VT.", (archive[0] + 130, archive[1], archive[2], archive[3]), 92.0, 4),
        _w("Nguyễn", (1440, 2600, 1610, 2655), 95.0, 5),
        _w("Văn", (1620, 2600, 1710, 2655), 95.0, 5),
        _w("Bình", (1720, 2600, 1830, 2655), 95.0, 5),
    ]
    return img, OcrPage(595.2, 841.9, words)


def _needs_ocr():
    ok, why = ocr_mod.ocr_status("vie")
    if not ok:
        pytest.skip(f"OCR not available: {why}")
    if not FONT.exists():
        pytest.skip("Liberation fonts are not installed")


def test_titles_under_a_red_seal_are_read_again():
    _needs_ocr()
    img, page = _signed_page(seal=(220, 30, 40))
    notes = reread_signature_column(page, img, DPI, "vie", 120)
    assert len(notes) == 1
    lines: dict = {}
    for w in page.words:
        lines.setdefault(w.line_key, []).append(w)
    read = [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in lines.values()]
    assert "KT. GIÁM ĐỐC" in read and "PHÓ GIÁM ĐỐC" in read
    text = " ".join(read)
    assert "ÄĐ§" not in text
    assert "Nơi nhận:" in text and "Lưu:" in text  # the left column is the first reading's, untouched
    assert "Báo" in text  # so is the body above the signature


def test_a_page_without_red_keeps_its_first_reading():
    _needs_ocr()
    img, page = _signed_page(seal="")
    before = list(page.words)
    assert reread_signature_column(page, img, DPI, "vie", 120) == []
    assert page.words == before


def test_the_column_starts_below_the_body_and_right_of_the_middle():
    _, page = _signed_page(seal="")
    x0, top, x1, bottom = signature_column(page)
    assert x0 == pytest.approx(page.width / 2)
    assert top >= 2040 * PT  # below the body's last full line
    assert bottom > 2600 * PT + 10  # the name under the signature is inside


def test_no_archive_line_no_column():
    page = OcrPage(595.2, 841.9, [_w("Báo", (300, 2000, 390, 2050), 96.0, 1)])
    assert signature_column(page) is None
