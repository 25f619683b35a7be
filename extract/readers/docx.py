"""Word .docx reader: body paragraphs and tables in order, as blocks with layout hints.

What python-docx alone gets wrong and this reader adds:
- automatic numbering labels ("I.", "1.", "a)") that live in numbering.xml, recovered with Word's counters
  (style-inherited numbering, w:num overrides, restarts) and prepended to the text (`Block.label` too);
- tracked changes read as accepted (w:ins kept; w:del, w:moveFrom dropped) with one warning;
- the header table (issuing body | Quốc hiệu) as zone="header" lines in reading order, the signature table
  as zone="recipients" (Nơi nhận) then zone="signature" lines, other tables as zone="table" cells and as a
  `Table` grid of those cells (`Document.tables`, where the pipeline finds task tables);
- TCVN3/VNI text in legacy fonts converted to Unicode (see `extract.legacy_encoding`);
- bad input refused with a `ReadError`: not a zip, not Word, truncated, encrypted, zip bombs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import regex

from .. import lexicon, task_tables
from ..blocks import Block, Document, ReadError, Table, TableCell, TableRow
from ..legacy_encoding import fix_legacy, font_kind, looks_legacy, warning_message
from ..normalize import clean_text, match_key
from ..ooxml import EMPTY_PROPS, RunProps, Styles, int_val, parse_rpr, w, wval
from ..ooxml.ns import MC_NS, REL_NUMBERING, REL_STYLES
from ..ooxml.package import Package

_MC = f"{{{MC_NS}}}"

# Element names used in the walk.
_P, _R, _T, _TBL, _TR, _TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
_PPR, _RPR, _TCPR, _TRPR = w("pPr"), w("rPr"), w("tcPr"), w("trPr")
_TAB, _PTAB, _BR, _CR = w("tab"), w("ptab"), w("br"), w("cr")
_NBH, _SH, _SYM = w("noBreakHyphen"), w("softHyphen"), w("sym")
_INS, _DEL, _MOVE_FROM, _MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
_SDT, _SDT_CONTENT, _CUSTOM_XML, _SMART_TAG = w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")
_HYPERLINK, _FLD_SIMPLE, _DIR, _BDO = w("hyperlink"), w("fldSimple"), w("dir"), w("bdo")
_DRAWING, _PICT, _OBJECT, _TXBX = w("drawing"), w("pict"), w("object"), w("txbxContent")
_ALT, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_RSTYLE, _RFONTS = w("rStyle"), w("rFonts")
_GRIDSPAN, _VMERGE, _HMERGE, _GRIDBEFORE = w("gridSpan"), w("vMerge"), w("hMerge"), w("gridBefore")
_CELL_DEL, _CELL_INS = w("cellDel"), w("cellIns")
_RUN_CONTAINERS = {_INS, _MOVE_TO, _HYPERLINK, _SMART_TAG, _CUSTOM_XML, _FLD_SIMPLE, _DIR, _BDO, _SDT_CONTENT}
_BLOCK_CONTAINERS = {_SDT_CONTENT, _CUSTOM_XML, _INS, _MOVE_TO}
_DROPPED = {_DEL, _MOVE_FROM}
_NEWLINE = object()  # segment separator for w:br / w:cr


# --- package checks ------------------------------------------------------------------------------------


def _fail(path: Path, problem: str) -> ReadError:
    return ReadError(str(path), problem)


def _open(path: Path) -> Package:
    """The package, refused with a `ReadError` when it is not a safe Word .docx (extract.ooxml.package limits)."""
    return Package(path)


# --- intermediate structures ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Seg:
    text: str
    props: RunProps


@dataclass(slots=True)
class _Cell:
    row: int  # 1-based
    col: int  # 1-based grid column
    span: int
    continued: bool  # vMerge continuation (content lives in the cell above)
    items: list  # Block | _Table


@dataclass(slots=True)
class _Table:
    no: int
    rows: list[list[_Cell]] = field(default_factory=list)
    width: int = 0


_NUMBER_LINE = regex.compile(r"^số\s*[\w\s\-]{0,12}/")  # "Số: 15/KH-UBND", "Số 146-KH/HU" (match_key form)


def _is_sign_title(line_key: str) -> bool:
    """Whether a line (match key) opens with a signer's title, "phó" or not: header.yaml authority_heads."""
    rest = line_key.removeprefix("phó ")
    return lexicon.starts_with_any(rest, lexicon.key_list("header", "authority_heads")) is not None


