"""Syllable unigram and bigram counts: the context that decides between "kiêm tra" and "kiểm tra".

The counts come from the project's own text: `extract/data/ocr_counts.tsv` is built from the hand-written
plans (`python -m extract.ocr_fix.build corpus/plans`, run again when they change), and the phrases of the
language data (`extract/data/*.yaml`) are added when the counts load. Probabilities are absolute-
discounted bigrams interpolated with add-α unigrams, in log space.

Public: `Counts`, `load_counts()`, `sequences()`, `build_counts()`, `write_counts()`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from .. import lexicon
from .syllables import key, project_phrases

COUNTS_FILE = "ocr_counts.tsv"
# Unigram smoothing: large, because a syllable missing from a small text sample is not a rare syllable.
ALPHA = 2.0
DISCOUNT = 0.75  # subtracted from every pair count; the mass goes to the unigram
# A sequence of syllables runs over spaces, commas and dashes; digits and other punctuation end it.
_BREAK = regex.compile(r"[^\p{L} \t,\-–]+")


def sequences(text: str) -> Iterator[list[str]]:
    """Runs of syllables (lower case, canonical tones) between breaks (line ends, digits, . ; : ( ) …)."""
    for chunk in _BREAK.split(text):
        words = regex.findall(r"\p{L}+", chunk)
        if words:
            yield [key(w) for w in words]


@dataclass
class Counts:
    unigrams: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)
    _followers: Counter | None = None
    _total: int = 0

    def add(self, seq: list[str], weight: int = 1) -> None:
        for i, w in enumerate(seq):
            self.unigrams[w] += weight
            if i:
                self.bigrams[(seq[i - 1], w)] += weight
        self._followers = None

    def _prepare(self) -> None:
        fol: Counter = Counter()
        for a, _b in self.bigrams:
            fol[a] += 1
        self._followers = fol
        self._total = sum(self.unigrams.values())

    def unigram_logp(self, w: str, vocab: int, alpha: float = ALPHA) -> float:
        if self._followers is None:
            self._prepare()
        return math.log((self.unigrams.get(w, 0) + alpha) / (self._total + alpha * vocab))

    def bigram_logp(self, prev: str | None, w: str, vocab: int) -> float:
        """log P(w | prev); prev None is the start of a run (unigram)."""
        if self._followers is None:
            self._prepare()
        uni = math.exp(self.unigram_logp(w, vocab))
        if prev is None:
            return math.log(uni)
        c_prev = self.unigrams.get(prev, 0)
        types = self._followers.get(prev, 0)
        if not c_prev or not types:
            return math.log(uni)
        # Absolute discounting: a pair seen once ("tỉnh Đà" of "tỉnh Đà Nẵng") says less than one seen often.
        c = self.bigrams.get((prev, w), 0)
        return math.log(max(c - DISCOUNT, 0.0) / c_prev + min(1.0, DISCOUNT * types / c_prev) * uni)


def build_counts(texts: Iterable[str]) -> Counts:
    counts = Counts()
    for text in texts:
        for seq in sequences(text):
            counts.add(seq)
    return counts


def write_counts(counts: Counts, path: Path, note: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"# Syllable counts for OCR correction, {note}. Built by `python -m extract.ocr_fix.build`.\n")
        for w, n in sorted(counts.unigrams.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"1\t{w}\t{n}\n")
        for (a, b), n in sorted(counts.bigrams.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"2\t{a} {b}\t{n}\n")


def read_counts(text: str) -> Counts:
    counts = Counts()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, item, n = line.split("\t")
        if kind == "1":
            counts.unigrams[item] += int(n)
        else:
            a, b = item.split(" ")
            counts.bigrams[(a, b)] += int(n)
    return counts


@lru_cache(maxsize=1)
def load_counts() -> Counts:
    """Shipped counts plus the phrases of the language data (each phrase counted once)."""
    try:
        text = resources.files("extract").joinpath("data", COUNTS_FILE).read_text(encoding="utf-8")
        counts = read_counts(text)
    except FileNotFoundError:
        counts = Counts()
    for phrase in project_phrases():
        for seq in sequences(phrase):
            counts.add(seq)
    words = lexicon.load("ocr_words")
    for prefix in words.get("province_prefixes", []):
        for province in words.get("provinces", []):
            for seq in sequences(f"{prefix} {province}"):
                counts.add(seq)
    return counts
