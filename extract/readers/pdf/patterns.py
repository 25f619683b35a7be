"""Patterns and thresholds the layout rules share: numbering labels, bullets, line ends, page numbers."""

from __future__ import annotations

import regex

_PAGE_NUMBER = regex.compile(r"^[\s\-–—.]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—.]*$", regex.I)
# Numbering labels that always start a paragraph; bullets only when the line could not be a wrap.
_LABEL = regex.compile(
    r"^(?:(?!V/v)[IVXL]{1,6}\s*[.):]|[IVXL]{1,6}\s+-\s|[A-H]\s*[.)]\s|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\s|[a-zđ]\s*\)|\(\d{1,2}\)|Phần\s+(?:[IVXL]+|\d+|thứ)\b|Điều\s+\d+|Chương\s+[IVXL\d]+"
    r"|Mục\s+[IVXL\d]+\b)",
)
_BULLET = regex.compile(r"^[-+•●○▪■◦∙·*–—❖➢✓]\s*\S")
_ENDS_PARAGRAPH = (".", ";", ":", "!", "?", ".)", '."', ';"', "./.", ".”", ";”")
_DOC_TYPE_LINE = regex.compile(
    r"^(?:KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|TỜ TRÌNH|CÔNG VĂN|THÔNG BÁO|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|NGHỊ QUYẾT|"
    r"CHỈ THỊ|QUY CHẾ|QUY ĐỊNH|PHỤ LỤC|BIÊN BẢN|KẾT LUẬN|CÔNG ĐIỆN|GIẤY MỜI|THÔNG TƯ|NGHỊ ĐỊNH|LUẬT)"
    r"(?:\s+(?:SỐ\s*)?[IVXL\d]+[a-z]?)?\s*:?$"
)
_NOI_NHAN = regex.compile(r"^\W{0,3}N[ơoó]i\s*nh[ậâaặấ]n\b", regex.I)
_FOOTNOTE_START = regex.compile(r"^\(?\d{1,3}\)?\s")
_SUP_UNITS = {"m", "km", "cm", "dm", "mm", "ha"}
_SYMBOL_FONTS = ("symbol", "wingding", "webding", "dingbat", "zapf")
_GARBAGE_MIN = 5  # cid glyphs on a page before it is treated as unreadable
_GARBAGE_RATIO = 0.02