class _Reader:
    def __init__(self, path: Path, package: Package):
        self.path = path
        self.package = package
        self.styles = Styles(
            package.related_xml(package.main, REL_STYLES), package.related_xml(package.main, REL_NUMBERING)
        )
        self.numbering = self.styles.numbering
        self.blocks: list[Block] = []
        self.warnings: list[tuple[str, str, int | None]] = []
        self.tables: list[Table] = []
        self.tracked = False
        self.table_count = 0
        self.body_paragraphs = 0  # non-empty body paragraphs emitted so far
        self.top_tables = 0
        self.header_found = False
        self.labels = 0
        self.legacy_force = False
        self.legacy_used: set[str] = set()
        self._legacy_marks: list[tuple[Block, str]] = []
        self._font_kind_cache: dict[str | None, str | None] = {}
        self._carry: list | None = None  # segments of a paragraph whose mark was deleted (merged on accept)
        self._p_index: dict = {}  # w:p element -> its position in the body (Block.xml_paragraph)

    # -- fonts / legacy --

    def _legacy_kind(self, font: str | None) -> str | None:
        kind = self._font_kind_cache.get(font, 0)
        if kind == 0:
            kind = font_kind(font)[0]
            self._font_kind_cache[font] = kind
        return kind

    def _prescan_legacy(self, body) -> None:
        """A document typed in a legacy font: convert even its ambiguous runs (see fix_legacy(force=))."""
        fonts = self.styles.fonts()
        ascii_attr, hansi_attr = w("ascii"), w("hAnsi")
        for rf in body.iter(_RFONTS):
            fonts.add(rf.get(ascii_attr) or "")
            fonts.add(rf.get(hansi_attr) or "")
        fonts.discard("")
        if not any(self._legacy_kind(f) for f in fonts):
            return
        text = " ".join(t.text or "" for t in body.iter(_T))
        self.legacy_force = looks_legacy(text, min_words=3)

    # -- paragraphs --

    def _segments(self, el, pstyle: str | None, segs: list, extras: list) -> None:
        """Collect text segments of a paragraph (or run container) in order; tracked deletions dropped."""
        for child in el:
            tag = child.tag
            if tag == _R:
                self._run(child, pstyle, segs, extras)
            elif tag in _RUN_CONTAINERS:
                if tag in (_INS, _MOVE_TO):
                    self.tracked = True
                self._segments(child, pstyle, segs, extras)
            elif tag in _DROPPED:
                self.tracked = True
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._segments(content, pstyle, segs, extras)
            elif tag == _ALT:
                chosen = child.find(_FALLBACK)
                if chosen is None:
                    chosen = child.find(_CHOICE)
                if chosen is not None:
                    self._segments(chosen, pstyle, segs, extras)

    def _run(self, r, pstyle: str | None, segs: list, extras: list) -> None:
        rpr = r.find(_RPR)
        if rpr is not None:
            direct = parse_rpr(rpr)
            cstyle = wval(rpr.find(_RSTYLE))
        else:
            direct, cstyle = EMPTY_PROPS, None
        base = self.styles.base_run_props(pstyle, cstyle)
        props = direct.over(base) if direct is not EMPTY_PROPS else base
        if props.hidden:
            return
        for child in r:
            tag = child.tag
            if tag == _T:
                text = child.text
                if len(child):  # unresolved entity references: keep the text around them, never expand
                    text = (text or "") + "".join(c.tail or "" for c in child)
                if text:
                    segs.append(_Seg(text, props))
            elif tag in (_TAB, _PTAB):
                segs.append(_Seg("\t", props))
            elif tag == _BR or tag == _CR:
                segs.append(_NEWLINE)
            elif tag == _NBH:
                segs.append(_Seg("-", props))
            elif tag == _SYM:
                code = child.get(w("char")) or ""
                try:
                    cp = int(code, 16)
                except ValueError:
                    continue
                if cp >= 0xF000:
                    cp -= 0xF000
                    if cp in (0xB7, 0xA7, 0xD8, 0x76, 0xFC, 0x6E, 0x71):  # Symbol/Wingdings bullets
                        segs.append(_Seg("-", props))
                    continue
                if 0x20 <= cp < 0xD800:
                    segs.append(_Seg(chr(cp), props))
            elif tag in (_DRAWING, _PICT, _OBJECT, _ALT):
                self._textboxes(child, extras)
            elif tag in _DROPPED:
                self.tracked = True

    def _textboxes(self, el, extras: list) -> None:
        """Text boxes inside a drawing: read once (mc:Choice and mc:Fallback hold the same text)."""
        if el.tag == _ALT:
            for branch in (el.find(_CHOICE), el.find(_FALLBACK)):
                if branch is not None and next(branch.iter(_TXBX), None) is not None:
                    el = branch
                    break
            else:
                return
        found = list(el.iter(_TXBX))
        for txbx in found:
            if not any(other is not txbx and txbx in other.iter(_TXBX) for other in found):
                extras.append(txbx)  # a text box inside another is read with its container

    def _numbering(self, ppr, pstyle: str | None) -> tuple[str | None, bool]:
        num_id, ilvl = self.styles.num_ref(ppr, pstyle)
        if not num_id or num_id == "0" or not self.numbering:
            return None, False
        return self.numbering.label(num_id, ilvl or 0)

    def _paragraph(self, p) -> list[Block]:
        """One w:p → blocks (one per line; the numbering label goes on the first)."""
        ppr = p.find(_PPR)
        pstyle = self.styles.para_style_id(ppr)
        segs: list = []
        extras: list = []
        if self._carry:
            segs.extend(self._carry)
            self._carry = None
        self._segments(p, pstyle, segs, extras)
        mark_deleted = False
        if ppr is not None:
            mark_rpr = ppr.find(_RPR)
            if mark_rpr is not None:
                if mark_rpr.find(_DEL) is not None:
                    mark_deleted = True
                    self.tracked = True
                elif mark_rpr.find(_INS) is not None:
                    self.tracked = True
        if mark_deleted:
            # Accepting the deletion of the paragraph mark joins this paragraph with the next one.
            self._carry = segs
            return self._extra_blocks(extras)
        label, is_bullet = self._numbering(ppr, pstyle)
        if label:
            self.labels += 1
        blocks = self._lines_to_blocks(segs, label, is_bullet, ppr, pstyle)
        position = self._p_index.get(p)
        for block in blocks:
            block.xml_paragraph = position
        blocks.extend(self._extra_blocks(extras))
        return blocks

    def _extra_blocks(self, extras: list) -> list[Block]:
        out: list[Block] = []
        for txbx in extras:
            for item in self._container(txbx):
                out.extend(_flatten_blocks(item))
        return out

    def _convert_legacy(self, segs: list) -> tuple[list, set[str]]:
        """Merge neighbouring runs with equal properties, convert legacy-font text; returns (segments, encodings)."""
        merged: list = []
        for seg in segs:
            if seg is not _NEWLINE and merged and merged[-1] is not _NEWLINE and merged[-1].props == seg.props:
                merged[-1] = _Seg(merged[-1].text + seg.text, seg.props)
            else:
                merged.append(seg)
        encodings: set[str] = set()
        for i, seg in enumerate(merged):
            if seg is _NEWLINE or (seg.text.isascii() and not seg.props.font and not seg.props.caps):
                continue
            text = seg.text
            if self._legacy_kind(seg.props.font):
                text, enc = fix_legacy(text, seg.props.font, force=self.legacy_force)
                if enc:
                    encodings.add(enc)
            if seg.props.caps:  # w:caps shows the text in capitals (after decoding: TCVN3 "ê" is not "Ê")
                text = text.upper()
            if text is not seg.text:
                merged[i] = _Seg(text, seg.props)
        return merged, encodings

    def _lines_to_blocks(self, segs: list, label: str | None, is_bullet: bool, ppr, pstyle) -> list[Block]:
        segs, encodings = self._convert_legacy(segs)
        lines: list[list[_Seg]] = [[]]
        for seg in segs:
            if seg is _NEWLINE:
                lines.append([])
            else:
                lines[-1].append(seg)
        align = self.styles.alignment(ppr, pstyle)
        heading = self.styles.heading_level(ppr, pstyle)
        blocks: list[Block] = []
        pieces: list[tuple[str, list[_Seg], set[str]]] = []
        for line in lines:
            raw = "".join(s.text for s in line)
            line_encs = set(encodings)
            if not any(self._legacy_kind(s.props.font) for s in line) and not raw.isascii():
                fixed, enc = fix_legacy(raw)  # no font hint: character statistics only
                if enc:
                    raw = fixed
                    line_encs.add(enc)
            pieces.extend((part, line, line_encs) for part in split_layout_gaps(raw))
        for li, (raw, line, line_encs) in enumerate(pieces):
            text = clean_text(raw).strip()
            this_label = label if li == 0 else None
            if this_label:
                if is_bullet and not text:
                    continue
                text = f"{this_label} {text}".strip()
            if not text:
                continue
            bold, italic, size = _hints(line)
            block = Block(
                text=text, bold=bold, italic=italic, align=align, size=size, label=this_label, heading_level=heading
            )
            blocks.append(block)
            for enc in line_encs:
                self._legacy_marks.append((block, enc))
        return blocks

    # -- containers and tables --

    def _container(self, el) -> list:
        """Block-level content of a body, cell or text box: Blocks and _Tables in order."""
        items: list = []
        for child in el:
            tag = child.tag
            if tag == _P:
                items.extend(self._paragraph(child))
            elif tag == _TBL:
                items.extend(self._flush_carry())
                items.append(self._table(child))
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    items.extend(self._container(content))
            elif tag in _BLOCK_CONTAINERS:
                if tag in (_INS, _MOVE_TO):
                    self.tracked = True
                items.extend(self._container(child))
            elif tag in _DROPPED:
                self.tracked = True
        items.extend(self._flush_carry())
        return items

    def _flush_carry(self) -> list[Block]:
        """A paragraph whose deleted mark has nothing to join with (a table or the end follows)."""
        if not self._carry:
            return []
        segs, self._carry = self._carry, None
        return self._lines_to_blocks(segs, None, False, None, self.styles.default_para)

    def _rows(self, tbl):
        for child in tbl:
            if child.tag == _TR:
                yield child
            elif child.tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    yield from self._rows(content)

    def _cells(self, tr):
        for child in tr:
            if child.tag == _TC:
                yield child
            elif child.tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    yield from self._cells(content)

    def _table(self, tbl) -> _Table:
        self.table_count += 1
        table = _Table(no=self.table_count)
        row_no = 0
        for tr in self._rows(tbl):
            trpr = tr.find(_TRPR)
            col = 1
            if trpr is not None:
                if trpr.find(_DEL) is not None:
                    self.tracked = True
                    continue
                if trpr.find(_INS) is not None:
                    self.tracked = True
                col += int_val(trpr.find(_GRIDBEFORE), 0) or 0
            row_no += 1
            cells: list[_Cell] = []
            for tc in self._cells(tr):
                tcpr = tc.find(_TCPR)
                span, continued = 1, False
                if tcpr is not None:
                    if tcpr.find(_CELL_DEL) is not None:
                        self.tracked = True
                        continue
                    if tcpr.find(_CELL_INS) is not None:
                        self.tracked = True
                    span = max(1, int_val(tcpr.find(_GRIDSPAN), 1) or 1)
                    vm = tcpr.find(_VMERGE)
                    continued = vm is not None and (vm.get(w("val")) or "continue") == "continue"
                    hm = tcpr.find(_HMERGE)
                    if hm is not None and (hm.get(w("val")) or "continue") == "continue" and cells:
                        cells[-1].span += span  # legacy horizontal merge: part of the cell on the left
                        col += span
                        continue
                cells.append(_Cell(row=row_no, col=col, span=span, continued=continued, items=self._container(tc)))
                col += span
            table.rows.append(cells)
            table.width = max(table.width, col - 1)
        return table

    # -- emission --

    def _emit(self, block: Block, zone: str = "body", table: str | None = None) -> int:
        block.zone = zone  # type: ignore[assignment]
        block.table = table
        self.blocks.append(block)
        return len(self.blocks)

    def _classify(self, table: _Table) -> str | None:
        """'header' for the national-motto table at the top, 'signature' for the Nơi nhận/signer table."""
        leaves = _leaf_cells(table)
        if not self.header_found and self.top_tables <= 2 and self.body_paragraphs <= 10 and len(table.rows) <= 6:
            for _, _, _, blocks in leaves:
                for b in blocks:
                    line = match_key(b.text)
                    if line.startswith(lexicon.national_openings()) or _NUMBER_LINE.match(line):
                        self.header_found = True
                        return "header"
        first_lines = [match_key(blocks[0].text) for _, _, _, blocks in leaves if blocks]
        if any(line.startswith(lexicon.tail_keys("recipients")) for line in first_lines):
            return "signature"
        if (
            len(table.rows) <= 3
            and self.body_paragraphs > 5
            and any(lexicon.authority_line().match(line) or _is_sign_title(line) for line in first_lines)
            and not task_tables.is_task_table(_matrix(table))
        ):
            return "signature"
        return None

    def _emit_table(self, table: _Table, top: bool) -> None:
        zone = self._classify(table) if top else None
        if top:
            self.top_tables += 1
        if zone == "header":
            self._emit_header(table)
        elif zone == "signature":
            self._emit_signature(table)
        else:
            self._emit_general(table)

    def _emit_header(self, table: _Table) -> None:
        leaves = _leaf_cells(table)
        # The right column starts at the cell holding the national motto; else split the grid in half.
        right_from = None
        for no, _row, col, blocks in leaves:
            if no == table.no and any(match_key(b.text).startswith(lexicon.national_openings()) for b in blocks):
                right_from = col if right_from is None else min(right_from, col)
        if right_from is None or right_from <= 1:
            right_from = table.width // 2 + 1 if table.width > 1 else 2
        order = []
        for i, (no, row, col, blocks) in enumerate(leaves):
            top_col = col if no == table.no else _enclosing_col(table, no, col)
            order.append((0 if top_col < right_from else 1, i, no, row, col, blocks))
        order.sort(key=lambda t: (t[0], t[1]))
        for _, _, no, row, col, blocks in order:
            for b in blocks:
                self._emit(b, "header", f"t{no}:r{row}:c{col}")

    def _emit_signature(self, table: _Table) -> None:
        leaves = _leaf_cells(table)
        recipients, signature = [], []
        for leaf in leaves:
            blocks = leaf[3]
            if blocks and match_key(blocks[0].text).startswith(lexicon.tail_keys("recipients")):
                recipients.append(leaf)
            else:
                signature.append(leaf)
        for no, row, col, blocks in recipients:
            for b in blocks:
                self._emit(b, "recipients", f"t{no}:r{row}:c{col}")
        for no, row, col, blocks in signature:
            for b in blocks:
                self._emit(b, "signature", f"t{no}:r{row}:c{col}")

    def _emit_general(self, table: _Table) -> None:
        grid: list[TableRow] = []
        for cells, texts in zip(table.rows, _matrix(table)):
            emitted: dict[int, list[Block]] = {}  # grid column -> blocks written in its cell (nested tables too)
            for cell in cells:
                if cell.continued:
                    continue
                for item in cell.items:
                    start = len(self.blocks)
                    if isinstance(item, _Table):
                        self._emit_table(item, top=False)
                    else:
                        self._emit(item, "table", f"t{table.no}:r{cell.row}:c{cell.col}")
                    emitted.setdefault(cell.col, []).extend(self.blocks[start:])
            grid.append(
                TableRow([TableCell(col=c, text=text, blocks=emitted.get(c, [])) for c, text in enumerate(texts, 1)])
            )
        self.tables.append(Table(id=f"t{table.no}", rows=grid))

    # -- driver --

    def run(self) -> Document:
        root = self.package.xml(self.package.main)
        body = root.find(w("body")) if root is not None else None
        if body is None:
            raise _fail(self.path, "damaged Word .docx file (word/document.xml has no w:body)")
        self._prescan_legacy(body)
        self._p_index = {p: i for i, p in enumerate(body.iter(_P))}
        for item in self._container_stream(body):
            if isinstance(item, _Table):
                self._emit_table(item, top=True)
            else:
                self._emit(item, "body")
                self.body_paragraphs += 1
        doc = Document(path=str(self.path), format="docx", blocks=self.blocks)
        for i, block in enumerate(self.blocks, start=1):
            block.paragraph = i
        if self.tracked:
            doc.warnings.append(("tracked_changes", "document has tracked changes; read as if all were accepted", None))
        self._legacy_warnings(doc)
        doc.tables = self.tables
        doc.meta.update({"tables": self.table_count, "numbering_labels": self.labels, "tracked_changes": self.tracked})
        if self.legacy_used:
            doc.meta["legacy_encoding"] = sorted(self.legacy_used)
        core = _core_properties(self.package)
        if core:
            doc.meta["core"] = core
        return doc

    def _container_stream(self, body):
        """Body items in order; tables are converted whole, paragraphs one at a time (counters stay in order)."""
        for child in body:
            tag = child.tag
            if tag == _P:
                yield from self._paragraph(child)
            elif tag == _TBL:
                yield from self._flush_carry()
                yield self._table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from self._container_stream(content)
            elif tag in _BLOCK_CONTAINERS:
                if tag in (_INS, _MOVE_TO):
                    self.tracked = True
                yield from self._container_stream(child)
            elif tag in _DROPPED:
                self.tracked = True
        yield from self._flush_carry()

    def _legacy_warnings(self, doc: Document) -> None:
        """One warning per run of consecutive blocks converted from the same legacy encoding."""
        if not self._legacy_marks:
            return
        converted: dict[int, set[str]] = {}
        for block, enc in self._legacy_marks:
            if block.paragraph is not None:
                converted.setdefault(block.paragraph, set()).add(enc)
        previous: tuple[int, str] | None = None
        for para in sorted(converted):
            for enc in sorted(converted[para]):
                self.legacy_used.add(enc)
                if previous is not None and previous[1] == enc and previous[0] == para - 1:
                    previous = (para, enc)
                    continue
                doc.warnings.append(("legacy_encoding", warning_message(enc), para))
                previous = (para, enc)


