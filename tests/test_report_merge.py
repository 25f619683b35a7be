"""Merging units' workbooks (rules per row, least advanced status, conflicts) and bad inputs through
the command line: one line naming file, sheet, row and column; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

PLAN = CORPUS / "plans" / "xa-thuong-lam-giam-ngheo.md"
OTHER = CORPUS / "plans" / "huyen-ky-son-phong-chong-ma-tuy.txt"


@pytest.fixture(scope="module")
def plan():
    from extract import extract_file

    return extract_file(PLAN)


def cli(*args):
    from docgen.cli import app

    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.output


def _book(plan, unit, path: Path, targets=None, tasks=None):
    """A unit's workbook: targets {id: (result, denominator)}, tasks {id: status}."""
    from docgen.report import results_bytes, template_results

    res = template_results(plan, unit)
    for t in res.targets:
        if targets and t.id in targets:
            t.result, t.denominator = targets[t.id]
    for t in res.tasks:
        if tasks and t.id in tasks:
            t.status = tasks[t.id]
    path.write_bytes(results_bytes(res, path.suffix))
    return path


def _ids(plan):
    pct = [t.id for t in plan.targets if t.value is not None and t.unit == "%"]
    other = [t.id for t in plan.targets if t.value is not None and t.unit != "%"]
    tasks = [t.id for r in plan.responsibilities for t in r.tasks]
    return pct, other, tasks


def test_three_units_merge_to_expected_totals(plan, tmp_path):
    from docgen.report import read_results

    pct, other, tasks = _ids(plan)
    assert len(pct) >= 2 and other and len(tasks) >= 3
    p1, p2, c1 = pct[0], pct[1], other[0]
    a = _book(
        plan,
        "Xã A",
        tmp_path / "a.xlsx",
        {p1: (10, 100), p2: (50, None), c1: (3, None)},
        {tasks[0]: "hoàn thành", tasks[1]: "hoàn thành", tasks[2]: "đang thực hiện"},
    )
    b = _book(
        plan,
        "Xã B",
        tmp_path / "b.xlsx",
        {p1: (40, 300), c1: (4, None)},
        {tasks[0]: "đang thực hiện", tasks[1]: "hoàn thành"},
    )
    c = _book(
        plan,
        "Xã C",
        tmp_path / "c.csv",
        {p2: (70, None), c1: (5, None)},
        {tasks[0]: "chưa thực hiện", tasks[2]: "hoàn thành"},
    )
    out = tmp_path / "tong-hop.xlsx"
    code, text = cli("results-merge", a, b, c, "-o", out)
    assert code == 0, text
    m = read_results(out)
    got = {t.id: t for t in m.targets}
    assert got[p1].result == pytest.approx((10 * 100 + 40 * 300) / 400)  # weighted by the denominators
    assert got[p1].denominator == 400
    assert got[p2].result == pytest.approx(60)  # % without denominators: plain average
    assert got[c1].result == 12  # a count: sum
    st = {t.id: t.status for t in m.tasks}
    assert st[tasks[0]] == "chưa thực hiện"  # least advanced
    assert st[tasks[1]] == "hoàn thành"
    assert st[tasks[2]] == "đang thực hiện"
    assert m.meta["unit"] == "Tổng hợp" and m.meta["merged_from"] == "Xã A; Xã B; Xã C"


def test_rule_column_avg_and_sum(plan, tmp_path):
    from docgen.report import merge_results, read_results

    pct, other, _ = _ids(plan)
    a = read_results(_book(plan, "A", tmp_path / "a.xlsx", {pct[0]: (10, None), other[0]: (2, None)}))
    b = read_results(_book(plan, "B", tmp_path / "b.xlsx", {pct[0]: (20, None), other[0]: (4, None)}))
    for r in (a, b):
        next(t for t in r.targets if t.id == pct[0]).rule = "tổng"
        next(t for t in r.targets if t.id == other[0]).rule = "trung bình"
    m = {t.id: t for t in merge_results([a, b]).targets}
    assert m[pct[0]].result == 30 and m[other[0]].result == 3


