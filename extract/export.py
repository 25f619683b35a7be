"""Flat exports of a plan: the two CSV tables (a stable contract for spreadsheet users) and a readable outline."""

from __future__ import annotations

import csv
import io

from .cells import csv_value
from .model import Plan

TARGET_COLUMNS = ["id", "section", "indicator", "value", "value_max", "unit", "qualifier", "year", "source"]
RESPONSIBILITY_COLUMNS = ["id", "agency", "agency_normalized", "role", "task", "deadline", "source"]


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _word(v) -> str:
    """An enum field as its word ('lead', not 'Role.lead'): fields set after validation keep the enum member."""
    if v is None:
        return ""
    return str(getattr(v, "value", v))


def _value(value: float | None, value_max: float | None, unit: str | None) -> str:
    """'50–55%', '29 xã', '2989.5 MW': a percent sign sits on the number, a unit word stands apart."""
    if value is None:
        return ""
    text = _num(value) + (f"–{_num(value_max)}" if value_max is not None else "")
    if not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


def targets_csv(plan: Plan) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TARGET_COLUMNS)
    for t in plan.targets:
        w.writerow(
            _cells(
                t.id,
                t.section or "",
                t.indicator,
                _num(t.value),
                _num(t.value_max),
                t.unit or "",
                _word(t.qualifier),
                t.year or "",
                t.source.label(),
            )
        )
    return buf.getvalue()


def responsibilities_csv(plan: Plan) -> str:
    """One row per agency and task; an agency named without tasks still gets one row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(RESPONSIBILITY_COLUMNS)
    for r in plan.responsibilities:
        if not r.tasks:
            w.writerow(_cells(r.id, r.agency, r.agency_normalized, _word(r.role), "", "", r.source.label()))
        for t in r.tasks:
            deadline = "; ".join(d.text for d in t.deadlines)
            w.writerow(_cells(t.id, r.agency, r.agency_normalized, _word(t.role), t.text, deadline, t.source.label()))
    return buf.getvalue()


def outline_md(plan: Plan) -> str:
    """A readable outline for a reviewer: header, bases, the section tree, targets, who does what, warnings."""
    h = plan.header
    out = [f"# {h.doc_type or 'Văn bản'}: {h.title or '(no title)'}", ""]
    for label, value in (
        ("Issuing body", h.issuing_body),
        ("Governing body", h.governing_body),
        ("Level", h.level),
        ("Number", h.number_symbol),
        ("Place", h.place),
        ("Date", h.date),
    ):
        if value:
            note = " (inferred)" if label.lower().replace(" ", "_") in h.inferred else ""
            out.append(f"- **{label}:** {value}{note}")
    if plan.legal_bases:
        out += ["", "## Legal bases", ""]
        out += [
            (
                f"- {b.kind} {b.number_symbol or ''} {('ngày ' + b.date) if b.date else ''} "
                f"{('của ' + b.issuer) if b.issuer else ''}"
            )
            .replace("  ", " ")
            .rstrip()
            for b in plan.legal_bases
        ]
    out += ["", "## Structure", ""]
    for sec in plan.iter_sections():
        out.append(
            f"{'  ' * (sec.level - 1)}- `{sec.id}` {sec.number or ''} {sec.title} _({_word(sec.kind)})_".replace(
                "  _", " _"
            )
        )
    if plan.targets:
        out += [
            "",
            "## Targets",
            "",
            "| id | year | indicator | value | qualifier | source |",
            "|---|---|---|---|---|---|",
        ]
        for t in plan.targets:
            value = _value(t.value, t.value_max, t.unit)
            out.append(
                f"| {t.id} | {t.year or ''} | {t.indicator.replace('|', '/')} "
                f"| {value} | {_word(t.qualifier)} | {t.source.label()} |"
            )
    if plan.responsibilities:
        out += ["", "## Responsibilities", ""]
        for r in plan.responsibilities:
            out.append(
                f"- **{r.agency_normalized}** — {_word(r.role)}, {len(r.tasks)} task(s)"
                + (f"; deadlines: {', '.join(d.text for d in r.deadlines)}" if r.deadlines else "")
            )
    if plan.deadlines:
        out += ["", "## Deadlines", ""]
        out += [
            f"- {d.text} ({_word(d.recurrence)}){' — ' + d.agency if d.agency else ''} [{d.source.label()}]"
            for d in plan.deadlines
        ]
    if plan.signer.name or plan.signer.lines:
        out += ["", "## Signer", "", f"{' / '.join(plan.signer.lines)} — {plan.signer.name or ''}"]
    if plan.warnings:
        out += ["", "## Warnings", ""]
        out += [f"- `{w.code}` {w.message}" + (f" [{w.source.label()}]" if w.source else "") for w in plan.warnings]
    return "\n".join(out) + "\n"


def _cells(*values: object) -> list[object]:
    """A CSV row Excel opens as text: a field starting with = + - @ gets a leading ' (see `extract.cells`)."""
    return [csv_value(v) for v in values]
