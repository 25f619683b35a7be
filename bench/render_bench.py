"""Benchmark: render a ~10-page plan to .docx and lint it, against a plain python-docx baseline.

    .venv/bin/python bench/render_bench.py [-n 20] [--plan long] [--pages]

Measures, after one warm-up round, the mean seconds per
  - render   : plan -> template -> document spec -> ND30 .docx bytes
  - lint     : .docx bytes -> every ND30 check
  - baseline : python-docx writing the same paragraphs (and table cells) with no formatting, saved to bytes
and prints the ratios render/baseline and lint/baseline. Goal: render and lint ≤ 0.2 s each.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docgen.lint import lint_docx  # noqa: E402
from docgen.render import docx_bytes, plan_spec  # noqa: E402
from docgen.render import spec as S  # noqa: E402
from docgen.render.samples import sample_plan  # noqa: E402


def _texts(spec: S.DocSpec) -> list[str]:
    """Every paragraph of text the document holds, in order (what the baseline writes)."""
    out: list[str] = []

    def walk(e):
        if isinstance(e, S.Header):
            out.extend(e.governing + e.issuing + [e.number_symbol, e.national_title or "", e.motto or "", e.place_date])
        elif isinstance(e, S.TypeName):
            out.append(e.text)
        elif isinstance(e, S.Summary):
            out.extend(e.lines)
        elif isinstance(e, (S.Paragraph, S.LegalBasis, S.Addressee)):
            out.append(S.runs_text(e.runs))
        elif isinstance(e, S.Heading):
            out.append(f"{e.number} {S.runs_text(e.runs)}")
        elif isinstance(e, S.Bullet):
            out.append(f"{e.marker} {S.runs_text(e.runs)}")
        elif isinstance(e, S.Table):
            for row in e.rows:
                for c in row.cells:
                    out.extend(S.runs_text(p) for p in c.paragraphs)
        elif isinstance(e, S.Signature):
            out.extend([e.recipients_heading] + [r.text for r in e.recipients] + e.lines + [e.name])
        elif isinstance(e, S.Appendix):
            out.extend([e.label] + e.title + [e.reference])
            for x in e.elements:
                walk(x)

    for e in spec.elements:
        walk(e)
    return out


def baseline(texts: list[str]) -> bytes:
    import docx

    doc = docx.Document()
    for t in texts:
        doc.add_paragraph(t)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(plan) -> bytes:
    return docx_bytes(plan_spec(plan))


def timed(fn, n: int) -> list[float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20, help="repeats after warm-up (default 20)")
    ap.add_argument("--plan", default="long", help="sample plan (default: long, about ten pages)")
    ap.add_argument("--pages", action="store_true", help="also count pages through LibreOffice (slow)")
    args = ap.parse_args(argv)

    plan = sample_plan(args.plan)
    spec = plan_spec(plan)
    texts = _texts(spec)
    data = render(plan)
    lint_docx(data)
    baseline(texts)  # warm-up: imports, caches, the base document

    t_render = timed(lambda: render(plan), args.n)
    t_spec = timed(lambda: plan_spec(plan), args.n)
    t_write = timed(lambda: docx_bytes(spec), args.n)
    t_lint = timed(lambda: lint_docx(data), args.n)
    t_base = timed(lambda: baseline(texts), args.n)
    report = lint_docx(data)

    m = {
        k: statistics.mean(v)
        for k, v in {"render": t_render, "spec": t_spec, "write": t_write, "lint": t_lint, "base": t_base}.items()
    }
    md = {k: statistics.median(v) for k, v in {"render": t_render, "lint": t_lint, "base": t_base}.items()}
    paras = sum(1 for _ in texts)
    print(
        f"plan '{args.plan}': {paras} paragraphs/cells, {len(data) // 1024} KiB .docx, "
        f"{len(report.violations)} lint violations; {args.n} repeats after warm-up (Python {sys.version.split()[0]})"
    )
    if args.pages:
        import tempfile

        from docgen.render.pdf import docx_to_pdf

        with tempfile.TemporaryDirectory() as d:
            pdf = docx_to_pdf(data, Path(d) / "p.pdf")
            import pdfplumber

            with pdfplumber.open(pdf) as doc:
                print(f"pages (LibreOffice): {len(doc.pages)}")
    print(f"{'':10}{'mean s':>10}{'median s':>10}{'× baseline':>12}")
    print(f"{'baseline':10}{m['base']:>10.4f}{md['base']:>10.4f}{1:>12.2f}")
    print(
        f"{'render':10}{m['render']:>10.4f}{md['render']:>10.4f}{m['render'] / m['base']:>12.2f}"
        f"   (template+spec {m['spec']:.4f} s, docx writer {m['write']:.4f} s)"
    )
    print(f"{'lint':10}{m['lint']:>10.4f}{md['lint']:>10.4f}{m['lint'] / m['base']:>12.2f}")
    ok = m["render"] <= 0.2 and m["lint"] <= 0.2
    print(f"goal ≤ 0.2 s each: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
