"""The two confusions that are fixed inside numbers and symbols: "Ð" (Icelandic eth, never Vietnamese) for
"Đ", and the letter O for the digit 0 between digits ("1O5/KH-UBND" → "105/KH-UBND"). A document-type code
read with its "Đ" doubled ("QĐÐ-SCT") loses the extra letter when that gives a known code (the types
vocab.yaml `doc_types` reads). Nothing else in a word with digits or joined by - / & is touched."""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import lexicon

ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # Ð ð → Đ đ
# An O between two digits, or after a digit at the end of a number part ("2O26", "1O/KH", "10O").
_O_IN_NUMBER = regex.compile(r"(?<=\d)[Oo](?=\d|[/.,\-]\d|/\p{Lu}|$)|(?<![\p{L}\d])[Oo](?=\d)")
_CODE_PART = regex.compile(r"(?<![\p{L}\d])(\p{Lu}[\p{L}]{1,4})(?=-)")


@lru_cache(maxsize=1)
def _doc_codes() -> frozenset[str]:
    # Only the types the genre's headers are read as: a decree code such as TT or BB would turn a real doubled
    # run in a symbol ("TTT") into a type the document does not have.
    return frozenset(lexicon.read_doc_types())


# tesseract reads one "Đ" as "ĐÐ" or "ÐĐ" (both shapes at once): a run with an eth is one letter.
_ETH_RUN = regex.compile(r"[\u0110\u00d0]*\u00d0[\u0110\u00d0]*|\u0110[\u0110\u00d0]*\u00d0")
_ETH_RUN_LOWER = regex.compile(r"[\u0111\u00f0]*\u00f0[\u0111\u00f0]*")


def fix_symbols(word: str) -> str:
    """Apply the eth and O/0 fixes to one OCR word; other characters stay as read."""
    if "\u00d0" in word or "\u00f0" in word:
        word = _ETH_RUN_LOWER.sub("\u0111", _ETH_RUN.sub("\u0110", word))
    if any(c.isdigit() for c in word):
        # Fix O only where the word is a number or number/symbol; "CO2" keeps its letter.
        word = _O_IN_NUMBER.sub("0", word)
    if "-" in word:
        word = _CODE_PART.sub(lambda m: _undouble(m.group(1)), word)
    return word


def _undouble(part: str) -> str:
    codes = _doc_codes()
    if part in codes:
        return part
    for i in range(1, len(part)):
        if part[i] == part[i - 1] and part[:i] + part[i + 1 :] in codes:
            return part[:i] + part[i + 1 :]
    return part


# Letters tesseract reads for digits in a short number; applied only where a number must stand.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "U": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "G": "6",
    }
)
_SHORT_NUMBER = regex.compile(r"^([\p{L}\d|]{1,2})[_.,'`~]*$")


def fix_date_numbers(words: list[str]) -> list[str]:
    """In "ngày X tháng Y năm Z" the day and month are numbers: a 1–2 character word there with a digit and
    digit look-alikes ("U6_", "O5") is read as the number ("06", "05"). Words without a digit stay."""
    out = list(words)
    low = [w.lower() for w in words]
    for i in range(1, len(words) - 1):
        if (low[i - 1], low[i + 1]) not in (("ngày", "tháng"), ("tháng", "năm")):
            continue
        m = _SHORT_NUMBER.match(words[i])
        if not m or not any(c.isdigit() for c in m.group(1)):
            continue
        fixed = m.group(1).translate(_DIGIT_LOOKALIKES)
        if fixed.isdigit():
            out[i] = fixed
    return out
