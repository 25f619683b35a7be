"""Page numbers: a PAGE field centred in the header, upright, 13–14 pt, none on page 1."""

from __future__ import annotations

import re

from .. import edit, fixes
from ..docmodel import Location, field_instructions, onoff, q
from .base import Context

PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


def check(ctx: Context) -> None:
    r = ctx.r
    pn = r.page_number
    clause = pn.clause
    sections = ctx.v.sections()
    if not sections:
        return
    first = sections[0]
    refs: dict[str, str] = {}
    for ref in first.findall(q("w:headerReference")):
        part = ctx.v.header_part(ref)
        if part:
            refs[ref.get(q("w:type")) or "default"] = part
    footers = [ctx.v.header_part(ref) for s in sections for ref in s.findall(q("w:footerReference"))]
    title_pg = bool(onoff(first.find(q("w:titlePg"))))

    def page_paras(part):
        return [p for p in ctx.v.part_paras(part) if PAGE_FIELD.search(field_instructions(p))] if part else []

    default_page = page_paras(refs.get("default"))
    loc_default = Location(part=refs.get("default") or "header", section=1)
    if not default_page:
        in_footer = any(page_paras(f) for f in footers if f)
        if in_footer:
            ctx.add(
                "page_number.position",
                clause,
                "page number in the footer",
                Location(section=1),
                "bottom of the page",
                "centred in the top margin (header)",
            )
        elif _multi_page(ctx):
            ctx.add(
                "page_number.missing",
                clause,
                "no page number (PAGE field) in the header",
                Location(section=1),
                "none",
                "PAGE field centred in the header, from page 2",
                fix=lambda: fixes.add_page_header(ctx.v, r, first),
            )
    else:
        para = default_page[0]
        if ctx.jc(para) != pn.align:
            ctx.add(
                "page_number.align",
                clause,
                "page number alignment",
                para.loc,
                ctx.jc(para),
                pn.align,
                fix=lambda p=para: (edit.set_jc(p.el, pn.align), ctx.v.pkg.touch(p.part)),
            )
        field_runs = list(para.runs)
        sizes = {ctx.size(para, x) for x in field_runs}
        bad = [x for x in field_runs if not pn.size.contains(ctx.size(para, x))]
        if bad:
            ctx.add(
                "page_number.size",
                clause,
                "page number font size",
                para.loc,
                ", ".join(f"{s:g}" for s in sorted(sizes)) + " pt",
                pn.size.describe("pt"),
                fix=lambda p=para, bad=bad: (
                    [edit.set_size(x.el, pn.size.chosen) for x in bad],
                    ctx.v.pkg.touch(p.part),
                ),
            )
        if pn.italic is False:
            bad = [x for x in field_runs if ctx.italic(para, x)]
            if bad:
                ctx.add(
                    "page_number.italic",
                    clause,
                    "page number must be upright (not italic)",
                    para.loc,
                    "italic",
                    "upright",
                    fix=lambda p=para, bad=bad: (
                        [edit.set_toggle(x.el, "i", False) for x in bad],
                        ctx.v.pkg.touch(p.part),
                    ),
                )
        if not title_pg:
            ctx.add(
                "page_number.first_page",
                clause,
                "page 1 shows a page number (no 'different first page')",
                loc_default,
                "number on page 1",
                "no number on page 1 (w:titlePg, empty first-page header)",
                fix=lambda: fixes.set_title_pg(first),
            )
    if title_pg and refs.get("first"):
        fp = ctx.v.part_paras(refs["first"])
        shows = [p for p in fp if p.text.strip() or PAGE_FIELD.search(field_instructions(p))]
        if shows:
            ctx.add(
                "page_number.first_page",
                clause,
                "the first-page header is not empty",
                Location(part=refs["first"], section=1),
                shows[0].text.strip()[:40] or "PAGE field",
                "empty first-page header",
                fix=lambda part=refs["first"]: fixes.clear_header(ctx.v, part),
            )


def _multi_page(ctx: Context) -> bool:
    chars = sum(len(p.text) for p in ctx.v.paras)
    return (
        chars > 2500
        or len(ctx.v.paras) > 45
        or any(p.el.find(f"{q('w:pPr')}/{q('w:sectPr')}") is not None for p in ctx.v.paras)
    )
