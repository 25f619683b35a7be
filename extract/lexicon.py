"""Loads the language data in `extract/data/` once per process and offers keyword tests over match keys.

The one loader of that data for extract and docgen alike: word lists, and the fixed wording of a document
(national lines, signature prefixes, the tail's labels, date rule) from `document_form.yaml`; the level words
are read through `levels.py`, which builds on this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex
import yaml

from .normalize import match_key


@cache
def load(name: str) -> dict[str, Any]:
    """Parse `extract/data/<name>.yaml`; it ships inside the package."""
    text = resources.files("extract").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def keyed(name: str, key: str) -> dict[str, list[str]]:
    """A mapping of label → list of match keys, e.g. qualifiers or section kinds."""
    data = load(name)[key]
    return {label: [k for k in (match_key(str(w)) for w in words) if k] for label, words in data.items()}


@cache
def key_list(name: str, key: str) -> tuple[str, ...]:
    return tuple(match_key(str(w)) for w in load(name)[key])


def starts_with_any(text_key: str, keys: tuple[str, ...] | list[str]) -> str | None:
    """The longest key that `text_key` begins with, as a whole word."""
    best = None
    for k in keys:
        if text_key.startswith(k) and (len(text_key) == len(k) or not text_key[len(k)].isalnum()):
            if best is None or len(k) > len(best):
                best = k
    return best


# --- the fixed wording of a document (data/document_form.yaml) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class SignaturePrefix:
    """A signature authority prefix ("KT.") with the role docgen builds the signer's lines by."""

    prefix: str
    role: str
    meaning: str
    written: tuple[str, ...]
    inline: bool


def national_text(name: str) -> str:
    """The prescribed text of a national line: 'quoc_hieu', 'tieu_ngu' or 'party'."""
    return str(load("document_form")["national"][name]["text"])


@cache
def national_keys() -> tuple[str, ...]:
    """Match keys of the national lines (Quốc hiệu, Tiêu ngữ, the Party's name), for whole-phrase tests."""
    return tuple(match_key(str(v["text"])) for v in load("document_form")["national"].values())


@cache
def national_openings() -> tuple[str, ...]:
    """Match keys of the first words of each national line: enough to know a wrapped or cut line holds one."""
    return tuple(match_key(str(v["opening"])) for v in load("document_form")["national"].values())


@cache
def signature_prefixes() -> tuple[SignaturePrefix, ...]:
    """The signature prefixes in the data file's order (TM., KT., Q., TL., TUQ.)."""
    return tuple(
        SignaturePrefix(
            prefix=str(p),
            role=str(v["role"]),
            meaning=str(v["meaning"]),
            written=tuple(str(w) for w in v.get("written", ())),
            inline=bool(v.get("inline", True)),
        )
        for p, v in load("document_form")["signature_prefixes"].items()
    )


def signature_prefix(role: str) -> str:
    """The canonical prefix of a role ('deputy' → 'KT.'); KeyError for an unknown role."""
    for p in signature_prefixes():
        if p.role == role:
            return p.prefix
    raise KeyError(role)


def signature_role(prefix: str | None) -> str | None:
    """The role of a prefix as written ('KT.', 'K/T' → 'deputy'); None when it is no signature prefix."""
    canon = canonical_signature_prefix(prefix or "")
    return next((p.role for p in signature_prefixes() if p.prefix == canon), None)


@cache
def _written_prefixes() -> dict[str, str]:
    out = {}
    for p in signature_prefixes():
        for w in (p.prefix, p.prefix.rstrip("."), *p.written):
            out[w.upper()] = p.prefix
    return out


def canonical_signature_prefix(written: str) -> str | None:
    """'T/M', 'tm', 'KT.' → 'TM.' / 'TM.' / 'KT.'; None when `written` is no signature prefix."""
    w = written.strip().upper()
    return _written_prefixes().get(w) or _written_prefixes().get(w.rstrip("./"))


def signature_prefix_alternation(*, inline: bool = False) -> str:
    """A regex alternation of every written prefix without its final dot ('TM|KT|…|T/M|K\\.T'), longest first;
    with `inline`, only the prefixes trusted in the middle of a line."""
    words = {w.rstrip(".") for p in signature_prefixes() if p.inline or not inline for w in (p.prefix, *p.written)}
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def authority_line() -> regex.Pattern:
    """A line that opens with a signature prefix: 'KT. CHỦ TỊCH', 'T/M ỦY BAN NHÂN DÂN' (groups p, rest).
    The dot may touch the title on a scan ('KT.TỔ TRƯỞNG')."""
    return regex.compile(rf"^(?P<p>{signature_prefix_alternation()})\s*(?:[./]\s*|\s+)(?P<rest>\S.*)$", regex.I)


@cache
def tail_alternation(line: str) -> str:
    """A regex alternation (ignore case when matching) of the words that open a tail line: 'recipients'
    ('nơi nhận'), 'archive' ('lưu') or 'signature_notes' ('đã ký', 'ký tên'), longest first."""
    words = [str(w) for w in load("document_form")["tail"][line]]
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def tail_keys(line: str) -> tuple[str, ...]:
    """Match keys of the words that open a tail line ('recipients' → 'nơi nhận'), for tests on match keys."""
    return tuple(match_key(str(w)) for w in load("document_form")["tail"][line])


@cache
def doc_type_names() -> dict[str, tuple[str, ...]]:
    """Every document type, abbreviation → its names ('KH' → ('kế hoạch',)), in the decree's order
    (document_form.yaml doc_types)."""
    return {str(code): tuple(str(w) for w in words) for code, words in load("document_form")["doc_types"].items()}


def doc_type_name(code: str) -> str:
    """The name of a type, capitalised as a header writes it in running text: 'KH' → 'Kế hoạch'."""
    return doc_type_names()[code][0].capitalize()


@cache
def read_doc_types() -> dict[str, list[str]]:
    """The types a header's type line is read as (vocab.yaml doc_types), abbreviation → match keys of their names."""
    names = doc_type_names()
    return {
        str(code): [k for k in (match_key(w) for w in names[str(code)]) if k] for code in load("vocab")["doc_types"]
    }


@cache
def date_rule() -> dict[str, Any]:
    """The date wording rule: format, zero_pad_day_below, zero_pad_months, blank, clause."""
    return dict(load("document_form")["date"])
