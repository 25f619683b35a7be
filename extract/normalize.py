"""Text normalisation: one canonical form for reading, and match keys that make spelling variants equal.

Readers call `clean_text` on every block (NFC, dash and space variants, invisible characters). Matching
(agency names, indicators, diff) goes through `match_key`, which also makes the two tone-mark placements
("hòa"/"hoà", "Ủy"/"Uỷ") and letter case equal. `canonical_tones` keeps string length, so offsets found in
the canonical text are valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus, small/fullwidth hyphen-minus.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = {ord(c): "-" for c in _DASHES}
_SPACE_TABLE = {
    ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
}
_DROP_TABLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
# Control characters survive decoding (a vertical tab is Word's manual line break in text exports, a stray \x1f
# comes from a converter) and later break XML writers and terminals: line-like ones become a line break,
# the rest go. Tab is a space (above), CR and LF are handled as line ends.
LINE_BREAK_CHARS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL_TABLE = {
    **{cp: None for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF] if chr(cp) not in "\t\n\r"},
    **{ord(c): "\n" for c in LINE_BREAK_CHARS},
}

_MULTI_SPACE = re.compile(r" {2,}")


_ODD = re.compile(
    "["
    + regex.escape(
        _DASHES + "".join(map(chr, _SPACE_TABLE)) + "".join(map(chr, _DROP_TABLE)) + "".join(map(chr, _CONTROL_TABLE))
    )
    + "\r]| {2,}"
)


def clean_text(text: str) -> str:
    """NFC, one dash, one space, no invisible or control characters (line-like ones become a line break); line
    breaks kept. Applied at the reader boundary."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _ODD.search(text):
        return text  # the common case: already clean, checked in C
    text = text.translate(_DASH_TABLE).translate(_SPACE_TABLE).translate(_DROP_TABLE).translate(_CONTROL_TABLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _MULTI_SPACE.sub(" ", text)


# --- markdown noise -------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_MD_LONE_STARS = re.compile(r"(?<!\S)\*{2,3}|\*{2,3}(?!\S)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def strip_markdown(line: str) -> tuple[str, dict]:
    """Remove markdown marks that real converted documents misuse; return the text and the hints they gave.

    Hints: `heading_level` (number of '#'), `bold` / `italic` when the whole line was wrapped.
    """
    hints: dict = {}
    m = _MD_HEADING.match(line)
    if m:
        hints["heading_level"] = len(m.group(1))
        line = line[m.end() :]
    stripped = line.strip()
    if len(stripped) > 4:
        for marks, key in (("***", "both"), ("**", "bold"), ("*", "italic"), ("__", "bold")):
            if (
                stripped.startswith(marks)
                and stripped.endswith(marks)
                and marks not in stripped[len(marks) : -len(marks)]
            ):
                if key in ("both", "bold"):
                    hints["bold"] = True
                if key in ("both", "italic"):
                    hints["italic"] = True
                break
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _MD_LONE_STARS.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    # A markdown hard break is two trailing spaces or a trailing backslash.
    return line.rstrip("\\ ").strip(), hints


# --- tone marks -----------------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_QUALITY = {"ă", "â", "ê", "ô", "ơ", "ư"}
_WORD = regex.compile(r"\p{L}+")


def _base_vowel(ch: str) -> bool:
    return ch.lower() in "aăâeêioôơuưy"


@lru_cache(maxsize=65536)
def _canonical_syllable(word: str) -> str:
    """Place the tone mark of one syllable by a fixed rule, so both spelling conventions give one form."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    # Find the vowel cluster; "qu" and "gi" before a vowel belong to the consonant.
    start = 0
    low = bare.lower()
    if low.startswith("qu") or (low.startswith("gi") and len(low) > 2 and _base_vowel(low[2])):
        start = 2
    i = start
    while i < len(bare) and not _base_vowel(bare[i]):
        i += 1
    j = i
    while j < len(bare) and _base_vowel(bare[j]):
        j += 1
    if i >= len(bare):  # no vowel after the onset ("gì", "quỳ" written oddly): mark the last vowel
        idxs = [k for k, c in enumerate(bare) if _base_vowel(c)]
        if not idxs:
            return word
        pos = idxs[-1]
    else:
        cluster = range(i, j)
        quality = [k for k in cluster if bare[k].lower() in _QUALITY]
        if quality:
            pos = quality[-1]  # ươ → ơ; ê, ô, â … carry the tone
        elif j < len(bare):  # closed syllable: last vowel ("hoàng", "tuyển")
            pos = j - 1
        elif j - i >= 3:
            pos = i + 1
        else:  # open syllable: first vowel ("hòa", "thủy", "mùa")
            pos = i
    out = bare[:pos] + unicodedata.normalize("NFC", bare[pos] + tone) + bare[pos + 1 :]
    return out


def canonical_tones(text: str) -> str:
    """Rewrite every syllable with the tone mark in the canonical place. Keeps the length of the text."""
    return _WORD.sub(lambda m: _canonical_syllable(m.group(0)), text)


_PUNCT_SPACES = regex.compile(r"\s*-\s*")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}&/%.\-]+")


@lru_cache(maxsize=32768)
def match_key(text: str) -> str:
    """Key for equality tests: NFC, canonical tone placement, case-folded, one dash, single spaces."""
    text = canonical_tones(clean_text(text)).casefold()
    text = _PUNCT_SPACES.sub(" - ", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    """ASCII-ish folding for accent-insensitive search ("ke hoach" finds "kế hoạch"): the one accent fold of the
    project; tone-mark helpers of the OCR fixer and the legacy-encoding reader keep the vowel qualities and are
    a different job."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return text.replace("đ", "d").replace("Đ", "D")


def loose_key(text: str) -> str:
    """`match_key` without accents: equal for words that OCR or a typist wrote without their marks."""
    return strip_accents(match_key(text))


def fold(text: str) -> str:
    """Accent- and case-insensitive form for search ("Kế Hoạch" → "ke hoach"). Spacing is kept, so offsets in
    the folded text of a precomposed (NFC) string are offsets in the string."""
    return strip_accents(text).casefold()
