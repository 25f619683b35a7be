"""What every family of checks shares: the rules, the document view, effective formatting of runs and
paragraphs, the findings list, and the typography check of one element (size, bold, italic, case, alignment)."""

from __future__ import annotations

from ... import nd30
from .. import edit
from ..docmodel import DocView, Line, Para, RunInfo, columns, q
from ..findings import Violation
from ..zones import ZonedParagraph, Zoning

_JC = {
    "both": "justify",
    "distribute": "justify",
    "start": "left",
    "end": "right",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "thaiDistribute": "justify",
}


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def to_int(v) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


class Context:
    """The state one lint run shares between the check families."""

    def __init__(self, view: DocView, zoning: Zoning, rules: nd30.Rules | None = None):
        self.v = view
        self.z = zoning
        self.r = rules or nd30.rules()
        self.st = view.styles
        self.out: list[Violation] = []
        self.notes: list[str] = []
        self.found: dict[str, str] = {}

    def add(self, rule, clause, message, loc, found=None, expected=None, fix=None, severity="error", zone=None):
        self.out.append(Violation(rule, clause or "", message, loc, found, expected, severity, fix, zone))

    # -- effective formatting --------------------------------------------------------------------------

    def size(self, para: Para, run: RunInfo) -> float:
        return self.st.size_pt(run.el, para.pstyle)

    def bold(self, para: Para, run: RunInfo) -> bool:
        return self.st.toggle(run.el, para.pstyle, q("w:b"))

    def italic(self, para: Para, run: RunInfo) -> bool:
        return self.st.toggle(run.el, para.pstyle, q("w:i"))

    def line_upper(self, line: Line) -> bool:
        if is_upper(line.text):
            return True
        runs = line.runs
        return bool(runs) and all(self.st.caps(r.el, line.para.pstyle) for r in runs)

    def jc(self, para: Para) -> str:
        v = self.st.jc(para.el, para.pstyle)
        return _JC.get(v, v)

    def para_size(self, para: Para) -> float:
        runs = [x for x in para.runs if x.text.strip()]
        return self.size(para, runs[0]) if runs else self.r.element("body").size.chosen

    def para_metrics(self, para: Para) -> dict:
        st = self.st
        ps = para.pstyle
        _, ind = st.pattr(para.el, ps, q("w:ind"), ("firstLine", "hanging", "firstLineChars", "hangingChars"))
        _, before = st.pattr(para.el, ps, q("w:spacing"), ("before", "beforeLines", "beforeAutospacing"))
        _, after = st.pattr(para.el, ps, q("w:spacing"), ("after", "afterLines", "afterAutospacing"))
        rule_el, line = st.pattr(para.el, ps, q("w:spacing"), ("line",))
        line_rule = rule_el.get(q("w:lineRule")) if rule_el is not None else None
        return {"ind": ind, "before": before, "after": after, "line": line.get("line"), "lineRule": line_rule or "auto"}

    # -- element typography ------------------------------------------------------------------------------

    def check_zoned(self, zp: ZonedParagraph, *, align: bool = True, label: str | None = None) -> None:
        """Typography of every line of a zoned paragraph against the rule of its role."""
        if zp.role is None:
            return
        for ln in zp.lines:
            if ln.stripped:
                self.check_element(zp.role, ln, align=align, label=label, zone=zp.zone, recognised=zp.recognised)

    def check_element(
        self,
        name: str,
        line: Line,
        *,
        align: bool = True,
        label: str | None = None,
        zone: str | None = None,
        recognised: bool = True,
    ) -> None:
        rule = self.r.element(name)
        para = line.para
        runs = line.runs
        label = label or name.replace("_", " ")
        self.found.setdefault(name, para.loc.label())
        if not runs:
            return

        def fixer(fn):
            # A line only guessed to hold this element is reported but never reformatted.
            return fn if recognised else None

        sizes = [(r, self.size(para, r)) for r in runs]
        bad = [r for r, s in sizes if not rule.size.contains(s)]
        if bad:
            found = ", ".join(f"{s:g}" for s in sorted({s for _, s in sizes if not rule.size.contains(s)}))
            chosen = rule.size.chosen
            self.add(
                f"{name}.size",
                rule.clause,
                f"{label}: font size",
                para.loc_run(bad[0]),
                f"{found} pt",
                rule.size.describe("pt"),
                fix=fixer(lambda bad=bad: [edit.set_size(r.el, chosen) for r in bad]),
                zone=zone,
            )
        for prop, want, tag in (("bold", rule.bold, "w:b"), ("italic", rule.italic, "w:i")):
            if want is None:
                continue
            bad = [r for r in runs if self.st.toggle(r.el, para.pstyle, q(tag)) != want]
            if bad:
                local = tag[2:]
                self.add(
                    f"{name}.{prop}",
                    rule.clause,
                    f"{label}: {'must' if want else 'must not'} be {prop}",
                    para.loc_run(bad[0]),
                    f"{'' if not want else 'not '}{prop}",
                    f"{'' if want else 'not '}{prop}",
                    fix=fixer(
                        lambda bad=bad, local=local, want=want: [edit.set_toggle(r.el, local, want) for r in bad]
                    ),
                    zone=zone,
                )
        if rule.case == "upper" and any(c.isalpha() for c in line.text) and not self.line_upper(line):
            self.add(
                f"{name}.case",
                rule.clause,
                f"{label}: must be in capitals",
                para.loc,
                line.stripped[:60],
                line.stripped.upper()[:60],
                zone=zone,
            )
        elif rule.case == "sentence" and sum(c.isalpha() for c in line.text) > 3 and self.line_upper(line):
            self.add(
                f"{name}.case",
                rule.clause,
                f"{label}: must be in sentence case, not capitals",
                para.loc,
                line.stripped[:60],
                "sentence case",
                zone=zone,
            )
        if align and rule.align:
            got = self.jc(para)
            ok = got in ("left", "justify") if rule.align == "left" else got == rule.align
            if not ok:
                want = {"justify": "both", "center": "center", "left": "left", "right": "right"}[rule.align]
                self.add(
                    f"{name}.align",
                    rule.clause,
                    f"{label}: alignment",
                    para.loc,
                    got,
                    {"justify": "justified"}.get(rule.align, rule.align),
                    fix=fixer(lambda p=para.el, want=want: edit.set_jc(p, want)),
                    zone=zone,
                )


__all__ = ["Context", "columns", "is_upper", "to_int"]
