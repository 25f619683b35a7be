"""What the linter sees in a .docx: paragraphs (body, table cells, headers) with their runs and lines, and the
effective formatting of each run and paragraph after style inheritance (direct → character style → paragraph
style chain → numbering → document defaults)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from extract.ooxml.props import on_off as onoff
from extract.ooxml.styles import Styles

from .package import REL_FOOTER, REL_HEADER, REL_NUMBERING, REL_STYLES, Package, W, q

# Containers whose runs are part of the paragraph's visible text.
_RUN_CONTAINERS = {
    q(t)
    for t in (
        "w:hyperlink",
        "w:ins",
        "w:smartTag",
        "w:customXml",
        "w:sdt",
        "w:sdtContent",
        "w:fldSimple",
        "w:moveTo",
        "w:dir",
        "w:bdo",
    )
}
_SKIP_CONTAINERS = {q(t) for t in ("w:del", "w:moveFrom", "w:pPr", "w:rPr")}
R_TAG = q("w:r")
P_TAG = q("w:p")
TBL_TAG = q("w:tbl")
T_TAG = q("w:t")


@dataclass(slots=True)
class Location:
    part: str = "document"
    paragraph: int | None = None  # 1-based index among body-level paragraphs
    table: int | None = None  # 1-based index among top-level tables
    row: int | None = None
    cell: int | None = None
    cell_paragraph: int | None = None
    run: int | None = None  # 1-based index among the paragraph's runs
    section: int | None = None
    style: str | None = None

    def label(self) -> str:
        bits = []
        if self.part not in ("document",):
            bits.append(self.part)
        if self.section is not None:
            bits.append(f"section {self.section}")
        if self.style is not None:
            bits.append(f"style '{self.style}'")
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        if self.table is not None:
            bits.append(f"table {self.table} row {self.row} cell {self.cell}")
            if self.cell_paragraph is not None:
                bits.append(f"paragraph {self.cell_paragraph}")
        if self.run is not None:
            bits.append(f"run {self.run}")
        return ", ".join(bits) or "document"

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    t: object | None  # the w:t element holding these characters (None for tabs, breaks …)


@dataclass(slots=True)
class RunInfo:
    el: object
    index: int  # 0-based in the paragraph
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Para:
    el: object
    part: str
    loc: Location
    text: str
    runs: list[RunInfo]
    segments: list[Segment]
    pstyle: str | None
    in_table: bool = False
    table_key: tuple | None = None  # (table index, row, cell) 1-based, for body tables

    def lines(self) -> list[Line]:
        out, start = [], 0
        for piece in self.text.split("\n"):
            end = start + len(piece)
            out.append(Line(self, piece, start, end))
            start = end + 1
        return out

    def loc_run(self, run: RunInfo) -> Location:
        return replace(self.loc, run=run.index + 1)


@dataclass(slots=True)
class Line:
    para: Para
    text: str
    start: int
    end: int
    _runs: list[RunInfo] | None = field(default=None, repr=False)

    @property
    def runs(self) -> list[RunInfo]:
        """Runs with visible (non-space) text inside this line."""
        if self._runs is None:
            out = []
            for r in self.para.runs:
                if r.end <= self.start or r.start >= self.end:
                    continue
                a, b = max(r.start, self.start), min(r.end, self.end)
                if self.para.text[a:b].strip():
                    out.append(r)
            self._runs = out
        return self._runs

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class TableInfo:
    index: int
    el: object
    cells: dict[tuple[int, int], list[Para]]  # (row, cell) 1-based -> paragraphs (nested tables flattened)


# ---------------------------------------------------------------------------------------------- reading


def _run_text(run_el, start: int, segments: list[Segment]) -> str:
    out = []
    pos = start
    for child in run_el:
        tag = child.tag
        if tag == T_TAG:
            t = child.text or ""
            if t:
                segments.append(Segment(pos, pos + len(t), child))
                out.append(t)
                pos += len(t)
            continue
        local = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        ch = None
        if local == "tab" or local == "ptab":
            ch = "\t"
        elif local in ("br", "cr"):
            ch = "\n"
        elif local == "noBreakHyphen":
            ch = "-"
        if ch is not None:
            segments.append(Segment(pos, pos + 1, None))
            out.append(ch)
            pos += 1
    return "".join(out)


def iter_runs(node) -> Iterator:
    for child in node:
        tag = child.tag
        if tag == R_TAG:
            yield child
        elif tag in _RUN_CONTAINERS:
            yield from iter_runs(child)


def read_para(p, part: str, loc: Location, styles: Styles, *, in_table=False, table_key=None) -> Para:
    runs: list[RunInfo] = []
    segments: list[Segment] = []
    texts = []
    pos = 0
    for i, r in enumerate(iter_runs(p)):
        rpr = r.find(q("w:rPr"))
        if rpr is not None and onoff(rpr.find(q("w:vanish"))):
            continue
        text = _run_text(r, pos, segments)
        runs.append(RunInfo(r, i, pos, pos + len(text), text))
        texts.append(text)
        pos += len(text)
    return Para(p, part, loc, "".join(texts), runs, segments, styles.para_style(p), in_table, table_key)


class DocView:
    """Everything the checks need from one package."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.main = pkg.main
        self.document = pkg.xml(pkg.main)
        self.body = self.document.find(q("w:body"))
        if self.body is None:
            from .package import LintError

            raise LintError(f"{pkg.name}: Word document without a body")
        styles_part = pkg.related(pkg.main, REL_STYLES)
        numbering_part = pkg.related(pkg.main, REL_NUMBERING)
        self.styles_part = styles_part
        self.styles = Styles(
            pkg.xml(styles_part) if styles_part else None, pkg.xml(numbering_part) if numbering_part else None
        )
        self.rels = pkg.rels(pkg.main)
        self.blocks: list = []  # Para (body-level) or TableInfo, in order
        self.paras: list[Para] = []  # every paragraph of the body, in order (cells included)
        self._read_body()

    def _read_body(self):
        counters = {"p": 0, "t": 0}
        styles = self.styles

        def walk(container):
            for child in container:
                tag = child.tag
                if tag == P_TAG:
                    counters["p"] += 1
                    para = read_para(child, "document", Location(paragraph=counters["p"]), styles)
                    self.blocks.append(para)
                    self.paras.append(para)
                elif tag == TBL_TAG:
                    counters["t"] += 1
                    info = TableInfo(counters["t"], child, {})
                    self._read_table(child, info, None)
                    self.blocks.append(info)
                elif tag in (q("w:sdt"), q("w:sdtContent"), q("w:customXml")):
                    walk(child)

        walk(self.body)

    def _read_table(self, tbl, info: TableInfo, outer: tuple[int, int] | None):
        for ri, tr in enumerate(tbl.findall(q("w:tr")), start=1):
            cells = []
            for child in tr:
                if child.tag == q("w:tc"):
                    cells.append(child)
                elif child.tag in (q("w:sdt"), q("w:customXml")):
                    cells.extend(child.iter(q("w:tc")))
            for ci, tc in enumerate(cells, start=1):
                key = outer or (ri, ci)
                bucket = info.cells.setdefault(key, [])
                for child in tc:
                    if child.tag == P_TAG:
                        loc = Location(table=info.index, row=key[0], cell=key[1], cell_paragraph=len(bucket) + 1)
                        para = read_para(
                            child, "document", loc, self.styles, in_table=True, table_key=(info.index, key[0], key[1])
                        )
                        bucket.append(para)
                        self.paras.append(para)
                    elif child.tag == TBL_TAG:
                        self._read_table(child, info, key)

    # -- sections and headers ------------------------------------------------------------------------

    def default_tab_twips(self) -> int:
        """The document's default tab stop (settings.xml w:defaultTabStop; Word's own default is 720 twips)."""
        from .package import REL_SETTINGS

        part = self.pkg.related(self.pkg.main, REL_SETTINGS)
        root = self.pkg.xml(part) if part else None
        el = root.find(q("w:defaultTabStop")) if root is not None else None
        try:
            return int(el.get(q("w:val"))) if el is not None else 720
        except (TypeError, ValueError):
            return 720

    def sections(self) -> list:
        """sectPr elements in document order (paragraph-level ones, then the body's)."""
        out = [p.el.find(f"{q('w:pPr')}/{q('w:sectPr')}") for p in self.paras if not p.in_table]
        out = [s for s in out if s is not None]
        final = self.body.find(q("w:sectPr"))
        if final is not None:
            out.append(final)
        return out

    def header_part(self, ref_el) -> str | None:
        rid = ref_el.get(q("r:id"))
        rel = self.rels.get(rid or "")
        if rel and rel[0] in (REL_HEADER, REL_FOOTER) and self.pkg.has(rel[1]):
            return rel[1]
        return None

    def part_paras(self, part: str) -> list[Para]:
        root = self.pkg.xml(part)
        if root is None:
            return []
        out = []
        for i, p in enumerate(root.iter(P_TAG), start=1):
            out.append(read_para(p, part, Location(part=part, paragraph=i), self.styles))
        return out

    def used_styles(self) -> set[str]:
        used: set[str] = set()
        if self.styles.default_para:
            used.add(self.styles.default_para)
        for root in [self.document] + [
            self.pkg.xml(t)
            for _, (ty, t, m) in self.rels.items()
            if ty in (REL_HEADER, REL_FOOTER) and m == "Internal" and self.pkg.has(t)
        ]:
            if root is None:
                continue
            for tag in ("w:pStyle", "w:rStyle"):
                for el in root.iter(q(tag)):
                    v = el.get(q("w:val"))
                    if v:
                        used.add(v)
        return {st.style_id for sid in used for st in self.styles.chain(sid)}


_COL_SPLIT = re.compile(r"\t+|\s{4,}")


def columns(line: Line) -> list[Line]:
    """The parts of a line laid out side by side with tabs or long runs of spaces (non-empty parts only)."""
    out = []
    pos = 0
    text = line.text
    for m in list(_COL_SPLIT.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        if piece.strip():
            out.append(Line(line.para, piece, line.start + pos, line.start + end))
        if m:
            pos = m.end()
    return out


def field_instructions(para: Para) -> str:
    """Instruction text of the fields in a paragraph (complex fields and w:fldSimple)."""
    parts = [el.text or "" for el in para.el.iter(q("w:instrText"))]
    parts += [el.get(q("w:instr")) or "" for el in para.el.iter(q("w:fldSimple"))]
    return " ".join(parts)


__all__ = [
    "DocView",
    "Line",
    "Location",
    "Para",
    "RunInfo",
    "Styles",
    "TableInfo",
    "W",
    "columns",
    "field_instructions",
    "onoff",
    "q",
]
