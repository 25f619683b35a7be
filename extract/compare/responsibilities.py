"""Typed changes of who does what: agencies added, removed, renamed, moved to another heading; roles changed;
tasks moved.

Agencies are compared by their normalised official names (so an alias such as "Sở LĐ-TB&XH" is the same
agency), and a department merged in 2025 into another (`mergers_2025` in extract/data/agencies.yaml) counts
as a rename of the old one into the new one, not as a removal.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz

from .. import lexicon
from ..agencies import normalize_agency
from ..model import Plan, Responsibility, Source
from ..normalize import match_key
from .align import Alignment
from .flatten import Flat, SectionInfo, enum_str, shorten
from .model import Change, ChangeKind, Side
from .words import clip, name_key

ROLE_VI = {
    "standing": "thường trực",
    "lead": "chủ trì",
    "coordinate": "phối hợp",
    "requested": "đề nghị",
    "assigned": "được giao",
}
TASK_CUTOFF = 80.0
BLOCK_CUTOFF = 80.0


@lru_cache(maxsize=1)
def mergers() -> dict[str, str]:
    """match key of a pre-2025 department → official name of the one that took over its work."""
    table = lexicon.load("agencies").get("mergers_2025") or {}
    return {match_key(normalize_agency(k)): normalize_agency(v) for k, v in table.items()}


def agency_key(r: Responsibility) -> str:
    return match_key(normalize_agency(r.agency_normalized or r.agency))


def _role(r) -> str:
    return enum_str(r.role)


def _tasks_key(r: Responsibility) -> str:
    return " ".join(match_key(t.text) for t in r.tasks)[:3000]


def responsibility_side(r: Responsibility, flat: Flat, whole: bool = False) -> Side:
    """The agency and its role; `whole` points at the heading or paragraph holding it (where the role word is)."""
    unit = flat.unit_at(r.source) if whole else None
    src = unit.source if unit is not None else r.source
    return Side(
        text=r.heading or r.agency,
        value=f"{r.agency_normalized} ({ROLE_VI.get(_role(r), _role(r))})",
        section=flat.path_of(r.section),
        source=src,
    )


def pair_responsibilities(old: list[Responsibility], new: list[Responsibility]):
    """(pairs with how they were matched, removed, added)."""
    pairs: list[tuple[Responsibility, Responsibility, str]] = []
    by_key: dict[str, list[Responsibility]] = defaultdict(list)
    for r in new:
        by_key[agency_key(r)].append(r)
    free = {id(r) for r in new}
    left: list[Responsibility] = []
    for r in old:  # same agency; with several blocks, the same role first, then the closest tasks
        cands = [n for n in by_key.get(agency_key(r), []) if id(n) in free]
        if not cands:
            left.append(r)
            continue
        best = max(cands, key=lambda n: (_role(n) == _role(r), fuzz.token_set_ratio(_tasks_key(r), _tasks_key(n))))
        pairs.append((r, best, "same"))
        free.discard(id(best))
    merged = mergers()
    rest: list[Responsibility] = []
    for r in left:  # a 2025 merger: the old department's work now belongs to another
        target = merged.get(agency_key(r))
        cands = [n for n in new if target and agency_key(n) == match_key(target)]
        if cands:
            n = next((c for c in cands if id(c) in free), cands[0])
            pairs.append((r, n, "merger"))
            free.discard(id(n))
        else:
            rest.append(r)
    left, rest = rest, []
    for r in left:  # a close spelling, or the same block of tasks under another name
        best, score, how = None, 0.0, ""
        for n in new:
            if id(n) not in free:
                continue
            name = fuzz.ratio(agency_key(r), agency_key(n))
            if name >= 90 and name > score:
                best, score, how = n, name, "name"
            tasks = fuzz.token_set_ratio(_tasks_key(r), _tasks_key(n)) if r.tasks and n.tasks else 0
            if tasks >= BLOCK_CUTOFF and tasks > score and len(r.tasks) == len(n.tasks):
                best, score, how = n, tasks, "tasks"
        if best is not None:
            pairs.append((r, best, how))
            free.discard(id(best))
        else:
            rest.append(r)
    added = [n for n in new if id(n) in free]
    return pairs, rest, added


def responsibility_changes(old: Plan, new: Plan, fo: Flat, fn: Flat, al: Alignment | None = None) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = pair_responsibilities(old.responsibilities, new.responsibilities)
    partner = {id(a): b for a, b, _ in pairs}
    for a, b, how in pairs:
        if al is not None and how == "same":
            out += _agency_moves(a, b, fo, fn, al)
        if how != "same":
            reason = {"merger": "2025 merger", "name": "name changed", "tasks": "same tasks under another name"}[how]
            out.append(
                Change(
                    kind=ChangeKind.agency_renamed,
                    summary=f"Agency renamed ({reason}): {a.agency_normalized} → {b.agency_normalized}",
                    old=responsibility_side(a, fo),
                    new=responsibility_side(b, fn),
                    detail={"how": how, "old_agency": a.agency_normalized, "new_agency": b.agency_normalized},
                )
            )
        if _role(a) != _role(b):
            out.append(
                Change(
                    kind=ChangeKind.role_changed,
                    summary=(
                        f"Role of {b.agency_normalized}: {ROLE_VI.get(_role(a), _role(a))} "
                        f"→ {ROLE_VI.get(_role(b), _role(b))}"
                    ),
                    old=responsibility_side(a, fo, whole=True),
                    new=responsibility_side(b, fn, whole=True),
                    detail={"agency": b.agency_normalized, "old_role": _role(a), "new_role": _role(b)},
                )
            )
    # A removed agency shows its old side, an added one its new side; the rest is worded alike.
    for kind, r in [(ChangeKind.agency_removed, r) for r in removed] + [(ChangeKind.agency_added, r) for r in added]:
        gone = kind is ChangeKind.agency_removed
        role = ROLE_VI.get(_role(r), _role(r))
        word = "removed" if gone else "added"
        out.append(
            Change(
                kind=kind,
                summary=f"Agency {word}: {r.agency_normalized} ({role}, {len(r.tasks)} tasks)",
                old=responsibility_side(r, fo) if gone else None,
                new=None if gone else responsibility_side(r, fn),
                detail={"agency": r.agency_normalized, "tasks": len(r.tasks)},
            )
        )
    out += _moved_tasks(old, new, fo, fn, partner, {id(r) for r in removed}, {id(r) for r in added})
    return out


def _agency_moves(a: Responsibility, b: Responsibility, fo: Flat, fn: Flat, al: Alignment) -> list[Change]:
    """One agency_moved per block of the agency that now stands under another heading. An agency met in several
    places is one responsibility, so besides the place it is first named, every other heading of its own (a
    sub-heading naming it, with its tasks under it) is followed to its counterpart too."""
    out: list[Change] = []
    seen = {a.section or ""}  # the place it is first named is judged by _moved_heading alone
    if moved := _moved_heading(a, b, fo, fn, al):
        before, after = moved
        out.append(_move_change(b, before, after, responsibility_side(a, fo, True), responsibility_side(b, fn, True)))
    new_blocks = {info.id for info in _blocks(b, fn)}
    for info in _blocks(a, fo):
        nid = al.sections.get(info.id)
        if info.id in seen or nid not in new_blocks:
            continue  # the first place (checked above), or a block that has no counterpart heading of the agency
        ninfo = fn.sections[nid]
        old_place, new_place = fo.sections.get(info.parent or ""), fn.sections.get(ninfo.parent or "")
        if old_place is None or new_place is None or al.sections.get(old_place.id) == new_place.id:
            continue  # renumbering or reordering under the same heading is no move
        before = f"{old_place.path or ''} {old_place.title}".strip()
        after = f"{new_place.path or ''} {new_place.title}".strip()
        sides = (_block_side(a, info, fo), _block_side(b, ninfo, fn))
        out.append(_move_change(b, before, after, *sides))
    return out


def _move_change(b: Responsibility, before: str, after: str, old: Side, new: Side) -> Change:
    return Change(
        kind=ChangeKind.agency_moved,
        summary=f"Agency moved: {b.agency_normalized}: {before} → {after}",
        old=old,
        new=new,
        detail={"agency": b.agency_normalized, "from": before, "to": after},
    )


def _blocks(r: Responsibility, flat: Flat) -> list[SectionInfo]:
    """Sections whose heading names the agency and that hold some of its tasks, in text order."""
    keys = {k for k in (agency_key(r), match_key(r.agency)) if k}
    out: dict[str, SectionInfo] = {}
    for t in r.tasks:
        unit = flat.unit_at(t.source)
        info = flat.sections.get(unit.section) if unit is not None else None
        if info is None or info.id in out:
            continue
        title = match_key(info.title)
        if any(f" {k} " in f" {title} " for k in keys):
            out[info.id] = info
    return list(out.values())


def _block_side(r: Responsibility, info: SectionInfo, flat: Flat) -> Side:
    """The agency's heading in one of its blocks."""
    return Side(
        text=info.title,
        value=f"{r.agency_normalized} ({ROLE_VI.get(_role(r), _role(r))})",
        section=info.path,
        source=flat.units[info.heading].source,
    )


