"""WordprocessingML details python-docx does not give: style inheritance, automatic numbering, run properties.

Everything here works on lxml elements (python-docx's oxml tree) and knows nothing about blocks:
- `Styles`: paragraph/character style lookup following `w:basedOn`, effective run properties, alignment,
  outline level and numbering inherited from styles.
- `Numbering`: numbering.xml (`w:abstractNum`, `w:num`, `w:lvlOverride`/`w:startOverride`, `w:numStyleLink`)
  and the level counters that turn a paragraph's (numId, ilvl) into the label Word draws ("I.", "1.2.", "a)").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..patterns import int_to_roman

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    return _W + tag


W_VAL = w("val")
_FALSE = {"0", "false", "off", "none"}


def wval(el, default=None):
    if el is None:
        return default
    return el.get(W_VAL, default)


def on_off(el) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): None when absent."""
    if el is None:
        return None
    v = el.get(W_VAL)
    return v is None or v.lower() not in _FALSE


def int_val(el, default: int | None = None) -> int | None:
    v = wval(el)
    if v is None:
        return default
    try:
        return int(v)
    except ValueError:
        try:
            return int(float(v))
        except ValueError:
            return default


# --- run properties ------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class RunProps:
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None  # pt
    font: str | None = None
    caps: bool | None = None
    hidden: bool | None = None

    def over(self, base: RunProps) -> RunProps:
        """These properties, with the ones not set here taken from `base`."""
        return RunProps(
            bold=self.bold if self.bold is not None else base.bold,
            italic=self.italic if self.italic is not None else base.italic,
            size=self.size if self.size is not None else base.size,
            font=self.font if self.font is not None else base.font,
            caps=self.caps if self.caps is not None else base.caps,
            hidden=self.hidden if self.hidden is not None else base.hidden,
        )


EMPTY_PROPS = RunProps()
_RPR_TAGS = {w("b"): "bold", w("i"): "italic", w("caps"): "caps", w("vanish"): "hidden"}
_SZ, _RFONTS = w("sz"), w("rFonts")
_ASCII, _HANSI, _CS, _EA = w("ascii"), w("hAnsi"), w("cs"), w("eastAsia")


def parse_rpr(rpr) -> RunProps:
    """Direct properties of one w:rPr (None when absent)."""
    if rpr is None:
        return EMPTY_PROPS
    vals: dict = {}
    for child in rpr:
        tag = child.tag
        name = _RPR_TAGS.get(tag)
        if name is not None:
            vals[name] = on_off(child)
        elif tag == _SZ:
            half = int_val(child)
            if half:
                vals["size"] = half / 2
        elif tag == _RFONTS:
            ascii_font, hansi = child.get(_ASCII), child.get(_HANSI)
            font = ascii_font or hansi or child.get(_CS) or child.get(_EA)
            if hansi and hansi != ascii_font and hansi.lstrip().lower().startswith((".vn", "vn")):
                font = hansi  # Word draws Latin-1 characters with the hAnsi font: a legacy font there counts
            if font:
                vals["font"] = font
    return RunProps(**vals) if vals else EMPTY_PROPS


# --- styles --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    style_id: str
    type: str
    name: str
    based_on: str | None
    ppr: object | None
    rpr: object | None


