"""The drafter's to-do list for a derived plan, in Vietnamese: every decision left before signing (figures to
fill, duties left out and why, rewrites to check, deadlines moved, names to fill), with counts at the top.
Markdown or a single HTML file."""

from __future__ import annotations

import html

from .derive import Derived

SECTIONS = [
    ("blank", "Số liệu cần điền (chỗ “…” được tô vàng trong văn bản)"),
    ("local", "Thông tin cần bổ sung"),
    ("dropped", "Nhiệm vụ của cấp trên không đưa vào kế hoạch (xác nhận lý do)"),
    ("merged", "Nhiệm vụ trùng, đã gộp làm một"),
    ("deadline", "Thời hạn đã chuyển sớm hơn thời hạn của cấp trên"),
    ("rewrite", "Câu chữ đã sửa cho phù hợp cấp dưới (kiểm tra lại)"),
    ("note", "Lưu ý"),
]


def counts(d: Derived) -> list[tuple[str, str, int]]:
    """(kind, title, number of open items) for every kind that has some."""
    return [(k, t, n) for k, t in SECTIONS if (n := sum(1 for i in d.review if i.kind == k))]


def review_markdown(d: Derived) -> str:
    plan = d.plan
    out = [
        f"# Việc cần làm trước khi trình ký: {plan.header.title}",
        "",
        f"- Đơn vị: {plan.meta.get('unit')}",
        f"- Kế hoạch cấp trên: {plan.meta.get('derived_from')}",
        f"- Chiều triển khai: {d.mapping_key}",
        f"- Nhiệm vụ của đơn vị: {len(plan.tasks)}; cơ quan thực hiện: "
        f"{len(plan.responsibilities)}; chỉ tiêu: {len(plan.targets)}",
        "",
        f"**Tổng số việc cần xử lý: {d.open_decisions}**",
        "",
    ]
    out += [f"- {title}: {n}" for _, title, n in counts(d)]
    out.append("")
    for kind, title, n in counts(d):
        out += [f"## {title} ({n})", ""]
        for i in (x for x in d.review if x.kind == kind):
            line = f"- [ ] **{i.where}**: {i.message}"
            if i.before is not None or i.after is not None:
                line += f"\n  - trước: {i.before or '—'}\n  - sau: {i.after or '—'}"
            out.append(line)
        out.append("")
    return "\n".join(out)


def review_html(d: Derived) -> str:
    e = html.escape
    title = e(d.plan.header.title or "")
    parts = [
        f"<!doctype html><html lang='vi'><meta charset='utf-8'><title>Việc cần làm: {title}</title>",
        "<style>body{font-family:'Times New Roman',serif;max-width:60rem;margin:2rem auto;line-height:1.45}"
        "del{background:#fdd}ins{background:#dfd;text-decoration:none}li{margin:.4rem 0}</style>",
        f"<h1>Việc cần làm trước khi trình ký: {title}</h1><p>Đơn vị: "
        f"{e(str(d.plan.meta.get('unit')))} — {e(d.mapping_key)}</p>",
        f"<p><b>Tổng số việc cần xử lý: {d.open_decisions}</b></p><ul>",
    ]
    parts += [f"<li>{e(t)}: {n}</li>" for _, t, n in counts(d)]
    parts.append("</ul>")
    for kind, t, n in counts(d):
        parts.append(f"<h2>{e(t)} ({n})</h2><ul>")
        for i in (x for x in d.review if x.kind == kind):
            body = f"<input type='checkbox'> <b>{e(i.where)}</b>: {e(i.message)}"
            if i.before is not None or i.after is not None:
                body += f"<br><del>{e(i.before or '')}</del><br><ins>{e(i.after or '')}</ins>"
            parts.append(f"<li>{body}</li>")
        parts.append("</ul>")
    parts.append("</html>")
    return "\n".join(parts)
