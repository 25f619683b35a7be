"""styles.xml: style lookup with `w:basedOn` inheritance and the effective properties of runs and paragraphs.

Two ways to ask, one resolution order:
- element level (what a checker reports on and edits): `rprop` finds the w:rPr child that decides a run's
  property, `ppr_levels`/`pattr`/`jc` the w:pPr that decides a paragraph's;
- value level (what a reader needs): `base_run_props` gives `RunProps`, `alignment`, `heading_level`,
  `num_ref` (the numbering a paragraph gets from its own w:numPr or its style).

Runs: direct → character style chain → paragraph style chain → document defaults (w:docDefaults).
Paragraphs: direct → numbering level (w:lvl/w:pPr) → paragraph style chain → document defaults.
Missing parents and `w:basedOn` cycles are tolerated; a w:pStyle naming no style means the default style, as
in Word.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ns import W_VAL, w
from .numbering import Numbering
from .props import (
    EMPTY_PROPS,
    FONT_SLOTS,
    THEME_SLOTS,
    RunProps,
    alignment,
    int_val,
    numpr_ids,
    on_off,
    on_off_attr,
    parse_rpr,
    wval,
)

_MAX_CHAIN = 50  # basedOn depth; Word itself stops far earlier
_PPR, _RPR, _PSTYLE, _RSTYLE, _NUMPR = w("pPr"), w("rPr"), w("pStyle"), w("rStyle"), w("numPr")
_SZ, _RFONTS, _JC = w("sz"), w("rFonts"), w("jc")
DEFAULT_SIZE_PT = 10.0  # WordprocessingML's size when nothing sets one


@dataclass(slots=True)
class Style:
    """One w:style: its element and the parts of it lookups need."""

    el: object
    style_id: str
    type: str  # paragraph | character | table | numbering
    name: str
    based_on: str | None
    ppr: object | None
    rpr: object | None
    default: bool = False


class Styles:
    """The styles of one document; with numbering.xml given, `numbering` is that document's `Numbering`."""

    def __init__(self, styles_el=None, numbering_el=None):
        self.root = styles_el
        self.by_id: dict[str, Style] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.doc_rpr = None  # w:docDefaults/w:rPrDefault/w:rPr
        self.doc_ppr = None  # w:docDefaults/w:pPrDefault/w:pPr
        self.doc_props = EMPTY_PROPS
        self._chain: dict[str, list[Style]] = {}
        self._props: dict[tuple, RunProps] = {}
        self._rcache: dict[tuple, object] = {}
        self._spprs: dict[str | None, list] = {}
        self._levels: dict[object, list] = {}
        if styles_el is not None:
            self._load(styles_el)
        self.numbering = Numbering(numbering_el, self)  # follows w:numStyleLink through these styles

    def _load(self, root) -> None:
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.doc_rpr = defaults.find(f"{w('rPrDefault')}/{_RPR}")
            self.doc_ppr = defaults.find(f"{w('pPrDefault')}/{_PPR}")
            self.doc_props = parse_rpr(self.doc_rpr)
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            if not sid:
                continue
            stype = st.get(w("type"), "paragraph")
            is_default = on_off_attr(st.get(w("default")))
            self.by_id[sid] = Style(
                el=st,
                style_id=sid,
                type=stype,
                name=wval(st.find(w("name"))) or sid,
                based_on=wval(st.find(w("basedOn"))),
                ppr=st.find(_PPR),
                rpr=st.find(_RPR),
                default=is_default,
            )
            # The first default of each type wins, as in Word.
            if is_default and stype == "paragraph" and self.default_para is None:
                self.default_para = sid
            elif is_default and stype == "character" and self.default_char is None:
                self.default_char = sid

    # -- lookup ---------------------------------------------------------------------------------------------

    def get(self, style_id: str | None) -> Style | None:
        return self.by_id.get(style_id) if style_id else None

    def name(self, style_id: str) -> str:
        """The style's display name (w:name), its id when it has none or does not exist."""
        st = self.by_id.get(style_id)
        return st.name if st is not None else style_id

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its ancestors, nearest first (empty for an unknown id)."""
        if not style_id:
            return []
        cached = self._chain.get(style_id)
        if cached is not None:
            return cached
        out: list[Style] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen and len(out) < _MAX_CHAIN:
            seen.add(sid)
            st = self.by_id.get(sid)
            if st is None:
                break
            out.append(st)
            sid = st.based_on
        self._chain[style_id] = out
        return out

    def para_style_id(self, ppr) -> str | None:
        """The paragraph style of a w:pPr: its w:pStyle when that style exists, else the default style."""
        ps = ppr.find(_PSTYLE) if ppr is not None else None
        sid = ps.get(W_VAL) if ps is not None else None
        if sid and sid in self.by_id:
            return sid
        return self.default_para

    def para_style(self, p) -> str | None:
        """The paragraph style of a w:p element (see para_style_id)."""
        return self.para_style_id(p.find(_PPR))

    def fonts(self) -> set[str]:
        """Every font named by the document defaults or a style."""
        out = {self.doc_props.font} if self.doc_props.font else set()
        for st in self.by_id.values():
            font = parse_rpr(st.rpr).font
            if font:
                out.add(font)
        return out

    # -- runs: values ---------------------------------------------------------------------------------------

    def _style_props(self, style_id: str | None) -> RunProps:
        props = EMPTY_PROPS
        for st in reversed(self.chain(style_id)):
            props = parse_rpr(st.rpr).over(props)
        return props

    def base_run_props(self, para_style: str | None, char_style: str | None) -> RunProps:
        """What a run gets from styles: character style over paragraph style over document defaults."""
        key = (para_style, char_style)
        cached = self._props.get(key)
        if cached is None:
            cached = self._style_props(para_style).over(self.doc_props)
            if char_style:
                cached = self._style_props(char_style).over(cached)
            self._props[key] = cached
        return cached

    def run_props(self, run_el, pstyle: str | None) -> RunProps:
        """Effective properties of a w:r: its own w:rPr over what its styles give."""
        rpr = run_el.find(_RPR)
        if rpr is None:
            return self.base_run_props(pstyle, None)
        direct = parse_rpr(rpr)
        base = self.base_run_props(pstyle, wval(rpr.find(_RSTYLE)))
        return direct.over(base) if direct is not EMPTY_PROPS else base

    # -- runs: elements -------------------------------------------------------------------------------------

    def _rpr_sources(self, rstyle: str | None, pstyle: str | None) -> list:
        """w:rPr elements a run inherits from, nearest first (character style, paragraph style, defaults)."""
        out = [st.rpr for sid in (rstyle, pstyle) for st in self.chain(sid) if st.rpr is not None]
        if self.doc_rpr is not None:
            out.append(self.doc_rpr)
        return out

    def rprop(self, run_el, pstyle: str | None, tag: str):
        """The element that decides run property `tag` (Clark name) of a w:r, or None when nothing sets it."""
        rpr = run_el.find(_RPR)
        rstyle = None
        if rpr is not None:
            el = rpr.find(tag)
            if el is not None:
                return el
            rstyle = wval(rpr.find(_RSTYLE))
        key = (rstyle, pstyle, tag)
        if key in self._rcache:
            return self._rcache[key]
        found = None
        for src in self._rpr_sources(rstyle, pstyle):
            found = src.find(tag)
            if found is not None:
                break
        self._rcache[key] = found
        return found

    def toggle(self, run_el, pstyle: str | None, tag: str) -> bool:
        """An on/off run property (w:b, w:i, w:caps …) as it takes effect."""
        return bool(on_off(self.rprop(run_el, pstyle, tag)))

    def caps(self, run_el, pstyle: str | None) -> bool:
        return self.toggle(run_el, pstyle, w("caps"))

    def size_pt(self, run_el, pstyle: str | None) -> float:
        """Font size in points (w:sz is in half-points), DEFAULT_SIZE_PT when nothing sets it."""
        half = int_val(self.rprop(run_el, pstyle, _SZ))
        return half / 2 if half else DEFAULT_SIZE_PT

    def run_fonts(self, run_el, pstyle: str | None) -> dict[str, str]:
        """Effective w:rFonts slots of a run, each slot inherited on its own.

        Keys are FONT_SLOTS (ascii, hAnsi, eastAsia, cs) and THEME_SLOTS; a theme slot set at a level hides the
        plain slot of lower levels, as in Word.
        """
        rpr = run_el.find(_RPR)
        rstyle = wval(rpr.find(_RSTYLE)) if rpr is not None else None
        sources = ([rpr] if rpr is not None else []) + self._rpr_sources(rstyle, pstyle)
        out: dict[str, str] = {}
        decided: set[str] = set()
        for src in sources:
            rf = src.find(_RFONTS)
            if rf is None:
                continue
            for slot, theme in zip(FONT_SLOTS, THEME_SLOTS, strict=True):
                if slot in decided:
                    continue
                tv, v = rf.get(w(theme)), rf.get(w(slot))
                if tv is not None:
                    out[theme] = tv
                    decided.add(slot)
                elif v is not None:
                    out[slot] = v
                    decided.add(slot)
        return out

    # -- paragraphs -----------------------------------------------------------------------------------------

    def style_pprs(self, style_id: str | None) -> list:
        """w:pPr elements of the style chain, nearest first, then the document default w:pPr."""
        out = self._spprs.get(style_id)
        if out is None:
            out = [st.ppr for st in self.chain(style_id) if st.ppr is not None]
            if self.doc_ppr is not None:
                out.append(self.doc_ppr)
            self._spprs[style_id] = out
        return out

    def ppr_levels(self, p, pstyle: str | None) -> list:
        """w:pPr elements deciding a w:p, most specific first: direct, numbering level, style chain, defaults."""
        cached = self._levels.get(p)
        if cached is not None:
            return cached
        ppr = p.find(_PPR)
        levels = [ppr] if ppr is not None else []
        num_id, ilvl = self.num_ref(ppr, pstyle)
        lvl_ppr = self.numbering.level_ppr(num_id, ilvl)
        if lvl_ppr is not None:
            levels.append(lvl_ppr)
        levels.extend(self.style_pprs(pstyle))
        self._levels[p] = levels
        return levels

    def forget(self, p) -> None:
        """Drop what is cached for a paragraph (after editing it)."""
        self._levels.pop(p, None)

    def pattr(self, p, pstyle: str | None, tag: str, attrs: tuple[str, ...]) -> tuple[object | None, dict[str, str]]:
        """The first level setting any of `attrs` (w: attribute names) on `tag`: (element, {attr: value})."""
        names = [(a, w(a)) for a in attrs]
        for level in self.ppr_levels(p, pstyle):
            el = level.find(tag)
            if el is None:
                continue
            vals = {a: v for a, qa in names if (v := el.get(qa)) is not None}
            if vals:
                return el, vals
        return None, {}

    def jc(self, p, pstyle: str | None) -> str:
        """The raw w:jc value deciding a w:p ("left" when nothing sets it)."""
        for level in self.ppr_levels(p, pstyle):
            el = level.find(_JC)
            if el is not None:
                return el.get(W_VAL) or "left"
        return "left"

    def para_value(self, ppr, style_id: str | None, tag: str):
        """First w:<tag> on the paragraph's w:pPr, then up its style chain and the defaults (None if none)."""
        name = w(tag)
        if ppr is not None:
            el = ppr.find(name)
            if el is not None:
                return el
        for sppr in self.style_pprs(style_id):
            el = sppr.find(name)
            if el is not None:
                return el
        return None

    def alignment(self, ppr, style_id: str | None) -> str | None:
        """'left' | 'center' | 'right' | 'justify' from w:jc on the paragraph or its styles, None if unset."""
        return alignment(wval(self.para_value(ppr, style_id, "jc")))

    def heading_level(self, ppr, style_id: str | None) -> int | None:
        """1-9 from w:outlineLvl (paragraph or style), else from a "Heading N" style name."""
        el = self.para_value(ppr, style_id, "outlineLvl")
        if el is not None:
            lvl = int_val(el)
            if lvl is not None and 0 <= lvl < 9:
                return lvl + 1
            return None
        for st in self.chain(style_id):
            name = st.name.lower().replace(" ", "")
            if name.startswith("heading") and name[7:].isdigit():
                return int(name[7:])
        return None

    # -- numbering ------------------------------------------------------------------------------------------

    def style_numpr(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, style that holds the numId) from the style chain's w:numPr, each found separately."""
        num_id = ilvl = None
        holder = None
        for st in self.chain(style_id):
            numpr = st.ppr.find(_NUMPR) if st.ppr is not None else None
            if numpr is None:
                continue
            nid, lvl = numpr_ids(numpr)
            if num_id is None and nid is not None:
                num_id, holder = nid, st.style_id
            if ilvl is None:
                ilvl = lvl
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl, holder

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """numId of a numbering style (the target of w:numStyleLink)."""
        return self.style_numpr(style_id)[0]

    def num_ref(self, ppr, pstyle: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph is numbered with: its own w:numPr, completed from its style chain.

        A style that carries only the numId gets its level from the numbering level whose w:pStyle names it.
        numId None (or "0") means not numbered; ilvl may be None (level 0).
        """
        num_id, ilvl = numpr_ids(ppr.find(_NUMPR) if ppr is not None else None)
        if num_id is None or ilvl is None:
            s_num, s_ilvl, _ = self.style_numpr(pstyle)
            if num_id is None:
                num_id = s_num
            if ilvl is None:
                ilvl = s_ilvl
                if ilvl is None and num_id and num_id != "0":
                    for st in self.chain(pstyle):
                        ilvl = self.numbering.level_for_style(num_id, st.style_id)
                        if ilvl is not None:
                            break
        return num_id, ilvl
