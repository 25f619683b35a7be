"""The 2025 communes, wards and special zones (package `vietnam-provinces`) as units a plan can be derived for,
those of the parent plan's province first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract import levels
from extract.normalize import match_key


@dataclass(frozen=True)
class UnitChoice:
    value: str  # what `derive --unit` takes: "UBND xã Quản Bạ"
    label: str  # what the list shows: "Xã Quản Bạ — Tuyên Quang"
    province: str


@lru_cache(maxsize=1)
def all_units() -> tuple[UnitChoice, ...]:
    try:
        communes = levels.map_2025()
    except ImportError:  # the list is a convenience: the unit can still be typed
        return ()
    return tuple(UnitChoice(f"UBND {c.word} {c.place}", f"{c.name} — {c.province}", c.province) for c in communes)


def province_of(*texts: str | None) -> str | None:
    """The province named in a plan's issuing or governing body, if any (accent- and case-insensitive)."""
    try:
        provinces = [name for name, _ in levels.provinces_2025().values()]
    except ImportError:
        return None
    keys = [match_key(t) for t in texts if t]
    for name in sorted(provinces, key=lambda n: -len(n)):
        names = {match_key(name), match_key(levels.split_province(name)[1])}
        if any(f" {pk} " in f" {k} " for pk in names for k in keys):
            return name
    return None


def units_for(province: str | None) -> list[UnitChoice]:
    units = list(all_units())
    if province:
        units.sort(key=lambda u: u.province != province)
    return units
