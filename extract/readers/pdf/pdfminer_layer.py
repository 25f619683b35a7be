"""The reference character layer: pdfminer through pdfplumber (slow, pure Python). Used for pages
pdfium cannot give faithfully (unmapped or legacy-encoded fonts), truncated files, and `engine="pdfminer"`."""

from __future__ import annotations

from dataclasses import dataclass


def _plumber_chars(page):
    """(text, fontname, size, x0, x1, top, bottom, upright) from pdfplumber's char dicts (the slow reference)."""
    for c in page.chars:
        yield (
            c["text"],
            c.get("fontname") or "",
            c["size"],
            c["x0"],
            c["x1"],
            c["top"],
            c["bottom"],
            c.get("upright", True),
        )


@dataclass
class _RawPage:
    """What one walk over pdfminer's layout of a page gives: chars, drawings, image boxes."""

    chars: list[tuple]
    rules: list[dict]  # rects, lines and curves as pdfplumber-style dicts (top-left origin)
    images: list[tuple[float, float, float, float]]  # x0, top, x1, bottom
    curves: int


def _walk_layout(page) -> _RawPage:
    """Read pdfminer's layout objects directly: pdfplumber's `page.chars` converts every attribute of every
    glyph into a dict, which costs about as much as parsing the page; coordinates follow pdfplumber's."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect

    h = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[tuple] = []
    rules: list[dict] = []
    images: list[tuple[float, float, float, float]] = []
    curves = 0

    def walk(objs) -> None:
        nonlocal curves
        for obj in objs:
            if isinstance(obj, LTChar):
                fn = obj.fontname
                if isinstance(fn, bytes):
                    fn = fn.decode("latin-1", errors="replace")
                chars.append(
                    (
                        obj.get_text(),
                        fn or "",
                        obj.size,
                        obj.x0 + mb_x0,
                        obj.x1 + mb_x0,
                        h - obj.y1 + mb_top,
                        h - obj.y0 + mb_top,
                        obj.upright,
                    )
                )
            elif isinstance(obj, LTCurve):  # LTRect and LTLine are curves too
                kind = "rect" if isinstance(obj, LTRect) else "line" if isinstance(obj, LTLine) else "curve"
                if kind == "curve":
                    curves += 1
                top = h - obj.y1 + mb_top
                d = {
                    "object_type": kind,
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": top,
                    "bottom": h - obj.y0 + mb_top,
                    "doctop": top,
                    "y0": obj.y0,
                    "y1": obj.y1,
                    "width": obj.width,
                    "height": obj.height,
                    "stroke": obj.stroke,
                    "fill": obj.fill,
                    "stroking_color": obj.stroking_color,
                    "non_stroking_color": obj.non_stroking_color,
                }
                if kind == "curve":
                    d["pts"] = [(mb_x0 + x, mb_top + h - y) for x, y in obj.pts]
                rules.append(d)
            elif isinstance(obj, LTImage):
                images.append((obj.x0 + mb_x0, h - obj.y1 + mb_top, obj.x1 + mb_x0, h - obj.y0 + mb_top))
            elif isinstance(obj, LTContainer):  # LTFigure (form XObjects, images)
                walk(obj)

    walk(page.layout)
    return _RawPage(chars, rules, images, curves)
