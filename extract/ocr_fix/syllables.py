"""The set of Vietnamese syllables an OCR word may be corrected to, indexed by its bare letters.

Sources: Debian's hunspell-vi word list (one syllable a line; found in the usual dictionary folders or at
$KEHOACH_VI_DIC) plus every syllable of the project's language data (`extract/data/*.yaml`) and of the
syllable counts built from the project's own text (the counts come from `lm`, which builds on this module:
`correct.load_lexicon` puts the three together). Everything is keyed in one form: lower case, NFC, tone
mark in the canonical place (`normalize.canonical_tones`), so "hoà"/"hòa" are one entry.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .. import lexicon
from ..normalize import canonical_tones

DIC_PATHS = (
    "/usr/share/hunspell/vi_VN.dic",
    "/usr/share/myspell/vi_VN.dic",
    "/usr/share/hunspell/vi.dic",
    "/usr/share/myspell/dicts/vi_VN.dic",
)
DIC_HINT = "install the Vietnamese dictionary: apt-get install hunspell-vi"

SYLLABLE = regex.compile(r"\p{L}+")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def key(word: str) -> str:
    """The one form a syllable is looked up by: NFC, lower case, canonical tone placement."""
    word = unicodedata.normalize("NFC", word).lower()
    return canonical_tones(word)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Bare letters: no tone, no vowel marks, đ → d, lower case ("Kiểm" → "kiem")."""
    d = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in d if unicodedata.category(c) != "Mn").replace("đ", "d").replace("\u0111", "d")


def tone_of(word: str) -> str:
    """The tone mark of a syllable ('' for the level tone)."""
    return next((c for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS), "")


def toneless(word: str) -> str:
    """The syllable with its tone mark removed and vowel marks kept ("kiểm" → "kiêm")."""
    d = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))


def find_dictionary() -> Path | None:
    env = os.environ.get("KEHOACH_VI_DIC")
    if env is not None:
        p = Path(env)
        return p if env and p.is_file() else None  # KEHOACH_VI_DIC="" means: behave as if absent
    for p in DIC_PATHS:
        if Path(p).is_file():
            return Path(p)
    return None


def read_dictionary(path: Path) -> Iterator[str]:
    """Syllables of a hunspell .dic file (first line is the count; flags after '/')."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for i, line in enumerate(fh):
            word = line.split("/", 1)[0].strip()
            if i == 0 and word.isdigit():
                continue
            if word and SYLLABLE.fullmatch(word):
                yield word


def data_strings(node) -> Iterator[str]:
    """Every string in a parsed yaml document (keys included)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from data_strings(k)
            yield from data_strings(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from data_strings(v)


def project_phrases() -> list[str]:
    """Phrases from the project's language data: agency gazetteer, vocab (with the names of the document types
    it reads), OCR vocabulary."""
    out: list[str] = []
    for name in ("agencies", "vocab", "ocr_words"):
        try:
            out.extend(data_strings(lexicon.load(name)))
        except FileNotFoundError:
            continue
    names = lexicon.doc_type_names()
    out.extend(w for code in lexicon.read_doc_types() for w in names[code])
    return out


def is_vietnamese_syllable(word: str) -> bool:
    """A rough shape test for data words: letters only and at least one vowel (keeps "UBND" out)."""
    s = skeleton(word)
    return bool(s) and any(c in "aeiouy" for c in s) and len(s) <= 7


@dataclass
class Lexicon:
    """Valid syllables (keys) and the index bare letters → syllables. `from_dictionary` says whether
    hunspell-vi was found: without it the set is too small to call a word wrong."""

    words: frozenset[str]
    by_skeleton: dict[str, tuple[str, ...]]
    from_dictionary: bool
    source: str

    def valid(self, word: str) -> bool:
        return key(word) in self.words

    def candidates(self, word: str) -> tuple[str, ...]:
        return self.by_skeleton.get(skeleton(word), ())


def build_lexicon(dictionary: Iterable[str], extra: Iterable[str], from_dictionary: bool, source: str) -> Lexicon:
    words: set[str] = set()
    for w in dictionary:
        words.add(key(w))  # the list's proper names ("Nguyễn", "Nẵng") are syllables too
    for phrase in extra:
        for m in SYLLABLE.finditer(phrase):
            w = m.group(0)
            if is_vietnamese_syllable(w) and not (
                w.isupper() and len(w) > 1 and tone_of(w) == "" and skeleton(w) == w.lower()
            ):
                words.add(key(w))
    index: dict[str, list[str]] = {}
    for w in sorted(words):
        index.setdefault(skeleton(w), []).append(w)
    return Lexicon(frozenset(words), {k: tuple(v) for k, v in index.items()}, from_dictionary, source)
