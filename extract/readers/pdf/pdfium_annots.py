"""Text that a signing or form tool types onto the first page as annotations (the number and day of a signed
document are often a form field or FreeText/stamp box, not page content): pdfium's text page leaves it out, so
the header would lose "Số: …" and the date.

How: the page is copied into a scratch document, its annotations are flattened into the copy's content (their
appearance streams become page objects), and the copy's glyphs that lie inside a chosen annotation box and are
not already on the page are returned, in the same tuple form as `pdfium_layer`'s, so lines join them by position.
Only annotations that carry typed text (widget, FreeText, stamp), are visible and lie in the header band of the
first page are taken: elsewhere an annotation is a reviewer's note, and a box that sticks out of the page is a
signing tool's stamp ("Ký bởi …"), not part of the document.
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2.raw as raw

__all__ = ["HEADER_BAND", "annotation_chars"]

HEADER_BAND = 0.3  # share of the page height, from the top, that holds the header block
_TEXT_KINDS = frozenset({raw.FPDF_ANNOT_WIDGET, raw.FPDF_ANNOT_FREETEXT, raw.FPDF_ANNOT_STAMP})
_SAME = 0.5  # points: a flattened glyph this close to a page glyph with the same character is that glyph

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in top-down coordinates


def header_annotation_boxes(page, height: float) -> list[Box]:
    """Boxes (top-down coordinates) of visible text-bearing annotations in the header band of `page`."""
    boxes: list[Box] = []
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            if raw.FPDFAnnot_GetSubtype(annot) not in _TEXT_KINDS:
                continue
            if raw.FPDFAnnot_GetFlags(annot) & raw.FPDF_ANNOT_FLAG_HIDDEN:
                continue
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            top, bottom = height - max(rect.top, rect.bottom), height - min(rect.top, rect.bottom)
            # A box outside the page (a signing tool's stamp parked above it) is not part of the document.
            if top >= 0 and bottom <= height * HEADER_BAND:
                boxes.append((min(rect.left, rect.right), top, max(rect.left, rect.right), bottom))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return boxes


def _inside(ch: tuple, box: Box) -> bool:
    cx, cy = (ch[3] + ch[4]) / 2, (ch[5] + ch[6]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def annotation_chars(
    page, number: int, height: float, page_chars: list[tuple], read: Callable[[object], list[tuple] | None]
) -> list[tuple]:
    """Glyph tuples of annotation text in the header band of page 1 that the page's own glyphs lack.
    `read` reads the glyph tuples of a (flattened) pypdfium2 page, None when it cannot be read faithfully."""
    if number != 1:
        return []
    boxes = header_annotation_boxes(page, height)
    if not boxes:
        return []
    import pypdfium2 as pdfium

    scratch = pdfium.PdfDocument.new()
    try:
        scratch.import_pages(page.pdf, [number - 1])
        copy = scratch[0]
        flat = raw.FPDFPage_Flatten(copy.raw, raw.FLAT_NORMALDISPLAY)
        copy.close()
        if flat != raw.FLATTEN_SUCCESS:
            return []
        copy = scratch[0]  # pdfium shows flattened content on a reloaded page only
        try:
            chars = read(copy)
        finally:
            copy.close()
    except Exception:  # a copy that cannot be made or read: the page keeps what it had
        return []
    finally:
        scratch.close()
    if not chars:
        return []
    seen: dict[str, list[tuple]] = {}
    for ch in page_chars:
        seen.setdefault(ch[0], []).append(ch)
    extra: list[tuple] = []
    for ch in chars:
        if not any(_inside(ch, b) for b in boxes):
            continue
        if any(abs(o[3] - ch[3]) < _SAME and abs(o[6] - ch[6]) < _SAME for o in seen.get(ch[0], ())):
            continue
        extra.append(ch)
    while extra and extra[-1][0].isspace():
        extra.pop()
    while extra and extra[0][0].isspace():
        extra.pop(0)
    return extra
