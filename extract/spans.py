"""Evidence spans: narrow a source to the words an item names, so `plan.text[src.start:src.end]` is the evidence.

Readers report where a table row or a paragraph starts; the words of one cell (a task, an agency, a time) stand
somewhere after that start, with their lines joined by the reader. `locate` finds them allowing any run of
whitespace between words; the pattern is a chain of literal words, so it runs in linear time.
"""

from __future__ import annotations

import regex

from .model import Source

_WINDOW = 20_000  # a table row's cells stand within this many characters of the row's start
_MAX_WORDS = 400


def locate(text: str, needle: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """Span of `needle` in `text[lo:hi]`, whitespace-insensitive; None when it is not there."""
    needle = needle.strip()
    if not needle:
        return None
    hi = len(text) if hi is None else min(hi, len(text))
    i = text.find(needle, lo, hi)
    if i >= 0:
        return i, i + len(needle)
    words = needle.split()[:_MAX_WORDS]
    pattern = regex.compile(r"\s+".join(regex.escape(w) for w in words))
    m = pattern.search(text, lo, hi)
    return (m.start(), m.end()) if m else None


def narrow(source: Source, text: str, needle: str, window: int = _WINDOW) -> Source:
    """A copy of `source` whose span covers `needle`, searched from the source's start (then before it: a merged
    cell is written once, at the first row it spans); unchanged when absent."""
    span = locate(text, needle, source.start, source.start + window)
    if span is None:
        span = _locate_last(text, needle, max(0, source.start - window), source.start)
    if span is None:
        return source
    return source.model_copy(update={"start": span[0], "end": span[1]})


def _locate_last(text: str, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The last occurrence of `needle` in `text[lo:hi]`."""
    found = None
    while (span := locate(text, needle, lo, hi)) is not None:
        found, lo = span, span[0] + 1
    return found
