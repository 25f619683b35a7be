"""`coverage`: does a lower-level plan carry out every target, task and responsibility of the higher one?

A child item linked by `origin` (what `kehoach derive` records) covers its parent item outright; otherwise the
most similar child item is looked for (rapidfuzz over match keys, a few candidates per parent item, so memory
stays linear). A found item is `weakened` when it asks less: a lower target (a higher one for "không quá"), a
later horizon or deadline, a weaker qualifier, or a lead agency turned coordinator.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from ..model import AssignedTask, Deadline, Plan, Responsibility, Source, Target
from ..normalize import match_key
from .flatten import Flat, deadlines_in, enum_str, flatten, plan_deadlines, shorten
from .items import fmt_value, target_side
from .model import CoverageItem, CoverageReport, CoverageStatus, Reason, ReasonCode, Side
from .responsibilities import ROLE_VI, agency_key, mergers, responsibility_side
from .words import clip

TARGET_CUTOFF = 70.0
TASK_CUTOFF = 72.0
_EN = {
    ReasonCode.target_below: "target {child} is below the parent's {parent}",
    ReasonCode.ceiling_above: "ceiling {child} is above the parent's {parent}",
    ReasonCode.horizon_later: "horizon {child} is later than the parent's {parent}",
    ReasonCode.qualifier_weaker: "qualifier '{child}' is weaker than the parent's '{parent}'",
    ReasonCode.deadline_later: "deadline '{child}' is later than the parent's '{parent}'",
    ReasonCode.role_weaker: "{parent} in the parent, only {child} in the child",
    ReasonCode.tasks_missing: "only {child} of the parent's {parent} tasks carried",
    ReasonCode.not_applicable: "not applicable at the child's level",
}
_STRENGTH = {"all": 5, "at_least": 4, "reach": 3, "exact": 3, "strive": 2, "about": 1, "at_most": 3}


def _tokens(key: str) -> int:
    return len(key.split())


class _Pool:
    """Candidate child texts with their sides; searched a few candidates at a time."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.sides: list[Side] = []
        self.payload: list[object] = []
        self.exact: dict[str, int] = {}

    def add(self, text: str, side: Side, payload: object = None) -> None:
        key = match_key(text)
        self.exact.setdefault(key, len(self.keys))
        self.keys.append(clip(key))
        self.sides.append(side)
        self.payload.append(payload)

    def best(self, text: str, cutoff: float, scorer=fuzz.token_set_ratio) -> tuple[int, float] | None:
        same = self.exact.get(match_key(text))
        if same is not None:  # the common case (a carried-over text): a hash lookup, no fuzzy scan
            return same, 100.0
        found = self.candidates(text, cutoff, scorer)
        return found[0] if found else None

    def candidates(
        self, text: str, cutoff: float, scorer=fuzz.token_set_ratio, limit: int = 8
    ) -> list[tuple[int, float]]:
        """Best child items first. Texts of very different lengths must align as a substring: a short parent
        line ("Các Bộ, ngành liên quan.") is not carried by a long paragraph that merely uses its words, nor a
        long parent task by a short child line."""
        key = clip(match_key(text))
        if not key or not self.keys:
            return []
        n = _tokens(key)
        out: list[tuple[int, float]] = []
        for _, score, j in process.extract(key, self.keys, scorer=scorer, limit=limit, score_cutoff=cutoff):
            m = _tokens(self.keys[j])
            if min(n, m) * 2 < max(n, m):
                score = fuzz.partial_ratio(key, self.keys[j]) if n < m else fuzz.ratio(key, self.keys[j])
            elif scorer is fuzz.token_set_ratio:  # shared words, and in about the same order
                score = (score + fuzz.ratio(key, self.keys[j])) / 2
            if score >= cutoff:
                out.append((j, score))
        return sorted(out, key=lambda h: -h[1])


