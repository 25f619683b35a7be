"""Pages that must be read like a scan: no text layer, images over the page, text as outlines, or
glyphs without a Unicode map; and the OCR words laid out as lines."""

from __future__ import annotations

import statistics

import regex

from ...ocr_fix import correct_words, starts_with_syllable
from .. import ocr as ocr_mod
from .lines import _Line, _Piece
from .page import _NeedsOcr, _PageLayout
from .patterns import _GARBAGE_MIN, _GARBAGE_RATIO


def needs_ocr(garbage: int, real: int, image_boxes, n_curves: int, width: float, height: float) -> str | None:
    """ "cid" when too many glyphs have no Unicode map, "scan" when the page is an image (or its text is drawn
    as outlines), None when the text layer is to be read."""
    if garbage >= _GARBAGE_MIN and garbage > _GARBAGE_RATIO * (garbage + real):
        return "cid"
    if real < 80:
        coverage = _image_coverage(image_boxes, width, height)
        if (real == 0 and coverage > 0.05) or coverage > 0.5:
            return "scan"
        if real == 0 and n_curves > 200:
            return "scan"  # text printed as outlines
    return None


def _image_coverage(boxes, pw: float, ph: float) -> float:
    area = 0.0
    for x0, top, x1, bottom in boxes:
        w = max(0.0, min(x1, pw) - max(x0, 0.0))
        h = max(0.0, min(bottom, ph) - max(top, 0.0))
        area += w * h
    return area / (pw * ph) if pw and ph else 0.0


_OCR_RULE = regex.compile(r"^[|¦!_\-—–.,;:'`\"~^+*=]+$")


def _ocr_layout(item: _NeedsOcr, result: ocr_mod.OcrPage) -> _PageLayout:
    """OCR words → lines (tesseract's own line grouping) in PDF points, without the noise tesseract reads
    in stamps, signatures and table rules, each line post-corrected (`extract.ocr_fix`: tone marks, split
    letters, Ð/Đ and O/0 in numbers)."""
    by_line: dict[tuple[int, int, int], list] = {}
    for w in result.words:
        by_line.setdefault(w.line_key, []).append(w)
    lines = []
    for words in by_line.values():
        kept = []
        edge = 0.03 * (item.width or result.width or 595.0)
        sure = [w.conf for w in words if w.conf >= 40]
        clean_line = len(sure) >= 3 and sum(sure) / len(sure) >= 85  # a printed line, not a stamp or signature
        for w in words:
            text = w.text.strip()
            if (
                not text
                or set(text) <= set("|¦[]")
                or (_OCR_RULE.match(text) and text not in ("-", "+") and w.conf < 90)
            ):
                continue  # table rules and scan borders read as "|", specks read as punctuation
            if (w.x1 < edge or w.x0 > (item.width or result.width) - edge) and len(text) <= 2:
                continue  # the dark border of a scanned sheet
            if (w.conf < 40 and len(text) <= 3) or w.conf < 20:
                # tesseract is unsure of words it reads with a stamp or handwriting over them ("năm" under a
                # date stamp): in an otherwise clean line, a word that begins with a real syllable stays.
                if not (clean_line and starts_with_syllable(text)):
                    continue
            kept.append(w)
        if not kept:
            continue
        if not any(sum(ch.isalnum() for ch in w.text) >= 2 for w in kept):
            if not (len(kept) == 1 and kept[0].text.strip().isdigit() and kept[0].conf >= 80):
                continue  # no real word: stamp or signature noise
        mean = sum(w.conf for w in kept) / len(kept)
        if mean < 50 or (len(kept) == 1 and (kept[0].conf < 70 or len(kept[0].text.strip()) < 2)):
            continue
        pieces = []
        for fixed in correct_words([w.text.strip() for w in kept]):
            ws = kept[fixed.first : fixed.last + 1]  # letters split by a space come back as one word
            top, bottom = min(w.top for w in ws), max(w.bottom for w in ws)
            pieces.append(
                _Piece(
                    fixed.text, ws[0].x0, ws[-1].x1, top, bottom, max(1.0, bottom - top), None, None, "ocr", word=True
                )
            )
        size = round(statistics.median(p.size for p in pieces) * 1.15 * 2) / 2
        for p in pieces:
            p.size = size
        lines.append(_Line(pieces, item.number, ocr=True))
    lines.sort(key=lambda ln: ln.top)
    # tesseract can put both header columns into one line; segments split them later.
    return _PageLayout(
        item.number,
        item.width or result.width,
        item.height or result.height,
        lines,
        [],
        ocr=True,
        ocr_conf=result.mean_confidence(),
    )
