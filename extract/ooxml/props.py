"""Reading property values: ST_OnOff toggles, w:val strings and numbers, run properties, alignment names.

Word writes the same fact several ways (<w:b/>, <w:b w:val="1"/>, w:val="true"/"on"; "0"/"false"/"off" turn it
off); every reader of Word XML goes through these helpers so they all agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ns import W_VAL, w

# ST_OnOff values that mean off ("none" is not in the schema but old writers emit it for off).
_FALSE = frozenset({"0", "false", "off", "none"})


def on_off_attr(value: str | None) -> bool:
    """An ST_OnOff attribute value (w:default="1", w:val="off"): absent counts as off."""
    return value is not None and value.strip().lower() not in _FALSE


def on_off(el) -> bool | None:
    """A toggle element (<w:b/>, <w:b w:val="0"/>): True/False, None when the element is absent."""
    if el is None:
        return None
    v = el.get(W_VAL)
    return v is None or v.strip().lower() not in _FALSE


def wval(el, default=None):
    """The w:val attribute of an element (default when the element or the attribute is absent)."""
    if el is None:
        return default
    return el.get(W_VAL, default)


def safe_int(value: str | None, default: int | None = None) -> int | None:
    """An integer attribute as Word tolerates it ("12", "12.0"); default when absent or not a number."""
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        try:
            return int(float(value))
        except ValueError:
            return default


def int_val(el, default: int | None = None) -> int | None:
    """w:val of an element as an integer."""
    return safe_int(wval(el), default)


def numpr_ids(numpr) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a w:numPr element, each None when not given."""
    if numpr is None:
        return None, None
    return wval(numpr.find(w("numId"))), int_val(numpr.find(w("ilvl")))


# --- alignment ----------------------------------------------------------------------------------------

# w:jc values → the four alignments a reader or checker cares about (both/distribute/kashida are justified).
ALIGN = {
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


def alignment(jc_value: str | None) -> str | None:
    """'left' | 'center' | 'right' | 'justify' for a w:jc value, None for none or an unknown value."""
    return ALIGN.get(jc_value or "")


# --- run properties -----------------------------------------------------------------------------------

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")  # w:rFonts attributes naming a font
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")  # and the ones naming a theme font


@dataclass(slots=True, frozen=True)
class RunProps:
    """The run properties the reader needs, each None when not set at this level."""

    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None  # pt
    font: str | None = None  # the font Latin text is drawn with (see parse_rpr)
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
    """Direct properties of one w:rPr (EMPTY_PROPS when absent)."""
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
