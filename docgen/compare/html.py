"""Single-file HTML views of a comparison: a side-by-side diff and a coverage table.

The work here is shaping the contract objects into plain view data (labels, anchors, highlighted pieces);
the markup lives in `templates/diff.html.j2` and `templates/coverage.html.j2`, rendered by the shared sandboxed,
auto-escaped jinja2 environment, so every piece of document text is escaped once, in the template. The pages
need no script, font or stylesheet from outside: they open the same offline, from an e-mail or a USB stick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.compare.model import (
    Change,
    ChangeKind,
    CoverageItem,
    CoverageReport,
    CoverageStatus,
    PlanDiff,
    Row,
    Side,
    WordOp,
)
from extract.model import Source

from ..messages_vi import BY_VI, GROUP_VI, ITEM_KIND_VI, KIND_VI, ROW_STATUS_VI, STATUS_VI, M
from ..templates_env import render_template
from .terminal import reason_line
from .wording import change_line

DIFF_TEMPLATE = "diff.html.j2"
COVERAGE_TEMPLATE = "coverage.html.j2"

GROUP_LABELS = GROUP_VI
KIND_LABELS = ITEM_KIND_VI
STATUS_MARK = {"equal": "", "reworded": "~", "added": "+", "removed": "−", "moved": "↕"}


@dataclass
class Piece:
    """A stretch of cell text; `tag` is "" (as is), "ins" or "del"."""

    text: str
    tag: str = ""


@dataclass
class Cell:
    pieces: list[Piece] = field(default_factory=list)
    where: str = ""  # hover text: section number and source location
    empty: bool = True
    number: str = ""  # heading number printed before the text
    badge: str = ""  # 'moved to III.1.' / 'moved from III.2.'


@dataclass
class RowView:
    anchor: str
    status: str
    role: str
    level: int
    mark: str
    old: Cell
    new: Cell
    change: str | None  # anchor of the change this row belongs to


@dataclass
class ChangeView:
    anchor: str
    kind: str
    summary: str  # in Vietnamese (docgen/compare/wording.py)
    target: str | None  # anchor of its row, when there is one
    label: str = ""  # the kind in Vietnamese


@dataclass
class KindCount:
    kind: str
    count: int
    label: str = ""  # in Vietnamese


@dataclass
class GroupView:
    group: str
    label: str
    total: int
    kinds: list[KindCount]
    changes: list[ChangeView]


# ------------------------------------------------------------------------------------------------ diff


def diff_html(d: PlanDiff, templates_dir: str | Path | None = None) -> str:
    """The whole diff as one HTML page (summary with links, then the side-by-side rows).

    Raises `docgen.templates_env.TemplateError` naming the template and line if a (user) template is broken.
    """
    rows = [_row_view(i, r) for i, r in enumerate(d.rows)]
    targets = _change_targets(d)
    for ci, anchor in sorted(targets.items()):  # a row no change points at links to the first found by source
        row = rows[int(anchor.removeprefix("row-"))]
        row.change = row.change or f"change-{ci}"
    changes = [
        ChangeView(f"change-{i}", c.kind.value, change_line(c), targets.get(i), KIND_VI.get(c.kind.value, c.kind.value))
        for i, c in enumerate(d.changes)
    ]
    context = {
        "t": M,
        "old_file": d.old_file or M["old_version"],
        "new_file": d.new_file or M["new_version"],
        "mode": d.mode,
        "warnings": list(d.warnings),
        "groups": _groups(d, changes),
        "total": len(d.changes),
        "row_counts": _row_counts(d.rows),
        "rows": rows,
    }
    return render_template(DIFF_TEMPLATE, context, templates_dir)


def _groups(d: PlanDiff, changes: list[ChangeView]) -> list[GroupView]:
    """Counts per group and kind (in ChangeKind order), each group with its list of changes."""
    groups: dict[str, GroupView] = {}
    for kind, n in d.counts().items():
        group = ChangeKind(kind).group
        g = groups.setdefault(group, GroupView(group, GROUP_LABELS.get(group, group.title()), 0, [], []))
        g.kinds.append(KindCount(kind, n, KIND_VI.get(kind, kind)))
        g.total += n
    for view, change in zip(changes, d.changes):
        groups[change.group].changes.append(view)
    return list(groups.values())


def _row_counts(rows: list[Row]) -> list[KindCount]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return [
        KindCount(s, counts[s], ROW_STATUS_VI.get(s, s))
        for s in ("reworded", "moved", "added", "removed", "equal")
        if s in counts
    ]


def _row_view(i: int, r: Row) -> RowView:
    old_pieces, new_pieces = _pieces(r)
    old_number = new_number = ""
    if r.role == "heading":
        if r.new is not None:
            new_number = (r.number or "").strip()
        if r.old is not None:
            old_number = _old_number(r)
    old_cell = Cell(old_pieces, _where("old", r.old), r.old is None, _unless_written(old_number, r.old))
    new_cell = Cell(new_pieces, _where("new", r.new), r.new is None, _unless_written(new_number, r.new))
    if r.status == "moved":
        old_cell.badge = _moved("to", r.new)
        new_cell.badge = _moved("from", r.old)
    return RowView(
        anchor=f"row-{i}",
        status=r.status,
        role=r.role,
        level=max(1, min(r.level, 4)) if r.role == "heading" else 0,
        mark=STATUS_MARK.get(r.status, ""),
        old=old_cell,
        new=new_cell,
        change=f"change-{r.change}" if r.change is not None else None,
    )


_NUMBER_PART = re.compile(r"[^.)\s]+[.)]")


def _old_number(r: Row) -> str:
    """The OLD heading's own number as written. A row carries only the NEW one (`III.` → `IV.` is visible only
    here), so take as many trailing parts of the OLD numbering path as the NEW number has ('II.1.' → '1.')."""
    number = (r.number or "").strip()
    if r.new is None:
        return number
    parts = _NUMBER_PART.findall(number)
    new_path = _NUMBER_PART.findall(r.new.section or "")
    old_path = _NUMBER_PART.findall((r.old.section if r.old else None) or "")
    if not parts or new_path[-len(parts) :] != parts or len(old_path) < len(parts):
        return ""
    return "".join(old_path[-len(parts) :])


def _moved(direction: str, other: Side | None) -> str:
    """The badge of a moved row, naming the other side's section when it is known."""
    if other is None or not other.section:
        return M["moved"]
    return M["moved_to" if direction == "to" else "moved_from"].format(section=other.section)


