"""What a document's header can take from its issuing body when the draft leaves it blank: the issuer part
of the symbol ("Ủy ban nhân dân tỉnh Bắc Kạn" → UBND, "Sở Công Thương tỉnh Lào Cai" → SCT) and the place
("Bắc Kạn", "Lào Cai"). A draft without number or place then reads "Số:      /KH-UBND" and "Bắc Kạn, ngày
     tháng     năm 2026", as the clerk will fill it in, instead of a bare "Số: /KH" with no place.

The name of a body as it reads in running text (`agency_running_name`: "SỞ CÔNG THƯƠNG" → "Sở Công Thương")
lives here too: the templates and the report write a body's name by it, and the symbol and place are read
from it.

The abbreviations are the agency data's (`extract/data/agencies.yaml`, read through `extract.lexicon`); a body
the data has no abbreviation for gets its initials (the way departments write theirs).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extract import lexicon
from extract.levels import level_words
from extract.normalize import match_key

_LINKS = {"và", "-", "–", ",", "&"}


@lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str]]:
    """(match key of an expansion, its abbreviation), longest expansion first: "Ủy ban nhân dân" → UBND."""
    table = lexicon.load("agencies")["abbreviations"]
    seen: dict[str, str] = {}
    for short, full in table.items():
        seen.setdefault(match_key(full), short)  # the first abbreviation the data lists for a name wins
    return sorted(seen.items(), key=lambda kv: len(kv[0]), reverse=True)


@lru_cache(maxsize=1)
def _level_re():
    words = [w for w in lexicon.load("agencies")["territory"] if not w.startswith(("các", "cấp"))]
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})((?i:{alt}))\s+(\p{{Lu}}[\p{{L}}\p{{M}}\d\s.'-]*)$")


def split_body(body: str | None) -> tuple[str, str | None]:
    """("Ủy ban nhân dân", "Bắc Kạn") for "Ủy ban nhân dân tỉnh Bắc Kạn"; the place is None when the name has
    no level word followed by a proper name."""
    body = " ".join((body or "").split())
    m = _level_re().search(body)
    if not m:
        return body, None
    return body[: m.start()].strip(" ,"), m.group(2).strip()


def body_place(body: str | None) -> str | None:
    """The place a header names for this body: the locality after its level word ("tỉnh Bắc Kạn" → Bắc Kạn)."""
    name = _titled(body)
    return split_body(name)[1]


def issuer_code(body: str | None) -> str:
    """The issuer part of a symbol: the data's abbreviation of the body's name, else its initials."""
    head = split_body(_titled(body))[0]
    if not head:
        return ""
    key = match_key(head)
    table = lexicon.load("agencies")["abbreviations"]
    if head in table:  # already abbreviated: "UBND phường Hạc Thành"
        return head
    for full, short in _heads():
        if key == full:
            return short
    words = [w for w in regex.split(r"[\s,]+", head) if w and w.lower() not in _LINKS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def _titled(body: str | None) -> str:
    """Names written in capitals in headers ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN") with the place name titled, so
    the level word is found before a capitalised proper name."""
    body = " ".join((body or "").split())
    if body and body == body.upper():
        return agency_running_name(body)
    return body


_LEVEL_WORDS = level_words()  # extract/data/levels.yaml, province down to commune ("thị xã" before "xã")


def agency_running_name(name: str | None) -> str:
    """An agency written in capitals as it reads in running text: `ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG` ->
    `Ủy ban nhân dân tỉnh Lâm Đồng`, `SỞ CÔNG THƯƠNG` -> `Sở Công Thương`. Mixed-case input is kept."""
    name = " ".join((name or "").split())
    if not name or name != name.upper():
        return name
    low = name.lower()
    for word in _LEVEL_WORDS:  # the place name after the level word is a proper noun
        idx = low.find(" " + word + " ")
        if idx >= 0:
            head = low[: idx + len(word) + 2]
            tail = " ".join(w[:1].upper() + w[1:] for w in low[idx + len(word) + 2 :].split())
            return head[:1].upper() + head[1:] + tail
    words = low.split()
    if words and words[0] in ("sở", "bộ", "ban", "phòng", "cục", "tổng"):
        return " ".join(w[:1].upper() + w[1:] for w in words)
    return low[:1].upper() + low[1:]
