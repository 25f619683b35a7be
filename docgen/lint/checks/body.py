"""The text between the title and the signature: addressee, legal bases, headings and body paragraphs
(size, italic legal bases, justified with a first-line indent, spacing between paragraphs, line spacing)."""

from __future__ import annotations

from extract.ooxml.props import on_off_attr

from ... import nd30
from .. import edit
from ..docmodel import Para
from ..zones import Zone, ZonedParagraph
from .base import Context, to_int

_LONG = 120  # a numbered line longer than this, not all bold, is a body paragraph that opens with a number


def check(ctx: Context) -> None:
    seen: set[int] = set()
    for zp in ctx.z.in_zone(Zone.PREAMBLE, Zone.BODY, Zone.CLOSING):
        para = zp.para
        if zp.role is None or para.in_table or id(para) in seen or not para.text.strip() or not para.runs:
            continue
        seen.add(id(para))
        role = _role(ctx, zp)
        if role == "addressee":
            ctx.check_zoned(_with(zp, role), align=False, label="Kính gửi")
            continue
        if role in ("heading", "heading_part"):
            ctx.check_zoned(_with(zp, role), align=False, label="heading")
        else:
            label = "legal basis (căn cứ)" if role == "legal_basis" else "body text"
            ctx.check_zoned(_with(zp, role), align=False, label=label)
            _check_layout(ctx, zp)
        _check_spacing(ctx, zp)


def _with(zp: ZonedParagraph, role: str) -> ZonedParagraph:
    return ZonedParagraph(zp.para, zp.zone, role, zp.lines, zp.recognised)


def _role(ctx: Context, zp: ZonedParagraph) -> str:
    """The role, with what typography tells apart: a long numbered sentence is body text; a short centred line
    in capitals is a part title; a Roman-numbered part not in bold capitals is checked as a plain heading."""
    para = zp.para
    text = para.text.strip()
    runs = [x for x in para.runs if x.text.strip()]
    all_bold = bool(runs) and all(ctx.bold(para, x) for x in runs)
    lines = [ln for ln in para.lines() if ln.stripped]
    if zp.role in ("heading", "heading_part"):
        if len(text) > _LONG and not all_bold:
            return "body"
        if zp.role == "heading_part" and not (all_bold or (lines and ctx.line_upper(lines[0]))):
            return "heading"
        return zp.role
    if zp.role == "body" and len(text) <= _LONG and lines and ctx.jc(para) == "center" and ctx.line_upper(lines[0]):
        return "heading"
    return zp.role or "body"


def _check_layout(ctx: Context, zp: ZonedParagraph) -> None:
    para = zp.para
    b = ctx.r.body
    clause = ctx.r.element("body").clause
    fix_ok = zp.recognised
    if ctx.jc(para) != "justify":
        ctx.add(
            "body.align",
            clause,
            "body text must be justified",
            para.loc,
            ctx.jc(para),
            "justified",
            fix=(lambda p=para.el: edit.set_jc(p, "both")) if fix_ok else None,
            zone=zp.zone.value,
        )
    ind = ctx.para_metrics(para)["ind"]
    first_cm = 0.0
    if "hanging" in ind:
        first_cm = -nd30.twips_to_cm(to_int(ind["hanging"]) or 0)
    elif "hangingChars" in ind:
        first_cm = -1.0
    elif "firstLineChars" in ind and (to_int(ind["firstLineChars"]) or 0):
        first_cm = (to_int(ind["firstLineChars"]) or 0) / 100 * ctx.para_size(para) / 72 * 2.54
    elif "firstLine" in ind:
        first_cm = nd30.twips_to_cm(to_int(ind["firstLine"]) or 0)
    tabbed = not first_cm and para.text[:1] == "\t"
    if tabbed:
        # A typist's tab at the start stands for the first-line indent: it ends at the first default tab stop.
        first_cm = nd30.twips_to_cm(ctx.v.default_tab_twips())
    rng = b.first_line_indent_cm
    if not rng.contains(first_cm, b.indent_tolerance_cm):
        ctx.add(
            "body.indent",
            clause,
            "first-line indent",
            para.loc,
            f"{first_cm:.2f} cm",
            rng.describe("cm"),
            fix=(lambda p=para.el: edit.set_first_line(p, b.first_line_indent_twips))
            if fix_ok and not tabbed
            else None,
            zone=zp.zone.value,
        )


def _spacing_pt(vals: dict, name: str, size: float) -> float:
    if vals.get(f"{name}Autospacing") and on_off_attr(vals[f"{name}Autospacing"]):
        return 14.0  # HTML-style automatic spacing
    if f"{name}Lines" in vals:
        return (to_int(vals[f"{name}Lines"]) or 0) / 100 * size * 1.15
    return nd30.twips_to_pt(to_int(vals.get(name)) or 0)


def _check_spacing(ctx: Context, zp: ZonedParagraph) -> None:
    para: Para = zp.para
    b = ctx.r.body
    clause = ctx.r.element("body").clause
    m = ctx.para_metrics(para)
    size = ctx.para_size(para)
    fix_ok = zp.recognised
    total = _spacing_pt(m["before"], "before", size) + _spacing_pt(m["after"], "after", size)
    if total + 1e-6 < b.spacing_min_pt:
        ctx.add(
            "body.spacing",
            clause,
            "space between paragraphs (before + after)",
            para.loc,
            f"{total:g} pt",
            f"≥ {b.spacing_min_pt:g} pt",
            fix=(
                lambda p=para.el: edit.set_spacing(
                    p,
                    before=nd30.pt_to_twips(b.spacing_before_pt),
                    after=nd30.pt_to_twips(b.spacing_after_pt),
                    beforeLines=None,
                    afterLines=None,
                    beforeAutospacing=None,
                    afterAutospacing=None,
                )
            )
            if fix_ok
            else None,
            zone=zp.zone.value,
        )
    line = to_int(m["line"])
    if line is None:
        return
    lr = m["lineRule"]

    def fix(p=para.el):
        edit.set_spacing(p, line=round(b.line_multiple.chosen * 240), lineRule="auto")

    if lr == "auto":
        mult = line / 240
        if not b.line_multiple.contains(mult, 0.01):
            ctx.add(
                "body.line_spacing",
                clause,
                "line spacing",
                para.loc,
                f"{mult:g} lines",
                b.line_multiple.describe("lines"),
                fix=fix if fix_ok else None,
                zone=zp.zone.value,
            )
    else:
        pt = nd30.twips_to_pt(line)
        lo, hi = b.line_exact_per_size.min * size, b.line_exact_per_size.max * size
        ok = pt <= hi + 0.05 if lr == "atLeast" else lo - 0.05 <= pt <= hi + 0.05
        if not ok:
            ctx.add(
                "body.line_spacing",
                clause,
                f"line spacing ({lr})",
                para.loc,
                f"{pt:g} pt",
                f"{lo:g}–{hi:g} pt for {size:g} pt text (single to 1.5 lines)",
                fix=fix if fix_ok else None,
                zone=zp.zone.value,
            )
