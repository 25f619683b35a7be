"""Which written names are one party of a plan. A plan names the same body in several ways ("Các Bộ, ngành
liên quan" / "các Bộ, ngành có liên quan", "UBND cấp xã" / "UBND các xã, phường, đặc khu", "Ban Chỉ đạo quốc
gia 1237" / "Ban Chỉ đạo quốc gia", "Giám đốc các Sở" under "Các Sở, ban, ngành"); the responsibilities of one
party are merged under the key these functions give. The words live in agencies.yaml `party_variants`."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import lexicon
from .agencies import normalize_agency
from .normalize import match_key


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[str, ...]:
    return tuple(match_key(w) for w in lexicon.load("agencies")["party_variants"]["qualifiers"])


@lru_cache(maxsize=1)
def _level_collectives() -> list[tuple[str, str]]:
    """(written list key, level key), longest written form first so the whole list is replaced."""
    data = lexicon.load("agencies")["party_variants"]["level_collectives"]
    pairs = [(match_key(w), match_key(level)) for level, words in data.items() for w in [level, *words]]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def party_key(name: str) -> str:
    """Merge key of a party name: the match key without a trailing qualifier ('có liên quan', 'các cấp'), with
    'và' read as a list comma and a level collective written as its level ('các xã, phường' → 'cấp xã')."""
    key = match_key(normalize_agency(name))
    key = regex.sub(r"\s+và\s+", " ", key)
    changed = True
    while changed:
        changed = False
        for q in _qualifiers():
            if key.endswith(" " + q) and len(key) > len(q) + 1:
                key, changed = key[: -len(q) - 1].rstrip(), True
    for written, level in _level_collectives():
        if key == written or key.endswith(" " + written):
            key = key[: len(key) - len(written)] + level
            break
    return key


_NUMBER_TAIL = regex.compile(r"\s+\d+$")


def officer_body(name: str) -> str | None:
    """The body an officer's title stands for: 'Giám đốc các Sở' → 'các Sở'; None when `name` is no officer."""
    key = match_key(name)
    officer = lexicon.starts_with_any(key, lexicon.key_list("vocab", "officer_titles"))
    if not officer:
        return None
    body = " ".join(name.split()[len(officer.split()) :])
    return body or None


def _collective_members(key: str) -> set[str] | None:
    """The unit words of a bare collective key ('các sở ban ngành' → {sở, ban, ngành}); None for other names."""
    if not key.startswith("các "):
        return None
    words = key[4:].split()
    levels = set(lexicon.key_list("vocab", "agency_level_words"))
    while words and words[-1] in levels:  # "các ban, ngành tỉnh": the plan's own level adds nothing
        words.pop()
    return set(words) or None


def join_key(name: str, known: dict[str, str]) -> str:
    """The party key `name` merges under, among the parties of the plan (`known`: match key → party key of
    each name met): an officer answers for the body he heads when that body is named ('Chủ tịch UBND các xã'
    → 'UBND các xã'), also a bare collective that a named collective takes in ('Giám đốc các Sở' → 'Các Sở,
    ban, ngành'); a name with a number designation joins the same name written without it ('Ban Chỉ đạo quốc
    gia 1237' → 'Ban Chỉ đạo quốc gia'). Otherwise the name's own key."""
    own = party_key(name)
    body = officer_body(name)
    if body:
        # An officer joins only a body written as he names it: "Chủ tịch UBND các tỉnh, thành phố …" heads a
        # different party from "Ủy ban nhân dân các tỉnh" when the plan writes them apart.
        found = known.get(match_key(normalize_agency(body))) or _covering_collective(match_key(body), known)
        if found is not None:
            return found
    bare = _NUMBER_TAIL.sub("", own)
    if bare != own and bare in known.values():
        return bare
    return own


def _covering_collective(body_key: str, known: dict[str, str]) -> str | None:
    """The smallest named collective whose unit words take in those of `body_key` ('các sở' in 'các sở, ban,
    ngành')."""
    members = _collective_members(body_key)
    if not members:
        return None
    best: tuple[int, str] | None = None
    for key in set(known.values()):
        others = _collective_members(key)
        if others and members < others and (best is None or (len(others), key) < best):
            best = (len(others), key)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _public() -> tuple[str, ...]:
    return tuple(match_key(w) for w in lexicon.load("agencies")["party_variants"]["regulated_public"])


def regulated_public(name: str) -> bool:
    """'Các tổ chức, cá nhân hoạt động …', 'doanh nghiệp', 'người dân': the public a plan regulates."""
    key = match_key(name)
    key = key[4:] if key.startswith("các ") else key
    return lexicon.starts_with_any(key, _public()) is not None
