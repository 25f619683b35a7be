"""The header and title: Quốc hiệu, Tiêu ngữ, governing and issuing bodies, number and symbol, place and date,
type name and trích yếu — each on the lines extraction's zoning gave that role."""

from __future__ import annotations

import re

from extract import lexicon

from .. import fixes
from ..docmodel import Line, Location
from ..zones import Zone
from .base import Context

SO_RE = re.compile(r"^\s*s[oố]\s*(?P<colon>:)?\s*(?P<rest>.*)$", re.I)
DATE_RE = re.compile(r"ngày\s*(?P<d>\d+)?\s*tháng\s*(?P<m>\d+)?\s*năm\s*(?P<y>\d{4})?", re.I)

NOTE_PARTY = "Party document (ĐẢNG CỘNG SẢN VIỆT NAM): the State header rules are not applied"
NOTE_PARTY_NUMBER = "number in the Party convention (N-KH/XX): State number rules not applied"

_LABELS = {
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "governing_body": "governing body",
    "issuing_body": "issuing body",
    "number_symbol": "number and symbol",
    "place_date": "place and date",
    "type_name": "type name",
    "summary": "trích yếu",
}


def check(ctx: Context) -> None:
    r = ctx.r
    z = ctx.z
    if z.party:
        ctx.notes.append(NOTE_PARTY)
    elif z.has_header and not z.attachment:
        for name, what in (
            ("national_title", f"Quốc hiệu ({lexicon.national_text('quoc_hieu')})"),
            ("motto", "Tiêu ngữ"),
        ):
            if not z.role(name):
                ctx.add(
                    f"{name}.missing",
                    r.element(name).clause,
                    f"no {what} in the header",
                    Location(paragraph=1),
                    "missing",
                    r.element(name).text,
                    zone=Zone.HEADER.value,
                )
    roles = ["place_date", "type_name", "summary"]
    if not z.party:
        roles = ["national_title", "motto", "governing_body", "issuing_body", "number_symbol", *roles]
    for name in roles:
        for zp in z.role(name):
            # in the header table the cell centres its lines: alignment is checked for title lines only
            ctx.check_zoned(zp, align=name in ("type_name", "summary"), label=_LABELS[name])
    if not z.party:
        for zp in z.role("number_symbol")[:1]:
            for ln in zp.lines[:1]:
                check_number(ctx, ln, zp.recognised)
    for zp in z.role("place_date")[:1]:
        for ln in zp.lines[:1]:
            check_date(ctx, ln, zp.recognised)


def check_number(ctx: Context, line: Line, recognised: bool = True) -> None:
    rule = ctx.r.number
    text = line.text
    m = SO_RE.match(text)
    if not m:
        return
    rest = m.group("rest")
    offset = line.start + m.start("rest")
    if re.match(r"^\d+\s*-\s*[^/\s]+\s*/", rest):  # 146-KH/HU: Party convention
        ctx.notes.append(NOTE_PARTY_NUMBER)
        return
    loc = line.para.loc
    zone = Zone.HEADER.value
    if m.group("colon") is None:
        ctx.add(
            "number_symbol.format",
            rule.clause,
            "'Số' must be followed by a colon",
            loc,
            text.strip(),
            "Số: 05/KH-UBND",
            zone=zone,
        )
    nm = re.match(r"^(?P<num>\d+)?(?P<sp1>\s*)/(?P<sp2>\s*)(?P<sym>.*)$", rest)
    if not nm:
        ctx.add(
            "number_symbol.format",
            rule.clause,
            "number and symbol not in the form 'Số: 05/KH-UBND'",
            loc,
            text.strip(),
            "Số: 05/KH-UBND",
            zone=zone,
        )
        return
    num, sym = nm.group("num"), nm.group("sym").rstrip()
    edits: list[tuple[int, int, str]] = []
    if num is not None and (nm.group("sp1") or nm.group("sp2")):
        edits.append((offset + nm.end("num"), offset + nm.start("sym"), "/"))
    for d in re.finditer(r"\s+-\s*|\s*-\s+", sym):
        a = offset + nm.start("sym") + d.start()
        edits.append((a, a + len(d.group(0)), "-"))
    spaces_found = bool(edits)
    short = num is not None and len(num) == 1 and int(num) < rule.zero_pad_below
    if short:
        a = offset + nm.start("num")
        edits.append((a, a + 1, f"0{num}"))
    if not edits:
        return
    fixer = fixes.LineFixer(line, edits) if recognised else None
    if spaces_found:
        ctx.add(
            "number_symbol.spaces",
            rule.clause,
            "no spaces around '/' and '-' in the number and symbol",
            loc,
            text.strip(),
            fixes.applied(line, edits).strip(),
            fix=fixer,
            zone=zone,
        )
    if short:
        ctx.add(
            "number_symbol.zero",
            rule.clause,
            "numbers below 10 take a leading zero",
            loc,
            f"Số: {num}/…",
            f"Số: 0{num}/…",
            fix=fixer,
            zone=zone,
        )


def check_date(ctx: Context, line: Line, recognised: bool = True) -> None:
    rule = ctx.r.date
    m = DATE_RE.search(line.text)
    loc = line.para.loc
    zone = Zone.HEADER.value
    if not m:
        ctx.add(
            "place_date.format",
            rule.clause,
            "date not in the form 'ngày DD tháng M năm YYYY'",
            loc,
            line.stripped,
            "…, ngày 05 tháng 3 năm 2024",
            zone=zone,
        )
        return
    edits = []
    problems = []
    d, mo = m.group("d"), m.group("m")
    if d is not None:
        n = int(d)
        want = f"{n:02d}" if n < rule.zero_pad_day_below else str(n)
        if d != want:
            edits.append((line.start + m.start("d"), line.start + m.end("d"), want))
            problems.append(
                (
                    "place_date.day",
                    f"ngày {d}",
                    f"ngày {want}",
                    "days below 10 take a leading zero"
                    if n < rule.zero_pad_day_below
                    else "day written with extra zeros",
                )
            )
    if mo is not None:
        n = int(mo)
        want = f"{n:02d}" if n in rule.zero_pad_months else str(n)
        if mo != want:
            edits.append((line.start + m.start("m"), line.start + m.end("m"), want))
            problems.append(
                (
                    "place_date.month",
                    f"tháng {mo}",
                    f"tháng {want}",
                    "months 1 and 2 take a leading zero"
                    if n in rule.zero_pad_months
                    else "months 3 to 12 are written without a leading zero",
                )
            )
    if edits:
        fixer = fixes.LineFixer(line, edits) if recognised else None
        for rid, found, expected, msg in problems:
            ctx.add(rid, rule.clause, msg, loc, found, expected, fix=fixer, zone=zone)
