"""Word-level diff over Vietnamese syllables, blind to spelling variants that are not changes.

Tokens are syllables and punctuation marks; they are compared by `match_key`, so NFC/NFD, tone-mark placement
("hòa"/"hoà"), case and dash variants never show as a change. An abbreviation of the agency data ("UBND",
"Sở LĐ-TB&XH") is one unit compared through its expansion, so "UBND" ↔ "Ủy ban nhân dân" is no change either.
Each op keeps the original spellings with their spacing, so the pieces of a side concatenate back to its text.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import regex

from ..agencies import _abbrev_re
from ..normalize import match_key
from .model import WordOp

# an equal stretch this short between two changes is folded into them ("đảm bảo" → "bảo đảm" is one change)
_GLUE = 1

# a number keeps its percent sign, written "90%" or "90 %" (one token, the same key)
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[.,/][\p{N}]+)*(?:(?<=\p{N}) ?%)?|[^\s\p{L}\p{M}\p{N}]")


def tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the syllables and marks of `text`; each span runs to the next token (spaces included)."""
    starts = [m.start() for m in _TOKEN.finditer(text)]
    ends = [m.end() for m in _TOKEN.finditer(text)]
    return list(zip(starts, ends))


@lru_cache(maxsize=65536)
def _key(tok: str) -> str:
    return (match_key(tok) or tok).replace(" ", "")


def name_key(text: str) -> str:
    """`match_key` of the text with the agency abbreviations written out: "UBND tỉnh" and "Ủy ban nhân dân
    tỉnh" have one key, so alignment pairs them exactly."""
    pattern, table = _abbrev_re()
    return match_key(pattern.sub(lambda m: table[m.group(1)], text))


class _Units:
    """A text cut into units (a syllable, a mark, or a whole abbreviation) and the keys they compare by: an
    abbreviation contributes the keys of its expansion, each pointing back to the one unit."""

    def __init__(self, text: str):
        self.spans: list[tuple[int, int]] = []
        self.keys: list[str] = []
        self.owner: list[int] = []  # key index → unit index
        pattern, table = _abbrev_re()
        pos = 0
        for m in pattern.finditer(text):
            self._plain(text, pos, m.start())
            self.spans.append((m.start(), m.end()))
            exp = table[m.group(1)]
            for s, e in tokens(exp):
                self.keys.append(_key(exp[s:e]))
                self.owner.append(len(self.spans) - 1)
            pos = m.end()
        self._plain(text, pos, len(text))

    def _plain(self, text: str, start: int, end: int) -> None:
        for m in _TOKEN.finditer(text, start, end):
            self.spans.append((m.start(), m.end()))
            self.keys.append(_key(m.group()))
            self.owner.append(len(self.spans) - 1)

    def unit_range(self, i: int, j: int, default: int) -> tuple[int, int]:
        """Units covered by keys i..j-1 (an empty key range sits before unit `default`)."""
        if i >= j:
            return default, default
        return self.owner[i], self.owner[j - 1] + 1


def _opcodes(old: str, new: str, glue: bool = False) -> tuple[_Units, _Units, list[tuple[str, int, int, int, int]]]:
    """Unit-level opcodes from the key-level match: a unit is equal only if all its keys are matched to keys of
    units that are equal too (an abbreviation matched in part is a change as a whole). With `glue` (for
    people), a change, a one-unit equal stretch and a change are one ("đảm bảo" → "bảo đảm", not +«bảo»; −«bảo»)."""
    uo, un = _Units(old), _Units(new)
    if uo.keys == un.keys:
        return uo, un, [("equal", 0, len(uo.spans), 0, len(un.spans))] if uo.spans or un.spans else []
    pairs = _equal_pairs(uo.keys, un.keys)
    matched_o, matched_n = {i for i, _ in pairs}, {j for _, j in pairs}
    bad_o = {uo.owner[i] for i in range(len(uo.keys)) if i not in matched_o}
    bad_n = {un.owner[j] for j in range(len(un.keys)) if j not in matched_n}
    while True:  # a unit paired with a changed unit is changed too (a chain is at most a few units long)
        keep = [(i, j) for i, j in pairs if uo.owner[i] not in bad_o and un.owner[j] not in bad_n]
        if len(keep) == len(pairs):
            break
        for i, j in pairs:
            if uo.owner[i] in bad_o or un.owner[j] in bad_n:
                bad_o.add(uo.owner[i])
                bad_n.add(un.owner[j])
        pairs = keep
    runs: list[list] = []
    for u, v in sorted({(uo.owner[i], un.owner[j]) for i, j in pairs}):
        if runs and runs[-1][2] - 1 <= u <= runs[-1][2] and runs[-1][4] - 1 <= v <= runs[-1][4]:
            runs[-1][2], runs[-1][4] = u + 1, v + 1
        else:
            runs.append([True, u, u + 1, v, v + 1])
    ops: list[list] = []
    po = pn = 0
    for run in runs:
        if run[1] > po or run[3] > pn:
            ops.append([False, po, run[1], pn, run[3]])
        ops.append(run)
        po, pn = run[2], run[4]
    if po < len(uo.spans) or pn < len(un.spans):
        ops.append([False, po, len(uo.spans), pn, len(un.spans)])
    if glue:
        ops = _glue(ops)
    out = []
    for eq, i1, i2, j1, j2 in ops:
        tag = "equal" if eq else ("insert" if i1 == i2 else "delete" if j1 == j2 else "replace")
        out.append((tag, i1, i2, j1, j2))
    return uo, un, out


