"""`coverage` on real plans from ../shared/corpus (skipped where absent): the responsibilities read from every
place a plan assigns work — agency sub-headings of the tasks part, "Giao …" sentences, "Đề nghị …" requests,
inspection teams and their members — are carried from the higher (or earlier) plan to the lower (or later) one,
matched by similarity on documents and by origin on a derived plan."""

from __future__ import annotations

from conftest import shared_plan

from extract.compare import coverage
from extract.compare.model import CoverageStatus, ReasonCode
from extract.normalize import match_key

_plan = shared_plan


def _role(r) -> str:
    return str(getattr(r.role, "value", r.role))


class _Items(dict):
    """Coverage items of responsibilities by the parent's responsibility id; `of(agency)` finds one by name."""

    def __init__(self, report, parent) -> None:
        super().__init__((i.id, i) for i in report.items if i.kind == "responsibility")
        self.parent = {r.id: r for r in parent.responsibilities}

    def pairs(self):
        return [(self.parent[k], i) for k, i in self.items()]

    def of(self, agency: str):
        return next((r, i) for r, i in self.pairs() if match_key(r.agency_normalized) == match_key(agency))


def _in_tasks_part(plan, r) -> bool:
    kinds = {s.id: str(getattr(s.kind, "value", s.kind)) for s in plan.sections}
    return kinds.get((r.section or "").split(".")[0]) == "tasks"


def test_revised_plan_carries_every_kind_of_responsibility():
    """017 → 018 (the March revision): every agency of 017 is found again with its role — the departments
    named in sub-headings of part III, the bodies asked by "Đề nghị …" (requested), Công an tỉnh made standing
    by a "Giao … là cơ quan thường trực" sentence. The one duty 018 took away (Sở Nội vụ's task handed to the
    new sub-heading of the communes) shows as weakened, with the count of tasks carried."""
    parent, child = _plan("017"), _plan("018")
    items = _Items(coverage(parent, child), parent)
    assert not [r.agency_normalized for r, i in items.pairs() if i.status == CoverageStatus.missing]
    sub_headed = [(r, i) for r, i in items.pairs() if r.heading and _in_tasks_part(parent, r)]
    requested = [(r, i) for r, i in items.pairs() if _role(r) == "requested"]
    assert len(sub_headed) >= 15 and len(requested) >= 8
    for r, i in sub_headed + requested:
        assert i.child is not None and match_key(r.agency_normalized) in match_key(i.child.value), r.agency_normalized
    assert all("(đề nghị)" in i.child.value for _, i in requested)
    police, i = items.of("Công an tỉnh")
    assert _role(police) == "standing" and "(thường trực)" in i.child.value
    _, home = items.of("Sở Nội vụ")
    assert home.status == CoverageStatus.weakened
    assert [(x.code, x.parent, x.child) for x in home.reasons] == [(ReasonCode.tasks_missing, "2", "1")]


def test_commune_plan_derived_from_a_real_plan_carries_the_tasks_part_agencies():
    """017 derived for a commune, checked back against 017: the departments named in sub-headings of the tasks
    part reach the commune office that does their work (linked by origin), the standing body stays standing,
    and what a commune cannot carry (requests to provincial bodies) is not_applicable with its reason —
    nothing is silently missing."""
    from docgen.derive import DeriveOptions, derive

    parent = _plan("017")
    child = derive(parent, DeriveOptions(unit="UBND xã Lạc Dương", date="2026-03")).plan
    items = _Items(coverage(parent, child), parent)
    assert not [r.agency_normalized for r, i in items.pairs() if i.status == CoverageStatus.missing]
    departments = [
        (r, i)
        for r, i in items.pairs()
        if r.heading and _in_tasks_part(parent, r) and r.agency_normalized.startswith("Sở ")
    ]
    carried = [(r, i) for r, i in departments if i.status != CoverageStatus.not_applicable]
    assert len(carried) >= 6
    for r, i in carried:
        assert i.by == "origin" and i.child is not None, r.agency_normalized
        assert not i.child.value.startswith("Sở "), i.child.value  # a commune office, not the Sở
    _, police = items.of("Công an tỉnh")
    assert police.child.value.startswith("Công an xã") and "(thường trực)" in police.child.value
    for r, i in items.pairs():
        if _role(r) == "requested":
            assert i.status == CoverageStatus.not_applicable and i.reasons, r.agency_normalized


def test_next_round_of_an_inspection_plan_keeps_its_team():
    """039 → 040 (the same Sở Công Thương plan, April and July rounds): the unit given the work by a "Giao …"
    sentence, the named Tổ công tác and each of its members are carried with their roles."""
    parent, child = _plan("039"), _plan("040")
    items = _Items(coverage(parent, child), parent)
    assert items and all(i.status == CoverageStatus.covered for i in items.values())
    assert items.of("Tổ công tác")[1].child.value == "Tổ công tác (được giao)"
    assert items.of("Phòng Quản lý Công nghiệp")[1].child.value == "Phòng Quản lý Công nghiệp (được giao)"
    people = [(r, i) for r, i in items.pairs() if _role(r) == "coordinate"]
    assert len(people) >= 3
    for r, i in people:
        assert i.child.value == f"{r.agency_normalized} (phối hợp)"


def test_submitted_version_keeps_the_standing_body_of_a_giao_sentence():
    """012 (draft .doc) → 013 (submitted .docx): "Giao Sở Nội vụ (Cơ quan Thường trực …)" makes Sở Nội vụ the
    standing body in both; the request to Ủy ban MTTQ stays a request."""
    parent, child = _plan("012"), _plan("013")
    items = _Items(coverage(parent, child), parent)
    assert not [r.agency_normalized for r, i in items.pairs() if i.status == CoverageStatus.missing]
    home, i = items.of("Sở Nội vụ")
    assert _role(home) == "standing" and i.child.value == "Sở Nội vụ (thường trực)"
    requested = [i for r, i in items.pairs() if _role(r) == "requested"]
    assert requested and all("(đề nghị)" in i.child.value for i in requested)
