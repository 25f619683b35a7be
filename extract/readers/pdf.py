"""PDF reader: pdfplumber page by page into the block stream, with OCR for pages that have no usable text.

What it does with each page:
- text layer: characters → glyph pieces (combining marks attached, doubled glyphs dropped, superscript
  footnote markers dropped from body lines) → lines (clustered by baseline) → segments (split at wide gaps);
- the two-column header on the first page (issuing body and "Số:" left, Quốc hiệu and place/date right)
  is split by x position into zone="header" blocks, left column first;
- body lines are joined into paragraphs: a new paragraph starts at a numbering label, after a line ending
  in . ; : ! ? (unless the page indents its paragraphs and the line is a full justified one followed by a
  line at the margin), at an indented line, after a line that ends short (the next word would have
  fitted), at a vertical gap, or where bold or size changes between the lines; consecutive centred lines
  of one style (a wrapped title) are joined; paragraphs continue across page breaks;
- running page numbers are dropped; isolated lines at the very top/bottom that repeat on most pages
  (running headers/footers) are removed at the end; footnotes (small text at the page bottom) are moved
  after the paragraph that runs across the page break;
- ruled tables (pdfplumber's table finder on the visible rules; white boxes are ignored) become
  zone="table" blocks "tN:rR:cC", one per paragraph of a cell; a table
  continued on the next page keeps its number, a repeated header row is skipped and a row split by the page
  break is joined; rows go to `extract.task_tables` when that module exists;
- "Nơi nhận:" and the signature beside it are split by x into zone="recipients" then zone="signature";
- pages with no text layer, or whose fonts have no Unicode map (`(cid:NNN)`, private-use garbage), are
  rendered and read with tesseract (`extract.readers.ocr`) and laid out with the same rules.

Speed and memory: glyphs and drawings are read straight from pdfminer's layout objects (pdfplumber's
`page.chars` would turn every attribute of every glyph into a dict, which costs as much as parsing), and
ruled tables go through pdfplumber's table finder as explicit edges; `PdfOptions(fast=False)` is the slow
reference path with the same output. Memory is bounded by one page (plus the OCR look-ahead of one page
per worker): page caches are flushed after each page and only the blocks are kept.

`read(path)` is the reader contract (options from the environment: KEHOACH_OCR=0, KEHOACH_OCR_MAX_PAGES=N,
KEHOACH_OCR_TIMEOUT=seconds); `read_pdf(path, **options)` takes them as arguments.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import unicodedata
from bisect import bisect_right
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..blocks import Block, Document, ReadError
from ..normalize import clean_text, strip_accents
from ..ocr_fix import correct_words, starts_with_syllable
from ..ocr_fix import status as ocr_fix_status
from . import ocr as ocr_mod

__all__ = ["read", "read_pdf", "PdfOptions"]

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "join_tolerance": 3, "intersection_tolerance": 3}

_PAGE_NUMBER = regex.compile(r"^[\s\-–—.]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—.]*$", regex.I)
# Numbering labels that always start a paragraph; bullets only when the line could not be a wrap.
_LABEL = regex.compile(
    r"^(?:(?!V/v)[IVXL]{1,6}\s*[.):]|[IVXL]{1,6}\s+-\s|[A-H]\s*[.)]\s|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\s|[a-zđ]\s*\)|\(\d{1,2}\)|Phần\s+(?:[IVXL]+|\d+|thứ)\b|Điều\s+\d+|Chương\s+[IVXL\d]+"
    r"|Mục\s+[IVXL\d]+\b)",
)
_BULLET = regex.compile(r"^[-+•●○▪■◦∙·*–—❖➢✓]\s*\S")
_ENDS_PARAGRAPH = (".", ";", ":", "!", "?", ".)", ".\"", ";\"", "./.", ".”", ";”")
_DOC_TYPE_LINE = regex.compile(
    r"^(?:KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|TỜ TRÌNH|CÔNG VĂN|THÔNG BÁO|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|NGHỊ QUYẾT|"
    r"CHỈ THỊ|QUY CHẾ|QUY ĐỊNH|PHỤ LỤC|BIÊN BẢN|KẾT LUẬN|CÔNG ĐIỆN|GIẤY MỜI|THÔNG TƯ|NGHỊ ĐỊNH|LUẬT)"
    r"(?:\s+(?:SỐ\s*)?[IVXL\d]+[a-z]?)?\s*:?$"
)
_NOI_NHAN = regex.compile(r"^\W{0,3}N[ơoó]i\s*nh[ậâaặấ]n\b", regex.I)
_FOOTNOTE_START = regex.compile(r"^\(?\d{1,3}\)?\s")
_SUP_UNITS = {"m", "km", "cm", "dm", "mm", "ha"}
_SYMBOL_FONTS = ("symbol", "wingding", "webding", "dingbat", "zapf")
_GARBAGE_MIN = 5  # cid glyphs on a page before it is treated as unreadable
_GARBAGE_RATIO = 0.02


@dataclass
class PdfOptions:
    """Knobs for `read_pdf`. Environment defaults: KEHOACH_OCR=0 turns OCR off, KEHOACH_OCR_MAX_PAGES caps it."""

    ocr: bool = True
    max_ocr_pages: int | None = None  # None: every page that needs it
    ocr_dpi: int = ocr_mod.DEFAULT_DPI
    ocr_timeout: float = ocr_mod.DEFAULT_TIMEOUT
    ocr_workers: int | None = None  # parallel tesseract processes; default min(2, cpus)
    ocr_lang: str = "vie"
    tables: bool = True
    fast: bool = True  # read pdfminer's layout directly instead of pdfplumber's char dicts (same output)

    @classmethod
    def from_env(cls) -> PdfOptions:
        opts = cls()
        if os.environ.get("KEHOACH_OCR", "1").strip().lower() in ("0", "no", "false", "off"):
            opts.ocr = False
        cap = os.environ.get("KEHOACH_OCR_MAX_PAGES", "").strip()
        if cap.isdigit():
            opts.max_ocr_pages = int(cap)
        return opts


# --- low-level geometry ---------------------------------------------------------------------------------

class _Piece:
    """A glyph (text layer) or a word (OCR) with its box and font facts."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "bold", "italic", "font", "space_after", "sup", "word")

    def __init__(self, text, x0, x1, top, bottom, size, bold, italic, font, word=False):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size
        self.bold = bold
        self.italic = italic
        self.font = font
        self.space_after = False
        self.sup = False
        self.word = word


def _join_pieces(pieces: list[_Piece], keep_sup: bool = True) -> str:
    out: list[str] = []
    prev = None
    last_x1 = 0.0
    last_space = False
    for p in pieces:
        if p.sup and not keep_sup and prev is not None:
            # Footnote markers ("ngành¹") go; units keep their exponent ("m²" written as m2).
            if not (p.text in "23" and prev.text.lower() in _SUP_UNITS):
                last_x1 = max(last_x1, p.x1)
                last_space = last_space or p.space_after
                continue
        if prev is not None:
            gap = p.x0 - last_x1
            if last_space or p.word or prev.word or gap > 0.2 * min(p.size, prev.size):
                out.append(" ")
        out.append(p.text)
        prev = p
        last_x1 = p.x1
        last_space = p.space_after
    return "".join(out)


