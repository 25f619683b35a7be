"""Page setup of every section: A4 paper and the margins (a landscape section against the landscape sides)."""

from __future__ import annotations

from ... import nd30
from .. import fixes
from ..docmodel import Location, q
from .base import Context, to_int


def check(ctx: Context) -> None:
    r = ctx.r
    paper = r.paper
    tol = paper.tolerance_mm
    mtol = r.margin_tolerance_mm
    for si, sect in enumerate(ctx.v.sections(), start=1):
        loc = Location(part="document", section=si)
        pg = sect.find(q("w:pgSz"))
        w = to_int(pg.get(q("w:w"))) if pg is not None else None
        h = to_int(pg.get(q("w:h"))) if pg is not None else None
        landscape = w is not None and h is not None and w > h
        if w is None or h is None:
            ctx.add(
                "page.size",
                paper.clause,
                "page size not set (Word then uses its default, often Letter)",
                loc,
                "not set",
                f"{paper.name} {paper.width_mm:g}×{paper.height_mm:g} mm",
                fix=lambda s=sect: fixes.fix_paper(r, s, False),
                zone="page",
            )
        else:
            wmm, hmm = nd30.twips_to_mm(w), nd30.twips_to_mm(h)
            portrait_ok = abs(wmm - paper.width_mm) <= tol and abs(hmm - paper.height_mm) <= tol
            landscape_ok = abs(wmm - paper.height_mm) <= tol and abs(hmm - paper.width_mm) <= tol
            if not (portrait_ok or landscape_ok):
                ctx.add(
                    "page.size",
                    paper.clause,
                    "paper size",
                    loc,
                    f"{wmm:.1f}×{hmm:.1f} mm",
                    f"{paper.name} {paper.width_mm:g}×{paper.height_mm:g} mm",
                    fix=lambda s=sect, land=landscape: fixes.fix_paper(r, s, land),
                    zone="page",
                )
        table = r.landscape_margins if landscape else r.margins
        mar = sect.find(q("w:pgMar"))
        for side, m in table.items():
            val = to_int(mar.get(q(f"w:{side}"))) if mar is not None else None
            what = f"{side} margin{' (landscape page)' if landscape else ''}"
            if val is None:
                ctx.add(
                    f"page.margin.{side}",
                    m.clause,
                    f"{what} not set",
                    loc,
                    "not set",
                    f"{m.min:g}–{m.max:g} mm",
                    fix=lambda s=sect, side=side, m=m, t=table: fixes.fix_margin(r, s, side, m, t),
                    zone="page",
                )
                continue
            mm = nd30.twips_to_mm(abs(val))
            if not (m.min - mtol <= mm <= m.max + mtol):
                ctx.add(
                    f"page.margin.{side}",
                    m.clause,
                    what,
                    loc,
                    f"{mm:.1f} mm",
                    f"{m.min:g}–{m.max:g} mm",
                    fix=lambda s=sect, side=side, m=m, t=table: fixes.fix_margin(r, s, side, m, t),
                    zone="page",
                )
