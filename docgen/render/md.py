"""Write a `DocSpec` as Markdown: a readable preview that keeps the parts and their order.

Text is escaped so that nothing in the document's wording turns into Markdown syntax (a paragraph opening with
"1." stays a paragraph, "*" stays a star, "|" does not break a table)."""

from __future__ import annotations

import re

from . import spec as S

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")
_LEADING = re.compile(r"^(\s*)([-+>=]|\d+[.)])(\s|$)")


def esc(text: str) -> str:
    """Escape Markdown syntax in running text (and HTML: `<` is escaped too)."""
    text = _SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    return _LEADING.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1] + m.group(3), text)


def _runs(runs: list[S.Run], change: str | None = None) -> str:
    """Runs as Markdown; a tracked deletion (the run's own, else the paragraph's `change`) is struck through."""
    out = []
    for r in runs:
        t = esc(r.text)
        if (r.change or change) == "del" and t.strip():
            lead, core, trail = t[: len(t) - len(t.lstrip())], t.strip(), t[len(t.rstrip()) :]
            t = f"{lead}~~{core}~~{trail}"
        if not t.strip():
            out.append(t)
            continue
        lead = t[: len(t) - len(t.lstrip())]
        trail = t[len(t.rstrip()) :]
        core = t.strip()
        if r.bold and r.italic:
            core = f"***{core}***"
        elif r.bold:
            core = f"**{core}**"
        elif r.italic:
            core = f"*{core}*"
        if r.mark:
            core = f"<mark>{core}</mark>"
        out.append(lead + core + trail)
    return "".join(out)


def _cell(text: str) -> str:
    return esc(text).replace("\n", "<br>") or " "


def _table(t: S.Table) -> list[str]:
    ncols = t.columns
    if not ncols:
        return []
    lines = []
    rows = t.rows
    header = rows[0] if rows and rows[0].header else None
    body = rows[1:] if header else rows

    def cells(row: S.Row) -> list[str]:
        out = []
        for c in row.cells:
            text = "<br>".join(_runs(p) for p in c.paragraphs) or " "
            if c.bold and text.strip():
                text = f"**{text}**"
            out.append(text)
            out.extend([" "] * (c.span - 1))
        return out + [" "] * (ncols - len(out))

    head = cells(header) if header else [" "] * ncols
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---" for _ in range(ncols)) + "|")
    for row in body:
        lines.append("| " + " | ".join(cells(row)) + " |")
    return lines


def markdown_text(spec: S.DocSpec) -> str:
    out: list[str] = []

    def para(text: str) -> None:
        out.append(text)
        out.append("")

    def element(e) -> None:
        if isinstance(e, S.Header):
            left = [esc(x) for x in e.governing] + [f"**{esc(x)}**" for x in e.issuing]
            right = [f"**{esc(e.national_title or '')}**", f"**{esc(e.motto or '')}**"]
            out.append("| " + "<br>".join(left) + " | " + "<br>".join(right) + " |")
            out.append("|:---:|:---:|")
            out.append(f"| {_cell(e.number_symbol)} | *{_cell(e.place_date)}* |")
            out.append("")
        elif isinstance(e, S.TypeName):
            para(f"## {esc(e.text)}")
        elif isinstance(e, S.Summary):
            para("**" + " ".join(esc(x) for x in e.lines) + "**")
        elif isinstance(e, S.Addressee):
            para(_runs(e.runs))
        elif isinstance(e, S.LegalBasis):
            para(
                f"*{_runs(e.runs, e.change).strip()}*"
                if e.change or any(r.change for r in e.runs)
                else f"*{esc(S.runs_text(e.runs)).strip()}*"
            )
        elif isinstance(e, S.Paragraph):
            para(_runs(e.runs, e.change))
        elif isinstance(e, S.Heading):
            level = min(e.level + 2, 6)
            # inside a heading "1." is not a list marker: only the inline syntax needs escaping
            number = _SPECIAL.sub(r"\\\1", e.number) + " " if e.number else ""
            para("#" * level + " " + number + _SPECIAL.sub(r"\\\1", S.runs_text(e.runs)))
        elif isinstance(e, S.Bullet):
            marker = "-" if (e.marker or "-").strip() in ("-", "–") else "  -"
            para(f"{marker} {_runs(e.runs, e.change)}")
        elif isinstance(e, S.Table):
            out.extend(_table(e))
            out.append("")
        elif isinstance(e, S.Signature):
            left = []
            if e.recipients_heading:
                left.append(f"***{esc(e.recipients_heading)}***")
            left += [esc(r.text) for r in e.recipients]
            right = [f"**{esc(x)}**" for x in e.lines] + [f"*{esc(x)}*" for x in e.notes]
            right += ["<br>", f"**{esc(e.name)}**" if e.name else " "]
            out.append("| " + "<br>".join(left) + " | " + "<br>".join(right) + " |")
            out.append("|:---|:---:|")
            out.append("")
        elif isinstance(e, S.PageBreak):
            para("---")
        elif isinstance(e, S.Appendix):
            para("---")
            if e.label:
                para(f"## {esc(e.label)}")
            if e.title:
                para("**" + " ".join(esc(x) for x in e.title) + "**")
            if e.reference:
                para(f"*{esc(e.reference)}*")
            for x in e.elements:
                element(x)

    for e in spec.elements:
        element(e)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
