"""Typed changes of the header, the legal bases and the targets.

Targets are paired by indicator (and horizon year), so a value change is reported as what it is — raised,
lowered, range, qualifier, year — rather than as a reworded sentence.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from ..model import LegalBasis, Plan, Target
from ..normalize import match_key
from .flatten import Flat, enum_str, shorten
from .model import Change, ChangeKind, Side
from .words import name_key

HEADER_FIELDS = ("doc_type", "issuing_body", "number_symbol", "place", "date", "title")
INDICATOR_CUTOFF = 80.0
LEGAL_CUTOFF = 85.0


# --- header -----------------------------------------------------------------------------------------------


def header_changes(old: Plan, new: Plan) -> list[Change]:
    out: list[Change] = []
    for f in HEADER_FIELDS:
        a, b = getattr(old.header, f), getattr(new.header, f)
        if name_key(a or "") == name_key(b or ""):
            continue
        out.append(
            Change(
                kind=ChangeKind.header_changed,
                summary=f"Header {f.replace('_', ' ')}: {a or '—'} → {b or '—'}",
                old=Side(text=a or "", value=a, source=old.header.sources.get(f)),
                new=Side(text=b or "", value=b, source=new.header.sources.get(f)),
                detail={"field": f},
            )
        )
    sa, sb = _signer(old), _signer(new)
    if name_key(sa) != name_key(sb):
        out.append(
            Change(
                kind=ChangeKind.header_changed,
                summary=f"Signer: {sa or '—'} → {sb or '—'}",
                old=Side(text=sa, value=old.signer.name, source=old.signer.source),
                new=Side(text=sb, value=new.signer.name, source=new.signer.source),
                detail={"field": "signer"},
            )
        )
    return out


def _signer(plan: Plan) -> str:
    s = plan.signer
    return " / ".join(x for x in [s.authority or "", s.title or "", s.name or ""] if x)


# --- legal bases ------------------------------------------------------------------------------------------


def _legal_key(lb: LegalBasis) -> str:
    if lb.number_symbol:
        return match_key(f"{lb.kind} {lb.number_symbol}")
    return match_key(lb.text)


def _legal_side(lb: LegalBasis) -> Side:
    return Side(
        text=lb.text, value=" ".join(x for x in [lb.kind, lb.number_symbol or "", lb.date or ""] if x), source=lb.source
    )


def legal_changes(old: Plan, new: Plan) -> list[Change]:
    out: list[Change] = []
    free = list(range(len(new.legal_bases)))
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, lb in enumerate(new.legal_bases):
        by_key[_legal_key(lb)].append(j)
    left: list[LegalBasis] = []
    for lb in old.legal_bases:
        cands = [j for j in by_key.get(_legal_key(lb), []) if j in free]
        if not cands:
            left.append(lb)
            continue
        j = cands[0]
        free.remove(j)
        nb = new.legal_bases[j]
        if match_key(lb.text) != match_key(nb.text) and (
            lb.date != nb.date or match_key(lb.subject or "") != match_key(nb.subject or "")
        ):
            what = "date" if lb.date != nb.date else "subject"
            out.append(
                Change(
                    kind=ChangeKind.legal_changed,
                    summary=f"Legal basis {lb.kind} {lb.number_symbol or ''}: {what} changed".replace("  ", " "),
                    old=_legal_side(lb),
                    new=_legal_side(nb),
                    detail={"what": what},
                )
            )
    for lb in left:
        best, score = None, 0.0
        for j in free:
            sc = fuzz.ratio(match_key(lb.text), match_key(new.legal_bases[j].text))
            if sc > score:
                best, score = j, sc
        if best is not None and score >= LEGAL_CUTOFF:
            free.remove(best)
            nb = new.legal_bases[best]
            out.append(
                Change(
                    kind=ChangeKind.legal_changed,
                    summary=(
                        f"Legal basis reworded: {lb.kind} {lb.number_symbol or ''} → {nb.kind} {nb.number_symbol or ''}"
                    ),
                    old=_legal_side(lb),
                    new=_legal_side(nb),
                    detail={"what": "citation", "score": round(score / 100, 3)},
                )
            )
        else:
            out.append(
                Change(
                    kind=ChangeKind.legal_removed,
                    summary=f"Legal basis removed: {shorten(lb.text, 90)}",
                    old=_legal_side(lb),
                )
            )
    for j in free:
        nb = new.legal_bases[j]
        out.append(
            Change(
                kind=ChangeKind.legal_added, summary=f"Legal basis added: {shorten(nb.text, 90)}", new=_legal_side(nb)
            )
        )
    return out


# --- targets ----------------------------------------------------------------------------------------------


def fmt_value(t: Target) -> str:
    def num(v: float) -> str:
        return f"{v:g}".replace(".", ",")

    if t.value is None:
        return "—"
    unit = t.unit or ""
    sep = "" if unit in ("%", "") else " "
    body = num(t.value) if t.value_max is None else f"{num(t.value)}-{num(t.value_max)}"
    return f"{body}{sep}{unit}"


def target_side(t: Target, flat: Flat) -> Side:
    q = f"{t.qualifier_text} " if t.qualifier_text else ""
    year = f" ({t.year})" if t.year else ""
    return Side(text=t.text, value=f"{q}{fmt_value(t)}{year}", section=flat.path_of(t.section), source=t.source)


def pair_targets(
    old: list[Target], new: list[Target]
) -> tuple[list[tuple[Target, Target]], list[Target], list[Target]]:
    """Pairs by indicator: same key and year, then same key, then fuzzy indicator (same year first)."""
    pairs: list[tuple[Target, Target]] = []
    free_new = list(new)
    left = list(old)
    passes = (
        lambda a, b: match_key(a.indicator) == match_key(b.indicator) and a.year == b.year,
        lambda a, b: match_key(a.indicator) == match_key(b.indicator),
    )
    for same in passes:
        rest = []
        for a in left:
            b = next((b for b in free_new if same(a, b)), None)
            if b is None:
                rest.append(a)
            else:
                pairs.append((a, b))
                free_new.remove(b)
        left = rest
    cands = []
    for i, a in enumerate(left):
        for j, b in enumerate(free_new):
            sc = fuzz.token_sort_ratio(match_key(a.indicator), match_key(b.indicator))
            if sc >= INDICATOR_CUTOFF:
                cands.append((sc + (5 if a.year == b.year else 0), i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    for _, i, j in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        pairs.append((left[i], free_new[j]))
    removed = [a for i, a in enumerate(left) if i not in used_i]
    added = [b for j, b in enumerate(free_new) if j not in used_j]
    return pairs, removed, added


def target_changes(old: Plan, new: Plan, fo: Flat, fn: Flat) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = pair_targets(old.targets, new.targets)
    for a, b in pairs:
        so, sn = target_side(a, fo), target_side(b, fn)
        what = shorten(b.indicator, 70)
        detail = {"indicator": b.indicator, "old_id": a.id, "new_id": b.id}
        if (a.value_max is not None or b.value_max is not None) and (a.value, a.value_max) != (b.value, b.value_max):
            out.append(
                Change(
                    kind=ChangeKind.target_range_changed,
                    summary=f"Target range {fmt_value(a)} → {fmt_value(b)}: {what}",
                    old=so,
                    new=sn,
                    detail=detail,
                )
            )
        elif a.value is not None and b.value is not None and a.value != b.value:
            kind = ChangeKind.target_raised if b.value > a.value else ChangeKind.target_lowered
            verb = "raised" if kind is ChangeKind.target_raised else "lowered"
            out.append(
                Change(
                    kind=kind,
                    summary=f"Target {verb} {fmt_value(a)} → {fmt_value(b)}: {what}",
                    old=so,
                    new=sn,
                    detail=detail,
                )
            )
        if enum_str(a.qualifier) != enum_str(b.qualifier) and not _both_plain(a, b):
            out.append(
                Change(
                    kind=ChangeKind.target_qualifier_changed,
                    summary=f"Target qualifier {a.qualifier_text or '—'} → {b.qualifier_text or '—'}: {what}",
                    old=so,
                    new=sn,
                    detail=detail,
                )
            )
        if a.year != b.year:
            out.append(
                Change(
                    kind=ChangeKind.target_year_changed,
                    summary=f"Target year {a.year or '—'} → {b.year or '—'}: {what}",
                    old=so,
                    new=sn,
                    detail=detail,
                )
            )
    for a in removed:
        out.append(
            Change(
                kind=ChangeKind.target_removed,
                summary=f"Target removed: {fmt_value(a)} {shorten(a.indicator, 70)}",
                old=target_side(a, fo),
                detail={"old_id": a.id},
            )
        )
    for b in added:
        out.append(
            Change(
                kind=ChangeKind.target_added,
                summary=f"Target added: {fmt_value(b)} {shorten(b.indicator, 70)}",
                new=target_side(b, fn),
                detail={"new_id": b.id},
            )
        )
    return out


def _both_plain(a: Target, b: Target) -> bool:
    """'exact' and 'reach' say the same thing (a bare value vs 'đạt'); not a change of qualifier."""
    plain = {"exact", "reach", ""}
    return (
        enum_str(a.qualifier) in plain
        and enum_str(b.qualifier) in plain
        and match_key(a.qualifier_text or "") == match_key(b.qualifier_text or "")
    )
