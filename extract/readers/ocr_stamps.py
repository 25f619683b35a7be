"""The received-document stamp on scanned copies ("CÔNG VĂN ĐẾN" / "ĐẾN  Số: …  Ngày: …  Chuyển: …  Số và ký
hiệu HS: …"): the receiving office stamps it near the top, often beside the title or over the header, and
fills its fields by hand. tesseract reads it as words on the same lines as the title, so the title takes in
"ĐẾN Ngày … Chuyển …". The stamp is not part of the document: its words are dropped from the OCR page and a
note says so.

Found by its fields, not by position alone: a field label (`stamp_fields` in extract/data/header.yaml)
followed by a filled blank (a dotted leader, or handwriting tesseract reads as symbols), on two or more
lines stacked close together, one of them a label no header has (`stamp_only_fields`). Everything whose centre
lies in the box around those fields goes.

Public: `drop_received_stamp(page)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import lexicon
from ..normalize import match_key
from .ocr import OcrPage, OcrWord

_TOP_SHARE = 0.5  # the stamp sits in the upper half of the first page
_LEADER = regex.compile(r"\.{3,}|…|_{3,}")
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_SYMBOL_AFTER = regex.compile(r"^/\p{Lu}")


@dataclass(slots=True)
class _Field:
    label: str  # match key of the label
    words: list[OcrWord]  # the label's words and the filled blank after it

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def drop_received_stamp(page: OcrPage) -> list[str]:
    """Remove the words of a received-document stamp from `page`; return a note (Vietnamese) when one was found."""
    fields = _fields(page)
    box = _stamp_box(fields)
    if box is None:
        return []
    x0, top, x1, bottom = box
    kept = []
    dropped = 0
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            dropped += 1
            continue
        kept.append(w)
    page.words = kept
    return [f"dấu công văn đến ở đầu trang ({dropped} chữ) không thuộc văn bản: đã bỏ khỏi phần đầu"]


def _filled(text: str) -> bool:
    """A blank of a form: a dotted leader, or handwriting that tesseract reads as mostly symbols."""
    if _LEADER.search(text):
        return True
    letters = len(_ALNUM.findall(text))
    return len(text) >= 4 and letters <= 0.7 * len(text)


def _fields(page: OcrPage) -> list[_Field]:
    data = lexicon.load("header")
    labels = sorted((match_key(str(w)) for w in data["stamp_fields"]), key=len, reverse=True)
    limit = _TOP_SHARE * (page.height or 842.0)
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in page.words:
        if w.top <= limit:
            lines.setdefault(w.line_key, []).append(w)
    out: list[_Field] = []
    for words in lines.values():
        words.sort(key=lambda w: w.x0)
        i = 0
        while i < len(words):
            found = _label_at(words, i, labels)
            if found is None:
                i += 1
                continue
            label, n = found
            if any(_SYMBOL_AFTER.match(w.text) for w in words[i + n :]):
                i += n  # "Số: … /KH-UBND": the header's own number, not a stamp field
                continue
            label_words = words[i : i + n]
            rest = label_words[-1].text
            after = words[i + n] if i + n < len(words) else None
            h = max(w.bottom - w.top for w in label_words)
            near = after is not None and after.x0 - label_words[-1].x1 < 3 * h
            tail = rest[rest.find(":") + 1 :] if ":" in rest else ""
            if _filled(tail):
                out.append(_Field(label, label_words))
            elif near and after is not None and _filled(after.text):
                out.append(_Field(label, [*label_words, after]))
            i += n
    return out


def _label_at(words: list[OcrWord], i: int, labels: list[str]) -> tuple[str, int] | None:
    """(label, number of words) when words[i:] start with a field label, longest first."""
    for label in labels:
        n = len(label.split())
        if i + n > len(words):
            continue
        key = match_key(" ".join(w.text for w in words[i : i + n]))
        if key == label or (key.startswith(label) and not key[len(label) : len(label) + 1].isalnum()):
            return label, n
    return None


def _stamp_box(fields: list[_Field]) -> tuple[float, float, float, float] | None:
    """The box around the largest group of fields stacked on separate lines, when it holds a field no header
    has; None otherwise."""
    only = {match_key(str(w)) for w in lexicon.load("header")["stamp_only_fields"]}
    fields = sorted(fields, key=lambda f: f.top)
    groups: list[list[_Field]] = []
    for f in fields:
        h = f.bottom - f.top
        if groups and f.top - groups[-1][-1].bottom <= 2.5 * h and f.top >= groups[-1][-1].top + 0.5 * h:
            groups[-1].append(f)
        else:
            groups.append([f])
    best = max((g for g in groups if len(g) >= 2 and any(f.label in only for f in g)), key=len, default=None)
    if best is None:
        return None
    words = [w for f in best for w in f.words]
    h = sorted(w.bottom - w.top for f in best for w in f.words[:1])[len(best) // 2]  # a label's height
    # The stamp's heading ("UBND TỈNH …", "CÔNG VĂN ĐẾN") sits above its first field, and the big "ĐẾN" on its left.
    return (
        min(w.x0 for w in words) - 2.0 * h,
        min(w.top for w in words) - 1.5 * h,
        max(w.x1 for w in words),
        max(w.bottom for w in words),  # the next line of the page may touch the stamp's lower edge
    )
