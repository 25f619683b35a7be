"""The ND30 format rules (Nghị định 30/2020/NĐ-CP, Phụ lục I and III) as typed, cached data.

Every number lives in `nd30_rules.yaml`, the wording of the form (Quốc hiệu, Tiêu ngữ, signature prefixes,
date, document types) in extract's `data/document_form.yaml`; this module loads both once (`rules()`), gives
the renderer and the linter typed access, converts units (mm, cm, pt -> twips / half-points) and formats the
two strings whose shape the decree fixes: the date (`format_date`) and the number-and-symbol (`format_number_symbol`).

Only this module turns rule values into lengths; nothing else in `docgen` holds a size or margin literal.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract import lexicon, normalize
from extract.patterns import int_to_roman

RULES_FILE = Path(__file__).with_name("nd30_rules.yaml")

# Unit conversions (exact definitions, not rule values).
TWIPS_PER_INCH = 1440
MM_PER_INCH = 25.4
PT_PER_INCH = 72
EMU_PER_TWIP = 635


def mm_to_twips(mm: float) -> int:
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)


def cm_to_twips(cm: float) -> int:
    return mm_to_twips(cm * 10)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_INCH / PT_PER_INCH)


def twips_to_mm(twips: float) -> float:
    return twips / TWIPS_PER_INCH * MM_PER_INCH


def twips_to_cm(twips: float) -> float:
    return twips_to_mm(twips) / 10


def twips_to_pt(twips: float) -> float:
    return twips * PT_PER_INCH / TWIPS_PER_INCH


def pt_to_half_points(pt: float) -> int:
    return round(pt * 2)


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_INCH * PT_PER_INCH


# ---------------------------------------------------------------------------------------------- typed rules


@dataclass(frozen=True, slots=True)
class Range:
    """A permitted interval and the value the renderer writes (inside it)."""

    min: float
    max: float
    chosen: float

    def __contains__(self, value: float) -> bool:  # pragma: no cover - trivial
        return self.min <= value <= self.max

    def contains(self, value: float, tolerance: float = 0.0) -> bool:
        return self.min - tolerance <= value <= self.max + tolerance

    def describe(self, unit: str = "") -> str:
        unit = f" {unit}" if unit else ""
        if self.min == self.max:
            return f"{_num(self.min)}{unit}"
        return f"{_num(self.min)}–{_num(self.max)}{unit}"


def _num(v: float) -> str:
    return f"{v:g}"


@dataclass(frozen=True, slots=True)
class ElementRule:
    name: str
    size: Range
    case: str | None = None  # "upper" | "sentence" | None
    bold: bool | None = None
    italic: bool | None = None
    align: str | None = None  # "center" | "justify" | "left" | None
    clause: str | None = None
    text: str | None = None
    rule_ratio: Range | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Margin:
    side: str
    min: float
    max: float
    chosen: float
    clause: str

    @property
    def chosen_twips(self) -> int:
        return mm_to_twips(self.chosen)


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float
    tolerance_mm: float
    clause: str

    @property
    def width_twips(self) -> int:
        return mm_to_twips(self.width_mm)

    @property
    def height_twips(self) -> int:
        return mm_to_twips(self.height_mm)


@dataclass(frozen=True, slots=True)
class BodyRule:
    first_line_indent_cm: Range
    indent_tolerance_cm: float
    spacing_min_pt: float
    spacing_before_pt: float
    spacing_after_pt: float
    line_multiple: Range
    line_exact_per_size: Range

    @property
    def first_line_indent_twips(self) -> int:
        return cm_to_twips(self.first_line_indent_cm.chosen)


@dataclass(frozen=True, slots=True)
class DateRule:
    format: str
    zero_pad_day_below: int
    zero_pad_months: tuple[int, ...]
    blank: str
    clause: str


@dataclass(frozen=True, slots=True)
class NumberRule:
    prefix: str
    state_format: str
    party_format: str
    zero_pad_below: int
    blank: str
    clause: str


@dataclass(frozen=True, slots=True)
class PageNumberRule:
    size: Range
    italic: bool | None
    bold: bool | None
    align: str
    clause: str


@dataclass(frozen=True, slots=True)
class Rules:
    source: str
    paper: Paper
    margins: Mapping[str, Margin]  # top, bottom, left, right
    margin_tolerance_mm: float
    header_distance_mm: float
    footer_distance_mm: float
    font_name: str
    font_slots: tuple[str, ...]
    font_theme_attributes: tuple[str, ...]
    font_color: str
    lang: str
    font_clause: str
    page_number: PageNumberRule
    elements: Mapping[str, ElementRule]
    body: BodyRule
    date: DateRule
    number: NumberRule
    authority_prefixes: tuple[str, ...]
    authority_clause: str
    type_abbreviations: Mapping[str, str]
    type_clause: str
    layout: Mapping[str, Any]
    raw: Mapping[str, Any]
    landscape_margins: Mapping[str, Margin] = field(default_factory=dict)  # sides of a landscape page

    def element(self, name: str) -> ElementRule:
        return self.elements[name]

    def type_code(self, doc_type: str | None) -> str | None:
        """`Kế hoạch` -> `KH` (Phụ lục III); None when the type is unknown."""
        if not doc_type:
            return None
        key = fold(doc_type)
        for name, code in self.type_abbreviations.items():
            if fold(name) == key:
                return code
        return None

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(self.type_abbreviations)


def _range(d: Mapping[str, Any]) -> Range:
    lo, hi = float(d["min"]), float(d["max"])
    chosen = float(d.get("chosen", lo))
    if not lo <= chosen <= hi:
        raise ValueError(f"nd30 rules: chosen value {chosen} outside [{lo}, {hi}]")
    return Range(lo, hi, chosen)


def _element(name: str, d: Mapping[str, Any]) -> ElementRule:
    known = {"size", "case", "bold", "italic", "align", "clause", "text", "rule_ratio"}
    return ElementRule(
        name=name,
        size=_range(d["size"]),
        case=d.get("case"),
        bold=d.get("bold"),
        italic=d.get("italic"),
        align=d.get("align"),
        clause=d.get("clause"),
        text=d.get("text"),
        rule_ratio=_range(d["rule_ratio"]) if d.get("rule_ratio") else None,
        extra={k: v for k, v in d.items() if k not in known},
    )


def load_rules(path: str | Path | None = None) -> Rules:
    """Parse a rules YAML file into `Rules` (uncached; use `rules()` for the packaged file)."""
    import yaml

    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    # The wording of the form (Quốc hiệu, Tiêu ngữ, signature prefixes, the date) is language data that
    # extraction reads too: it comes from extract's document_form.yaml unless a rules file sets it.
    elements = data["elements"]
    elements["national_title"].setdefault("text", lexicon.national_text("quoc_hieu"))
    elements["motto"].setdefault("text", lexicon.national_text("tieu_ngu"))
    data.setdefault("date", lexicon.date_rule())
    data.setdefault("authority_prefixes", [p.prefix for p in lexicon.signature_prefixes()])
    data.setdefault("authority_clause", lexicon.load("document_form")["signature_clause"])
    data.setdefault("type_abbreviations", _type_abbreviations())
    page = data["page"]
    paper = page["paper"]
    margins = {
        side: Margin(side, float(m["min"]), float(m["max"]), float(m["chosen"]), m["clause"])
        for side, m in page["margins"].items()
        if isinstance(m, dict)
    }
    landscape = {
        side: Margin(side, float(m["min"]), float(m["max"]), float(m["chosen"]), m["clause"])
        for side, m in page.get("landscape_margins", {}).items()
    }
    for m in [*margins.values(), *landscape.values()]:
        if not m.min <= m.chosen <= m.max:
            raise ValueError(f"nd30 rules: margin {m.side} chosen {m.chosen} outside range")
    elements = {name: _element(name, d) for name, d in data["elements"].items()}
    b = data["elements"]["body"]
    body = BodyRule(
        first_line_indent_cm=_range(b["first_line_indent_cm"]),
        indent_tolerance_cm=float(b["first_line_indent_cm"].get("tolerance", 0)),
        spacing_min_pt=float(b["spacing_pt"]["min"]),
        spacing_before_pt=float(b["spacing_pt"]["before"]),
        spacing_after_pt=float(b["spacing_pt"]["after"]),
        line_multiple=_range(b["line_spacing"]["multiple"]),
        line_exact_per_size=Range(
            float(b["line_spacing"]["exact_per_size"]["min"]),
            float(b["line_spacing"]["exact_per_size"]["max"]),
            float(b["line_spacing"]["exact_per_size"]["min"]),
        ),
    )
    pn = data["page_number"]
    d = data["date"]
    n = data["number_symbol"]
    f = data["font"]
    return Rules(
        source=data.get("source", ""),
        paper=Paper(
            paper["name"],
            float(paper["width_mm"]),
            float(paper["height_mm"]),
            float(paper.get("tolerance_mm", 1)),
            paper["clause"],
        ),
        margins=margins,
        margin_tolerance_mm=float(page["margins"].get("tolerance_mm", 0.3)),
        header_distance_mm=float(page["header_distance_mm"]),
        footer_distance_mm=float(page["footer_distance_mm"]),
        font_name=f["name"],
        font_slots=tuple(f["slots"]),
        font_theme_attributes=tuple(f["theme_attributes"]),
        font_color=str(f["color"]),
        lang=f["lang"],
        font_clause=f["clause"],
        page_number=PageNumberRule(_range(pn["size"]), pn.get("italic"), pn.get("bold"), pn["align"], pn["clause"]),
        elements=elements,
        body=body,
        date=DateRule(d["format"], int(d["zero_pad_day_below"]), tuple(d["zero_pad_months"]), d["blank"], d["clause"]),
        number=NumberRule(
            n["prefix"], n["state_format"], n["party_format"], int(n["zero_pad_below"]), n["blank"], n["clause"]
        ),
        authority_prefixes=tuple(data["authority_prefixes"]),
        authority_clause=data["authority_clause"],
        type_abbreviations=dict(data["type_abbreviations"]["types"]),
        type_clause=data["type_abbreviations"]["clause"],
        layout=data.get("layout", {}),
        raw=data,
        landscape_margins=landscape or margins,
    )


def _type_abbreviations() -> dict[str, Any]:
    """Phụ lục III from extract's document_form.yaml, name → abbreviation ('Kế hoạch' → 'KH'); a letter has no
    abbreviation in its number, so extraction's label for it (header.yaml subject_doc_type) is left out."""
    letter = lexicon.load("header")["subject_doc_type"]
    types = {lexicon.doc_type_name(code): code for code in lexicon.doc_type_names() if code != letter}
    return {"clause": lexicon.load("document_form")["doc_types_clause"], "types": types}


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The packaged rules, loaded once."""
    return load_rules()


# ---------------------------------------------------------------------------------------------- text helpers


def fold(text: str) -> str:
    """extract's accent fold with runs of spaces made one: names compared word for word, not for display."""
    return " ".join(normalize.fold(text).split())


