"""One page → lines and ruled tables (`_PageLayout`), or a request for OCR (`_NeedsOcr`), from whichever
character layer read it: pdfium (`PdfiumPage`) or pdfminer (a pdfplumber page, the reference and fallback)."""

from __future__ import annotations

from .chars import _chars_to_pieces
from .lines import _group_lines, _Piece
from .page import _NeedsOcr, _PageLayout
from .pdfium_layer import PdfiumPage
from .pdfminer_layer import _plumber_chars, _walk_layout
from .scan import needs_ocr
from .tables import _extract_tables, _TableItem


def analyse_pdfium(raw_page: PdfiumPage, number: int, want_tables: bool, fix=None) -> _PageLayout | _NeedsOcr:
    """Layout of a page pdfium read; the caller has checked `raw_page.fallback` is None."""
    if raw_page.pieces is not None:
        converted = (raw_page.pieces, raw_page.garbage, raw_page.real)
    else:
        converted = _chars_to_pieces(raw_page.chars)
    return _layout(
        None,
        number,
        raw_page.width,
        raw_page.height,
        converted,
        raw_page.rules,
        raw_page.images,
        raw_page.curves,
        want_tables,
        fix,
    )


def analyse_pdfminer(
    page, number: int, want_tables: bool, fix=None, fast: bool = True, extra=None
) -> _PageLayout | _NeedsOcr:
    """Layout of a pdfplumber page. `fast` reads pdfminer's layout objects directly (`_walk_layout`); False goes
    through pdfplumber's `page.chars` / `page.find_tables` (the slowest path, kept as a reference). `extra`
    gives glyphs pdfminer does not read (annotation text, `pdfium_annots`) from the page's own glyphs."""
    width, height = float(page.width), float(page.height)
    if fast:
        raw = _walk_layout(page)
        chars = raw.chars + extra(raw.chars) if extra else raw.chars
        return _layout(
            page, number, width, height, _chars_to_pieces(chars), raw.rules, raw.images, raw.curves, want_tables, fix
        )
    image_boxes = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    has_rules = bool(page.rects or page.lines or page.curves)
    chars = list(_plumber_chars(page))
    if extra:
        chars += extra(chars)
    return _layout(
        page,
        number,
        width,
        height,
        _chars_to_pieces(chars),
        None,
        image_boxes,
        len(page.curves),
        want_tables,
        fix,
        has_rules=has_rules,
    )


def _layout(
    page,
    number: int,
    width: float,
    height: float,
    converted: tuple[list[_Piece], int, int],
    rules,
    image_boxes,
    n_curves: int,
    want_tables: bool,
    fix,
    has_rules: bool | None = None,
) -> _PageLayout | _NeedsOcr:
    """`converted`: (pieces, unmapped glyph count, real glyph count) as `_chars_to_pieces` gives them."""
    pieces, garbage, real = converted
    reason = needs_ocr(garbage, real, image_boxes, n_curves, width, height)
    if reason:
        return _NeedsOcr(number, width, height, reason)
    tables: list[_TableItem] = []
    if want_tables and pieces and (bool(rules) if has_rules is None else has_rules):
        tables, pieces = _extract_tables(page, pieces, number, fix, rules)
    lines = _group_lines(pieces, number, fix=fix)
    return _PageLayout(number, width, height, lines, tables, dropped_garbage=garbage)
