"""What a clerk reads is Vietnamese: every diff kind, group, coverage status and reason has its words in
docgen/messages_vi.py, and the terminal and HTML views of a real pair show them instead of English."""

from __future__ import annotations

import re

import lxml.html
from conftest import CORPUS
from rich.console import Console

from docgen.compare.html import coverage_html, diff_html
from docgen.compare.terminal import print_coverage, print_diff
from docgen.messages_vi import CHANGE_VI, GROUP_VI, ITEM_KIND_VI, KIND_VI, REASON_VI, STATUS_VI
from extract.compare import coverage, diff_plans
from extract.compare.model import ChangeKind, CoverageStatus, ReasonCode
from extract.pipeline import extract_file

ENGLISH = re.compile(
    r"\b(changes?|Header|Sections?|Targets?|Paragraphs?|Moved|Added|Removed|Reworded|renamed|"
    r"covered|weakened|missing|parent|child|kind|section|paragraph|page)\b"
)


def test_every_kind_status_and_reason_has_vietnamese_words():
    assert set(KIND_VI) == set(CHANGE_VI) == {k.value for k in ChangeKind}
    assert set(GROUP_VI) == {k.group for k in ChangeKind}
    assert set(STATUS_VI) == {s.value for s in CoverageStatus}
    assert set(REASON_VI) == {r.value for r in ReasonCode}
    assert set(ITEM_KIND_VI) == {"target", "task", "responsibility"}


def _pair(name: str):
    folder = CORPUS / "pairs" / name
    old = next(p for p in folder.iterdir() if p.stem == "old")
    new = next(p for p in folder.iterdir() if p.stem == "new")
    return extract_file(old), extract_file(new)


def _visible(page: str) -> str:
    doc = lxml.html.fromstring(page)
    for el in doc.xpath("//style|//title"):
        el.drop_tree()
    return " ".join(doc.text_content().split())


def test_terminal_and_html_of_a_real_pair_are_vietnamese():
    old, new = _pair("agencies-merger")
    d = diff_plans(old, new)
    console = Console(record=True, width=200)
    print_diff(d, console)
    text = console.export_text()
    shown = text.replace(str(old.file), "").replace(str(new.file), "")
    assert "Đổi tên cơ quan (hợp nhất năm 2025): Sở Lao động - Thương binh và Xã hội → Sở Nội vụ" in shown
    assert not ENGLISH.search(shown), ENGLISH.search(shown)
    page = _visible(diff_html(d)).replace(str(old.file), "").replace(str(new.file), "")
    assert "Đối chiếu hai bản" in page and not ENGLISH.search(page), ENGLISH.search(page)


def test_coverage_views_are_vietnamese():
    old, new = _pair("targets-values")
    r = coverage(old, new)
    assert any(i.status is not CoverageStatus.covered for i in r.items)
    console = Console(record=True, width=200)
    print_coverage(r, console)
    shown = console.export_text().replace(str(old.file), "").replace(str(new.file), "")
    assert "Đối chiếu thực hiện" in shown and not ENGLISH.search(shown), ENGLISH.search(shown)
    page = _visible(coverage_html(r)).replace(str(old.file), "").replace(str(new.file), "")
    assert not ENGLISH.search(page), ENGLISH.search(page)


def test_change_lines_read_as_a_clerk_writes():
    from docgen.compare.wording import change_line
    from extract.compare.model import Change, Side

    date = Change(
        kind="header_changed",
        summary="Header date: 2025-01-20 → 2025-02-05",
        detail={"field": "date"},
        old=Side(text="2025-01-20", value="2025-01-20"),
        new=Side(text="2025-02-05", value="2025-02-05"),
    )
    assert change_line(date) == "Ngày ban hành: 20/01/2025 → 05/02/2025"
    raised = Change(
        kind="target_raised",
        summary="Target raised",
        detail={"indicator": "làng văn hóa du lịch"},
        old=Side(text="…", value="ít nhất 45 làng (2025)"),
        new=Side(text="…", value="ít nhất 50 làng (2025)"),
    )
    assert change_line(raised) == "Nâng chỉ tiêu 45 làng → 50 làng (ít nhất, năm 2025): làng văn hóa du lịch"
