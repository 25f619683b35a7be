"""Figures of the parent are the parent's: a provincial total is never the commune's target. The number is
replaced by a blank "…" the drafter fills (the .docx highlights it); a "100% …" that binds every unit stays."""

from __future__ import annotations

from functools import lru_cache

import regex

from extract.normalize import match_key

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
    return text[: first.start()] + BLANK + text[end:], True


@lru_cache(maxsize=1)
def _quantity():
    """A figure with its unit (units from extract/data/vocab.yaml, less the norms listed in derive_rules)."""
    from extract import lexicon

    from . import rules

    exempt = {match_key(u) for u in rules.load().get("figures", {}).get("norm_units", [])}
    units = sorted(
        {u for u in lexicon.load("vocab")["units"] if match_key(u) not in exempt and u != "%"}, key=len, reverse=True
    )
    alts = "|".join(regex.escape(u) for u in units)
    return regex.compile(rf"{_NUMBER.pattern}(?:\s*%|\s+(?:{alts})(?![\p{{L}}]))", regex.IGNORECASE)


def blank_figures(text: str) -> tuple[str, list[str]]:
    """Every provincial figure in a carried sentence ("29 xã", "40%", "950.000 lượt khách") as a blank; a
    100% (or 0%) and small norms ("ít nhất 1 buổi") stay. Returns the text and the figures taken out."""
    from . import rules

    smallest = float(rules.load().get("figures", {}).get("smallest_total", 2))
    taken: list[str] = []

    def swap(m) -> str:
        number = _NUMBER.match(m.group(0))
        value = _value(number.group(0))
        is_pct = m.group(0).rstrip().endswith("%")
        if (is_pct and value in (0.0, 100.0)) or (not is_pct and value < smallest):
            return m.group(0)
        taken.append(m.group(0).strip())
        return BLANK + m.group(0)[number.end() :]

    return _quantity().sub(swap, text), taken
