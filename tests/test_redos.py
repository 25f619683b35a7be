"""Time grows linearly with the length of a line that has no sentence break (the cases of bench/redos_bench.py at
10 KB and 100 KB): a pattern or a pairwise comparison that backtracks over the line shows as a ratio near 100."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import redos_bench as rb  # noqa: E402

# Ten times the text may take at most this many times as long. Linear code measures 3-6 here; the patterns
# fixed with this test measured 100-1000. Generous because the machine running the suite is shared.
RATIO = 25


@pytest.mark.parametrize(
    ("stage", "shape", "place"),
    [("extract", "legal", "opening"), ("extract", "target", "body"), ("diff", "words", "body")],
)
def test_time_is_linear_in_line_length(stage, shape, place):
    fn = rb._stage_fns()[stage]
    fn(rb.BASE_PLAN.read_text(encoding="utf-8"))  # warm caches
    small, large = (rb.plan_text(shape, size, place) for size in (10_000, 100_000))
    t_small = min(rb.timed(fn, small) for _ in range(2))
    t_large = rb.timed(fn, large)
    assert t_large / max(t_small, 0.05) < RATIO, f"{stage}/{shape}/{place}: {t_small:.2f} s → {t_large:.2f} s"
