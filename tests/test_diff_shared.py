"""Diff on real draft/final versions from ../shared/corpus (skipped where absent): mixed .doc/.docx inputs,
changes a reviewer can check against the documents, every side's source pointing into its own text."""

from __future__ import annotations

import pytest
from conftest import SHARED_CORPUS

from extract.compare import ChangeKind, diff_plans
from extract.pipeline import extract_file


def _doc(prefix: str):
    found = sorted(SHARED_CORPUS.glob(f"{prefix}_*")) if SHARED_CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"../shared/corpus/{prefix}_* is not present")
    return found[0]


def _needs_soffice(path):
    import shutil

    if path.suffix == ".doc" and not shutil.which("soffice"):
        pytest.skip("reading .doc needs LibreOffice (soffice)")


def _diff(a: str, b: str):
    pa, pb = _doc(a), _doc(b)
    for p in (pa, pb):
        _needs_soffice(p)
    old, new = extract_file(pa), extract_file(pb)
    d = diff_plans(old, new)
    for c in d.changes:  # every side says where it is, in its own document
        for side, plan in ((c.old, old), (c.new, new)):
            if side is not None and side.source is not None:
                assert side.source.file == plan.file
                assert 0 <= side.source.start <= side.source.end <= len(plan.text)
    return old, new, d


def test_draft_and_submitted_doc_vs_docx():
    """012 (draft, .doc) → 013 (submitted, .docx): a signer change, a few rewordings; no mass of false changes."""
    old, new, d = _diff("012", "013")
    assert d.mode == "plan"
    signer = [c for c in d.changes if c.kind is ChangeKind.header_changed and c.detail["field"] == "signer"]
    assert signer and "PHÓ CHỦ TỊCH" in signer[0].new.text
    assert len(d.changes) < 20
    unchanged = sum(1 for r in d.rows if r.status == "equal")
    assert unchanged > 5 * len(d.changes)


def test_monthly_revisions_of_a_commune_plan():
    """017 (tháng 2) → 018 (tháng 3): the new month in the header and a deadline moved by a month."""
    _, _, d = _diff("017", "018")
    dates = [c for c in d.changes if c.kind is ChangeKind.header_changed and c.detail["field"] == "date"]
    assert dates and dates[0].old.value.startswith("2026-02") and dates[0].new.value.startswith("2026-03")
    deadlines = [c for c in d.changes if c.kind is ChangeKind.deadline_changed]
    assert any("3/2026" in c.old.value and "4/2026" in c.new.value for c in deadlines)


def test_final_version_against_itself_has_no_changes():
    path = _doc("007")
    plan = extract_file(path)
    assert diff_plans(plan, plan).changes == []