class _Line:
    __slots__ = ("pieces", "x0", "x1", "top", "bottom", "size", "bold", "italic", "font", "text", "page",
                 "ocr", "sup_start", "_segs", "first_word_w", "role", "first_style", "last_style")

    def __init__(self, pieces: list[_Piece], page: int, ocr: bool = False, keep_sup: bool = False):
        pieces.sort(key=lambda p: p.x0)
        self.pieces = pieces
        self.page = page
        self.ocr = ocr
        main = [p for p in pieces if not p.sup] or pieces
        self.x0 = pieces[0].x0
        self.x1 = max(p.x1 for p in pieces)
        self.top = min(p.top for p in main)
        self.bottom = max(p.bottom for p in main)
        sizes = Counter(round(p.size * 2) / 2 for p in main)
        self.size = sizes.most_common(1)[0][0]
        letters = [p for p in main if p.text[:1].isalnum()] or main
        if ocr:
            self.bold = self.italic = None
        else:
            self.bold = sum(1 for p in letters if p.bold) >= 0.9 * len(letters)
            self.italic = sum(1 for p in letters if p.italic) >= 0.9 * len(letters)
        self.font = Counter(p.font for p in main).most_common(1)[0][0]
        # Style where the line meets its neighbours: a bold heading running into plain text on the next
        # line is one paragraph; a bold line followed by a line starting plain is two.
        edge = [p for p in main if p.text[:1].isalpha()] or main
        self.first_style = (edge[0].bold, round(edge[0].size))
        self.last_style = (edge[-1].bold, round(edge[-1].size))
        self.sup_start = pieces[0].sup
        self.text = _join_pieces(pieces, keep_sup=keep_sup or self.sup_start)
        self._segs = None
        # Width of the first word, for "would it have fitted on the previous line".
        w_end = pieces[0].x1
        for i in range(1, len(pieces)):
            p, q = pieces[i - 1], pieces[i]
            if p.space_after or q.word or p.word or q.x0 - p.x1 > 0.2 * min(p.size, q.size):
                break
            w_end = q.x1
        self.first_word_w = w_end - pieces[0].x0
        self.role = "body"

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def segments(self, gap_factor: float = 2.0) -> list[list[_Piece]]:
        """Runs of pieces separated by a horizontal gap wider than `gap_factor` × font size."""
        if self._segs is not None and self._segs[0] == gap_factor:
            return self._segs[1]
        segs: list[list[_Piece]] = [[self.pieces[0]]]
        for p in self.pieces[1:]:
            prev = segs[-1][-1]
            if p.x0 - prev.x1 > gap_factor * max(min(p.size, prev.size), 6.0):
                segs.append([p])
            else:
                segs[-1].append(p)
        self._segs = (gap_factor, segs)
        return segs


def _seg_box(seg: list[_Piece]) -> tuple[float, float]:
    return seg[0].x0, max(p.x1 for p in seg)


def _group_lines(pieces: list[_Piece], page: int, ocr: bool = False, fix=None) -> list[_Line]:
    """Cluster pieces by baseline (bottom), then fold superscript-only clusters into the line they sit on."""
    if not pieces:
        return []
    pieces.sort(key=lambda p: p.bottom)
    groups: list[list[_Piece]] = []
    cur = [pieces[0]]
    ref = pieces[0]
    for p in pieces[1:]:
        if p.bottom - ref.bottom <= max(1.0, 0.3 * min(p.size, ref.size)):
            cur.append(p)
        else:
            groups.append(cur)
            cur = [p]
            ref = p
    groups.append(cur)
    # Superscripts: a cluster of small glyphs inside the vertical band of a neighbouring line.
    merged: list[list[_Piece]] = []
    for g in groups:
        gsize = max(p.size for p in g)
        target = None
        for other in (merged[-1] if merged else None,):
            if other is None:
                continue
            osize = Counter(round(p.size) for p in other).most_common(1)[0][0]
            otop = min(p.top for p in other)
            obottom = max(p.bottom for p in other)
            gtop = min(p.top for p in g)
            gbottom = max(p.bottom for p in g)
            if gsize < 0.8 * osize and gtop >= otop - 1 and gbottom <= obottom + 0.5 * gsize:
                target = other
        if target is not None:
            for p in g:
                p.sup = True
            target.extend(g)
        else:
            merged.append(g)
    # A superscript cluster can also come *before* its line (sorted by bottom): fold forward.
    out: list[list[_Piece]] = []
    i = 0
    while i < len(merged):
        g = merged[i]
        if i + 1 < len(merged) and len(g) <= 4:
            nxt = merged[i + 1]
            gsize = max(p.size for p in g)
            nsize = Counter(round(p.size) for p in nxt).most_common(1)[0][0]
            gtop, gbottom = min(p.top for p in g), max(p.bottom for p in g)
            ntop, nbottom = min(p.top for p in nxt), max(p.bottom for p in nxt)
            if gsize < 0.8 * nsize and gtop >= ntop - 1.5 and gbottom <= nbottom and gbottom < nbottom - 0.15 * nsize:
                for p in g:
                    p.sup = True
                nxt.extend(g)
                i += 1
                continue
        out.append(g)
        i += 1
    lines = []
    for g in out:
        # Raised small glyphs inside a line are superscripts too.
        if len(g) > 3:
            sizes = Counter(round(p.size) for p in g)
            dom = sizes.most_common(1)[0][0]
            base = statistics.median(p.bottom for p in g if round(p.size) == dom)
            for p in g:
                if p.size < 0.8 * dom and p.bottom < base - 0.2 * dom:
                    p.sup = True
        ln = _Line(g, page, ocr=ocr)
        if fix is not None:
            fix(ln)
        lines.append(ln)
    lines.sort(key=lambda ln: ln.top)
    return lines


# --- page analysis ----------------------------------------------------------------------------------------

@dataclass
class _CellPara:
    text: str
    bold: bool | None
    italic: bool | None
    size: float | None


@dataclass
class _TableItem:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    col_xs: list[float]
    rows: list[dict[int, list[_CellPara]]]  # per row: column (1-based) -> paragraphs
    ncols: int
    start_page: int = 0
    covered: list[set[int]] = field(default_factory=list)  # per row: columns covered by a merged cell
    row_pages: list[int] = field(default_factory=list)  # per row: the page it starts on

    def __post_init__(self):
        self.start_page = self.start_page or self.page
        if not self.row_pages:
            self.row_pages = [self.page] * len(self.rows)


@dataclass
class _PageLayout:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_TableItem] = field(default_factory=list)
    ocr: bool = False
    dropped_garbage: int = 0
    ocr_conf: float | None = None


@dataclass
class _NeedsOcr:
    number: int
    width: float
    height: float
    reason: str  # "scan" or "cid"
    future: Future | None = None
    image_dir: str | None = None


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


def _plumber_chars(page):
    """(text, fontname, size, x0, x1, top, bottom, upright) from pdfplumber's char dicts (the slow reference)."""
    for c in page.chars:
        yield (c["text"], c.get("fontname") or "", c["size"], c["x0"], c["x1"], c["top"], c["bottom"],
               c.get("upright", True))


def _chars_to_pieces(chars) -> tuple[list[_Piece], int, int]:
    """Pieces from (text, fontname, size, x0, x1, top, bottom, upright) tuples in content-stream order;
    returns (pieces, garbage count, real glyph count)."""
    pieces: list[_Piece] = []
    garbage = 0
    real = 0
    prev: _Piece | None = None
    for t, fn, size, x0, x1, top, bottom, upright in chars:
        if not t or t.isspace():
            if prev is not None:
                prev.space_after = True
            continue
        if not upright:
            continue  # rotated stamps and margin notes
        if t.startswith("(cid:"):
            garbage += 1
            continue
        bold, italic, symbol = _font_style(fn)
        if len(t) == 1:
            if unicodedata.combining(t):
                if prev is not None:
                    prev.text += t
                continue
            if _is_pua(t):
                if symbol:
                    t = "•"  # Wingdings/Symbol bullets
                else:
                    garbage += 1
                    continue
            elif t in "\u0000\u0001\u0002\u0003":
                garbage += 1
                continue
        real += 1
        if prev is not None and prev.text == t and abs(prev.x0 - x0) < 0.15 * size and abs(prev.top - top) < 1:
            continue  # the same glyph drawn twice (fake bold, shadow)
        p = _Piece(t, x0, x1, top, bottom, size, bold, italic, fn)
        pieces.append(p)
        prev = p
    return pieces, garbage, real


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
                chars.append((obj.get_text(), fn or "", obj.size, obj.x0 + mb_x0, obj.x1 + mb_x0,
                              h - obj.y1 + mb_top, h - obj.y0 + mb_top, obj.upright))
            elif isinstance(obj, LTCurve):  # LTRect and LTLine are curves too
                kind = "rect" if isinstance(obj, LTRect) else "line" if isinstance(obj, LTLine) else "curve"
                if kind == "curve":
                    curves += 1
                top = h - obj.y1 + mb_top
                d = {"object_type": kind, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top,
                     "bottom": h - obj.y0 + mb_top, "doctop": top, "y0": obj.y0, "y1": obj.y1,
                     "width": obj.width, "height": obj.height, "stroke": obj.stroke, "fill": obj.fill,
                     "stroking_color": obj.stroking_color, "non_stroking_color": obj.non_stroking_color}
                if kind == "curve":
                    d["pts"] = [(mb_x0 + x, mb_top + h - y) for x, y in obj.pts]
                rules.append(d)
            elif isinstance(obj, LTImage):
                images.append((obj.x0 + mb_x0, h - obj.y1 + mb_top, obj.x1 + mb_x0, h - obj.y0 + mb_top))
            elif isinstance(obj, LTContainer):  # LTFigure (form XObjects, images)
                walk(obj)

    walk(page.layout)
    return _RawPage(chars, rules, images, curves)


def _image_coverage(boxes, pw: float, ph: float) -> float:
    area = 0.0
    for x0, top, x1, bottom in boxes:
        w = max(0.0, min(x1, pw) - max(x0, 0.0))
        h = max(0.0, min(bottom, ph) - max(top, 0.0))
        area += w * h
    return area / (pw * ph) if pw and ph else 0.0


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return color >= 0.95
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(c, (int, float)) for c in color):
        return False  # patterns and named colours: assume visible
    if len(color) == 4:  # CMYK: white is no ink
        return all(c <= 0.05 for c in color)
    return all(c >= 0.95 for c in color)


def _visible_rule(obj: dict) -> bool:
    """Drawing objects that can be table rules: stroked in a visible colour, or thin dark filled bars."""
    kind = obj.get("object_type")
    if kind not in ("rect", "line", "curve"):
        return True
    stroke = obj.get("stroke", kind == "line")
    fill = obj.get("fill", False)
    if stroke and not _is_white(obj.get("stroking_color")):
        return True
    if fill and not _is_white(obj.get("non_stroking_color")):
        return True
    return False


def _find_tables(page, rules: list[dict] | None):
    """pdfplumber's table finder on the visible rules only (white boxes are highlight backgrounds or masks).

    With `rules` (from `_walk_layout`) the rules are handed over as explicit edges, so pdfplumber never builds
    its per-character objects; without them it uses its own "lines" strategy on the filtered page."""
    if rules is None:
        drawn = page.rects + page.lines + page.curves
        if not any(_visible_rule(o) for o in drawn):
            return []
        if not all(_visible_rule(o) for o in drawn):
            page = page.filter(lambda o: o.get("object_type") not in ("rect", "line", "curve") or _visible_rule(o))
        return page.find_tables(TABLE_SETTINGS)
    from pdfplumber.utils import obj_to_edges

    v_edges, h_edges = [], []
    for r in rules:
        if not _visible_rule(r):
            continue
        for e in obj_to_edges(r):
            if e["orientation"] == "v" and e["height"] >= 1:
                v_edges.append(e)
            elif e["orientation"] == "h" and e["width"] >= 1:
                h_edges.append(e)
    if len(v_edges) < 2 or len(h_edges) < 2:
        return []
    settings = dict(TABLE_SETTINGS, vertical_strategy="explicit", horizontal_strategy="explicit",
                    explicit_vertical_lines=v_edges, explicit_horizontal_lines=h_edges)
    return page.find_tables(settings)


def _extract_tables(page, pieces: list[_Piece], page_no: int, fix=None,
                    rules: list[dict] | None = None) -> tuple[list[_TableItem], list[_Piece]]:
    """Ruled tables: cell paragraphs; returns the tables and the pieces left for the text flow."""
    try:
        found = _find_tables(page, rules)
    except Exception:  # a malformed drawing should not lose the page's text
        return [], pieces
    tables = []
    for t in found:
        rows = t.rows
        ncols = max((len(r.cells) for r in rows), default=0)
        if len(rows) < 2 or ncols < 2:
            continue
        tables.append(t)
    if not tables:
        return [], pieces
    boxes = [t.bbox for t in tables]
    inside: list[list[_Piece]] = [[] for _ in tables]
    rest = []
    for p in pieces:
        cx, cy = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                inside[i].append(p)
                break
        else:
            rest.append(p)
    items = []
    for t, tpieces in zip(tables, inside):
        rows = t.rows
        row_tops = [r.bbox[1] for r in rows]
        cells: dict[tuple[int, int], list[_Piece]] = {}
        for p in tpieces:
            cx, cy = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
            ri = bisect_right(row_tops, cy) - 1
            placed = False
            for r in range(max(ri, 0), -1, -1):  # vertically merged cells start in an earlier row
                for ci, cell in enumerate(rows[r].cells):
                    if cell is not None and cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                        cells.setdefault((r, ci), []).append(p)
                        placed = True
                        break
                if placed:
                    break
        col_xs = sorted({round(c[0]) for r in rows for c in r.cells if c is not None})
        row_items: list[dict[int, list[_CellPara]]] = []
        covered: list[set[int]] = []
        for r in range(len(rows)):
            row: dict[int, list[_CellPara]] = {}
            covered.append({ci + 1 for ci, c in enumerate(rows[r].cells) if c is None})
            for ci in range(len(rows[r].cells)):
                cp = cells.get((r, ci))
                if cp:
                    row[ci + 1] = _cell_paragraphs(_group_lines(cp, page_no, fix=fix))
            row_items.append(row)
        x0, top, x1, bottom = t.bbox
        items.append(_TableItem(page_no, top, bottom, x0, x1, col_xs, row_items, len(col_xs), covered=covered))
    return items, rest


def _cell_paragraphs(lines: list[_Line]) -> list[_CellPara]:
    """Join a cell's wrapped lines; break at labels, line-final punctuation, vertical gaps, and at bullets
    when the cell is a list (its first paragraph is a bullet too; "Sở Lao động / - Thương binh" is a wrap)."""
    paras: list[list[_Line]] = []
    for ln in lines:
        if paras:
            prev = paras[-1][-1]
            gap = ln.top - prev.bottom
            bullet = bool(_BULLET.match(ln.text)) and (
                bool(_BULLET.match(paras[0][0].text)) or prev.text.rstrip().endswith(_ENDS_PARAGRAPH))
            new = (
                bool(_LABEL.match(ln.text)) or bullet
                or prev.text.rstrip().endswith(_ENDS_PARAGRAPH)
                or gap > 0.9 * max(ln.size, prev.size)
            )
            if not new:
                paras[-1].append(ln)
                continue
        paras.append([ln])
    out = []
    for para in paras:
        parts = [para[0].text.strip()]
        for ln in para[1:]:
            t = ln.text.strip()
            # "ST" + "T" in a narrow header cell: a word broken by the cell width, not two words.
            if parts[-1].isupper() and t.isupper() and " " not in parts[-1] + t and len(parts[-1] + t) <= 4:
                parts[-1] += t
            else:
                parts.append(t)
        text = clean_text(" ".join(parts)).strip()
        if text:
            out.append(_CellPara(text, _all(para, "bold"), _all(para, "italic"), _dominant_size(para)))
    return out


def _all(lines: list[_Line], attr: str) -> bool | None:
    vals = [getattr(ln, attr) for ln in lines]
    if any(v is None for v in vals):
        return None
    return all(vals)


def _dominant_size(lines: list[_Line]) -> float | None:
    if not lines or lines[0].ocr:
        return None
    c = Counter()
    for ln in lines:
        c[ln.size] += len(ln.text)
    return c.most_common(1)[0][0]


def _analyse_page(page, number: int, want_tables: bool, fix=None, fast: bool = True) -> _PageLayout | _NeedsOcr:
    """One page's lines and ruled tables, or a request for OCR. `fix(line)` rewrites legacy-encoded lines.

    `fast` reads pdfminer's layout objects directly (`_walk_layout`); False goes through pdfplumber's
    `page.chars` / `page.find_tables` (same result, about twice the time; kept as the reference)."""
    width, height = float(page.width), float(page.height)
    if fast:
        raw = _walk_layout(page)
        chars, rules, image_boxes, n_curves = raw.chars, raw.rules, raw.images, raw.curves
    else:
        chars, rules = _plumber_chars(page), None
        image_boxes = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
        n_curves = len(page.curves)
    pieces, garbage, real = _chars_to_pieces(chars)
    if garbage >= _GARBAGE_MIN and garbage > _GARBAGE_RATIO * (garbage + real):
        return _NeedsOcr(number, width, height, "cid")
    if real < 80:
        coverage = _image_coverage(image_boxes, width, height)
        if (real == 0 and coverage > 0.05) or coverage > 0.5:
            return _NeedsOcr(number, width, height, "scan")
        if real == 0 and n_curves > 200:
            return _NeedsOcr(number, width, height, "scan")  # text printed as outlines
    tables: list[_TableItem] = []
    if want_tables and pieces and (rules if fast else (page.rects or page.lines or page.curves)):
        tables, pieces = _extract_tables(page, pieces, number, fix, rules)
    lines = _group_lines(pieces, number, fix=fix)
    return _PageLayout(number, width, height, lines, tables, dropped_garbage=garbage)


_OCR_RULE = regex.compile(r"^[|¦!_\-—–.,;:'`\"~^+*=]+$")


def _ocr_layout(item: _NeedsOcr, result: ocr_mod.OcrPage) -> _PageLayout:
    """OCR words → lines (tesseract's own line grouping) in PDF points, without the noise tesseract reads
    in stamps, signatures and table rules, each line post-corrected (`extract.ocr_fix`: tone marks, split
    letters, Ð/Đ and O/0 in numbers)."""
    by_line: dict[tuple[int, int, int], list] = {}
    for w in result.words:
        by_line.setdefault(w.line_key, []).append(w)
    lines = []
    for words in by_line.values():
        kept = []
        edge = 0.03 * (item.width or result.width or 595.0)
        sure = [w.conf for w in words if w.conf >= 40]
        clean_line = len(sure) >= 3 and sum(sure) / len(sure) >= 85  # a printed line, not a stamp or signature
        for w in words:
            text = w.text.strip()
            if not text or set(text) <= set("|¦[]") or (_OCR_RULE.match(text) and text not in ("-", "+") and w.conf < 90):
                continue  # table rules and scan borders read as "|", specks read as punctuation
            if (w.x1 < edge or w.x0 > (item.width or result.width) - edge) and len(text) <= 2:
                continue  # the dark border of a scanned sheet
            if (w.conf < 40 and len(text) <= 3) or w.conf < 20:
                # tesseract is unsure of words it reads with a stamp or handwriting over them ("năm" under a
                # date stamp): in an otherwise clean line, a word that begins with a real syllable stays.
                if not (clean_line and starts_with_syllable(text)):
                    continue
            kept.append(w)
        if not kept:
            continue
        if not any(sum(ch.isalnum() for ch in w.text) >= 2 for w in kept):
            if not (len(kept) == 1 and kept[0].text.strip().isdigit() and kept[0].conf >= 80):
                continue  # no real word: stamp or signature noise
        mean = sum(w.conf for w in kept) / len(kept)
        if mean < 50 or (len(kept) == 1 and (kept[0].conf < 70 or len(kept[0].text.strip()) < 2)):
            continue
        pieces = []
        for fixed in correct_words([w.text.strip() for w in kept]):
            ws = kept[fixed.first:fixed.last + 1]  # letters split by a space come back as one word
            top, bottom = min(w.top for w in ws), max(w.bottom for w in ws)
            pieces.append(_Piece(fixed.text, ws[0].x0, ws[-1].x1, top, bottom, max(1.0, bottom - top), None, None,
                                 "ocr", word=True))
        size = round(statistics.median(p.size for p in pieces) * 1.15 * 2) / 2
        for p in pieces:
            p.size = size
        lines.append(_Line(pieces, item.number, ocr=True))
    lines.sort(key=lambda ln: ln.top)
    # tesseract can put both header columns into one line; segments split them later.
    return _PageLayout(item.number, item.width or result.width, item.height or result.height, lines, [], ocr=True,
                       ocr_conf=result.mean_confidence())


# --- the block builder -------------------------------------------------------------------------------------

@dataclass
class _Stats:
    size: float = 14.0
    left: float = 85.0
    right: float = 540.0
    pitch: float = 16.0
    indent: float | None = None  # first-line indent (points right of `left`) when the page uses one

    @property
    def width(self) -> float:
        return max(50.0, self.right - self.left)


def _page_stats(lines: list[_Line], fallback: _Stats | None, size_hint: float | None = None) -> tuple[_Stats, bool]:
    """Body font size, left/right text edges and line pitch of a page; (stats, reliable).

    `size_hint` is the document's body size so far: a page filled with footnotes keeps the body size."""
    if not lines:
        return (fallback or _Stats()), False
    sizes = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    size = sizes.most_common(1)[0][0]
    if size_hint is not None and size != size_hint and sum(1 for ln in lines if abs(ln.size - size_hint) <= 1.0) >= 3:
        size = size_hint
    body = [ln for ln in lines if abs(ln.size - size) <= 1.0] or lines
    n = len(body)
    need = max(2, int(0.12 * n))
    tol = 3.0 if lines[0].ocr else 1.0  # scans wobble by a few points

    def _supported(values: list[float]) -> list[float]:
        """Values with at least `need` values within ±tol of them (edges many lines share)."""
        values = sorted(values)
        out = []
        j0 = 0
        for v in values:
            while values[j0] < v - tol:
                j0 += 1
            j1 = bisect_right(values, v + tol)
            if j1 - j0 >= need:
                out.append(v)
        return out

    left_vals = _supported([ln.x0 for ln in body])
    right_vals = _supported([ln.x1 for ln in body])
    reliable = n >= 6 and bool(left_vals) and bool(right_vals)
    left = min(left_vals) if left_vals else min(ln.x0 for ln in body)
    right = max(right_vals) if right_vals else max(ln.x1 for ln in body)
    diffs = []
    for a, b in zip(body, body[1:]):
        d = b.top - a.top
        if 0.8 * size < d < 2.2 * size:
            diffs.append(d)
    pitch = statistics.median(diffs) if diffs else 1.2 * size
    offsets = Counter(round((ln.x0 - left) / 2) * 2 for ln in body if 8 <= ln.x0 - left <= 90 and ln.x1 >= right - 3 - tol)
    indent = None
    if offsets:
        off, cnt = offsets.most_common(1)[0]
        if cnt >= 2:
            indent = float(off)
    if not reliable and fallback is not None:
        return _Stats(size, min(left, fallback.left) if lines[0].ocr else fallback.left, fallback.right,
                      fallback.pitch if not diffs else pitch, indent if indent is not None else fallback.indent), False
    return _Stats(size, float(left), float(right), pitch, indent), reliable


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.blocks = doc.blocks
        self.para: list[_Line] = []
        self.pending: list[Block] = []  # footnotes and running lines waiting for the open paragraph to end
        self.table: _TableItem | None = None
        self.table_blocks_start = 0
        self.table_no = 0
        self.header_done = False
        self.header_emitted = False
        self.doc_stats: _Stats | None = None
        self.stats = _Stats()
        self.prev_stats = _Stats()
        self.tail_open = False
        self.tail_split = 0.0
        self.edge_candidates: list[tuple[Block, str, int]] = []
        self.pages_with_text = 0
        self.footnotes_on = -1
        self.last_note: Block | None = None
        self.size_counts: Counter = Counter()  # characters per font size over the pages read so far
        self.legacy = _LegacyFixer(doc)

    # -- per page --
    def add_page(self, layout: _PageLayout) -> None:
        lines = [ln for ln in layout.lines if ln.text.strip()]
        if not lines and not layout.tables:
            return
        self.pages_with_text += 1
        hint = self.size_counts.most_common(1)[0][0] if self.size_counts else None
        stats, reliable = _page_stats(lines, self.doc_stats, hint)
        if reliable and self.doc_stats is None:
            self.doc_stats = stats
        self.prev_stats, self.stats = self.stats, stats
        lines = self._drop_page_numbers(lines, layout)
        # Running lines and footnotes first (a signature stamp printed above the header is a running line),
        # then the header of the first page, then Nơi nhận / signature.
        deferred = self._find_edges(lines, layout)
        body = [ln for ln in lines if ln.role == "body"]
        header: list[_Line] = []
        if not self.header_done and body:
            header = self._find_header(body, layout)
            self.header_done = True
        body = [ln for ln in body if ln.role == "body"]
        tail = self._find_tail(body, layout)
        body = [ln for ln in body if ln.role == "body"]
        if not layout.ocr:
            for ln in body:
                self.size_counts[ln.size] += len(ln.text)
        if header:
            self._emit_header(header)
            self.header_emitted = True
        items: list = sorted(body + layout.tables, key=lambda it: it.top)
        first = True
        for it in items:
            if isinstance(it, _TableItem):
                self._add_table(it, first)
            else:
                if self.table is not None:
                    self._close_table()
                self._add_line(it, same_page=not first)
            first = False
        if tail:
            self._flush()
            self._close_table()
            self._emit_tail(tail)
            after = [ln for ln in lines if ln.role == "after_tail"]
            if after:
                self.blocks.extend(self._paragraph_blocks(after))
        for blk in deferred:
            self.pending.append(blk)
        if not self.para and self.table is None:
            self._emit_pending()

    def finish(self) -> None:
        self._flush()
        self._close_table()
        self._emit_pending()
        self._remove_running_lines()
        for i, b in enumerate(self.blocks, start=1):
            b.paragraph = i
        for row in self.doc.task_rows:
            blk = row.pop("_block", None)
            if blk is not None and row.get("paragraph") is None:
                row["paragraph"] = blk.paragraph

    # -- page numbers, running headers/footers, footnotes --
    def _drop_page_numbers(self, lines: list[_Line], layout: _PageLayout) -> list[_Line]:
        h = layout.height
        drop = set()
        for ln in lines[:2] + lines[-2:]:
            band = ln.bottom < 0.15 * h or ln.top > 0.85 * h
            if band and len(ln.text) <= 14 and _PAGE_NUMBER.match(ln.text.strip()):
                drop.add(id(ln))
        return [ln for ln in lines if id(ln) not in drop]

    def _find_edges(self, body: list[_Line], layout: _PageLayout) -> list[Block]:
        """Running headers/footers (isolated lines in the top/bottom margin) and footnotes (small numbered
        lines at the bottom): taken out of the flow and emitted after the paragraph that is open."""
        out: list[Block] = []
        if len(body) < 2:
            return out
        st = self.stats
        h = layout.height
        top, second = body[0], body[1]
        if top.bottom < 0.065 * h and (second.top - top.top > 1.4 * st.pitch or abs(top.size - second.size) > 1.5):
            top.role = "running"
        bottom, before = body[-1], body[-2]
        if bottom.top > 0.935 * h and (bottom.top - before.top > 1.4 * st.pitch or abs(bottom.size - before.size) > 1.5):
            bottom.role = "running"
        running = []
        for ln in (top, bottom):
            if ln.role == "running":
                blk = self._make_block([ln])
                if blk is not None:
                    running.append(blk)
                    # Digits vary (page numbers, dates) and OCR varies the tone marks: compare a folded form.
                    key = regex.sub(r"\d+", "#", regex.sub(r"[^\w]+", " ", strip_accents(blk.text).casefold())).strip()
                    self.edge_candidates.append((blk, key, layout.number))
        rest = [ln for ln in body if ln.role == "body"]
        # Footnotes: a run of small lines at the bottom whose first line starts with a number.
        run = []
        for ln in reversed(rest):
            if ln.size <= 0.85 * st.size and not ln.ocr and not _NOI_NHAN.match(ln.text):
                run.append(ln)
            else:
                break
        run.reverse()
        numbered = any(ln.sup_start or _FOOTNOTE_START.match(ln.text) for ln in run)
        had_notes = self.footnotes_on == layout.number - 1  # a footnote continued from the previous page
        if run and len(run) < len(rest) and (numbered or had_notes) and run[0].top > 0.15 * h:
            for ln in run:
                ln.role = "footnote"
            self.footnotes_on = layout.number
            notes = self._paragraph_blocks(run, footnote=True)
            if notes and had_notes and self.last_note is not None and not (
                    run[0].sup_start or _FOOTNOTE_START.match(run[0].text)):
                # The previous page's last footnote continues here.
                self.last_note.text = f"{self.last_note.text} {notes.pop(0).text}"
            if notes:
                self.last_note = notes[-1]
            out.extend(notes)
        return out + running

    def _remove_running_lines(self) -> None:
        if not self.edge_candidates:
            return
        pages_by_key: dict[str, set[int]] = {}
        for _, key, page in self.edge_candidates:
            pages_by_key.setdefault(key, set()).add(page)
        need = max(3, int(0.4 * self.pages_with_text + 0.999))
        drop = {id(b) for b, key, _ in self.edge_candidates if len(pages_by_key[key]) >= need}
        if drop:
            self.blocks[:] = [b for b in self.blocks if id(b) not in drop]

    # -- header --
    def _find_header(self, lines: list[_Line], layout: _PageLayout) -> list[_Line]:
        """The two-column header at the top of the first page; sets `_header_split` (the x between columns)."""
        st = self.stats
        w = st.width
        cand = [ln for ln in lines if ln.top < 0.45 * layout.height][:16]
        # The gap between the columns: the widest gap of the first lines, narrowed to what they share.
        gap_lo = gap_hi = None
        for ln in cand[:6]:
            ps = ln.pieces
            best = None
            for a, b in zip(ps, ps[1:]):
                gap = b.x0 - a.x1
                if gap > 1.8 * max(min(a.size, b.size), 6.0) and (best is None or gap > best[0]):
                    best = (gap, a, b)
            if best is None:
                continue
            _, a, b = best
            if not st.left + 0.15 * w < (a.x1 + b.x0) / 2 < st.left + 0.75 * w:
                continue
            if gap_lo is None:
                gap_lo, gap_hi = a.x1, b.x0
                cl = (ps[0].x0 + a.x1) / 2
                right_edge = max(p.x1 for p in ps)
                cr = (b.x0 + right_edge) / 2
            elif max(gap_lo, a.x1) < min(gap_hi, b.x0):
                gap_lo, gap_hi = max(gap_lo, a.x1), min(gap_hi, b.x0)
        if gap_lo is None:
            return []
        split = (gap_lo + gap_hi) / 2
        header: list[_Line] = []
        sides: list[tuple[list[_Piece], list[_Piece]]] = []
        for ln in cand:
            if header and ln.top - header[-1].bottom > 4.0 * st.pitch:
                break
            left = [p for p in ln.pieces if (p.x0 + p.x1) / 2 < split]
            right = [p for p in ln.pieces if (p.x0 + p.x1) / 2 >= split]
            if left and right:
                a = max(left, key=lambda p: p.x1)
                b = min(right, key=lambda p: p.x0)
                if b.x0 - a.x1 < 0.8 * max(min(a.size, b.size), 6.0):
                    break  # a line running across the column boundary: the title or the body
            elif left:
                x0, x1 = left[0].x0, max(p.x1 for p in left)
                if abs((x0 + x1) / 2 - cl) > 0.2 * w and x0 > st.left + 0.1 * w:
                    break
            elif right:
                x0, x1 = right[0].x0, max(p.x1 for p in right)
                if abs((x0 + x1) / 2 - cr) > 0.12 * w and abs(x1 - right_edge) > 8:
                    break
                if _DOC_TYPE_LINE.match(_join_pieces(right).strip().upper()):
                    break
            else:
                break
            header.append(ln)
            sides.append((left, right))
        if not any(left and right for left, right in sides):
            return []
        for ln in header:
            ln.role = "header"
        self._header_sides = [(ln, left, right) for ln, (left, right) in zip(header, sides)]
        return header

    def _emit_header(self, header: list[_Line]) -> None:
        left_lines, right_lines = [], []
        for ln, lp, rp in self._header_sides:
            if lp:
                left_lines.append(_sub_line(ln, lp, self.legacy.fix))
            if rp:
                right_lines.append(_sub_line(ln, rp, self.legacy.fix))
        for col in (left_lines, right_lines):
            if not col:
                continue
            x0 = min(ln.x0 for ln in col)
            x1 = max(ln.x1 for ln in col)
            mid = (x0 + x1) / 2
            for ln in col:
                blk = self._make_block([ln], zone="header")
                if blk is not None:
                    blk.align = "center" if abs(ln.center - mid) <= max(8.0, 0.4 * ln.size) else None
                    self.blocks.append(blk)

    # -- Nơi nhận and signature --
    def _find_tail(self, body: list[_Line], layout: _PageLayout) -> list[tuple[_Line, str]]:
        st = self.stats
        w = st.width
        xsplit = st.left + 0.38 * w
        out: list[tuple[_Line, str]] = []
        start = None
        if self.tail_open:
            # Recipients or signature continued from the previous page: bullets on the left, names on the right.
            for i, ln in enumerate(body):
                if ln.x0 < xsplit and (ln.x1 > st.left + 0.6 * w or not _BULLET.match(ln.text)):
                    break  # body text again
                if ln.x0 >= xsplit and (ln.center < st.left + 0.55 * w or _DOC_TYPE_LINE.match(ln.text.upper())):
                    break  # a centred heading ("PHỤ LỤC"), not the signature column
                start = 0
                end = i + 1
            if start is None:
                self.tail_open = False
                return []
            chosen = body[:end]
        else:
            for i, ln in enumerate(body):
                if not _NOI_NHAN.match(ln.text) or ln.x0 >= xsplit:
                    continue
                segs = ln.segments(1.0)
                if _NOI_NHAN.match(_join_pieces(segs[0]).strip()):
                    start = i
                    break
            if start is None:
                return []
            # Signature lines set just above "Nơi nhận:" (TM. …, KT. …).
            j = start
            while j > 0 and start - j < 4:
                prev = body[j - 1]
                if prev.x0 >= xsplit and body[j].top - prev.bottom < 3.0 * st.pitch:
                    j -= 1
                else:
                    break
            chosen = body[j:]
        # The tail may go on over the page only when it reaches the bottom of this one.
        self.tail_open = bool(chosen) and chosen[-1].bottom > 0.8 * layout.height
        for ln in chosen:
            if ln.x0 < xsplit and ln.x1 > st.left + 0.8 * w and len(ln.segments(2.0)) == 1:
                ln.role = "after_tail"  # a full-width note under the signature block
                continue
            ln.role = "tail"
            for seg in ln.segments(1.0):
                side = "recipients" if seg[0].x0 < xsplit else "signature"
                out.append((_sub_line(ln, seg, self.legacy.fix), side))
        return out

    def _emit_tail(self, tail: list[tuple[_Line, str]]) -> None:
        recipients = [ln for ln, side in tail if side == "recipients"]
        signature = [ln for ln, side in tail if side == "signature"]
        # Recipients: one block per item; a wrapped item continues until a bullet or a closing ; . :
        groups: list[list[_Line]] = []
        for ln in sorted(recipients, key=lambda x: x.top):
            if groups:
                prev = groups[-1][-1]
                if not (_BULLET.match(ln.text) or _LABEL.match(ln.text) or prev.text.rstrip().endswith(_ENDS_PARAGRAPH)
                        or _NOI_NHAN.match(prev.text) or ln.top - prev.bottom > 1.2 * max(ln.size, prev.size)):
                    groups[-1].append(ln)
                    continue
            groups.append([ln])
        for g in groups:
            blk = self._make_block(g, zone="recipients")
            if blk is not None:
                self.blocks.append(blk)
        for ln in sorted(signature, key=lambda x: x.top):
            blk = self._make_block([ln], zone="signature")
            if blk is not None:
                self.blocks.append(blk)

    # -- paragraphs --
    def _add_line(self, ln: _Line, same_page: bool) -> None:
        if self.para and not self._continues(self.para[-1], ln, same_page):
            self._flush()
        self.para.append(ln)

    def _is_centered(self, ln: _Line, st: _Stats) -> bool:
        """Margins on both sides and about equal (a justified line has none; an indented one only on the left)."""
        lm, rm = ln.x0 - st.left, st.right - ln.x1
        if lm < 4.0 or rm < 4.0 or abs(lm - rm) > max(6.0, 0.03 * st.width):
            return False
        if st.indent is not None and abs(lm - st.indent) <= 2.0 and _LABEL.match(ln.text):
            return False  # an indented heading ("a) …") whose right end happens to mirror the indent
        return True

    def _continues(self, prev: _Line, cur: _Line, same_page: bool) -> bool:
        st = self.stats
        pst = self.stats if same_page else self.prev_stats
        ptext = prev.text.rstrip()
        ctext = cur.text.lstrip()
        if _LABEL.match(ctext):
            return False
        if ptext.endswith(_ENDS_PARAGRAPH):
            # A line ending in . ; : ends its paragraph, except a full justified line followed by a line at
            # the margin on a page whose paragraphs start with an indent ("…hiệu quả;" / "chức năng, …").
            slack = 6.0 if prev.ocr else 3.0
            full = prev.x1 >= pst.right - slack
            at_margin = abs(cur.x0 - st.left) <= slack
            if ptext.endswith("./.") or not (st.indent and full and at_margin) or _BULLET.match(ctext):
                return False
        if not prev.ocr and not cur.ocr:
            (pb, ps), (cb, cs) = prev.last_style, cur.first_style
            if pb != cb or abs(ps - cs) > 1 or abs(prev.size - cur.size) > 1.0:
                return False
        if same_page:
            limit = max(st.pitch, 1.05 * max(prev.size, cur.size)) + max(3.0, 0.25 * cur.size)
            if cur.top - prev.top > limit:
                return False
            if cur.top - prev.top < 0.5 * cur.size:  # side by side, not one under the other
                return False
        pc, cc = self._is_centered(prev, pst), self._is_centered(cur, st)
        if pc or cc:
            if not (pc and cc):
                return False
            if _DOC_TYPE_LINE.match(ptext.upper()) or ptext.isupper() != ctext.isupper():
                return False
            return True
        if cur.x0 > prev.x0 + max(4.0, 0.5 * cur.size) and cur.x0 > st.left + max(4.0, 0.5 * cur.size):
            return False  # first-line indent
        if cur.x0 < prev.x0 - max(4.0, 0.5 * cur.size) and prev.x0 > pst.left + 0.3 * pst.width:
            return False  # previous line was set apart on the right (date, signature)
        space = 0.25 * cur.size
        if prev.x1 + space + cur.first_word_w < pst.right - (4.0 if prev.ocr else 1.0):
            return False  # the first word would have fitted: the previous line was a paragraph end
        if _BULLET.match(ctext) and cur.x0 > st.left + 2.0:
            return False
        return True

    def _flush(self) -> None:
        if not self.para:
            return
        blk = self._make_block(self.para)
        self.para = []
        if blk is not None:
            self.blocks.append(blk)
        if self.table is None:
            self._emit_pending()

    def _emit_pending(self) -> None:
        if self.pending:
            self.blocks.extend(self.pending)
            self.pending = []

    def _paragraph_blocks(self, lines: list[_Line], footnote: bool = False) -> list[Block]:
        groups: list[list[_Line]] = []
        for ln in lines:
            if groups:
                prev = groups[-1][-1]
                start = ln.sup_start or (footnote and _FOOTNOTE_START.match(ln.text))
                if not start and self._continues(prev, ln, same_page=True):
                    groups[-1].append(ln)
                    continue
            groups.append([ln])
        return [b for g in groups if (b := self._make_block(g)) is not None]

    def _make_block(self, lines: list[_Line], zone: str = "body") -> Block | None:
        text = clean_text(" ".join(ln.text.strip() for ln in lines)).strip()
        if not text:
            return None
        first = lines[0]
        ocr = first.ocr
        return Block(
            text=text,
            page=first.page,
            bold=None if ocr else _all(lines, "bold"),
            italic=None if ocr else _all(lines, "italic"),
            align=self._align(lines) if zone in ("body", "header") else None,
            size=_dominant_size(lines),
            zone=zone,
        )

    def _align(self, lines: list[_Line]) -> str | None:
        st = self.stats
        if all(self._is_centered(ln, st) for ln in lines):
            return "center"
        last = lines[-1]
        if all(ln.x1 >= st.right - 2.0 for ln in lines) and lines[0].x0 > st.left + 0.25 * st.width:
            return "right"
        if len(lines) > 1 and all(ln.x1 >= st.right - 2.0 for ln in lines[:-1]):
            return "justify"
        if len(lines) == 1 and last.x1 >= st.right - 2.0:
            return "justify"
        return "left"

    # -- tables --
    def _add_table(self, t: _TableItem, first_on_page: bool) -> None:
        self._flush()
        cont = (
            self.table is not None and first_on_page and t.page == self.table.page + 1
            and t.ncols == self.table.ncols and len(t.col_xs) == len(self.table.col_xs)
            and all(abs(a - b) <= 3 for a, b in zip(t.col_xs, self.table.col_xs))
        )
        if not cont:
            self._close_table()
            self.table_no += 1
            self.table = t
            return
        # Continued on a new page: skip a repeated header row, join a row split by the page break.
        cur = self.table
        rows = list(t.rows)
        covered = list(t.covered) or [set() for _ in rows]
        k = 0  # header rows repeated at the top of the page
        while k < min(3, len(rows), len(cur.rows)) and rows[k] and _row_text(rows[k]) == _row_text(cur.rows[k]):
            k += 1
        rows, covered, pages = rows[k:], covered[k:], t.row_pages[k:]
        if rows and cur.rows and len(cur.rows) > 1:
            first, last = rows[0], cur.rows[-1]
            if 1 not in first and 1 in last and first:
                for col, paras in first.items():
                    if col in last and paras and last[col]:
                        last[col][-1] = _CellPara(last[col][-1].text + " " + paras[0].text, last[col][-1].bold,
                                                  last[col][-1].italic, last[col][-1].size)
                        last[col].extend(paras[1:])
                    else:
                        last.setdefault(col, []).extend(paras)
                rows, covered, pages = rows[1:], covered[1:], pages[1:]
        cur.rows.extend(rows)
        cur.covered.extend(covered)
        cur.row_pages.extend(pages)
        cur.page = t.page

    def _close_table(self) -> None:
        t = self.table
        if t is None:
            return
        self.table = None
        if self._table_as_zones(t):
            if not self.para:
                self._emit_pending()
            return
        row_blocks: list[dict[int, Block]] = []
        for r, row in enumerate(t.rows, start=1):
            firsts: dict[int, Block] = {}
            for col in sorted(row):
                for para in row[col]:
                    blk = Block(text=para.text, page=t.row_pages[r - 1], bold=para.bold,
                                italic=para.italic, size=para.size, zone="table", table=f"t{self.table_no}:r{r}:c{col}")
                    self.blocks.append(blk)
                    firsts.setdefault(col, blk)
            row_blocks.append(firsts)
        self._task_rows(t, row_blocks)
        if not self.para:
            self._emit_pending()

    def _table_as_zones(self, t: _TableItem) -> bool:
        """A two-column header or Nơi nhận/signature table drawn with borders: zones, not a table."""
        if t.ncols != 2 or len(t.rows) > 4:
            return False
        left = [p for row in t.rows for p in row.get(1, [])]
        right = [p for row in t.rows for p in row.get(2, [])]
        if not left or not right:
            return False
        if _NOI_NHAN.match(left[0].text):
            zones = (("recipients", left), ("signature", right))
        elif not self.header_emitted and self.blocks_before_body() and any(
                regex.search(r"CỘNG H[OÒ]A|ĐẢNG CỘNG SẢN", p.text) for p in right):
            zones = (("header", left), ("header", right))
            self.header_emitted = True
        else:
            return False
        for zone, paras in zones:
            for para in paras:
                self.blocks.append(Block(text=para.text, page=t.start_page, bold=para.bold, italic=para.italic,
                                         size=para.size, zone=zone))
        return True

    def blocks_before_body(self) -> bool:
        return not any(b.zone == "body" for b in self.blocks)

    def _task_rows(self, t: _TableItem, row_blocks: list) -> None:
        rows: list[list[str | None]] = []
        for i, row in enumerate(t.rows):
            cov = t.covered[i] if i < len(t.covered) else set()
            rows.append([None if (c in cov and c not in row) else "\n".join(p.text for p in row.get(c, []))
                         for c in range(1, t.ncols + 1)])
        pages = list(t.row_pages)
        for item in _recognise_task_rows(rows, list(range(len(rows))), pages, f"t{self.table_no}"):
            item = dict(item)
            idx = item.get("paragraph")
            item["paragraph"] = None
            if isinstance(idx, int) and 0 <= idx < len(row_blocks) and row_blocks[idx]:
                m = regex.search(r":c(\d+)$", item.get("table") or "")
                firsts = row_blocks[idx]
                blk = firsts.get(int(m.group(1))) if m else None
                blk = blk or next(iter(firsts.values()))
                item["_block"] = blk
                item["page"] = blk.page
            item.setdefault("page", t.start_page)
            self.doc.task_rows.append(item)