_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _parse_partial_date(value: Any) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from a date, ISO string (full or partial), 'd/m/yyyy', int year, tuple or mapping."""
    if value is None or value == "":
        return None, None, None
    if isinstance(value, _dt.datetime):
        return value.year, value.month, value.day
    if isinstance(value, _dt.date):
        return value.year, value.month, value.day
    if isinstance(value, int):
        return value, None, None
    if isinstance(value, (tuple, list)):
        parts = list(value) + [None] * (3 - len(value))
        return tuple(int(p) if p not in (None, "") else None for p in parts[:3])  # type: ignore[return-value]
    if isinstance(value, Mapping):

        def g(k):
            v = value.get(k)
            return int(v) if v not in (None, "") else None

        return g("year"), g("month"), g("day")
    if isinstance(value, str):
        m = _ISO_RE.match(value)
        if m:
            y, mo, d = m.groups()
            return int(y), int(mo) if mo else None, int(d) if d else None
        m = _DMY_RE.match(value)
        if m:
            d, mo, y = m.groups()
            return int(y), int(mo), int(d)
    raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD, YYYY-MM, YYYY or a date)")


def format_day(day: int | None) -> str:
    r = rules().date
    if day is None:
        return r.blank
    return f"{day:02d}" if day < r.zero_pad_day_below else str(day)


def format_month(month: int | None) -> str:
    r = rules().date
    if month is None:
        return r.blank
    return f"{month:02d}" if month in r.zero_pad_months else str(month)


def format_date(value: Any = None, *, year: int | None = None) -> str:
    """`ngày 05 tháng 3 năm 2024` by the ND30 rule (leading zero for days below 10 and months 1–2).

    Accepts a `date`, an ISO string (`2024-03-05`), a partial one (`2024-03`: day left blank, `2024`: day and
    month blank), `d/m/yyyy`, an int year, a (year, month, day) tuple or a mapping. `None` gives the blank
    draft form `ngày     tháng     năm <year>` with `year` (default: the current year).
    """
    y, mo, d = _parse_partial_date(value)
    if y is None:
        y = year or _dt.date.today().year
    if mo is not None and not 1 <= mo <= 12:
        raise ValueError(f"month out of range: {mo}")
    if d is not None and not 1 <= d <= 31:
        raise ValueError(f"day out of range: {d}")
    return rules().date.format.format(day=format_day(d), month=format_month(mo), year=y)


def format_place_date(place: str | None, value: Any = None, *, year: int | None = None) -> str:
    """`Lâm Đồng, ngày 05 tháng 3 năm 2024`; without a place only the date."""
    date = format_date(value, year=year)
    place = (place or "").strip().rstrip(",")
    return f"{place}, {date}" if place else date.capitalize()


def format_number(number: Any) -> str:
    """`5` -> `05`; blank for None/empty; other text kept as written (trimmed)."""
    r = rules().number
    if number is None or (isinstance(number, str) and not number.strip()):
        return ""
    if isinstance(number, int):
        return f"{number:02d}" if 0 <= number < r.zero_pad_below else str(number)
    s = str(number).strip()
    if s.isdigit():
        n = int(s)
        if n < r.zero_pad_below:
            return f"{n:02d}"
        return s
    return s


def format_number_symbol(number: Any, symbol: str | None, *, convention: str = "state") -> str:
    """`Số: 05/KH-UBND`; `Số:      /KH-UBND` when there is no number yet (a draft).

    Spaces around "/" and "-" are removed from the symbol. `convention="party"` gives `Số 146-KH/HU`.
    """
    r = rules().number
    symbol = re.sub(r"\s*([/-])\s*", r"\1", (symbol or "").strip()).strip("/-")
    num = format_number(number)
    if convention == "party":
        return r.party_format.format(number=num or r.blank, symbol=symbol)
    return r.state_format.format(prefix=r.prefix, number=num or r.blank, symbol=symbol).replace(
        f"{r.prefix} {r.blank}/", f"{r.prefix}{r.blank}/"
    )


def symbol_for(doc_type: str | None, issuer: str | None, code: str | None = None) -> str:
    """Symbol from a type and an issuer abbreviation: (`Kế hoạch`, `UBND`) -> `KH-UBND`."""
    code = code or rules().type_code(doc_type) or ""
    issuer = (issuer or "").strip()
    if code and issuer:
        return f"{code}-{issuer}"
    return code or issuer


def roman(n: int) -> str:
    """1 -> I, 4 -> IV … (section numbering)."""
    return int_to_roman(n)


VIETNAMESE_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def letter(n: int) -> str:
    """1 -> a, 5 -> đ, 6 -> e, 7 -> g (Vietnamese alphabet order for điểm)."""
    if n <= 0:
        return str(n)
    letters = VIETNAMESE_LETTERS
    if n <= len(letters):
        return letters[n - 1]
    return letters[(n - 1) % len(letters)] * ((n - 1) // len(letters) + 1)


# ---------------------------------------------------------------------------------------------- measurement

# Average advance widths (em) of Times New Roman glyph classes, measured on the metric-compatible Liberation
# Serif. Good to a few percent on Vietnamese text: used to size the short rules and check one-line fits.
_EM = {
    "regular": {"upper": 0.667, "lower": 0.459, "digit": 0.5, "space": 0.25, "other": 0.333},
    "bold": {"upper": 0.705, "lower": 0.489, "digit": 0.5, "space": 0.25, "other": 0.36},
    "italic": {"upper": 0.63, "lower": 0.454, "digit": 0.5, "space": 0.25, "other": 0.333},
}


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Estimated printed width of `text` in Times New Roman at `size_pt`."""
    table = _EM["bold" if bold else "italic" if italic else "regular"]
    total = 0.0
    for ch in normalize.strip_accents(text):  # a letter's marks add no width
        if ch.isupper():
            total += table["upper"]
        elif ch.islower():
            total += table["lower"]
        elif ch.isdigit():
            total += table["digit"]
        elif ch.isspace():
            total += table["space"]
        else:
            total += table["other"]
    return total * size_pt
