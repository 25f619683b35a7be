"""Responsibilities wherever a plan gives work: agency sub-headings in the tasks part, 'Giao …' and 'Đề nghị …'
sentences, labelled lines, label headings, teams and their members; one entry per agency, strongest role."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract import extract_text
from extract.agencies import names_agency, split_agency_list
from extract.model import Role
from extract.normalize import match_key

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

PLAN = """ỦY BAN NHÂN DÂN
TỈNH AN BÌNH
Số: 12/KH-UBND
An Bình, ngày 10 tháng 2 năm 2026
KẾ HOẠCH
Xây dựng xã, phường không ma túy năm 2026
Căn cứ Luật Phòng, chống ma túy ngày 30/3/2021;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Các cơ quan, đơn vị triển khai nghiêm túc Kế hoạch này.
II. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ
1. Tăng cường công tác tuyên truyền
1.1. Các sở, ban, ngành
- Tham mưu xây dựng kế hoạch tuyên truyền hằng năm.
1.2. Công an tỉnh
- Chủ trì, phối hợp với Sở Y tế rà soát người sử dụng trái phép chất ma túy.
1.3. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng: \
Phối hợp với chính quyền địa phương khu vực biên giới tuyên truyền.
1.4. Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo
Hướng dẫn chuyển đổi cơ cấu cây trồng. Chủ trì, phối hợp với các địa phương xây dựng mô hình thay thế.
1.5. Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh
Phối hợp đẩy nhanh tiến độ điều tra, truy tố, xét xử các vụ án về ma túy.
2. Ban hành văn bản hướng dẫn
- Phòng, chống ma túy trong trường học.
3. Quản lý người nghiện
Sở Y tế chủ trì tổ chức điều trị nghiện; Sở Nông nghiệp và Môi trường, các Sở, ban, ngành phối hợp.
Cơ quan chủ trì: Sở Y tế; Cơ quan phối hợp: Công an tỉnh, Thuế tỉnh.
Thời gian thực hiện: trước ngày 30/6/2026.
4. Kiểm soát tiền chất
a) Cơ quan chủ trì
- Sở Công Thương.
b) Cơ quan phối hợp
- Chi cục Quản lý thị trường; Sở Y tế.
III. TỔ CHỨC THỰC HIỆN
1. Giao Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh) theo dõi phong trào thi đua.
2. Giao Công an tỉnh là cơ quan thường trực, theo dõi và báo cáo kết quả thực hiện Kế hoạch./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

DECISION = """ỦY BAN NHÂN DÂN TỈNH AN BÌNH
SỞ CÔNG THƯƠNG
Số: 105/QĐ-SCT
An Bình, ngày 12 tháng 5 năm 2026
QUYẾT ĐỊNH
Thành lập Đoàn kiểm tra việc sử dụng vật liệu nổ công nghiệp năm 2026
Căn cứ Nghị định số 217/2025/NĐ-CP ngày 05/8/2025 của Chính phủ;
Theo đề nghị của Trưởng phòng Quản lý Công nghiệp,
QUYẾT ĐỊNH:
Điều 1. Thành lập Đoàn kiểm tra, gồm các ông, bà có tên sau:
1. Ông: Trần Văn Bình - Phó Giám đốc Sở, Trưởng đoàn;
2. Bà: Lê Thị Hoa - Phó trưởng phòng Quản lý Công nghiệp, Phó Trưởng đoàn;
3. Ông: Phạm Minh Khôi - Chuyên viên phòng Quản lý Công nghiệp, Thành viên - Thư ký đoàn.
Điều 2. Nhiệm vụ của Đoàn kiểm tra
Đoàn kiểm tra thực hiện nhiệm vụ kiểm tra theo quy định tại Điều 8 Nghị định số 217/2025/NĐ-CP.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Trần Văn Bình
"""


def _by_agency(plan) -> dict[str, object]:
    return {match_key(r.agency_normalized): r for r in plan.responsibilities}


@pytest.fixture(scope="module")
def plan():
    return extract_text(PLAN, file="plan.txt")


