"""Small, schema-order-aware edits of WordprocessingML elements (used by `--fix`)."""

from __future__ import annotations

from lxml import etree

from .docmodel import Para, q

RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def _local(el) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def get_or_add(parent, local: str, order: list[str]):
    """Child `w:local` of `parent`, created at its schema position when missing."""
    el = parent.find(q(f"w:{local}"))
    if el is not None:
        return el
    el = etree.Element(q(f"w:{local}"))
    rank = order.index(local) if local in order else len(order)
    for i, child in enumerate(parent):
        name = _local(child)
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def first_child(parent, local: str):
    """`w:rPr` / `w:pPr`: must be the first child of a run / paragraph."""
    el = parent.find(q(f"w:{local}"))
    if el is None:
        el = etree.Element(q(f"w:{local}"))
        parent.insert(0, el)
    return el


def run_rpr(run):
    return first_child(run, "rPr")


def para_ppr(p):
    return first_child(p, "pPr")


def set_toggle(run, local: str, value: bool) -> None:
    rpr = run_rpr(run)
    el = get_or_add(rpr, local, RPR_ORDER)
    if value:
        el.attrib.pop(q("w:val"), None)
    else:
        el.set(q("w:val"), "0")


def set_size(run, pt: float) -> None:
    rpr = run_rpr(run)
    hp = str(round(pt * 2))
    get_or_add(rpr, "sz", RPR_ORDER).set(q("w:val"), hp)
    get_or_add(rpr, "szCs", RPR_ORDER).set(q("w:val"), hp)


def set_fonts(rfonts, name: str, slots, theme_attrs) -> None:
    for a in theme_attrs:
        rfonts.attrib.pop(q(f"w:{a}"), None)
    for s in slots:
        rfonts.set(q(f"w:{s}"), name)


def set_jc(p, val: str) -> None:
    get_or_add(para_ppr(p), "jc", PPR_ORDER).set(q("w:val"), val)


def set_first_line(p, twips: int) -> None:
    ind = get_or_add(para_ppr(p), "ind", PPR_ORDER)
    for a in ("hanging", "firstLineChars", "hangingChars"):
        ind.attrib.pop(q(f"w:{a}"), None)
    ind.set(q("w:firstLine"), str(twips))


def set_spacing(p, **attrs) -> None:
    sp = get_or_add(para_ppr(p), "spacing", PPR_ORDER)
    for k, v in attrs.items():
        if v is None:
            sp.attrib.pop(q(f"w:{k}"), None)
        else:
            sp.set(q(f"w:{k}"), str(v))


def replace_text(para: Para, start: int, end: int, new: str) -> bool:
    """Replace characters [start, end) of a paragraph's text, keeping the runs (and their formatting).

    The new text goes into the first w:t touched; the rest of the span is removed from the following ones.
    Returns False (and changes nothing) when the span crosses a tab or break."""
    touched = [s for s in para.segments if s.end > start and s.start < end]
    if not touched or any(s.t is None for s in touched):
        return False
    first = True
    for seg in touched:
        t = seg.t
        text = t.text or ""
        a = max(start, seg.start) - seg.start
        b = min(end, seg.end) - seg.start
        t.text = text[:a] + (new if first else "") + text[b:]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        first = False
    return True
