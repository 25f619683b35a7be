"""Text written into spreadsheet cells (.xlsx through openpyxl, .csv for Excel).

A task or a note may begin with `=`, `+`, `-` or `@` ("- Tuyên truyền …", or a hostile "=HYPERLINK(…)"): openpyxl
stores a text beginning with `=` as a formula and Excel evaluates all four when it opens a .csv. And a text with
a control character (`\\x0b` from a Word line break) makes openpyxl refuse the whole workbook. So every text
cell goes through here: kept as text (`quotePrefix`, Excel's own "this is text" mark, so editing the cell does
not turn it into a formula either), control characters dropped, and in CSV a leading `'` that `csv_unquote`
takes off again when we read the file back.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_767  # characters Excel holds in one cell

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SIGNED_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?")


def clean_text(text: str) -> str:
    """`text` without the control characters a workbook cannot hold (a vertical tab or form feed: a space)."""
    return _ILLEGAL.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "", text)


def append_row(ws: Any, values: list[Any]) -> None:
    """`ws.append(values)` with every text written as text, never as a formula or an error code."""
    ws.append([clean_text(v)[:MAX_CELL] if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True


def csv_value(value: Any) -> Any:
    """A CSV field: text that Excel would evaluate gets a leading `'` (a plain signed number stays a number)."""
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_START) and not _SIGNED_NUMBER.fullmatch(value):
            return "'" + value
    return value


def csv_unquote(text: str) -> str:
    """A field as `csv_value` was given it: the `'` before a formula character taken off."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text