def coverage(parent: Plan, child: Plan, not_applicable: dict[str, str] | None = None) -> CoverageReport:
    """`not_applicable`: parent item ids (targets, responsibilities, their tasks) the child leaves out on purpose,
    with the reason — a commune plan does not carry a province-only duty. A derived plan records them itself
    (`meta["not_applicable"]`); for a document the caller classifies the parent."""
    fp, fc = flatten(parent), flatten(child)
    warnings: list[str] = []
    na = dict(not_applicable or {})
    if not origins_point_here(parent, child):
        child = _without_origins(child)
        warnings.append(
            f"{child.file or 'child'}: its origin links do not point to "
            f"items of {parent.file or 'the parent'}; matched by similarity"
        )
    else:
        na.update({k: str(v) for k, v in (child.meta.get("not_applicable") or {}).items()})
    if not parent.targets and not parent.responsibilities and not _parent_tasks(parent, fp):
        warnings.append(f"{parent.file or 'parent'}: no targets, tasks or responsibilities found; nothing to cover")
    items = (
        _targets(parent, child, fp, fc)
        + _tasks(parent, child, fp, fc)
        + _responsibilities(parent, _with_own_tasks(child), fp, fc, set(na))
    )
    if na:
        _mark_not_applicable(parent, items, na)
    return CoverageReport(parent_file=parent.file, child_file=child.file, items=items, warnings=warnings)


def _with_own_tasks(child: Plan) -> Plan:
    """The plan's own tasks (NHIỆM VỤ, what the issuing body itself does) as one more responsibility of the
    issuing body, so a parent duty given to the child's level is found there."""
    if not child.tasks:
        return child
    tasks = [
        AssignedTask(id=t.id, text=t.text, source=t.source, origin=t.origin) for t in child.tasks if not t.is_group
    ]
    origin = sorted({t.origin.rsplit(".", 1)[0] for t in tasks if t.origin and "." in t.origin})
    own = Responsibility(
        id="OWN",
        agency=child.header.issuing_body or "—",
        agency_normalized=child.header.issuing_body or "—",
        role="lead",
        tasks=tasks,
        source=Source(),
        origin=origin,
    )
    copy = child.model_copy()
    copy.responsibilities = list(child.responsibilities) + [own]
    return copy


def _mark_not_applicable(parent: Plan, items: list[CoverageItem], na: dict[str, str]) -> None:
    """A parent item the child leaves out on purpose is `not_applicable`, not missing (nor covered)."""
    texts = {match_key(t.text): na[t.id] for r in parent.responsibilities for t in r.tasks if t.id in na}
    na = dict(na)
    for r in parent.responsibilities:  # an agency all of whose tasks are left out is left out
        if r.tasks and r.id not in na and all(t.id in na for t in r.tasks):
            na[r.id] = na[r.tasks[0].id]
    for it in items:
        if it.status is CoverageStatus.covered:
            continue
        why = na.get(it.id) or texts.get(match_key(it.parent.text or ""))
        if why and it.status is CoverageStatus.missing:
            it.status = CoverageStatus.not_applicable
            it.reasons = [
                Reason(
                    code=ReasonCode.not_applicable,
                    parent=why,
                    child="",
                    text=f"not applicable at the child's level: {why}",
                )
            ]


def origins_point_here(parent: Plan, child: Plan) -> bool:
    """Whether the child's `origin` ids name this parent's items: most linked texts must be alike.

    Ids like "T01" or "R02.1" repeat across plans, so a plan derived from another parent must not be linked
    by id alone."""
    texts = {t.id: t.indicator for t in parent.targets}
    texts.update({t.id: t.text for r in parent.responsibilities for t in r.tasks})
    texts.update({t.id: t.text for t in parent.tasks if t.id not in texts})
    links = [(t.origin, t.indicator) for t in child.targets if t.origin]
    links += [(t.origin, t.text) for r in child.responsibilities for t in r.tasks if t.origin]
    links += [(t.origin, t.text) for t in child.tasks if t.origin]
    if not links:
        return True
    good = sum(
        1 for o, text in links if o in texts and fuzz.token_set_ratio(match_key(texts[o]), match_key(text)) >= 60
    )
    return good >= 0.8 * len(links)


