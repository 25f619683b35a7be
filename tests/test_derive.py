"""Deriving a lower-level plan: the seeds and every corpus plan that has a level below it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, seed

from docgen.derive import DeriveError, DeriveOptions, derive
from extract import extract_file
from extract.normalize import match_key


def _commune_of(province: str) -> str:
    """A real commune (2025 map) of the province a parent belongs to today: the unit must exist."""
    from docgen.derive.units import _communes, successor

    home = successor(province) or province
    c = next(c for c in _communes() if match_key(c.province) == match_key(home) and c.word == "xã")
    return f"UBND xã {c.place}"


def _cases():
    cases = [
        ("000_", "UBND huyện Chợ Mới", "2024-09"),
        ("000_", _commune_of("Bắc Kạn"), "2025-09"),
        ("003_", "UBND xã Tiên Minh", "2024-10"),
    ]
    for p in sorted((CORPUS / "plans").iterdir()):
        place = extract_file(p).header.place or ""
        cases.append(
            (
                p,
                _commune_of(place)
                if match_key(place).replace("tỉnh ", "")
                in {match_key(x) for x in ("Hà Giang", "Quảng Trị", "Thanh Hóa")}
                else "UBND xã Hòa Bình",
                "2026-01",
            )
        )
    return cases


def _parent(src):
    return extract_file(seed(src) if isinstance(src, str) else src)


def _derivable(parent) -> bool:
    return parent.header.level in ("tỉnh", "sở", "huyện")


@pytest.mark.parametrize("src,unit,date", _cases(), ids=lambda v: v.stem[:24] if isinstance(v, Path) else str(v))
def test_derived_plan_carries_the_parent(src, unit, date, tmp_path):
    from docgen.lint import lint_docx
    from docgen.render import render_plan

    parent = _parent(src)
    if not _derivable(parent):
        with pytest.raises(DeriveError, match="cannot derive"):
            derive(parent, DeriveOptions(unit=unit, date=date))
        return
    d = derive(parent, DeriveOptions(unit=unit, date=date))
    plan = d.plan
    # Every parent target is carried, and says which one it came from.
    assert [t.origin for t in plan.targets] == [t.id for t in parent.targets]
    # Every parent responsibility is carried (possibly merged) or listed as dropped in the review.
    carried = {o for r in plan.responsibilities for o in r.origin}
    carried |= {t.origin.rsplit(".", 1)[0] for t in plan.tasks if t.origin}  # a commune's own tasks (III. NHIỆM VỤ)
    carried |= {ref for i in d.review if i.kind == "merged" for ref in i.refs}  # said once, with the commune's own
    dropped = {i.before for i in d.review if i.kind == "dropped"} | {
        ref for i in d.review if i.kind == "dropped" for ref in i.refs
    }
    for r in parent.responsibilities:
        assert r.id in carried or r.agency in dropped or r.id in dropped, r.agency
    # The title cites the parent's number, date and body as they are.
    h = parent.header
    title = match_key(plan.header.title)
    assert title.startswith(match_key("Thực hiện " + (h.doc_type or "Kế hoạch")))
    if h.number:
        assert match_key(h.number) in title
    if h.date and len(h.date) == 10:
        y, m, day = h.date.split("-")
        assert f"{day}/{int(m)}/{y}" in plan.header.title
    if h.issuing_body:
        assert match_key(h.issuing_body.split()[-1]) in title  # the parent's place, not the unit's
    # Reporting deadlines move ahead of the parent's.
    for d_new in plan.deadlines:
        parents = [
            x for x in parent.deadlines if x.is_report and x.day and x.month and x.recurrence == d_new.recurrence
        ]
        if parents:
            first = min(parents, key=lambda x: (x.month, x.day))
            assert dt.date(2024, d_new.month, d_new.day) < dt.date(2024, first.month, first.day)
    # The output lints clean and reads back as the derived plan.
    out = render_plan(plan, tmp_path / "derived.docx")
    report = lint_docx(out)
    assert [v for v in report.violations if v.severity == "error"] == []
    back = extract_file(out)
    # A commune's blanks ("…", the drafter's figure) are no targets yet: the valued ones read back.
    assert [(t.value, t.value_max, t.unit, t.qualifier, t.year) for t in back.targets if t.value is not None] == [
        (t.value, t.value_max, t.unit, t.qualifier, t.year) for t in plan.targets if t.value is not None
    ]
    # (a commune's own tasks may read back as the commune's own responsibility: it is the issuer, not an office)
    me = match_key(plan.meta["unit"])
    assert [
        (match_key(r.agency_normalized), r.role) for r in back.responsibilities if match_key(r.agency_normalized) != me
    ] == [(match_key(r.agency_normalized), r.role) for r in plan.responsibilities]
    assert match_key(back.header.title) == match_key(plan.header.title)
    assert back.header.number is None and back.header.symbol == "KH-UBND"


def test_seed000_into_district_maps_agencies_and_deadline():
    d = derive(_parent("000_"), DeriveOptions(unit="UBND huyện Chợ Mới", date="2024-09"))
    by = {r.agency: r for r in d.plan.responsibilities}
    assert by["Phòng Lao động - Thương binh và Xã hội"].role == "standing"  # the parent's lead agency
    assert set(by["Phòng Tài chính - Kế hoạch"].origin) == {"R02", "R03"}  # Sở Tài chính + Sở KH&ĐT merged
    assert "Ủy ban nhân dân các xã, thị trấn" in by
    assert [(x.day, x.month) for x in d.plan.deadlines] == [(15, 8)]  # 25 August − 10 days
    dropped = {i.before for i in d.review if i.kind == "dropped"}
    assert "Trường Cao đẳng Bắc Kạn" in dropped
    # Localised by rule: the goal's area moves down, a report to the province stays.
    assert any("toàn huyện" in t.text for t in d.plan.targets)
    tasks = [t.text for r in d.plan.responsibilities for t in r.tasks]
    assert any("báo cáo UBND tỉnh" in t for t in tasks)


def test_seed000_into_commune_uses_2025_structure():
    d = derive(_parent("000_"), DeriveOptions(unit=_commune_of("Bắc Kạn"), date="2025-09"))
    agencies = [r.agency for r in d.plan.responsibilities]
    assert set(agencies) <= {
        "Phòng Văn hóa - Xã hội",
        "Phòng Kinh tế",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    }
    assert any("hợp nhất năm 2025" in i.message for i in d.review)  # Sở LĐ-TB&XH → Sở Nội vụ → Phòng VH-XH


def test_unit_targets_file_overrides_values(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text("T01: 45\nT07: {value: 47}\n", encoding="utf-8")
    from docgen.derive import load_targets_file

    d = derive(_parent("000_"), DeriveOptions(unit="UBND huyện Chợ Mới", date="2024-09", targets=load_targets_file(f)))
    t = {x.origin: x for x in d.plan.targets}
    assert t["T01"].value == 45 and "45%" in t["T01"].text and "43%" not in t["T01"].text
    assert t["T07"].value == 47 and "47%" in t["T07"].text


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "docgen.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_cli_derive_writes_docx_and_review(tmp_path):
    src = seed("000_")
    out, review = tmp_path / "kh.docx", tmp_path / "review.md"
    r = _cli(
        "derive", str(src), "--unit", "UBND huyện Chợ Mới", "--date", "2024-09", "-o", str(out), "--review", str(review)
    )
    assert r.returncode == 0, r.stderr
    text = review.read_text(encoding="utf-8")
    assert (
        "không đưa vào kế hoạch" in text.lower()
        and "Trường Cao đẳng Bắc Kạn" in text
        and "Thông tin cần bổ sung" in text
    )
    assert "Tổng số việc cần xử lý" in text and "open decisions" in r.stderr
    assert out.stat().st_size > 5000
    r = _cli("derive", str(src), "--unit", "UBND huyện Chợ Mới", "-o", str(out))
    assert r.returncode == 1 and "already exists" in r.stderr


def test_bad_inputs_say_what_is_wrong(tmp_path):
    src = seed("000_")
    r = _cli("derive", str(src), "--unit", "Công an huyện Chợ Mới", "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 1 and "known levels" in r.stderr and "Traceback" not in r.stderr
    notplan = tmp_path / "note.md"
    notplan.write_text("Hôm nay họp giao ban.\n", encoding="utf-8")
    r = _cli("derive", str(notplan), "--unit", "UBND xã A", "-o", str(tmp_path / "y.docx"))
    assert r.returncode == 1 and "no goals" in r.stderr and "no responsibilities" in r.stderr
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("tỉnh→huyện:\n  Sở Y tế: [Phòng Y tế\n", encoding="utf-8")
    r = _cli("derive", str(src), "--unit", "UBND huyện A", "--map", str(bad_map), "-o", str(tmp_path / "z.docx"))
    assert r.returncode == 1 and str(bad_map) in r.stderr and "line" in r.stderr
    assert not (tmp_path / "z.docx").exists()


def test_department_plan_from_provincial_plan(tmp_path):
    """tỉnh → sở: the department's own tasks (and, after the 2025 mergers, those of the departments merged
    into it) go to its units; tasks of other agencies are listed as dropped, never silently."""
    from docgen.lint import lint_docx
    from docgen.render import render_plan

    parent = _parent("000_")
    d = derive(parent, DeriveOptions(unit="Sở Nội vụ", date="2026-02"))
    h = d.plan.header
    assert (h.issuing_body, h.governing_body, h.level, h.symbol) == ("SỞ NỘI VỤ", "UBND TỈNH BẮC KẠN", "sở", "KH-SNV")
    origins = {t.origin for r in d.plan.responsibilities for t in r.tasks if t.origin}
    lđtbxh = next(r for r in parent.responsibilities if r.agency_normalized.startswith("Sở Lao động"))
    nv = next(r for r in parent.responsibilities if r.agency_normalized == "Sở Nội vụ")
    assert {t.id for t in lđtbxh.tasks} <= origins and {t.id for t in nv.tasks} <= origins
    dropped = {i.before for i in d.review if i.kind == "dropped"}
    assert "Sở Tài chính" in dropped
    out = render_plan(d.plan, tmp_path / "so.docx")
    assert [v for v in lint_docx(out).violations if v.severity == "error"] == []
    back = extract_file(out)
    assert [(r.agency, r.role) for r in back.responsibilities] == [
        ("Văn phòng Sở", "standing"),
        ("Các phòng chuyên môn, đơn vị thuộc Sở", "lead"),
    ]
    with pytest.raises(DeriveError, match="assigns no task"):
        derive(parent, DeriveOptions(unit="Sở Y tế", date="2026-02"))


def test_a_date_the_calendar_lacks_is_kept_and_noted():
    """'trước ngày 31/9/2024' (September has 30 days) is a drafter's slip: derive keeps the parent's words, adds
    one review note, and never crashes."""
    from pathlib import Path

    from docgen.derive import DeriveOptions, derive
    from extract.pipeline import extract_text

    text = (Path(__file__).resolve().parents[1] / "corpus/plans/huyen-luc-ngan-nong-thon-moi.md").read_text("utf-8")
    assert "trước ngày 30/9/2024" in text
    plan = extract_text(text.replace("trước ngày 30/9/2024", "trước ngày 31/9/2024"), file="plan.md")
    assert any((d.day, d.month) == (31, 9) for d in plan.deadlines)
    slip = derive(plan, DeriveOptions(unit="UBND xã Tân Quang", date="2024"))
    assert "31/9/2024" in slip.plan.model_dump_json()  # the parent's words, kept
    notes = [r for r in slip.review if "31/9/2024 không có trong lịch" in r.message]
    assert len(notes) == 1 and notes[0].before == notes[0].after == "trước ngày 31/9/2024"
