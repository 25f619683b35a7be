"""Handwritten header blanks on scanned plans: the number after "Số:" and the day (and month) of
"ngày … tháng … năm …" are very often filled in by hand after signing, and tesseract's Vietnamese model reads
those digits as noise ("⁄€", "đÓ6") or glues them to the printed label ("Số:Ø#6”", "ngày44$").

After the first OCR of a page, each blank is located from the printed words around it (the label before it,
the next printed word after it), cropped from the page image, and read again as digits only (English model,
several segmentation modes and scales, majority vote). A reading is kept only when the vote agrees and the
value is plausible (a number 1-9999; a day that exists in the month); otherwise the noise is dropped and a
warning says the blank could not be read: an empty field is better than a wrong one.

Public: `read_blanks(image_path, page, dpi)`.
"""

from __future__ import annotations

import calendar
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from ..normalize import match_key, strip_accents
from .ocr import OcrPage, OcrWord
from .ocr_digits import Hand, digit_count, own_digits, read_figure

# Printed-label widths measured in units of the width of the four-digit year on the same line (digits are
# the same width in every body font, so the ratios hold for Times and Arial alike).
_WIDTH_PER_YEAR = {"ngay": 0.97, "thang": 1.11, "nam": 0.87}
# "Số:" measured in units of the height of the symbol after the blank ("/KH-UBND": capitals and a slash).
_SO_PER_HEIGHT = 1.9
_TOP_SHARE = 0.45  # the header lines sit in the upper part of the first page
# Readings per blank: figure height in pixels x binarised or grey x tesseract segmentation mode (one line, one
# word, raw line). Handwriting makes single readings drop or invent digits; a value is taken only when at
# least half of the readings agree on it and it is at least twice as common as any other reading.
_HEIGHTS = (64, 96)
_DIGITS = {"number": 4, "day": 2, "month": 2}  # most digits a blank holds
_PSMS = (7, 8, 13)

_SYMBOL = regex.compile(r"^/?\p{Lu}[\p{L}\d.]*(?:[-/][\p{L}\d.]+)+$")
_YEAR = regex.compile(r"^(?:19|20)\d\d\W*$")
_CLEAN_NUMBER = regex.compile(r"^\d{1,4}$")
_GLUED_DIGITS = regex.compile(r"^S\S{1,2}?:\s*\d{1,4}$")
_LABEL_SO = regex.compile(r"^s[oốôồổỗộ6ó0]", regex.I)


@dataclass(slots=True)
class _Label:
    text: str  # as it should read
    x0: float
    x1: float


@dataclass(slots=True)
class _Blank:
    kind: str  # "number", "day", "month"
    x0: float  # PDF points: after the label
    x1: float  # before the next printed word
    first: OcrWord | None = None  # the first OCR's clean reading, when it has one
    noise: bool = False  # the first OCR saw something there that is not a clean number
    value: str | None = None
    box: tuple[float, float, float, float] | None = None  # where the value's ink is (points)
    label_x0: float | None = None  # start of a label glued to the blank, whose end is only estimated
    share: float = 0.0  # of the readings that agree on `value`: its confidence
    glued: tuple[bool, bool] = (False, False)  # printed text touches the blank's ink on the left, on the right


@dataclass(slots=True)
class _LineFix:
    """The words first..last of one OCR line, to be rewritten as label, value, label, value, … (+ tail)."""

    line: list[OcrWord]
    first: int
    last: int
    parts: list[_Label | _Blank]
    tail: str  # printed text glued to the last word (the symbol after the number), kept as read
    tail_x0: float
    top: float
    bottom: float


