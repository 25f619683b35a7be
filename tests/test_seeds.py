"""The two real seed plans must come out right (their acceptance list)."""

from __future__ import annotations

from extract.normalize import match_key


def _targets(plan, year):
    return [t for t in plan.targets if t.year == year]


def test_seed000_targets_2025(seed000):
    t2025 = _targets(seed000, 2025)
    assert [t.value for t in t2025] == [43, 100, 50, 50, 50, 70]
    assert all(t.unit == "%" for t in t2025)
    assert t2025[0].qualifier == "at_least" and "thạc sỹ" in t2025[0].indicator
    assert "Trường Cao đẳng Bắc Kạn" in t2025[1].indicator


def test_seed000_targets_2030_from_one_sentence(seed000):
    t2030 = _targets(seed000, 2030)
    assert [t.value for t in t2030] == [44, 60, 60, 60, 80]
    assert {t.qualifier for t in t2030} == {"strive"}  # "Phấn đấu …" opens the sentence
    assert len({t.source.start for t in t2030}) == 5  # five clauses, five spans


def test_seed000_responsibilities(seed000):
    agencies = [r.agency_normalized for r in seed000.responsibilities]
    assert len(agencies) == 10
    headings = {r.heading for r in seed000.responsibilities}
    assert len(headings) == 8
    by = {r.agency_normalized: r for r in seed000.responsibilities}
    assert by["Sở Lao động - Thương binh và Xã hội"].role == "lead"
    assert by["Sở Giáo dục và Đào tạo"].role == "coordinate"
    assert "Trường Cao đẳng Bắc Kạn" in by
    shared = [r for r in seed000.responsibilities if r.heading and r.heading.startswith("Trường Cao đẳng")]
    assert len(shared) == 3 and all(len(r.tasks) == 5 for r in shared)


def test_seed000_deadline_legal_signer(seed000):
    yearly = [d for d in seed000.deadlines if d.recurrence == "yearly"]
    assert [(d.day, d.month) for d in yearly] == [(25, 8)]
    assert yearly[0].is_report
    lb = seed000.legal_bases
    assert [(b.kind, b.number_symbol, b.date) for b in lb] == [("Thông tư", "05/2024/TT-BLĐTĐ", "2024-05-10")]
    assert "Bộ Lao động - Thương binh và Xã hội" in lb[0].issuer
    s = seed000.signer
    assert (s.name, s.authority, s.on_behalf, s.title) == ("Phạm Duy Hưng", "KT.", "ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH")
    assert "KT. CHỦ TỊCH" in s.lines


def test_seed000_header_inferred(seed000):
    h = seed000.header
    assert h.doc_type == "Kế hoạch"
    assert h.title.startswith("Đào tạo, bồi dưỡng đội ngũ nhà giáo")
    assert match_key(h.issuing_body) == match_key("Ủy ban nhân dân tỉnh Bắc Kạn")
    assert "issuing_body" in h.inferred and h.level == "tỉnh"


def test_seed000_recipients(seed000):
    rec = seed000.recipients
    assert rec[0].text.startswith("Bộ Lao động") and rec[0].note == "b/c"
    assert rec[-1].is_archive and rec[-1].text.startswith("Lưu")
    assert sum(r.is_archive for r in rec) == 1


def test_seed003_header(seed003):
    h = seed003.header
    assert h.number is None and h.symbol == "KH-UBND" and h.convention == "state"
    assert h.place == "Tiên Lãng" and h.date == "2024-08"
    assert h.level == "huyện"
    codes = {w.code for w in seed003.warnings}
    assert {"missing_number", "missing_date"} <= codes


def test_seed003_legal_bases(seed003):
    got = [(b.kind, b.number_symbol, b.date) for b in seed003.legal_bases]
    assert got == [("Nghị quyết", "14-NQ/TU", "2024-05-13"), ("Kế hoạch", "146-KH/HU", "2024-07-17")]
    assert seed003.legal_bases[0].issuer == "Ban Thường vụ Thành ủy"
    assert seed003.legal_bases[1].issuer == "Huyện ủy Tiên Lãng"


def test_seed003_targets(seed003):
    t = seed003.targets
    rng = [x for x in t if x.value_max is not None]
    assert [(x.value, x.value_max, x.unit, x.year) for x in rng] == [(50, 55, "%", 2030)]
    about = [x for x in t if x.qualifier == "about" and x.value == 50]
    assert about and "lực lượng lao động" in about[0].indicator
    assert all(x.year in (2030, 2045) for x in t)
    qualitative = [x for x in t if x.value is None]
    assert any("kiểm định chất lượng" in x.indicator for x in qualitative)
    assert any(x.year == 2045 for x in qualitative)


def test_seed003_requested_and_deadline(seed003):
    requested = [r.agency for r in seed003.responsibilities if r.role == "requested"]
    assert requested == ["Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội huyện", "Huyện đoàn"]
    standing = [r.agency for r in seed003.responsibilities if r.role == "standing"]
    assert standing == ["Phòng Giáo dục và Đào tạo"]
    yearly = [(d.day, d.month) for d in seed003.deadlines if d.recurrence == "yearly"]
    assert yearly == [(1, 12)]


def test_seed003_duplicate_part_number_repaired(seed003):
    tops = [(s.id, s.number, s.kind) for s in seed003.sections]
    assert [n for _, n, _ in tops] == ["I.", "II.", "III.", "III.", "IV."]
    assert [i for i, _, _ in tops] == ["I", "II", "III", "IV", "V"]
    assert tops[3][2] == "organisation" and tops[4][2] == "funding"
    dup = [w for w in seed003.warnings if w.code == "duplicate_number"]
    assert len(dup) == 1 and seed003.text[dup[0].source.start : dup[0].source.end].startswith("III. TỔ CHỨC")


def test_every_item_points_at_its_evidence(seed000, seed003):
    """Source spans index Plan.text: the evidence for each item is where it says."""
    for plan in (seed000, seed003):
        for t in plan.targets:
            span = plan.text[t.source.start : t.source.end]
            assert t.text.strip(" .;") in span or span in t.text, (t.id, span)
            if t.value is not None:
                assert str(int(t.value)) in span
            assert t.source.paragraph and t.source.file
        for r in plan.responsibilities:
            assert match_key(plan.text[r.source.start : r.source.end]) == match_key(r.agency)
            for task in r.tasks:
                assert plan.text[task.source.start : task.source.end].strip().startswith(task.text[:20])
        for d in plan.deadlines:
            assert plan.text[d.source.start : d.source.end] == d.text
        for b in plan.legal_bases:
            assert plan.text[b.source.start : b.source.end].startswith(b.kind)
