"""Regular expressions shared by the stages: numbering labels, dates, number-and-symbol, legal references."""

from __future__ import annotations

import regex

# --- numbering labels at the start of a line ------------------------------------------------------------
ROMAN = regex.compile(r"^(?P<num>[IVXL]{1,7})\s*[.\-/:)]\s*(?P<rest>\S.*)$")
UPPER_LETTER = regex.compile(r"^(?P<num>[A-H])\s*[.)]\s+(?P<rest>\S.*)$")
MULTI_DECIMAL = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\s*[.)]?\s+(?P<rest>\S.*)$")
# "1)." and "a)." (a bracket and a dot: typed, or OCR) are one label.
DECIMAL = regex.compile(r"^(?P<num>\d{1,2})\s*[.)/](?:(?<=\))\.)?\s*(?P<rest>\D.*)$")
LETTER = regex.compile(r"^(?P<num>[a-zđ])\s*\)\.?\s*(?P<rest>\S.*)$")
BULLET = regex.compile(r"^(?P<num>[-+•●○▪■◦∙·*])\s*(?P<rest>\S.*)$")
# "Phần thứ ba" ends at a word's end: "Phần thứ nhất" alone is no "Phần thứ nhấ" + "t".
PHAN = regex.compile(
    r"^(?P<num>Phần\s+(?:[IVXL]{1,7}|\d{1,2}|thứ\s+\p{L}+)(?!\p{L}))\s*[.:\-]?\s*(?P<rest>\S.*)$", regex.I
)
# A part label on a line of its own, its title on the next line ("Phần thứ ba" / "KIẾN NGHỊ, ĐỀ XUẤT …").
PHAN_ALONE = regex.compile(r"^Phần\s+(?:[IVXL]{1,7}|\d{1,2}|thứ\s+\p{L}+)\s*[.:\-]?$", regex.I)

VI_LETTERS = "abcdđeghiklmnopqrstuvxy"

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if int_to_roman(total) == s.upper() else None


def int_to_roman(n: int) -> str:
    """1 -> I, 4 -> IV, 1990 -> MCMXC; non-positive numbers stay Arabic. The one Roman writer of the project."""
    if n <= 0:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


# --- dates ------------------------------------------------------------------------------------------------
# "ngày 13/5/2024", "ngày 13 tháng 5 năm 2024", "ngày   tháng 8 năm 2024" (blank day), "13-5-2024".
DATE_WORDS = regex.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*(?:[.…_]+\s*)?tháng\s*(?P<m>\d{1,2})?\s*(?:[.…_]+\s*)?năm\s*(?P<y>\d{4})", regex.I
)
DATE_NUMERIC = regex.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?![\d/])"
)
PLACE_DATE = regex.compile(r"^(?P<place>[^\d,]{2,60}?)\s*,\s*(?P<date>ngày\b.*)$", regex.I)


def iso_date(d: str | None, m: str | None, y: str | None) -> str | None:
    """ISO string: full date, 'YYYY-MM' when the day is blank, 'YYYY' when both are; None if invalid."""
    if not y:
        return None
    year = int(y)
    if not m:
        return f"{year:04d}"
    month = int(m)
    if not 1 <= month <= 12:
        return None
    if not d:
        return f"{year:04d}-{month:02d}"
    day = int(d)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str) -> tuple[str | None, regex.Match | None]:
    """First date in `text` in either style."""
    best = None
    for pat in (DATE_WORDS, DATE_NUMERIC):
        m = pat.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, None
    return iso_date(best.group("d"), best.group("m"), best.group("y")), best


# --- number and symbol -------------------------------------------------------------------------------------
NUMBER_LINE = regex.compile(r"^\s*Số\s*(?::\s*|\s+(?=\d)|(?=[/\-]))(?P<ns>.*?)\s*$")
# A symbol after the number: KH-UBND, QĐ-TTg, KH/HU, 2024/TT-BLĐTĐ
NUMBER_SYMBOL = regex.compile(r"(?P<num>\d+[a-zA-Z]?)?\s*(?P<sep>[/\-])\s*(?P<sym>[\p{L}\d][\p{L}\d&./\-]*)")
NS_TOKEN = r"\d+(?:[\p{L}\d]*)(?:\s?[/\-.]\s?[\p{L}\d&]+)+"

# --- legal references ----------------------------------------------------------------------------------------
DOC_KINDS = (
    "Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Quyết định|Chỉ thị|"
    "Thông tư liên tịch|Thông tư|Kế hoạch|Kết luận|Công văn|Văn bản|Hướng dẫn|Chương trình hành động|"
    "Chương trình|Đề án|Thông báo kết luận|Thông báo|Quy định|Quy chế|Chiến lược|Tờ trình|Báo cáo|Điều lệ"
)
LEGAL_REF = regex.compile(
    rf"(?P<kind>\b(?:{DOC_KINDS}))\b"
    rf"(?:\s+(?:số\s*)?(?P<ns>{NS_TOKEN}))?"
    r"(?P<mid>(?:\s+(?!ngày\b|của\b)[^\s;,()]+){0,12}?)?"
    r"(?:\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?",
)