def _without_origins(plan: Plan) -> Plan:
    copy = plan.model_copy(deep=True)
    for t in copy.targets:
        t.origin = None
    for t in copy.tasks:
        t.origin = None
    for r in copy.responsibilities:
        r.origin = []
        for t in r.tasks:
            t.origin = None
    return copy


# --- targets ----------------------------------------------------------------------------------------------


def _targets(parent: Plan, child: Plan, fp: Flat, fc: Flat) -> list[CoverageItem]:
    by_origin = {t.origin: t for t in child.targets if t.origin}
    pool = _Pool()
    for t in child.targets:
        pool.add(t.indicator, target_side(t, fc), t)
    out: list[CoverageItem] = []
    used: dict[int, int] = {}
    for t in parent.targets:
        side = target_side(t, fp)
        c = by_origin.get(t.id)
        by, score = "origin", 1.0
        if c is None:
            # the same indicator often has a 2025 and a 2030 value: same year first, each child target once
            cands = pool.candidates(t.indicator, TARGET_CUTOFF, scorer=fuzz.token_sort_ratio)
            cands.sort(key=lambda h: (used.get(h[0], 0), pool.payload[h[0]].year != t.year, -h[1]))
            if not cands:
                out.append(CoverageItem(kind="target", id=t.id, status=CoverageStatus.missing, parent=side))
                continue
            j, sc = cands[0]
            used[j] = used.get(j, 0) + 1
            c, score, by = pool.payload[j], sc / 100, "similarity"
        reasons = _weaker_target(t, c)
        out.append(
            CoverageItem(
                kind="target",
                id=t.id,
                status=CoverageStatus.weakened if reasons else CoverageStatus.covered,
                parent=side,
                child=target_side(c, fc),
                score=round(score, 3),
                by=by,
                reasons=reasons,
            )
        )
    return out


def reason(code: ReasonCode, parent: str, child: str, task: str | None = None) -> Reason:
    text = _EN[code].format(parent=parent, child=child)
    return Reason(code=code, parent=parent, child=child, task=task, text=f"task '{task}': {text}" if task else text)


def _weaker_target(p: Target, c: Target) -> list[Reason]:
    reasons: list[Reason] = []
    if p.value is not None and c.value is not None and (p.unit or "") == (c.unit or ""):
        lower_better = enum_str(p.qualifier) == "at_most"
        pv, cv = (p.value, c.value) if p.value_max is None or c.value_max is None else (p.value_max, c.value_max)
        if (cv > pv) if lower_better else (cv < pv):
            reasons.append(
                reason(
                    ReasonCode.ceiling_above if lower_better else ReasonCode.target_below, fmt_value(p), fmt_value(c)
                )
            )
    if p.year and c.year and c.year > p.year:
        reasons.append(reason(ReasonCode.horizon_later, str(p.year), str(c.year)))
    if (
        _STRENGTH.get(enum_str(c.qualifier), 3) < _STRENGTH.get(enum_str(p.qualifier), 3)
        and enum_str(p.qualifier) != "at_most"
    ):
        reasons.append(reason(ReasonCode.qualifier_weaker, p.qualifier_text or "—", c.qualifier_text or "—"))
    return reasons


# --- tasks ------------------------------------------------------------------------------------------------


def _parent_tasks(plan: Plan, flat: Flat) -> list[tuple[str, str, Source, str | None]]:
    """(id, text, source, section path) of the parent's tasks: task-table/section tasks, else task paragraphs."""
    tasks = [(t.id, t.text, t.source, _path(flat, t.source)) for t in plan.tasks if not t.is_group]
    if tasks:
        return tasks
    return [
        (f"p{u.idx}", u.text, u.source, u.path)
        for u in flat.units
        if u.role == "paragraph" and u.section_kind == "tasks"
    ]


