"""Drawings of a pdfium page: paths classified as pdfminer does (line, rect, curve) and turned into
pdfplumber's edges for its table finder, image boxes for scan detection, forms entered; and text objects that
stand for a space pdfium's text page leaves out."""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING

import pypdfium2.raw as raw

from .pdfium_glyphs import by_address

if TYPE_CHECKING:
    from .pdfium_layer import PdfiumPage

# Page object types (fpdf_edit.h).
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
# Path segment types.
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_WHITE = 242  # 0.95 of 255: a rule drawn this light is a background, not a table rule


# Called once per page object and per path segment: bound for calls by address (see `pdfium_glyphs.by_address`);
# objects and segments are then plain ints, out-parameters preallocated arrays passed by address.
_VP, _INT, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_PAGE_OBJ = by_address(raw.FPDFPage_GetObject, _VP, _VP, _INT)
_FORM_OBJ = by_address(raw.FPDFFormObj_GetObject, _VP, _VP, ctypes.c_ulong)
_FORM_COUNT = by_address(raw.FPDFFormObj_CountObjects, _INT, _VP)
_OBJ_TYPE = by_address(raw.FPDFPageObj_GetType, _INT, _VP)
_BOUNDS = by_address(raw.FPDFPageObj_GetBounds, _INT, _VP, _VP, _VP, _VP, _VP)
_TEXT_LEN = by_address(raw.FPDFTextObj_GetText, ctypes.c_ulong, _VP, _VP, _VP, ctypes.c_ulong)
_OBJ_MATRIX = by_address(raw.FPDFPageObj_GetMatrix, _INT, _VP, _VP)
_DRAW_MODE = by_address(raw.FPDFPath_GetDrawMode, _INT, _VP, _VP, _VP)
_STROKE = by_address(raw.FPDFPageObj_GetStrokeColor, _INT, _VP, _VP, _VP, _VP, _VP)
_FILL = by_address(raw.FPDFPageObj_GetFillColor, _INT, _VP, _VP, _VP, _VP, _VP)
_SEG_COUNT = by_address(raw.FPDFPath_CountSegments, _INT, _VP)
_SEGMENT = by_address(raw.FPDFPath_GetPathSegment, _VP, _VP, _INT)
_SEG_TYPE = by_address(raw.FPDFPathSegment_GetType, _INT, _VP)
_SEG_POINT = by_address(raw.FPDFPathSegment_GetPoint, _INT, _VP, _VP, _VP)
_SEG_CLOSE = by_address(raw.FPDFPathSegment_GetClose, _INT, _VP)


def _matrix(obj: int) -> tuple[float, ...]:
    m = (_F * 6)()
    _OBJ_MATRIX(obj, ctypes.addressof(m))
    return (m[0], m[1], m[2], m[3], m[4], m[5])


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def read_objects(page_raw, tp, out: PdfiumPage, h: float, drawings: bool) -> None:
    """Paths (as pdfminer would classify them: line, rect, curve) and image boxes, forms entered; and the text
    objects that stand for a space pdfium's text page leaves out (`PdfiumPage.space_after`)."""
    page_addr = ctypes.cast(page_raw, ctypes.c_void_p).value
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    stack = [(raw.FPDFPage_CountObjects(page_raw), _PAGE_OBJ, page_addr, _IDENTITY, 0)]
    get_type, bounds = _OBJ_TYPE, _BOUNDS
    box = (_F * 4)()  # left, bottom, right, top
    lp = ctypes.addressof(box)
    bp, rp, tp_ = lp + 4, lp + 8, lp + 12
    while stack:
        count, get, parent, outer, depth = stack.pop()
        prev_text = None
        for i in range(count):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind == _TEXT:
                if (
                    prev_text is not None
                    and bounds(obj, lp, bp, rp, tp_)
                    and box[2] - box[0] < 0.01
                    and _TEXT_LEN(obj, tp_addr, None, 0) <= 2
                ):
                    out.space_after.add(prev_text)
                else:
                    prev_text = obj
            elif not drawings:
                continue
            elif kind == _PATH:
                _path(obj, outer, out, h)
            elif kind == _IMAGE:
                if bounds(obj, lp, bp, rp, tp_):
                    pts = [_apply(outer, x, y) for x, y in ((box[0], box[1]), (box[2], box[3]))]
                    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                    out.images.append((min(xs), h - max(ys), max(xs), h - min(ys)))
            elif kind == _FORM and depth < 8:
                stack.append((_FORM_COUNT(obj), _FORM_OBJ, obj, _mul(_matrix(obj), outer), depth + 1))


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _color(getter, obj: int) -> tuple[int, int, int] | None:
    rgba = (ctypes.c_uint * 4)()
    at = ctypes.addressof(rgba)
    if not getter(obj, at, at + 4, at + 8, at + 12):
        return None
    return (rgba[0], rgba[1], rgba[2])


def _path(obj: int, outer: tuple[float, ...], out: PdfiumPage, h: float) -> None:
    modes = (ctypes.c_int * 2)()  # fill mode, stroke
    at = ctypes.addressof(modes)
    if not _DRAW_MODE(obj, at, at + 4):
        return
    fill, stroke_ = bool(modes[0]), bool(modes[1])
    if not fill and not stroke_:
        return
    visible = False
    if stroke_:
        col = _color(_STROKE, obj)
        visible = col is None or not all(v >= _WHITE for v in col)
    if not visible and fill:
        col = _color(_FILL, obj)
        visible = col is None or not all(v >= _WHITE for v in col)
    m = _mul(_matrix(obj), outer)
    n = _SEG_COUNT(obj)
    xy = (_F * 2)()
    xp = ctypes.addressof(xy)
    yp = xp + 4
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bez = 0
    for i in range(n):
        seg = _SEGMENT(obj, i)
        t = _SEG_TYPE(seg)
        _SEG_POINT(seg, xp, yp)
        p = _apply(m, xy[0], xy[1])
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
        if _SEG_CLOSE(seg) and ops:
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
        if pts[0] == pts[4] and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):
            if visible:
                lx, rx = min(x0, x2), max(x0, x2)
                top, bottom = h - max(y0, y2), h - min(y0, y2)
                out.rules.extend(
                    [
                        _edge(lx, rx, top, top, "h"),
                        _edge(lx, rx, bottom, bottom, "h"),
                        _edge(lx, lx, top, bottom, "v"),
                        _edge(rx, rx, top, bottom, "v"),
                    ]
                )
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
    return {
        "object_type": "line_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }
