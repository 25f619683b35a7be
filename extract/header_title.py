"""The trích yếu (title) under the type name: where it ends.

The layout stage takes the lines after the type name up to the preamble; a title never runs on into the
addressee ("Kính gửi: …"), into the issuing authority of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), into a
signature line, or into the note that says what the plan was issued with ("(Ban hành kèm theo …)").
"""

from __future__ import annotations

import regex

from . import lexicon
from .normalize import match_key, strip_accents
from .structure import Line, is_upper_text

# "(Ban hành kèm theo Quyết định số …)", "(Kèm theo …)" at the end of a title.
_ISSUED_WITH = regex.compile(r"\s*\((?:[^()]{0,30}?\s)?kèm theo\b[^()]*\)\s*$", regex.I)


def _starts_with(text: str, key: str) -> bool:
    """Whether `text` starts with a word of the list `key`; without accents too, as OCR drops them
    ("GIÁM ĐÓC" for "GIÁM ĐỐC")."""
    words = lexicon.key_list("header", key)
    if lexicon.starts_with_any(match_key(text), words) is not None:
        return True
    return lexicon.starts_with_any(strip_accents(match_key(text)), tuple(map(strip_accents, words))) is not None


def title_lines(lines: list[Line]) -> list[Line]:
    """The title lines of the layout's title zone, up to the first line that is not part of the title."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if _starts_with(text, "title_stops") or lexicon.authority_line().match(text):
            break
        if out and is_upper_text(text) and _starts_with(text, "authority_heads"):
            break
        if out and text.startswith("(") and text.endswith(")") and _ISSUED_WITH.fullmatch(text):
            break
        out.append(line)
    return out


def trim_title(title: str) -> str:
    """The title without a trailing '(… kèm theo …)' note; only the end is cut, so offsets stay valid."""
    m = _ISSUED_WITH.search(title)
    if m and m.start() > 0:
        title = title[: m.start()]
    return title.rstrip()
