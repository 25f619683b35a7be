"""What both pdfium glyph readers (glyph tuples in `pdfium_layer`, pieces in `pdfium_pieces`) ask pdfium's text
page: the C functions bound for calls by address, the page's text in one call, per-text-object facts (font name,
size, descent, upright, baseline) asked once per object, and the test for characters of a guessed encoding."""

from __future__ import annotations

import ctypes

import pypdfium2.raw as raw

from ...normalize import strip_accents
from .pdfium_fonts import Descents, legacy_font_kind


def by_address(fn, restype, *argtypes):
    """`fn` of `pypdfium2.raw` called with plain addresses (ints) instead of typed pointers: ctypes then checks
    no pointer types and no `ctypes.cast` is needed per call, which is most of the cost of a call made once per
    glyph (about a third for the glyph box)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
GET_OBJ_ADDR = by_address(raw.FPDFText_GetTextObject, _VP, _VP, _INT)
LOOSE_BOX = by_address(raw.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)
ORIGIN = by_address(raw.FPDFText_GetCharOrigin, _INT, _VP, _INT, _VP, _VP)
MAP_ERROR = by_address(raw.FPDFText_HasUnicodeMapError, _INT, _VP, _INT)
_GET_FONT = by_address(raw.FPDFTextObj_GetFont, _VP, _VP)
_FONT_SIZE = by_address(raw.FPDFTextObj_GetFontSize, _INT, _VP, _VP)
_CHAR_MATRIX = by_address(raw.FPDFText_GetMatrix, _INT, _VP, _INT, _VP)


def odd_char(ch: str) -> bool:
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


def page_text(tp) -> str:
    """The text page's characters, one per index, in one call (per-character calls cost a ctypes call each)."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != n:
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    return text


class Buffers:
    """Out-parameters allocated once per page and passed by address: FS_RECTF (left, top, right, bottom),
    FS_MATRIX (a, b, c, d, e, f), the origin (x, y) and the font size."""

    def __init__(self) -> None:
        self.rect = (ctypes.c_float * 4)()
        self.matrix = (ctypes.c_float * 6)()
        self.org = (ctypes.c_double * 2)()
        self.fs = ctypes.c_float()
        self.rect_p = ctypes.addressof(self.rect)
        self.matrix_p = ctypes.addressof(self.matrix)
        self.fs_p = ctypes.addressof(self.fs)
        self.ox_p = ctypes.addressof(self.org)
        self.oy_p = self.ox_p + ctypes.sizeof(ctypes.c_double)


def object_info(
    key: int,
    tp_addr: int,
    i: int,
    h: float,
    number: int,
    descents: Descents,
    known: dict[str, float],
    fonts: dict[int, tuple[str, float]],
    bufs: Buffers,
) -> tuple | str:
    """(font name, size, descent, upright, bottom) of the text object `key`, whose first glyph is character `i`;
    or why pdfium's reading of it is not faithful (a str). `bottom` is None unless the text is horizontal (no
    rotation or skew): then every glyph of the object sits on one baseline and the origin is asked once here,
    otherwise per glyph. `fonts` caches the font facts by font handle over the page."""
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
        legacy_kind = legacy_font_kind()
        if legacy_kind is not None and legacy_kind(name.split("+", 1)[-1])[0]:
            return f"legacy-encoded font {name}"
    fs, matrix, org = bufs.fs, bufs.matrix, bufs.org
    fs.value = 0.0
    _FONT_SIZE(key, bufs.fs_p)
    _CHAR_MATRIX(tp_addr, i, bufs.matrix_p)
    a, b, c, dm = matrix[0], matrix[1], matrix[2], matrix[3]
    upright = a * dm > 0 and b * c <= 0
    size = abs(fs.value * dm) if b == 0 and c == 0 else abs(fs.value) * (c * c + dm * dm) ** 0.5
    bottom = None
    if b == 0 and c == 0:
        ORIGIN(tp_addr, i, bufs.ox_p, bufs.oy_p)
        bottom = h - (org[1] + finfo[1] * size)
    if MAP_ERROR(tp_addr, i):  # a font without a Unicode map: its first glyph in each text object tells
        return "glyphs without a Unicode map"
    return (finfo[0], size, finfo[1], upright, bottom)