def _unless_written(number: str, side: Side | None) -> str:
    """The number to print before a heading, unless its text already starts with it."""
    if not number or side is None or side.text.lstrip().startswith(number):
        return ""
    return number


def _pieces(r: Row) -> tuple[list[Piece], list[Piece]]:
    """Each side's text; with word ops, what went is <del> on the old side and what came is <ins> on the new."""
    old_text = r.old.text if r.old else ""
    new_text = r.new.text if r.new else ""
    if not r.words or r.old is None or r.new is None:
        return _plain(old_text), _plain(new_text)
    return _side_pieces(r.words, "old", "del"), _side_pieces(r.words, "new", "ins")


def _plain(text: str) -> list[Piece]:
    return [Piece(text)] if text else []


def _side_pieces(words: list[WordOp], side: str, tag: str) -> list[Piece]:
    out: list[Piece] = []
    for op in words:
        text = op.old if side == "old" else op.new
        if not text:
            continue
        mark = "" if op.op == "equal" else tag
        if out and out[-1].tag == mark:  # adjacent ops of one kind read as one stretch
            out[-1].text += text
        else:
            out.append(Piece(text, mark))
    return out


def _where(label: str, side: Side | None) -> str:
    """Hover text of a cell: 'bản cũ · mục III.2.a) · đoạn 12' — enough to find the item in its file."""
    if side is None:
        return ""
    parts = [M.get(f"where_{label}", label)]
    if side.section:
        parts.append(M["where_section"].format(section=side.section))
    loc = _location(side.source)
    if loc:
        parts.append(loc)
    return " · ".join(parts)


