"""Write a `DocSpec` as an ND30-formatted .docx.

python-docx provides the package (parts, relationships, header parts); the body is generated as WordprocessingML
text (fast, with child elements in schema order) and parsed once. Every size, margin and spacing comes from
`docgen.nd30.rules()`.

Layout: A4, margins from the rules; the rule font in every font slot of the document defaults and all styles
(theme fonts removed); vi-VN language; the header as a borderless 2×2 table (bodies | Quốc hiệu + Tiêu ngữ,
number | place and date) with short rules drawn as bottom borders of thin paragraphs whose indents give the
rule its length; numbering written as text; page numbers in the top margin from page 2 (w:titlePg with an empty
first-page header); signature and Nơi nhận side by side in a borderless table; each appendix in its own section
(landscape for wide tables) with page numbers restarting at 1.

Tracked changes (spec <ins>/<del>, change="ins|del") become Word revisions by REVISION_AUTHOR: w:ins / w:del
around the runs (w:delText inside deleted runs) and, for a whole inserted or deleted paragraph, its paragraph mark
marked too (w:pPr/w:rPr/w:ins|w:del), so "accept all" gives the new text and "reject all" the old one.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from extract.ooxml.ns import nsdecls, qn

from .. import nd30
from . import spec as S

_ROMAN_LABEL = re.compile(r"[IVXLC]+\.")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REVISION_AUTHOR = "kehoach"


def _esc(text: str) -> str:
    return _xml_escape(_INVALID_XML.sub("", text), {'"': "&quot;"})


def _attr(text: str) -> str:
    return _esc(text)


# ---------------------------------------------------------------------------------------------- base document


def _rfonts_xml(name: str) -> str:
    n = _attr(name)
    return f'<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}"/>'


def _fix_rfonts(el, rules: nd30.Rules) -> None:
    """Set all four slots to the rule font and drop theme-font attributes on one w:rFonts."""
    for attr in rules.font_theme_attributes:
        el.attrib.pop(qn(f"w:{attr}"), None)
    for slot in rules.font_slots:
        el.set(qn(f"w:{slot}"), rules.font_name)


@lru_cache(maxsize=1)
def _base_document_bytes() -> bytes:
    """python-docx's default package with ND30 defaults: built once per process, then reloaded from bytes."""
    from docx import Document
    from docx.oxml import parse_xml

    r = nd30.rules()
    body_size = nd30.pt_to_half_points(r.element("body").size.chosen)
    doc = Document()
    styles = doc.styles.element

    # document defaults: font in every slot, size, language, colour, no paragraph spacing
    for old in styles.findall(qn("w:docDefaults")):
        styles.remove(old)
    lang = _attr(r.lang)
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_rfonts_xml(r.font_name)}"
        f'<w:color w:val="{r.font_color}"/><w:sz w:val="{body_size}"/><w:szCs w:val="{body_size}"/>'
        f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{lang}"/></w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f"</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles.insert(0, defaults)

    # every style: explicit font slots, no theme fonts
    for rfonts in styles.iter(qn("w:rFonts")):
        _fix_rfonts(rfonts, r)
    normal = doc.styles["Normal"].element
    rpr = normal.get_or_add_rPr()
    if rpr.find(qn("w:rFonts")) is None:
        rpr.insert(0, parse_xml(f"<w:rFonts {nsdecls('w')}/>"))
    _fix_rfonts(rpr.find(qn("w:rFonts")), r)
    for sz_tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(sz_tag))
        if el is None:
            el = parse_xml(f"<{sz_tag} {nsdecls('w')}/>")
            rpr.append(el)
        el.set(qn("w:val"), str(body_size))

    # theme fonts (in case another program resolves a theme reference) and the theme font language
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            blob = part.blob.decode("utf-8")
            blob = re.sub(r'(<a:(?:latin) typeface=")[^"]*(")', rf"\g<1>{r.font_name}\g<2>", blob)
            part._blob = blob.encode("utf-8")
        elif rel.reltype.endswith("/stylesWithEffects"):
            part = rel.target_part
            blob = part.blob.decode("utf-8")
            blob = re.sub(r"<w:rFonts\b[^>]*/>", _rfonts_xml(r.font_name), blob)
            part._blob = blob.encode("utf-8")
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), r.lang)
        tfl.set(qn("w:eastAsia"), r.lang)

    doc.core_properties.language = r.lang
    doc.core_properties.author = "kehoach"
    doc.core_properties.comments = ""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- the writer


