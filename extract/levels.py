"""Levels of administration: the level of an issuing body from what it is, and the map of units.

The level comes from the kind of body and the unit it governs, not from a word in its name: "THÀNH PHỐ ĐÀ
NẴNG" is a province (a centrally run city), "THÀNH PHỐ ĐÀ LẠT" was a district-level city inside Lâm Đồng, a
"phường" or "đặc khu" is a commune. Today's units come from the `vietnam-provinces` package (the 2025 map:
34 provinces, 3,321 communes); the 63 provinces before it from `data/provinces_2024.yaml`; the level words
from `data/levels.yaml`, which the docgen modules read too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import lexicon
from .normalize import match_key


@dataclass(frozen=True, slots=True)
class UnitWord:
    """A territorial unit word ("huyện", "phường") and what it says about a body of that unit."""

    word: str
    level: str
    kind: str
    level_in_province: str | None = None


@cache
def unit_words() -> dict[str, UnitWord]:
    """Unit words by match key, longest first (so 'thị xã' is tried before 'xã')."""
    units = lexicon.load("levels")["units"]
    out = {
        match_key(w): UnitWord(word=w, level=v["level"], kind=v["kind"], level_in_province=v.get("level_in_province"))
        for w, v in units.items()
    }
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def level_words() -> tuple[str, ...]:
    """The unit words as written, in the data file's order (province down to commune)."""
    return tuple(lexicon.load("levels")["units"])


def tier(kind: str) -> str:
    """The level (GOLD_FORMAT `header.level`) of a unit kind or unit word. A phường is worded as a phường but
    governed as a commune ('phường' → 'xã', as `level_of` gives for its bodies); 'thành phố' alone is a
    province; anything else ('sở', 'bộ') is its own level."""
    found = {u.level for u in unit_words().values() if u.kind == kind and u.level_in_province is None}
    if len(found) == 1:
        return found.pop()
    word = unit_words().get(match_key(kind))
    return word.level if word is not None else kind


def province_words() -> tuple[str, ...]:
    """The unit words of a province ('tỉnh', 'thành phố'), as written."""
    return tuple(u.word for u in unit_words().values() if u.level == "tỉnh")


def level_word_list() -> tuple[str, ...]:
    """The unit words as written ('tỉnh', 'thành phố', 'huyện' …), longest first, for patterns elsewhere."""
    return tuple(u.word for u in unit_words().values())


def unit_word(word: str) -> UnitWord | None:
    """The unit word `word` ('Phường', 'TP.', 'thị xã'), aliases resolved; None when it is not one."""
    key = match_key(word)
    alias = lexicon.load("levels").get("unit_aliases", {})
    key = match_key(alias.get(key, alias.get(key.rstrip("."), key)))
    return unit_words().get(key)


@cache
def _unit_pattern() -> regex.Pattern:
    words = list(unit_words()) + [match_key(a) for a in lexicon.load("levels").get("unit_aliases", {})]
    alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?P<word>{alts})(?![\p{{L}}\p{{N}}])\s*(?P<name>[^,;()]*)")


# --- the maps ------------------------------------------------------------------------------------------------


def _bare(name: str) -> str:
    """Match key of a unit's name without its unit word ('Thành phố Hà Nội' → 'hà nội')."""
    key = match_key(name)
    m = _unit_pattern().match(key)
    return match_key(m.group("name")) if m and m.group("name") else key


@cache
def provinces_2025() -> dict[str, tuple[str, bool]]:
    """The 34 provinces of the 2025 map by bare match key: (official name, centrally run)."""
    from vietnam_provinces import Province, VietNamDivisionType

    return {
        _bare(p.name): (p.name, p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG)
        for p in Province.iter_all()
    }


@dataclass(frozen=True, slots=True)
class MapCommune:
    """A commune (xã, phường, đặc khu) of the 2025 map, as the map writes it."""

    name: str  # "Xã Quản Bạ"
    word: str  # its unit word: "xã", "phường", "đặc khu"
    place: str  # its name without the unit word: "Quản Bạ"
    province: str  # its province as the map names it: "Tuyên Quang", "Thành phố Hà Nội"


@cache
def map_2025() -> tuple[MapCommune, ...]:
    """The 3,321 communes of the 2025 map, province by province in the map's order: the one reader of the map's
    communes, for extract and docgen alike."""
    from vietnam_provinces import Province, Ward

    out = []
    for p in Province.iter_all():
        for w in Ward.iter_by_province(p.code):
            word = w.division_type.value
            place = w.name[len(word) :].strip() if match_key(w.name[: len(word)]) == match_key(word) else w.name
            out.append(MapCommune(name=w.name, word=word, place=place, province=p.name))
    return tuple(out)


