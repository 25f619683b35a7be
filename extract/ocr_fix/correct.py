"""Correct one OCR line: rejoin letters split by a space, split syllables run together, then choose every
syllable's tone and vowel marks by context (Viterbi over same-letter candidates, bigram language model plus
a cost for each change), so a word changes only when the words around it make the change more likely.

Words with digits, or letters joined to other letters by - / & (symbols like "KH-UBND"), are left as read
apart from `symbols.fix_symbols`. All-capital letters without marks that are no syllable ("UBND", "VLNCN")
are abbreviations and stay.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..normalize import clean_text
from .lm import Counts, load_counts
from .syllables import (
    DIC_HINT,
    Lexicon,
    build_lexicon,
    find_dictionary,
    key,
    project_phrases,
    read_dictionary,
    skeleton,
    tone_of,
    toneless,
)
from .symbols import fix_date_numbers, fix_symbols

# Costs (natural log) of a change, against the language model's gain; set on bench/ocr_bench.py.
CHANGE = 3.0  # any change of a valid syllable
TONE = 1.0  # the tone differs
MARK = 2.0  # a vowel mark or đ differs (â/a, ơ/o, đ/d …)
MARK_STACKED = 1.0  # … but only the hat under a kept tone mark is missing ("KÉ" for "KẾ", "TỎ" for "TỔ")
INVALID = 8.0  # keeping a word that is no syllable, when syllables with its letters exist
SPLIT = 2.0  # per space put into a run-together word
MAX_SPLIT = 3

_PARTS = regex.compile(r"\p{L}+|\P{L}+")
_TRANSPARENT = regex.compile(r"^[\s,\-–—]*$")  # punctuation the context runs over
_JOINERS = "-/&_.'’"


@dataclass(frozen=True, slots=True)
class Fixed:
    """An output word made from source words `first`..`last` (inclusive) of the line."""

    text: str
    first: int
    last: int


@dataclass(slots=True)
class _Slot:
    obs: str  # the letters as read
    cands: list[tuple[str, float]]  # (key, channel log-score)
    out: str = ""


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The process-wide lexicon: hunspell-vi when installed, plus the project's data and every syllable the
    counts hold (so a word the context knows is never called wrong)."""
    path = find_dictionary()
    extra = project_phrases() + list(load_counts().unigrams)
    if path is None:
        return build_lexicon((), extra, False, "project data only")
    return build_lexicon(read_dictionary(path), extra, True, str(path))


def status() -> tuple[bool, str]:
    """(full correction available, reason). Without hunspell-vi only the Ð/Đ and O/0 fixes run."""
    if os.environ.get("KEHOACH_OCR_FIX", "1").strip().lower() in ("0", "no", "false", "off"):
        return False, "OCR correction is turned off (KEHOACH_OCR_FIX=0)"
    lex = load_lexicon()
    if not lex.from_dictionary:
        return False, f"no Vietnamese syllable list, tone marks left as read; {DIC_HINT}"
    return True, lex.source


def _case_like(obs: str, cand: str) -> str:
    if len(obs) > 1 and obs.isupper():
        return cand.upper()
    if obs[:1].isupper():
        return cand[:1].upper() + cand[1:]
    return cand


def _is_abbrev(word: str) -> bool:
    return len(word) > 1 and word.isupper() and skeleton(word) == word.lower()


def _letters_only(word: str) -> bool:
    return bool(word) and word.isalpha()


def _channel(obs: str, obs_key: str, valid: bool, cand: str) -> float:
    if cand == obs_key:
        return 0.0 if valid else -INVALID
    score = -CHANGE
    if tone_of(cand) != tone_of(obs_key):
        score -= TONE
    if toneless(cand) != toneless(obs_key):
        # A tone mark stacked on â/ê/ô/ă hides the hat or breve below it: tesseract loses that one most.
        stacked = tone_of(cand) != "" and tone_of(cand) == tone_of(obs_key) and _hats(cand) == _hats(obs_key) + 1
        score -= MARK_STACKED if stacked else MARK
    return score


def _hats(word: str) -> int:
    """Circumflexes and breves in a syllable (â ê ô ă)."""
    return sum(c in "\u0302\u0306" for c in unicodedata.normalize("NFD", word))


