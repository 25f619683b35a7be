"""Handwritten digits read by shape, for the header blanks tesseract cannot read.

Tesseract's models are trained on print: a pen-written "18" or a marker "24" comes out as "4" or nothing,
whatever the scale or mode. This reader compares each written digit with real handwriting instead: the
optical-digits set of the UCI repository (1797 digits written by 13 people on NIST forms, as 8x8 grids of
ink counts; `extract/data/handwritten_digits.csv.gz`, see `extract/data/README.md`), by nearest neighbours.

A crop is binarised, its slant removed (pen figures lean right; the set's digits stand upright), cut into
digits at their connected strokes (touching digits at their thinnest column), and each digit normalised like
the set (stood upright, its box scaled into 32x32, strokes brought to one pen width, ink counted per 4x4
block). A digit with no close written neighbour, or whose neighbours name no digit often enough, gives no
reading; the renderings of one crop must agree on the one plausible value, or the blank stays empty.

One hand fills in every blank of a page: the digits of a figure already read with agreement (`own_digits`)
are the best likeness of that writer's other digits. When the set leaves a digit between two or more values,
the writer's own digit of one of them decides, if the digit is clearly closer to it than to anything else
the writer wrote and to every written sample of the other values.

Public: `read_figure(gray, plausible, hand=…)`, `own_digits(gray, value)`, `digit_count(gray)`.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from itertools import product

import numpy as np

_K = 7  # neighbours consulted per digit
_MIN_VOTES = 2  # of them naming a digit for it to be a candidate
_MAX_STROKE = 0.3  # pen width over digit height (a marker digit: about 0.15)
_NEAR = 0.8  # cosine similarity the nearest written digit must reach (real digits score 0.83-0.96)
_THRESHOLD_OFFSETS = (-30, 0, 30)  # ink thresholds around Otsu's: faint and heavy strokes
_PENS = (4.0, 5.0, 6.0)  # stroke widths (pixels in the 32x32 grid) the digits are brought to
_SHEARS = tuple(s / 20 for s in range(-12, 5))  # x shift per row of height, tried to stand the figure upright
_MAX_DIGITS = 4
_NEAR_HAND = 0.85  # cosine similarity a digit must reach to the writer's own digit of a value
_HAND_MARGIN = 0.05  # by which that likeness must beat every rival (the writer's other digits, the set's samples)

Hand = dict[int, list[np.ndarray]]  # the writer's own digits on the page: value -> digit masks


@lru_cache(maxsize=1)
def _samples() -> tuple[np.ndarray, np.ndarray]:
    raw = resources.files("extract").joinpath("data", "handwritten_digits.csv.gz").read_bytes()
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",", dtype=np.float32)
    grids = table[:, :64]
    return grids / np.linalg.norm(grids, axis=1, keepdims=True), table[:, 64].astype(np.int64)


def read_figure(
    gray, plausible: Callable[[str], bool], max_digits: int = _MAX_DIGITS, hand: Hand | None = None
) -> tuple[str | None, float]:
    """The figure written in `gray` (a PIL greyscale crop of the blank's ink, dark on light): (its value or
    None, the share of renderings that agree on it). Each rendering (ink threshold x pen width) names, per
    digit, the digits most of its neighbours name (narrowed by the writer's own digits in `hand`, see
    `_by_hand`); the readings those allow are filtered by `plausible` (a day that exists, a month 1-12); a
    rendering counts only when exactly one reading is left. The value is kept when half of the renderings or
    more read it and none reads anything else."""
    pixels = np.asarray(gray.convert("L"), dtype=np.int16)
    base = _otsu(pixels)
    found: list[str | None] = []
    for offset in _THRESHOLD_OFFSETS:
        ink = pixels <= min(base + offset, 230)  # Otsu's level is the last of the dark class
        pieces = _pieces(ink, max_digits)
        for pen in _PENS:
            found.append(_one_reading(pieces, pen, plausible, hand or {}) if pieces else None)
    ranked = Counter(r for r in found if r is not None).most_common()
    if len(ranked) != 1 or 2 * ranked[0][1] < len(found):
        return None, 0.0
    return ranked[0][0], ranked[0][1] / len(found)


def own_digits(gray, value: str, max_digits: int = _MAX_DIGITS) -> Hand:
    """The digits of a figure read as `value` in `gray`, as the writer drew them: the pieces of every ink
    threshold that cuts the figure into exactly as many digits as `value` has, each under its digit."""
    pixels = np.asarray(gray.convert("L"), dtype=np.int16)
    base = _otsu(pixels)
    hand: Hand = {}
    for offset in _THRESHOLD_OFFSETS:
        pieces = _pieces(pixels <= min(base + offset, 230), max_digits)
        if pieces and len(pieces) == len(value) and value.isdigit():
            for digit, piece in zip(value, pieces, strict=True):
                hand.setdefault(int(digit), []).append(piece)
    return hand


def digit_count(gray, max_digits: int = _MAX_DIGITS) -> int | None:
    """How many digits are written in `gray`, when every ink threshold cuts the figure into the same number of
    digit-sized pieces; None otherwise. Tesseract drops or invents a digit of a pen figure ("96" for "196"): a
    reading of another length is not the figure."""
    pixels = np.asarray(gray.convert("L"), dtype=np.int16)
    base = _otsu(pixels)
    counts = {len(_pieces(pixels <= min(base + offset, 230), max_digits) or []) for offset in _THRESHOLD_OFFSETS}
    counts.discard(0)  # a threshold that finds no figure abstains
    return counts.pop() if len(counts) == 1 else None


def _pieces(ink: np.ndarray, max_digits: int) -> list[np.ndarray] | None:
    trimmed = _trim(ink)
    if trimmed is None or trimmed.shape[0] < 8:
        return None
    parts = _cut(_upright(trimmed))
    return parts if 0 < len(parts) <= max_digits else None


def _one_reading(pieces: list[np.ndarray], pen: float, plausible: Callable[[str], bool], hand: Hand) -> str | None:
    options = [_candidates(p, pen) for p in pieces]
    if hand:
        options = [_by_hand(p, pen, o, hand) if len(o) > 1 else o for p, o in zip(pieces, options, strict=True)]
    if not all(options):
        return None
    readings = {"".join(map(str, combo)) for combo in product(*options)}
    readings = {r for r in readings if plausible(r)}
    return readings.pop() if len(readings) == 1 else None


def _otsu(pixels: np.ndarray) -> int:
    hist = np.bincount(pixels.reshape(-1).clip(0, 255), minlength=256).astype(np.float64)
    levels = np.arange(256)
    w_b = np.cumsum(hist)
    w_f = w_b[-1] - w_b
    s_b = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = w_b * w_f * (s_b / w_b - (s_b[-1] - s_b) / w_f) ** 2
    return int(np.nanargmax(np.nan_to_num(between, nan=-1.0)))


def _trim(ink: np.ndarray) -> np.ndarray | None:
    rows, cols = np.nonzero(ink)
    if not len(rows):
        return None
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def _shear(ink: np.ndarray, k: float) -> np.ndarray:
    """Shift each row by k x (its distance from the bottom): k > 0 straightens a figure leaning right."""
    h, w = ink.shape
    pad = int(abs(k) * h) + 1
    out = np.zeros((h, w + 2 * pad), dtype=bool)
    for y in range(h):
        dx = pad - int(round(k * (h - 1 - y)))
        out[y, dx : dx + w] = ink[y]
    return out


def _upright(ink: np.ndarray) -> np.ndarray:
    """The shear under which the figure's ink covers the fewest columns: digits stand upright and apart."""
    best, best_cols = ink, int(ink.any(axis=0).sum())
    for k in _SHEARS:
        if k == 0:
            continue
        sheared = _shear(ink, k)
        cols = int(sheared.any(axis=0).sum())
        if cols < best_cols:
            best, best_cols = sheared, cols
    trimmed = _trim(best)
    return trimmed if trimmed is not None else ink


