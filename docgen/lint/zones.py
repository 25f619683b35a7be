"""Which part of the plan each paragraph of a .docx is: header, title, preamble, body, closing, recipients,
signature, appendix — read by extraction's own zoning (`extract.readers.docx`, `structure.layout`,
`header.parse_header`, `legal`, `tail.parse_tail`) and mapped back onto the OOXML paragraphs the linter edits.

One recognition for both tools: a plan the extractor reads right is linted right, and language data (Quốc hiệu,
signing prefixes, level words, type names) lives only in `extract/data`. Each zoned line says whether extraction
*recognised* it (a recipient it parsed, a signer line it read) or the linter only *guessed* it (a line next to
one); `--fix` acts on recognised lines only.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import regex

from extract import lexicon
from extract.agencies import looks_like_agency
from extract.blocks import Block, ReadError
from extract.header import parse_header
from extract.header_columns import header_zone, is_appendix, is_mark, is_subject, split_header
from extract.header_title import title_lines
from extract.legal import parse_legal_bases
from extract.model import Section
from extract.normalize import clean_text, match_key
from extract.structure import TAIL_START, Layout, layout
from extract.structure import Line as XLine
from extract.tail import parse_tail

from .. import nd30
from .docmodel import P_TAG, DocView, Line, Para, columns
from .package import LintError

_AUTHORITY_LINE = lexicon.authority_line()


class Zone(StrEnum):
    HEADER = "header"
    TITLE = "title"
    PREAMBLE = "preamble"
    BODY = "body"
    CLOSING = "closing"
    RECIPIENTS = "recipients"
    SIGNATURE = "signature"
    APPENDIX = "appendix"
    TABLE = "table"  # cells of data tables: the decree sets no typography for them
    NOTE = "note"  # centred notes between parts: "(Ban hành kèm theo …)", "Phụ lục 1"


@dataclass(slots=True)
class ZonedParagraph:
    """Lines of one OOXML paragraph with one role (a paragraph holding side-by-side columns may have several)."""

    para: Para
    zone: Zone
    role: str | None  # the nd30_rules.yaml element checked on these lines; None: no typography rule
    lines: list[Line]
    recognised: bool = True  # False: placed by position only; never reformatted by --fix


@dataclass
class Zoning:
    paragraphs: list[ZonedParagraph] = field(default_factory=list)
    party: bool = False  # a Party header (ĐẢNG CỘNG SẢN VIỆT NAM): the State header rules do not apply
    has_header: bool = False  # a number, an issuing body or a type name was found: Quốc hiệu is expected
    attachment: bool = False  # an appendix filed on its own (no Quốc hiệu by design)
    _by_para: dict[int, Zone] | None = field(default=None, repr=False)

    def role(self, name: str) -> list[ZonedParagraph]:
        return [z for z in self.paragraphs if z.role == name]

    def zone_of(self, para: Para) -> Zone | None:
        if self._by_para is None:
            self._by_para = {}
            for z in self.paragraphs:
                self._by_para.setdefault(id(z.para), z.zone)
        return self._by_para.get(id(para))

    def in_zone(self, *zones: Zone) -> list[ZonedParagraph]:
        return [z for z in self.paragraphs if z.zone in zones]


# ------------------------------------------------------------------------------------------------ reading


def read_blocks(view: DocView, path: str | Path | None) -> list[Block]:
    """The extractor's blocks of this package (the reader works on a file: bytes go through a temporary one)."""
    from extract.readers.docx import read

    try:
        if path is not None and Path(path).is_file():
            return read(Path(path)).blocks
        fd, tmp = tempfile.mkstemp(suffix=".docx")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(view.pkg.original_bytes())
            return read(Path(tmp)).blocks
        finally:
            os.unlink(tmp)
    except ReadError as exc:
        raise LintError(f"{view.pkg.name}: {exc.problem}") from None


# ------------------------------------------------------------------------------------------------ zoning

_PAREN_NOTE = regex.compile(r"^\s*[(\[].*[)\]]\s*\.?\s*$")
# "Lâm Đồng, 05/01/2026": a place and a date in figures, which the decree does not allow but a header has.
_NUMERIC_DATE = regex.compile(r"^[^,\d]{2,60},\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}\s*$")


