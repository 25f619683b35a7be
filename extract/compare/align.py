"""Aligning two flattened plans: sections by title and content, then paragraphs by text, then moves.

Exact matches (by match key) are paired first in one hashing pass; only what is left goes to fuzzy
matching (rapidfuzz, one row of candidates at a time, so memory stays linear in the number of units).
Moves are what breaks order inside a pair of matched sections (outside their longest increasing run), or
what crosses into a section that is not the old one's counterpart, so renumbering and reordering whole
sections is never a move.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict, deque
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .flatten import PRE, TAIL, Flat
from .words import clip

SECTION_CUTOFF = 0.62
PARAGRAPH_CUTOFF = 60.0


@dataclass(slots=True)
class Alignment:
    sections: dict[str, str]  # old section id → new section id
    section_scores: dict[str, float]
    pairs: dict[int, int]  # old unit idx → new unit idx
    moved: set[int] = field(default_factory=set)  # old unit idx of moved pairs

    @property
    def reverse(self) -> dict[int, int]:
        return {n: o for o, n in self.pairs.items()}


def _section_score(a, b) -> float:
    title = fuzz.ratio(a.title_key, b.title_key) / 100
    if a.content_key or b.content_key:
        content = fuzz.token_set_ratio(a.content_key, b.content_key) / 100
        score = 0.5 * title + 0.5 * content
    else:
        score = title
    if a.kind == b.kind:
        score += 0.05
    return min(score, 1.0)


def align_sections(old: Flat, new: Flat) -> tuple[dict[str, str], dict[str, float]]:
    mapping: dict[str, str] = {PRE: PRE, TAIL: TAIL}
    scores: dict[str, float] = {PRE: 1.0, TAIL: 1.0}
    by_title: dict[str, deque[str]] = defaultdict(deque)
    for sid, s in new.sections.items():
        by_title[s.title_key].append(sid)
    used: set[str] = set()
    # 1. same title; among several, the one with the closest content (and same parent when possible)
    for sid, s in old.sections.items():
        cands = [c for c in by_title.get(s.title_key, ()) if c not in used]
        if not cands:
            continue
        best = max(cands, key=lambda c: (_content(s, new.sections[c]), new.sections[c].level == s.level))
        if len(cands) > 1 and s.content_key and _content(s, new.sections[best]) < 0.5:
            continue  # a generic title ("Mục đích") with other content: leave it to the fuzzy pass
        mapping[sid] = best
        scores[sid] = _section_score(s, new.sections[best])
        used.add(best)
    # 2. what is left: title and content together, best pairs first
    left_old = [sid for sid in old.sections if sid not in mapping]
    left_new = [sid for sid in new.sections if sid not in used]
    cands: list[tuple[float, int, int]] = []
    for i, sid in enumerate(left_old):
        for j, nid in enumerate(left_new):
            sc = _section_score(old.sections[sid], new.sections[nid])
            if sc >= SECTION_CUTOFF:
                cands.append((sc, -i, -j))
    for sc, i, j in sorted(cands, reverse=True):
        sid, nid = left_old[-i], left_new[-j]
        if sid in mapping or nid in used:
            continue
        mapping[sid] = nid
        scores[sid] = sc
        used.add(nid)
    return mapping, scores


def _content(a, b) -> float:
    if not a.content_key and not b.content_key:
        return 1.0
    return fuzz.token_set_ratio(a.content_key, b.content_key) / 100


def align_units(old: Flat, new: Flat, sections: dict[str, str]) -> dict[int, int]:
    """Pairs of old → new unit indexes for everything but headings (headings follow their sections)."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for sid, nid in sections.items():
        if sid in old.sections and nid in new.sections:
            o, n = old.sections[sid].heading, new.sections[nid].heading
            pairs[o] = n
            taken.add(n)
    body_old = [u for u in old.units if u.role != "heading"]
    body_new = [u for u in new.units if u.role != "heading"]
    # 1. exact keys, preferring the counterpart section
    index: dict[tuple[str, str], deque[int]] = defaultdict(deque)
    for u in body_new:
        index[(_group(u.role), u.key)].append(u.idx)
    left: list = []
    for u in body_old:
        q = index.get((_group(u.role), u.key))
        if not q:
            left.append(u)
            continue
        want = sections.get(u.section)
        choice = next((n for n in q if new.units[n].section == want), q[0])
        q.remove(choice)
        pairs[u.idx] = choice
        taken.add(choice)
    # 2. fuzzy on what is left, one old unit at a time against the free new ones of the same group
    free = [u for u in body_new if u.idx not in taken]
    if left and free:
        by_group: dict[str, list] = defaultdict(list)
        for u in free:
            by_group[_group(u.role)].append(u)
        cands: list[tuple[float, int, int]] = []
        for u in left:
            pool = by_group.get(_group(u.role))
            if not pool or not u.key:
                continue
            keys = [v.key for v in pool]
            for j, score in _similar(u.key, keys).items():
                v = pool[j]
                bonus = 5.0 if sections.get(u.section) == v.section else 0.0
                cands.append((score + bonus, u.idx, v.idx))
        cands.sort(key=lambda c: (-c[0], c[1], c[2]))
        used_old: set[int] = set()
        for _, o, n in cands:
            if o in used_old or n in taken:
                continue
            pairs[o] = n
            used_old.add(o)
            taken.add(n)
    return pairs


def _similar(key: str, keys: list[str]) -> dict[int, float]:
    """Candidate partners of one paragraph: close as a whole (edited), or sharing most words (expanded or cut
    down; token-set similarity discounted, and only between texts of comparable length)."""
    out: dict[int, float] = {}
    key, keys = clip(key), [clip(k) for k in keys]
    for _, score, j in process.extract(key, keys, scorer=fuzz.ratio, limit=5, score_cutoff=PARAGRAPH_CUTOFF):
        out[j] = score
    for _, score, j in process.extract(
        key, keys, scorer=fuzz.token_set_ratio, limit=5, score_cutoff=PARAGRAPH_CUTOFF / 0.85
    ):
        a, b = len(key), len(keys[j])
        if min(a, b) >= 0.4 * max(a, b):
            out[j] = max(out.get(j, 0.0), score * 0.85)
    return out


def _group(role: str) -> str:
    """Units are matched only within a group: the title with the title, legal bases together, body text together."""
    if role in ("paragraph", "closing"):
        return "body"
    return role


def find_moves(old: Flat, new: Flat, sections: dict[str, str], pairs: dict[int, int]) -> set[int]:
    """Old indexes of pairs that moved: into a section that is not the counterpart, or out of order within it."""
    moved: set[int] = set()
    by_section: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o, n in pairs.items():
        ou, nu = old.units[o], new.units[n]
        if ou.role == "heading":
            continue
        if sections.get(ou.section) != nu.section:
            moved.add(o)
        else:
            by_section[ou.section].append((n, o))
    for items in by_section.values():
        items.sort()
        olds = [o for _, o in items]
        keep = _lis(olds)
        moved.update(o for o in olds if o not in keep)
    return moved


def _lis(seq: list[int]) -> set[int]:
    """Members of one longest increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(seq[i])
        i = prev[i]
    return out


def align(old: Flat, new: Flat) -> Alignment:
    sections, scores = align_sections(old, new)
    pairs = align_units(old, new, sections)
    return Alignment(sections, scores, pairs, find_moves(old, new, sections, pairs))
