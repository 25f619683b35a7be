"""The body font: Times New Roman in the document defaults, the styles text uses, and direct run formatting.

Not body-font violations (one info line each at most): a font slot for a script the text does not contain
(eastAsia without East Asian characters, cs without complex-script ones), and Times New Roman written under a
PostScript or face name ("TimesNewRomanPSMT", "Times New Roman Italic") — a wrong name Word still maps to it."""

from __future__ import annotations

import re

from .. import edit
from ..docmodel import Location, Para, q
from ..package import REL_FOOTER, REL_HEADER
from .base import Context

_THEME_OF = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
# Characters a slot is used for: East Asian (CJK, kana, hangul, full-width) and complex scripts (RTL, Indic, Thai).
_SCRIPT = {
    "eastAsia": re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"),
    "cs": re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\ufb1d-\ufdff\ufe70-\ufeff]"),
}
_FACE_SUFFIX = re.compile(r"(ps)?(-?(bold|italic|bolditalic|regular))*(mt)?$")


def _squash(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


class _Fonts:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        r = ctx.r
        self.name = r.font_name
        self.key = _squash(r.font_name)
        text = "".join(p.text for p in self.paras())
        self.active = tuple(s for s in r.font_slots if s not in _SCRIPT or _SCRIPT[s].search(text))
        self.idle: dict[str, set[str]] = {}  # slot -> fonts set on it, for scripts the text lacks
        self.aliases: set[str] = set()
        self.alias_fixes: list = []

    def paras(self) -> list[Para]:
        v = self.ctx.v
        out = list(v.paras)
        for _, (ty, target, mode) in v.rels.items():
            if ty in (REL_HEADER, REL_FOOTER) and mode == "Internal" and v.pkg.has(target):
                out.extend(v.part_paras(target))
        return out

    def is_alias(self, value: str) -> bool:
        """'TimesNewRomanPSMT', 'Times New Roman Italic': the same family under a face or PostScript name."""
        squashed = _squash(value)
        return (
            squashed != self.key
            and squashed.startswith(self.key)
            and not _FACE_SUFFIX.sub("", squashed[len(self.key) :])
        )

    def problems(self, rfonts, require: tuple[str, ...] = (), fix=None) -> tuple[list[str], list[str]]:
        """(wrong-family problems, theme problems) of one w:rFonts, on the slots the text uses."""
        fam, theme = [], []
        for slot in self.ctx.r.font_slots:
            t = rfonts.get(q(f"w:{_THEME_OF[slot]}")) if rfonts is not None else None
            v = rfonts.get(q(f"w:{slot}")) if rfonts is not None else None
            if v is not None:
                v = v.split(";")[0]  # "TimesNewRomanPSMT;Times New Roman": the font used, then its fallbacks
            if slot not in self.active:
                if t or (v is not None and v.strip().lower() != self.name.lower()):
                    self.idle.setdefault(slot, set()).add(t or v)
                continue
            if t:
                theme.append(f"{slot}={t}")
            elif v is not None and v.strip().lower() != self.name.lower():
                if self.is_alias(v):
                    self.aliases.add(v)
                    if fix is not None:
                        self.alias_fixes.append(fix)
                else:
                    fam.append(f"{slot}={v}")
            elif v is None and slot in require:
                fam.append(f"{slot} not set")
        return fam, theme


def _text_styles(ctx: Context, paras: list[Para]) -> set[str]:
    """Styles some visible text takes its font from: the paragraph and character styles of runs with text
    (and the styles they are based on)."""
    st = ctx.st
    used: set[str] = set()
    for p in paras:
        runs = [r for r in p.runs if r.text.strip()]
        if not runs:
            continue
        if p.pstyle:
            used.add(p.pstyle)
        for r in runs:
            rpr = r.el.find(q("w:rPr"))
            rs = rpr.find(q("w:rStyle")) if rpr is not None else None
            if rs is not None and rs.get(q("w:val")):
                used.add(rs.get(q("w:val")))
    if st.default_para:
        used.add(st.default_para)
    return {s.style_id for sid in used for s in st.chain(sid)}


def check(ctx: Context) -> None:
    r = ctx.r
    clause = r.font_clause
    st = ctx.st
    f = _Fonts(ctx)
    paras = f.paras()

    def fix_all(el):
        edit.set_fonts(el, r.font_name, r.font_slots, r.font_theme_attributes)

    expected = f"{r.font_name} in {', '.join(f.active)}"

    # document defaults, completed by the default paragraph style chain
    dd_fonts = st.doc_rpr.find(q("w:rFonts")) if st.doc_rpr is not None else None
    defined = set()
    for s in st.chain(st.default_para):
        rf = s.el.find(f"{q('w:rPr')}/{q('w:rFonts')}")
        if rf is not None:
            defined |= {slot for slot in f.active if rf.get(q(f"w:{slot}"))}
    missing = tuple(s for s in f.active if s not in defined)

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
        ctx.v.pkg.touch(ctx.v.styles_part)

    fam, theme = f.problems(dd_fonts, missing, fix_defaults)
    loc = Location(part="styles", style="docDefaults")
    # the default paragraph style setting every used slot to the right font makes the defaults mostly moot
    normal_ok = not missing and all(
        not any(f.problems(s.el.find(f"{q('w:rPr')}/{q('w:rFonts')}")))
        for s in st.chain(st.default_para)
        if s.el.find(f"{q('w:rPr')}/{q('w:rFonts')}") is not None
    )
    dd_severity = "warning" if normal_ok else "error"
    if theme:
        ctx.add(
            "font.theme",
            clause,
            "document defaults use theme fonts",
            loc,
            "; ".join(theme),
            expected,
            fix=fix_defaults,
            severity=dd_severity,
            zone="styles",
        )
    if fam:
        ctx.add(
            "font.family",
            clause,
            "document default font",
            loc,
            "; ".join(fam),
            expected,
            fix=fix_defaults,
            severity=dd_severity,
            zone="styles",
        )

    # styles some text uses
    for sid in sorted(_text_styles(ctx, paras)):
        style = st.get(sid)
        rf = style.el.find(f"{q('w:rPr')}/{q('w:rFonts')}") if style is not None else None
        if rf is None:
            continue

        def fix_style(rf=rf):
            fix_all(rf)
            ctx.v.pkg.touch(ctx.v.styles_part)

        fam, theme = f.problems(rf, fix=fix_style)
        sloc = Location(part="styles", style=st.name(sid))
        if theme:
            ctx.add(
                "font.theme",
                clause,
                "style uses theme fonts",
                sloc,
                "; ".join(theme),
                expected,
                fix=fix_style,
                zone="styles",
            )
        if fam:
            ctx.add("font.family", clause, "style font", sloc, "; ".join(fam), expected, fix=fix_style, zone="styles")

    # direct formatting of runs (body, cells, headers and footers)
    for para in paras:
        fam_runs, theme_runs, fam_desc, theme_desc = [], [], set(), set()
        part = para.part

        def fix_runs(runs, part=part):
            for run in runs:
                fix_all(run.el.find(q("w:rPr")).find(q("w:rFonts")))
            ctx.v.pkg.touch(part)

        for run in para.runs:
            if not run.text.strip():
                continue
            rpr = run.el.find(q("w:rPr"))
            rf = rpr.find(q("w:rFonts")) if rpr is not None else None
            if rf is None:
                continue
            fam, theme = f.problems(rf, fix=lambda run=run: fix_runs([run]))
            if fam:
                fam_runs.append(run)
                fam_desc.update(fam)
            if theme:
                theme_runs.append(run)
                theme_desc.update(theme)
        zone = ctx.z.zone_of(para) if part == "document" else "page"
        if theme_runs:
            ctx.add(
                "font.theme",
                clause,
                f"theme font in {len(theme_runs)} run(s)",
                para.loc_run(theme_runs[0]),
                "; ".join(sorted(theme_desc)),
                expected,
                fix=lambda rs=theme_runs: fix_runs(rs),
                zone=str(zone) if zone else None,
            )
        if fam_runs:
            ctx.add(
                "font.family",
                clause,
                f"font of {len(fam_runs)} run(s)",
                para.loc_run(fam_runs[0]),
                "; ".join(sorted(fam_desc)),
                expected,
                fix=lambda rs=fam_runs: fix_runs(rs),
                zone=str(zone) if zone else None,
            )

    if f.aliases:
        fixes = list(f.alias_fixes)
        ctx.add(
            "font.alias",
            clause,
            f"{r.font_name} written under another name (Word maps it, other programs may not)",
            Location(part="styles"),
            ", ".join(sorted(f.aliases)),
            r.font_name,
            fix=lambda: [fx() for fx in fixes],
            severity="info",
            zone="styles",
        )
    if f.idle:
        ctx.add(
            "font.unused_slot",
            clause,
            "font slots for scripts the text does not contain (not used for its letters)",
            Location(part="styles"),
            "; ".join(f"{slot}={', '.join(sorted(v))}" for slot, v in sorted(f.idle.items())),
            None,
            severity="info",
            zone="styles",
        )