@lru_cache(maxsize=32768)
def _candidates(obs: str) -> tuple[tuple[str, float], ...]:
    lex = load_lexicon()
    k = key(obs)
    valid = k in lex.words
    if not valid and len(obs) == 1:
        return ((k, 0.0),)
    others = lex.candidates(obs)
    if not others:
        return ((k, 0.0),)
    # Capitals without marks ("NGANH", "CAT") may be a heading read without its marks or an abbreviation:
    # kept unless a neighbour backs a syllable (see `_supported`), like a valid word.
    as_valid = valid or _is_abbrev(obs)
    out = [(k, 0.0 if as_valid else -INVALID)]
    out.extend((c, _channel(obs, k, as_valid, c)) for c in others if c != k)
    return tuple(out)


def _supported(slots: list[_Slot], counts: Counts) -> None:
    """Drop the changes of a valid word that no syllable pair of the text data backs: a word that exists
    changes only when a neighbour (as read or as it may be corrected) is seen next to the new form."""
    for i, slot in enumerate(slots):
        if len(slot.cands) < 2 or slot.cands[0][1] != 0.0:
            continue  # nothing to choose, or the word as read is no syllable: any candidate may win
        prev = [c for c, _ in slots[i - 1].cands] if i else []
        nxt = [c for c, _ in slots[i + 1].cands] if i + 1 < len(slots) else []
        bigrams = counts.bigrams
        slot.cands = [slot.cands[0]] + [
            (c, ch)
            for c, ch in slot.cands[1:]
            if any(bigrams.get((p, c)) for p in prev) or any(bigrams.get((c, n)) for n in nxt)
        ]


def _viterbi(slots: list[_Slot], counts: Counts, vocab: int) -> None:
    """Best candidate per slot for one run of syllables; writes `out`."""
    if not slots:
        return
    _supported(slots, counts)
    prev_scores: dict[str, float] = {}
    back: list[dict[str, str | None]] = []
    for i, slot in enumerate(slots):
        scores: dict[str, float] = {}
        ptr: dict[str, str | None] = {}
        for cand, ch in slot.cands:
            if i == 0:
                scores[cand] = ch + counts.bigram_logp(None, cand, vocab)
                ptr[cand] = None
                continue
            best, arg = -1e18, None
            for p, ps in prev_scores.items():
                s = ps + counts.bigram_logp(p, cand, vocab)
                if s > best:
                    best, arg = s, p
            scores[cand] = best + ch
            ptr[cand] = arg
        back.append(ptr)
        prev_scores = scores
    cur: str | None = max(prev_scores, key=prev_scores.__getitem__)
    for i in range(len(slots) - 1, -1, -1):
        slot = slots[i]
        slot.out = slot.obs if cur == key(slot.obs) else _case_like(slot.obs, cur)
        cur = back[i][cur]


def _split(word: str, counts: Counts, vocab: int, lex: Lexicon) -> list[str] | None:
    """Parts of a word read without its spaces ("BỘCÔNGAN" → BỘ CÔNG AN), when every part has candidates."""
    n = len(word)
    best, best_parts = -1e18, None
    cuts_list: list[tuple[int, ...]] = [(i,) for i in range(2, n - 1)]
    if MAX_SPLIT >= 3:
        cuts_list += [(i, j) for i in range(1, n - 1) for j in range(i + 2, n - 1)]
    for cuts in cuts_list:
        bounds = (0, *cuts, n)
        parts = [word[bounds[k] : bounds[k + 1]] for k in range(len(bounds) - 1)]
        if any(len(p) < 2 and p.lower() not in lex.words for p in parts) or not all(lex.candidates(p) for p in parts):
            continue
        slots = [_Slot(p, list(_candidates(p))) for p in parts]
        _viterbi(slots, counts, vocab)
        score = sum(
            counts.bigram_logp(None if k == 0 else key(slots[k - 1].out), key(s.out), vocab)
            + dict(s.cands).get(key(s.out), 0.0)
            for k, s in enumerate(slots)
        ) - SPLIT * (len(parts) - 1)
        if score > best:
            best, best_parts = score, parts
    return best_parts


