"""Which parent duties a commune takes, as data (docgen/data/derive_rules.yaml): who "the communes" are in a
provincial plan, which acts only a province performs, and how the parent's words for the communes are said in
the commune's own plan. Kept apart from the derivation so the same rules classify a parent for `coverage`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex
import yaml

from extract.normalize import match_key


@cache
def load() -> dict[str, Any]:
    """The rules file, parsed once per process."""
    text = resources.files("docgen").joinpath("data", "derive_rules.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _has_phrase(text_key: str, phrase_key: str) -> bool:
    return bool(phrase_key) and f" {phrase_key} " in f" {text_key} "


@cache
def _keys(name: str) -> tuple[str, ...]:
    return tuple(k for k in (match_key(str(p)) for p in load()[name]) if k)


def is_commune_holder(agency: str) -> bool:
    """The parent addresses the communes (or the localities) with this holder's tasks."""
    key = match_key(agency)
    return any(_has_phrase(key, k) for k in _keys("commune_holders"))


def is_exclusive_commune_holder(agency: str) -> bool:
    """The communes by name (UBND / Chủ tịch UBND of the communes), no department or "cơ quan, đơn vị" beside
    them: its own tasks are the commune's, checked only by the rules marked `always`."""
    key = match_key(agency)
    named = any(_has_phrase(key, k) for k in _keys("commune_holders") if " " in k and ("xã" in k or "huyện" in k))
    others = any(_has_phrase(key, k) for k in _keys("provincial_groups")) or any(
        w in f" {key} " for w in (" sở ", " ngành ", " cơ quan ", " đơn vị ")
    )
    return named and not others


def is_provincial_group(agency: str) -> bool:
    """ "Các sở, ban, ngành", "Giám đốc các Sở …": the province's departments as a group."""
    key = match_key(agency)
    return any(_has_phrase(key, k) for k in _keys("provincial_groups"))


@dataclass(frozen=True)
class _Rule:
    pattern: Any
    reason: str
    unless_name: bool
    always: bool


@cache
def _province_rules() -> tuple[_Rule, ...]:
    return tuple(
        _Rule(
            regex.compile(r["pattern"], regex.IGNORECASE | regex.V1),
            r["reason"],
            bool(r.get("unless_name")),
            bool(r.get("always")),
        )
        for r in load()["province_only"]
    )


def province_only(text: str, always_only: bool = False) -> str | None:
    """The reason a task is one only a province performs, or None when a commune can do it. `always_only`:
    just the rules that hold even for a duty the parent gives the communes by name."""
    for rule in _province_rules():
        if always_only and not rule.always:
            continue
        for m in rule.pattern.finditer(text):
            if rule.unless_name and _name_follows(text, m.end()):
                continue
            return rule.reason
    return None


def _name_follows(text: str, pos: int) -> bool:
    """A capitalised word right after `pos`: the phrase is part of a proper name ("tỉnh Hà Giang")."""
    rest = text[pos : pos + 40].lstrip()
    return bool(rest) and rest[0].isupper()


def say_for_commune(text: str, word: str) -> str:
    """The parent's words for "the communes" said for this commune ("UBND các xã, phường" → "UBND xã")."""
    out = text
    for r in load()["own_level"]:
        out = phrase_sub(out, r["from"], r["to"].format(word=word))
    return out


@lru_cache(maxsize=512)
def _phrase_re(phrase: str):
    """A phrase as a pattern that tolerates Ủy/Uỷ, hòa/hoà spelling and spacing, as whole words."""
    parts = []
    for w in phrase.split():
        w = regex.escape(w)
        w = w.replace("Ủy", "(?:Ủy|Uỷ)").replace("ủy", "(?:ủy|uỷ)")
        parts.append(w)
    return regex.compile(r"(?<![\p{L}\d])" + r"\s+".join(parts) + r"(?![\p{L}\d])", regex.IGNORECASE)


def phrase_sub(text: str, phrase: str, replacement: str) -> str:
    """Replace a phrase as whole words, keeping a capital at the start of a sentence."""

    def repl(m) -> str:
        opening = m.start() == 0 or m.string[: m.start()].rstrip().endswith((".", ";", ":"))
        if opening and replacement[:1].islower():
            return replacement[:1].upper() + replacement[1:]
        return replacement

    import unicodedata

    return _phrase_re(phrase).sub(repl, unicodedata.normalize("NFC", text))


def ward_name(office: str, word: str) -> str:
    """A ward names its economic office differently (Phòng Kinh tế, Hạ tầng và Đô thị)."""
    if word != "phường":
        return office
    return load().get("ward_names", {}).get(office, office)