@dataclass(slots=True)
class _Mark:
    """One extracted line with the zone and role the linter gives it."""

    line: XLine
    zone: Zone
    role: str | None
    recognised: bool = True


def zone_document(view: DocView, path: str | Path | None, rules: nd30.Rules | None = None) -> Zoning:
    """Run extraction's zoning over the package and map every extracted line to its OOXML paragraph."""
    r = rules or nd30.rules()
    blocks = read_blocks(view, path)
    for b in blocks:
        b.text = clean_text(b.text)
    file = view.pkg.name
    lay = layout(blocks, file)
    zoning = Zoning()
    marks: list[_Mark] = []
    _header_marks(lay, file, r, zoning, marks)
    _title_marks(lay, marks)
    _preamble_marks(lay, file, r, marks)
    _body_marks(lay, marks)
    marks.extend(_Mark(ln, Zone.CLOSING, "body") for ln in lay.closing if ln.block.zone == "body")
    _tail_marks(lay, file, marks)
    if zoning.attachment:
        # An appendix filed on its own: its label, title and reference are checked as an appendix's; the rest is
        # the appendix's content, which the decree gives no body typography.
        for m in marks:
            if m.zone != Zone.TABLE:
                m.zone, m.role = Zone.APPENDIX, None
        _appendix_roles(marks)
    zoning.paragraphs = _to_paragraphs(view, marks)
    return zoning


def _header_marks(lay: Layout, file: str, r: nd30.Rules, zoning: Zoning, marks: list[_Mark]) -> None:
    zone = header_zone(lay)
    if lay.type_line is None and zone and is_appendix(zone[0].text):
        zoning.attachment = True
        marks.extend(_Mark(ln, Zone.NOTE, None) for ln in zone)
        return
    header = parse_header(lay, file, [])
    zoning.has_header = bool(lay.type_line or header.number_symbol or header.issuing_body)
    qh_key = match_key(r.element("national_title").text or "")
    motto_key = match_key(r.element("motto").text or "")
    issuing = header.sources.get("issuing_body")
    issuing_start = issuing.start if issuing is not None and "issuing_body" not in header.inferred else None
    pieces = split_header(zone)
    number_at = next((p.line.start for p in pieces if p.kind == "number"), None)
    issuing_line = next((p.line for p in pieces if issuing_start is not None and p.line.start == issuing_start), None)
    issuing_column = _column(issuing_line) if issuing_line is not None else None
    for k, piece in enumerate(pieces):
        line = piece.line
        if piece.kind == "national":
            key = match_key(line.text)
            role = "national_title" if key == qh_key else "motto" if key == motto_key else None
            if role is None:
                zoning.party = True
            marks.append(_Mark(line, Zone.HEADER, role))
        elif piece.kind == "number":
            marks.append(_Mark(line, Zone.HEADER, "number_symbol"))
        elif piece.kind == "place_date":
            marks.append(_Mark(line, Zone.HEADER, "place_date"))
        elif piece.kind != "text" or is_mark(line.text) or is_subject(line.text):
            marks.append(_Mark(line, Zone.HEADER, None))
        elif _NUMERIC_DATE.match(line.text):
            marks.append(_Mark(line, Zone.HEADER, "place_date", recognised=False))
        elif _upper(line.text) and issuing_start is not None:
            body = "governing_body" if line.start < issuing_start else "issuing_body"
            marks.append(_Mark(line, Zone.HEADER, body))
        elif (
            issuing_column is not None
            and _column(line) == issuing_column
            and (number_at is None or line.start < number_at)
        ):
            # A body's line not in capitals (a case error the extractor does not read as a body), in the column
            # of the bodies above the number: it belongs to the body written under it.
            after = line.start >= issuing_start or any(
                q.kind == "text" and _upper(q.line.text) and q.line.start >= issuing_start
                for q in pieces[k + 1 : k + 2]
            )
            marks.append(_Mark(line, Zone.HEADER, "issuing_body" if after else "governing_body", recognised=False))
        else:
            marks.append(_Mark(line, Zone.HEADER, None))


def _column(line: XLine) -> str | None:
    """The header-table column a line was read from ("t1:r1:c1" → "t1:c1"); None outside a table."""
    cell = line.block.table
    if not cell:
        return None
    table, _, rest = cell.partition(":r")
    return f"{table}:c{rest.partition(':c')[2]}"


