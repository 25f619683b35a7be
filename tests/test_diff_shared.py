"""Diff on real draft/final versions from ../shared/corpus (skipped where absent): mixed .doc/.docx inputs,
changes a reviewer can check against the documents, every side's source pointing into its own text."""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import SHARED_CORPUS

from extract.compare import ChangeKind, diff_plans
from extract.normalize import match_key
from extract.pipeline import extract_file, extract_text


@cache
def _extract(path):
    """.doc files go through LibreOffice: read each once per run (plans are not changed by the diff)."""
    return extract_file(path)


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
    old, new = _extract(pa), _extract(pb)
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


def _moves(d):
    return [c for c in d.changes if c.kind is ChangeKind.agency_moved]


def test_monthly_revision_moves_an_agency_block_under_another_part():
    """018 turns 017's part III.7 (an agency sub-heading of its own, 'Các sở, ban, ngành, địa phương') into
    item 6 of part III.6, and gives one task of Sở Nội vụ to a new sub-heading III.4.1 'Ủy ban nhân dân cấp xã'.
    The agency was first named in III.2.1 (one responsibility for all its blocks), so the move is of a later
    block; a reviewer sees one move and one task handed over, not renumbering."""
    old, new, d = _diff("017", "018")
    moves = _moves(d)
    assert len(moves) == 1, [c.summary for c in moves]
    m = moves[0]
    assert m.detail["agency"] == "Các sở, ban, ngành, địa phương"
    assert m.detail["from"].startswith("III. ") and m.detail["to"].startswith("III.6. ")
    assert (m.old.section, m.new.section) == ("III.7.", "III.6.6.")
    for side, plan in ((m.old, old), (m.new, new)):  # each side points at the agency's heading in its document
        assert "Các sở, ban, ngành, địa phương" in plan.text[side.source.start : side.source.end]
    handed = [c for c in d.changes if c.kind is ChangeKind.task_moved]
    assert [(c.detail["from"], c.detail["to"]) for c in handed] == [("Sở Nội vụ", "Ủy ban nhân dân cấp xã")]
    # the task is placed where it stands now, under the new sub-heading, not where the agency was first named
    assert handed[0].new.section == "III.4.1."
    assert "Huy động" in new.text[handed[0].new.source.start : handed[0].new.source.end]
    assert not [c for c in d.changes if c.kind in (ChangeKind.agency_added, ChangeKind.agency_removed)]


def test_terminal_lists_a_moved_agency_heading_as_a_move_not_as_renumbering():
    from rich.console import Console

    from docgen.compare.terminal import print_diff

    _, _, d = _diff("017", "018")
    console = Console(record=True, width=400)
    print_diff(d, console)
    out = console.export_text()
    renumbered = next(line for line in out.splitlines() if "chỉ đánh số lại" in line)
    assert "III.8. → III.7." in renumbered  # a real renumbering stays listed
    assert "III.7. → III.6.6." not in renumbered
    assert "Chuyển khối nhiệm vụ của Các sở, ban, ngành, địa phương" in out


_HEAD = re.compile(r"(?m)^(\d+)\.(?:(\d+)\.)? ")


def _cut_and_paste(text: str, part: int, item: int, to_part: int) -> tuple[str, str]:
    """Edit as a drafter does: cut sub-heading `part.item.` with its bullets, close the gap in the numbering of
    the items after it, and paste it as the last item of part `to_part`. Returns (new text, the heading's name)."""
    heads = [(m.start(), int(m.group(1)), int(m.group(2) or 0)) for m in _HEAD.finditer(text)]
    i = next(j for j, h in enumerate(heads) if h[1:] == (part, item))
    start, end = heads[i][0], heads[i + 1][0]
    block, rest = text[start:end], text[:start] + text[end:]
    n = item + 1
    while f"\n{part}.{n}. " in rest:
        rest = rest.replace(f"\n{part}.{n}. ", f"\n{part}.{n - 1}. ", 1)
        n += 1
    last = max(int(m.group(2) or 0) for m in _HEAD.finditer(rest) if int(m.group(1)) == to_part)
    block = _HEAD.sub(f"{to_part}.{last + 1}. ", block, count=1)
    at = rest.index(f"\n{to_part + 1}. ") + 1
    name = block.split("\n", 1)[0].split(". ", 1)[1].strip()
    return rest[:at] + block + rest[at:], name


@pytest.mark.parametrize(
    ("part", "item", "to_part"),
    [
        (4, 3, 5),  # an agency named only in this sub-heading
        (6, 3, 5),  # a later block of an agency first named in an earlier part
    ],
)
def test_agency_block_cut_and_pasted_under_another_part_is_one_move(part, item, to_part):
    """A second version built from 017's own text the way a drafter edits it: one agency sub-heading with its
    bullets moves from part III.<part> to the end of part III.<to_part>. The diff reports exactly that move
    (agency, from heading, to heading) and nothing else: no agency added or removed, no task handed over."""
    path = _doc("017")
    _needs_soffice(path)
    text = _extract(path).text
    edited, name = _cut_and_paste(text, part, item, to_part)
    old, new = extract_text(text), extract_text(edited)
    d = diff_plans(old, new)
    moves = _moves(d)
    assert len(moves) == 1, [c.summary for c in d.changes]
    m = moves[0]
    assert match_key(m.detail["agency"]) == match_key(name)
    assert m.detail["from"].startswith(f"III.{part}. ") and m.detail["to"].startswith(f"III.{to_part}. ")
    assert name in new.text[m.new.source.start : m.new.source.end]
    assert d.changes == moves, [c.summary for c in d.changes]  # no agency added/removed, no task handed over