def test_same_unit_conflict_is_reported_not_guessed(plan, tmp_path):
    pct, _, tasks = _ids(plan)
    a1 = _book(plan, "Xã A", tmp_path / "a1.xlsx", {pct[0]: (10, 100)}, {tasks[0]: "hoàn thành"})
    a2 = _book(plan, "Xã A", tmp_path / "a2.xlsx", {pct[0]: (12, 100)}, {tasks[0]: "đang thực hiện"})
    b = _book(plan, "Xã B", tmp_path / "b.xlsx", {pct[0]: (30, 100)})
    out = tmp_path / "m.xlsx"
    code, text = cli("results-merge", a1, a2, b, "-o", out)
    assert code == 1
    assert not out.exists()
    assert f"{pct[0]}" in text and "'Xã A' gives 10 in" in text and "12 in" in text
    assert "'hoàn thành'" in text and "'đang thực hiện'" in text
    assert "2 conflicting values" in text
    # the same unit repeating the same value is no conflict
    a3 = _book(plan, "Xã A", tmp_path / "a3.xlsx", {pct[0]: (10, 100)})
    code, text = cli("results-merge", a1, a3, b, "-o", out)
    assert code == 0, text


def test_cli_end_to_end(plan, tmp_path):
    import zipfile

    from docgen.lint import lint_docx

    t = tmp_path / "ket-qua.xlsx"
    code, text = cli("results-template", PLAN, "-o", t, "--unit", "Xã A")
    assert code == 0, text
    code, text = cli("results-template", PLAN, "-o", t)
    assert code == 1 and "already exists" in text
    from openpyxl import load_workbook

    wb = load_workbook(t)
    ws = wb["Chỉ tiêu"]
    assert ws.freeze_panes == "A2" and wb["_kehoach"].sheet_state == "hidden"
    assert [c.value for c in ws[1]][:6] == ["Mã", "Chỉ tiêu", "Mục tiêu", "Đơn vị", "Năm", "Kết quả"]
    assert any(
        '"hoàn thành,đang thực hiện,chưa thực hiện"' == dv.formula1
        for dv in wb["Nhiệm vụ"].data_validations.dataValidation
    )
    for row in ws.iter_rows(min_row=2):
        if row[2].value:
            row[5].value = "45,5"  # Vietnamese decimal comma
    wb.save(t)
    out = tmp_path / "bao-cao.docx"
    code, text = cli(
        "report",
        PLAN,
        "--results",
        t,
        "--period",
        "2025",
        "--unit",
        "UBND xã Thượng Lâm",
        "--to",
        "Ủy ban nhân dân huyện Lâm Bình",
        "-o",
        out,
    )
    assert code == 0, text
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    assert lint_docx(out).ok
    code, text = cli("report", PLAN, "--results", t, "--period", "2025", "--unit", "UBND xã Thượng Lâm", "-o", out)
    assert code == 1 and "already exists" in text


# ----------------------------------------------------------------------------------------------- bad input


def _report(results, tmp_path):
    out = tmp_path / "bc.docx"
    code, text = cli("report", PLAN, "--results", results, "--period", "2025", "--unit", "UBND xã X", "-o", out)
    assert code == 1
    assert not out.exists()
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_sheet_from_another_plan(plan, tmp_path):
    other = tmp_path / "other.xlsx"
    code, text = cli("results-template", OTHER, "-o", other)
    assert code == 0
    msg = _report(other, tmp_path)
    assert "sheet '_kehoach'" in msg and "another plan" in msg and "46/KH-UBND" in msg


def test_foreign_id_in_a_sheet(plan, tmp_path):
    from openpyxl import load_workbook

    f = _book(plan, "A", tmp_path / "a.xlsx")
    wb = load_workbook(f)
    wb["Nhiệm vụ"]["A3"] = "R99.9"
    wb.save(f)
    msg = _report(f, tmp_path)
    assert "sheet 'Nhiệm vụ', row 3, column A (Mã)" in msg and "'R99.9' is not a task of this plan" in msg


def test_text_in_a_number_cell(plan, tmp_path):
    from openpyxl import load_workbook

    f = _book(plan, "A", tmp_path / "a.xlsx")
    wb = load_workbook(f)
    ws = wb["Chỉ tiêu"]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[2].value)
    ws.cell(row=row, column=6).value = "khoảng 40"
    wb.save(f)
    msg = _report(f, tmp_path)
    assert f"sheet 'Chỉ tiêu', row {row}, column F (Kết quả): 'khoảng 40' is not a number" in msg
    # and in merge: nothing written
    out = tmp_path / "m.xlsx"
    code, text = cli("results-merge", f, "-o", out)
    assert code == 1 and not out.exists() and "column F (Kết quả)" in text


