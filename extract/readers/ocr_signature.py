"""The signature column of a signed scan, read again without the red seal.

On a signed page the round red seal covers the signer's titles, and tesseract's single-block reading (psm 6)
runs the Nơi nhận column and the signature column together line by line, so the titles and the authority
line ("KT. TỔ TRƯỞNG") come out as noise. The column right of the page's middle, from the closing of the body
to below the 'Lưu:' line, is cropped from a colour rendering with red ink faded out (the red channel as grey:
the seal is as light as the paper there, black print and handwriting stay dark) and read on its own. Its
words replace the first reading's words in that column when the new reading is more confident.

Public: `signature_column(page)`, `reread_signature_column(page, colour_image, dpi, lang, timeout)`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import regex

from ..normalize import match_key
from .ocr import OcrPage, OcrWord, ocr_image

_RED_MARGIN = 60  # a pixel is seal ink when its red channel exceeds both others by this much
_RED_SHARE = 0.002  # of the column's pixels: enough red for a seal
_ARCHIVE = regex.compile(r"^lưu\b")
_LINE_KEY_BASE = 900  # block numbers of the new words, apart from tesseract's own


def reread_signature_column(page: OcrPage, colour, dpi: int, lang: str, timeout: float) -> list[str]:
    """Replace the signature column's words of `page` by a reading without the red seal; return a note
    (Vietnamese) when that was done. `colour` is the page rendered in RGB at `dpi`."""
    region = signature_column(page)
    if region is None:
        return []
    x0, top, x1, bottom = region
    scale = dpi / 72.0
    box = (int(x0 * scale), int(top * scale), int(x1 * scale), int(bottom * scale))
    crop = colour.convert("RGB").crop(box)
    r, g, b = crop.split()
    from PIL import ImageChops

    redness = ImageChops.darker(ImageChops.subtract(r, g), ImageChops.subtract(r, b))
    if sum(redness.histogram()[_RED_MARGIN + 1 :]) <= _RED_SHARE * crop.width * crop.height:
        return []  # no seal over the column: the first reading stands
    old = [w for w in page.words if _inside(w, region)]
    with tempfile.TemporaryDirectory(prefix="kehoach-sig-") as tmp:
        path = Path(tmp) / "column.png"
        r.save(path)
        column = ocr_image(path, dpi=dpi, lang=lang, timeout=timeout)
    new = [
        OcrWord(
            w.text,
            w.x0 + x0,
            w.top + top,
            w.x1 + x0,
            w.bottom + top,
            w.conf,
            (_LINE_KEY_BASE + w.line_key[0], w.line_key[1], w.line_key[2]),
        )
        for w in column.words
    ]
    if _confident(new) <= _confident(old):
        return []
    page.words = [w for w in page.words if not _inside(w, region)] + new
    return ["chữ ký có dấu đỏ đè lên: cột chữ ký được đọc lại sau khi bỏ màu đỏ"]


def signature_column(page: OcrPage) -> tuple[float, float, float, float] | None:
    """(x0, top, x1, bottom) in points of the signature column: right of the middle, from below the body's last
    full-width line to below the 'Lưu:' line; None without a 'Lưu:' line low on the page."""
    width, height = page.width or 595.0, page.height or 842.0
    archive = [
        w for w in page.words if _ARCHIVE.match(match_key(w.text)) and w.x0 < 0.45 * width and w.top > 0.3 * height
    ]
    if not archive:
        return None
    last = max(archive, key=lambda w: w.top)
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in page.words:
        if w.bottom < last.top:
            lines.setdefault(w.line_key, []).append(w)
    # Body lines run from margin to margin and read cleanly; the Nơi nhận and signature lines that tesseract
    # runs together are broken by the seal and the gap between the columns.
    body = [
        max(w.bottom for w in ws)
        for ws in lines.values()
        if max(w.x1 for w in ws) - min(w.x0 for w in ws) >= 0.6 * width
        and sum(w.conf for w in ws) / len(ws) >= 85
        and not ws[0].text.startswith("-")
    ]
    top = max([last.top - 0.35 * height, *body])
    bottom = min(height, last.bottom + 0.12 * height)
    return 0.5 * width, top, width, bottom


def _inside(w: OcrWord, region: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = region
    return w.x0 >= x0 and top <= (w.top + w.bottom) / 2 <= bottom


def _confident(words: list[OcrWord]) -> float:
    """Letters read with good confidence: the measure of a better reading."""
    return sum(sum(ch.isalpha() for ch in w.text) for w in words if w.conf >= 80)
