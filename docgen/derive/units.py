"""The 2025 administrative map (34 provinces, 3,321 communes; the `vietnam-provinces` package): a deriving
commune must exist, and a parent written by a pre-2025 province derives to its successor's commune."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from extract.levels import map_2025, province_now, split_province
from extract.normalize import match_key


@dataclass(frozen=True)
class Commune:
    word: str  # xã, phường, đặc khu
    place: str  # Quản Bạ
    province: str  # Tuyên Quang
    province_word: str  # tỉnh, thành phố

    @property
    def province_body(self) -> str:
        """'Ủy ban nhân dân tỉnh Tuyên Quang'."""
        return f"Ủy ban nhân dân {self.province_word} {self.province}"


class UnitNotFound(LookupError):
    """No commune (or more than one) of that name; `suggestions` are the closest real names."""

    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message)
        self.suggestions = suggestions


@lru_cache(maxsize=1)
def _communes() -> tuple[Commune, ...]:
    out = []
    for c in map_2025():
        pword, pname = split_province(c.province)
        out.append(Commune(word=c.word, place=c.place, province=pname, province_word=pword))
    return tuple(out)


def successor(province: str | None) -> str | None:
    """The 2025 province that holds a pre-2025 one ('Hà Giang' → 'Tuyên Quang'); itself when unchanged."""
    if not province:
        return None
    key = match_key(province)
    now = province_now(province)  # the 63 provinces before 7/2025 → today's: extract/data/provinces_2024.yaml
    if now and match_key(split_province(now)[1]) != key:
        return split_province(now)[1]
    names = {match_key(c.province): c.province for c in _communes()}
    return names.get(key)


def find_commune(word: str, place: str, parent_province: str | None = None) -> Commune:
    """The commune named `word place`; when the name repeats, the one in the parent's (successor) province."""
    want = match_key(place)
    same = [
        c
        for c in _communes()
        if match_key(c.place) == want and (c.word == word or word == "xã" and c.word == "đặc khu")
    ]
    home = successor(parent_province)
    if len(same) > 1 and home:
        same = [c for c in same if match_key(c.province) == match_key(home)] or same
    if len(same) == 1:
        return same[0]
    if same:
        names = [f"{c.word} {c.place} ({c.province_word} {c.province})" for c in same]
        raise UnitNotFound(f"'{word} {place}' is ambiguous: {len(same)} communes have that name", names)
    raise UnitNotFound(f"'{word} {place}' is not a commune on the 2025 map", closest(word, place, home))


def closest(word: str, place: str, province: str | None = None, limit: int = 5) -> list[str]:
    """The real commune names nearest to a wrong one, those of the parent's province first."""
    pool = list(_communes())
    labels = [f"{c.word} {c.place}" for c in pool]
    keys = [match_key(x) for x in labels]
    hits = process.extract(match_key(f"{word} {place}"), keys, scorer=fuzz.ratio, limit=limit * 4)
    home = match_key(province) if province else None
    hits.sort(key=lambda h: -(h[1] + (5 if home and match_key(pool[h[2]].province) == home else 0)))
    out = []
    for _, _, j in hits[:limit]:
        c = pool[j]
        out.append(f"{labels[j]} ({c.province_word} {c.province})")
    return out