def test_bad_status(plan, tmp_path):
    from openpyxl import load_workbook

    f = _book(plan, "A", tmp_path / "a.xlsx")
    wb = load_workbook(f)
    wb["Nhiệm vụ"]["E2"] = "gần xong"
    wb.save(f)
    assert "sheet 'Nhiệm vụ', row 2, column E (Trạng thái): 'gần xong' is not a status" in _report(f, tmp_path)


def test_missing_column(plan, tmp_path):
    from openpyxl import load_workbook

    f = _book(plan, "A", tmp_path / "a.xlsx")
    wb = load_workbook(f)
    wb["Chỉ tiêu"].delete_cols(6)
    wb.save(f)
    assert "sheet 'Chỉ tiêu', row 1: column 'Kết quả' is missing" in _report(f, tmp_path)


def test_corrupt_and_foreign_workbooks(plan, tmp_path):
    from openpyxl import Workbook

    bad = tmp_path / "bad.xlsx"
    good = _book(plan, "A", tmp_path / "a.xlsx")
    bad.write_bytes(good.read_bytes()[:2000])  # truncated
    assert "bad.xlsx: not a readable .xlsx workbook" in _report(bad, tmp_path)
    bad.write_text("not a workbook", encoding="utf-8")
    assert "not a readable .xlsx workbook" in _report(bad, tmp_path)
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert "sheet '_kehoach' is missing" in _report(plain, tmp_path)


def test_percent_formatted_cells_read_as_points(plan, tmp_path):
    from openpyxl import load_workbook

    from docgen.report import read_results

    f = _book(plan, "A", tmp_path / "a.xlsx")
    wb = load_workbook(f)
    ws = wb["Chỉ tiêu"]
    ws["F2"] = 0.455
    ws["F2"].number_format = "0.0%"
    ws["F3"] = 12
    wb.save(f)
    got = {t.row: t.result for t in read_results(f).targets}
    assert got[2] == pytest.approx(45.5) and got[3] == 12


def test_different_rules_for_a_row_are_a_conflict(plan, tmp_path):
    from docgen.report import MergeConflicts, merge_results, read_results

    pct, _, _ = _ids(plan)
    a = read_results(_book(plan, "A", tmp_path / "a.xlsx", {pct[0]: (10, 100)}))
    b = read_results(_book(plan, "B", tmp_path / "b.xlsx", {pct[0]: (20, 100)}))
    next(t for t in b.targets if t.id == pct[0]).rule = "tổng"
    with pytest.raises(MergeConflicts) as exc:
        merge_results([a, b])
    assert len(exc.value.conflicts) == 1 and "'Quy tắc tổng hợp' is bình quân gia quyền" in exc.value.conflicts[0]


@pytest.mark.slow
def test_report_pdf_where_libreoffice_is_installed(plan, tmp_path):
    from test_report_helpers import fill

    from docgen.render.pdf import find_soffice
    from docgen.report import ReportOptions, build_report, template_results

    if not find_soffice():
        pytest.skip("LibreOffice is not installed")
    res = template_results(plan, "A")
    fill(plan, res)
    out, _ = build_report(plan, res, ReportOptions(period="2025", unit="UBND xã Thượng Lâm"), tmp_path / "bc.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"


def test_blank_rule_defaults_to_weighted_for_percent_and_sum_for_counts(plan, tmp_path):
    from docgen.report import merge_results, read_results

    pct, other, _ = _ids(plan)
    a = read_results(_book(plan, "A", tmp_path / "a.xlsx", {pct[0]: (10, 1), other[0]: (2, None)}))
    b = read_results(_book(plan, "B", tmp_path / "b.xlsx", {pct[0]: (40, 2), other[0]: (4, None)}))
    for r in (a, b):
        for t in r.targets:
            t.rule = ""
    m = {t.id: t for t in merge_results([a, b]).targets}
    assert m[pct[0]].result == pytest.approx(30) and m[other[0]].result == 6
