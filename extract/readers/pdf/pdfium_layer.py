"""The fast character layer: glyphs, font names and sizes of a page read through pdfium's C API
(`pypdfium2.raw`), with its drawings (`pdfium_draw`), in the coordinates pdfplumber uses, so the layout rules
see what they saw with pdfminer.

Why pdfium: pdfminer parses content streams in pure Python (about 13 pages/s for our reader); pdfium parses them
in C. What pdfium does not give as pdfminer did is detected and the page is read by pdfminer instead
(`PdfiumPage.fallback` says why): glyphs without a Unicode map or decoded through a guessed encoding (odd
characters: cid fonts, legacy 8-bit fonts), a rotated page or one whose media box does not start at 0,0.

Glyph boxes follow pdfminer: x0/x1 are the origin and advance (pdfium's loose box), bottom is the baseline
plus the font descriptor's /Descent (`pdfium_fonts`: read through pdfminer's object parser, once per font: pdfium
substitutes metrics when the descriptor says 0), top is bottom minus the font size.

Glyphs become pieces in the same pass (`pdfium_pieces`); the glyph tuples of `_read_chars` are kept where
annotation text must be placed among them (page 1 of a signed PDF) and for flattened copies.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as raw

from .lines import _Piece
from .pdfium_annots import annotation_chars, header_annotation_boxes
from .pdfium_draw import read_objects
from .pdfium_fonts import Descents
from .pdfium_glyphs import GET_OBJ_ADDR, LOOSE_BOX, MAP_ERROR, ORIGIN, Buffers, object_info, odd_char, page_text
from .pdfium_pieces import read_pieces

__all__ = ["Descents", "PdfiumPage", "read_page"]


@dataclass
class PdfiumPage:
    """One page as read by pdfium: pieces (or glyph tuples), drawings as pdfplumber-style edge dicts, image
    boxes."""

    width: float
    height: float
    chars: list[tuple]
    rules: list[dict]
    images: list[tuple[float, float, float, float]]
    curves: int
    fallback: str | None = None  # why pdfminer must read this page instead
    # Text objects followed by a space pdfium's text page leaves out: a space glyph in a text object of its
    # own that pdfium cannot map (empty text, zero width); pdfminer reads it as " " and the joiner needs it.
    space_after: set[int] = field(default_factory=set)
    # Read straight into pieces (`pdfium_pieces`), `chars` then stays empty: the pieces, and the counts of
    # unmapped and real glyphs `chars._chars_to_pieces` would give.
    pieces: list[_Piece] | None = None
    garbage: int = 0
    real: int = 0


def read_page(
    page,
    number: int,
    descents: Descents,
    known: dict[str, float],
    want_drawings: bool = True,
    annots: bool = True,
    pieces: bool = True,
) -> PdfiumPage:
    """Glyphs and drawings of one `pypdfium2.PdfPage` (page `number`); `known` caches font descents by name
    over the document. With `annots`, text typed as annotations into the header of page 1 joins the glyphs
    (`pdfium_annots`). With `pieces`, glyphs become pieces in the same pass (`PdfiumPage.pieces`), unless
    annotation text joins them: that is placed among the page's glyph tuples."""
    mb = page.get_mediabox()
    width, height = float(mb[2] - mb[0]), float(mb[3] - mb[1])
    out = PdfiumPage(width, height, [], [], [], 0)
    if mb[0] != 0 or mb[1] != 0:
        out.fallback = "media box not at 0,0"
        return out
    if page.get_rotation():
        out.fallback = "rotated page"
        return out
    tp = raw.FPDFText_LoadPage(page.raw)
    if not tp:
        out.fallback = "no text page"
        return out
    try:
        read_objects(page.raw, tp, out, height, want_drawings)
        if pieces and not (annots and number == 1 and header_annotation_boxes(page, height)):
            out.pieces, out.garbage, out.real, out.fallback = read_pieces(
                tp, out.space_after, height, number, descents, known
            )
            annots = False
        else:
            _read_chars(tp, out, height, number, descents, known)
    finally:
        raw.FPDFText_ClosePage(tp)
    if annots and out.fallback is None:

        def read_flat(flat_page) -> list[tuple] | None:
            got = read_page(flat_page, number, descents, known, want_drawings=False, annots=False, pieces=False)
            return got.chars if got.fallback is None else None

        out.chars.extend(annotation_chars(page, number, height, out.chars, read_flat))
    return out


def _read_chars(tp, out: PdfiumPage, h: float, number: int, descents: Descents, known: dict[str, float]) -> None:
    """Glyph tuples in the order of pdfium's text page; sets `out.fallback` and stops where pdfium's reading
    is not faithful. `pdfium_pieces.read_pieces` is the same reading turned straight into pieces."""
    text = page_text(tp)
    if not text:
        return
    space_after = out.space_after
    prev_key = None
    get_addr, loose, origin, map_error = GET_OBJ_ADDR, LOOSE_BOX, ORIGIN, MAP_ERROR
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    bufs = Buffers()
    rect, org, rect_p, ox_p, oy_p = bufs.rect, bufs.org, bufs.rect_p, bufs.ox_p, bufs.oy_p
    objs: dict[int, tuple] = {}
    fonts: dict[int, tuple[str, float]] = {}
    chars = out.chars
    gap_space = False
    odd_seen: dict[str, bool] = {}
    for i, ch in enumerate(text):
        key = get_addr(tp_addr, i)
        if not key:
            # A space or line break pdfium generated. A generated space often stands for a space glyph
            # pdfium dropped at a text object boundary (pdfminer keeps it): a space hint, as the glyph was.
            gap_space = gap_space or ch == " "
            continue
        if key != prev_key:
            if prev_key in space_after and chars and chars[-1][0] != " ":
                chars.append((" ",) + chars[-1][1:])
            prev_key = key
        if gap_space:
            gap_space = False
            if chars:
                chars.append((" ",) + chars[-1][1:])
        if ch == "\ufffe":
            ch = "-"  # pdfium marks a hyphen at a line end
        info = objs.get(key)
        if info is None:
            info = object_info(key, tp_addr, i, h, number, descents, known, fonts, bufs)
            if isinstance(info, str):
                out.fallback = info
                return
            objs[key] = info
        if ch > "\x7f":
            odd = odd_seen.get(ch)
            if odd is None:
                odd = odd_seen[ch] = odd_char(ch)
            if odd:
                out.fallback = f"character U+{ord(ch):04X} decoded through a guessed encoding"
                return
        elif ch < " " and ch not in "\t\r\n" and map_error(tp_addr, i):
            out.fallback = "glyphs without a Unicode map"
            return
        name, size, d, upright, bottom = info
        loose(tp_addr, i, rect_p)
        if bottom is None:
            origin(tp_addr, i, ox_p, oy_p)
            bottom = h - (org[1] + d * size)
        chars.append((ch, name, size, rect[0], rect[2], bottom - size, bottom, upright))
