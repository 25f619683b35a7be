"""The fallback when an input is not a plan (no numbered sections): a line diff of the two texts.

Lines are compared by match key, so spelling variants are still no change; replaced lines get a word diff.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..model import Plan, Source
from ..normalize import match_key
from .model import Change, ChangeKind, PlanDiff, Row, Side
from .words import describe, word_diff


def is_plan(plan: Plan) -> bool:
    """A plan has a numbered body; without one there is nothing to align by structure."""
    return bool(plan.sections)


def _lines(plan: Plan) -> list[tuple[str, Source]]:
    out: list[tuple[str, Source]] = []
    pos = 0
    for n, line in enumerate(plan.text.split("\n"), 1):
        start = pos
        pos += len(line) + 1
        text = line.strip()
        if text:
            lead = len(line) - len(line.lstrip())
            out.append((text, Source(file=plan.file, line=n, start=start + lead, end=start + lead + len(text))))
    return out


def text_diff(old: Plan, new: Plan) -> PlanDiff:
    warnings = [
        f"{p.file or side}: not a plan (no numbered sections); showing a plain text diff"
        for side, p in (("old", old), ("new", new))
        if not is_plan(p)
    ]
    a, b = _lines(old), _lines(new)
    ka, kb = [match_key(t) for t, _ in a], [match_key(t) for t, _ in b]
    changes: list[Change] = []
    rows: list[Row] = []

    def side(item: tuple[str, Source]) -> Side:
        return Side(text=item[0], source=item[1])

    def add(kind: ChangeKind, summary: str, o=None, n=None, words=None) -> int:
        changes.append(
            Change(
                kind=kind, summary=summary, old=side(o) if o else None, new=side(n) if n else None, words=words or []
            )
        )
        return len(changes) - 1

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [
                Row(status="equal", role="text", old=side(a[i]), new=side(b[j]))
                for i, j in zip(range(i1, i2), range(j1, j2))
            ]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for i, j in zip(olds, news):
            words = word_diff(a[i][0], b[j][0])
            c = add(ChangeKind.text_changed, f"Line {a[i][1].line}: {describe(words)}", a[i], b[j], words)
            rows.append(Row(status="reworded", role="text", old=side(a[i]), new=side(b[j]), words=words, change=c))
        for i in olds[len(news) :]:
            c = add(ChangeKind.text_removed, f"Line {a[i][1].line} removed: {a[i][0][:80]}", o=a[i])
            rows.append(Row(status="removed", role="text", old=side(a[i]), change=c))
        for j in news[len(olds) :]:
            c = add(ChangeKind.text_added, f"Line {b[j][1].line} added: {b[j][0][:80]}", n=b[j])
            rows.append(Row(status="added", role="text", new=side(b[j]), change=c))
    return PlanDiff(old_file=old.file, new_file=new.file, mode="text", changes=changes, rows=rows, warnings=warnings)
