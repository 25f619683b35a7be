"""One scanned page read for the PDF reader: tesseract's reading, then the marks of a signed copy handled —
the received stamp dropped (`ocr_stamps`), the handwritten header blanks read again (`ocr_blanks`), the
signature column under a red seal read again (`ocr_signature`). What was done goes to `page.notes`."""

from __future__ import annotations

from pathlib import Path

from .ocr import OcrPage, ocr_image, render_colour
from .ocr_blanks import read_blanks
from .ocr_signature import reread_signature_column, signature_column
from .ocr_stamps import drop_received_stamp


def ocr_scan_image(
    image_path: str | Path, *, dpi: int, lang: str, timeout: float, source: tuple[str | Path, int] | None = None
) -> OcrPage:
    """`ocr_image`, then a received stamp dropped, the handwritten header blanks read again and, on a page of
    `source` (pdf, page number) with a red seal over its signature, the signature column read without the
    red; what was done goes to `page.notes`."""
    page = ocr_image(image_path, dpi=dpi, lang=lang, timeout=timeout)
    page.notes += [("received_stamp", note) for note in drop_received_stamp(page)]
    page.notes += [("ocr_handwriting", note) for note in read_blanks(image_path, page, dpi)]
    if source is not None and signature_column(page) is not None:
        colour = render_colour(source[0], source[1], dpi=dpi)
        if colour is not None:
            notes = reread_signature_column(page, colour, dpi, lang, timeout)
            page.notes += [("ocr_seal", note) for note in notes]
    return page
