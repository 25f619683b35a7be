"""Write a `DocSpec` as one self-contained HTML file: an A4-like preview in any browser.

No scripts, no external resources; every piece of text is HTML-escaped. Sizes and margins come from the ND30
rules so the preview matches the .docx layout."""

from __future__ import annotations

import re
from html import escape

from .. import nd30
from . import spec as S


def _e(text: str) -> str:
    return escape(text, quote=True)


def _runs(runs: list[S.Run], change: str | None = None) -> str:
    """Runs as HTML; tracked changes (a run's own, else the paragraph's `change`) as <ins>/<del>."""
    out = []
    for r in runs:
        t = _e(r.text)
        if r.bold:
            t = f"<b>{t}</b>"
        if r.italic:
            t = f"<i>{t}</i>"
        if r.mark:
            t = f"<mark>{t}</mark>"
        tag = r.change or change
        if tag in S.CHANGES:
            t = f"<{tag}>{t}</{tag}>"
        out.append(t)
    return "".join(out)


def _css() -> str:
    r = nd30.rules()
    el = r.elements
    m = r.margins
    b = r.body
    lay = r.layout

    def pt(name: str) -> str:
        return f"{el[name].size.chosen:g}pt"

    return f"""
body {{ background: #e8e8e8; margin: 0; }}
.page {{ background: #fff; width: {r.paper.width_mm:g}mm; min-height: {r.paper.height_mm:g}mm; margin: 8mm auto;
  padding: {m["top"].chosen:g}mm {m["right"].chosen:g}mm {m["bottom"].chosen:g}mm {m["left"].chosen:g}mm;
  box-sizing: border-box; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  font-family: "{r.font_name}", "Liberation Serif", serif; font-size: {pt("body")}; color: #{r.font_color}; }}
.page.landscape {{ width: {r.paper.height_mm:g}mm; min-height: {r.paper.width_mm:g}mm; }}
p {{ margin: 0; }}
table.hdr, table.sig {{ width: 100%; border-collapse: collapse; }}
table.hdr td, table.sig td {{ vertical-align: top; padding: 0; }}
table.hdr td {{ text-align: center; }}
.gov {{ font-size: {pt("governing_body")}; }}
.iss {{ font-size: {pt("issuing_body")}; font-weight: bold; }}
.qh {{ font-size: {pt("national_title")}; font-weight: bold; white-space: nowrap; }}
.tn {{ font-size: {pt("motto")}; font-weight: bold; }}
.rule {{ display: inline-block; border-bottom: 1px solid #000; height: 0; }}
.num {{ font-size: {pt("number_symbol")}; margin-top: {lay["header_row2_space_before_pt"]:g}pt; }}
.date {{ font-size: {pt("place_date")}; font-style: italic; margin-top: {lay["header_row2_space_before_pt"]:g}pt; }}
.type {{ font-size: {pt("type_name")}; font-weight: bold; text-align: center;
  margin-top: {lay["type_name_space_before_pt"]:g}pt; }}
.sum {{ font-size: {pt("summary")}; font-weight: bold; text-align: center; }}
.sumrule {{ text-align: center; margin-bottom: {lay["summary_space_after_pt"]:g}pt; }}
.body {{ text-align: justify; text-indent: {b.first_line_indent_cm.chosen:g}cm;
  margin-top: {b.spacing_before_pt:g}pt; margin-bottom: {b.spacing_after_pt:g}pt;
  line-height: {b.line_multiple.chosen:g}; }}
.lb {{ font-style: italic; }}
.h1, .h2 {{ font-weight: bold; }} .h1 {{ text-transform: none; }}
.h3 {{ font-weight: bold; font-style: italic; }} .h4 {{ font-style: italic; }}
.addr {{ text-align: center; margin-top: {b.spacing_before_pt:g}pt; }}
table.data {{ border-collapse: collapse; width: 100%; margin: {b.spacing_before_pt:g}pt 0;
  font-size: {el["table_text"].size.chosen:g}pt; }}
table.data td, table.data th {{ border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; }}
table.data th {{ font-weight: bold; text-align: center; }}
.nn {{ font-size: {pt("recipients_heading")}; font-weight: bold; font-style: italic;
  margin-top: {lay["signature_table"]["space_before_pt"]:g}pt; }}
.rec {{ font-size: {pt("recipients")}; }}
.auth {{ font-size: {pt("signature_authority")}; font-weight: bold; text-align: center; }}
.auth.first {{ margin-top: {lay["signature_table"]["space_before_pt"]:g}pt; }}
.note {{ text-align: center; font-style: italic; }}
.name {{ font-size: {pt("signer_name")}; font-weight: bold; text-align: center;
  margin-top: {lay["signature_table"]["signature_gap_pt"]:g}pt; }}
.apx-label {{ font-size: {pt("appendix_label")}; font-weight: bold; text-align: center; }}
.apx-title {{ font-size: {pt("appendix_title")}; font-weight: bold; text-align: center; }}
.apx-ref {{ font-size: {pt("appendix_reference")}; font-style: italic; text-align: center;
  margin-bottom: {lay["appendix"]["space_after_title_pt"]:g}pt; }}
.pb {{ border-top: 1px dashed #999; margin: 12pt 0; }}
@media print {{ body {{ background: none; }} .page {{ margin: 0; box-shadow: none; page-break-after: always; }} }}
"""


def _rule(text: str, size_pt: float, ratio: float, bold: bool = True) -> str:
    width = nd30.text_width_pt(text, size_pt, bold=bold) * ratio
    return f'<div><span class="rule" style="width:{width:.0f}pt"></span></div>'