class Styles:
    """Style lookup with `w:basedOn` inheritance (cycles and missing parents are tolerated)."""

    def __init__(self, styles_el=None):
        self._styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.doc_rpr = EMPTY_PROPS
        self.doc_jc: str | None = None
        self._rprops_cache: dict[tuple, RunProps] = {}
        self._chain_cache: dict[str, list[_Style]] = {}
        if styles_el is None:
            return
        defaults = styles_el.find(w("docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.doc_rpr = parse_rpr(rpr)
            ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
            if ppr is not None:
                self.doc_jc = wval(ppr.find(w("jc")))
        for st in styles_el.iter(w("style")):
            sid = st.get(w("styleId"))
            if not sid:
                continue
            stype = st.get(w("type"), "paragraph")
            name_el = st.find(w("name"))
            style = _Style(
                style_id=sid,
                type=stype,
                name=(wval(name_el) or sid),
                based_on=wval(st.find(w("basedOn"))),
                ppr=st.find(w("pPr")),
                rpr=st.find(w("rPr")),
            )
            self._styles[sid] = style
            if on_off_attr(st.get(w("default"))):
                if stype == "paragraph" and self.default_para is None:
                    self.default_para = sid
                elif stype == "character" and self.default_char is None:
                    self.default_char = sid

    def fonts(self) -> set[str]:
        """Every font named by the document defaults or a style."""
        out = {self.doc_rpr.font} if self.doc_rpr.font else set()
        for st in self._styles.values():
            font = parse_rpr(st.rpr).font
            if font:
                out.add(font)
        return out

    def get(self, style_id: str | None) -> _Style | None:
        return self._styles.get(style_id) if style_id else None

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first."""
        if not style_id:
            return []
        cached = self._chain_cache.get(style_id)
        if cached is not None:
            return cached
        out: list[_Style] = []
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and len(out) < 50:
            seen.add(sid)
            st = self._styles.get(sid)
            if st is None:
                break
            out.append(st)
            sid = st.based_on
        self._chain_cache[style_id] = out
        return out

    def para_style_id(self, ppr) -> str | None:
        sid = ppr.find(_PSTYLE) if ppr is not None else None
        sid = sid.get(W_VAL) if sid is not None else None
        if sid and sid in self._styles:
            return sid
        return self.default_para

    def _style_rprops(self, style_id: str | None) -> RunProps:
        props = EMPTY_PROPS
        for st in reversed(self.chain(style_id)):
            props = parse_rpr(st.rpr).over(props)
        return props

    def base_run_props(self, para_style: str | None, char_style: str | None) -> RunProps:
        """Properties a run gets from styles: character style over paragraph style over document defaults."""
        key = (para_style, char_style)
        cached = self._rprops_cache.get(key)
        if cached is None:
            cached = self._style_rprops(para_style).over(self.doc_rpr)
            if char_style:
                cached = self._style_rprops(char_style).over(cached)
            self._rprops_cache[key] = cached
        return cached

    def para_value(self, ppr, style_id: str | None, tag: str):
        """First w:<tag> element found on the paragraph, then up its style chain (None if none)."""
        name = _wt(tag)
        if ppr is not None:
            el = ppr.find(name)
            if el is not None:
                return el
        for st in self.chain(style_id):
            if st.ppr is not None:
                el = st.ppr.find(name)
                if el is not None:
                    return el
        return None

    def alignment(self, ppr, style_id: str | None) -> str | None:
        el = self.para_value(ppr, style_id, "jc")
        val = wval(el) if el is not None else self.doc_jc
        return _ALIGN.get(val or "", None) if val else None

    def heading_level(self, ppr, style_id: str | None) -> int | None:
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

    def style_numpr(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, style that holds it) from the style chain's w:numPr."""
        num_id = ilvl = None
        holder = None
        for st in self.chain(style_id):
            if st.ppr is None:
                continue
            numpr = st.ppr.find(w("numPr"))
            if numpr is None:
                continue
            if num_id is None:
                nid = wval(numpr.find(w("numId")))
                if nid is not None:
                    num_id, holder = nid, st.style_id
            if ilvl is None:
                ilvl = int_val(numpr.find(w("ilvl")))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl, holder

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """numId of a numbering style (the target of w:numStyleLink)."""
        num_id, _, _ = self.style_numpr(style_id)
        return num_id


def on_off_attr(v: str | None) -> bool:
    return v is not None and v.lower() not in _FALSE


_PSTYLE = w("pStyle")
_TAG_CACHE: dict[str, str] = {}


def _wt(tag: str) -> str:
    name = _TAG_CACHE.get(tag)
    if name is None:
        name = _TAG_CACHE[tag] = w(tag)
    return name


_ALIGN = {
    "left": "left",
    "start": "left",
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
    "justify": "justify",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "thaiDistribute": "justify",
}


# --- numbering -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart
    legal: bool = False  # w:isLgl
    pstyle: str | None = None


@dataclass(slots=True)
class _Abstract:
    element: object = None
    style_link: str | None = None  # w:numStyleLink
    _levels: dict[int, Level] | None = None

    @property
    def levels(self) -> dict[int, Level]:
        if self._levels is None:  # parsed on first use: documents carry dozens of unused lists
            self._levels = {}
            for lvl in self.element.findall(w("lvl")):
                ilvl = _safe_int(lvl.get(w("ilvl")))
                if ilvl is not None:
                    self._levels[ilvl] = _parse_level(lvl)
        return self._levels


@dataclass(slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _parse_level(lvl) -> Level:
    level = Level()
    level.start = int_val(lvl.find(w("start")), 0) or 0
    level.fmt = wval(lvl.find(w("numFmt")), "decimal") or "decimal"
    text_el = lvl.find(w("lvlText"))
    level.text = wval(text_el, "") if text_el is not None else ""
    level.restart = int_val(lvl.find(w("lvlRestart")))
    level.legal = bool(on_off(lvl.find(w("isLgl"))))
    level.pstyle = wval(lvl.find(w("pStyle")))
    return level


def to_roman(n: int) -> str:
    """Word's upperRoman counter text."""
    return int_to_roman(n)


def to_letter(n: int) -> str:
    """Word's letters: a … z, aa … zz, aaa … (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_BULLET_KEEP = {"-", "+", "*"}


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return to_roman(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperLetter":
        return to_letter(n).upper()
    if fmt == "lowerLetter":
        return to_letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the exotic formats


class Numbering:
    """Numbering definitions plus the running counters (call `label` in document order)."""

    def __init__(self, numbering_el=None, styles: Styles | None = None):
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num] = {}
        self._styles = styles or Styles()
        self._counters: dict[str, dict[int, int]] = {}  # abstract id → level → current value
        self._started_nums: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.findall(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            if aid is None:
                continue
            self._abstracts[aid] = _Abstract(element=an, style_link=wval(an.find(w("numStyleLink"))))
        for num in numbering_el.findall(w("num")):
            nid = num.get(w("numId"))
            aid = wval(num.find(w("abstractNumId")))
            if nid is None or aid is None:
                continue
            entry = _Num(abstract_id=aid)
            for ov in num.findall(w("lvlOverride")):
                ilvl = _safe_int(ov.get(w("ilvl")))
                if ilvl is None:
                    continue
                so = ov.find(w("startOverride"))
                if so is not None:
                    entry.start_overrides[ilvl] = int_val(so, 0) or 0
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    entry.level_overrides[ilvl] = _parse_level(lvl)
            self._nums[nid] = entry

    def __bool__(self) -> bool:
        return bool(self._nums)

    def _resolve(self, num_id: str) -> tuple[str, _Abstract, _Num] | None:
        num = self._nums.get(num_id)
        seen = set()
        while num is not None and num_id not in seen:
            seen.add(num_id)
            ab = self._abstracts.get(num.abstract_id)
            if ab is None:
                return None
            if ab.style_link:  # the real definition hangs off a numbering style's numId
                linked = self._styles.numbering_style_num_id(ab.style_link)
                if linked and linked != num_id and linked in self._nums:
                    target = self._nums[linked]
                    merged = _Num(
                        target.abstract_id,
                        {**target.start_overrides, **num.start_overrides},
                        {**target.level_overrides, **num.level_overrides},
                    )
                    num_id, num = linked, merged
                    continue
            return num.abstract_id, ab, num
        return None

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose w:pStyle links to `style_id` (how a style says which level it numbers)."""
        resolved = self._resolve(num_id) if style_id else None
        if resolved is None:
            return None
        _, ab, _ = resolved
        for ilvl, lvl in ab.levels.items():
            if lvl.pstyle == style_id:
                return ilvl
        return None

    def label(self, num_id: str | None, ilvl: int | None) -> tuple[str | None, bool]:
        """Advance the counters for one numbered paragraph and return (label, is_bullet).

        Label None: no numbering (numId 0, unknown numId or level, numFmt none / empty lvlText).
        """
        if not num_id or num_id == "0":
            return None, False
        resolved = self._resolve(num_id)
        if resolved is None:
            return None, False
        aid, ab, num = resolved
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < 9 else 0
        levels = {**ab.levels, **num.level_overrides}
        level = levels.get(ilvl)
        if level is None:
            return None, False
        counters = self._counters.setdefault(aid, {})
        if num_id not in self._started_nums:
            # A w:num with overrides restarts the list where it is first used.
            self._started_nums.add(num_id)
            for ov_lvl, value in num.start_overrides.items():
                counters[ov_lvl] = value - 1
            for ov_lvl in num.level_overrides:
                if ov_lvl not in num.start_overrides:
                    counters.pop(ov_lvl, None)
        start = num.start_overrides.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        # Deeper levels restart (unless their w:lvlRestart says otherwise).
        for deeper in list(counters):
            if deeper <= ilvl:
                continue
            lvl = levels.get(deeper)
            restart_after = lvl.restart if lvl is not None else None
            if restart_after == 0:
                continue
            if restart_after is None or ilvl < restart_after:
                del counters[deeper]
        if level.fmt == "bullet":
            text = (level.text or "").strip()
            return (text if text in _BULLET_KEEP else "-"), True
        if level.fmt == "none" or not level.text:
            return None, False
        out = []
        i = 0
        txt = level.text
        while i < len(txt):
            ch = txt[i]
            if ch == "%" and i + 1 < len(txt) and txt[i + 1].isdigit():
                ref = int(txt[i + 1]) - 1
                ref_level = levels.get(ref, Level())
                value = counters.get(ref)
                if value is None:
                    value = num.start_overrides.get(ref, ref_level.start)
                fmt = "decimal" if (level.legal and ref != ilvl) else ref_level.fmt
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        label = "".join(out).strip()
        return (label or None), False


def _safe_int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None
