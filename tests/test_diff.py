"""The structure-aware diff on real-looking plans: typed changes, no false changes, moves, rows, sources."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import CORPUS

from extract.compare import ChangeKind, diff_plans
from extract.compare.words import word_diff
from extract.pipeline import extract_text

HA_GIANG = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"


@pytest.fixture(scope="module")
def base_text() -> str:
    return HA_GIANG.read_text(encoding="utf-8")


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, f"test edit does not apply: {old[:60]!r}"
        text = text.replace(old, new, 1)
    return text


def kinds(d) -> list[str]:
    return sorted(c.kind.value for c in d.changes)


def diff_texts(old: str, new: str):
    return diff_plans(extract_text(old, file="old.md"), extract_text(new, file="new.md"))


def test_identical_plan_has_no_changes(base_text):
    d = diff_texts(base_text, base_text)
    assert d.changes == []
    assert d.rows and all(r.status == "equal" for r in d.rows)
    assert all(s.old_id == s.new_id for s in d.sections)


def test_spelling_variants_are_no_change(base_text):
    variant = unicodedata.normalize("NFD", base_text)
    variant = variant.replace(unicodedata.normalize("NFD", "hóa"), "hoá").replace(" - ", " – ")
    variant = variant.replace("Ủy", "Uỷ").replace("  ", " ")
    assert variant != base_text
    assert diff_texts(base_text, variant).changes == []


def test_typed_changes_each_reported_once(base_text):
    new = edit(
        base_text,
        ("ít nhất 45 làng", "ít nhất 50 làng"),
        ("**3. Sở Nông nghiệp và Phát triển nông thôn**", "**3. Sở Nông nghiệp và Môi trường**"),
        ("trước ngày 15/12 hằng năm", "trước ngày 10/12 hằng năm"),
        ("tổ chức thẩm định, trình UBND tỉnh công nhận", "tổ chức thẩm định và trình UBND tỉnh quyết định công nhận"),
    )
    d = diff_texts(base_text, new)
    assert kinds(d) == ["agency_renamed", "deadline_changed", "paragraph_reworded", "target_raised"]
    by = {c.kind: c for c in d.changes}
    raised = by[ChangeKind.target_raised]
    assert "45" in raised.old.value and "50" in raised.new.value and raised.old.section == "II.2.1."
    renamed = by[ChangeKind.agency_renamed]
    assert renamed.detail["how"] == "merger" and renamed.detail["new_agency"] == "Sở Nông nghiệp và Môi trường"
    deadline = by[ChangeKind.deadline_changed]
    assert "15/12" in deadline.old.value and "10/12" in deadline.new.value
    reword = by[ChangeKind.paragraph_reworded]
    assert any(w.op == "insert" and "quyết định" in w.new for w in reword.words)


def test_sources_point_at_the_evidence(base_text):
    new = edit(base_text, ("ít nhất 45 làng", "ít nhất 50 làng"))
    old_plan, new_plan = extract_text(base_text, file="old.md"), extract_text(new, file="new.md")
    (c,) = diff_plans(old_plan, new_plan).changes
    assert "45 làng" in old_plan.text[c.old.source.start : c.old.source.end]
    assert "50 làng" in new_plan.text[c.new.source.start : c.new.source.end]
    assert c.old.source.file == "old.md" and c.new.source.file == "new.md"


def test_target_kinds(base_text):
    new = edit(
        base_text,
        ("ít nhất 45 làng", "khoảng 45 làng"),
    )
    assert kinds(diff_texts(base_text, new)) == ["target_qualifier_changed"]
    lowered = edit(base_text, ("ít nhất 45 làng", "ít nhất 40 làng"))
    assert kinds(diff_texts(base_text, lowered)) == ["target_lowered"]


def test_task_moved_between_agencies_is_one_change(base_text):
    task = "- Phối hợp xây dựng, vận hành bản đồ số du lịch cộng đồng trên nền tảng du lịch thông minh của tỉnh.\n"
    anchor = (
        "- Lồng ghép tiêu chí phát triển du lịch cộng đồng trong xây "
        "dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu.\n"
    )
    new = edit(base_text, (task, ""), (anchor, anchor + "\n" + task))
    d = diff_texts(base_text, new)
    assert kinds(d) == ["task_moved"]
    (c,) = d.changes
    assert c.detail == {"from": "Sở Thông tin và Truyền thông", "to": "Sở Nông nghiệp và Phát triển nông thôn"}
    moved_rows = [r for r in d.rows if r.status == "moved"]
    assert len(moved_rows) == 1 and moved_rows[0].change == 0


def test_role_change(base_text):
    new = edit(base_text, ("- Phối hợp với Sở VH,TT&DL chỉ đạo Báo Hà Giang", "- Chủ trì chỉ đạo Báo Hà Giang"))
    d = diff_texts(base_text, new)
    assert "role_changed" in kinds(d)
    role = next(c for c in d.changes if c.kind is ChangeKind.role_changed)
    assert role.detail["old_role"] == "coordinate" and role.detail["new_role"] == "lead"


def test_paragraph_added_removed_and_moved(base_text):
    para = (
        "- Nguồn vốn xã hội hóa, vốn của doanh nghiệp, hộ kinh doanh và các "
        "nguồn tài trợ, huy động hợp pháp khác theo quy định của pháp luật.\n"
    )
    first = "- Ngân sách nhà nước bố trí theo phân cấp hiện hành;"
    new = edit(base_text, (para, ""), (first, para + "\n" + first))  # swapped order inside IV.
    d = diff_texts(base_text, new)
    assert kinds(d) == ["paragraph_moved"]
    added = edit(base_text, (para, para + "\n- Kinh phí từ nguồn ngân sách xã theo dự toán được giao hằng năm.\n"))
    assert kinds(diff_texts(base_text, added)) == ["paragraph_added"]
    removed = edit(base_text, (para, ""))
    d = diff_texts(base_text, removed)
    assert kinds(d) == ["paragraph_removed"]
    assert [r.status for r in d.rows].count("removed") == 1


def test_renumbered_and_reordered_sections_are_no_change(base_text):
    start = base_text.index("### IV. KINH PHÍ")
    end = base_text.index("### V. TỔ CHỨC THỰC HIỆN")
    funding = base_text[start:end]
    swapped = base_text[:start] + base_text[end:]
    tail = swapped.index("Trên đây là Kế hoạch")
    v = swapped[swapped.index("### V. TỔ CHỨC THỰC HIỆN") : tail]
    swapped = swapped.replace(v, v.replace("### V.", "### IV.") + funding.replace("### IV.", "### V."), 1)
    d = diff_texts(base_text, swapped)
    assert d.changes == []
    renumbered = {(s.old_number, s.new_number) for s in d.sections if s.old_number != s.new_number}
    assert ("IV.", "V.") in renumbered and ("V.", "IV.") in renumbered


def test_section_added_folds_its_paragraphs(base_text):
    extra = (
        "### VI. CHẾ ĐỘ BÁO CÁO\n\n"
        "Các cơ quan báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch.\n\nSở tổng hợp, báo cáo UBND tỉnh.\n\n"
    )
    new = edit(base_text, ("Trên đây là Kế hoạch", extra + "Trên đây là Kế hoạch"))
    d = diff_texts(base_text, new)
    assert kinds(d) == ["section_added"]
    assert d.changes[0].detail["paragraphs"] == 2


def test_header_changes(base_text):
    old = extract_text(base_text, file="old.md")
    number = old.header.number_symbol
    assert number
    new_text = edit(base_text, (number, number.replace(number.split("/")[0].split()[-1], "999")))
    d = diff_texts(base_text, new_text)
    assert [(c.kind.value, c.detail.get("field")) for c in d.changes] == [("header_changed", "number_symbol")]


def test_not_plans_give_a_text_diff_with_warning():
    old = "Biên bản họp tổ\nNội dung: bàn về lịch trực.\nKết luận: trực theo tuần."
    new = "Biên bản họp tổ\nNội dung: bàn về lịch trực tết.\nKết luận: trực theo tuần."
    d = diff_plans(extract_text(old, file="a.txt"), extract_text(new, file="b.txt"))
    assert d.mode == "text"
    assert any("a.txt: not a plan" in w for w in d.warnings)
    assert [c.kind.value for c in d.changes] == ["text_changed"]
    assert any(w.op == "insert" and "tết" in w.new for w in d.changes[0].words)


def test_word_diff_pieces_rebuild_both_sides():
    old = "Phấn đấu đến năm 2025, ít nhất 43% nhà giáo đạt trình độ thạc sỹ."
    new = "Phấn đấu đến năm 2025, ít nhất 44% nhà giáo đạt trình độ thạc sĩ trở lên."
    ops = word_diff(old, new)
    assert "".join(w.old for w in ops) == old and "".join(w.new for w in ops) == new
    assert [w for w in ops if w.op != "equal"][0].old.strip() == "43%"
    assert word_diff("Ủy ban nhân dân hòa giải", "Uỷ ban nhân dân hoà giải") == []


def test_abbreviations_of_agency_names_are_no_change():
    assert (
        word_diff(
            "Ủy ban nhân dân tỉnh giao Sở LĐ-TB&XH chủ trì",
            "UBND tỉnh giao Sở Lao động - Thương binh và Xã hội chủ trì",
        )
        == []
    )
    assert (
        word_diff(
            "Thường trực HĐND tỉnh, Ủy ban MTTQ Việt Nam tỉnh",
            "Thường trực Hội đồng nhân dân tỉnh, UBMTTQ Việt Nam tỉnh",
        )
        == []
    )


def test_abbreviation_next_to_a_real_edit_shows_only_the_edit():
    old, new = "Báo cáo UBND tỉnh trước ngày 15/12", "Báo cáo Ủy ban nhân dân tỉnh và Sở Nội vụ trước ngày 15/12"
    ops = word_diff(old, new)
    assert [(w.op, w.new.strip()) for w in ops if w.op != "equal"] == [("insert", "và Sở Nội vụ")]
    assert "".join(w.old for w in ops) == old and "".join(w.new for w in ops) == new
    # a partly matched abbreviation is a change as a whole, never half a word
    ops = word_diff("giao UBND tỉnh", "giao Ủy ban tỉnh")
    assert [(w.op, w.old.strip(), w.new.strip()) for w in ops if w.op != "equal"] == [("replace", "UBND", "Ủy ban")]


def test_swapped_words_read_as_one_replacement():
    ops = word_diff("đồng thời đảm bảo luôn có", "đồng thời bảo đảm luôn có")
    assert [(w.op, w.old.strip(), w.new.strip()) for w in ops if w.op != "equal"] == [("replace", "đảm bảo", "bảo đảm")]


def test_sentence_points_are_paragraphs_not_headings():
    from extract.compare.points import is_sentence_point

    assert is_sentence_point("Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cho công chức phường.", leaf=True)
    assert is_sentence_point(
        "Kế hoạch phải được tổ chức triển khai đồng bộ, toàn diện và thống nhất, bảo đảm thực chất, "
        "hiệu quả, gắn với nhiệm vụ chính trị của từng cơ quan",
        leaf=True,
    )
    assert not is_sentence_point("Cải cách thủ tục hành chính", leaf=True)
    assert not is_sentence_point(
        "Tăng cường sự lãnh đạo, chỉ đạo, tuyên truyền, giáo dục, nâng cao nhận thức của các cấp "
        "chính quyền về công tác giáo dục nghề nghiệp",
        leaf=False,
    )


def test_block_moved_into_a_new_part_is_a_move_with_its_text():
    pair = CORPUS / "pairs" / "moved-points"
    old = extract_text((pair / "old.txt").read_text(encoding="utf-8"))
    new = extract_text((pair / "new.txt").read_text(encoding="utf-8"))
    d = diff_plans(old, new)
    kinds = sorted(c.kind.value for c in d.changes)
    assert kinds == ["agency_added"] + ["paragraph_moved"] * 3 + ["section_added"]  # the new request's body is new
    assert (
        next(c for c in d.changes if c.kind is ChangeKind.agency_added).detail["agency"]
        == "Tổng công ty Bưu điện Việt Nam"
    )
    moved = [c for c in d.changes if c.kind is ChangeKind.paragraph_moved]
    assert all(c.new.section.startswith("IV.") and c.new.text.startswith("Đề nghị") for c in moved)
    assert [c.detail["reworded"] for c in moved] == [True, False, False]
    added = next(c for c in d.changes if c.kind is ChangeKind.section_added)
    assert added.detail == {"paragraphs": 4, "moved_in": 3}
    # the side-by-side view shows the new part's items with their text, not an empty part
    rows = [
        r for r in d.rows if r.new is not None and (r.new.section or "").startswith("IV.") and r.role == "paragraph"
    ]
    assert [r.status for r in rows] == ["moved", "moved", "added", "moved"]


def test_seed_against_itself(seed000):
    d = diff_plans(seed000, seed000)
    assert d.changes == [] and d.mode == "plan"


def test_seed_003_against_000_runs(seed000, seed003):
    d = diff_plans(seed000, seed003)
    counts = d.counts()
    assert counts.get("header_changed") and counts.get("target_added") and counts.get("target_removed")
    assert len(d.rows) >= len([r for r in d.rows if r.new])


MOVE_OLD = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Số: 15/KH-UBND
Lâm Đồng, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Phòng, chống ma túy năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu quả công tác phòng, chống ma túy.
II. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành
1.1. Sở Y tế
- Chủ trì tổ chức cai nghiện ma túy tại gia đình và cộng đồng.
1.2. Sở Giáo dục và Đào tạo
- Chủ trì tuyên truyền phòng, chống ma túy trong trường học.
2. Các lực lượng vũ trang
2.1. Bộ Chỉ huy quân sự tỉnh
- Phối hợp tuyên truyền phòng, chống ma túy cho lực lượng dân quân.
"""


