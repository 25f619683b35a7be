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
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as raw

from ...normalize import strip_accents
from .pdfium_annots import annotation_chars
from .pdfium_draw import read_objects
from .pdfium_fonts import Descents, legacy_font_kind

__all__ = ["Descents", "PdfiumPage", "read_page"]


def _odd_char(ch: str) -> bool:
    """A character real Vietnamese text does not use but a guessed 8-bit or cid decoding produces
    (Cyrillic, spacing accents, Latin-1 symbols and letters Vietnamese has no use for)."""
    o = ord(ch)
    if o < 0x80 or 0x1EA0 <= o <= 0x1EF9 or 0x2010 <= o <= 0x203A or 0x300 <= o <= 0x323:
        return False
    if 0xC0 <= o <= 0x1B0:
        base = strip_accents(ch)
        return not (base.isascii() and base.isalpha()) and ch not in "ĐđƠơƯưĂă"
    if 0x80 <= o < 0xC0:
        return ch not in "\u00a0°±²³µ·º¹×÷«»§©®"
    if 0x400 <= o <= 0x52F or 0x2C0 <= o <= 0x2FF or o in (0x2020, 0x2021, 0x2030, 0x192):
        return True
    return False  # private use and other symbols: the glyph rules decide


@dataclass
class PdfiumPage:
    """One page as read by pdfium: glyph tuples, drawings as pdfplumber-style edge dicts, image boxes."""

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


def _by_address(fn, restype, *argtypes):
    """`fn` of `pypdfium2.raw` called with plain addresses (ints) instead of typed pointers: ctypes then checks
    no pointer types and no `ctypes.cast` is needed per call, which is most of the cost of a call made once per
    glyph (about a third for the glyph box)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_GET_OBJ_ADDR = _by_address(raw.FPDFText_GetTextObject, _VP, _VP, _INT)
_LOOSE_BOX = _by_address(raw.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)
_ORIGIN = _by_address(raw.FPDFText_GetCharOrigin, _INT, _VP, _INT, _VP, _VP)
_MAP_ERROR = _by_address(raw.FPDFText_HasUnicodeMapError, _INT, _VP, _INT)
_GET_FONT = _by_address(raw.FPDFTextObj_GetFont, _VP, _VP)
_FONT_SIZE = _by_address(raw.FPDFTextObj_GetFontSize, _INT, _VP, _VP)
_CHAR_MATRIX = _by_address(raw.FPDFText_GetMatrix, _INT, _VP, _INT, _VP)


def read_page(
    page, number: int, descents: Descents, known: dict[str, float], want_drawings: bool = True, annots: bool = True
) -> PdfiumPage:
    """Glyphs and drawings of one `pypdfium2.PdfPage` (page `number`); `known` caches font descents by name
    over the document. With `annots`, text typed as annotations into the header of page 1 joins the glyphs
    (`pdfium_annots`)."""
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
        _read_chars(tp, out, height, number, descents, known)
    finally:
        raw.FPDFText_ClosePage(tp)
    if annots and out.fallback is None:

        def read_flat(flat_page) -> list[tuple] | None:
            got = read_page(flat_page, number, descents, known, want_drawings=False, annots=False)
            return got.chars if got.fallback is None else None

        out.chars.extend(annotation_chars(page, number, height, out.chars, read_flat))
    return out


def _read_chars(tp, out: PdfiumPage, h: float, number: int, descents: Descents, known: dict[str, float]) -> None:
    """Glyph tuples in the order of pdfium's text page; sets `out.fallback` and stops where pdfium's reading
    is not faithful."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n:
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    space_after = out.space_after
    prev_key = None
    get_addr, loose, origin, map_error = _GET_OBJ_ADDR, _LOOSE_BOX, _ORIGIN, _MAP_ERROR
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    # Out-parameters allocated once per page and passed by address: FS_RECTF (left, top, right, bottom),
    # FS_MATRIX (a, b, c, d, e, f), the origin (x, y) and the font size.
    rect = (ctypes.c_float * 4)()
    matrix = (ctypes.c_float * 6)()
    org = (ctypes.c_double * 2)()
    fs = ctypes.c_float()
    rect_p, matrix_p, fs_p = ctypes.addressof(rect), ctypes.addressof(matrix), ctypes.addressof(fs)
    ox_p = ctypes.addressof(org)
    oy_p = ox_p + ctypes.sizeof(ctypes.c_double)
    objs: dict[int, tuple] = {}
    fonts: dict[int, tuple[str, float]] = {}
    chars = out.chars
    legacy_kind = legacy_font_kind()
    gap_space = False
    odd_seen: dict[str, bool] = {}
    for i in range(n):
        ch = text[i]
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
            fkey = _GET_FONT(key)
            finfo = fonts.get(fkey)
            if finfo is None:
                font = ctypes.cast(fkey, raw.FPDF_FONT)
                nb = ctypes.create_string_buffer(256)
                raw.FPDFFont_GetBaseFontName(font, nb, 256)
                name = nb.value.decode("latin-1", errors="replace")
                d = known.get(name)
                if d is None:
                    d = descents.lookup(number, name)
                    if d is None:
                        dd = ctypes.c_float()
                        raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(dd))
                        d = float(dd.value)
                    known[name] = d
                finfo = (name, d)
                fonts[fkey] = finfo
                if legacy_kind is not None and legacy_kind(name.split("+", 1)[-1])[0]:
                    out.fallback = f"legacy-encoded font {name}"
                    return
            fs.value = 0.0
            _FONT_SIZE(key, fs_p)
            _CHAR_MATRIX(tp_addr, i, matrix_p)
            a, b, c, dm = matrix[0], matrix[1], matrix[2], matrix[3]
            upright = a * dm > 0 and b * c <= 0
            size = abs(fs.value * dm) if b == 0 and c == 0 else abs(fs.value) * (c * c + dm * dm) ** 0.5
            # Horizontal text (no rotation or skew): every glyph of the object sits on one baseline, so the
            # origin is asked once per object. Otherwise per glyph (None).
            bottom = None
            if b == 0 and c == 0:
                origin(tp_addr, i, ox_p, oy_p)
                bottom = h - (org[1] + finfo[1] * size)
            info = (finfo[0], size, finfo[1], upright, bottom)
            objs[key] = info
            if map_error(tp_addr, i):  # a font without a Unicode map: its first glyph in each text object tells
                out.fallback = "glyphs without a Unicode map"
                return
        if ch > "\x7f":
            odd = odd_seen.get(ch)
            if odd is None:
                odd = odd_seen[ch] = _odd_char(ch)
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
