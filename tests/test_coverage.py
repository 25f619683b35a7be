"""Coverage of a higher plan by a lower one: derived plans, weakened items, unrelated plans."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from docgen.cli import app
from docgen.derive import DeriveOptions, derive
from extract.compare import CoverageStatus, coverage
from extract.pipeline import extract_file, extract_text

HA_GIANG = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"


def statuses(report) -> dict[str, int]:
    out: dict[str, int] = {}
    for it in report.items:
        out[it.status.value] = out.get(it.status.value, 0) + 1
    return out


@pytest.mark.parametrize("unit", ["UBND xã Quản Bạ", "UBND huyện Quản Bạ"])
def test_derived_plan_covers_its_parent_entirely(unit):
    parent = extract_file(HA_GIANG)
    child = derive(parent, DeriveOptions(unit=unit, date="2026-01")).plan
    report = coverage(parent, child)
    assert report.ratio() == 1.0
    if "xã" in unit:  # a commune leaves province-only duties out on purpose, and only coordinates departments' work
        assert (
            set(statuses(report)) <= {"covered", "not_applicable", "weakened"}
            and statuses(report)["not_applicable"] > 0
        )
        assert all(
            r.code == "role_weaker" for it in report.items if it.status is CoverageStatus.weakened for r in it.reasons
        )
    else:
        assert statuses(report) == {"covered": len(report.items)}
    kinds = {it.kind for it in report.items}
    assert kinds == {"target", "task", "responsibility"}
    assert all(
        it.by == "origin"
        for it in report.items
        if it.kind in ("target", "responsibility") and it.status != "not_applicable"
    )


def test_derived_seed_covers_parent_also_after_docx_round_trip(seed000, tmp_path):
    from docgen.render import render_plan

    child = derive(seed000, DeriveOptions(unit="UBND huyện Tiên Lãng", date="2026-01")).plan
    assert coverage(seed000, child).ratio() == 1.0
    out = render_plan(child, tmp_path / "huyen.docx")
    report = coverage(seed000, extract_file(out))  # no origin links survive a .docx: similarity only
    assert report.ratio() == 1.0
    assert statuses(report) == {"covered": len(report.items)}  # the 2025 and 2030 values pair by year


def test_missing_items_are_those_derive_dropped():
    """Where derive finds no counterpart (a party body at commune level) it says so; coverage agrees."""
    parent = extract_file(CORPUS / "plans" / "huyen-uy-hai-hau-chuyen-doi-so.txt")
    result = derive(parent, DeriveOptions(unit="UBND xã Hải Phong", date="2026-01"))
    dropped = {item.before for item in result.review if item.kind == "dropped"}
    report = coverage(parent, result.plan)
    missing = {
        next(r.agency for r in parent.responsibilities if r.id == it.id)
        for it in report.items
        if it.status is CoverageStatus.missing and it.kind == "responsibility"
    }
    assert dropped and missing == dropped
    assert all(it.status is not CoverageStatus.missing for it in report.items if it.kind != "responsibility")


def test_weakened_items_say_why():
    parent_text = HA_GIANG.read_text(encoding="utf-8")
    child_text = (
        parent_text.replace("ít nhất 45 làng", "ít nhất 30 làng")
        .replace("trước ngày 15/12 hằng năm", "trước ngày 25/12 hằng năm")
        .replace("- Phối hợp với Sở VH,TT&DL chỉ đạo Báo Hà Giang", "- Chủ trì chỉ đạo Báo Hà Giang")
    )
    report = coverage(extract_text(parent_text, file="tinh.md"), extract_text(child_text, file="con.md"))
    weak = {it.kind: it for it in report.items if it.status is CoverageStatus.weakened}
    (why,) = weak["target"].reasons
    assert (why.code.value, why.parent, why.child) == ("target_below", "45 làng", "30 làng")
    assert any(
        r.code.value == "deadline_later" and "15/12" in r.parent and "25/12" in r.child
        for r in weak["responsibility"].reasons
    )
    assert sum(1 for it in report.items if it.status is CoverageStatus.missing) == 0


def test_lead_turned_coordinator_is_weakened():
    parent_text = HA_GIANG.read_text(encoding="utf-8")
    child_text = parent_text.replace(
        "- Chủ trì, phối hợp với Sở VH,TT&DL hướng dẫn phát triển sản phẩm OCOP",
        "- Phối hợp với Sở VH,TT&DL hướng dẫn phát triển sản phẩm OCOP",
    )
    report = coverage(extract_text(parent_text, file="tinh.md"), extract_text(child_text, file="con.md"))
    weak = [it for it in report.items if it.status is CoverageStatus.weakened]
    assert [it.kind for it in weak] == ["responsibility"]
    (why,) = weak[0].reasons
    assert (why.code.value, why.parent, why.child) == ("role_weaker", "chủ trì", "phối hợp")
    assert "hướng dẫn phát triển" in why.task and why.text.endswith("chủ trì in the parent, only phối hợp in the child")


def test_seed_003_against_a_plan_derived_from_000(seed000, seed003):
    child = derive(seed000, DeriveOptions(unit="UBND huyện Tiên Lãng", date="2026-01")).plan
    report = coverage(seed003, child)
    counts = statuses(report)
    assert counts.get("missing", 0) > len(report.items) / 2  # different plans: most items missing
    assert any("origin links do not point" in w for w in report.warnings)
    assert report.counts()["target"]["total"] == len(seed003.targets)


def test_coverage_cli_json_and_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["coverage", str(HA_GIANG), str(HA_GIANG), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["items"] and all(i["status"] == "covered" for i in data["items"])
    res = runner.invoke(app, ["coverage", str(HA_GIANG), str(tmp_path / "khong-co.md")])
    assert res.exit_code == 1 and "khong-co.md: no such file" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["coverage", str(HA_GIANG), str(HA_GIANG), "--format", "xlsx"])
    assert res.exit_code == 1 and "-o/--output" in res.output


def test_unrelated_plan_naming_the_same_agencies_covers_nothing():
    """Hà Giang tourism vs Quảng Trị food safety: both name Sở Tài chính, Công an tỉnh… with other tasks, and
    both use the same stock phrases ("tham mưu UBND tỉnh bố trí kinh phí…"); none of that is coverage."""
    tourism = extract_file(HA_GIANG)
    food = extract_file(CORPUS / "plans" / "tinh-quang-tri-an-toan-thuc-pham-2026.md")
    shared = {r.agency_normalized for r in tourism.responsibilities} & {
        r.agency_normalized for r in food.responsibilities
    }
    assert "Sở Tài chính" in shared
    report = coverage(tourism, food)
    assert report.ratio() == 0.0


def test_agency_carrying_part_of_its_tasks_is_weakened():
    text = HA_GIANG.read_text(encoding="utf-8")
    dropped = (
        "- Lồng ghép tiêu chí phát triển du lịch cộng đồng trong xây "
        "dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu.\n"
    )
    assert dropped in text
    report = coverage(extract_text(text, file="tinh.md"), extract_text(text.replace(dropped, ""), file="con.md"))
    weak = [it for it in report.items if it.status is CoverageStatus.weakened]
    assert [(it.kind, [(r.code.value, r.parent, r.child) for r in it.reasons]) for it in weak] == [
        ("responsibility", [("tasks_missing", "2", "1")])
    ]
    assert weak[0].score == 0.5