@cache
def communes_2025() -> dict[str, tuple[tuple[str, str], ...]]:
    """The 3,321 communes (xã, phường, đặc khu) of the 2025 map by bare match key: ((name, province), …)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for c in map_2025():
        out.setdefault(_bare(c.name), []).append((c.name, c.province))
    return {k: tuple(v) for k, v in out.items()}


def split_province(name: str) -> tuple[str, str]:
    """A province's name as the map writes it → (unit word, place): 'Thành phố Hà Nội' → ('thành phố',
    'Hà Nội'); a name without a unit word is a tỉnh ('Tuyên Quang' → ('tỉnh', 'Tuyên Quang'))."""
    key = match_key(name)
    for word in sorted(province_words(), key=len, reverse=True):
        wkey = match_key(word)
        if key.startswith(wkey + " "):
            return word, " ".join(name.split()[len(word.split()) :])
    plain = next(u.word for u in unit_words().values() if u.level == "tỉnh" and u.level_in_province is None)
    return plain, name


@cache
def provinces_2024() -> dict[str, dict]:
    """The 63 provinces before 7/2025 by bare match key (aliases too): name, city, now."""
    out: dict[str, dict] = {}
    for p in lexicon.load("provinces_2024")["provinces"]:
        for name in (p["name"], *p.get("aliases", [])):
            out[match_key(name)] = p
    return out


def is_centrally_run(name: str) -> bool:
    """Whether `name` ('Đà Nẵng', 'Thành phố Cần Thơ', 'TP. Hà Nội') is a centrally run city, now or before."""
    key = _bare(name)
    now = provinces_2025().get(key)
    before = provinces_2024().get(key)
    return bool((now and now[1]) or (before and before.get("city")))


def is_province(name: str) -> bool:
    """Whether `name` is a province or centrally run city of the 2025 map or of the 63 before it."""
    key = _bare(name)
    return key in provinces_2025() or key in provinces_2024()


def is_commune(name: str) -> bool:
    """Whether `name` is a commune (xã, phường, đặc khu) of the 2025 map."""
    return _bare(name) in communes_2025()


def province_now(name: str) -> str | None:
    """The 2025 province an old province belongs to ('Bắc Kạn' → 'Thái Nguyên'); None if unknown."""
    old = provinces_2024().get(_bare(name))
    if old is None:
        return None
    now = provinces_2025().get(match_key(old["now"]))
    return now[0] if now else old["now"]


# --- the level of a body -----------------------------------------------------------------------------------


def _unit_level(word: UnitWord, name: str, governing: str | None) -> str:
    """Level of a body of unit `word` named `name`: a city is provincial when centrally run."""
    if word.level_in_province is None:
        return word.level
    name = match_key(name)
    if name and is_centrally_run(name):
        return word.level
    if name and not is_province(name):
        return word.level_in_province
    gov = match_key(governing or "")
    return word.level_in_province if _mentions_province(gov) else word.level


def _mentions_province(key: str) -> bool:
    for m in _unit_pattern().finditer(key):
        w = unit_word(m.group("word"))
        if w is not None and w.level == "tỉnh" and w.level_in_province is None:
            return True
    return False


def _first_unit(key: str) -> tuple[UnitWord, str] | None:
    m = _unit_pattern().search(key)
    if m is None:
        return None
    word = unit_word(m.group("word"))
    return (word, m.group("name").strip()) if word else None


def level_of(issuing: str | None, governing: str | None = None) -> str | None:
    """The level (GOLD_FORMAT `header.level`) of the body `issuing`, under `governing` when given."""
    if not issuing:
        return None
    key = match_key(issuing)
    data = lexicon.load("levels")
    if lexicon.starts_with_any(key, tuple(match_key(w) for w in data["party_words"])) or any(
        match_key(w) in key for w in data["party_committees"]
    ):
        return _party_level(key, governing)
    for rule in data["bodies"]:
        if lexicon.starts_with_any(key, tuple(match_key(w) for w in rule["starts"])):
            return rule["level"]
    found = _first_unit(key)
    if found is not None:
        return _unit_level(found[0], found[1], governing)
    # A board, team or council of its own ("BAN CHỈ ĐẠO …" under "UBND TỈNH …") works at its governor's level.
    return level_of(governing) if governing else None


def _party_level(key: str, governing: str | None) -> str | None:
    """A Party committee's level: from its committee word ('huyện ủy'), else from the unit it names."""
    for committee, unit in sorted(lexicon.load("levels")["party_committees"].items(), key=lambda kv: -len(kv[0])):
        ckey = match_key(committee)
        idx = key.find(ckey)
        if idx >= 0 and (idx == 0 or not key[idx - 1].isalnum()):
            word = unit_word(unit)
            if word is not None:
                return _unit_level(word, key[idx + len(ckey) :].strip(), governing)
    found = _first_unit(key)
    if found is not None:
        return _unit_level(found[0], found[1], governing)
    return None
