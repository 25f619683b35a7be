"""Derive + render a ~20 KB plan, after start-up; goal ≤ 0.5 s. Prints the ratio to extracting the same
parent in the same run (a baseline as noisy as the machine).

    python bench/derive_bench.py [-n REPEATS] [PARENT]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("parent", nargs="?", default=str(REPO.parent / "shared" / "seeds" / "003_c9d922b33a354eb1.txt"))
    args = ap.parse_args()
    parent_path = Path(args.parent)
    if not parent_path.exists():
        parent_path = REPO / "corpus" / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"

    from docgen.derive import DeriveOptions, derive
    from docgen.render import render_plan
    from extract import extract_file

    parent = extract_file(parent_path)
    unit = "UBND xã Tiên Minh" if parent.header.level == "huyện" else "UBND xã Quản Bạ"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "d.docx"
        render_plan(derive(parent, DeriveOptions(unit=unit, date="2026-01")).plan, out, force=True)  # warm-up
        times, base = [], []
        for _ in range(args.n):
            t0 = time.perf_counter()
            d = derive(parent, DeriveOptions(unit=unit, date="2026-01"))
            render_plan(d.plan, out, force=True)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            extract_file(parent_path)
            base.append(time.perf_counter() - t0)
    med, b = statistics.median(times), statistics.median(base)
    print(f"parent: {parent_path.name} ({parent_path.stat().st_size / 1024:.1f} KB) → {unit}")
    print(f"derive + render .docx: {med:.3f} s (goal <= 0.5 s); extract of the parent: {b:.3f} s; ratio {med / b:.2f}")


if __name__ == "__main__":
    main()