def test_agency_subheadings_in_the_tasks_part(plan):
    got = _by_agency(plan)
    for name in ("Các sở, ban, ngành", "Công an tỉnh", "Bộ Chỉ huy quân sự tỉnh", "Sở Dân tộc và Tôn giáo"):
        assert match_key(name) in got, name
    # A task heading is not an agency, whatever its position.
    assert not any(k.startswith(("tăng cường", "ban hành", "phòng, chống", "quản lý")) for k in got)
    bchqs = got[match_key("Bộ Chỉ huy quân sự tỉnh")]
    assert "Phối hợp với chính quyền địa phương" in bchqs.tasks[0].text


def test_one_entry_per_agency_with_its_strongest_role(plan):
    names = [match_key(r.agency_normalized) for r in plan.responsibilities]
    assert len(names) == len(set(names))
    got = _by_agency(plan)
    # Công an tỉnh: chủ trì under 1.2, phối hợp in a labelled line, cơ quan thường trực in a 'Giao' item.
    assert got[match_key("Công an tỉnh")].role == Role.standing
    assert len(got[match_key("Công an tỉnh")].tasks) >= 3
    # 'Chủ trì' opening a later sentence of the task still makes the agency lead.
    assert got[match_key("Sở Dân tộc và Tôn giáo")].role == Role.lead
    assert got[match_key("Sở Y tế")].role == Role.lead


def test_requests_give_one_entry_per_body(plan):
    got = _by_agency(plan)
    for name in ("Viện Kiểm sát nhân dân tỉnh", "Tòa án nhân dân tỉnh"):
        assert got[match_key(name)].role == Role.requested


def test_giao_sentences_and_the_last_item_before_the_closing_mark(plan):
    got = _by_agency(plan)
    noi_vu = got[match_key("Sở Nội vụ")]
    assert noi_vu.role == Role.standing  # from the remark "(Cơ quan Thường trực …)"
    assert noi_vu.tasks[0].text.startswith("theo dõi phong trào")
    # "2. Giao Công an tỉnh … ./." is the last numbered item, not the closing formula.
    assert any("báo cáo kết quả" in t.text for t in got[match_key("Công an tỉnh")].tasks)
    assert not plan.closing


def test_labelled_lines_and_label_headings(plan):
    got = _by_agency(plan)
    thue = got[match_key("Thuế tỉnh")]
    assert thue.role == Role.coordinate
    assert thue.tasks[0].text == "Quản lý người nghiện"
    assert [(d.day, d.month, d.year) for d in thue.tasks[0].deadlines] == [(30, 6, 2026)]
    assert got[match_key("Sở Công Thương")].role == Role.lead
    qltt = got[match_key("Chi cục Quản lý thị trường")]
    assert qltt.role == Role.coordinate and qltt.tasks[0].text == "Kiểm soát tiền chất"


def test_a_list_in_one_name_gives_one_entry_per_body(plan):
    got = _by_agency(plan)
    assert match_key("Sở Nông nghiệp và Môi trường") in got
    assert match_key("các Sở, ban, ngành") in got or match_key("Các sở, ban, ngành") in got
    assert split_agency_list("Sở Nông nghiệp và Môi trường, các Sở, ban, ngành") == [
        "Sở Nông nghiệp và Môi trường",
        "các Sở, ban, ngành",
    ]
    assert split_agency_list("Sở Văn hóa, Thể thao và Du lịch") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert split_agency_list("Báo và Đài Phát thanh, Truyền hình tỉnh") == ["Báo và Đài Phát thanh, Truyền hình tỉnh"]


def test_every_source_covers_the_agency_and_its_task(plan):
    for r in plan.responsibilities:
        written = plan.text[r.source.start : r.source.end]
        assert match_key(r.agency) in match_key(written), (r.agency, written)
        for t in r.tasks:
            assert match_key(t.text)[:30] in match_key(plan.text[t.source.start : t.source.end]), t.text


