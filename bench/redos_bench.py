"""Time against line length: every stage that reads document text must stay linear on a line with no sentence break.

    python bench/redos_bench.py [--sizes 10000 100000 1000000] [--stages extract diff derive report]

A bundled plan gets one long line (several shapes: a legal citation, a responsibility, a target, plain words, an
unbalanced bracket) in its opening and in its body; each stage runs on it at each size. Prints the seconds per
stage and size and the ratio of the largest size to the one before; exits 1 when a ratio is at or above the limit
(`--limit`, 15 for 1 MB / 100 KB: ten times the text may take at most fifteen times as long).
`tests/test_redos.py` runs the same cases at smaller sizes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BASE_PLAN = REPO / "corpus" / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"

# Repeated units; each keeps the features a pattern family keys on (commas before an agency, a kind word with a
# number, a percentage with a deadline, an open bracket) and never ends a sentence.
SHAPES: dict[str, str] = {
    "legal": "Quyết định số 12/QĐ-UBND ngày 3/4/2024 của Ủy ban nhân dân tỉnh, UBND huyện, Sở Tài chính về việc ",
    "resp": "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tài chính và UBND các huyện, ",
    "target": "phấn đấu đạt 95% số xã đạt chuẩn nông thôn mới trước ngày 31/12/2025, tăng 12 điểm ",
    "words": "tăng cường công tác quản lý nhà nước về du lịch cộng đồng gắn với bảo tồn văn hóa ",
    "bracket": "(Sở Tài chính [UBND huyện (Công an tỉnh: thực hiện; ",
    "title": "Ủy Ban Nhân Dân Tỉnh Sở Văn Hóa Thể Thao Và Du Lịch Hà Giang Công An ",
}
# Where the line goes: the opening that cites legal bases is read by other patterns than the body's tasks.
PLACES = ("opening", "body")


def long_line(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    out = unit * (size // len(unit.encode("utf-8")) + 1)
    return out[: len(out) * size // len(out.encode("utf-8"))]  # about `size` bytes of UTF-8


def plan_text(shape: str, size: int, place: str) -> str:
    """The bundled plan with a long line of `size` bytes (about) inserted at `place`."""
    lines = BASE_PLAN.read_text(encoding="utf-8").split("\n")
    line = long_line(shape, size)
    if place == "opening":
        at = next(i for i, ln in enumerate(lines) if "Căn cứ" in ln) + 1
        line = "Căn cứ " + line
    else:
        at = len(lines) * 2 // 3
    return "\n".join(lines[:at] + [line] + lines[at:])


def _stage_fns() -> dict[str, Callable[[str], object]]:
    from extract.pipeline import extract_text

    def extract(text: str) -> object:
        return extract_text(text, file="redos.md")

    def diff(text: str) -> object:
        from extract.compare import coverage, diff_plans

        old = extract_text(text, file="old.md")
        new = extract_text(text.replace("tăng cường", "đẩy mạnh"), file="new.md")
        return diff_plans(old, new), coverage(old, new)

    def derive(text: str) -> object:
        from docgen.derive import DeriveOptions
        from docgen.derive import derive as derive_plan

        return derive_plan(extract_text(text, file="parent.md"), DeriveOptions(unit="UBND xã Quản Bạ", date="2026"))

    def report(text: str) -> object:
        from docgen.report import ReportOptions, report_spec, template_results

        plan = extract_text(text, file="plan.md")
        return report_spec(plan, template_results(plan), ReportOptions(period="6 tháng"))

    return {"extract": extract, "diff": diff, "derive": derive, "report": report}


def timed(fn: Callable[[str], object], text: str) -> float:
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


def run(sizes: list[int], stages: list[str], shapes: list[str], places: list[str]) -> Iterator[tuple]:
    """Rows (stage, shape, place, seconds per size) as they are measured; the base plan runs first (warm caches)."""
    fns = _stage_fns()
    base = BASE_PLAN.read_text(encoding="utf-8")
    for stage in stages:
        fns[stage](base)
        for shape in shapes:
            for place in places:
                yield stage, shape, place, [timed(fns[stage], plan_text(shape, size, place)) for size in sizes]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--stages", nargs="+", default=["extract", "diff", "derive", "report"])
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES))
    ap.add_argument("--places", nargs="+", default=list(PLACES))
    ap.add_argument("--limit", type=float, default=15.0, help="largest ratio allowed between the two largest sizes")
    args = ap.parse_args()
    worst = 0.0
    print(f"{'stage':8} {'shape':8} {'place':8} " + " ".join(f"{s:>10}" for s in args.sizes) + "    ratio")
    for stage, shape, place, secs in run(args.sizes, args.stages, args.shapes, args.places):
        ratio = secs[-1] / max(secs[-2], 0.05) if len(secs) > 1 else 0.0
        worst = max(worst, ratio)
        cells = " ".join(f"{s:9.2f}s" for s in secs)
        print(f"{stage:8} {shape:8} {place:8} {cells}   {ratio:6.1f}", flush=True)
    print(f"worst ratio {worst:.1f} (limit {args.limit})")
    sys.exit(1 if worst >= args.limit else 0)


if __name__ == "__main__":
    main()
