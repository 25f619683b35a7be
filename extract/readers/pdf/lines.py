"""Pieces (glyphs or OCR words) → lines: baseline clustering, superscripts, joined text, segments."""

from __future__ import annotations

import statistics
from collections import Counter
from itertools import compress
from operator import attrgetter, itemgetter

from .patterns import _SUP_UNITS

_X0, _X1, _TOP, _BOTTOM, _SIZE, _FONT, _SUP, _BOLD, _ITALIC, _TEXT = (
    attrgetter(a) for a in ("x0", "x1", "top", "bottom", "size", "font", "sup", "bold", "italic", "text")
)
_FIRST_CHAR = itemgetter(slice(None, 1))  # text[:1]


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
    # Runs once per glyph of every line: the previous piece's facts are kept in locals, the smaller size is
    # compared inline (no min() call), the first piece is taken before the loop (no "is there a previous").
    if not pieces:
        return ""
    first = pieces[0]
    out: list[str] = [first.text]
    append = out.append
    prev_text = first.text
    prev_size = first.size
    prev_word = first.word
    last_x1 = first.x1
    last_space = first.space_after
    drop_sup = not keep_sup
    for p in pieces[1:]:
        if drop_sup and p.sup:
            # Footnote markers ("ngành¹") go; units keep their exponent ("m²" written as m2).
            if not (p.text in "23" and prev_text.lower() in _SUP_UNITS):
                x1 = p.x1
                if x1 > last_x1:
                    last_x1 = x1
                last_space = last_space or p.space_after
                continue
        size = p.size
        word = p.word
        if last_space or word or prev_word or p.x0 - last_x1 > 0.2 * (size if size <= prev_size else prev_size):
            append(" ")
        prev_text = p.text
        append(prev_text)
        prev_size = size
        prev_word = word
        last_x1 = p.x1
        last_space = p.space_after
    return "".join(out)


class _Line:
    __slots__ = (
        "pieces",
        "x0",
        "x1",
        "top",
        "bottom",
        "size",
        "bold",
        "italic",
        "font",
        "text",
        "page",
        "ocr",
        "sup_start",
        "_segs",
        "first_word_w",
        "role",
        "first_style",
        "last_style",
    )

    def __init__(self, pieces: list[_Piece], page: int, ocr: bool = False, keep_sup: bool = False):
        pieces.sort(key=_X0)
        self.pieces = pieces
        self.page = page
        self.ocr = ocr
        # A line is built per baseline cluster of every page: the per-glyph work runs in C (map, Counter)
        # where it can; most lines have no superscript, so `main` is then the pieces themselves.
        main = [p for p in pieces if not p.sup] if any(map(_SUP, pieces)) else pieces
        main = main or pieces
        self.x0 = pieces[0].x0
        self.x1 = max(map(_X1, pieces))
        self.top = min(map(_TOP, main))
        self.bottom = max(map(_BOTTOM, main))
        # Sizes rounded to half points, counted per distinct size first (a line has a few): same counts and
        # the same order of first appearance, so the same most common size.
        sizes: Counter = Counter()
        for s, k in Counter(map(_SIZE, main)).items():
            sizes[round(s * 2) / 2] += k
        self.size = sizes.most_common(1)[0][0]
        if ocr:
            self.bold = self.italic = None
        else:
            letters = list(compress(main, map(str.isalnum, map(_FIRST_CHAR, map(_TEXT, main))))) or main
            self.bold = sum(map(_BOLD, letters)) >= 0.9 * len(letters)
            self.italic = sum(map(_ITALIC, letters)) >= 0.9 * len(letters)
        self.font = Counter(map(_FONT, main)).most_common(1)[0][0]
        # Style where the line meets its neighbours: a bold heading running into plain text on the next
        # line is one paragraph; a bold line followed by a line starting plain is two.
        first = next((p for p in main if p.text[:1].isalpha()), None)
        if first is None:
            first, last = main[0], main[-1]
        else:
            last = next(p for p in reversed(main) if p.text[:1].isalpha())
        self.first_style = (first.bold, round(first.size))
        self.last_style = (last.bold, round(last.size))
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
    pieces.sort(key=_BOTTOM)
    groups: list[list[_Piece]] = []
    cur = [pieces[0]]
    ref_bottom, ref_size = pieces[0].bottom, pieces[0].size
    add = cur.append
    # Runs once per glyph of the page: the reference glyph's facts in locals, max(1.0, 0.3 * min(size,
    # ref size)) written out as the comparisons min()/max() make (same value, no call).
    for p in pieces[1:]:
        size = p.size
        tol = 0.3 * (ref_size if ref_size < size else size)
        if p.bottom - ref_bottom <= (tol if tol > 1.0 else 1.0):
            add(p)
        else:
            groups.append(cur)
            cur = [p]
            add = cur.append
            ref_bottom, ref_size = p.bottom, size
    groups.append(cur)
    # Superscripts: a cluster of small glyphs inside the vertical band of a neighbouring line.
    merged: list[list[_Piece]] = []
    for g in groups:
        gsize = max(map(_SIZE, g))
        target = None
        for other in (merged[-1] if merged else None,):
            if other is None or gsize >= 0.8 * (max(map(_SIZE, other)) + 0.5):
                continue  # not smaller than the mode of the line (the mode is at most its largest size, rounded)
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
        if i + 1 < len(merged) and len(g) <= 4 and max(map(_SIZE, g)) < 0.8 * (max(map(_SIZE, merged[i + 1])) + 0.5):
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
        if len(g) > 3 and min(map(_SIZE, g)) < 0.8 * (max(map(_SIZE, g)) + 0.5):
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
    lines.sort(key=_TOP)
    return lines


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


def _sub_line(ln: _Line, pieces: list[_Piece], fix=None) -> _Line:
    """The part of a line in one column (header, recipients/signature)."""
    sub = _Line(list(pieces), ln.page, ocr=ln.ocr)
    if fix is not None and not ln.ocr:
        fix(sub)
    return sub