# --- helpers -------------------------------------------------------------------------------------------

_GAP = regex.compile(r"(?<=\S)(?:[ \u00a0]{4,}|[ \u00a0]*\t[ \t\u00a0]*)(?=\S)")
_LIST_START = regex.compile(r"^[-+•–]\s")


def split_layout_gaps(raw: str) -> list[str]:
    """Split a line where spaces or tabs stand in for a line break.

    Typists lay out two lines in one paragraph with a run of spaces ("ỦY BAN NHÂN DÂN        TỈNH LÀO CAI",
    "- Bộ Công an;          - Thường trực Tỉnh ủy;"). Split only where both sides are capitals of two words or
    more, or where a list item ending in ; , . is followed by a new item — never inside "ngày    tháng".
    """
    if "  " not in raw and "\t" not in raw:
        return [raw]
    parts: list[str] = []
    start = 0
    for m in _GAP.finditer(raw):
        left, right = raw[start : m.start()].strip(), raw[m.end() :].strip()
        if (
            _caps_words(left)
            and _caps_words(_until_gap(right))
            or (_LIST_START.match(right) and left.endswith((";", ",", ".")))
        ):
            parts.append(raw[start : m.start()])
            start = m.end()
    parts.append(raw[start:])
    return parts


def _until_gap(text: str) -> str:
    m = _GAP.search(text)
    return text[: m.start()] if m else text


