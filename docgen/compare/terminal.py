"""Terminal views of a diff and a coverage report (rich): counts first, then the items grouped by kind."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract.compare.model import Change, ChangeKind, CoverageReport, PlanDiff
from extract.model import Source

from ..messages_vi import GROUP_VI as GROUP_TITLES
from ..messages_vi import ITEM_KIND_VI, KIND_VI, STATUS_VI, M
from .wording import change_line

STATUS_STYLE = {"covered": "green", "weakened": "yellow", "missing": "red", "not_applicable": "dim"}


def where(src: Source | None, section: str | None = None) -> str:
    """'III.2 ¶41 tr.3' — section path as written, paragraph (or line), page."""
    parts = []
    if section:
        parts.append(section)
    if src is not None:
        if src.page:
            parts.append(f"tr.{src.page}")
        if src.paragraph:
            parts.append(f"¶{src.paragraph}")
        elif src.line:
            parts.append(f"dòng {src.line}")
    return " ".join(parts) or "—"


def print_diff(d: PlanDiff, console: Console, limit: int | None = 20) -> None:
    console.print(
        Text.assemble(
            (M["diff_title"] + " ", "bold"),
            (d.old_file or M["old_version"], "red"),
            " → ",
            (d.new_file or M["new_version"], "green"),
        )
    )
    for w in d.warnings:
        console.print(Text(M["warning"].format(text=w), style="yellow"))
    if not d.changes:
        console.print(Text(M["diff_none"], style="green"))
        _renumbered(d, console)
        return
    groups: dict[str, list[Change]] = defaultdict(list)
    for c in d.changes:
        groups[c.group].append(c)
    counts = Table(title=M["diff_changes"].format(n=len(d.changes)), show_edge=False, header_style="bold")
    counts.add_column(M["col_group"])
    counts.add_column(M["col_kind"])
    counts.add_column(M["col_n"], justify="right")
    for g, items in groups.items():
        kinds: dict[str, int] = defaultdict(int)
        for c in items:
            kinds[c.kind.value] += 1
        for i, (k, n) in enumerate(kinds.items()):
            counts.add_row(GROUP_TITLES.get(g, g) if i == 0 else "", KIND_VI.get(k, k), str(n))
    console.print(counts)
    for g, items in groups.items():
        console.print(Text(f"\n{GROUP_TITLES.get(g, g)} ({len(items)})", style="bold underline"))
        shown = items if limit is None else items[:limit]
        for c in shown:
            loc = (
                f"[{where(c.old.source if c.old else None, c.old.section if c.old else None)} → "
                f"{where(c.new.source if c.new else None, c.new.section if c.new else None)}]"
            )
            console.print(Text.assemble(("  • ", "dim"), change_line(c), " ", (loc, "dim")))
        if len(items) > len(shown):
            console.print(Text("  " + M["more"].format(n=len(items) - len(shown)), style="dim"))
    _renumbered(d, console)


def _renumbered(d: PlanDiff, console: Console) -> None:
    # a heading that moved under another part is reported as a move, not as renumbering
    shifted = {
        (c.old.section, c.new.section) for c in d.changes if c.kind is ChangeKind.agency_moved and c.old and c.new
    }
    moved = [
        s
        for s in d.sections
        if s.old_id
        and s.new_id
        and (s.old_number or "") != (s.new_number or "")
        and (s.old_number, s.new_number) not in shifted
    ]
    if moved:
        pairs = ", ".join(f"{s.old_number} → {s.new_number}" for s in moved[:12]) + (" …" if len(moved) > 12 else "")
        console.print(Text("\n" + M["renumbered"].format(n=len(moved), pairs=pairs), style="dim"))


def print_coverage(r: CoverageReport, console: Console, limit: int | None = 30) -> None:
    console.print(
        Text.assemble(
            (M["coverage_title"] + " ", "bold"),
            (r.parent_file or M["col_parent"], "cyan"),
            " → ",
            (r.child_file or M["col_child"], "cyan"),
        )
    )
    for w in r.warnings:
        console.print(Text(M["warning"].format(text=w), style="yellow"))
    summary = Table(show_edge=False, header_style="bold", title=M["coverage_found"].format(ratio=f"{r.ratio():.0%}"))
    for i, col in enumerate(("col_item_kind", "col_covered", "col_weakened", "col_missing", "col_total")):
        summary.add_column(M[col], justify="left" if i == 0 else "right")
    for kind, c in r.counts().items():
        summary.add_row(
            ITEM_KIND_VI.get(kind, kind),
            *(Text(str(c[s]), style=STATUS_STYLE[s] if c[s] else "dim") for s in ("covered", "weakened", "missing")),
            str(c["total"]),
        )
    console.print(summary)
    todo = [i for i in r.items if i.status.value != "covered"]
    if not todo:
        return
    table = Table(show_edge=False, header_style="bold", title=M["coverage_not_covered"])
    table.add_column(M["col_item_kind"])
    table.add_column(M["col_parent_item"], overflow="fold", ratio=3)
    table.add_column(M["col_status"])
    table.add_column(M["col_child_item"], overflow="fold", ratio=3)
    for it in todo if limit is None else todo[:limit]:
        why = "; ".join(reason_line(x) for x in it.reasons)
        child = (it.child.value or it.child.text[:80]) if it.child else "—"
        table.add_row(
            ITEM_KIND_VI.get(it.kind, it.kind),
            f"{it.parent.value + ': ' if it.parent.value else ''}{it.parent.text[:160]}",
            Text(STATUS_VI[it.status.value], style=STATUS_STYLE[it.status.value]),
            f"{child}{' — ' + why if why else ''}",
        )
    console.print(table)
    if limit is not None and len(todo) > limit:
        console.print(Text(M["more_coverage"].format(n=len(todo) - limit), style="dim"))


def reason_line(reason) -> str:
    """Why an item is weakened, in Vietnamese (the reason's English `text` stays for JSON)."""
    from .matrix import reason_vi

    return reason_vi(reason)