def html_text(spec: S.DocSpec) -> str:
    r = nd30.rules()
    el = r.elements
    lay = r.layout
    pages: list[tuple[str, list[str]]] = [(spec.orientation, [])]

    def add(html: str) -> None:
        pages[-1][1].append(html)

    def element(e) -> None:
        if isinstance(e, S.Header):
            left = "".join(f'<p class="gov">{_e(x)}</p>' for x in e.governing)
            left += "".join(f'<p class="iss">{_e(x)}</p>' for x in e.issuing)
            if e.issuing:
                longest = max(e.issuing, key=lambda x: nd30.text_width_pt(x, el["issuing_body"].size.chosen, bold=True))
                left += _rule(longest, el["issuing_body"].size.chosen, el["issuing_body"].rule_ratio.chosen)
            motto = e.motto or el["motto"].text or ""
            right = f'<p class="qh">{_e(e.national_title or el["national_title"].text or "")}</p>'
            right += f'<p class="tn">{_e(motto)}</p>' + _rule(
                motto, el["motto"].size.chosen, el["motto"].rule_ratio.chosen
            )
            lw = lay["header_table"]["left_width_mm"]
            rw = lay["header_table"]["right_width_mm"]
            add(
                f'<table class="hdr"><colgroup><col style="width:{lw:g}mm"><col style="width:{rw:g}mm"></colgroup>'
                f"<tr><td>{left}</td><td>{right}</td></tr>"
                f'<tr><td><p class="num">{_e(e.number_symbol)}</p></td>'
                f'<td><p class="date">{_e(e.place_date)}</p></td></tr></table>'
            )
        elif isinstance(e, S.TypeName):
            add(f'<p class="type">{_e(e.text)}</p>')
        elif isinstance(e, S.Summary):
            tracked = e.tracked + [None] * (len(e.lines) - len(e.tracked))
            add("".join(f'<p class="sum">{_runs(t) if t else _e(x)}</p>' for x, t in zip(e.lines, tracked)))
            longest = max(e.lines, key=len)
            add(
                '<div class="sumrule">'
                f"{_rule(longest, el['summary'].size.chosen, el['summary'].rule_ratio.chosen)}</div>"
            )
        elif isinstance(e, S.Addressee):
            add(f'<p class="addr">{_runs(e.runs)}</p>')
        elif isinstance(e, S.LegalBasis):
            add(f'<p class="body lb">{_runs(e.runs, e.change)}</p>')
        elif isinstance(e, S.Paragraph):
            style = []
            if not e.indent:
                style.append("text-indent:0")
            if e.align and e.align != "justify":
                style.append(f"text-align:{e.align}")
            st = f' style="{";".join(style)}"' if style else ""
            add(f'<p class="body"{st}>{_runs(e.runs, e.change)}</p>')
        elif isinstance(e, S.Heading):
            level = 1 if re.fullmatch(r"[IVXLC]+\.", e.number or "") else min(e.level, 4)
            runs = e.runs if level != 1 else [S.Run(x.text.upper(), x.bold, x.italic, x.change) for x in e.runs]
            text = _runs(runs, e.change)
            number = _runs([S.Run(e.number + " ")], e.change) if e.number else ""
            add(f'<p class="body h{level}">{number}{text}</p>')
        elif isinstance(e, S.Bullet):
            add(f'<p class="body">{_runs([S.Run((e.marker or "-").strip() + " ")] + e.runs, e.change)}</p>')
        elif isinstance(e, S.Table):
            rows = []
            for row in e.rows:
                tag = "th" if row.header else "td"
                cells = []
                for c in row.cells:
                    inner = "<br>".join(_runs(p) for p in c.paragraphs)
                    if c.bold:
                        inner = f"<b>{inner}</b>"
                    attrs = f' colspan="{c.span}"' if c.span > 1 else ""
                    if c.align:
                        attrs += f' style="text-align:{_e(c.align)}"'
                    cells.append(f"<{tag}{attrs}>{inner}</{tag}>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            add('<table class="data">' + "".join(rows) + "</table>")
        elif isinstance(e, S.Signature):
            left = f'<p class="nn">{_e(e.recipients_heading)}</p>' if e.recipients_heading else ""
            left += "".join(f'<p class="rec">{_runs([S.Run(x.text)], x.change)}</p>' for x in e.recipients)
            right = "".join(f'<p class="auth{" first" if i == 0 else ""}">{_e(x)}</p>' for i, x in enumerate(e.lines))
            right += "".join(f'<p class="note">{_e(x)}</p>' for x in e.notes)
            right += f'<p class="name">{_e(e.name)}</p>'
            lw = lay["signature_table"]["left_width_mm"]
            rw = lay["signature_table"]["right_width_mm"]
            add(
                f'<table class="sig"><colgroup><col style="width:{lw:g}mm"><col style="width:{rw:g}mm"></colgroup>'
                f"<tr><td>{left}</td><td>{right}</td></tr></table>"
            )
        elif isinstance(e, S.PageBreak):
            add('<div class="pb"></div>')
        elif isinstance(e, S.Appendix):
            pages.append((e.orientation, []))
            if e.label:
                add(f'<p class="apx-label">{_e(e.label)}</p>')
            for t in e.title:
                add(f'<p class="apx-title">{_e(t)}</p>')
            if e.reference:
                add(f'<p class="apx-ref">{_e(e.reference)}</p>')
            for x in e.elements:
                element(x)

    for e in spec.elements:
        element(e)
    body = "\n".join(
        f'<div class="page{" landscape" if orient == "landscape" else ""}">\n' + "\n".join(items) + "\n</div>"
        for orient, items in pages
    )
    title = _e(spec.title or spec.kind)
    return (
        f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta name="generator" content="kehoach">\n<style>{_css()}</style>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )
