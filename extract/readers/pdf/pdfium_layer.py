"""The fast character layer: glyphs, font names and sizes, and drawings of a page read through pdfium's C API
(`pypdfium2.raw`), in the coordinates pdfplumber uses, so the layout rules see what they saw with pdfminer.

Why pdfium: pdfminer parses content streams in pure Python (about 13 pages/s for our reader); pdfium parses them
in C. What pdfium does not give as pdfminer did is detected and the page is read by pdfminer instead
(`PdfiumPage.fallback` says why): glyphs without a Unicode map or decoded through a guessed encoding (odd
characters: cid fonts, legacy 8-bit fonts), a rotated page or one whose media box does not start at 0,0.

Glyph boxes follow pdfminer: x0/x1 are the origin and advance (pdfium's loose box), bottom is the baseline plus
the font descriptor's /Descent (read from the file through pdfminer's object parser, once per font: pdfium
substitutes metrics when the descriptor says 0), top is bottom minus the font size.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as raw

from ...normalize import strip_accents

# Page object types (fpdf_edit.h).
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
# Path segment types.
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_WHITE = 242  # 0.95 of 255: a rule drawn this light is a background, not a table rule


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


class Descents:
    """Font descriptor /Descent per font name, page by page, as pdfminer reads it (0 when the descriptor
    gives 0 or none; pdfium would substitute the font program's metrics)."""

    def __init__(self, path: str):
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self._fh = open(path, "rb")
        self._doc = PDFDocument(PDFParser(self._fh))
        self._pages = PDFPage.create_pages(self._doc)
        self._cache: dict[int, tuple[list[str], float | None]] = {}

    def close(self) -> None:
        self._fh.close()

    def next_page(self) -> dict[str, float]:
        """{font name: descent} for the next page (full and subset-stripped names; ambiguous names left out)."""
        try:
            page = next(self._pages)
        except StopIteration:
            return {}
        exact: dict[str, float] = {}
        stripped: dict[str, set] = {}
        self._walk(page.resources, exact, stripped, 0)
        for base, vals in stripped.items():
            if len(vals) == 1 and base not in exact:
                exact[base] = next(iter(vals))
        return exact

    def _walk(self, res, exact: dict, stripped: dict, depth: int) -> None:
        from pdfminer.pdftypes import resolve1

        res = resolve1(res)
        if not isinstance(res, dict):
            return
        fonts = resolve1(res.get("Font"))
        if isinstance(fonts, dict):
            for ref in fonts.values():
                names, d = self._font(ref)
                if d is None:
                    continue
                for n in names:
                    exact[n] = d
                    stripped.setdefault(n.split("+", 1)[-1], set()).add(d)
        if depth < 4:
            xobjs = resolve1(res.get("XObject"))
            if isinstance(xobjs, dict):
                for ref in xobjs.values():
                    x = resolve1(ref)
                    attrs = getattr(x, "attrs", None)
                    if attrs and getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form" and "Resources" in attrs:
                        self._walk(attrs["Resources"], exact, stripped, depth + 1)

    def _font(self, ref) -> tuple[list[str], float | None]:
        from pdfminer.pdftypes import resolve1

        key = getattr(ref, "objid", None)
        if key is not None and key in self._cache:
            return self._cache[key]
        names: list[str] = []
        d = None
        f = resolve1(ref)
        if isinstance(f, dict):
            desc = f.get("FontDescriptor")
            if desc is None and "DescendantFonts" in f:
                kids = resolve1(f["DescendantFonts"])
                kid = resolve1(kids[0]) if isinstance(kids, list) and kids else None
                desc = kid.get("FontDescriptor") if isinstance(kid, dict) else None
            desc = resolve1(desc)
            subtype = getattr(resolve1(f.get("Subtype")), "name", None)
            if isinstance(desc, dict) and subtype != "Type3":
                v = resolve1(desc.get("Descent", 0))
                v = float(v) if isinstance(v, (int, float)) else 0.0
                d = -abs(v) * 0.001
                for n in (resolve1(f.get("BaseFont")), resolve1(desc.get("FontName"))):
                    n = getattr(n, "name", n)
                    if isinstance(n, bytes):
                        n = n.decode("latin-1", errors="replace")
                    if isinstance(n, str):
                        names.append(n)
        out = (names, d)
        if key is not None:
            self._cache[key] = out
        return out


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# FPDFText_GetTextObject returning the object's address as an int: a cheap key per glyph (no ctypes.cast).
_GET_OBJ_ADDR = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


def read_page(page, descents: dict[str, float], want_drawings: bool = True) -> PdfiumPage:
    """Glyphs and drawings of one `pypdfium2.PdfPage`."""
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
        _read_objects(page.raw, tp, out, height, want_drawings)
        _read_chars(tp, out, height, descents)
    finally:
        raw.FPDFText_ClosePage(tp)
    return out


def _read_chars(tp, out: PdfiumPage, h: float, descents: dict[str, float]) -> None:
    """Glyph tuples in the order of pdfium's text page; sets `out.fallback` and stops where pdfium's reading is not faithful."""
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
    get_addr = _GET_OBJ_ADDR
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    loose = raw.FPDFText_GetLooseCharBox
    origin = raw.FPDFText_GetCharOrigin
    map_error = raw.FPDFText_HasUnicodeMapError
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_p, ox_p, oy_p = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    objs: dict[int, tuple] = {}
    fonts: dict[int, tuple[str, float]] = {}
    chars = out.chars
    legacy_kind = _legacy_font_kind()
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
            obj = ctypes.cast(key, raw.FPDF_PAGEOBJECT)
            font = raw.FPDFTextObj_GetFont(obj)
            fkey = ctypes.cast(font, ctypes.c_void_p).value
            finfo = fonts.get(fkey)
            if finfo is None:
                nb = ctypes.create_string_buffer(256)
                raw.FPDFFont_GetBaseFontName(font, nb, 256)
                name = nb.value.decode("latin-1", errors="replace")
                d = descents.get(name)
                if d is None:
                    d = descents.get(name.split("+", 1)[-1])
                if d is None:
                    dd = ctypes.c_float()
                    raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(dd))
                    d = float(dd.value)
                finfo = (name, d)
                fonts[fkey] = finfo
                if legacy_kind is not None and legacy_kind(name.split("+", 1)[-1])[0]:
                    out.fallback = f"legacy-encoded font {name}"
                    return
            fs = ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(fs))
            m = raw.FS_MATRIX()
            raw.FPDFText_GetMatrix(tp, i, ctypes.byref(m))
            a, b, c, dm = m.a, m.b, m.c, m.d
            upright = a * dm > 0 and b * c <= 0
            size = abs(fs.value * dm) if b == 0 and c == 0 else abs(fs.value) * (c * c + dm * dm) ** 0.5
            info = (finfo[0], size, finfo[1], upright)
            objs[key] = info
            if map_error(tp, i):  # a font without a Unicode map: its first glyph in each text object tells
                out.fallback = "glyphs without a Unicode map"
                return
        if ch > "\x7f":
            odd = odd_seen.get(ch)
            if odd is None:
                odd = odd_seen[ch] = _odd_char(ch)
            if odd:
                out.fallback = f"character U+{ord(ch):04X} decoded through a guessed encoding"
                return
        elif ch < " " and ch not in "\t\r\n" and map_error(tp, i):
            out.fallback = "glyphs without a Unicode map"
            return
        name, size, d, upright = info
        loose(tp, i, rect_p)
        origin(tp, i, ox_p, oy_p)
        bottom = h - (oy.value + d * size)
        chars.append((ch, name, size, rect.left, rect.right, bottom - size, bottom, upright))


_LEGACY = []


def _legacy_font_kind():
    if not _LEGACY:
        try:
            from ...legacy_encoding import font_kind
        except ImportError:
            font_kind = None
        _LEGACY.append(font_kind)
    return _LEGACY[0]


def _read_objects(page_raw, tp, out: PdfiumPage, h: float, drawings: bool) -> None:
    """Paths (as pdfminer would classify them: line, rect, curve) and image boxes, forms entered; and the text
    objects that stand for a space pdfium's text page leaves out (`PdfiumPage.space_after`)."""
    stack = [(raw.FPDFPage_CountObjects(page_raw), lambda i: raw.FPDFPage_GetObject(page_raw, i), _IDENTITY, 0)]
    get_type = raw.FPDFPageObj_GetType
    bounds = raw.FPDFPageObj_GetBounds
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    lp, bp, rp, tp_ = ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)
    while stack:
        count, get, outer, depth = stack.pop()
        prev_text = None
        for i in range(count):
            obj = get(i)
            kind = get_type(obj)
            if kind == _TEXT:
                if prev_text is not None and bounds(obj, lp, bp, rp, tp_) and r.value - l.value < 0.01 \
                        and raw.FPDFTextObj_GetText(obj, tp, None, 0) <= 2:
                    out.space_after.add(ctypes.cast(prev_text, ctypes.c_void_p).value)
                else:
                    prev_text = obj
            elif not drawings:
                continue
            elif kind == _PATH:
                _path(obj, outer, out, h)
            elif kind == _IMAGE:
                if bounds(obj, lp, bp, rp, tp_):
                    pts = [_apply(outer, x, y) for x, y in ((l.value, b.value), (r.value, t.value))]
                    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                    out.images.append((min(xs), h - max(ys), max(xs), h - min(ys)))
            elif kind == _FORM and depth < 8:
                form = obj
                stack.append((raw.FPDFFormObj_CountObjects(form), lambda j, f=form: raw.FPDFFormObj_GetObject(f, j),
                              _mul(_matrix(form), outer), depth + 1))


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _color(getter, obj) -> tuple[int, int, int] | None:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value, g.value, b.value)


def _path(obj, outer: tuple[float, ...], out: PdfiumPage, h: float) -> None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroke)):
        return
    fill, stroke_ = bool(fillmode.value), bool(stroke.value)
    if not fill and not stroke_:
        return
    visible = False
    if stroke_:
        col = _color(raw.FPDFPageObj_GetStrokeColor, obj)
        visible = col is None or not all(v >= _WHITE for v in col)
    if not visible and fill:
        col = _color(raw.FPDFPageObj_GetFillColor, obj)
        visible = col is None or not all(v >= _WHITE for v in col)
    m = _mul(_matrix(obj), outer)
    n = raw.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    xp, yp = ctypes.byref(x), ctypes.byref(y)
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bez = 0
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        t = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, xp, yp)
        p = _apply(m, x.value, y.value)
        if t == _MOVETO:
            if ops:
                subpaths.append(("".join(ops), pts))
            ops, pts, bez = ["m"], [p], 0
        elif t == _LINETO:
            ops.append("l")
            pts.append(p)
        elif t == _BEZIERTO:
            bez += 1
            if bez % 3 == 0:  # control, control, end: pdfminer keeps the end point
                ops.append("c")
                pts.append(p)
        if raw.FPDFPathSegment_GetClose(seg) and ops:
            ops.append("h")
            pts.append(pts[0])
    if ops:
        subpaths.append(("".join(ops), pts))
    for shape, pts in subpaths:
        _subpath(shape, pts, visible, out, h)


def _subpath(shape: str, pts: list[tuple[float, float]], visible: bool, out: PdfiumPage, h: float) -> None:
    """pdfminer's `paint_path` classification, then pdfplumber's `obj_to_edges`."""
    if not shape.startswith("m") or len(pts) < 2:
        return
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        (x0, y0), (x1, y1) = pts[0], pts[1]
        if visible:
            top, bottom = h - max(y0, y1), h - min(y0, y1)
            out.rules.append(_edge(min(x0, x1), max(x0, x1), top, bottom, "h" if top == bottom else "v"))
        return
    if shape in ("mlllh", "mllll") and len(pts) == 5:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            if visible:
                lx, rx = min(x0, x2), max(x0, x2)
                top, bottom = h - max(y0, y2), h - min(y0, y2)
                out.rules.extend([_edge(lx, rx, top, top, "h"), _edge(lx, rx, bottom, bottom, "h"),
                                  _edge(lx, lx, top, bottom, "v"), _edge(rx, rx, top, bottom, "v")])
            return
    out.curves += 1
    if not visible:
        return
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if ax == bx:
            out.rules.append(_edge(ax, bx, h - max(ay, by), h - min(ay, by), "v"))
        elif ay == by:
            out.rules.append(_edge(min(ax, bx), max(ax, bx), h - ay, h - ay, "h"))


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {"object_type": "line_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}