def read_blanks(image_path: str | Path, page: OcrPage, dpi: int) -> list[str]:
    """Re-read the handwritten header blanks of `page` in place; return warnings (Vietnamese) for blanks that
    hold ink that could not be read. Does nothing on pages without a header number or date line."""
    if shutil.which("tesseract") is None or not page.words:
        return []
    fixes = _find_fixes(page)
    if not any(isinstance(p, _Blank) and p.first is None for f in fixes for p in f.parts):
        return []
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pdfplumber depends on Pillow
        return []
    with Image.open(image_path) as im:
        gray = im.convert("L")
    scale = dpi / 72.0
    warnings: list[str] = []
    values: dict[str, str | None] = {}
    year = _line_year(page)
    for fix in fixes:
        for blank in (p for p in fix.parts if isinstance(p, _Blank)):
            if blank.first is not None:
                blank.value = blank.first.text
            else:
                box = _ink_box(gray, blank, fix.top, fix.bottom, scale)
                if box is None and blank.x1 - blank.x0 >= 0.5 * (fix.bottom - fix.top):
                    blank.noise = False  # a blank wide enough to look into, and nothing written: a speck at most
                if box is not None:
                    blank.noise = True
                    blank.value, blank.share = _vote(gray.crop(box))
                    count = digit_count(gray.crop(box), _DIGITS[blank.kind] + 1)
                    if blank.value is not None and count is not None and count != len(blank.value):
                        blank.value = None  # tesseract dropped or invented a digit of the pen figure
                    if blank.value is None:  # handwriting tesseract cannot read: compare with written digits
                        blank.value, blank.share = read_figure(
                            _without_print(gray, box, blank, scale),
                            lambda v, k=blank.kind: _plausible(k, v, values, year),
                            _DIGITS[blank.kind],
                        )
                    blank.box = tuple(c / scale for c in box)  # type: ignore[assignment]
            values[blank.kind] = blank.value
    _read_by_hand(gray, fixes, values, year, scale)
    for fix in fixes:
        for blank in (p for p in fix.parts if isinstance(p, _Blank)):
            if blank.value is not None and not _plausible(blank.kind, blank.value, values, year):
                blank.value = values[blank.kind] = None
            if blank.value is None and blank.noise:
                what = {"number": "số văn bản", "day": "ngày ký", "month": "tháng ký"}[blank.kind]
                warnings.append(f"{what} viết tay trên bản quét không đọc được; để trống, cần kiểm tra bản gốc")
    for fix in sorted(fixes, key=lambda f: -f.first):  # right to left: two fixes may share one OCR line
        if any(isinstance(p, _Blank) and p.first is None for p in fix.parts):
            _rewrite(fix)
    _store(page, fixes)
    return warnings


def _read_by_hand(gray, fixes: list[_LineFix], values: dict[str, str | None], year: int | None, scale: float) -> None:
    """Blanks left unread, read again with the digits the same hand wrote in the blanks already read on this
    page as the likeness of that writer's digits (the set of strangers' digits left them undecided)."""
    pen_blanks = [b for f in fixes for b in f.parts if isinstance(b, _Blank) and b.first is None and b.box]
    hand: Hand = {}
    for blank in (b for b in pen_blanks if b.value is not None):
        for digit, shapes in own_digits(_pen_crop(gray, blank, scale), blank.value, _DIGITS[blank.kind]).items():
            hand.setdefault(digit, []).extend(shapes)
    if not hand:
        return
    for blank in (b for b in pen_blanks if b.value is None):
        blank.value, blank.share = read_figure(
            _pen_crop(gray, blank, scale),
            lambda v, k=blank.kind: _plausible(k, v, values, year),
            _DIGITS[blank.kind],
            hand,
        )
        values[blank.kind] = blank.value


def _pen_crop(gray, blank: _Blank, scale: float):
    box = tuple(round(c * scale) for c in blank.box)  # type: ignore[union-attr]
    return _without_print(gray, box, blank, scale)  # type: ignore[arg-type]


# --- locating the blanks ---------------------------------------------------------------------------------


def _lines(page: OcrPage) -> list[list[OcrWord]]:
    by_line: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in page.words:
        if w.top <= _TOP_SHARE * (page.height or 842.0):
            by_line.setdefault(w.line_key, []).append(w)
    return [sorted(ws, key=lambda w: w.x0) for ws in by_line.values()]


def _find_fixes(page: OcrPage) -> list[_LineFix]:
    fixes: list[_LineFix] = []
    for line in _lines(page):
        for fix in (_number_fix(line), _date_fix(line)):
            if fix is not None:
                fixes.append(fix)
    return fixes


def _clean_between(line: list[OcrWord], lo: int, hi: int, x0: float, x1: float, glued: bool) -> OcrWord | None:
    """The one clean printed number strictly between words lo and hi, when that is all there is."""
    inside = line[lo + 1 : hi]
    if glued or len(inside) != 1:
        return None
    w = inside[0]
    return w if _CLEAN_NUMBER.match(w.text) and w.conf >= 80 and w.x0 >= x0 - 2 and w.x1 <= x1 + 2 else None


def _number_fix(line: list[OcrWord]) -> _LineFix | None:
    """'Số: N /KH-UBND': the label is a word starting with 'Số', the symbol a later capitalised code; the
    number is in between (or glued to either)."""
    for i, w in enumerate(line):
        # The header label is capitalised and opens its column ("số 28/QĐ-TTg" in a sentence is a citation).
        opens = i == 0 or w.x0 - line[i - 1].x1 > 3 * (w.bottom - w.top)
        if not w.text.startswith("S") or not _LABEL_SO.match(w.text) or not opens:
            continue
        for j in range(i + 1, len(line)):
            sym = line[j]
            cut = sym.text.find("/")
            if cut < 0 or not _SYMBOL.match(sym.text[cut:]):
                continue
            h = sym.bottom - sym.top
            label_w = _SO_PER_HEIGHT * h
            label_glued = len(w.text) > 3 or w.x1 - w.x0 > 1.25 * label_w
            between = line[i + 1 : j]
            if not between and (
                (label_glued and _GLUED_DIGITS.match(w.text)) or (cut > 0 and _CLEAN_NUMBER.match(sym.text[:cut]))
            ):
                return None  # "Số:1050 /QĐ-SCT", "Số: 1050/QĐ-SCT": printed digits the header reads as they are
            label_x1 = w.x0 + label_w if label_glued else w.x1
            end_x0 = sym.x0 if cut == 0 else sym.x0 + (sym.x1 - sym.x0) * cut / len(sym.text)
            if end_x0 - label_x1 < 0.3 * h:
                return None
            blank = _Blank("number", label_x1, end_x0, glued=(label_glued, cut > 0))
            if label_glued:
                blank.label_x0 = w.x0  # the label's end is an estimate: look for its colon on the image
            blank.first = _clean_between(line, i, j, label_x1, end_x0, label_glued or cut > 0)
            blank.noise = label_glued or cut > 0 or (j > i + 1 and blank.first is None)
            top = min(x.top for x in line[i : j + 1])
            bottom = max(x.bottom for x in line[i : j + 1])
            label = _Label("Số:", w.x0, label_x1)
            return _LineFix(line, i, j, [label, blank], sym.text[cut:], end_x0, top, bottom)
    return None


def _date_fix(line: list[OcrWord]) -> _LineFix | None:
    """'…, ngày D tháng M năm YYYY': labels found by their start or end (noise glues to either side), the
    four-digit year as the ruler for printed-label widths."""
    keys = [strip_accents(match_key(w.text)) for w in line]
    year_i = next((k for k, w in enumerate(line) if _YEAR.match(w.text)), None)
    if year_i is None:
        return None
    ruler = line[year_i].x1 - line[year_i].x0
    found: list[tuple[int, _Label, bool]] = []
    lo = 0
    for name, text in (("ngay", "ngày"), ("thang", "tháng"), ("nam", "năm")):
        k = next((k for k in range(lo, year_i) if name in keys[k].replace(" ", "")), None)
        if k is None:
            return None
        w, est = line[k], _WIDTH_PER_YEAR[name] * ruler
        key = keys[k].replace(" ", "")
        if key == name and w.x1 - w.x0 <= 1.3 * est:
            found.append((k, _Label(w.text, w.x0, w.x1), False))
        elif key == name and name == "nam":
            # "02năm" read as "năm": handwriting glued in front of the label, which ends the word
            found.append((k, _Label(text, w.x1 - est, w.x1), True))
        elif key.startswith(name):
            found.append((k, _Label(text, w.x0, w.x0 + est), True))
        elif key.endswith(name):
            found.append((k, _Label(text, w.x1 - est, w.x1), True))
        else:
            return None
        lo = k + (0 if key.startswith(name) and not key.endswith(name) and key != name else 1)
    (k_d, ngay, g1), (k_t, thang, g2), (k_n, nam, g3) = found
    if k_d == 0 or not line[k_d - 1].text.endswith(","):
        return None  # the header's date follows its place ("Hà Nội, ngày …"); a cited date follows a number
    if k_n != year_i - 1 or not (ngay.x1 < thang.x0 < nam.x0):
        return None
    day = _Blank("day", ngay.x1, thang.x0, glued=(g1, g2))
    day.first = _clean_between(line, k_d, k_t, day.x0, day.x1, g1 or g2)
    day.noise = g1 or g2 or (k_t > k_d + 1 and day.first is None)
    month = _Blank("month", thang.x1, nam.x0, glued=(g2, g3))
    month.first = _clean_between(line, k_t, k_n, month.x0, month.x1, g2 or g3)
    month.noise = g2 or g3 or (k_n > k_t + 1 and month.first is None)
    top = min(w.top for w in line[k_d : year_i + 1])
    bottom = max(w.bottom for w in line[k_d : year_i + 1])
    return _LineFix(line, k_d, k_n, [ngay, day, thang, month, nam], "", nam.x1, top, bottom)


# --- reading the crop ------------------------------------------------------------------------------------


def _ink_box(gray, blank: _Blank, top: float, bottom: float, scale: float) -> tuple[int, int, int, int] | None:
    """The box of the ink in the blank (pixels), or None when the blank is empty. Handwriting rises above
    and below the printed line, so the band is taller than the words."""
    h = bottom - top
    x0 = int((blank.x0 + 0.05 * h) * scale)
    if blank.label_x0 is not None:
        colon = _colon_end(gray, blank.label_x0, h, top, bottom, scale)
        if colon is not None:
            x0 = colon + 1
    x1 = int((blank.x1 - 0.05 * h) * scale)
    y0 = max(0, int((top - 0.5 * h) * scale))
    y1 = min(gray.height, int((bottom + 0.3 * h) * scale))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = gray.crop((x0, y0, x1, y1))
    thr = min(_otsu(crop), 170)
    ink = crop.point(lambda v: 255 if v <= thr else 0)  # Otsu's level is the darker class's last
    bbox = ink.getbbox()
    if bbox is None:
        return None
    bx0, by0, bx1, by1 = bbox
    dark = ink.crop(bbox).histogram()[255]
    if dark < 0.02 * (h * scale) ** 2 or by1 - by0 < 0.35 * h * scale:
        return None  # a speck or a dotted leader, not a figure
    own = ink.crop((0, int(top * scale) - y0, ink.width, int(bottom * scale) - y0)).getbbox()
    if own is None or own[3] - own[1] < 0.35 * h * scale:
        return None  # the ink is above or below the line (the underline of the heading above), not in the blank
    # The label's width is an estimate: a figure that starts before it (or runs past the next word's start)
    # is followed outwards to the first empty column, at most a quarter of a line height.
    left, right = x0 + bx0, x0 + bx1
    reach = int(0.25 * h * scale)
    if bx0 == 0:
        left = _empty_column(gray, thr, left, max(0, left - reach), y0 + by0, y0 + by1, -1)
    if bx1 == x1 - x0:
        right = _empty_column(gray, thr, right, min(gray.width, right + reach), y0 + by0, y0 + by1, 1)
    pad = int(0.1 * h * scale)
    return (left - pad, max(0, y0 + by0 - pad), right + pad, min(gray.height, y0 + by1 + pad))


def _without_print(gray, box: tuple[int, int, int, int], blank: _Blank, scale: float):
    """The crop with the columns of a glued printed label painted white: the shape reader takes every stroke
    for part of a digit, and a label letter touching the last digit ("02năm") makes it a different figure."""
    from PIL import ImageDraw

    crop = gray.crop(box)
    draw = ImageDraw.Draw(crop)
    left, right = round(blank.x0 * scale) - box[0], round(blank.x1 * scale) - box[0]
    if blank.glued[0] and left > 0:
        draw.rectangle((0, 0, left - 1, crop.height), fill=255)
    if blank.glued[1] and right < crop.width:
        draw.rectangle((right, 0, crop.width, crop.height), fill=255)
    return crop


def _colon_end(gray, label_x0: float, h: float, top: float, bottom: float, scale: float) -> int | None:
    """The right edge (pixels) of the colon of 'Số:' when the label is glued to handwriting: the first narrow
    run of ink columns, between 1 and 2.4 line heights from the label's start, made of two dots one above the
    other."""
    y0, y1 = int(top * scale), int(bottom * scale)
    start, stop = int((label_x0 + 1.0 * h) * scale), int((label_x0 + 2.4 * h) * scale)
    if stop - start < 2 or y1 - y0 < 4:
        return None
    band = gray.crop((start, y0, stop, y1))
    ink = band.point(lambda v, t=min(_otsu(band), 170): 255 if v < t else 0)
    cols = [ink.crop((x, 0, x + 1, ink.height)).getbbox() is not None for x in range(ink.width)]
    x = 0
    while x < len(cols):
        if not cols[x]:
            x += 1
            continue
        run_end = x
        while run_end < len(cols) and cols[run_end]:
            run_end += 1
        if run_end - x <= 0.3 * h * scale and _two_dots(ink.crop((x, 0, run_end, ink.height))):
            return start + run_end
        x = run_end
    return None


def _two_dots(run) -> bool:
    """Ink rows of a narrow run form two short groups: a colon, not a letter or a digit's stroke."""
    rows = [run.crop((0, y, run.width, y + 1)).getbbox() is not None for y in range(run.height)]
    groups: list[int] = []
    inside = False
    for filled in rows:
        if filled and not inside:
            groups.append(0)
        if filled:
            groups[-1] += 1
        inside = filled
    return len(groups) == 2 and max(groups) <= 0.3 * run.height