def _cut(ink: np.ndarray) -> list[np.ndarray]:
    """Digits, left to right: connected strokes (specks and print-height fragments dropped), strokes one above
    the other joined into one digit (a "5" whose bar is lifted), a stroke wider than a digit cut at its
    thinnest columns (touching digits)."""
    h = ink.shape[0]
    groups: list[np.ndarray] = []
    for mask in _components(ink):
        for i, other in enumerate(groups):
            if _stacked(mask, other):
                groups[i] = other | mask
                break
        else:
            groups.append(mask)
    parts: list[np.ndarray] = []
    for mask in sorted(groups, key=lambda m: int(np.argmax(m.any(axis=0)))):
        piece = _trim(mask)
        if piece is None or piece.shape[0] < 0.4 * h:
            continue  # a dot or a dash, not a digit
        parts += _split_wide(piece, h)
    return parts


def _stacked(a: np.ndarray, b: np.ndarray) -> bool:
    """Two strokes of one digit: one above the other over the same columns, hardly sharing rows."""
    ax, bx = np.nonzero(a.any(axis=0))[0], np.nonzero(b.any(axis=0))[0]
    ay, by = np.nonzero(a.any(axis=1))[0], np.nonzero(b.any(axis=1))[0]
    across = min(ax[-1], bx[-1]) - max(ax[0], bx[0]) + 1
    down = min(ay[-1], by[-1]) - max(ay[0], by[0]) + 1
    narrow = min(ax[-1] - ax[0], bx[-1] - bx[0]) + 1
    short = min(ay[-1] - ay[0], by[-1] - by[0]) + 1
    return across > 0.7 * narrow and down < 0.3 * short


def _components(ink: np.ndarray) -> list[np.ndarray]:
    """Connected ink (8 neighbours) as full-size masks, specks under 2% of the ink dropped."""
    labels = np.zeros(ink.shape, dtype=np.int32)
    h, w = ink.shape
    masks: list[np.ndarray] = []
    total = int(ink.sum())
    for y0, x0 in zip(*np.nonzero(ink), strict=True):
        if labels[y0, x0]:
            continue
        n = len(masks) + 1
        labels[y0, x0] = n
        stack = [(int(y0), int(x0))]
        while stack:
            y, x = stack.pop()
            for ny in (y - 1, y, y + 1):
                for nx in (x - 1, x, x + 1):
                    if 0 <= ny < h and 0 <= nx < w and ink[ny, nx] and not labels[ny, nx]:
                        labels[ny, nx] = n
                        stack.append((ny, nx))
        masks.append(labels == n)
    return [m for m in masks if m.sum() >= 0.02 * total]


