"""Terminal views of a diff and a coverage report (rich): counts first, then the items grouped by kind."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract.diff.model import Change, CoverageReport, PlanDiff
from extract.model import Source

GROUP_TITLES = {
    "header": "Header", "legal": "Legal bases", "section": "Sections", "target": "Targets", "agency": "Agencies",
    "role": "Roles", "task": "Tasks moved", "deadline": "Deadlines", "paragraph": "Paragraphs", "text": "Text",
}
STATUS_STYLE = {"covered": "green", "weakened": "yellow", "missing": "red", "not_applicable": "dim"}


def where(src: Source | None, section: str | None = None) -> str:
    """'III.2 ¶41 p.3' — section path as written, paragraph, page."""
    parts = []
    if section:
        parts.append(section)
    if src is not None:
        if src.page:
            parts.append(f"p.{src.page}")
        if src.paragraph:
            parts.append(f"¶{src.paragraph}")
        elif src.line:
            parts.append(f"l.{src.line}")
    return " ".join(parts) or "—"


def print_diff(d: PlanDiff, console: Console, limit: int | None = 20) -> None:
    console.print(Text.assemble(("diff ", "bold"), (d.old_file or "old", "red"), " → ", (d.new_file or "new", "green")))
    for w in d.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
    if not d.changes:
        console.print(Text("No changes of content.", style="green"))
        _renumbered(d, console)
        return
    groups: dict[str, list[Change]] = defaultdict(list)
    for c in d.changes:
        groups[c.group].append(c)
    counts = Table(title=f"{len(d.changes)} changes", show_edge=False, header_style="bold")
    counts.add_column("group")
    counts.add_column("kind")
    counts.add_column("n", justify="right")
    for g, items in groups.items():
        kinds: dict[str, int] = defaultdict(int)
        for c in items:
            kinds[c.kind.value] += 1
        for i, (k, n) in enumerate(kinds.items()):
            counts.add_row(GROUP_TITLES.get(g, g) if i == 0 else "", k, str(n))
    console.print(counts)
    for g, items in groups.items():
        console.print(Text(f"\n{GROUP_TITLES.get(g, g)} ({len(items)})", style="bold underline"))
        shown = items if limit is None else items[:limit]
        for c in shown:
            loc = f"[{where(c.old.source if c.old else None, c.old.section if c.old else None)} → " \
                  f"{where(c.new.source if c.new else None, c.new.section if c.new else None)}]"
            console.print(Text.assemble(("  • ", "dim"), (c.kind.value, "cyan"), " ", c.summary, " ", (loc, "dim")))
        if len(items) > len(shown):
            console.print(Text(f"  … {len(items) - len(shown)} more (use --all, or --format json/html)", style="dim"))
    _renumbered(d, console)


def _renumbered(d: PlanDiff, console: Console) -> None:
    moved = [s for s in d.sections if s.old_id and s.new_id and (s.old_number or "") != (s.new_number or "")]
    if moved:
        console.print(Text(f"\n{len(moved)} sections renumbered (not a change of content): "
                           + ", ".join(f"{s.old_number} → {s.new_number}" for s in moved[:12])
                           + (" …" if len(moved) > 12 else ""), style="dim"))


def print_coverage(r: CoverageReport, console: Console, limit: int | None = 30) -> None:
    console.print(Text.assemble(("coverage ", "bold"), (r.parent_file or "parent", "cyan"), " ⊇? ", (r.child_file or "child", "cyan")))
    for w in r.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
    summary = Table(show_edge=False, header_style="bold", title=f"{r.ratio():.0%} of the parent's items found in the child")
    for col in ("kind", "covered", "weakened", "missing", "total"):
        summary.add_column(col, justify="left" if col == "kind" else "right")
    for kind, c in r.counts().items():
        summary.add_row(kind, *(Text(str(c[s]), style=STATUS_STYLE[s] if c[s] else "dim") for s in ("covered", "weakened", "missing")), str(c["total"]))
    console.print(summary)
    todo = [i for i in r.items if i.status.value != "covered"]
    if not todo:
        return
    table = Table(show_edge=False, header_style="bold", title="Not fully covered")
    table.add_column("kind")
    table.add_column("parent item", overflow="fold", ratio=3)
    table.add_column("status")
    table.add_column("child item / why", overflow="fold", ratio=3)
    for it in todo if limit is None else todo[:limit]:
        why = "; ".join(r.text for r in it.reasons)
        child = (it.child.value or it.child.text[:80]) if it.child else "—"
        table.add_row(it.kind, f"{it.parent.value + ': ' if it.parent.value else ''}{it.parent.text[:160]}",
                      Text(it.status.value, style=STATUS_STYLE[it.status.value]), f"{child}{' — ' + why if why else ''}")
    console.print(table)
    if limit is not None and len(todo) > limit:
        console.print(Text(f"… {len(todo) - limit} more (use --all, or --format json/html/xlsx)", style="dim"))
