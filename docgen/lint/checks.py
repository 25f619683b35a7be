"""The ND30 checks: identify the elements of a Word file by text patterns and position, then compare each with
the rules in `nd30_rules.yaml`. Every violation carries the rule id, the clause, the location, what was found and
what is expected, and — when the repair is mechanical — a fixer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import nd30
from . import edit
from .docmodel import DocView, Line, Location, Para, RunInfo, TableInfo, field_instructions, onoff, q
from .package import CT_HEADER, REL_FOOTER, REL_HEADER, R, W

# ---------------------------------------------------------------------------------------------- results


# Words of a signer's title or authority line ("PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC"): never a person's name.
_TITLE_LINE_RE = re.compile(
    r"^(?:TM|KT|Q|TL|TUQ|T/M|K/T)\.?\s"
    r"|\b(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|BÍ THƯ|THỦ TRƯỞNG|CHÁNH VĂN PHÒNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TỔNG CỤC|CỤC TRƯỞNG"
    r"|CHÁNH THANH TRA)\b"
)


@dataclass
class Violation:
    rule: str
    clause: str
    message: str
    location: Location
    found: str | None = None
    expected: str | None = None
    severity: str = "error"  # error | warning
    fix: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "where": self.location.label(),
            "found": self.found,
            "expected": self.expected,
            "fixable": self.fixable,
        }


# ---------------------------------------------------------------------------------------------- text keys

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def key(text: str, limit: int = 120) -> str:
    """Case/diacritic-insensitive match key with one kind of dash (of the first `limit` characters: the
    patterns matched are prefixes or short lines)."""
    return nd30.fold(text[:limit].translate(_DASHES))


QH_KEY = "cong hoa xa hoi chu nghia viet nam"
PARTY_KEY = "dang cong san viet nam"
TN_RE = re.compile(r"^doc lap\s*-\s*tu do\s*-\s*hanh phuc$")
DATE_FIND = re.compile(
    r"(,|^)\s*ngay\b.*\bthang\b.*\bnam\b\s*(\d{4}\s*\.?\s*)?$|^[^,]{2,60},\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\s*$"
)
DATE_RE = re.compile(r"ngày\s*(?P<d>\d+)?\s*tháng\s*(?P<m>\d+)?\s*năm\s*(?P<y>\d{4})?", re.I)
SO_RE = re.compile(r"^\s*s[oố]\s*(?P<colon>:)?\s*(?P<rest>.*)$", re.I)
HEADING_RE = re.compile(
    r"^\s*(?:(?P<roman>[IVXLC]+)\.|(?P<upper>[A-Z])\.|(?P<dec>\d+\.(?:\d+\.?)*)|"
    r"(?P<letter>[a-zđ])\))\s+\S"
)
BULLET_RE = re.compile(r"^\s*[-+•–]\s")
PAREN_RE = re.compile(r"^\s*[(\[].*[)\]]\s*$")
PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ---------------------------------------------------------------------------------------------- the checker


class Checker:
    def __init__(self, view: DocView, rules: nd30.Rules | None = None):
        self.v = view
        self.r = rules or nd30.rules()
        self.st = view.styles
        self.out: list[Violation] = []
        self.notes: list[str] = []
        self.found: dict[str, str] = {}
        self.party = False

    # -- helpers ------------------------------------------------------------------------------------------

    def add(self, rule, clause, message, loc, found=None, expected=None, fix=None, severity="error"):
        self.out.append(Violation(rule, clause or "", message, loc, found, expected, severity, fix))

    def size(self, para: Para, run: RunInfo) -> float:
        return self.st.size_pt(run.el, para.pstyle)

    def bold(self, para: Para, run: RunInfo) -> bool:
        return self.st.toggle(run.el, para.pstyle, q("w:b"))

    def italic(self, para: Para, run: RunInfo) -> bool:
        return self.st.toggle(run.el, para.pstyle, q("w:i"))

    def line_upper(self, line: Line) -> bool:
        if is_upper(line.text):
            return True
        runs = line.runs
        return bool(runs) and all(self.st.caps(r.el, line.para.pstyle) for r in runs)

    def jc(self, para: Para) -> str:
        v = self.st.jc(para.el, para.pstyle)
        return {
            "both": "justify",
            "distribute": "justify",
            "start": "left",
            "end": "right",
            "lowKashida": "justify",
            "mediumKashida": "justify",
            "highKashida": "justify",
            "thaiDistribute": "justify",
        }.get(v, v)

    # -- element typography ------------------------------------------------------------------------------

    def check_element(self, name: str, line: Line, *, align: bool = True, label: str | None = None) -> None:
        rule = self.r.element(name)
        para = line.para
        runs = line.runs
        label = label or name.replace("_", " ")
        self.found.setdefault(name, para.loc.label())
        if not runs:
            return
        sizes = [(r, self.size(para, r)) for r in runs]
        bad = [r for r, s in sizes if not rule.size.contains(s)]
        if bad:
            found = ", ".join(f"{s:g}" for s in sorted({s for _, s in sizes if not rule.size.contains(s)}))
            chosen = rule.size.chosen
            self.add(
                f"{name}.size",
                rule.clause,
                f"{label}: font size",
                para.loc_run(bad[0]),
                f"{found} pt",
                rule.size.describe("pt"),
                fix=lambda bad=bad: [edit.set_size(r.el, chosen) for r in bad],
            )
        for prop, want, tag in (("bold", rule.bold, "w:b"), ("italic", rule.italic, "w:i")):
            if want is None:
                continue
            bad = [r for r in runs if self.st.toggle(r.el, para.pstyle, q(tag)) != want]
            if bad:
                local = tag[2:]
                self.add(
                    f"{name}.{prop}",
                    rule.clause,
                    f"{label}: {'must' if want else 'must not'} be {prop}",
                    para.loc_run(bad[0]),
                    f"{'' if not want else 'not '}{prop}",
                    f"{'' if want else 'not '}{prop}",
                    fix=lambda bad=bad, local=local, want=want: [edit.set_toggle(r.el, local, want) for r in bad],
                )
        if rule.case == "upper" and not self.line_upper(line):
            self.add(
                f"{name}.case",
                rule.clause,
                f"{label}: must be in capitals",
                para.loc,
                line.stripped[:60],
                line.stripped.upper()[:60],
            )
        elif rule.case == "sentence" and sum(c.isalpha() for c in line.text) > 3 and self.line_upper(line):
            self.add(
                f"{name}.case",
                rule.clause,
                f"{label}: must be in sentence case, not capitals",
                para.loc,
                line.stripped[:60],
                "sentence case",
            )
        if align and rule.align:
            got = self.jc(para)
            if rule.align == "left":
                ok = got in ("left", "justify")
            else:
                ok = got == rule.align
            if not ok:
                want = {"justify": "both", "center": "center", "left": "left", "right": "right"}[rule.align]
                self.add(
                    f"{name}.align",
                    rule.clause,
                    f"{label}: alignment",
                    para.loc,
                    got,
                    {"justify": "justified"}.get(rule.align, rule.align),
                    fix=lambda p=para.el, want=want: edit.set_jc(p, want),
                )

    # -- page setup -----------------------------------------------------------------------------------------

    def check_sections(self) -> None:
        paper = self.r.paper
        tol = paper.tolerance_mm
        mtol = self.r.margin_tolerance_mm
        for si, sect in enumerate(self.v.sections(), start=1):
            loc = Location(part="document", section=si)
            pg = sect.find(q("w:pgSz"))
            w = _int(pg.get(q("w:w"))) if pg is not None else None
            h = _int(pg.get(q("w:h"))) if pg is not None else None
            if w is None or h is None:
                self.add(
                    "page.size",
                    paper.clause,
                    "page size not set (Word then uses its default, often Letter)",
                    loc,
                    "not set",
                    f"{paper.name} {paper.width_mm:g}×{paper.height_mm:g} mm",
                    fix=lambda s=sect: self._fix_paper(s, False),
                )
            else:
                wmm, hmm = nd30.twips_to_mm(w), nd30.twips_to_mm(h)
                portrait = abs(wmm - paper.width_mm) <= tol and abs(hmm - paper.height_mm) <= tol
                landscape = abs(wmm - paper.height_mm) <= tol and abs(hmm - paper.width_mm) <= tol
                if not (portrait or landscape):
                    self.add(
                        "page.size",
                        paper.clause,
                        "paper size",
                        loc,
                        f"{wmm:.1f}×{hmm:.1f} mm",
                        f"{paper.name} {paper.width_mm:g}×{paper.height_mm:g} mm",
                        fix=lambda s=sect, land=w > h: self._fix_paper(s, land),
                    )
            mar = sect.find(q("w:pgMar"))
            for side, m in self.r.margins.items():
                val = _int(mar.get(q(f"w:{side}"))) if mar is not None else None
                if val is None:
                    self.add(
                        f"page.margin.{side}",
                        m.clause,
                        f"{side} margin not set",
                        loc,
                        "not set",
                        f"{m.min:g}–{m.max:g} mm",
                        fix=lambda s=sect, side=side, m=m: self._fix_margin(s, side, m),
                    )
                    continue
                mm = nd30.twips_to_mm(abs(val))
                if not (m.min - mtol <= mm <= m.max + mtol):
                    self.add(
                        f"page.margin.{side}",
                        m.clause,
                        f"{side} margin",
                        loc,
                        f"{mm:.1f} mm",
                        f"{m.min:g}–{m.max:g} mm",
                        fix=lambda s=sect, side=side, m=m: self._fix_margin(s, side, m),
                    )

    def _fix_paper(self, sect, landscape: bool) -> None:
        pg = edit.get_or_add(sect, "pgSz", edit.SECT_ORDER)
        a, b = self.r.paper.width_twips, self.r.paper.height_twips
        if landscape:
            pg.set(q("w:w"), str(b))
            pg.set(q("w:h"), str(a))
            pg.set(q("w:orient"), "landscape")
        else:
            pg.set(q("w:w"), str(a))
            pg.set(q("w:h"), str(b))
            pg.attrib.pop(q("w:orient"), None)

    def _fix_margin(self, sect, side: str, m: nd30.Margin) -> None:
        mar = edit.get_or_add(sect, "pgMar", edit.SECT_ORDER)
        mar.set(q(f"w:{side}"), str(m.chosen_twips))
        for attr, default in (("header", self.r.header_distance_mm), ("footer", self.r.footer_distance_mm)):
            if mar.get(q(f"w:{attr}")) is None:
                mar.set(q(f"w:{attr}"), str(nd30.mm_to_twips(default)))
        for attr in ("top", "right", "bottom", "left", "gutter"):
            if mar.get(q(f"w:{attr}")) is None:
                mar.set(q(f"w:{attr}"), str(self.r.margins[attr].chosen_twips) if attr in self.r.margins else "0")

    # -- fonts ----------------------------------------------------------------------------------------------

    def _font_problems(self, rfonts, require: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
        """(wrong-family problems, theme problems) of one w:rFonts."""
        fam, theme = [], []
        name = self.r.font_name.lower()
        theme_of = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
        for slot in self.r.font_slots:
            t = rfonts.get(q(f"w:{theme_of[slot]}")) if rfonts is not None else None
            v = rfonts.get(q(f"w:{slot}")) if rfonts is not None else None
            if t:
                theme.append(f"{slot}={t}")
            elif v is not None and v.strip().lower() != name:
                fam.append(f"{slot}={v}")
            elif v is None and slot in require:
                fam.append(f"{slot} not set")
        return fam, theme

    def check_fonts(self) -> None:
        r = self.r
        clause = r.font_clause
        st = self.st
        fix_all = lambda el: edit.set_fonts(el, r.font_name, r.font_slots, r.font_theme_attributes)  # noqa: E731
        expected = f"{r.font_name} in {', '.join(r.font_slots)}"

        # document defaults, completed by the default paragraph style chain
        dd_fonts = st.doc_rpr.find(q("w:rFonts")) if st.doc_rpr is not None else None
        defined = set()
        for s in st.chain(st.default_para):
            rf = s.find(f"{q('w:rPr')}/{q('w:rFonts')}")
            if rf is not None:
                defined |= {slot for slot in r.font_slots if rf.get(q(f"w:{slot}"))}
        missing = tuple(s for s in r.font_slots if s not in defined)
        fam, theme = self._font_problems(dd_fonts, missing)
        loc = Location(part="styles", style="docDefaults")
        # the default paragraph style overriding every slot with the right font makes the defaults mostly moot
        normal_ok = not missing and all(
            not self._font_problems(s.find(f"{q('w:rPr')}/{q('w:rFonts')}"))[0]
            and not self._font_problems(s.find(f"{q('w:rPr')}/{q('w:rFonts')}"))[1]
            for s in st.chain(st.default_para)
            if s.find(f"{q('w:rPr')}/{q('w:rFonts')}") is not None
        )
        dd_severity = "warning" if normal_ok else "error"
        if fam or theme:

            def fix_defaults():
                root = st.root
                if root is None:
                    return
                dd = edit.get_or_add(root, "docDefaults", ["docDefaults", "latentStyles", "style"])
                if dd.getparent() is root and root.index(dd) != 0:
                    root.remove(dd)
                    root.insert(0, dd)
                rpd = edit.get_or_add(dd, "rPrDefault", ["rPrDefault", "pPrDefault"])
                rpr = edit.get_or_add(rpd, "rPr", ["rPr"])
                fix_all(edit.get_or_add(rpr, "rFonts", edit.RPR_ORDER))
                self.v.pkg.touch(self.v.styles_part)

            if theme:
                self.add(
                    "font.theme",
                    clause,
                    "document defaults use theme fonts",
                    loc,
                    "; ".join(theme),
                    expected,
                    fix=fix_defaults,
                    severity=dd_severity,
                )
            if fam:
                self.add(
                    "font.family",
                    clause,
                    "document default font",
                    loc,
                    "; ".join(fam),
                    expected,
                    fix=fix_defaults,
                    severity=dd_severity,
                )

        # styles in use
        for sid in sorted(self.v.used_styles()):
            style = st.by_id.get(sid)
            rf = style.find(f"{q('w:rPr')}/{q('w:rFonts')}") if style is not None else None
            if rf is None:
                continue
            fam, theme = self._font_problems(rf)
            sloc = Location(part="styles", style=st.names.get(sid, sid))

            def fix_style(rf=rf):
                fix_all(rf)
                self.v.pkg.touch(self.v.styles_part)

            if theme:
                self.add(
                    "font.theme", clause, "style uses theme fonts", sloc, "; ".join(theme), expected, fix=fix_style
                )
            if fam:
                self.add("font.family", clause, "style font", sloc, "; ".join(fam), expected, fix=fix_style)

        # direct formatting of runs (body, cells, headers and footers)
        for para in self._all_paras():
            fam_runs, theme_runs, fam_desc, theme_desc = [], [], set(), set()
            for run in para.runs:
                if not run.text.strip():
                    continue
                rpr = run.el.find(q("w:rPr"))
                rf = rpr.find(q("w:rFonts")) if rpr is not None else None
                if rf is None:
                    continue
                fam, theme = self._font_problems(rf)
                if fam:
                    fam_runs.append(run)
                    fam_desc.update(fam)
                if theme:
                    theme_runs.append(run)
                    theme_desc.update(theme)
            part = para.part

            def fix_runs(runs, part=part):
                for run in runs:
                    fix_all(run.el.find(q("w:rPr")).find(q("w:rFonts")))
                self.v.pkg.touch(part)

            if theme_runs:
                self.add(
                    "font.theme",
                    clause,
                    f"theme font in {len(theme_runs)} run(s)",
                    para.loc_run(theme_runs[0]),
                    "; ".join(sorted(theme_desc)),
                    expected,
                    fix=lambda rs=theme_runs: fix_runs(rs),
                )
            if fam_runs:
                self.add(
                    "font.family",
                    clause,
                    f"font of {len(fam_runs)} run(s)",
                    para.loc_run(fam_runs[0]),
                    "; ".join(sorted(fam_desc)),
                    expected,
                    fix=lambda rs=fam_runs: fix_runs(rs),
                )

    def _all_paras(self) -> list[Para]:
        out = list(self.v.paras)
        for _, (ty, target, mode) in self.v.rels.items():
            if ty in (REL_HEADER, REL_FOOTER) and mode == "Internal" and self.v.pkg.has(target):
                out.extend(self.v.part_paras(target))
        return out

    # -- identification -------------------------------------------------------------------------------------

    def identify(self) -> dict:
        blocks = self.v.blocks
        type_keys = {key(t) for t in self.r.type_names}
        ident: dict = {"type_name": None, "header_end": 0}

        # the type name: the first body-level paragraph among the first blocks reading as a document type
        for bi, b in enumerate(blocks[:80]):
            if not isinstance(b, Para):
                continue
            s = b.text.strip()
            if not s or len(s) > 60:
                continue
            k = key(s)
            # "KẾ HOẠCH", or a longer type name opening with one ("KẾ HOẠCH LIÊN TỊCH") written in capitals
            if k in type_keys or (is_upper(s) and any(k.startswith(t + " ") for t in type_keys)):
                ident["type_name"] = (bi, b)
                break
        if ident["type_name"]:
            header_end = ident["type_name"][0]
        else:
            first_table = next((i for i, b in enumerate(blocks[:6]) if isinstance(b, TableInfo)), None)
            header_end = first_table + 1 if first_table is not None else min(len(blocks), 12)
        ident["header_end"] = header_end

        header_lines: list[Line] = []
        for b in blocks[:header_end]:
            if isinstance(b, Para):
                header_lines.extend(b.lines())
            else:
                for (_r, _c), paras in sorted(b.cells.items()):
                    for p in paras:
                        header_lines.extend(p.lines())
        ident["header_lines"] = header_lines

        def first(pred):
            return next((ln for ln in header_lines if ln.stripped and pred(ln)), None)

        ident["party"] = first(lambda ln: key(ln.stripped) == PARTY_KEY) is not None
        ident["national_title"] = first(lambda ln: key(ln.stripped) == QH_KEY)
        ident["motto"] = first(lambda ln: bool(TN_RE.match(key(ln.stripped))))
        ident["number_symbol"] = first(lambda ln: _is_number_line(ln.stripped))
        ident["place_date"] = first(lambda ln: bool(DATE_FIND.search(key(ln.stripped))))

        # governing / issuing bodies: the left column of the header table, above the number
        qh = ident["national_title"]
        bodies: list[Line] = []
        if qh is not None and qh.para.table_key is not None:
            t_index, _, qh_col = qh.para.table_key
            table = next(b for b in blocks if isinstance(b, TableInfo) and b.index == t_index)
            stop = False
            for (_row, col), paras in sorted(table.cells.items()):
                if stop:
                    break
                if col >= qh_col:
                    continue
                for p in paras:
                    for ln in p.lines():
                        s = ln.stripped
                        if not s:
                            continue
                        if _is_number_line(s) or key(s).startswith("v/v"):
                            stop = True
                            break
                        bodies.append(ln)
                    if stop:
                        break
        governing, issuing = [], bodies
        if bodies:
            bold = [all(self.bold(ln.para, r) for r in ln.runs) for ln in bodies]
            if any(bold):
                k = 0
                while k < len(bodies) and not bold[k]:
                    k += 1
                governing, issuing = bodies[:k], bodies[k:]
        ident["governing_body"], ident["issuing_body"] = governing, issuing

        # trích yếu: the lines right under the type name
        summary: list[Line] = []
        body_start = header_end + 1 if ident["type_name"] else header_end
        if ident["type_name"]:
            i = header_end + 1
            if i < len(blocks) and isinstance(blocks[i], Para) and not blocks[i].text.strip():
                i += 1  # one blank line between the type name and the trích yếu
            while i < len(blocks) and len(summary) < 4:
                b = blocks[i]
                if not isinstance(b, Para) or not b.text.strip():
                    break
                s = b.text.strip()
                k = key(s)
                centred = self.jc(b) == "center"
                runs = [x for x in b.runs if x.text.strip()]
                bold = bool(runs) and all(self.bold(b, x) for x in runs)
                if k.startswith(("can cu", "kinh gui")) or HEADING_RE.match(s):
                    break
                if not summary and not (centred or bold):
                    break  # a justified, regular line under the type name is body text, not a trích yếu
                if summary and (not centred or k.startswith("thuc hien") or s.startswith("(")):
                    break  # a "(Ban hành kèm theo …)" note under the trích yếu is not part of it
                summary.extend(ln for ln in b.lines() if ln.stripped)
                i += 1
            body_start = i
        ident["summary"] = summary

        # signature zone: the table holding "Nơi nhận" or an authority line; else body paragraphs
        auth_re = self._auth_re()
        sig_block = None
        # a table holding "Nơi nhận" or an authority line; paragraphs only when no such table exists
        for bi in range(body_start, len(blocks)):
            b = blocks[bi]
            if isinstance(b, TableInfo):
                lines = [ln for paras in b.cells.values() for p in paras for ln in p.lines()]
                if any(key(ln.stripped, 20).startswith("noi nhan") for ln in lines) or any(
                    auth_re.match(ln.stripped) for ln in lines
                ):
                    sig_block = bi
                    break
        if sig_block is None:
            for bi in range(body_start, len(blocks)):
                b = blocks[bi]
                if isinstance(b, Para):
                    s = b.text.strip()
                    if key(s, 20).startswith("noi nhan") or auth_re.match(s):
                        sig_block = bi
                        break
        ident["sig_block"] = sig_block
        ident["body_blocks"] = blocks[body_start : sig_block if sig_block is not None else len(blocks)]
        self._identify_signature(ident, blocks, sig_block, auth_re)
        return ident

    def _auth_re(self):
        prefixes = "|".join(re.escape(p.rstrip(".")) for p in self.r.authority_prefixes)
        return re.compile(rf"^\s*(?:{prefixes})\s*\.\s*\S", re.I)

    def _identify_signature(self, ident, blocks, sig_block, auth_re) -> None:
        ident["recipients_heading"] = None
        ident["recipients"] = []
        ident["signer_lines"] = []
        ident["signer_name"] = None
        ident["appendix_blocks"] = []
        if sig_block is None:
            return
        b = blocks[sig_block]
        signer_lines: list[Line] = []
        nn_line, rec_lines = None, []
        after = sig_block + 1

        def is_recipient(text: str) -> bool:
            return bool(BULLET_RE.match(text)) or key(text).startswith("luu")

        if isinstance(b, TableInfo):
            nn_cell = None
            for cell, paras in sorted(b.cells.items()):
                for p in paras:
                    for ln in p.lines():
                        if nn_line is None and key(ln.stripped).startswith("noi nhan"):
                            nn_line, nn_cell = ln, cell
            for cell, paras in sorted(b.cells.items()):
                lines = [ln for p in paras for ln in p.lines()]
                if cell != nn_cell:
                    signer_lines.extend(ln for ln in lines if ln.stripped)
                    continue
                idx = next(i for i, ln in enumerate(lines) if ln.para is nn_line.para and ln.start == nn_line.start)
                mode = "rec"
                for ln in lines[idx + 1 :]:
                    text = ln.stripped
                    if mode == "rec":
                        if not text:
                            if rec_lines:
                                mode = "gap"
                            continue
                        if auth_re.match(text):
                            mode = "sig"
                        else:
                            rec_lines.append(ln)
                            continue
                    if text:
                        mode = "sig"
                        signer_lines.append(ln)
        else:
            # paragraphs: the signer block and Nơi nhận, possibly side by side through tabs on the same lines
            i = sig_block
            mode = None
            while i < len(blocks) and isinstance(blocks[i], Para):
                p = blocks[i]
                s = p.text.strip()
                if key(s).startswith("phu luc") and len(s) <= 80:
                    break
                for ln in p.lines():
                    cols = _columns(ln)
                    if not cols:
                        continue
                    first_col, rest = cols[0], cols[1:]
                    k = key(first_col.stripped)
                    if k.startswith("noi nhan") and nn_line is None:
                        mode = "rec"
                        nn_line = first_col
                        signer_lines.extend(rest)
                    elif mode == "rec" and is_recipient(first_col.stripped) and first_col.start - ln.start < 8:
                        rec_lines.append(first_col)
                        signer_lines.extend(rest)
                    else:
                        mode = mode or "sig"
                        signer_lines.extend(cols)
                i += 1
            after = i
        ident["recipients_heading"] = nn_line
        ident["recipients"] = rec_lines
        lines = [ln for ln in signer_lines if not PAREN_RE.match(ln.stripped)]
        if lines:
            if (len(lines) == 1 and self.line_upper(lines[0])) or _TITLE_LINE_RE.search(lines[-1].stripped):
                # A draft leaves the name blank for the signer: the last line is then a title, not a name.
                ident["signer_lines"] = lines
            else:
                ident["signer_lines"] = lines[:-1]
                ident["signer_name"] = lines[-1]
        ident["appendix_blocks"] = blocks[after:]

    # -- element checks ---------------------------------------------------------------------------------------

    def check_elements(self, ident: dict) -> None:
        r = self.r
        self.party = ident["party"]
        if self.party:
            self.notes.append("Party document (ĐẢNG CỘNG SẢN VIỆT NAM): the State header rules are not applied")
        else:
            if ident["national_title"] is None:
                self.add(
                    "national_title.missing",
                    r.element("national_title").clause,
                    "no Quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) in the header",
                    Location(paragraph=1),
                    "missing",
                    r.element("national_title").text,
                )
            else:
                self.check_element("national_title", ident["national_title"], align=False, label="Quốc hiệu")
            if ident["motto"] is None:
                self.add(
                    "motto.missing",
                    r.element("motto").clause,
                    "no Tiêu ngữ under the Quốc hiệu",
                    Location(paragraph=1),
                    "missing",
                    r.element("motto").text,
                )
            else:
                self.check_element("motto", ident["motto"], align=False, label="Tiêu ngữ")
            for ln in ident["governing_body"]:
                self.check_element("governing_body", ln, align=False, label="governing body")
            for ln in ident["issuing_body"]:
                self.check_element("issuing_body", ln, align=False, label="issuing body")
            if ident["number_symbol"] is not None:
                self.check_element("number_symbol", ident["number_symbol"], align=False, label="number and symbol")
                self.check_number(ident["number_symbol"])
        if ident["place_date"] is not None:
            self.check_element("place_date", ident["place_date"], align=False, label="place and date")
            self.check_date(ident["place_date"])
        if ident["type_name"] is not None:
            tn = ident["type_name"][1]
            for ln in tn.lines():
                if ln.stripped:
                    self.check_element("type_name", ln, label="type name")
        for ln in ident["summary"]:
            self.check_element("summary", ln, label="trích yếu")

        self.check_body(ident["body_blocks"])
        self.check_signature(ident)
        self.check_appendices(ident["appendix_blocks"])

    def check_number(self, line: Line) -> None:
        rule = self.r.number
        text = line.text
        m = SO_RE.match(text)
        if not m:
            return
        rest = m.group("rest")
        offset = line.start + m.start("rest")
        if re.match(r"^\d+\s*-\s*[^/\s]+\s*/", rest):  # 146-KH/HU: Party convention
            self.notes.append("number in the Party convention (N-KH/XX): State number rules not applied")
            return
        loc = line.para.loc
        if m.group("colon") is None:
            self.add(
                "number_symbol.format",
                rule.clause,
                "'Số' must be followed by a colon",
                loc,
                text.strip(),
                "Số: 05/KH-UBND",
            )
        nm = re.match(r"^(?P<num>\d+)?(?P<sp1>\s*)/(?P<sp2>\s*)(?P<sym>.*)$", rest)
        if not nm:
            self.add(
                "number_symbol.format",
                rule.clause,
                "number and symbol not in the form 'Số: 05/KH-UBND'",
                loc,
                text.strip(),
                "Số: 05/KH-UBND",
            )
            return
        num, sym = nm.group("num"), nm.group("sym").rstrip()
        edits: list[tuple[int, int, str]] = []
        if num is not None and (nm.group("sp1") or nm.group("sp2")):
            a = offset + nm.end("num")
            b = offset + nm.start("sym")
            edits.append((a, b, "/"))
        dash = list(re.finditer(r"\s+-\s*|\s*-\s+", sym))
        for d in dash:
            a = offset + nm.start("sym") + d.start()
            edits.append((a, a + len(d.group(0)), "-"))
        spaces_found = bool(edits)
        if num is not None and len(num) == 1 and int(num) < rule.zero_pad_below:
            a = offset + nm.start("num")
            edits.append((a, a + 1, f"0{num}"))
        if not edits:
            return
        fixer = _LineFixer(line, edits)
        if spaces_found:
            self.add(
                "number_symbol.spaces",
                rule.clause,
                "no spaces around '/' and '-' in the number and symbol",
                loc,
                text.strip(),
                _apply(line, edits).strip(),
                fix=fixer,
            )
        if num is not None and len(num) == 1 and int(num) < rule.zero_pad_below:
            self.add(
                "number_symbol.zero",
                rule.clause,
                "numbers below 10 take a leading zero",
                loc,
                f"Số: {num}/…",
                f"Số: 0{num}/…",
                fix=fixer,
            )

    def check_date(self, line: Line) -> None:
        rule = self.r.date
        m = DATE_RE.search(line.text)
        loc = line.para.loc
        if not m:
            self.add(
                "place_date.format",
                rule.clause,
                "date not in the form 'ngày DD tháng M năm YYYY'",
                loc,
                line.stripped,
                "…, ngày 05 tháng 3 năm 2024",
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
            fixer = _LineFixer(line, edits)
            for rid, found, expected, msg in problems:
                self.add(rid, rule.clause, msg, loc, found, expected, fix=fixer)

    def _para_metrics(self, para: Para) -> dict:
        st = self.st
        ps = para.pstyle
        _, ind = st.pattr(para.el, ps, q("w:ind"), ("firstLine", "hanging", "firstLineChars", "hangingChars"))
        _, before = st.pattr(para.el, ps, q("w:spacing"), ("before", "beforeLines", "beforeAutospacing"))
        _, after = st.pattr(para.el, ps, q("w:spacing"), ("after", "afterLines", "afterAutospacing"))
        _, line = st.pattr(para.el, ps, q("w:spacing"), ("line",))
        rule_el, _ = st.pattr(para.el, ps, q("w:spacing"), ("line",))
        line_rule = rule_el.get(q("w:lineRule")) if rule_el is not None else None
        return {"ind": ind, "before": before, "after": after, "line": line.get("line"), "lineRule": line_rule or "auto"}

    def check_body(self, blocks) -> None:
        r = self.r
        b = r.body
        body_rule = r.element("body")
        opening = True  # legal bases (căn cứ) are only read before the first heading
        for blk in blocks:
            if not isinstance(blk, Para):
                continue
            para = blk
            s = para.text.strip()
            if not s or not para.runs:
                continue
            k = key(s)
            lines = [ln for ln in para.lines() if ln.stripped]
            if k.startswith("kinh gui"):
                for ln in lines:
                    self.check_element("addressee", ln, align=False, label="Kính gửi")
                continue
            hm = HEADING_RE.match(s)
            runs = [x for x in para.runs if x.text.strip()]
            all_bold = bool(runs) and all(self.bold(para, x) for x in runs)
            heading = bool(hm) and (all_bold or len(s) <= 120)
            if (
                not heading
                and len(s) <= 120
                and (
                    k.startswith(("phan thu", "phan ", "chuong ", "muc "))
                    or (self.jc(para) == "center" and self.line_upper(lines[0]))
                )
            ):
                heading = True  # part titles (Phần thứ nhất, centred capitals): checked for size only
            if heading:
                opening = False
                # a Roman-numbered part must be bold capitals; plain "II. abc" lines are checked for size only
                part = bool(hm and hm.group("roman")) and (all_bold or self.line_upper(lines[0]))
                name = "heading_part" if part else "heading"
                for ln in lines:
                    self.check_element(name, ln, align=False, label="heading")
            else:
                if opening and k.startswith("can cu"):
                    for ln in lines:
                        self.check_element("legal_basis", ln, align=False, label="legal basis (căn cứ)")
                else:
                    for ln in lines:
                        self.check_element("body", ln, align=False, label="body text")
                self._check_body_layout(para)
            self._check_spacing(para, body_rule, b)

    def _check_body_layout(self, para: Para) -> None:
        r = self.r
        b = r.body
        clause = r.element("body").clause
        if self.jc(para) != "justify":
            self.add(
                "body.align",
                clause,
                "body text must be justified",
                para.loc,
                self.jc(para),
                "justified",
                fix=lambda p=para.el: edit.set_jc(p, "both"),
            )
        m = self._para_metrics(para)
        ind = m["ind"]
        first_cm = 0.0
        if "hanging" in ind:
            first_cm = -nd30.twips_to_cm(_int(ind["hanging"]) or 0)
        elif "hangingChars" in ind:
            first_cm = -1.0
        elif "firstLineChars" in ind and (_int(ind["firstLineChars"]) or 0):
            size = self._para_size(para)
            first_cm = (_int(ind["firstLineChars"]) or 0) / 100 * size / 72 * 2.54
        elif "firstLine" in ind:
            first_cm = nd30.twips_to_cm(_int(ind["firstLine"]) or 0)
        rng = b.first_line_indent_cm
        if not rng.contains(first_cm, b.indent_tolerance_cm):
            self.add(
                "body.indent",
                clause,
                "first-line indent",
                para.loc,
                f"{first_cm:.2f} cm",
                rng.describe("cm"),
                fix=lambda p=para.el: edit.set_first_line(p, b.first_line_indent_twips),
            )

    def _para_size(self, para: Para) -> float:
        runs = [x for x in para.runs if x.text.strip()]
        return self.size(para, runs[0]) if runs else self.r.element("body").size.chosen

    def _check_spacing(self, para: Para, rule, b: nd30.BodyRule) -> None:
        m = self._para_metrics(para)
        size = self._para_size(para)

        def pts(vals: dict, name: str) -> float:
            if vals.get(f"{name}Autospacing") and onoff_attr(vals[f"{name}Autospacing"]):
                return 14.0  # HTML-style automatic spacing
            if f"{name}Lines" in vals:
                return (_int(vals[f"{name}Lines"]) or 0) / 100 * size * 1.15
            return nd30.twips_to_pt(_int(vals.get(name)) or 0)

        total = pts(m["before"], "before") + pts(m["after"], "after")
        if total + 1e-6 < b.spacing_min_pt:
            self.add(
                "body.spacing",
                rule.clause,
                "space between paragraphs (before + after)",
                para.loc,
                f"{total:g} pt",
                f"≥ {b.spacing_min_pt:g} pt",
                fix=lambda p=para.el: edit.set_spacing(
                    p,
                    before=nd30.pt_to_twips(b.spacing_before_pt),
                    after=nd30.pt_to_twips(b.spacing_after_pt),
                    beforeLines=None,
                    afterLines=None,
                    beforeAutospacing=None,
                    afterAutospacing=None,
                ),
            )
        line = _int(m["line"])
        if line is None:
            return
        lr = m["lineRule"]
        fix = lambda p=para.el: edit.set_spacing(p, line=round(b.line_multiple.chosen * 240), lineRule="auto")  # noqa: E731
        if lr == "auto":
            mult = line / 240
            if not b.line_multiple.contains(mult, 0.01):
                self.add(
                    "body.line_spacing",
                    rule.clause,
                    "line spacing",
                    para.loc,
                    f"{mult:g} lines",
                    b.line_multiple.describe("lines"),
                    fix=fix,
                )
        else:
            pt = nd30.twips_to_pt(line)
            lo, hi = b.line_exact_per_size.min * size, b.line_exact_per_size.max * size
            if lr == "atLeast":
                ok = pt <= hi + 0.05
            else:
                ok = lo - 0.05 <= pt <= hi + 0.05
            if not ok:
                self.add(
                    "body.line_spacing",
                    rule.clause,
                    f"line spacing ({lr})",
                    para.loc,
                    f"{pt:g} pt",
                    f"{lo:g}–{hi:g} pt for {size:g} pt text (single to 1.5 lines)",
                    fix=fix,
                )

    def check_signature(self, ident: dict) -> None:
        r = self.r
        nn = ident["recipients_heading"]
        if nn is not None:
            self.check_element("recipients_heading", nn, label="Nơi nhận")
            recs = ident["recipients"]
            rule = r.element("recipients")
            for ln in recs:
                self.check_element("recipients", ln, align=False, label="recipient")
            last = recs[-1] if recs else None
            if last is None or not key(BULLET_RE.sub("", last.stripped)).startswith("luu"):
                self.add(
                    "recipients.archive",
                    rule.clause,
                    "the last recipient line must be '- Lưu: VT, …'",
                    (last or nn).para.loc,
                    last.stripped[:60] if last else "no recipients",
                    "- Lưu: VT, …",
                )
            for ln in recs[:-1]:
                if not ln.stripped.endswith(";"):
                    self.add(
                        "recipients.punctuation",
                        rule.clause,
                        "each recipient line ends with ';'",
                        ln.para.loc,
                        ln.stripped[-20:],
                        "…;",
                        severity="warning",
                    )
        elif ident["sig_block"] is not None:
            self.add(
                "recipients_heading.missing",
                r.element("recipients_heading").clause,
                "no 'Nơi nhận:' block beside the signature",
                Location(paragraph=None),
                "missing",
                "Nơi nhận:",
                severity="warning",
            )
        for ln in ident["signer_lines"]:
            self.check_element("signature_authority", ln, align=ln.para.in_table, label="signing authority / title")
        if ident["signer_name"] is not None:
            self.check_element(
                "signer_name", ident["signer_name"], align=ident["signer_name"].para.in_table, label="signer's name"
            )

    def check_appendices(self, blocks) -> None:
        i = 0
        paras = [b for b in blocks if isinstance(b, Para)]
        while i < len(paras):
            p = paras[i]
            s = p.text.strip()
            if s and key(s).startswith("phu luc") and len(s) <= 80:
                for ln in p.lines():
                    if ln.stripped:
                        self.check_element("appendix_label", ln, label="appendix label")
                j = i + 1
                while j < len(paras) and j <= i + 4:
                    s2 = paras[j].text.strip()
                    if not s2:
                        j += 1
                        continue
                    if s2.startswith("(") and "kem theo" in key(s2)[:40]:
                        for ln in paras[j].lines():
                            if ln.stripped:
                                self.check_element("appendix_reference", ln, label="appendix reference")
                        break
                    if self.jc(paras[j]) != "center" or HEADING_RE.match(s2):
                        break  # the appendix body has begun
                    for ln in paras[j].lines():
                        if ln.stripped:
                            self.check_element("appendix_title", ln, label="appendix title")
                    j += 1
                i = j
            i += 1

    # -- page numbers -----------------------------------------------------------------------------------------

    def check_page_numbers(self) -> None:
        r = self.r
        pn = r.page_number
        clause = pn.clause
        sections = self.v.sections()
        if not sections:
            return
        first = sections[0]
        refs: dict[str, str] = {}
        for ref in first.findall(q("w:headerReference")):
            part = self.v.header_part(ref)
            if part:
                refs[ref.get(q("w:type")) or "default"] = part
        footers = [self.v.header_part(ref) for s in sections for ref in s.findall(q("w:footerReference"))]
        title_pg = bool(onoff(first.find(q("w:titlePg"))))

        def page_paras(part):
            return [p for p in self.v.part_paras(part) if PAGE_FIELD.search(field_instructions(p))] if part else []

        default_page = page_paras(refs.get("default"))
        loc_default = Location(part=refs.get("default") or "header", section=1)
        if not default_page:
            in_footer = any(page_paras(f) for f in footers if f)
            if in_footer:
                self.add(
                    "page_number.position",
                    clause,
                    "page number in the footer",
                    Location(section=1),
                    "bottom of the page",
                    "centred in the top margin (header)",
                )
            elif self._multi_page():
                self.add(
                    "page_number.missing",
                    clause,
                    "no page number (PAGE field) in the header",
                    Location(section=1),
                    "none",
                    "PAGE field centred in the header, from page 2",
                    fix=lambda: self._add_page_header(first),
                )
        else:
            para = default_page[0]
            if self.jc(para) != pn.align:
                self.add(
                    "page_number.align",
                    clause,
                    "page number alignment",
                    para.loc,
                    self.jc(para),
                    pn.align,
                    fix=lambda p=para: (edit.set_jc(p.el, pn.align), self.v.pkg.touch(p.part)),
                )
            field_runs = _field_runs(para)
            sizes = {self.size(para, x) for x in field_runs}
            bad = [x for x in field_runs if not pn.size.contains(self.size(para, x))]
            if bad:
                self.add(
                    "page_number.size",
                    clause,
                    "page number font size",
                    para.loc,
                    ", ".join(f"{s:g}" for s in sorted(sizes)) + " pt",
                    pn.size.describe("pt"),
                    fix=lambda p=para, bad=bad: (
                        [edit.set_size(x.el, pn.size.chosen) for x in bad],
                        self.v.pkg.touch(p.part),
                    ),
                )
            if pn.italic is False:
                bad = [x for x in field_runs if self.italic(para, x)]
                if bad:
                    self.add(
                        "page_number.italic",
                        clause,
                        "page number must be upright (not italic)",
                        para.loc,
                        "italic",
                        "upright",
                        fix=lambda p=para, bad=bad: (
                            [edit.set_toggle(x.el, "i", False) for x in bad],
                            self.v.pkg.touch(p.part),
                        ),
                    )
            if not title_pg:
                self.add(
                    "page_number.first_page",
                    clause,
                    "page 1 shows a page number (no 'different first page')",
                    loc_default,
                    "number on page 1",
                    "no number on page 1 (w:titlePg, empty first-page header)",
                    fix=lambda: self._set_title_pg(first),
                )
        if title_pg and refs.get("first"):
            fp = self.v.part_paras(refs["first"])
            shows = [p for p in fp if p.text.strip() or PAGE_FIELD.search(field_instructions(p))]
            if shows:
                self.add(
                    "page_number.first_page",
                    clause,
                    "the first-page header is not empty",
                    Location(part=refs["first"], section=1),
                    shows[0].text.strip()[:40] or "PAGE field",
                    "empty first-page header",
                    fix=lambda part=refs["first"]: self._clear_header(part),
                )

    def _multi_page(self) -> bool:
        chars = sum(len(p.text) for p in self.v.paras)
        return (
            chars > 2500
            or len(self.v.paras) > 45
            or any(p.el.find(f"{q('w:pPr')}/{q('w:sectPr')}") is not None for p in self.v.paras)
        )

    def _set_title_pg(self, sect) -> None:
        tp = edit.get_or_add(sect, "titlePg", edit.SECT_ORDER)
        tp.attrib.pop(q("w:val"), None)

    def _clear_header(self, part: str) -> None:
        root = self.v.pkg.xml(part)
        for child in list(root):
            root.remove(child)
        root.append(_el(f'<w:p xmlns:w="{W}"/>'))
        self.v.pkg.touch(part)

    def _add_page_header(self, sect) -> None:
        pkg = self.v.pkg
        pn = self.r.page_number
        hp = nd30.pt_to_half_points(pn.size.chosen)
        rpr = f'<w:rPr><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr>'
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:p><w:pPr><w:jc w:val="{pn.align}"/></w:pPr><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>2</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
        ).encode()
        name = pkg.new_part_name("word/header{}.xml")
        pkg.add_part(name, xml, CT_HEADER)
        rid = pkg.add_rel(pkg.main, REL_HEADER, name)
        for ref in sect.findall(q("w:headerReference")):
            if (ref.get(q("w:type")) or "default") == "default":
                sect.remove(ref)
        ref = _el(f'<w:headerReference xmlns:w="{W}" xmlns:r="{R}" w:type="default" r:id="{rid}"/>')
        sect.insert(0, ref)
        self._set_title_pg(sect)

    # -- all -------------------------------------------------------------------------------------------------

    def run(self) -> dict:
        self.check_sections()
        self.check_fonts()
        ident = self.identify()
        self.check_elements(ident)
        self.check_page_numbers()
        return ident


class _LineFixer:
    """Applies all text edits of one line once (right to left, so earlier offsets stay valid)."""

    def __init__(self, line: Line, edits: list[tuple[int, int, str]]):
        self.line = line
        self.edits = sorted(edits, key=lambda e: e[0], reverse=True)
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        for a, b, new in self.edits:
            edit.replace_text(self.line.para, a, b, new)


def _apply(line: Line, edits) -> str:
    text = line.para.text
    for a, b, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:a] + new + text[b:]
    return text[line.start : line.end + sum(len(n) - (b - a) for a, b, n in edits)]


_COL_SPLIT = re.compile(r"\t+|\s{4,}")


def _columns(line: Line) -> list[Line]:
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


def _field_runs(para: Para) -> list[RunInfo]:
    """Runs that print the page number: the runs of the paragraph holding the PAGE field (the field's own
    runs carry no text, so every run of that paragraph is checked)."""
    return list(para.runs)


def _is_number_line(s: str) -> bool:
    m = SO_RE.match(s)
    if not m:
        return False
    rest = m.group("rest")
    return bool(m.group("colon")) or bool(re.match(r"^[\d\s.…]*[/-]", rest))


def _int(v) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


def onoff_attr(v) -> bool:
    return v is not None and str(v).lower() not in ("0", "false", "off")


def _el(xml: str):
    from lxml import etree

    return etree.fromstring(xml)


__all__ = ["Checker", "Violation", "key"]