# difflib compares every key of one side with every equal key of the other: quadratic on long, repetitive text.
# Beyond this many key pairs only the common head and tail are matched and the middle is one change.
_BUDGET = 250_000  # 500 × 500 syllables (≤ 0.15 s on repetitive text), beyond nearly every real paragraph


def _equal_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Indices of equal keys (a[i], b[j]) in the best alignment, in time bounded by `_BUDGET` per paragraph."""
    if len(a) * len(b) <= _BUDGET:
        pairs: list[tuple[int, int]] = []
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                pairs += zip(range(i1, i2), range(j1, j2))
        return pairs
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    pairs = [(i, i) for i in range(head)]
    if len(middle_a) * len(middle_b) <= _BUDGET:
        pairs += [(head + i, head + j) for i, j in _equal_pairs(middle_a, middle_b)]
    return pairs + [(len(a) - tail + k, len(b) - tail + k) for k in range(tail)]


# rapidfuzz's scores cost length × length too: texts are compared by their first characters only. Two texts that
# agree on this many characters are alike for every purpose of alignment; a 1 MB line costs what 3 KB costs.
FUZZY_CHARS = 3000


def clip(key: str) -> str:
    """The part of a match key that fuzzy scoring looks at (see `FUZZY_CHARS`)."""
    return key[:FUZZY_CHARS]


def _glue(ops: list[list]) -> list[list]:
    """Fold an equal stretch of at most _GLUE units lying between two changes into one change."""
    out: list[list] = []
    for op in ops:
        if (
            not op[0]
            and len(out) >= 2
            and out[-1][0]
            and not out[-2][0]
            and out[-1][2] - out[-1][1] <= _GLUE
            and out[-1][4] - out[-1][3] <= _GLUE
        ):
            out.pop()
            out[-1][2], out[-1][4] = op[2], op[4]
        elif not op[0] and out and not out[-1][0]:
            out[-1][2], out[-1][4] = op[2], op[4]
        else:
            out.append(op)
    return out


def word_diff(old: str, new: str) -> list[WordOp]:
    """Ops turning `old` into `new`; equal stretches are merged. Empty when only spelling variants differ."""
    uo, un, codes = _opcodes(old, new, glue=True)
    if all(tag == "equal" for tag, *_ in codes):
        return []
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in codes:
        o = _piece(old, uo.spans, i1, i2)
        n = _piece(new, un.spans, j1, j2)
        if tag == "equal":
            ops.append(WordOp(op="equal", old=o, new=n))
        elif tag == "delete":
            ops.append(WordOp(op="delete", old=o))
        elif tag == "insert":
            ops.append(WordOp(op="insert", new=n))
        else:
            ops.append(WordOp(op="replace", old=o, new=n))
    return ops


def changed_spans(old: str, new: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the differing units in `old` and in `new` (for deciding what explains them)."""
    uo, un, codes = _opcodes(old, new)
    out_old: list[tuple[int, int]] = []
    out_new: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            continue
        out_old += uo.spans[i1:i2]
        out_new += un.spans[j1:j2]
    return out_old, out_new


def _piece(text: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
    """Original text of tokens i..j-1, with the spacing that follows each but the last."""
    if i >= j:
        return ""
    start = spans[i][0] if i > 0 else 0
    end = spans[j][0] if j < len(spans) else len(text)
    return text[start:end]


def describe(words: list[WordOp]) -> str:
    """The differing words alone: «43%» → «44%»; +«added»; −«removed»."""
    parts = []
    for w in words:
        if w.op == "replace":
            parts.append(f"«{w.old.strip()}» → «{w.new.strip()}»")
        elif w.op == "delete":
            parts.append(f"−«{w.old.strip()}»")
        elif w.op == "insert":
            parts.append(f"+«{w.new.strip()}»")
    return "; ".join(parts)
