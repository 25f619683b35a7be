"""The 2025 communes, wards and special zones (package `vietnam-provinces`) as units a plan can be derived for,
those of the parent plan's province first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.normalize import match_key


@dataclass(frozen=True)
class UnitChoice:
    value: str  # what `derive --unit` takes: "UBND xã Quản Bạ"
    label: str  # what the list shows: "Xã Quản Bạ — Tuyên Quang"
    province: str


@lru_cache(maxsize=1)
def all_units() -> tuple[UnitChoice, ...]:
    try:
        from vietnam_provinces import Province, Ward
    except ImportError:  # the list is a convenience: the unit can still be typed
        return ()
    out = []
    for p in Province.iter_all():
        for w in Ward.iter_by_province(p.code):
            word = w.division_type.value  # xã, phường, đặc khu
            name = w.name
            if match_key(name[: len(word)]) == match_key(word):
                name = name[len(word) :].strip()
            out.append(UnitChoice(f"UBND {word} {name}", f"{w.name} — {p.name}", p.name))
    return tuple(out)


def province_of(*texts: str | None) -> str | None:
    """The province named in a plan's issuing or governing body, if any (accent- and case-insensitive)."""
    try:
        from vietnam_provinces import Province
    except ImportError:
        return None
    keys = [match_key(t) for t in texts if t]
    for p in sorted(Province.iter_all(), key=lambda p: -len(p.name)):
        names = {match_key(p.name), match_key(p.name.removeprefix("Thành phố "))}
        if any(f" {pk} " in f" {k} " for pk in names for k in keys):
            return p.name
    return None


def units_for(province: str | None) -> list[UnitChoice]:
    units = list(all_units())
    if province:
        units.sort(key=lambda u: u.province != province)
    return units
