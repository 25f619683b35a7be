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


def test_agency_list_split_is_linear():
    """A heading or cell whose commas start no new agency is merged chunk by chunk; only the start of the merged
    text is read again (keying all of it for every chunk took 100 s on a 50 KB line)."""
    from extract.agencies import split_agency_list

    unit = "Sở Tài chính chủ trì, phối hợp thực hiện nhiệm vụ, bảo đảm tiến độ, "
    small, large = unit * 150, unit * 1500
    assert split_agency_list(small)[0].startswith("Sở Tài chính chủ trì, phối hợp")
    t_small = min(rb.timed(split_agency_list, small) for _ in range(2))
    t_large = rb.timed(split_agency_list, large)
    assert t_large / max(t_small, 0.01) < RATIO, f"{t_small:.3f} s → {t_large:.3f} s"


def test_words_after_a_target_value_are_cut_in_linear_time():
    """The words after a target's value run to the first comma that opens a new statement; at each comma only
    the words just after it are read (keying all the rest at every comma took 20 s on a 38 KB line)."""
    from extract.targets import _trim_after

    unit = "hộ được hỗ trợ sinh kế, vay vốn ưu đãi, "
    small, large = unit * 250, unit * 2500
    assert _trim_after("hộ nghèo, phấn đấu đạt 90%") == "hộ nghèo"
    assert _trim_after(small + "phấn đấu đạt 90%") == small[:-2]
    t_small = min(rb.timed(_trim_after, small) for _ in range(2))
    t_large = rb.timed(_trim_after, large)
    assert t_large / max(t_small, 0.01) < RATIO, f"{t_small:.3f} s → {t_large:.3f} s"