def _path(flat: Flat, src: Source | None) -> str | None:
    unit = flat.unit_at(src)
    return unit.path if unit is not None else None


def _child_pool(child: Plan, fc: Flat) -> tuple[_Pool, dict[str, int]]:
    pool = _Pool()
    origin: dict[str, int] = {}
    for t in child.tasks:
        if t.origin:
            origin.setdefault(t.origin, len(pool.keys))
        pool.add(t.text, Side(text=t.text, section=_path(fc, t.source), source=t.source), t)
    for r in child.responsibilities:
        for t in r.tasks:
            if t.origin:
                origin.setdefault(t.origin, len(pool.keys))
            pool.add(
                t.text, Side(text=t.text, value=r.agency_normalized, section=_path(fc, t.source), source=t.source), t
            )
    for u in fc.units:
        if u.role == "paragraph":
            pool.add(u.text, Side(text=u.text, section=u.path, source=u.source), None)
    return pool, origin


def _tasks(parent: Plan, child: Plan, fp: Flat, fc: Flat) -> list[CoverageItem]:
    pool, origin = _child_pool(child, fc)
    dl_parent, dl_child = plan_deadlines(parent), plan_deadlines(child)
    out: list[CoverageItem] = []
    for tid, text, src, path in _parent_tasks(parent, fp):
        side = Side(text=text, section=path, source=src)
        j = origin.get(tid)
        by, score = "origin", 1.0
        if j is None:
            hit = pool.best(text, TASK_CUTOFF)
            if hit is None:
                out.append(CoverageItem(kind="task", id=tid, status=CoverageStatus.missing, parent=side))
                continue
            j, score, by = hit[0], hit[1] / 100, "similarity"
        cside = pool.sides[j]
        reasons = _later_deadlines(deadlines_in(dl_parent, src), deadlines_in(dl_child, cside.source))
        out.append(
            CoverageItem(
                kind="task",
                id=tid,
                status=CoverageStatus.weakened if reasons else CoverageStatus.covered,
                parent=side,
                child=cside,
                score=round(score, 3),
                by=by,
                reasons=reasons,
            )
        )
    return out


def _later_deadlines(parent: list[Deadline], child: list[Deadline], task: str | None = None) -> list[Reason]:
    """Each parent deadline whose child counterpart (same recurrence, earliest) falls later. Dates without a
    year ("15/12 hằng năm") compare by month and day."""
    reasons = []
    earliest: dict[str, Deadline] = {}  # per recurrence, computed once: parents × children was quadratic
    for x in child:
        if x.month:
            rec = enum_str(x.recurrence)
            if rec not in earliest or _when(x) < _when(earliest[rec]):
                earliest[rec] = x
    for d in parent:
        x = earliest.get(enum_str(d.recurrence))
        if not d.month or x is None:
            continue
        pk, ck = _when(d), _when(x)
        if not (pk[0] and ck[0]):
            pk, ck = pk[1:], ck[1:]
        if ck > pk:
            reasons.append(reason(ReasonCode.deadline_later, d.text, x.text, task=task))
    return reasons


def _when(d: Deadline) -> tuple[int, int, int]:
    return (d.year or 0, d.month or 0, d.day or 0)


# --- responsibilities -------------------------------------------------------------------------------------