def _row_text(row: dict[int, list[_CellPara]]) -> str:
    return "|".join(" ".join(p.text for p in row[c]) for c in sorted(row))


def _sub_line(ln: _Line, pieces: list[_Piece], fix=None) -> _Line:
    """The part of a line in one column (header, recipients/signature)."""
    sub = _Line(list(pieces), ln.page, ocr=ln.ocr)
    if fix is not None and not ln.ocr:
        fix(sub)
    return sub


# --- optional helpers from other modules ------------------------------------------------------------------

def _recognise_task_rows(rows: list[list[str | None]], paragraphs: list[int], pages: list[int],
                         table_id: str) -> list[dict]:
    """Pass table rows to `extract.task_tables.parse_task_table` when it exists; [] otherwise."""
    try:
        from ..task_tables import parse_task_table
    except ImportError:
        return []
    try:
        result = parse_task_table(rows, paragraphs=paragraphs, pages=pages, table_id=table_id)
    except Exception:  # the recogniser must never break reading
        return []
    return [item for item in result or [] if isinstance(item, dict)]


class _LegacyFixer:
    """Runs `extract.legacy_encoding.fix_legacy` over each text-layer line when the module exists."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.fn = None
        self.seen: set[tuple[int, str, str]] = set()
        try:
            from ..legacy_encoding import fix_legacy
        except ImportError:
            return
        self.fn = fix_legacy

    def fix(self, ln: _Line) -> None:
        if self.fn is None:
            return
        font = ln.font.split("+", 1)[-1]
        try:
            text, enc = self.fn(ln.text, font)
        except Exception:
            return
        if enc:
            ln.text = text
            key = (ln.page, enc, font)
            if key not in self.seen:
                self.seen.add(key)
                try:
                    from ..legacy_encoding import warning_message
                    what = warning_message(enc)
                except ImportError:
                    what = f"converted {enc} text to Unicode"
                self.doc.warnings.append(("legacy_encoding", f"page {ln.page}: {what} (font {font})", None))


# --- reading -------------------------------------------------------------------------------------------------

def _sniff(path: Path) -> tuple[bool, str | None]:
    """(truncated?, problem) from the first and last bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        try:
            fh.seek(-2048, os.SEEK_END)
        except OSError:
            fh.seek(0)
        tail = fh.read()
    if b"%PDF-" not in head:
        if head.startswith(b"PK\x03\x04"):
            kind = "a ZIP container (DOCX/XLSX?) named .pdf"
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            kind = "a Word 97-2003/OLE file named .pdf"
        elif head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            kind = "an HTML page named .pdf"
        else:
            kind = "not a PDF"
        return False, f"not a PDF file (no %PDF- header; looks like {kind})" if kind != "not a PDF" else "not a PDF file (no %PDF- header)"
    return b"%%EOF" not in tail, None


