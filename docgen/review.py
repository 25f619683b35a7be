"""The drafter's review report for a derived plan: every rewrite of meaning words, every dropped or merged
parent item and why, every place that needs a local figure or name. Markdown or a single HTML file."""

from __future__ import annotations

import html

from .derive import Derived

SECTIONS = [
    ("local", "Needs a local figure or name"),
    ("dropped", "Parent items dropped (no counterpart at this level)"),
    ("merged", "Parent agencies merged into one"),
    ("deadline", "Deadlines moved ahead of the parent's"),
    ("rewrite", "Rewrites that changed meaning words"),
    ("note", "Notes"),
]


def review_markdown(d: Derived) -> str:
    plan = d.plan
    out = [f"# Review: {plan.header.title}", "", f"- Unit: {plan.meta.get('unit')}", f"- Derived from: {plan.meta.get('derived_from')}",
           f"- Mapping: {d.mapping_key}", f"- Targets carried: {len(plan.targets)}; agencies: {len(plan.responsibilities)}", ""]
    for kind, title in SECTIONS:
        items = [i for i in d.review if i.kind == kind]
        if not items:
            continue
        out += [f"## {title} ({len(items)})", ""]
        for i in items:
            line = f"- **{i.where}**: {i.message}"
            if i.before is not None or i.after is not None:
                line += f"\n  - before: {i.before or '—'}\n  - after: {i.after or '—'}"
            out.append(line)
        out.append("")
    return "\n".join(out)


def review_html(d: Derived) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='vi'><meta charset='utf-8'><title>Review: {e(d.plan.header.title or '')}</title>",
             "<style>body{font-family:'Times New Roman',serif;max-width:60rem;margin:2rem auto;line-height:1.45}"
             "del{background:#fdd}ins{background:#dfd;text-decoration:none}li{margin:.4rem 0}</style>",
             f"<h1>Review: {e(d.plan.header.title or '')}</h1><p>Unit: {e(str(d.plan.meta.get('unit')))} — mapping {e(d.mapping_key)}</p>"]
    for kind, title in SECTIONS:
        items = [i for i in d.review if i.kind == kind]
        if not items:
            continue
        parts.append(f"<h2>{e(title)} ({len(items)})</h2><ul>")
        for i in items:
            body = f"<b>{e(i.where)}</b>: {e(i.message)}"
            if i.before is not None or i.after is not None:
                body += f"<br><del>{e(i.before or '')}</del><br><ins>{e(i.after or '')}</ins>"
            parts.append(f"<li>{body}</li>")
        parts.append("</ul>")
    parts.append("</html>")
    return "\n".join(parts)