def test_agency_moved_to_another_heading_is_reported():
    new = MOVE_OLD.replace(
        "1.2. Sở Giáo dục và Đào tạo\n- Chủ trì tuyên truyền phòng, chống ma túy trong trường học.\n", ""
    )
    new += "2.2. Sở Giáo dục và Đào tạo\n- Chủ trì tuyên truyền phòng, chống ma túy trong trường học.\n"
    d = diff_texts(MOVE_OLD, new)
    moved = [c for c in d.changes if c.kind == ChangeKind.agency_moved]
    assert len(moved) == 1 and moved[0].detail["agency"] == "Sở Giáo dục và Đào tạo"
    assert "Các sở, ban, ngành" in moved[0].detail["from"] and "Các lực lượng vũ trang" in moved[0].detail["to"]
    assert not [c for c in d.changes if c.kind in (ChangeKind.agency_added, ChangeKind.agency_removed)]
    # renumbering the parent headings alone moves nothing
    renumbered = (
        MOVE_OLD.replace("\n1. Các sở", "\n3. Các sở")
        .replace("1.1. Sở Y tế", "3.1. Sở Y tế")
        .replace("1.2. Sở Giáo", "3.2. Sở Giáo")
    )
    assert not [c for c in diff_texts(MOVE_OLD, renumbered).changes if c.kind == ChangeKind.agency_moved]
