"""numbering.xml: list definitions and the counters that turn a paragraph's (numId, ilvl) into Word's label.

Handles w:abstractNum levels, w:num with w:lvlOverride (w:startOverride or a whole w:lvl), w:numStyleLink
(the definition hangs off a numbering style), w:lvlRestart and w:isLgl. `label` must be called in document
order (it advances the counters); `level`/`level_ppr` only look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..patterns import int_to_roman
from .ns import w
from .props import int_val, on_off, safe_int, wval


class StyleLinks(Protocol):
    """What numbering needs from the styles: the numId a numbering style carries (`Styles` provides it)."""

    def numbering_style_num_id(self, style_id: str) -> str | None: ...


MAX_LEVEL = 9  # ilvl 0-8


@dataclass(slots=True)
class Level:
    """One w:lvl."""

    start: int = 0
    fmt: str = "decimal"  # w:numFmt
    text: str = "%1."  # w:lvlText
    restart: int | None = None  # w:lvlRestart
    legal: bool = False  # w:isLgl
    pstyle: str | None = None  # w:pStyle: the paragraph style this level numbers
    jc: str | None = None  # w:lvlJc
    ppr: object | None = None  # w:pPr: indentation and tabs the level gives its paragraphs
    rpr: object | None = None  # w:rPr: formatting of the label


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
                ilvl = safe_int(lvl.get(w("ilvl")))
                if ilvl is not None:
                    self._levels[ilvl] = parse_level(lvl)
        return self._levels


@dataclass(slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def parse_level(lvl) -> Level:
    """A w:lvl element as a `Level`."""
    text_el = lvl.find(w("lvlText"))
    return Level(
        start=int_val(lvl.find(w("start")), 0) or 0,
        fmt=wval(lvl.find(w("numFmt")), "decimal") or "decimal",
        text=wval(text_el, "") if text_el is not None else "",
        restart=int_val(lvl.find(w("lvlRestart"))),
        legal=bool(on_off(lvl.find(w("isLgl")))),
        pstyle=wval(lvl.find(w("pStyle"))),
        jc=wval(lvl.find(w("lvlJc"))),
        ppr=lvl.find(w("pPr")),
        rpr=lvl.find(w("rPr")),
    )


def to_letter(n: int) -> str:
    """Word's letters: a … z, aa … zz, aaa … (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """The counter text Word draws for value `n` in w:numFmt `fmt`."""
    if fmt == "upperRoman":
        return int_to_roman(n)
    if fmt == "lowerRoman":
        return int_to_roman(n).lower()
    if fmt == "upperLetter":
        return to_letter(n).upper()
    if fmt == "lowerLetter":
        return to_letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the exotic formats


_BULLET_KEEP = {"-", "+", "*"}


class Numbering:
    """Numbering definitions of one document plus the running counters (call `label` in document order)."""

    def __init__(self, numbering_el=None, styles: StyleLinks | None = None):
        self.root = numbering_el
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num] = {}
        self._styles = styles
        self._counters: dict[str, dict[int, int]] = {}  # abstract id → level → current value
        self._started_nums: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.findall(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            if aid is not None:
                self._abstracts[aid] = _Abstract(element=an, style_link=wval(an.find(w("numStyleLink"))))
        for num in numbering_el.findall(w("num")):
            nid = num.get(w("numId"))
            aid = wval(num.find(w("abstractNumId")))
            if nid is None or aid is None:
                continue
            entry = _Num(abstract_id=aid)
            for ov in num.findall(w("lvlOverride")):
                ilvl = safe_int(ov.get(w("ilvl")))
                if ilvl is None:
                    continue
                so = ov.find(w("startOverride"))
                if so is not None:
                    entry.start_overrides[ilvl] = int_val(so, 0) or 0
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    entry.level_overrides[ilvl] = parse_level(lvl)
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
            if ab.style_link and self._styles is not None:  # the definition hangs off a numbering style's numId
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

    def levels(self, num_id: str | None) -> dict[int, Level]:
        """The levels a numId draws with (its w:lvlOverride levels over the abstract definition's)."""
        resolved = self._resolve(num_id) if num_id and num_id != "0" else None
        if resolved is None:
            return {}
        _, ab, num = resolved
        return {**ab.levels, **num.level_overrides}

    def level(self, num_id: str | None, ilvl: int | None) -> Level | None:
        """The `Level` for (numId, ilvl); ilvl None or out of range means level 0."""
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < MAX_LEVEL else 0
        return self.levels(num_id).get(ilvl)

    def level_ppr(self, num_id: str | None, ilvl: int | None):
        """The w:pPr of that level (indentation the list gives its paragraphs), or None."""
        lvl = self.level(num_id, ilvl)
        return lvl.ppr if lvl is not None else None

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose w:pStyle links to `style_id` (how a style says which level it numbers)."""
        if not style_id:
            return None
        for ilvl, lvl in self.levels(num_id).items():
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
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < MAX_LEVEL else 0
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
        return self._render(level, levels, counters, num, ilvl) or None, False

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], counters: dict[int, int], num: _Num, ilvl: int) -> str:
        """w:lvlText with each %N replaced by level N's counter in its format (decimal under w:isLgl)."""
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
        return "".join(out).strip()
