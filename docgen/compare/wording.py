"""One Vietnamese line per diff change, for the terminal and the HTML view: built from the change's kind,
sides and detail (not from its English `summary`, which stays for JSON consumers and logs)."""

from __future__ import annotations

from collections import defaultdict

import regex

from extract.compare.flatten import shorten
from extract.compare.model import Change
from extract.compare.words import describe

from ..messages_vi import CHANGE_VI, FIELD_VI, HOW_VI, ROLE_VI, M


def change_line(c: Change) -> str:
    """The change in the clerk's words: «Nâng chỉ tiêu ít nhất 43% → ít nhất 44%: nhà giáo đạt trình độ thạc sỹ»."""
    o, n, d = c.old, c.new, c.detail
    words = describe(c.words) if c.words else ""
    fields: dict[str, str] = defaultdict(
        str,
        {
            "old_value": _value(o),
            "new_value": _value(n),
            "old_text": shorten(o.text, 100) if o else "—",
            "new_text": shorten(n.text, 100) if n else "—",
            "old_section": (o.section or "—") if o else "—",
            "new_section": (n.section or "—") if n else "—",
            "words": shorten(words, 120) or "—",
            "field": FIELD_VI.get(str(d.get("field", "")), str(d.get("field", ""))),
            "paragraphs": str(d.get("paragraphs", "")),
            "moved_in": M["moved_in"].format(n=d["moved_in"]) if d.get("moved_in") else "",
            "indicator": shorten(str(d.get("indicator") or (n.text if n else o.text if o else "")), 80),
            "how": HOW_VI.get(str(d.get("how", "")), str(d.get("how", ""))),
            "agency": str(d.get("agency") or (n.value if n else "") or ""),
            "old_role": ROLE_VI.get(str(d.get("old_role", "")), str(d.get("old_role", ""))),
            "new_role": ROLE_VI.get(str(d.get("new_role", "")), str(d.get("new_role", ""))),
            "from_place": str(d.get("from", "—")),
            "to_place": str(d.get("to", "—")),
            "reworded": M["reworded_too"] if d.get("reworded") else "",
        },
    )
    if c.kind.value == "header_changed" and d.get("field") == "date":
        fields["old_value"], fields["new_value"] = _date(fields["old_value"]), _date(fields["new_value"])
    if c.kind.value in _VALUE_KINDS and o is not None and n is not None:
        old_core, new_core, common = _split_common(fields["old_value"], fields["new_value"])
        fields["old_value"], fields["new_value"] = old_core, new_core + (f" ({common})" if common else "")
    if c.kind.value == "agency_renamed":
        fields["old_value"] = str(d.get("old_agency") or fields["old_value"])
        fields["new_value"] = str(d.get("new_agency") or fields["new_value"])
    template = CHANGE_VI.get(c.kind.value)
    if template is None:
        return c.summary
    return " ".join(template.format_map(fields).split())


_VALUE_KINDS = {"target_raised", "target_lowered", "target_range_changed"}
_YEAR = regex.compile(r"\s*\((\d{4})\)\s*$")
_LEAD = regex.compile(r"^[^\d]*")


def _split_common(a: str, b: str) -> tuple[str, str, str]:
    """("45 làng", "50 làng", "ít nhất, năm 2025") for "ít nhất 45 làng (2025)" → "ít nhất 50 làng (2025)": what
    both values share is said once, so the numbers stand side by side."""
    common: list[str] = []
    qa, qb = _LEAD.match(a).group().strip(), _LEAD.match(b).group().strip()
    if qa == qb and qa:
        a, b = a[len(_LEAD.match(a).group()) :], b[len(_LEAD.match(b).group()) :]
        common.append(qa)
    ya, yb = _YEAR.search(a), _YEAR.search(b)
    if ya and yb and ya.group(1) == yb.group(1):
        a, b = a[: ya.start()], b[: yb.start()]
        common.append(f"năm {ya.group(1)}")
    return a.strip(), b.strip(), ", ".join(common)


def _date(value: str) -> str:
    """2025-02-05 → 05/02/2025, 2026-03 → 03/2026 (as a clerk writes dates); anything else as it is."""
    parts = value.split("-")
    if all(p.isdigit() for p in parts) and 2 <= len(parts) <= 3:
        return "/".join(reversed(parts))
    return value


def _value(side) -> str:
    if side is None:
        return "—"
    return shorten(side.value or side.text or "—", 100)
