"""Scans saved as images (.png, .jpg, .tif): wrapped page by page into a PDF and read by the PDF reader.

The PDF reader already OCRs pages without a text layer and lays the words out with the same rules as any
other page (header columns, paragraphs, tables, signature), so an image is read exactly like a scanned PDF.
Pillow opens the image (its pixel limit refuses decompression bombs); the resolution the image records is
kept so OCR word boxes come out in real page points.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..blocks import Document, ReadError

MAX_PAGES = 200  # frames of a multi-page TIFF
DEFAULT_DPI = 300  # what a scanner writes when the file records no resolution


def _frames(img) -> list:
    from PIL import ImageSequence

    out = []
    for i, frame in enumerate(ImageSequence.Iterator(img)):
        if i >= MAX_PAGES:
            break
        out.append(frame.convert("L") if frame.mode not in ("L", "RGB") else frame.copy())
    return out


def read(path: Path) -> Document:
    from PIL import Image, UnidentifiedImageError

    from .pdf import read as read_pdf

    path = Path(path)
    try:
        with Image.open(path) as img:
            dpi = img.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
            pages = _frames(img)
    except Image.DecompressionBombError as exc:
        raise ReadError(str(path), f"refused: image too large ({exc})") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError(str(path), f"damaged or unsupported image ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise ReadError(str(path), "image has no frames")
    dpi = float(dpi) if 50 <= float(dpi) <= 1200 else DEFAULT_DPI
    with tempfile.TemporaryDirectory(prefix="kehoach-img-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        pages[0].save(pdf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
        try:
            document = read_pdf(pdf)
        except ReadError as exc:
            raise ReadError(str(path), exc.problem) from None
    document.path = str(path)
    document.format = "image"
    return document
