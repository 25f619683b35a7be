"""Figures of the parent are the parent's: a provincial total is never the commune's target. The number is
replaced by a blank "…" the drafter fills (the .docx highlights it); a "100% …" that binds every unit stays."""

from __future__ import annotations

import regex

BLANK = "…"
_NUMBER = regex.compile(r"(?<![\d.,/])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d/])")


def _value(token: str) -> float:
    return float(token.replace(".", "").replace(",", "."))


def applies_to_every_unit(value: float | None, unit: str | None, value_max: float | None = None) -> bool:
    """'100% …' (or 0% for a ceiling) binds each commune as it binds the province."""
    return unit == "%" and value_max is None and value in (100.0, 0.0)


def blank_value(text: str, value: float | None, value_max: float | None = None) -> tuple[str, bool]:
    """`text` with the figure `value` (and the range end `value_max`) replaced by one blank."""
    if value is None:
        return text, False
    hits = [m for m in _NUMBER.finditer(text) if _value(m.group(0)) == value]
    if not hits:
        return text, False
    first = hits[0]
    end = first.end()
    if value_max is not None:
        later = [m for m in _NUMBER.finditer(text, first.end()) if _value(m.group(0)) == value_max]
        if later and later[0].start() - first.end() <= 5:  # "70 - 75%"
            end = later[0].end()
    return text[:first.start()] + BLANK + text[end:], True