def _split_wide(piece: np.ndarray, h: int) -> list[np.ndarray]:
    """Touching digits: a piece wider than 0.9 of the line height holds two or more; cut at the column with
    the least ink in its middle part, once per extra digit."""
    w = piece.shape[1]
    n = max(1, round(w / (0.65 * h)))
    if w <= 0.9 * h or n == 1:
        return [piece]
    n = min(n, _MAX_DIGITS)
    counts = piece.sum(axis=0)
    cuts = []
    for i in range(1, n):
        centre = i * w // n
        lo, hi = max(1, centre - w // (3 * n)), min(w - 1, centre + w // (3 * n))
        cuts.append(lo + int(np.argmin(counts[lo:hi])) if hi > lo else centre)
    bounds = [0, *cuts, w]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = _trim(piece[:, a:b])
        if part is not None:
            out.append(part)
    return out


def _features(digit: np.ndarray, pen: float) -> np.ndarray:
    """The set's normalisation: the digit stood upright and its box scaled (keeping its shape) into 32x32,
    centred, strokes brought to the set's pen width (a marker's thinned, a ballpoint's widened), ink pixels
    counted per 4x4 block."""
    from PIL import Image, ImageFilter

    digit = _upright(digit)
    h, w = digit.shape
    s = 30 / max(h, w)
    img = Image.fromarray(digit.astype(np.uint8) * 255).resize(
        (max(1, round(w * s)), max(1, round(h * s))), Image.BILINEAR
    )
    canvas = Image.new("L", (32, 32), 0)
    canvas.paste(img, ((32 - img.width) // 2, (32 - img.height) // 2))
    width = _stroke_width(np.asarray(canvas) > 100)
    steps = int(round((pen - width) / 2))
    for _ in range(abs(steps)):
        canvas = canvas.filter(ImageFilter.MaxFilter(3) if steps > 0 else ImageFilter.MinFilter(3))
    grid = np.asarray(canvas) > 100
    return grid.reshape(8, 4, 8, 4).sum(axis=(1, 3)).reshape(-1).astype(np.float32)


def _stroke_width(ink: np.ndarray) -> float:
    """Mean pen width in pixels: ink area over half its outline (a stroke of width w and length L has area
    w*L and an outline of about 2L)."""
    area = int(ink.sum())
    if not area:
        return 0.0
    padded = np.pad(ink, 1)
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    outline = area - int((ink & inner).sum())
    return 2 * area / max(outline, 1)


def _candidates(digit: np.ndarray, pen: float) -> list[int]:
    """The digits that at least `_MIN_VOTES` of the `_K` nearest written digits name, most named first."""
    if _stroke_width(digit) > _MAX_STROKE * digit.shape[0]:
        return []  # a blot or a filled-in box: digits are lines
    x, y = _samples()
    feature = _features(digit, pen)
    # Cosine similarity: the angle between ink patterns, not their mass, so a heavy marker stroke and a thin
    # ballpoint line of the same shape are alike.
    similarity = x @ (feature / max(float(np.linalg.norm(feature)), 1e-6))
    if similarity.max() < _NEAR:
        return []  # nothing written like it: a smudge, a letter of the print, two digits run together
    votes = np.bincount(y[np.argsort(-similarity)[:_K]], minlength=10)
    return [int(d) for d in np.argsort(-votes, kind="stable") if votes[d] >= _MIN_VOTES]


def _by_hand(digit: np.ndarray, pen: float, options: list[int], hand: Hand) -> list[int]:
    """Of the values the set allows for `digit`, the one the writer's own digit shows, when the digit is close
    to that own digit (`_NEAR_HAND`) and closer by `_HAND_MARGIN` than to any other digit the writer wrote and
    to every sample of the other allowed values; else `options` unchanged. A value the writer did not write
    on the page is never chosen this way, and a rival the writer did not write is judged by the set's samples."""
    x, y = _samples()
    feature = _features(digit, pen)
    feature = feature / max(float(np.linalg.norm(feature)), 1e-6)
    own: dict[int, float] = {}
    for value, shapes in hand.items():
        grids = np.stack([_features(s, pen) for s in shapes])
        grids = grids / np.maximum(np.linalg.norm(grids, axis=1, keepdims=True), 1e-6)
        own[value] = float((grids @ feature).max())
    similarity = x @ feature
    chosen = []
    for value in options:
        if own.get(value, 0.0) < _NEAR_HAND:
            continue
        rivals = [s for v, s in own.items() if v != value]
        rivals += [float(similarity[y == v].max()) for v in options if v != value]
        if own[value] - max(rivals, default=0.0) >= _HAND_MARGIN:
            chosen.append(value)
    return chosen if len(chosen) == 1 else options
