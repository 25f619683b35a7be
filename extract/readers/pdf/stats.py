"""Per-page measures the paragraph rules compare against: body size, text edges, line pitch, indent."""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .lines import _Line


@dataclass
class _Stats:
    size: float = 14.0
    left: float = 85.0
    right: float = 540.0
    pitch: float = 16.0
    indent: float | None = None  # first-line indent (points right of `left`) when the page uses one

    @property
    def width(self) -> float:
        return max(50.0, self.right - self.left)


def _page_stats(lines: list[_Line], fallback: _Stats | None, size_hint: float | None = None) -> tuple[_Stats, bool]:
    """Body font size, left/right text edges and line pitch of a page; (stats, reliable).

    `size_hint` is the document's body size so far: a page filled with footnotes keeps the body size."""
    if not lines:
        return (fallback or _Stats()), False
    sizes = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    size = sizes.most_common(1)[0][0]
    if size_hint is not None and size != size_hint and sum(1 for ln in lines if abs(ln.size - size_hint) <= 1.0) >= 3:
        size = size_hint
    body = [ln for ln in lines if abs(ln.size - size) <= 1.0] or lines
    n = len(body)
    need = max(2, int(0.12 * n))
    tol = 3.0 if lines[0].ocr else 1.0  # scans wobble by a few points

    def _supported(values: list[float]) -> list[float]:
        """Values with at least `need` values within ±tol of them (edges many lines share)."""
        values = sorted(values)
        out = []
        j0 = 0
        for v in values:
            while values[j0] < v - tol:
                j0 += 1
            j1 = bisect_right(values, v + tol)
            if j1 - j0 >= need:
                out.append(v)
        return out

    left_vals = _supported([ln.x0 for ln in body])
    right_vals = _supported([ln.x1 for ln in body])
    reliable = n >= 6 and bool(left_vals) and bool(right_vals)
    left = min(left_vals) if left_vals else min(ln.x0 for ln in body)
    right = max(right_vals) if right_vals else max(ln.x1 for ln in body)
    diffs = []
    for a, b in zip(body, body[1:]):
        d = b.top - a.top
        if 0.8 * size < d < 2.2 * size:
            diffs.append(d)
    pitch = statistics.median(diffs) if diffs else 1.2 * size
    offsets = Counter(
        round((ln.x0 - left) / 2) * 2 for ln in body if 8 <= ln.x0 - left <= 90 and ln.x1 >= right - 3 - tol
    )
    indent = None
    if offsets:
        off, cnt = offsets.most_common(1)[0]
        if cnt >= 2:
            indent = float(off)
    if not reliable and fallback is not None:
        return _Stats(
            size,
            min(left, fallback.left) if lines[0].ocr else fallback.left,
            fallback.right,
            fallback.pitch if not diffs else pitch,
            indent if indent is not None else fallback.indent,
        ), False
    return _Stats(size, float(left), float(right), pitch, indent), reliable
