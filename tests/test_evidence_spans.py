"""Every source span of every extracted item covers the words the item names: `plan.text[src.start:src.end]`
holds the agency's name, the task, the target clause, the deadline phrase, the cited number. Walks every bundled
plan and every real document of ../shared/corpus (skipped cleanly where it is absent)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, SHARED_CORPUS

from extract import extract_file
from extract.model import Plan, Source
from extract.normalize import match_key
from extract.spans import locate, narrow

SHARED = sorted(p for p in SHARED_CORPUS.glob("*") if p.name != "SOURCES.md") if SHARED_CORPUS.is_dir() else []
PLANS = sorted((CORPUS / "plans").iterdir())


def _items(plan: Plan):
    """(kind, source, the words the item names) for every item that carries a source."""
    for r in plan.responsibilities:
        yield "responsibility", r.source, r.agency
        for t in r.tasks:
            yield "assigned task", t.source, t.text
            for d in t.deadlines:
                yield "deadline", d.source, d.text
    for t in plan.targets:
        yield "target", t.source, t.text
    for d in plan.deadlines:
        yield "deadline", d.source, d.text
    for b in plan.legal_bases:
        yield "legal basis", b.source, b.number_symbol or b.kind
    for t in plan.tasks:
        yield "task", t.source, t.text
    for s in plan.iter_sections():
        yield "section", s.source, s.title
        for p in s.paragraphs:
            yield "paragraph", p.source, p.text
    for r in plan.recipients:
        yield "recipient", r.source, r.text
    h = plan.header
    for field in ("governing_body", "issuing_body", "place", "title", "symbol"):
        value = getattr(h, field)
        src = h.sources.get("number" if field == "symbol" else field)
        if value and src is not None and field not in h.inferred:  # an inferred body is put together, not read
            yield f"header {field}", src, value


def _uncovered(plan: Plan) -> list[str]:
    bad = []
    for kind, src, words in _items(plan):
        head = " ".join(words.split()[:8])  # the first words: a long clause may be cut at a sentence
        span = plan.text[src.start : src.end]
        if not span.strip() or match_key(head) not in match_key(span):
            bad.append(f"{kind} {head!r} → span {span[:60]!r} ({src.label()})")
    return bad


@pytest.fixture(autouse=True)
def _ocr_one_page(monkeypatch):
    monkeypatch.setenv("KEHOACH_OCR_MAX_PAGES", "1")


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name[:30])
def test_spans_cover_the_words_in_bundled_plans(path):
    plan = extract_file(path)
    assert not _uncovered(plan)


@pytest.mark.slow
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name[:28])
def test_spans_cover_the_words_in_real_documents(path):
    plan = extract_file(path)
    assert sum(1 for _ in _items(plan)) > 0, path.name
    bad = _uncovered(plan)
    assert not bad, (path.name, bad[:5])


def test_locate_allows_rejoined_lines_and_finds_merged_cells_before_the_row():
    text = "1\nSở Nội vụ\nTham mưu ban hành\nkế hoạch kiểm tra\n2\nQuý II/2026"
    assert locate(text, "Tham mưu ban hành kế hoạch kiểm tra") == (text.index("Tham"), text.index("tra") + 3)
    assert locate(text, "Sở Tài chính") is None
    row2 = Source(start=text.index("2\n"), end=text.index("2\n") + 1)
    got = narrow(row2, text, "Sở Nội vụ")  # a merged cell written once, at the first row
    assert text[got.start : got.end] == "Sở Nội vụ"
    got = narrow(row2, text, "Quý II/2026")
    assert text[got.start : got.end] == "Quý II/2026"
    assert narrow(row2, text, "không có") == row2


def test_a_bracket_and_dot_label_leaves_the_heading_agency_span_on_its_words():
    """'1). Công an huyện' (a bracket and a dot, typed or OCR'd) is one label: the heading's agency is the
    words after it, and its span covers exactly them (found by the fuzz suite)."""
    from extract.pipeline import extract_text

    text = (
        "KẾ HOẠCH\nThực hiện công tác phòng chống ma túy\n\nV. TỔ CHỨC THỰC HIỆN\n"
        "1). Công an huyện\n- Là cơ quan thường trực, chủ trì theo dõi.\n2. Phòng Y tế\n- Phối hợp thực hiện.\n"
    )
    plan = extract_text(text, file="kh.md")
    found = {r.agency: plan.text[r.source.start : r.source.end] for r in plan.responsibilities}
    assert found.get("Công an huyện") == "Công an huyện"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Trung tâm Y tế các huyện, thị xã,thành phố", "Trung tâm Y tế các huyện, thị xã,thành phố"),
        ("Trung tâm Y tế các huyện,--- thị xã, thành phố", "Trung tâm Y tế các huyện"),
    ],
)
def test_an_agency_list_written_with_odd_comma_spacing_keeps_each_span_on_its_words(written: str, name: str):
    """A heading naming several agencies where a comma has no space after it, or a stray mark after it: each
    agency is read where it is written, whole, and its span is its words (found by the long fuzz run)."""
    from extract.pipeline import extract_text

    text = (
        "KẾ HOẠCH\nNâng cao chất lượng y tế cơ sở\n\nIV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế\n- Chủ trì, hướng dẫn thực hiện Kế hoạch.\n"
        f"2. Các bệnh viện tuyến tỉnh; {written}\n"
        "- Tổ chức khám sàng lọc cho người dân.\n"
    )
    plan = extract_text(text, file="kh.md")
    spans = {r.agency: plan.text[r.source.start : r.source.end] for r in plan.responsibilities}
    assert set(spans) == {"Sở Y tế", "Các bệnh viện tuyến tỉnh", name}
    for agency, span in spans.items():
        assert span == agency