class _Writer:
    """Builds WordprocessingML text for the body from the spec elements."""

    def __init__(self, rules: nd30.Rules, revision_date: str | None = None):
        self.r = rules
        self.rev_id = 0
        self.keep_with_signature = False  # set for the one paragraph before the signature block
        self.rev_date = revision_date or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.lay = rules.layout
        e = rules.elements
        self.hp = {name: nd30.pt_to_half_points(el.size.chosen) for name, el in e.items()}
        b = rules.body
        self.body_spacing = (
            f'<w:spacing w:before="{nd30.pt_to_twips(b.spacing_before_pt)}" '
            f'w:after="{nd30.pt_to_twips(b.spacing_after_pt)}" '
            f'w:line="{round(b.line_multiple.chosen * 240)}" w:lineRule="auto"/>'
        )
        self.first_indent = f'<w:ind w:firstLine="{b.first_line_indent_twips}"/>'
        m = rules.margins
        self.portrait_text_twips = rules.paper.width_twips - m["left"].chosen_twips - m["right"].chosen_twips
        lm = rules.landscape_margins
        self.landscape_text_twips = rules.paper.height_twips - lm["left"].chosen_twips - lm["right"].chosen_twips
        self.text_twips = self.portrait_text_twips
        rule = self.lay["rule"]
        self.rule_sz = int(rule["width_eighths_pt"])
        self.rule_line = nd30.pt_to_twips(rule["line_pt"])
        self.rule_mark = nd30.pt_to_half_points(rule["mark_size_pt"])
        self.rule_min = nd30.mm_to_twips(rule["min_length_mm"])

    # -- primitives ---------------------------------------------------------------------------------------

    def rev_attrs(self) -> str:
        """w:id, w:author and w:date of a new revision (ids unique in the document)."""
        self.rev_id += 1
        return f'w:id="{self.rev_id}" w:author="{REVISION_AUTHOR}" w:date="{_attr(self.rev_date)}"'

    def mark(self, change: str | None) -> str:
        """The revision mark of a paragraph mark, for w:pPr/w:rPr (empty when unchanged)."""
        return f"<w:{change} {self.rev_attrs()}/>" if change in S.CHANGES else ""

    def run(
        self,
        text: str,
        hp: int,
        bold: bool = False,
        italic: bool = False,
        change: str | None = None,
        mark: bool = False,
    ) -> str:
        if not text:
            return ""
        props = []
        if bold:
            props.append("<w:b/><w:bCs/>")
        if italic:
            props.append("<w:i/><w:iCs/>")
        props.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
        if mark:
            props.append('<w:highlight w:val="yellow"/>')
        rpr = "<w:rPr>" + "".join(props) + "</w:rPr>"
        parts = []
        for i, chunk in enumerate(text.split("\n")):
            if i:
                parts.append("<w:br/>")
            for j, piece in enumerate(chunk.split("\t")):
                if j:
                    parts.append("<w:tab/>")
                if piece:
                    parts.append(f'<w:t xml:space="preserve">{_esc(piece)}</w:t>')
        content = "".join(parts)
        if change == "del":
            content = content.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
        xml = f"<w:r>{rpr}{content}</w:r>"
        if change in S.CHANGES:
            xml = f"<w:{change} {self.rev_attrs()}>{xml}</w:{change}>"
        return xml

    def runs(
        self, runs: list[S.Run], hp: int, bold: bool = False, italic: bool = False, change: str | None = None
    ) -> str:
        """Runs; `change` (a whole inserted/deleted paragraph) applies to runs without their own."""
        return "".join(
            self.run(r.text, hp, bold or r.bold, italic or r.italic, r.change or change, r.mark) for r in runs
        )

    @staticmethod
    def ppr(
        *,
        keep_next=False,
        border=False,
        spacing="",
        ind="",
        jc=None,
        outline=None,
        mark_hp=None,
        sz_eighths=None,
        mark="",
    ) -> str:
        out = ["<w:pPr>"]
        if keep_next:
            out.append("<w:keepNext/>")
        if border:
            out.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{sz_eighths}" w:space="1" w:color="000000"/></w:pBdr>')
        out.append(spacing)
        out.append(ind)
        if jc:
            out.append(f'<w:jc w:val="{jc}"/>')
        if outline is not None:
            out.append(f'<w:outlineLvl w:val="{outline}"/>')
        if mark_hp is not None:
            out.append(f'<w:rPr>{mark}<w:sz w:val="{mark_hp}"/><w:szCs w:val="{mark_hp}"/></w:rPr>')
        elif mark:
            out.append(f"<w:rPr>{mark}</w:rPr>")
        out.append("</w:pPr>")
        return "".join(out)

    @staticmethod
    def spacing(before_pt: float = 0, after_pt: float = 0, line: float = 1.0) -> str:
        return (
            f'<w:spacing w:before="{nd30.pt_to_twips(before_pt)}" w:after="{nd30.pt_to_twips(after_pt)}" '
            f'w:line="{round(line * 240)}" w:lineRule="auto"/>'
        )

    def para(self, content: str, ppr: str) -> str:
        return f"<w:p>{ppr}{content}</w:p>"

    def rule_para(self, length_twips: int, area_twips: int, space_after_pt: float = 0) -> str:
        """A thin paragraph whose bottom border is a centred rule `length_twips` long."""
        length = max(min(length_twips, area_twips), min(self.rule_min, area_twips))
        side = max((area_twips - length) // 2, 0)
        ppr = self.ppr(
            border=True,
            sz_eighths=self.rule_sz,
            spacing=f'<w:spacing w:before="0" w:after="{nd30.pt_to_twips(space_after_pt)}" '
            f'w:line="{self.rule_line}" w:lineRule="exact"/>',
            ind=f'<w:ind w:left="{side}" w:right="{side}" w:firstLine="0"/>',
            jc="center",
            mark_hp=self.rule_mark,
        )
        return f"<w:p>{ppr}</w:p>"

    def text_width_twips(self, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
        return nd30.pt_to_twips(nd30.text_width_pt(text, size_pt, bold=bold, italic=italic))

    # -- tables ------------------------------------------------------------------------------------------

    def table(
        self, widths: list[int], rows_xml: list[str], *, borders: bool, cell_margin_twips: int, jc: str | None = None
    ) -> str:
        total = sum(widths)
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        if borders:
            sz = self.lay["table"]["border_eighths_pt"]
            edge = f'<w:{{0}} w:val="single" w:sz="{sz}" w:space="0" w:color="000000"/>'
        else:
            edge = '<w:{0} w:val="nil"/>'
        border = "<w:tblBorders>" + "".join(edge.format(s) for s in sides) + "</w:tblBorders>"
        tbl_jc = f'<w:jc w:val="{jc}"/>' if jc else ""
        tblpr = (
            f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>{tbl_jc}<w:tblInd w:w="0" w:type="dxa"/>{border}'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            f'<w:left w:w="{cell_margin_twips}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            f'<w:right w:w="{cell_margin_twips}" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        )
        grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
        return f"<w:tbl>{tblpr}{grid}{''.join(rows_xml)}</w:tbl>"

    @staticmethod
    def cell(width: int, paragraphs_xml: str, *, span: int = 1, valign: str | None = None) -> str:
        span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        v = f'<w:vAlign w:val="{valign}"/>' if valign else ""
        if not paragraphs_xml:
            paragraphs_xml = "<w:p/>"
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{v}</w:tcPr>{paragraphs_xml}</w:tc>'

    @staticmethod
    def row(cells_xml: str, *, header: bool = False, cant_split: bool = True) -> str:
        props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
        trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
        return f"<w:tr>{trpr}{cells_xml}</w:tr>"

    # -- elements ------------------------------------------------------------------------------------------

    def header(self, h: S.Header) -> str:
        r, lay = self.r, self.lay["header_table"]
        left = nd30.mm_to_twips(lay["left_width_mm"])
        right = nd30.mm_to_twips(lay["right_width_mm"])
        margin = nd30.mm_to_twips(lay["cell_margin_mm"])
        hs = self.spacing(0, 0, self.lay["header_line_spacing"])
        el = r.elements
        iss, qh, tn = el["issuing_body"], el["national_title"], el["motto"]

        left_xml = []
        for line in h.governing:
            left_xml.append(
                self.para(self.run(line, self.hp["governing_body"], bold=False), self.ppr(spacing=hs, jc="center"))
            )
        for line in h.issuing:
            left_xml.append(
                self.para(self.run(line, self.hp["issuing_body"], bold=True), self.ppr(spacing=hs, jc="center"))
            )
        if h.issuing:
            longest = max(self.text_width_twips(x, iss.size.chosen, bold=True) for x in h.issuing)
            left_xml.append(self.rule_para(round(longest * iss.rule_ratio.chosen), left - 2 * margin))

        national = h.national_title or qh.text or ""
        motto = h.motto or tn.text or ""
        right_xml = [
            self.para(self.run(national, self.hp["national_title"], bold=True), self.ppr(spacing=hs, jc="center")),
            self.para(self.run(motto, self.hp["motto"], bold=True), self.ppr(spacing=hs, jc="center")),
        ]
        motto_len = self.text_width_twips(motto, tn.size.chosen, bold=True)
        right_xml.append(self.rule_para(round(motto_len * tn.rule_ratio.chosen), right - 2 * margin))

        row2_space = self.spacing(self.lay["header_row2_space_before_pt"], 0, self.lay["header_line_spacing"])
        number_xml = self.para(
            self.run(h.number_symbol, self.hp["number_symbol"]), self.ppr(spacing=row2_space, jc="center")
        )
        date_xml = self.para(
            self.run(h.place_date, self.hp["place_date"], italic=True), self.ppr(spacing=row2_space, jc="center")
        )
        rows = [
            self.row(self.cell(left, "".join(left_xml)) + self.cell(right, "".join(right_xml))),
            self.row(self.cell(left, number_xml) + self.cell(right, date_xml)),
        ]
        return self.table([left, right], rows, borders=False, cell_margin_twips=margin)

    def type_name(self, t: S.TypeName) -> str:
        sp = self.spacing(self.lay["type_name_space_before_pt"], 0, 1.0)
        return self.para(
            self.run(t.text, self.hp["type_name"], bold=True), self.ppr(keep_next=True, spacing=sp, jc="center")
        )

    def summary(self, s: S.Summary) -> str:
        el = self.r.element("summary")
        sp = self.spacing(0, 0, 1.0)
        out = []
        for i, line in enumerate(s.lines):
            tracked = s.tracked[i] if i < len(s.tracked) else None
            content = (
                self.runs(tracked, self.hp["summary"], bold=True)
                if tracked
                else self.run(line, self.hp["summary"], bold=True)
            )
            out.append(self.para(content, self.ppr(keep_next=True, spacing=sp, jc="center")))
        longest = max((self.text_width_twips(x, el.size.chosen, bold=True) for x in s.lines), default=0)
        longest = min(longest, self.text_twips)
        out.append(
            self.rule_para(
                round(longest * el.rule_ratio.chosen),
                self.text_twips,
                space_after_pt=self.lay["summary_space_after_pt"],
            )
        )
        return "".join(out)

    def addressee(self, a: S.Addressee) -> str:
        sp = self.body_spacing
        return self.para(self.runs(a.runs, self.hp["addressee"]), self.ppr(spacing=sp, jc="center"))

    def body_ppr(
        self, *, indent: bool = True, jc: str = "both", keep_next: bool = False, outline=None, change: str | None = None
    ) -> str:
        return self.ppr(
            keep_next=keep_next or self.keep_with_signature,
            spacing=self.body_spacing,
            ind=self.first_indent if indent else "",
            jc=jc,
            outline=outline,
            mark=self.mark(change),
        )

    def legal_basis(self, lb: S.LegalBasis) -> str:
        content = self.runs(lb.runs, self.hp["legal_basis"], italic=True, change=lb.change)
        return self.para(content, self.body_ppr(change=lb.change))

    def paragraph(self, p: S.Paragraph) -> str:
        jc = {"justify": "both", None: "both"}.get(p.align, p.align)
        content = self.runs(p.runs, self.hp["body"], change=p.change)
        return self.para(content, self.body_ppr(indent=p.indent, jc=jc, change=p.change))

    def heading(self, h: S.Heading) -> str:
        levels = self.lay["heading_levels"]
        level = 1 if _ROMAN_LABEL.fullmatch(h.number or "") else h.level  # a Roman part is always bold capitals
        style = levels.get(level) or levels.get(str(level)) or levels[max(int(k) for k in levels)]
        runs = list(h.runs)
        if style.get("upper"):
            runs = [S.Run(x.text.upper(), x.bold, x.italic, x.change) for x in runs]
        number = (h.number + " ") if h.number else ""
        hp = self.hp["heading"]
        content = self.run(number, hp, style["bold"], style["italic"], h.change) + self.runs(
            runs, hp, style["bold"], style["italic"], h.change
        )
        outline = h.level - 1 if h.level <= 9 else None
        keep = bool(self.lay.get("heading_keep_with_next", True))
        return self.para(content, self.body_ppr(keep_next=keep, outline=outline, change=h.change))

    def bullet(self, b: S.Bullet) -> str:
        hp = self.hp["body"]
        marker = (b.marker or "-").strip()
        content = self.run(marker + " ", hp, change=b.change) + self.runs(b.runs, hp, change=b.change)
        return self.para(content, self.body_ppr(change=b.change))

    def data_table(self, t: S.Table) -> str:
        ncols = t.columns
        if ncols == 0:
            return ""
        widths_rel = t.widths if t.widths and len(t.widths) == ncols else [1.0] * ncols
        total_rel = sum(widths_rel) or 1.0
        widths = [int(self.text_twips * w / total_rel) for w in widths_rel]
        tl = self.lay["table"]
        hp = nd30.pt_to_half_points(self.r.element("table_text").size.chosen)
        sp = self.spacing(tl["space_before_pt"], tl["space_after_pt"], 1.0)
        rows = []
        for row in t.rows:
            cells = []
            col = 0
            for c in row.cells:
                w = sum(widths[col : col + c.span])
                col += c.span
                align = c.align or ("center" if row.header else "left")
                jc = {"justify": "both"}.get(align, align)
                paras = "".join(
                    self.para(self.runs(p, hp, bold=c.bold or row.header), self.ppr(spacing=sp, jc=jc))
                    for p in (c.paragraphs or [[]])
                )
                cells.append(self.cell(w, paras, span=c.span, valign="center"))
            rows.append(self.row("".join(cells), header=row.header))
        return self.table(
            widths, rows, borders=True, cell_margin_twips=nd30.mm_to_twips(tl["cell_margin_mm"]), jc="center"
        )

    def signature(self, s: S.Signature) -> str:
        lay = self.lay["signature_table"]
        left = nd30.mm_to_twips(lay["left_width_mm"])
        right = nd30.mm_to_twips(lay["right_width_mm"])
        rs = self.spacing(0, 0, self.lay["recipients_line_spacing"])
        left_xml = []
        if s.recipients_heading:
            left_xml.append(
                self.para(
                    self.run(s.recipients_heading, self.hp["recipients_heading"], bold=True, italic=True),
                    self.ppr(spacing=self.spacing(lay["space_before_pt"], 0, 1.0), jc="left"),
                )
            )
        for item in s.recipients:
            left_xml.append(
                self.para(
                    self.run(item.text, self.hp["recipients"], change=item.change),
                    self.ppr(spacing=rs, jc="left", mark=self.mark(item.change)),
                )
            )
        right_xml = []
        first = True
        for line in s.lines:
            sp = self.spacing(lay["space_before_pt"] if first else 0, 0, 1.0)
            first = False
            right_xml.append(
                self.para(
                    self.run(line, self.hp["signature_authority"], bold=True),
                    self.ppr(spacing=sp, jc="center", keep_next=True),
                )
            )
        for note in s.notes:
            right_xml.append(
                self.para(
                    self.run(note, self.hp["signature_authority"], italic=True),
                    self.ppr(spacing=self.spacing(0, 0, 1.0), jc="center", keep_next=True),
                )
            )
        gap = self.spacing(lay["signature_gap_pt"], 0, 1.0)
        right_xml.append(
            self.para(self.run(s.name, self.hp["signer_name"], bold=True), self.ppr(spacing=gap, jc="center"))
        )
        row = self.row(self.cell(left, "".join(left_xml)) + self.cell(right, "".join(right_xml)))
        return self.table([left, right], [row], borders=False, cell_margin_twips=0)

    def page_break(self) -> str:
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    def appendix_head(self, a: S.Appendix) -> str:
        out = []
        sp0 = self.spacing(0, 0, 1.0)
        if a.label:
            out.append(
                self.para(
                    self.run(a.label, self.hp["appendix_label"], bold=True),
                    self.ppr(keep_next=True, spacing=sp0, jc="center"),
                )
            )
        for line in a.title:
            out.append(
                self.para(
                    self.run(line, self.hp["appendix_title"], bold=True),
                    self.ppr(keep_next=True, spacing=sp0, jc="center"),
                )
            )
        if a.reference:
            sp = self.spacing(0, self.lay["appendix"]["space_after_title_pt"], 1.0)
            out.append(
                self.para(
                    self.run(a.reference, self.hp["appendix_reference"], italic=True),
                    self.ppr(keep_next=True, spacing=sp, jc="center"),
                )
            )
        return "".join(out)

    def element(self, e) -> str:
        if isinstance(e, S.Header):
            return self.header(e)
        if isinstance(e, S.TypeName):
            return self.type_name(e)
        if isinstance(e, S.Summary):
            return self.summary(e)
        if isinstance(e, S.Addressee):
            return self.addressee(e)
        if isinstance(e, S.LegalBasis):
            return self.legal_basis(e)
        if isinstance(e, S.Paragraph):
            return self.paragraph(e)
        if isinstance(e, S.Heading):
            return self.heading(e)
        if isinstance(e, S.Bullet):
            return self.bullet(e)
        if isinstance(e, S.Table):
            return self.data_table(e)
        if isinstance(e, S.Signature):
            return self.signature(e)
        if isinstance(e, S.PageBreak):
            return self.page_break()
        raise TypeError(f"cannot write {type(e).__name__} here")

    # -- sections -----------------------------------------------------------------------------------------

    def sectpr(self, *, landscape: bool, header_refs: list[tuple[str, str]] | None, restart: bool) -> str:
        r = self.r
        m = r.landscape_margins if landscape else r.margins
        w, h = r.paper.width_twips, r.paper.height_twips
        size = f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>' if landscape else f'<w:pgSz w:w="{w}" w:h="{h}"/>'
        refs = "".join(f'<w:headerReference w:type="{t}" r:id="{rid}"/>' for t, rid in (header_refs or []))
        pgnum = '<w:pgNumType w:start="1"/>' if restart else ""
        return (
            f'<w:sectPr>{refs}<w:type w:val="nextPage"/>{size}'
            f'<w:pgMar w:top="{m["top"].chosen_twips}" w:right="{m["right"].chosen_twips}" '
            f'w:bottom="{m["bottom"].chosen_twips}" w:left="{m["left"].chosen_twips}" '
            f'w:header="{nd30.mm_to_twips(r.header_distance_mm)}" w:footer="{nd30.mm_to_twips(r.footer_distance_mm)}" '
            f'w:gutter="0"/>{pgnum}<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
        )

    def section_break(self, sectpr: str) -> str:
        return (
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="{self.rule_mark}"/>'
            f'<w:szCs w:val="{self.rule_mark}"/></w:rPr>{sectpr}</w:pPr></w:p>'
        )

    def end_para(self) -> str:
        return (
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="{self.rule_mark}"/>'
            f'<w:szCs w:val="{self.rule_mark}"/></w:rPr></w:pPr></w:p>'
        )

    def page_number_paragraph(self) -> str:
        pn = self.r.page_number
        hp = nd30.pt_to_half_points(pn.size.chosen)
        rpr = f'<w:rPr><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr>'
        return (
            f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{pn.align}"/></w:pPr>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>2</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )


def _is_wide(t: S.Table, rules: nd30.Rules) -> bool:
    return t.columns >= int(rules.layout["appendix"]["landscape_min_columns"])


def build_document(spec: S.DocSpec):
    """The python-docx `Document` for `spec` (not saved)."""
    from docx import Document
    from docx.oxml import parse_xml

    rules = nd30.rules()
    doc = Document(io.BytesIO(_base_document_bytes()))
    w = _Writer(rules, spec.revision_date)

    # headers: empty first-page header, PAGE field in the default header (numbers from page 2)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    default_hdr = section.header
    default_hdr.is_linked_to_previous = False
    first_hdr = section.first_page_header
    first_hdr.is_linked_to_previous = False
    hdr_el = default_hdr._element
    for child in list(hdr_el):
        hdr_el.remove(child)
    hdr_el.append(parse_xml(w.page_number_paragraph()))
    first_el = first_hdr._element
    for child in list(first_el):
        first_el.remove(child)
    first_el.append(parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>'))
    body_sect = doc.element.body.find(qn("w:sectPr"))
    refs = [(ref.get(qn("w:type")), ref.get(qn("r:id"))) for ref in body_sect.findall(qn("w:headerReference"))]

    main_landscape = spec.orientation == "landscape"
    w.text_twips = w.landscape_text_twips if main_landscape else w.portrait_text_twips
    main: list[str] = []
    appendices: list[S.Appendix] = []
    for i, e in enumerate(spec.elements):
        if isinstance(e, S.Appendix):
            appendices.append(e)
        elif appendices:
            raise S.SpecError("body elements after an <appendix> must go inside it")
        else:
            # the signature block is never alone on a page: the last paragraph before it keeps with it
            nxt = spec.elements[i + 1] if i + 1 < len(spec.elements) else None
            w.keep_with_signature = isinstance(nxt, S.Signature) and isinstance(e, (S.Paragraph, S.Bullet))
            main.append(w.element(e))
            w.keep_with_signature = False

    parts = main
    sections = [w.sectpr(landscape=main_landscape, header_refs=refs, restart=False)]
    for a in appendices:
        landscape = a.orientation == "landscape" or any(
            isinstance(x, S.Table) and _is_wide(x, rules) for x in a.elements
        )
        parts.append(w.section_break(sections[-1]))
        w.text_twips = w.landscape_text_twips if landscape else w.portrait_text_twips
        parts.append(w.appendix_head(a))
        parts.extend(w.element(x) for x in a.elements)
        sections.append(w.sectpr(landscape=landscape, header_refs=None, restart=True))
        w.text_twips = w.portrait_text_twips
    parts.append(w.end_para())

    body_xml = f"<w:body {nsdecls('w', 'r')}>{''.join(parts)}{sections[-1]}</w:body>"
    new_body = parse_xml(body_xml)
    body = doc.element.body
    for child in list(body):
        body.remove(child)
    for child in list(new_body):
        body.append(child)
    if spec.title:
        doc.core_properties.title = spec.title[:250]
    return doc


def docx_bytes(spec: S.DocSpec) -> bytes:
    buf = io.BytesIO()
    build_document(spec).save(buf)
    return buf.getvalue()


def write_docx(spec: S.DocSpec, path: str | Path) -> Path:
    """Write `spec` to `path` atomically (temporary file in the same directory, then rename)."""
    path = Path(path)
    data = docx_bytes(spec)
    _atomic_write(path, data)
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` over `path` with the one writer every command uses (callers checked `force` already)."""
    from extract.fileio import write_atomic

    write_atomic(path, data, force=True)
