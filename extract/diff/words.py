"""Word-level diff over Vietnamese syllables, blind to spelling variants that are not changes.

Tokens are syllables and punctuation marks; they are compared by `match_key`, so NFC/NFD, tone-mark placement
("hòa"/"hoà"), case and dash variants never show as a change. Each op keeps the original spellings with their
spacing, so the pieces of a side concatenate back to its text.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import regex

from ..normalize import match_key
from .model import WordOp

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


def token_keys(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [_key(text[s:e]) for s, e in spans]


def word_diff(old: str, new: str) -> list[WordOp]:
    """Ops turning `old` into `new`; equal stretches are merged. Empty when only spelling variants differ."""
    os_, ns = tokens(old), tokens(new)
    ok, nk = token_keys(old, os_), token_keys(new, ns)
    if ok == nk:
        return []
    ops: list[WordOp] = []
    sm = SequenceMatcher(None, ok, nk, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        o = _piece(old, os_, i1, i2)
        n = _piece(new, ns, j1, j2)
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
    """Character spans of the differing tokens in `old` and in `new` (for deciding what explains them)."""
    os_, ns = tokens(old), tokens(new)
    ok, nk = token_keys(old, os_), token_keys(new, ns)
    out_old: list[tuple[int, int]] = []
    out_new: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ok, nk, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        out_old += os_[i1:i2]
        out_new += ns[j1:j2]
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