def _empty_column(gray, thr: int, start: int, stop: int, y0: int, y1: int, step: int) -> int:
    """The first column from start towards stop (exclusive) without ink between y0 and y1; stop if none."""
    for x in range(start, stop, step):
        col = gray.crop((x, y0, x + 1, y1))
        if col.getextrema()[0] > thr:
            return x
    return stop


def _otsu(img) -> int:
    hist = img.histogram()
    total = sum(hist)
    sum_all = sum(i * n for i, n in enumerate(hist))
    w_b = s_b = 0
    best, thr = -1.0, 128
    for t in range(256):
        w_b += hist[t]
        if not w_b:
            continue
        w_f = total - w_b
        if not w_f:
            break
        s_b += t * hist[t]
        m_b, m_f = s_b / w_b, (sum_all - s_b) / w_f
        var = w_b * w_f * (m_b - m_f) ** 2
        if var > best:
            best, thr = var, t
    return thr


def _vote(crop) -> tuple[str | None, float]:
    """Digits in the crop, read several ways: (the reading most of them agree on or None, its share)."""
    from PIL import Image, ImageOps

    readings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kehoach-blank-") as tmp:
        for height in _HEIGHTS:
            k = height / crop.height
            grey = crop.resize((max(1, round(crop.width * k)), height), Image.LANCZOS)
            thr = _otsu(grey)
            for binarised in (False, True):
                img = grey.point(lambda v, t=thr: 0 if v < t else 255) if binarised else grey
                path = Path(tmp) / f"b{height}{int(binarised)}.png"
                ImageOps.expand(img, border=20, fill=255).save(path)
                readings += [_tesseract_digits(path, psm) for psm in _PSMS]
    ranked = Counter(readings).most_common()
    best, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if not best or 2 * n < len(readings) or n < 2 * runner_up:
        return None, 0.0
    return best, n / len(readings)


def _tesseract_digits(path: Path, psm: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = ["tesseract", str(path), "stdout", "-l", "eng", "--psm", str(psm)]
    cmd += ["-c", "tessedit_char_whitelist=0123456789"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=30, env=env)
    except (OSError, subprocess.SubprocessError):
        return ""
    return "".join(proc.stdout.decode("utf-8", errors="replace").split())


def _plausible(kind: str, value: str, values: dict[str, str | None], year: int | None) -> bool:
    if not value.isdigit() or (len(value) > 1 and value[0] == "0" and kind == "number"):
        return False
    n = int(value)
    if kind == "number":
        return 1 <= n <= 9999
    if kind == "month":
        return 1 <= n <= 12
    month = values.get("month")
    last = 31
    if month and month.isdigit() and 1 <= int(month) <= 12 and year:
        last = calendar.monthrange(year, int(month))[1]
    return 1 <= n <= last


def _line_year(page: OcrPage) -> int | None:
    for w in page.words:
        if _YEAR.match(w.text) and w.top <= _TOP_SHARE * (page.height or 842.0):
            return int(w.text[:4])
    return None


# --- writing the reading back ----------------------------------------------------------------------------


def _rewrite(fix: _LineFix) -> None:
    """Replace words first..last of the line by clean words: each label, each value read, the glued tail."""
    anchor = fix.line[fix.first]
    new: list[OcrWord] = []
    for part in fix.parts:
        if isinstance(part, _Label):  # printed text we know: written as a sure word
            new.append(OcrWord(part.text, part.x0, fix.top, part.x1, fix.bottom, 96.0, anchor.line_key))
        elif part.value is not None:
            if part.first is not None:
                new.append(part.first)
            else:
                x0, _, x1, _ = part.box or (part.x0, 0.0, part.x1, 0.0)
                conf = round(100 * part.share, 1)
                new.append(OcrWord(part.value, x0, fix.top, x1, fix.bottom, conf, anchor.line_key))
    if fix.tail:
        last = fix.line[fix.last]
        new.append(OcrWord(fix.tail, fix.tail_x0, last.top, last.x1, last.bottom, last.conf, anchor.line_key))
    fix.line[fix.first : fix.last + 1] = new


def _store(page: OcrPage, fixes: list[_LineFix]) -> None:
    """Put the rewritten lines back into the page's word list, in place of their old words."""
    done: set[tuple[int, int, int]] = set()
    for fix in fixes:
        key = fix.line[0].line_key if fix.line else None
        if key is None or key in done:
            continue
        done.add(key)
        at = next(i for i, w in enumerate(page.words) if w.line_key == key)
        rest = [w for w in page.words if w.line_key != key]
        before = sum(1 for w in page.words[:at] if w.line_key != key)
        page.words = rest[:before] + fix.line + rest[before:]
