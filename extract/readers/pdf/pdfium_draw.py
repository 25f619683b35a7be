"""Drawings of a pdfium page: paths classified as pdfminer does (line, rect, curve) and turned into
pdfplumber's edges for its table finder, image boxes for scan detection, forms entered; and text objects that
stand for a space pdfium's text page leaves out."""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING

import pypdfium2.raw as raw

if TYPE_CHECKING:
    from .pdfium_layer import PdfiumPage

# Page object types (fpdf_edit.h).
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
# Path segment types.
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_WHITE = 242  # 0.95 of 255: a rule drawn this light is a background, not a table rule


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    return (m.a, m.b, m.c, m.d, m.e, m.f)


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
                if (
                    prev_text is not None
                    and bounds(obj, lp, bp, rp, tp_)
                    and r.value - l.value < 0.01
                    and raw.FPDFTextObj_GetText(obj, tp, None, 0) <= 2
                ):
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
                stack.append(
                    (
                        raw.FPDFFormObj_CountObjects(form),
                        lambda j, f=form: raw.FPDFFormObj_GetObject(f, j),
                        _mul(_matrix(form), outer),
                        depth + 1,
                    )
                )


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
