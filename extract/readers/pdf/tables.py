"""Ruled tables: pdfplumber's table finder on the visible rules, characters placed in cells, cell paragraphs."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ...normalize import clean_text
from .lines import _all, _dominant_size, _group_lines, _Line, _Piece
from .patterns import _BULLET, _ENDS_PARAGRAPH, _LABEL

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


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

    With `rules` (edges from pdfium, or drawings from `_walk_layout`) the rules are handed over as explicit
    edges, so pdfplumber never builds its per-character objects; without them it uses its own "lines" strategy
    on the filtered page."""
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
        for e in [r] if "_edge" in r["object_type"] else obj_to_edges(r):
            if e["orientation"] == "v" and e["height"] >= 1:
                v_edges.append(e)
            elif e["orientation"] == "h" and e["width"] >= 1:
                h_edges.append(e)
    if len(v_edges) < 2 or len(h_edges) < 2:
        return []
    settings = dict(
        TABLE_SETTINGS,
        vertical_strategy="explicit",
        horizontal_strategy="explicit",
        explicit_vertical_lines=v_edges,
        explicit_horizontal_lines=h_edges,
    )
    if page is not None:
        return page.find_tables(settings)
    from pdfplumber.table import TableFinder, TableSettings

    # Explicit edges need nothing from the page: pdfium's pages have no pdfplumber page behind them.
    return TableFinder(None, TableSettings.resolve(settings)).tables


def _extract_tables(
    page, pieces: list[_Piece], page_no: int, fix=None, rules: list[dict] | None = None
) -> tuple[list[_TableItem], list[_Piece]]:
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
                bool(_BULLET.match(paras[0][0].text)) or prev.text.rstrip().endswith(_ENDS_PARAGRAPH)
            )
            new = (
                bool(_LABEL.match(ln.text))
                or bullet
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


def _row_text(row: dict[int, list[_CellPara]]) -> str:
    return "|".join(" ".join(p.text for p in row[c]) for c in sorted(row))
