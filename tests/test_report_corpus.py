"""For seed 000 and every corpus plan, template → fill (below / at / within / above each target)
→ report .docx; the verdicts cell by cell, the shortcomings are exactly the unmet items, the chart is embedded,
and the report lints clean."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, seed
from test_report_helpers import fill

PLANS = ["seed000"] + sorted(p.name for p in (CORPUS / "plans").iterdir() if p.suffix in (".md", ".txt"))
HEADER = ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tỷ lệ hoàn thành", "Đánh giá"]


def _plan(name: str):
    from extract import extract_file

    path = seed("000_") if name == "seed000" else CORPUS / "plans" / name
    return extract_file(path)


def _section(paragraphs: list[str], start: str, stop: str) -> list[str]:
    i = next(k for k, t in enumerate(paragraphs) if t.startswith(start))
    j = next(k for k, t in enumerate(paragraphs) if k > i and t.startswith(stop))
    return paragraphs[i + 1 : j]


@pytest.mark.parametrize("name", PLANS)
def test_report_from_filled_template(name, tmp_path):
    import docx

    from docgen.lint import lint_docx
    from docgen.report import ReportOptions, build_report, read_results, results_bytes, template_results

    plan = _plan(name)
    assert plan.targets, "every corpus plan has targets"
    blank = tmp_path / "ket-qua.xlsx"
    blank.write_bytes(results_bytes(template_results(plan, "Đơn vị A"), ".xlsx"))
    res = read_results(blank)
    assert [t.id for t in res.targets] == [t.id for t in plan.targets]
    expected, unmet, unfinished = fill(plan, res)
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(results_bytes(res, ".xlsx"))  # round trip through the file, as an agency would
    res = read_results(filled)

    out = tmp_path / "bao-cao.docx"
    _, data = build_report(
        plan, res, ReportOptions(period="2025", unit="UBND tỉnh Bắc Kạn", to="Ủy ban nhân dân tỉnh Bắc Kạn"), out
    )
    assert data.unmet_ids == unmet
    assert data.unfinished_ids == unfinished

    d = docx.Document(str(out))
    table = next(t for t in d.tables if [c.text.strip() for c in t.rows[0].cells] == HEADER)
    rows = table.rows[1:]
    assert len(rows) == len(plan.targets)
    for k, (row, t) in enumerate(zip(rows, plan.targets), start=1):
        cells = [c.text.strip() for c in row.cells]
        assert cells[0] == str(k)
        assert cells[1].lower().startswith(" ".join(t.indicator.split())[:20].lower().rstrip(" .;,:"))
        assert cells[5] == expected[t.id], f"{t.id} {t.qualifier} {t.value}-{t.value_max}: {cells}"
        if t.value is not None:
            assert cells[3] and cells[4].endswith("%")

    paragraphs = [p.text.strip() for p in d.paragraphs if p.text.strip()]
    assert any(p.startswith("Kính gửi:") for p in paragraphs)
    assert any(p.startswith("Kết quả thực hiện") and "năm 2025" in p for p in paragraphs)
    short = _section(paragraphs, "II.", "III.")
    target_bullets = [p for p in short if p.startswith("- Chỉ tiêu “")]
    task_bullets = [p for p in short if p.startswith("- ") and not p.startswith("- Chỉ tiêu “")]
    unmet_targets = [t for t in plan.targets if t.id in unmet]
    assert len(target_bullets) == len(unmet_targets)
    for bullet, t in zip(target_bullets, unmet_targets):
        assert " ".join(t.indicator.split())[1:20].lower() in bullet.lower()
        assert bullet.endswith("chưa đạt.")
    assert len(task_bullets) == len(unfinished)
    nxt = _section(paragraphs, "III.", "IV.")
    assert sum(p.startswith("- Tiếp tục thực hiện:") for p in nxt) == len(unfinished)

    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert media, "the chart is embedded"
    report = lint_docx(out)
    assert report.ok, [str(v) for v in report.violations]


def test_report_previews_md_html(tmp_path):
    from docgen.report import ReportOptions, build_report, template_results

    plan = _plan("tinh-ha-giang-du-lich-cong-dong.md")
    res = template_results(plan, "A")
    fill(plan, res)
    opts = ReportOptions(period="2025", unit="UBND tỉnh Hà Giang")
    build_report(plan, res, opts, tmp_path / "r.md")
    build_report(plan, res, opts, tmp_path / "r.html")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "| STT | Chỉ tiêu |" in md and "Kính gửi" not in md
    assert "data:image/png;base64," in html
    assert "[[" not in md and "[[" not in html


def test_report_wording_for_a_reviewer(tmp_path):
    """The issuing body in running text in sentence case with the plan's number and date; qualifiers lower
    case inside a sentence; no bare "…": every blank is highlighted and listed in the command's to-do."""
    import os
    import subprocess
    import sys

    import docx

    from docgen.report import results_bytes, template_results

    src = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
    plan = _plan(src.name)
    assert plan.header.issuing_body and plan.header.issuing_body.isupper()  # as the header writes it
    res = template_results(plan, "A")
    fill(plan, res)
    results = tmp_path / "kq.xlsx"
    results.write_bytes(results_bytes(res, ".xlsx"))
    out = tmp_path / "bc.docx"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen.cli",
            "report",
            str(src),
            "-r",
            str(results),
            "--period",
            "2025",
            "--unit",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Giang",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out))
    paragraphs = [p.text.strip() for p in d.paragraphs if p.text.strip()]
    intro = next(p for p in paragraphs if p.startswith("Thực hiện "))
    assert "Kế hoạch số 87/KH-UBND ngày 22/4/2024 của Ủy ban nhân dân tỉnh Hà Giang" in intro
    assert not any(p.endswith("…") or p == "…" or "; …" in p for p in paragraphs)
    marked = [run.text for p in d.paragraphs for run in p.runs if run._r.find(".//{*}highlight") is not None]
    todo = [line for line in r.stderr.splitlines() if line.strip().startswith("- mục ")]
    assert marked and len(todo) == len(marked)
    for bullet in (p for p in paragraphs if p.startswith("Chỉ tiêu “") or p.startswith("- Chỉ tiêu “")):
        assert (
            "mục tiêu Ít nhất" not in bullet and "mục tiêu Khoảng" not in bullet and "mục tiêu Phấn đấu" not in bullet
        )