def _open_problem(exc: BaseException, truncated: bool) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if name in ("PDFPasswordIncorrect",):
        return "password-protected PDF (it needs a password to open; ask for an unprotected copy)"
    if name in ("PDFEncryptionError", "PDFEncryptionWarning"):
        return f"password-protected PDF (unsupported encryption: {inner})"
    reason = str(inner) or name
    if truncated:
        return f"truncated PDF (the file ends before its %%EOF marker; {reason})"
    return f"damaged PDF ({name}: {reason})"


def read(path: Path) -> Document:
    """Reader contract: `extract.readers.read_document` calls this. Options come from the environment."""
    return read_pdf(path, PdfOptions.from_env())


def read_pdf(path: str | Path, options: PdfOptions | None = None, **overrides) -> Document:
    """Read a PDF into blocks. `overrides` set `PdfOptions` fields (e.g. max_ocr_pages=2, ocr=False)."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    path = Path(path)
    opts = options or PdfOptions.from_env()
    for k, v in overrides.items():
        if not hasattr(opts, k):
            raise TypeError(f"unknown PDF option {k!r}")
        setattr(opts, k, v)
    truncated, problem = _sniff(path)
    if problem:
        raise ReadError(str(path), problem)
    doc = Document(path=str(path), format="pdf", blocks=[], meta={})
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise ReadError(str(path), _open_problem(exc, truncated)) from None
    except Exception as exc:  # pdfminer raises many kinds on broken files
        raise ReadError(str(path), _open_problem(exc, truncated)) from None
    ocr_state = {"checked": False, "ok": False, "reason": ""}
    needs: dict[str, list[int]] = {"scan": [], "cid": []}
    unread: list[int] = []
    ocr_pages: list[int] = []
    builder = _Builder(doc)
    workers = opts.ocr_workers or max(1, min(2, os.cpu_count() or 1))
    executor: ThreadPoolExecutor | None = None
    tmpdir: tempfile.TemporaryDirectory | None = None
    queue: deque = deque()

    def ocr_ready() -> bool:
        if not ocr_state["checked"]:
            ocr_state["checked"] = True
            ok, reason = ocr_mod.ocr_status(opts.ocr_lang)
            ocr_state["ok"], ocr_state["reason"] = ok, reason
        return ocr_state["ok"]

    def consume(item) -> None:
        if isinstance(item, _PageLayout):
            builder.add_page(item)
            if item.dropped_garbage:
                doc.warnings.append(("pdf_glyphs", f"page {item.number}: {item.dropped_garbage} characters without a "
                                                   "Unicode mapping were dropped", None))
            return
        if isinstance(item, _NeedsOcr) and item.future is not None:
            try:
                result = item.future.result()
            except Exception as exc:  # OcrError, or anything tesseract's output broke
                doc.warnings.append(("ocr_failed", f"page {item.number}: OCR failed ({exc})", None))
                unread.append(item.number)
                return
            finally:
                if item.image_dir:
                    for f in Path(item.image_dir).glob("*"):
                        f.unlink(missing_ok=True)
            ocr_pages.append(item.number)
            conf = result.mean_confidence()
            doc.meta.setdefault("ocr_confidence", {})[item.number] = round(conf, 1) if conf is not None else None
            doc.meta.setdefault("ocr_reason", {})[item.number] = (
                "no text layer" if item.reason == "scan" else "fonts without a Unicode map (cid)")
            doc.warnings.append(("ocr", f"page {item.number}: text came from OCR (tesseract); check it", None))
            if not ocr_state.get("fix_checked"):
                ocr_state["fix_checked"] = True
                fix_ok, fix_why = ocr_fix_status()
                if not fix_ok:
                    doc.warnings.append(("ocr_uncorrected", f"OCR text not corrected for tone marks: {fix_why}", None))
            builder.add_page(_ocr_layout(item, result))

    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise ReadError(str(path), _open_problem(exc, truncated)) from None
        doc.meta["pages"] = len(pages)
        if not pages:
            raise ReadError(str(path), "PDF has no pages")
        for number, page in enumerate(pages, start=1):
            try:
                item = _analyse_page(page, number, opts.tables, builder.legacy.fix if builder.legacy.fn else None,
                                     fast=opts.fast)
            except ReadError:
                raise
            except Exception as exc:
                if truncated:
                    raise ReadError(str(path), _open_problem(exc, truncated)) from None
                doc.warnings.append(("pdf_page", f"page {number}: could not be read ({type(exc).__name__}: {exc})", None))
                unread.append(number)
                item = None
            finally:
                page.close()
            if isinstance(item, _NeedsOcr):
                needs[item.reason].append(number)
                if not opts.ocr or not ocr_ready():
                    unread.append(number)
                    item = None
                elif opts.max_ocr_pages is not None and len(ocr_pages) + sum(
                        1 for q in queue if isinstance(q, _NeedsOcr)) >= opts.max_ocr_pages:
                    doc.warnings.append(("ocr_skipped", f"page {number}: needs OCR; skipped (limit of "
                                                        f"{opts.max_ocr_pages} OCR pages)", None))
                    unread.append(number)
                    item = None
                else:
                    if executor is None:
                        executor = ThreadPoolExecutor(max_workers=workers)
                        tmpdir = tempfile.TemporaryDirectory(prefix="kehoach-ocr-")
                    img_dir = Path(tmpdir.name) / f"p{number}"
                    img_dir.mkdir()
                    try:
                        image = ocr_mod.render_page(path, number, img_dir / "page", dpi=opts.ocr_dpi,
                                                    timeout=opts.ocr_timeout)
                    except ocr_mod.OcrError as exc:
                        doc.warnings.append(("ocr_failed", f"page {number}: {exc}", None))
                        unread.append(number)
                        item = None
                    else:
                        item.image_dir = str(img_dir)
                        item.future = executor.submit(ocr_mod.ocr_image, image, dpi=opts.ocr_dpi, lang=opts.ocr_lang,
                                                      timeout=opts.ocr_timeout)
            if item is not None:
                queue.append(item)
            while queue and (len(queue) > workers or not isinstance(queue[0], _NeedsOcr)):
                consume(queue.popleft())
        while queue:
            consume(queue.popleft())
        builder.finish()
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        if tmpdir is not None:
            tmpdir.cleanup()
        pdf.close()

    if truncated:
        doc.warnings.append(("pdf_truncated", "the file has no %%EOF end marker; it may be cut short", None))
    doc.meta["ocr_pages"] = ocr_pages
    if needs["scan"] or needs["cid"]:
        doc.meta["pages_needing_ocr"] = sorted(needs["scan"] + needs["cid"])
    if unread:
        doc.meta["unread_pages"] = sorted(set(unread))
    if not doc.blocks:
        missing_ocr = (needs["scan"] or needs["cid"]) and (not opts.ocr or not ocr_state["ok"])
        if missing_ocr:
            why = ocr_state["reason"] or "OCR is turned off"
            if needs["cid"] and not needs["scan"]:
                raise ReadError(str(path), f"PDF fonts have no Unicode map (text comes out as (cid:NNN)), so it must be "
                                           f"read like a scan; {ocr_mod.INSTALL_HINT} ({why})")
            raise ReadError(str(path), f"scanned PDF with no text layer; {ocr_mod.INSTALL_HINT} ({why})")
        if not (needs["scan"] or needs["cid"]):
            raise ReadError(str(path), f"PDF has no text ({doc.meta['pages']} pages, nothing to read)")
    elif unread and (needs["scan"] or needs["cid"]) and not ocr_state["ok"] and opts.ocr and ocr_state["checked"]:
        skipped = sorted(set(unread))
        what = f"page {skipped[0]} is" if len(skipped) == 1 else f"pages {_ranges(skipped)} are"
        doc.warnings.append(("ocr_unavailable", f"{what} scanned and could not be read ({ocr_state['reason']}); "
                                                f"{ocr_mod.INSTALL_HINT}", None))
    return doc


def _ranges(nums: list[int]) -> str:
    out = []
    for n in nums:
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in out)