def _moved_heading(a: Responsibility, b: Responsibility, fo: Flat, fn: Flat, al: Alignment) -> tuple[str, str] | None:
    """(old place, new place) when the agency now stands under another heading than its old one's counterpart.
    An agency named in a heading of its own is placed by the heading above it; one named in running text by
    the section holding it. Renumbering alone is no move: places are compared through the section alignment."""
    unit = fo.unit_at(a.source)
    if unit is not None and unit.role == "paragraph":
        return None  # a sentence naming the agency: its move is the paragraph's, reported with its text
    own = a.heading is not None and b.heading is not None
    old_place, new_place = fo.place(a.section, own), fn.place(b.section, own)
    if old_place is None or new_place is None or al.sections.get(old_place.id) == new_place.id:
        return None
    return (f"{old_place.path or ''} {old_place.title}".strip(), f"{new_place.path or ''} {new_place.title}".strip())


def _moved_tasks(
    old: Plan, new: Plan, fo: Flat, fn: Flat, partner: dict, removed: set[int], added: set[int]
) -> list[Change]:
    """Tasks whose text is found under another agency than the old one's counterpart."""
    new_tasks = [(r, t, name_key(t.text)) for r in new.responsibilities for t in r.tasks]
    clipped = [clip(nk) for _, _, nk in new_tasks]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, k) in enumerate(new_tasks):
        by_key[k].append(i)
    out: list[Change] = []
    used: set[int] = set()
    for r in old.responsibilities:
        if id(r) in removed:
            continue  # reported as agency_removed with its tasks
        mine = partner.get(id(r))
        for t in r.tasks:
            k = name_key(t.text)
            cands = [i for i in by_key.get(k, []) if i not in used]
            if not cands:
                cands = [i for i, nk in enumerate(clipped) if i not in used and fuzz.ratio(clip(k), nk) >= TASK_CUTOFF]
            if not cands:
                continue
            home = next((i for i in cands if new_tasks[i][0] is mine), None)
            if home is not None:
                used.add(home)
                continue
            if any(new_tasks[i][0] is mine for i in range(len(new_tasks)) if k == new_tasks[i][2]):
                continue
            i = cands[0]
            nr, nt, _ = new_tasks[i]
            if id(nr) in added or (mine is not None and agency_key(mine) == agency_key(nr)):
                continue  # the whole agency is new (agency_added), or the same agency in another block
            used.add(i)
            out.append(
                Change(
                    kind=ChangeKind.task_moved,
                    summary=f"Task moved: {r.agency_normalized} → {nr.agency_normalized}: {shorten(nt.text, 80)}",
                    old=_task_side(t.text, r, fo, t.source),
                    new=_task_side(nt.text, nr, fn, nt.source),
                    detail={"from": r.agency_normalized, "to": nr.agency_normalized},
                )
            )
    return out


def _task_side(text: str, r: Responsibility, flat: Flat, src: Source | None) -> Side:
    """A task where it stands: the paragraph holding it and that paragraph's section (an agency named in
    several parts keeps its first part as its own section, which is not where a later task sits)."""
    unit = flat.unit_at(src)
    if unit is None:
        return Side(text=text, value=r.agency_normalized, section=flat.path_of(r.section), source=src)
    return Side(text=text, value=r.agency_normalized, section=unit.path, source=unit.source)
