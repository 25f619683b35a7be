"""Benchmark: a report for a plan with 50 targets and 100 tasks, from the filled .xlsx to a .docx with
its chart. Goal: ≤ 1 s after start-up.

    .venv/bin/python bench/report_bench.py [--runs 5]

Prints the start-up (imports), the first report (cold: matplotlib's font cache, python-docx templates …), the
median of the warm runs, and the ratio to a baseline measured in the same run: rendering the plan itself to
.docx (`docgen.render.render_plan`)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402,F401  (start-up: everything the command imports)
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.figure  # noqa: E402,F401
import openpyxl  # noqa: E402,F401

from docgen.render import render_plan  # noqa: E402
from docgen.report import ReportOptions, build_report, read_results, results_bytes, template_results  # noqa: E402
from extract.model import AssignedTask, Header, Plan, Responsibility, Role, Signer, Source, Target  # noqa: E402

STARTUP = time.perf_counter() - T0

QUALS = ["at_least", "about", "strive", "at_most", "exact", "reach"]


def make_plan(n_targets: int = 50, n_agencies: int = 20, tasks_each: int = 5) -> Plan:
    src = Source()
    targets = []
    for i in range(n_targets):
        q = QUALS[i % len(QUALS)]
        pct = i % 3 != 2
        value = 40 + i if pct else 100 + 10 * i
        targets.append(
            Target(
                id=f"T{i + 1:02d}",
                indicator=f"Chỉ tiêu thử nghiệm số {i + 1} về phát triển kinh tế - xã hội",
                value=value,
                value_max=value + 5 if i % 10 == 9 else None,
                unit="%" if pct else "hộ",
                qualifier=q,
                year=2025,
                text="",
                source=src,
            )
        )
    resps = []
    for a in range(n_agencies):
        tasks = [
            AssignedTask(
                id=f"R{a + 1:02d}.{k + 1}",
                text=f"Tổ chức triển khai nhiệm vụ {k + 1} của cơ quan {a + 1} "
                "theo Kế hoạch, bảo đảm tiến độ và chất lượng",
                source=src,
            )
            for k in range(tasks_each)
        ]
        resps.append(
            Responsibility(
                id=f"R{a + 1:02d}",
                agency=f"Sở thử nghiệm {a + 1}",
                agency_normalized=f"so thu nghiem {a + 1}",
                role=Role.lead,
                tasks=tasks,
                source=src,
            )
        )
    return Plan(
        header=Header(
            doc_type="Kế hoạch",
            doc_type_code="KH",
            issuing_body="Ủy ban nhân dân tỉnh Bắc Kạn",
            number="12",
            number_symbol="12/KH-UBND",
            symbol="KH-UBND",
            symbol_issuer="UBND",
            place="Bắc Kạn",
            date="2025-03-05",
            title="Thực hiện các chỉ tiêu phát triển năm 2025",
        ),
        targets=targets,
        responsibilities=resps,
        signer=Signer(lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name="Nguyễn Văn A"),
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    plan = make_plan()
    n_tasks = sum(len(r.tasks) for r in plan.responsibilities)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        res = template_results(plan, "Tổng hợp")
        for i, row in enumerate(res.targets):
            row.result = plan.targets[i].value + (-3, 0, 1, 6)[i % 4]
        for i, row in enumerate(res.tasks):
            row.status = ("hoàn thành", "đang thực hiện", "chưa thực hiện")[i % 3]
        xlsx = tmp / "tong-hop.xlsx"
        xlsx.write_bytes(results_bytes(res, ".xlsx"))
        opts = ReportOptions(period="2025", unit="UBND tỉnh Bắc Kạn", to="Bộ Kế hoạch và Đầu tư")

        def report_once(k: int) -> float:
            t = time.perf_counter()
            r = read_results(xlsx)
            build_report(plan, r, opts, tmp / f"bc{k}.docx")
            return time.perf_counter() - t

        def baseline_once(k: int) -> float:
            t = time.perf_counter()
            render_plan(plan, tmp / f"kh{k}.docx")
            return time.perf_counter() - t

        cold = report_once(0)
        base_cold = baseline_once(0)
        warm = statistics.median(report_once(k) for k in range(1, args.runs + 1))
        base = statistics.median(baseline_once(k) for k in range(1, args.runs + 1))
        import zipfile

        with zipfile.ZipFile(tmp / "bc1.docx") as z:
            assert any(n.startswith("word/media/") for n in z.namelist()), "chart missing"
    print(f"plan: {len(plan.targets)} targets, {n_tasks} tasks")
    print(f"start-up (imports):                 {STARTUP:.3f} s")
    print(f"report xlsx→docx+chart, first run:  {cold:.3f} s")
    print(
        f"report xlsx→docx+chart, median {args.runs}:   {warm:.3f} s   (goal ≤ 1 s: {'ok' if warm <= 1 else 'MISSED'})"
    )
    print(f"baseline render_plan→docx, median:  {base:.3f} s   (first run {base_cold:.3f} s)")
    print(f"ratio report / baseline:            {warm / base:.1f}×")


if __name__ == "__main__":
    main()