def test_team_and_members_of_a_decision():
    plan = extract_text(DECISION, file="qd.txt")
    got = {r.agency: r.role for r in plan.responsibilities}
    assert got == {
        "Trần Văn Bình": Role.lead,
        "Lê Thị Hoa": Role.coordinate,
        "Phạm Minh Khôi": Role.coordinate,
        "Đoàn kiểm tra": Role.assigned,
    }
    for r in plan.responsibilities:
        assert plan.text[r.source.start : r.source.end] == r.agency


def test_strict_agency_test_outside_the_organisation_part():
    for heading in (
        "Ban hành văn bản hướng dẫn",
        "Phòng, chống ma túy",
        "Hội nghị sơ kết",
        "Thanh tra, kiểm tra",
        "BAN HÀNH CÁC VĂN BẢN",
    ):
        assert not names_agency(heading), heading
    for heading in (
        "Công an tỉnh",
        "Sở Tư pháp",
        "Ủy ban nhân dân cấp xã",
        "Thuế tỉnh",
        "Các sở, ban, ngành",
        "Bộ Chỉ huy quân sự tỉnh",
    ):
        assert names_agency(heading), heading


def test_long_lines_stay_linear():
    """Patterns over document text must not backtrack over a long line without the words they look for."""
    long_line = "Giao " + "Sở Tư pháp, " * 300 + "và " + "các nội dung " * 2000
    text = PLAN.replace("theo dõi phong trào thi đua.", long_line + " theo dõi.")
    start = time.perf_counter()
    extract_text(text, file="long.txt")
    assert time.perf_counter() - start < 10


def test_real_plan_with_agency_subheadings():
    docs = sorted(SHARED.glob("017_*.doc")) if SHARED.is_dir() else []
    if not docs:
        pytest.skip("../shared/corpus is not present")
    from extract import extract_file

    plan = extract_file(docs[0])
    got = _by_agency(plan)
    assert len(got) >= 25
    assert got[match_key("Công an tỉnh")].role == Role.standing
    requested = [r for r in plan.responsibilities if r.role == Role.requested]
    assert len(requested) >= 8
    for r in plan.responsibilities:
        assert match_key(r.agency) in match_key(plan.text[r.source.start : r.source.end])


def test_results_template_of_a_real_plan_has_one_row_per_agency_task():
    docs = sorted(SHARED.glob("017_*.doc")) if SHARED.is_dir() else []
    if not docs:
        pytest.skip("../shared/corpus is not present")
    from docgen.report import template_results
    from extract import extract_file

    plan = extract_file(docs[0])
    res = template_results(plan)
    assert len(res.tasks) == sum(len(r.tasks) for r in plan.responsibilities)
    assert len({t.id for t in res.tasks}) == len(res.tasks)
    agencies = {t.agency for t in res.tasks}
    assert len(agencies) >= 25 and "Công an tỉnh" in agencies
    assert sum(t.agency == "Công an tỉnh" for t in res.tasks) >= 10


def test_inspected_units_given_duties_by_an_article():
    """'Điều 3. Trách nhiệm của đơn vị được kiểm tra' gives the inspected units their duty, as 'Nhiệm vụ của Đoàn
    kiểm tra' gives the team its own: each is a party of the decision, its source on its name."""
    text = DECISION.replace(
        "Điều 3. Quyết định này",
        "Điều 3. Trách nhiệm của đơn vị được kiểm tra\n"
        "Chuẩn bị đầy đủ hồ sơ, tài liệu và cử người làm việc với Đoàn kiểm tra.\n"
        "Điều 4. Quyết định này",
    )
    plan = extract_text(text, file="qd.txt")
    got = _by_agency(plan)
    inspected = got[match_key("Đơn vị được kiểm tra")]
    assert inspected.role == Role.assigned and inspected.tasks
    assert plan.text[inspected.source.start : inspected.source.end] == "đơn vị được kiểm tra"
    assert got[match_key("Đoàn kiểm tra")].tasks  # the team keeps its own duties
    # without the article, no inspected units are invented
    assert match_key("Đơn vị được kiểm tra") not in _by_agency(extract_text(DECISION, file="qd.txt"))