def _location(src: Source | None) -> str:
    if src is None:
        return ""
    parts = []
    if src.page is not None:
        parts.append(M["where_page"].format(n=src.page))
    if src.paragraph is not None:
        parts.append(M["where_paragraph"].format(n=src.paragraph))
    if src.line is not None:
        parts.append(M["where_line"].format(n=src.line))
    if src.table:
        parts.append(M["where_table"].format(n=src.table))
    return ", ".join(parts)


def _change_targets(d: PlanDiff) -> dict[int, str]:
    """Anchor of the row that shows each change: the row pointing at it, else the row holding its source."""
    out: dict[int, str] = {}
    for i, r in enumerate(d.rows):
        if r.change is not None and r.change not in out:
            out[r.change] = f"row-{i}"
    for ci, c in enumerate(d.changes):
        if ci in out:
            continue
        found = _row_holding(d.rows, c)
        if found is not None:
            out[ci] = f"row-{found}"
    return out


def _row_holding(rows: list[Row], c: Change) -> int | None:
    for side in ("new", "old"):
        src = getattr(c, side).source if getattr(c, side) is not None else None
        if src is None:
            continue
        for i, r in enumerate(rows):
            rs = getattr(r, side)
            if rs is not None and rs.source is not None and _contains(rs.source, src):
                return i
    return None


def _contains(outer: Source, inner: Source) -> bool:
    """Same block (by span in Plan.text when both have one, else by paragraph/line number)."""
    if outer.end > outer.start and inner.end > inner.start:
        return outer.start <= inner.start and inner.end <= outer.end
    if outer.paragraph is not None and inner.paragraph is not None:
        return outer.paragraph == inner.paragraph and outer.page == inner.page
    if outer.line is not None and inner.line is not None:
        return outer.line == inner.line
    return False


# ------------------------------------------------------------------------------------------------ coverage


@dataclass
class CoverageRowView:
    status: str
    parent: Cell
    child: Cell
    score: str
    by: str
    reasons: list[str]


@dataclass
class CoverageKindView:
    kind: str
    label: str
    covered: int
    weakened: int
    missing: int
    total: int
    percent: str
    rows: list[CoverageRowView]


def coverage_html(r: CoverageReport, templates_dir: str | Path | None = None) -> str:
    """The coverage report as one HTML page: totals per kind and status, then one table per kind.

    Raises `docgen.templates_env.TemplateError` naming the template and line if a (user) template is broken.
    """
    counts = r.counts()
    kinds = []
    for kind in sorted(counts, key=lambda k: (list(KIND_LABELS).index(k) if k in KIND_LABELS else 99, k)):
        c = counts[kind]
        items = [it for it in r.items if it.kind == kind]
        kinds.append(
            CoverageKindView(
                kind=kind,
                label=KIND_LABELS.get(kind, kind),
                covered=c["covered"],
                weakened=c["weakened"],
                missing=c["missing"],
                total=c["total"],
                percent=_percent((c["covered"] + c["weakened"]) / c["total"] if c["total"] else 0.0),
                rows=[_coverage_row(it) for it in items],
            )
        )
    totals = {s.value: sum(1 for it in r.items if it.status is s) for s in CoverageStatus}
    context = {
        "t": M,
        "status_vi": STATUS_VI,
        "parent_file": r.parent_file or M["col_parent"],
        "child_file": r.child_file or M["col_child"],
        "warnings": list(r.warnings),
        "kinds": kinds,
        "totals": totals,
        "total": len(r.items),
        "ratio": _percent(r.ratio()),
    }
    return render_template(COVERAGE_TEMPLATE, context, templates_dir)


def _coverage_row(it: CoverageItem) -> CoverageRowView:
    return CoverageRowView(
        status=it.status.value,
        parent=Cell(_plain(it.parent.text), _where("parent", it.parent), False),
        child=Cell(_plain(it.child.text) if it.child else [], _where("child", it.child), it.child is None),
        score=f"{it.score:.2f}" if it.child is not None or it.score else "",
        by=BY_VI.get(it.by, it.by) if it.by != "none" else "",
        reasons=[reason_line(r) for r in it.reasons],
    )


def _percent(x: float) -> str:
    """'87.5%', '100%' — one decimal only when it says something; never '100%' while something is missing."""
    p = round(x * 100, 1)
    if p == 100 and x < 1:
        p = 99.9
    return f"{p:g}%"
