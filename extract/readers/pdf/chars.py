"""Glyph tuples (text, font, size, x0, x1, top, bottom, upright) → pieces: combining marks attached,
doubled glyphs dropped, spaces kept as hints, unmapped glyphs counted as garbage."""

from __future__ import annotations

import unicodedata

from .lines import _Piece
from .patterns import _SYMBOL_FONTS

_FONT_STYLE: dict[str, tuple[bool, bool, bool]] = {}


def _font_style(fontname: str) -> tuple[bool, bool, bool]:
    style = _FONT_STYLE.get(fontname)
    if style is None:
        low = fontname.lower()
        bold = any(k in low for k in ("bold", "black", "heavy", "semibold", "demi")) or low.endswith((",b", "-b"))
        italic = any(k in low for k in ("italic", "oblique")) or low.endswith((",i", "-i", ",bi"))
        symbol = any(k in low for k in _SYMBOL_FONTS)
        style = (bold, italic, symbol)
        _FONT_STYLE[fontname] = style
    return style


def _is_pua(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o == 0xFFFD or 0xF0000 <= o


def _chars_to_pieces(chars) -> tuple[list[_Piece], int, int]:
    """Pieces from (text, fontname, size, x0, x1, top, bottom, upright) tuples in content-stream order;
    returns (pieces, garbage count, real glyph count). One-character glyphs (nearly all) take a short path."""
    pieces: list[_Piece] = []
    garbage = 0
    real = 0
    prev: _Piece | None = None
    styles: dict[str, tuple[bool, bool, bool]] = {}
    combining = unicodedata.combining
    for t, fn, size, x0, x1, top, bottom, upright in chars:
        if len(t) == 1:
            if t.isspace():
                if prev is not None:
                    prev.space_after = True
                continue
            if not upright:
                continue  # rotated stamps and margin notes
            style = styles.get(fn)
            if style is None:
                style = styles[fn] = _font_style(fn)
            if t < "\x80":  # ASCII: never a combining mark or private use
                if t < "\x04":
                    garbage += 1
                    continue
            elif combining(t):
                if prev is not None:
                    prev.text += t
                continue
            elif _is_pua(t):
                if style[2]:
                    t = "•"  # Wingdings/Symbol bullets
                else:
                    garbage += 1
                    continue
        else:
            if not t or t.isspace():
                if prev is not None:
                    prev.space_after = True
                continue
            if not upright:
                continue
            if t.startswith("(cid:"):
                garbage += 1
                continue
            style = styles.get(fn)
            if style is None:
                style = styles[fn] = _font_style(fn)
        real += 1
        if prev is not None and prev.text == t and abs(prev.x0 - x0) < 0.15 * size and abs(prev.top - top) < 1:
            continue  # the same glyph drawn twice (fake bold, shadow)
        p = _Piece(t, x0, x1, top, bottom, size, style[0], style[1], fn)
        pieces.append(p)
        prev = p
    return pieces, garbage, real