def _upper(text: str) -> bool:
    from extract.structure import is_upper_text

    return is_upper_text(text)


def _title_marks(lay: Layout, marks: list[_Mark]) -> None:
    if lay.type_line is not None:
        marks.append(_Mark(lay.type_line, Zone.TITLE, "type_name"))
    else:
        # A type name not in capitals (the extractor reads only capitals as one): a centred line that is
        # exactly a type name, near the top.
        types = {k for words in lexicon.read_doc_types().values() for k in words}
        taken = {id(m.line) for m in marks}
        guess = next(
            (
                ln
                for ln in lay.lines[:30]
                if id(ln) not in taken and ln.block.align == "center" and match_key(ln.text).rstrip(":") in types
            ),
            None,
        )
        if guess is not None:
            marks.append(_Mark(guess, Zone.TITLE, "type_name", recognised=False))
        return
    summary = {id(ln) for ln in title_lines(lay.title)}
    ended = False
    for ln in lay.title:
        # A trích yếu is set centred (its first line at least bold): a justified line the layout took into a
        # title that did not end in punctuation is the text under it.
        centred = ln.block.align in (None, "center")
        ended = ended or not (centred or (ln is lay.title[0] and ln.block.bold))
        if ended:
            marks.append(_Mark(ln, Zone.PREAMBLE, "body"))
        elif id(ln) in summary and not _PAREN_NOTE.match(ln.text):
            marks.append(_Mark(ln, Zone.TITLE, "summary"))
        else:
            marks.append(_Mark(ln, Zone.NOTE, None))


def _is_note(line: XLine) -> bool:
    """A centred note between parts: a parenthesised remark or an appendix label standing alone."""
    if line.block.align != "center" or len(line.text) > 200:
        return False
    return bool(_PAREN_NOTE.match(line.text)) or is_appendix(line.text)


def _preamble_marks(lay: Layout, file: str, r: nd30.Rules, marks: list[_Mark]) -> None:
    """Legal bases are the lines extraction reads as citing a document and that open with the decree's
    'Căn cứ' ("Căn cứ chức năng, nhiệm vụ …" cites none; "Thực hiện Quyết định …" is an opening sentence)."""
    lead = match_key(r.raw["elements"]["legal_basis"].get("lead") or "")
    bases = {
        lb.source.start
        for lb in parse_legal_bases(lay.preamble, file)
        if lb.source is not None and lb.source.start is not None
    }
    taken = {id(m.line) for m in marks}
    for ln in lay.preamble:
        if id(ln) in taken:
            continue
        if _is_note(ln):
            marks.append(_Mark(ln, Zone.NOTE, None))
        elif match_key(ln.text).startswith("kính gửi"):
            marks.append(_Mark(ln, Zone.PREAMBLE, "addressee"))
        elif any(ln.start <= s < ln.end for s in bases) and match_key(ln.text).startswith(lead):
            marks.append(_Mark(ln, Zone.PREAMBLE, "legal_basis"))
        else:
            marks.append(_Mark(ln, Zone.PREAMBLE, "body"))


def _section_starts(sections: list[Section]) -> dict[int, Section]:
    out: dict[int, Section] = {}
    stack = list(sections)
    while stack:
        sec = stack.pop()
        if sec.style not in ("none", "root") and sec.source.start is not None:
            out[sec.source.start] = sec
        stack.extend(sec.children)
    return out


def _body_marks(lay: Layout, marks: list[_Mark]) -> None:
    taken = {id(m.line) for m in marks} | {id(ln) for ln in lay.closing + lay.tail}
    starts = _section_starts(lay.sections)
    for ln in lay.lines:
        if id(ln) in taken or ln.block.zone in ("header", "signature", "recipients"):
            continue
        if ln.block.zone == "table":
            marks.append(_Mark(ln, Zone.TABLE, None))
            continue
        if _is_note(ln):
            marks.append(_Mark(ln, Zone.NOTE, None))
            continue
        if is_subject(ln.text):  # a letter's "V/v …", which the layout reads as a Roman-numbered part
            marks.append(_Mark(ln, Zone.TITLE, None))
            continue
        sec = starts.get(ln.start)
        if sec is None:
            marks.append(_Mark(ln, Zone.BODY, "body"))
        elif sec.level == 1 and sec.style == "roman":
            marks.append(_Mark(ln, Zone.BODY, "heading_part"))
        else:
            marks.append(_Mark(ln, Zone.BODY, "heading"))


def _tail_marks(lay: Layout, file: str, marks: list[_Mark]) -> None:
    if not lay.tail:
        return
    recipients, signer = parse_tail(lay.tail, file)
    rec_starts = {rc.source.start for rc in recipients if rc.source is not None}
    sig_lines = {match_key(t) for t in signer.lines}
    name_key = match_key(signer.name) if signer.name else None
    sig_end = signer.source.end if signer.source is not None and signer.source.end is not None else -1
    rec_end = max((rc.source.end or 0 for rc in recipients if rc.source is not None), default=-1)
    last = max(sig_end, rec_end)
    taken = {id(m.line) for m in marks}
    guessed_name = _name_in_capitals(lay.tail, signer.lines, signer.title) if signer.name is None else None
    for ln in lay.tail:
        if id(ln) in taken:
            continue
        key = match_key(ln.text)
        if ln.block.zone == "table":
            marks.append(_Mark(ln, Zone.TABLE, None))
        elif TAIL_START.match(ln.text.strip()):
            marks.append(_Mark(ln, Zone.RECIPIENTS, "recipients_heading"))
            marks.extend(_beside(ln, signer.lines, signer.name))
        elif ln.start in rec_starts:
            marks.append(_Mark(ln, Zone.RECIPIENTS, "recipients"))
            marks.extend(_beside(ln, signer.lines, signer.name))
        elif key in sig_lines and ln is not guessed_name:
            marks.append(_Mark(ln, Zone.SIGNATURE, "signature_authority"))
        elif ln is guessed_name:
            marks.append(_Mark(ln, Zone.SIGNATURE, "signer_name", recognised=False))
        elif name_key is not None and key == name_key:
            marks.append(_Mark(ln, Zone.SIGNATURE, "signer_name"))
        elif ln.start >= last:
            marks.append(_Mark(ln, Zone.APPENDIX, None))
        elif ln.block.zone == "recipients":
            marks.append(_Mark(ln, Zone.RECIPIENTS, "recipients", recognised=False))
        elif _AUTHORITY_LINE.match(ln.text):
            marks.append(_Mark(ln, Zone.SIGNATURE, "signature_authority", recognised=False))
        else:
            marks.append(_Mark(ln, Zone.SIGNATURE, None, recognised=False))
    _appendix_roles(marks)


def _beside(line: XLine, titles: list[str], name: str | None) -> list[_Mark]:
    """A signature line laid beside a recipients line in the same paragraph ('- Sở Tài chính;<tabs>PHÓ CHỦ
    TỊCH'): a mark of its own over the end of the line, so the two columns are checked by their own rules."""
    key = match_key(line.text)
    out = []
    for text, role in [(t, "signature_authority") for t in titles] + [(name, "signer_name")] * bool(name):
        tkey = match_key(text or "")
        if tkey and key != tkey and key.endswith(" " + tkey):
            part = XLine(text=text, start=line.end - len(text), block=line.block)
            out.append(_Mark(part, Zone.SIGNATURE, role))
    return out


def _name_in_capitals(tail: list[XLine], lines: list[str], title: str | None) -> XLine | None:
    """The signer's name written in capitals, which the tail parser keeps as one more title line: the last
    signature line, when it is neither the title, an authority line, an office nor an agency."""
    if len(lines) < 2 or lines[-1] == title or _AUTHORITY_LINE.match(lines[-1]):
        return None
    key = match_key(lines[-1])
    if looks_like_agency(lines[-1]) or any(
        t in key.split() or t in key for t in lexicon.key_list("vocab", "officer_titles")
    ):
        return None
    if not 2 <= len(key.split()) <= 6:
        return None
    return next((ln for ln in reversed(tail) if match_key(ln.text) == key), None)


def _appendix_roles(marks: list[_Mark]) -> None:
    """In an appendix after the signature: its label ('Phụ lục I'), the centred title lines under it and the
    '(Kèm theo …)' reference."""
    i = 0
    while i < len(marks):
        m = marks[i]
        if m.zone == Zone.APPENDIX and is_appendix(m.line.text.split(":")[0].strip()) and len(m.line.text) <= 80:
            m.role = "appendix_label"
            j = i + 1
            while j < len(marks) and j <= i + 4 and marks[j].zone == Zone.APPENDIX:
                text = marks[j].line.text
                if text.lstrip().startswith("(") and "kèm theo" in match_key(text)[:40]:
                    marks[j].role = "appendix_reference"
                    break
                if marks[j].line.block.align != "center" or marks[j].line.style is not None:
                    break
                marks[j].role = "appendix_title"
                j += 1
            i = j
        i += 1


# ------------------------------------------------------------------------------------------------ mapping


def _pieces(para: Para, split: bool) -> list[Line]:
    """The non-empty lines of a paragraph; with `split`, cut where tabs or long runs of spaces lay two columns
    side by side (a draft's blank "Số:      /KH-UBND" is one piece unless two roles share the line)."""
    out: list[Line] = []
    for ln in para.lines():
        if split:
            out.extend(columns(ln))
        elif ln.stripped:
            out.append(ln)
    return out


def _to_paragraphs(view: DocView, marks: list[_Mark]) -> list[ZonedParagraph]:
    """Each mark on the OOXML lines it was read from; paragraphs no mark reached (a sentence the extractor
    joined to the one above) take the zone and role of the paragraph before them, as guesses."""
    by_el = {id(p.el): p for p in view.paras}
    position = {i: by_el.get(id(el)) for i, el in enumerate(view.body.iter(P_TAG))}
    per_para: dict[int, list[_Mark]] = {}
    order: list[Para] = []
    for m in marks:
        para = position.get(m.line.block.xml_paragraph) if m.line.block.xml_paragraph is not None else None
        if para is None:
            continue
        if id(para) not in per_para:
            per_para[id(para)] = []
            order.append(para)
        per_para[id(para)].append(m)
    out: list[ZonedParagraph] = []
    previous: ZonedParagraph | None = None
    for para in view.paras:
        ms = per_para.get(id(para))
        if not ms:
            if previous is not None and para.text.strip() and para.table_key == previous.para.table_key:
                # a line of dots or dashes (a draft's blank for the signer, a rule) has no typography to check
                role = previous.role if any(c.isalnum() for c in para.text) else None
                zp = ZonedParagraph(para, previous.zone, role, _pieces(para, False), recognised=False)
                out.append(zp)
                previous = zp
            continue
        for zp in _assign(para, ms):
            out.append(zp)
            previous = zp
    return out


def _assign(para: Para, marks: list[_Mark]) -> list[ZonedParagraph]:
    """Give each mark the paragraph piece holding its text (by match key, else by order): whole lines first,
    side-by-side columns when two marks share a line."""
    if len(marks) == 1:
        m = marks[0]
        return [ZonedParagraph(para, m.zone, m.role, _pieces(para, False), m.recognised)]
    groups = _match(marks, _pieces(para, False)) or _match(marks, _pieces(para, True), strict=False) or []
    return [ZonedParagraph(para, m.zone, m.role, lines, m.recognised) for m, lines in groups if lines]


def _match(marks: list[_Mark], pieces: list[Line], strict: bool = True) -> list[tuple[_Mark, list[Line]]] | None:
    """Pieces for each mark; None when `strict` and a mark finds no piece holding its text."""
    used: set[int] = set()
    groups: list[tuple[_Mark, list[Line]]] = []
    for m in marks:
        key = match_key(m.line.text)
        hit = [
            i
            for i, pc in enumerate(pieces)
            if i not in used and (pk := match_key(pc.text)) and (pk in key or key in pk)
        ][:1]
        if not hit:
            if strict:
                return None
            hit = [i for i in range(len(pieces)) if i not in used][:1]
        used.update(hit)
        groups.append((m, [pieces[i] for i in hit]))
    # pieces no mark took stay with the mark before them
    for i, pc in enumerate(pieces):
        if i not in used and groups:
            before = [g for g in groups if g[1] and pieces.index(g[1][0]) < i] or groups[:1]
            before[-1][1].append(pc)
    return groups
