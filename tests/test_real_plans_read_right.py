"""Who does what, wherever a real plan says it: each way of assigning work, checked on the real document of
../shared/corpus that shows it (skipped where absent), so a pattern proven on a made plan is also proven on the
plans offices write. Sources must cover the words they name."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from conftest import SHARED_CORPUS, shared_plan

from extract.model import Role
from extract.normalize import match_key

_plan = shared_plan


def _resp(plan, agency: str):
    hits = [r for r in plan.responsibilities if match_key(r.agency_normalized) == match_key(agency)]
    assert len(hits) == 1, (agency, [r.agency_normalized for r in plan.responsibilities])
    return hits[0]


def _span(plan, src) -> str:
    return plan.text[src.start : src.end]


def test_sub_heading_naming_an_agency_then_its_task_inline():
    """017 '3.3. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng: Phối hợp với …': the agency, and
    the words after the colon are its task (its own later sub-heading says 'Chủ trì' → lead)."""
    plan = _plan("017")
    r = _resp(plan, "Bộ Chỉ huy Quân sự tỉnh")
    assert r.role == Role.lead
    inline = [t for t in r.tasks if "Phối hợp với cấp ủy, chính quyền địa phương khu vực biên giới" in t.text]
    assert len(inline) == 1
    assert "Phối hợp với cấp ủy" in _span(plan, inline[0].source)
    assert match_key("Bộ Chỉ huy quân sự tỉnh") in match_key(_span(plan, r.source))


def test_requests_give_one_requested_entry_per_body():
    """017 '4.4. Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh' and '3.8. Đề nghị Ủy ban Mặt trận
    Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh, …': one requested entry per body, each with the task."""
    plan = _plan("017")
    court, procuracy = _resp(plan, "Tòa án nhân dân tỉnh"), _resp(plan, "Viện Kiểm sát nhân dân tỉnh")
    assert court.role == procuracy.role == Role.requested
    assert [t.text for t in court.tasks] == [t.text for t in procuracy.tasks]
    front = _resp(plan, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    listed = [r for r in plan.responsibilities if r.heading == front.heading]
    assert len(listed) >= 5 and all(r.role == Role.requested for r in listed)
    for r in listed:  # each entry points at its own name inside the one heading
        assert match_key(r.agency) in match_key(_span(plan, r.source))


def test_kien_nghi_part_of_a_report_asks_the_bodies_it_names():
    """021 'Phần thứ ba' / 'KIẾN NGHỊ, ĐỀ XUẤT …' (the part label alone on its line): the ministries it names
    are asked (requested), not directed."""
    plan = _plan("021")
    part = next(s for s in plan.sections if s.title.startswith("KIẾN NGHỊ"))
    assert part.number == "Phần thứ ba"
    asked = [r for r in plan.responsibilities if (r.section or "").split(".")[0] == part.id]
    assert {r.agency_normalized for r in asked} == {"Bộ Công an", "Bộ Y tế", "Bộ Tài chính"}
    assert all(r.role == Role.requested for r in asked)


def test_giao_sentences_in_any_section():
    """'Giao Sở Nội vụ (Cơ quan Thường trực …)' (012) → standing; 'Giao phòng Quản lý Công nghiệp triển khai'
    (039) → assigned; 'Giao Công an tỉnh là cơ quan thường trực' (017, the last item, ending with './.') →
    standing, the item kept as its task."""
    home = _resp(_plan("012"), "Sở Nội vụ")
    assert home.role == Role.standing and home.heading.startswith("Giao Sở Nội vụ")
    unit = _resp(_plan("039"), "Phòng Quản lý Công nghiệp")
    assert unit.role == Role.assigned and unit.tasks
    plan = _plan("017")
    police = _resp(plan, "Công an tỉnh")
    assert police.role == Role.standing
    last = [t for t in police.tasks if _span(plan, t.source).startswith("là cơ quan thường trực")]
    assert len(last) == 1 and last[0].role == Role.standing
    assert plan.text[: last[0].source.start].rstrip().endswith("Giao Công an tỉnh")
    assert "báo cáo Chính phủ (qua Bộ Công an)" in last[0].text  # the item runs to its './.'


def test_labelled_lines_give_roles_and_the_task_time():
    """052: 'a) Cơ quan chủ trì' / 'b) Cơ quan phối hợp' lists and '3. Thời gian thực hiện: Tháng 12/2013 …'
    under each task; 038: 'Đơn vị chủ trì: …; Đơn vị phối hợp: …' on one line."""
    plan = _plan("052")
    lead, partner = _resp(plan, "Ban Chỉ đạo quốc gia"), _resp(plan, "Mặt trận Tổ quốc Việt Nam")
    assert lead.role == Role.lead and partner.role == Role.coordinate
    first = lead.tasks[0]
    assert first.text == "CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN"
    assert [(d.month, d.year) for d in first.deadlines] == [(12, 2013)]
    assert _span(plan, first.deadlines[0].source) == first.deadlines[0].text
    # the plan still lists each phrase once
    spans = Counter((d.source.start, d.source.end) for d in plan.deadlines)
    assert spans and max(spans.values()) == 1
    plan = _plan("038")
    assert _resp(plan, "Phòng Quản lý Thương mại").role == Role.coordinate
    assert _resp(plan, "Phòng Quản lý Công nghiệp").role in (Role.lead, Role.standing)


def test_inspection_team_and_its_members():
    """043 (decision forming an Đoàn kiểm tra): the Trưởng đoàn leads, the Phó Trưởng đoàn, members and the
    Thư ký take part, and the team itself carries the duties of its article; 039 names a Tổ công tác."""
    plan = _plan("043")
    assert _resp(plan, "Hoàng Văn Thuân").role == Role.lead
    for member in ("Đỗ Mạnh Cường", "Bùi Việt Cường", "Vũ Việt Linh"):
        assert _resp(plan, member).role == Role.coordinate, member
    team = _resp(plan, "Đoàn kiểm tra")
    assert team.tasks
    assert _resp(_plan("039"), "Tổ công tác").tasks


def test_one_entry_per_agency_with_its_strongest_role():
    """017 names Sở Nông nghiệp và Môi trường under '3.6.' (chủ trì) and '6.4.' (no role word): one entry,
    lead, with the tasks of both; no agency twice. 037 reads 'Thuế tỉnh' as an agency."""
    plan = _plan("017")
    keys = Counter(match_key(r.agency_normalized) for r in plan.responsibilities)
    assert max(keys.values()) == 1
    agri = _resp(plan, "Sở Nông nghiệp và Môi trường")
    assert agri.role == Role.lead and len(agri.tasks) >= 2
    sections = {plan.text[: t.source.start].count("\n") for t in agri.tasks}
    assert len(sections) >= 2  # tasks from both places
    tax = _resp(_plan("037"), "Thuế tỉnh")
    assert tax.tasks and "Thuế tỉnh" in _span(_plan("037"), tax.source)


def test_counts_keep_their_unit_and_the_outline_prints_words():
    """017 '29 xã, phường, đặc khu' is 29 with its unit; the md outline prints roles as words and '29 xã'."""
    from extract.export import outline_md

    plan = _plan("017")
    assert any(t.value == 29 and t.unit == "xã" for t in plan.targets)
    md = outline_md(plan)
    assert "Role." not in md and "— lead," in md and "| 29 xã |" in md


def test_decision_issuing_a_plan_and_its_signer_in_markdown():
    """053 (a decision issuing a plan, scraped markdown): its own number is no legal basis, 'Luật … ngày …'
    keeps the law's name, the signer is found and the title stops before it; 052 (markdown) has its signer."""
    plan = _plan("053")
    assert plan.header.number_symbol == "254/QĐ-UBND"
    assert "254/QĐ-UBND" not in {b.number_symbol for b in plan.legal_bases}
    laws = [b for b in plan.legal_bases if b.kind == "Luật"]
    assert any(b.subject == "Tổ chức Chính quyền địa phương" for b in laws)
    assert plan.signer.name == "Hoàng Quốc Khánh"
    assert "CHỦ TỊCH" not in plan.header.title and "Kính gửi" not in plan.header.title
    assert _plan("052").signer.name == "Nguyễn Thiện Nhân"


def test_quarter_and_day_deadlines_once_each():
    """013: 'trong Quý I/2026', 'Quý I/2027' opening point b) and 'trước ngày 15/3/2026', one deadline per
    phrase, each span the phrase itself."""
    plan = _plan("013")
    got = {(d.day, d.month, d.year) for d in plan.deadlines}
    assert {(None, 3, 2026), (None, 3, 2027), (15, 3, 2026)} <= got
    for d in plan.deadlines:
        assert _span(plan, d.source) == d.text
    spans = Counter((d.source.start, d.source.end) for d in plan.deadlines)
    assert max(spans.values()) == 1


@pytest.mark.slow
def test_title_of_a_scanned_submission_stops_before_the_addressee(monkeypatch):
    """019 (a scanned Tờ trình, first page OCR'd): the trích yếu is the title; 'Kính gửi: …' below it is not."""
    from extract.pipeline import extract_file

    found = sorted(SHARED_CORPUS.glob("019_*")) if SHARED_CORPUS.is_dir() else []
    if not found:
        pytest.skip("../shared/corpus/019_* is not present")
    if not shutil.which("tesseract"):
        pytest.skip("reading a scan needs tesseract")
    monkeypatch.setenv("KEHOACH_OCR_MAX_PAGES", "1")
    plan = extract_file(found[0])
    title = plan.header.title or ""
    assert title.startswith("Về việc ban hành kế hoạch") and title.endswith("năm 2026")
    assert "Kính gửi" not in title and "Ủy ban nhân dân tỉnh" not in title  # the addressee line below it
