"""A commune's plan derived from real provincial plans, checked against outlines written by hand from reading
each parent (tests/data/derive/*.yaml): every kept duty present, no provincial-only duty, no provincial figure,
no duplicate; and the 2025 map, the review and coverage behave as a commune office needs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO

from docgen.derive import DeriveError, DeriveOptions, derive
from extract.normalize import match_key

SHARED = REPO.parent / "shared" / "corpus"
OUTLINES = sorted((Path(__file__).parent / "data" / "derive").glob("*.yaml"))


@pytest.fixture(scope="module")
def cache():
    return {}


def _parent(prefix: str, cache: dict):
    from extract import extract_file

    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not present")
    found = sorted(SHARED.glob(f"{prefix}*"))
    if not found:
        pytest.skip(f"{prefix} not in ../shared/corpus")
    if prefix not in cache:
        cache[prefix] = extract_file(found[0])
    return cache[prefix]


def _has(texts: list[str], phrase: str) -> bool:
    key = match_key(phrase)
    return any(key in match_key(t) for t in texts)


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.stem)
def test_commune_plan_matches_the_hand_outline(outline, cache):
    spec = yaml.safe_load(outline.read_text(encoding="utf-8"))
    parent = _parent(spec["parent"], cache)
    d = derive(parent, DeriveOptions(unit=spec["unit"], date=spec["date"]))
    plan = d.plan
    own = [t.text for t in plan.tasks]
    duties = [t.text for r in plan.responsibilities for t in r.tasks]
    everything = own + duties + [t.text for t in plan.targets]
    for phrase in spec["own"]:
        assert _has(own, phrase), f"the commune's own duty is missing: {phrase}"
    for phrase in spec["anywhere"]:
        assert _has(own + duties, phrase), f"kept duty missing: {phrase}"
    for phrase in spec["never"]:
        assert not _has(everything, phrase), f"provincial-only wording pushed down: {phrase}"
    for fig in spec["figures"]:
        assert not any(fig in t for t in everything), f"provincial figure copied: {fig}"
    targets = {match_key(t.text): t for t in plan.targets}
    for phrase in spec["blank"]:
        hit = [t for k, t in targets.items() if match_key(phrase) in k]
        assert hit and all("…" in t.text and t.value is None for t in hit), phrase
    for phrase in spec["carry"]:
        assert any(match_key(phrase) in k and t.value == 100 for k, t in targets.items()), phrase
    # No duty said twice, in its own tasks or across an office's duties.
    keys = [match_key(x) for x in own] + [match_key(x) for x in duties]
    assert len(keys) == len(set(keys))
    # Every dropped duty is listed with its reason, in Vietnamese, and counted as an open decision.
    dropped = [i for i in d.review if i.kind == "dropped"]
    assert dropped and all(i.message.startswith("Không đưa vào kế hoạch") for i in dropped)
    assert d.open_decisions == len(d.review) > 0
    # The header, the place and the recipients are the commune's.
    assert plan.header.issuing_body == match_key(spec["unit"]).replace(
        "ubnd", "ủy ban nhân dân"
    ).upper() or plan.header.issuing_body.endswith(spec["unit"].split(" ", 2)[2].upper())
    recipients = [r.text for r in plan.recipients]
    assert any(x.startswith("Ủy ban nhân dân tỉnh") and "(qua " in x for x in recipients)
    assert any("Đảng ủy" in x for x in recipients) and recipients[-1].startswith("Lưu: VT")


def _kind(plan, section: str | None) -> str:
    kinds = {s.id: str(getattr(s.kind, "value", s.kind)) for s in plan.sections}
    return kinds.get((section or "").split(".")[0], "")


def test_agencies_of_the_tasks_part_reach_the_commune_plan_with_their_tasks(cache):
    """017 assigns most work under agency sub-headings of its tasks part (III). Derived for a commune, every
    task of those agencies is carried (linked by origin to the parent task), left out with its reason, or
    merged into the same duty the commune already has: none is lost. The departments' tasks land at the commune
    office doing their work, worded from the parent task."""
    parent = _parent("017_", cache)
    d = derive(parent, DeriveOptions(unit="UBND xã Lạc Dương", date="2026-03"))
    plan = d.plan
    carried = {t.origin: t for t in plan.tasks if t.origin}
    carried |= {t.origin: t for r in plan.responsibilities for t in r.tasks if t.origin}
    left_out = set(d.not_applicable())
    merged = {match_key(i.before or "") for i in d.review if i.kind == "merged"}
    agencies = [r for r in parent.responsibilities if _kind(parent, r.section) == "tasks" and r.heading]
    tasks = [t for r in agencies for t in r.tasks]
    assert len(agencies) >= 20 and len(tasks) >= 60
    lost = [
        t.text[:60] for t in tasks if t.id not in carried and t.id not in left_out and match_key(t.text) not in merged
    ]
    assert not lost
    assert sum(t.id in carried for t in tasks) >= len(tasks) // 3
    offices = {o: r for r in plan.responsibilities for o in r.origin}
    departments = [
        r for r in agencies if r.agency_normalized.startswith("Sở ") and any(t.id in carried for t in r.tasks)
    ]
    assert len(departments) >= 6
    worded: list[bool] = []
    for r in departments:
        office = offices[r.id]  # the department's responsibility is linked to the office that takes it over
        assert not office.agency_normalized.startswith("Sở ")
        mine = [t for t in r.tasks if t.id in carried]
        assert all(carried[t.id] in office.tasks for t in mine), r.agency_normalized
        for t in mine:  # the commune office's duty keeps the parent's words (places and role phrase rewritten)
            words = match_key(t.text).split()
            runs = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
            worded.append(any(run in match_key(carried[t.id].text) for run in runs))
    # a heading's own role phrase read as a task ("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành") has no
    # words of its own to keep; every real duty does
    assert len(worded) >= 10 and sum(worded) >= len(worded) - 1


def test_standing_body_of_a_giao_sentence_stays_standing_in_the_commune_plan(cache):
    """012: "Giao Sở Nội vụ (Cơ quan Thường trực …)" — the commune office taking over that work is the
    commune plan's standing body, linked to the parent's responsibility."""
    parent = _parent("012_", cache)
    home = next(r for r in parent.responsibilities if (r.heading or "").startswith("Giao"))
    assert match_key(home.agency_normalized) == match_key("Sở Nội vụ") and str(home.role.value) == "standing"
    plan = derive(parent, DeriveOptions(unit="UBND xã Lạc Dương", date="2026-03")).plan
    office = next(r for r in plan.responsibilities if home.id in r.origin)
    assert str(getattr(office.role, "value", office.role)) == "standing"
    assert not office.agency_normalized.startswith("Sở ")


def test_pre_2025_province_derives_to_its_successor():
    """Hà Giang merged into Tuyên Quang in 2025: its plan derives to xã Quản Bạ of Tuyên Quang, and says so."""
    from extract import extract_file

    parent = extract_file(REPO / "corpus" / "plans" / "tinh-ha-giang-du-lich-cong-dong.md")
    d = derive(parent, DeriveOptions(unit="UBND xã Quản Bạ"))
    assert d.plan.header.issuing_body == "ỦY BAN NHÂN DÂN XÃ QUẢN BẠ" and d.plan.header.place == "Quản Bạ"
    assert any("Tuyên Quang" in i.message and "Hà Giang" in i.message for i in d.review if i.kind == "note")
    assert any(r.text.startswith("Ủy ban nhân dân tỉnh Tuyên Quang") for r in d.plan.recipients)
    texts = [t.text for t in d.plan.targets]
    # Proper names stay names; provincial totals are blanks, 100% carries over.
    assert any("thương hiệu của tỉnh Hà Giang" in t for t in texts)
    assert not any("950.000" in t or "45 làng" in t for t in texts)
    assert any(t.startswith("Toàn xã có ít nhất … làng") for t in texts)
    assert sum(1 for t in d.plan.targets if t.value == 100) == 2
    assert not any("các huyện" in t.text for r in d.plan.responsibilities for t in r.tasks)


@pytest.mark.parametrize("unit,expect", [("UBND xã Quản Bạa", "Quản Bạ"), ("UBND xã Hòa Bình", "ambiguous")])
def test_unknown_or_ambiguous_unit_lists_real_names(unit, expect):
    from extract import extract_file

    parent = extract_file(REPO / "corpus" / "plans" / "tinh-quang-tri-an-toan-thuc-pham-2026.md")
    with pytest.raises(DeriveError, match="closest real names") as err:
        derive(parent, DeriveOptions(unit=unit))
    assert expect in str(err.value)


def test_coverage_reports_dropped_duties_as_not_applicable(cache):
    from extract.compare import coverage

    parent = _parent("037_", cache)
    d = derive(parent, DeriveOptions(unit="UBND xã Bảo Thắng", date="2026-03"))
    r = coverage(parent, d.plan)
    na = [i for i in r.items if i.status == "not_applicable"]
    assert na and all(i.reasons and "not applicable" in i.reasons[0].text for i in na)
    # the communes' own responsibility is covered by the plan's own tasks, not missing
    own = next(
        p
        for p in parent.responsibilities
        if match_key(p.agency_normalized) == match_key("Ủy ban nhân dân các xã, phường")
    )
    assert next(i for i in r.items if i.kind == "responsibility" and i.id == own.id).status == "covered"
    assert r.ratio() > 0.9


def test_cli_prints_open_decisions_and_strict_fails(tmp_path):
    import subprocess
    import sys

    src = REPO / "corpus" / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
    out, review = tmp_path / "xa.docx", tmp_path / "viec.md"
    args = [
        sys.executable,
        "-m",
        "docgen.cli",
        "derive",
        str(src),
        "--unit",
        "UBND xã Quản Bạ",
        "-o",
        str(out),
        "--review",
        str(review),
    ]
    r = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr
    text = review.read_text(encoding="utf-8")
    total = int(text.split("Tổng số việc cần xử lý: ")[1].split("*")[0])
    assert f"{total} open decisions" in r.stderr and total > 0
    assert "Số liệu cần điền" in text and "Nhiệm vụ của cấp trên không đưa vào kế hoạch" in text
    import zipfile

    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert xml.count('w:highlight w:val="yellow"') >= 10  # one per blank target figure
    r = subprocess.run(args + ["--force", "--strict"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert r.returncode == 1 and "--strict" in r.stderr and "Traceback" not in r.stderr


def test_coverage_of_a_derived_docx_classifies_the_parent(tmp_path, cache):
    """Read back from .docx the derived plan has no origin links: coverage classifies the parent by the same
    rules, so province-only duties are not_applicable, not missing."""
    from typer.testing import CliRunner

    from docgen.cli import app
    from docgen.render import render_plan

    parent = _parent("037_", cache)
    d = derive(parent, DeriveOptions(unit="UBND xã Bảo Thắng", date="2026-03"))
    out = render_plan(d.plan, tmp_path / "xa.docx")
    report = tmp_path / "cov.json"
    res = CliRunner().invoke(app, ["coverage", parent.file, str(out), "-o", str(report)])
    assert res.exit_code == 0, res.output
    import json

    items = json.loads(report.read_text(encoding="utf-8"))["items"]
    na = {i["id"] for i in items if i["status"] == "not_applicable"}
    assert na and set(d.not_applicable()) & na
    assert not any(i["status"] == "missing" and i["id"] in d.not_applicable() for i in items)
