"""pdfium's text page straight into pieces, in one pass: what `pdfium_layer` reads as glyph tuples and
`chars._chars_to_pieces` then turns into pieces, without the tuple per glyph in between.

Why: the reader spends most of its time per glyph; a tuple built, stored and unpacked again per glyph, and a
second Python loop, were a third of it. Spaces and glyphs that make no piece (rotated, unmapped, combining
marks) need no box, so pdfium is not asked for one. The rules are those of `_chars_to_pieces` (a test compares
the two readings page by page); the per-character ones are decided once per distinct character (`_kind`)."""

from __future__ import annotations

import ctypes
import unicodedata

from .chars import _font_style, _is_pua
from .lines import _Piece
from .pdfium_fonts import Descents
from .pdfium_glyphs import GET_OBJ_ADDR, LOOSE_BOX, MAP_ERROR, ORIGIN, Buffers, object_info, odd_char, page_text

# What a character is to the piece rules. _CHECK_MAP is added to a control character that may be a glyph
# without a Unicode map (pdfium then says so for that index).
_GLYPH, _SPACE, _GARBAGE, _COMBINING, _PUA, _ODD = range(6)
_CHECK_MAP = 8
_KINDS: dict[str, int] = {}


def _kind(ch: str) -> int:
    kind = _KINDS.get(ch)
    if kind is not None:
        return kind
    if ch > "\x7f":
        if odd_char(ch):
            kind = _ODD
        elif ch.isspace():
            kind = _SPACE
        elif unicodedata.combining(ch):
            kind = _COMBINING
        elif _is_pua(ch):
            kind = _PUA
        else:
            kind = _GLYPH
    else:
        kind = _SPACE if ch.isspace() else _GARBAGE if ch < "\x04" else _GLYPH
        if ch < " " and ch not in "\t\r\n":
            kind += _CHECK_MAP
    _KINDS[ch] = kind
    return kind


def read_pieces(
    tp, space_after: set[int], h: float, number: int, descents: Descents, known: dict[str, float]
) -> tuple[list[_Piece], int, int, str | None]:
    """(pieces, unmapped glyph count, real glyph count, why pdfium's reading is not faithful or None) of a text
    page; `space_after` holds the text objects followed by a space pdfium leaves out (`pdfium_draw`)."""
    pieces: list[_Piece] = []
    garbage = real = 0
    text = page_text(tp).replace("\ufffe", "-")  # pdfium marks a hyphen at a line end
    if not text:
        return pieces, garbage, real, None
    get_addr, loose, origin, map_error = GET_OBJ_ADDR, LOOSE_BOX, ORIGIN, MAP_ERROR
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    bufs = Buffers()
    rect, org, rect_p, ox_p, oy_p = bufs.rect, bufs.org, bufs.rect_p, bufs.ox_p, bufs.oy_p
    objs: dict[int, tuple] = {}
    fonts: dict[int, tuple[str, float]] = {}
    kinds = _KINDS
    append = pieces.append
    prev: _Piece | None = None
    prev_key = None
    gap_space = False
    name, size, d, upright, bottom, bold, italic, symbol = "", 0.0, 0.0, False, None, False, False, False
    for i, ch in enumerate(text):
        key = get_addr(tp_addr, i)
        if not key:
            # A space or line break pdfium generated. A generated space often stands for a space glyph
            # pdfium dropped at a text object boundary (pdfminer keeps it): a space hint, as the glyph was.
            gap_space = gap_space or ch == " "
            continue
        if key != prev_key:
            if prev_key in space_after and prev is not None:
                prev.space_after = True
            prev_key = key
            info = objs.get(key)
            if info is None:
                got = object_info(key, tp_addr, i, h, number, descents, known, fonts, bufs)
                if isinstance(got, str):
                    return pieces, garbage, real, got
                info = objs[key] = got + _font_style(got[0])
            name, size, d, upright, bottom, bold, italic, symbol = info
        if gap_space:
            gap_space = False
            if prev is not None:
                prev.space_after = True
        kind = kinds.get(ch)
        if kind is None:
            kind = _kind(ch)
        if kind:
            if kind >= _CHECK_MAP:
                if map_error(tp_addr, i):
                    return pieces, garbage, real, "glyphs without a Unicode map"
                kind -= _CHECK_MAP
            if kind == _ODD:
                return pieces, garbage, real, f"character U+{ord(ch):04X} decoded through a guessed encoding"
            if kind == _SPACE:
                if prev is not None:
                    prev.space_after = True
                continue
            if not upright:
                continue  # rotated stamps and margin notes
            if kind == _GARBAGE:
                garbage += 1
                continue
            if kind == _COMBINING:
                if prev is not None:
                    prev.text += ch
                continue
            if kind == _PUA:
                if not symbol:
                    garbage += 1
                    continue
                ch = "•"  # Wingdings/Symbol bullets
        elif not upright:
            continue
        real += 1
        loose(tp_addr, i, rect_p)
        x0 = rect[0]
        if bottom is None:
            origin(tp_addr, i, ox_p, oy_p)
            b = h - (org[1] + d * size)
        else:
            b = bottom
        top = b - size
        if prev is not None and prev.text == ch and abs(prev.x0 - x0) < 0.15 * size and abs(prev.top - top) < 1:
            continue  # the same glyph drawn twice (fake bold, shadow)
        prev = _Piece(ch, x0, rect[2], top, b, size, bold, italic, name)
        append(prev)
    return pieces, garbage, real, None