def _join_groups(words: list[str], lex: Lexicon) -> list[tuple[int, int]]:
    """Source word ranges to read as one word: letters split by a space ("B AN" → "BAN")."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        done = False
        for size in (3, 2):
            j = i + size
            if j > len(words):
                continue
            parts = words[i:j]
            if not all(_letters_only(p) for p in parts):
                continue
            if not (all(p.isupper() for p in parts) or all(p.islower() for p in parts[1:])):
                continue
            real = [p for p in parts if not (len(p) == 1 and _is_consonant(p))]
            if all(lex.valid(p) for p in parts if len(p) > 1 or not _is_consonant(p)) and not (
                len(real) < len(parts) and all(p.isupper() for p in parts)
            ):
                continue  # real words side by side ("T hoàn" in a table); "B AN" in capitals is one word
            joined = "".join(parts)
            if lex.valid(joined) or (lex.candidates(joined) and not _is_abbrev(joined)):
                groups.append((i, j - 1))
                i = j
                done = True
                break
        if not done:
            groups.append((i, i))
            i += 1
    return groups


_GLUED = regex.compile(r"^(\p{L}{2,})(\d{1,4})(\p{L}{2,})(\p{P}*)$")


def _unglue(word: str, lex: Lexicon) -> str:
    """Spaces tesseract lost around a number between two words ("ngày44tháng" → "ngày 44 tháng")."""
    m = _GLUED.match(word)
    if m and lex.valid(m.group(1)) and lex.valid(m.group(3)) and not _is_abbrev(m.group(1)):
        return f"{m.group(1)} {m.group(2)} {m.group(3)}{m.group(4)}"
    return word


def _is_consonant(letter: str) -> bool:
    return skeleton(letter) not in "aeiouy"


def correct_words(words: list[str]) -> list[Fixed]:
    """Correct one line of OCR words; returns the new words with the source words each came from."""
    enabled, _ = status()
    words = fix_date_numbers([fix_symbols(clean_text(w)) for w in words])
    if not enabled:
        return [Fixed(w, i, i) for i, w in enumerate(words)]
    lex = load_lexicon()
    counts = load_counts()
    vocab = len(lex.words)
    words = [_unglue(w, lex) for w in words]
    groups = _join_groups(words, lex)
    # Each output word is a list of parts: str (kept as is) or _Slot (a syllable to choose).
    outputs: list[list[str | _Slot]] = []
    runs: list[list[_Slot]] = [[]]
    for first, last in groups:
        word = "".join(words[first : last + 1])
        parts = _PARTS.findall(word)
        items: list[str | _Slot] = []
        for n, part in enumerate(parts):
            if not part[0].isalpha():
                items.append(part)
                if not _TRANSPARENT.match(part):
                    runs.append([])
                continue
            before = parts[n - 1][-1] if n else ""
            after = parts[n + 1][0] if n + 1 < len(parts) else ""
            nxt = parts[n + 2][:1] if n + 2 < len(parts) else ""
            prv = parts[n - 2][-1:] if n >= 2 else ""
            if (
                before.isdigit()
                or after.isdigit()
                or (before in _JOINERS and prv.isalnum())
                or (after in _JOINERS and nxt.isalnum())
            ):
                items.append(part)  # part of a symbol or number
                runs.append([])
                continue
            pieces = [part]
            if not lex.valid(part) and not lex.candidates(part) and len(part) >= 4 and not _is_abbrev(part):
                pieces = _split(part, counts, vocab, lex) or [part]
            for k, piece in enumerate(pieces):
                if k:
                    items.append(" ")
                slot = _Slot(piece, list(_candidates(piece)))
                items.append(slot)
                runs[-1].append(slot)
        outputs.append(items)
    for run in runs:
        _viterbi(run, counts, vocab)
    return [
        Fixed("".join(p if isinstance(p, str) else p.out for p in items), first, last)
        for items, (first, last) in zip(outputs, groups)
    ]


def correct_text(text: str) -> str:
    """Correct plain OCR text line by line (words split on spaces; line breaks kept)."""
    out = []
    for line in text.split("\n"):
        words = line.split()
        out.append(" ".join(f.text for f in correct_words(words)) if words else line)
    return "\n".join(out)


def reload() -> None:
    """Forget the loaded word lists and counts (after changing KEHOACH_VI_DIC or the data files)."""
    load_lexicon.cache_clear()
    load_counts.cache_clear()
    _candidates.cache_clear()


_LEADING_LETTERS = regex.compile(r"^\p{L}+")


def starts_with_syllable(word: str) -> bool:
    """The word's first letters (two or more, after correction) are a Vietnamese syllable: "Só:đÓ6" yes,
    "xạy" no. False without hunspell-vi, where nothing can be vouched for."""
    if not status()[0]:
        return False
    m = _LEADING_LETTERS.match(fix_symbols(clean_text(word)))
    if not m or len(m.group(0)) < 2 or _is_abbrev(m.group(0)):
        return False
    lex = load_lexicon()
    if lex.valid(m.group(0)):
        return True
    best = max(_candidates(m.group(0)), key=lambda kc: kc[1])
    return best[1] > -INVALID and best[0] in lex.words