def _caps_words(text: str) -> bool:
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and not any(ch.islower() for ch in text)


def _hints(line: list[_Seg]) -> tuple[bool | None, bool | None, float | None]:
    visible = [s for s in line if s.text.strip()]
    if not visible:
        return None, None, None
    bold = all(bool(s.props.bold) for s in visible)
    italic = all(bool(s.props.italic) for s in visible)
    sizes = {s.props.size for s in visible}
    size = sizes.pop() if len(sizes) == 1 else None
    return bold, italic, size


def _flatten_blocks(item) -> list[Block]:
    if isinstance(item, Block):
        return [item]
    out: list[Block] = []
    for cells in item.rows:
        for cell in cells:
            if not cell.continued:
                for sub in cell.items:
                    out.extend(_flatten_blocks(sub))
    return out


def _leaf_cells(table: _Table) -> list[tuple[int, int, int, list[Block]]]:
    """(table no, row, col, blocks) for every cell, nested tables' cells in place of the nesting cell's slot."""
    out: list[tuple[int, int, int, list[Block]]] = []
    for cells in table.rows:
        for cell in cells:
            if cell.continued:
                continue
            own: list[Block] = []
            for item in cell.items:
                if isinstance(item, _Table):
                    if own:
                        out.append((table.no, cell.row, cell.col, own))
                        own = []
                    out.extend(_leaf_cells(item))
                else:
                    own.append(item)
            if own:
                out.append((table.no, cell.row, cell.col, own))
    return out


def _enclosing_col(table: _Table, no: int, default: int) -> int:
    """Grid column of the top-level cell that holds nested table `no`."""
    for cells in table.rows:
        for cell in cells:
            if any(isinstance(it, _Table) and _contains_table(it, no) for it in cell.items):
                return cell.col
    return default


def _contains_table(table: _Table, no: int) -> bool:
    if table.no == no:
        return True
    return any(
        isinstance(it, _Table) and _contains_table(it, no) for cells in table.rows for c in cells for it in c.items
    )


def _cell_text(cell: _Cell) -> str:
    return "\n".join(b.text for item in cell.items for b in _flatten_blocks(item))


def _matrix(table: _Table) -> list[list[str]]:
    """Cell strings on the grid, merged cells repeated (gridSpan across, vMerge down)."""
    width = max(table.width, 1)
    out: list[list[str]] = []
    for cells in table.rows:
        row = [""] * width
        for cell in cells:
            start = cell.col - 1
            if start >= width:
                continue
            if cell.continued:
                value = out[-1][start] if out else ""
            else:
                value = _cell_text(cell)
            for c in range(start, min(start + cell.span, width)):
                row[c] = value
        out.append(row)
    return out


def _core_properties(package: Package) -> dict:
    """Title and subject (legacy fonts decoded) and the created/modified times in ISO 8601, UTC."""
    props = package.core_properties()
    out = {}
    for key in ("title", "subject"):
        if props.get(key):
            out[key] = clean_text(fix_legacy(props[key])[0]).strip()
    for key in ("created", "modified"):
        when = _w3cdtf(props.get(key))
        if when:
            out[key] = when
    return out


def _w3cdtf(value: str | None) -> str | None:
    """A W3CDTF time ("2026-03-17T02:13:00Z", "2026-03-17") as ISO 8601 in UTC; None when unreadable."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        for fmt in ("%Y-%m", "%Y"):
            try:
                when = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.isoformat()


# --- entry point ---------------------------------------------------------------------------------------


def read(path: Path) -> Document:
    path = Path(path)
    package = _open(path)
    try:
        return _Reader(path, package).run()
    except ReadError:
        raise
    except RecursionError:
        raise _fail(path, "document structure is nested too deeply to read") from None
    except Exception as exc:  # never a traceback for a bad file
        raise _fail(path, f"damaged or unsupported Word content ({type(exc).__name__}: {exc})") from None
    finally:
        package.close()