def test_unit_defaults_to_the_issuing_body(tmp_path):
    from docgen.report import ReportOptions, build_report, template_results

    plan = _plan("tinh-ha-giang-du-lich-cong-dong.md")
    res = template_results(plan, "A")
    fill(plan, res)
    build_report(plan, res, ReportOptions(period="2025"), tmp_path / "r.md")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Ủy ban nhân dân tỉnh Hà Giang báo cáo kết quả thực hiện năm 2025" in md
    assert "Số:      /BC-UBND" in md and "Hà Giang, ngày" in md


def test_chart_labels_are_table_row_numbers_and_short_names():
    from docgen.report import template_results
    from docgen.report.build import SHORT_NAME, analyse, chart_data, short_name

    plan = _plan("tinh-ha-giang-du-lich-cong-dong.md")
    res = template_results(plan, "A")
    fill(plan, res)
    data = analyse(plan, res, "2025")
    rows = chart_data(data)
    numbers = [str(i) for i, r in enumerate(data.rows, 1) if r.value is not None and r.result_value is not None]
    assert [r[0] for r in rows] == numbers[: len(rows)] and rows
    names = [short_name(r.indicator) for r in data.rows]
    assert all(len(n) <= SHORT_NAME + 2 for n in names)
    long = "Nhà giáo được bồi dưỡng năng lực kiểm định chất lượng giáo dục nghề nghiệp"
    assert short_name(long).startswith("Nhà giáo") and short_name(long).endswith("giáo dục nghề nghiệp")
