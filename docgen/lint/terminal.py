"""The lint report as a clerk reads it in the terminal: one Vietnamese line per rule and zone, with its count,
the values found and the first places (`--json` keeps every place)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..messages_vi import (
    LINT_CHECK_VI,
    LINT_LOCATION_VI,
    LINT_PART_VI,
    LINT_RULE_VI,
    LINT_VALUE_VI,
    LINT_ZONE_VI,
    M,
)
from .checks.header import NOTE_PARTY, NOTE_PARTY_NUMBER
from .docmodel import Location
from .findings import Group

_NOTES_VI = {NOTE_PARTY: "lint_note_party", NOTE_PARTY_NUMBER: "lint_note_party_number"}
_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def rule_vi(rule: str) -> str:
    """ "issuing_body.bold" → "chữ đậm — tên cơ quan ban hành"; "page.margin.left" → "lề trái — trang"."""
    if rule in LINT_RULE_VI:
        return LINT_RULE_VI[rule]
    part, _, check = rule.partition(".")
    words = [LINT_CHECK_VI.get(c, c) for c in check.split(".") if c]
    what = " ".join(words) or rule
    return f"{what} — {LINT_PART_VI.get(part, part)}"


def location_vi(loc: Location) -> str:
    """Where a violation is, in Vietnamese words ("phần 1, đoạn 12, đoạn chữ 3")."""
    bits = []
    part = getattr(loc, "part", "document")
    if part not in ("document", None):
        bits.append(LINT_LOCATION_VI.get(part, part))
    for name in ("section", "style", "paragraph", "table", "row", "cell", "cell_paragraph", "run"):
        value = getattr(loc, name, None)
        if value is not None:
            bits.append(LINT_LOCATION_VI[name].format(v=value))
    return ", ".join(bits) or "văn bản"


def value_vi(value: str | None) -> str:
    if value is None:
        return ""
    return LINT_VALUE_VI.get(value, value)


def group_line(g: Group) -> Text:
    line = Text()
    line.append(f"{LINT_ZONE_VI.get(g.zone or '', g.zone or 'văn bản')}: ", style="bold")
    line.append(rule_vi(g.rule), style=_STYLE.get(g.severity, "red"))
    line.append(f" ({g.rule})", style="dim")
    if g.count > 1:
        line.append(M["lint_count"].format(n=g.count))
    found = ", ".join(value_vi(f) for f in g.found[:3]) + (" …" if len(g.found) > 3 else "")
    if found or g.expected is not None:
        line.append(M["lint_found"].format(found=found or "—", expected=value_vi(g.expected) or "—"))
    where = "; ".join(location_vi(loc) for loc in g.locations)
    if g.count > len(g.locations):
        where = M["lint_where_more"].format(where=where, n=g.count - len(g.locations))
    line.append(f"  — {where}", style="dim")
    if g.clause:
        line.append(f"  [{g.clause}]", style="dim")
    if g.fixable:
        line.append("  " + M["lint_fixable"], style="green")
    return line


def print_report(report, console: Console) -> None:
    for g in report.groups():
        console.print(group_line(g), soft_wrap=True)
    for note in report.notes:
        text = M[_NOTES_VI[note]] if note in _NOTES_VI else note
        console.print(Text(M["lint_note"].format(text=text), style="dim"), soft_wrap=True)
    fixable = sum(v.fixable for v in report.violations)
    if report.ok:
        console.print(Text(M["lint_ok"].format(file=report.file), style="green"), soft_wrap=True)
    else:
        summary = M["lint_summary"].format(
            file=report.file, errors=len(report.errors), warnings=len(report.warnings), fixable=fixable
        )
        if report.infos:
            summary += M["lint_infos"].format(n=len(report.infos))
        console.print(Text(summary), soft_wrap=True)