def _responsibilities(parent: Plan, child: Plan, fp: Flat, fc: Flat, na: set[str] | None = None) -> list[CoverageItem]:
    na = na or set()
    by_origin: dict[str, Responsibility] = {}
    for r in child.responsibilities:
        for o in r.origin:
            by_origin.setdefault(o, r)
    by_agency: dict[str, list[Responsibility]] = defaultdict(list)
    for r in child.responsibilities:
        by_agency[agency_key(r)].append(r)
    task_pool = _Pool()
    for r in child.responsibilities:
        for t in r.tasks:
            task_pool.add(t.text, Side(text=t.text), r)
    merged = mergers()
    out: list[CoverageItem] = []
    for r in parent.responsibilities:
        side = responsibility_side(r, fp)
        c, by = by_origin.get(r.id), "origin"
        if c is None:  # the same agency (or the one it merged into in 2025), if it carries some of the tasks
            key = agency_key(r)
            cands = by_agency.get(key) or by_agency.get(match_key(merged.get(key, "")), [])
            if cands:
                best = max(cands, key=lambda x: (_found(r, x), enum_str(x.role) == enum_str(r.role)))
                if not r.tasks or _found(r, best):
                    c, by = best, "similarity"
        if c is None and r.tasks:  # else whichever child agency holds most of its tasks
            votes: dict[int, list[float]] = defaultdict(list)
            holders: dict[int, Responsibility] = {}
            for t in r.tasks:
                hit = task_pool.best(t.text, TASK_CUTOFF)
                if hit:
                    holder = task_pool.payload[hit[0]]
                    votes[id(holder)].append(hit[1] / 100)
                    holders[id(holder)] = holder
            if votes:
                hid = max(votes, key=lambda k: (len(votes[k]), sum(votes[k])))
                c, by = holders[hid], "similarity"
        found = _found(r, c) if c is not None else 0
        applicable = [t for t in r.tasks if t.id not in na]
        if r.tasks and not applicable and r.id not in na:  # every task left out on purpose
            na.add(r.id)
        if c is None or (r.tasks and not found):
            out.append(CoverageItem(kind="responsibility", id=r.id, status=CoverageStatus.missing, parent=side))
            continue
        score = found / len(r.tasks) if r.tasks else 1.0
        reasons = []
        prole, crole = enum_str(r.role), enum_str(c.role)
        if prole in ("lead", "standing") and crole == "coordinate":
            reasons.append(reason(ReasonCode.role_weaker, ROLE_VI[prole], ROLE_VI[crole]))
        if found < len(applicable):
            reasons.append(reason(ReasonCode.tasks_missing, str(len(applicable)), str(found)))
        reasons += _weaker_tasks(r, c, skip_roles=bool(reasons))
        out.append(
            CoverageItem(
                kind="responsibility",
                id=r.id,
                status=CoverageStatus.weakened if reasons else CoverageStatus.covered,
                parent=side,
                child=responsibility_side(c, fc),
                score=round(score, 3),
                by=by,
                reasons=reasons,
            )
        )
    return out


def _weaker_tasks(p: Responsibility, c: Responsibility, skip_roles: bool) -> list[Reason]:
    """Task by task: a lead task only coordinated in the child, or a later deadline."""
    if not p.tasks or not c.tasks:
        return []
    keys = [clip(match_key(t.text)) for t in c.tasks]
    reasons: list[Reason] = []
    for t in p.tasks:
        hit = process.extractOne(clip(match_key(t.text)), keys, scorer=fuzz.token_set_ratio, score_cutoff=TASK_CUTOFF)
        if hit is None:
            continue
        ct = c.tasks[hit[2]]
        short = shorten(t.text, 60)
        if not skip_roles and enum_str(t.role) in ("lead", "standing") and enum_str(ct.role) == "coordinate":
            reasons.append(reason(ReasonCode.role_weaker, ROLE_VI[enum_str(t.role)], ROLE_VI["coordinate"], task=short))
        reasons += _later_deadlines(t.deadlines, ct.deadlines, task=short)
    return reasons


def _found(p: Responsibility, c: Responsibility) -> int:
    """How many of the parent agency's tasks the child agency carries (by origin link, else by text)."""
    if not p.tasks:
        return 0
    origins = {t.origin for t in c.tasks if t.origin}
    pool = _Pool()
    for t in c.tasks:
        pool.add(t.text, Side(text=t.text))
    return sum(1 for t in p.tasks if t.id in origins or pool.best(t.text, TASK_CUTOFF) is not None)
