"""The long fuzz run: seeded mutations of the bundled plans and of .docx made from them, each through extract →
JSON round trip → span check → diff/coverage → derive → render, in worker processes with a time limit per document.

    python bench/fuzz.py --cases 5000 [--seed N] [--workers 2] [--limit 60] [--only N]

Prints crashes, hangs and other failures (each with the case number that replays it: `--only N`), the slowest
case, and a closing line `cases run N, crashes C, hangs H, failures F`. Exits 1 when anything failed. The mutator
and the chain are `tests/fuzz_cases.py`; the short run in the test suite is `tests/test_fuzz.py`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import fuzz_cases as fc  # noqa: E402

_WORKDIR: Path | None = None


def run_one(task) -> dict:
    """Worker side: build case `task.path` of seed `task.hash` and run the whole chain on it."""
    global _WORKDIR
    if _WORKDIR is None:
        _WORKDIR = Path(tempfile.mkdtemp(prefix="kehoach-fuzz-"))
    seed, number = (int(x) for x in task.hash.split(":"))
    case = fc.make_case(seed, number)
    # The pool's own timeout is the hard stop (it kills the worker); this one reports a Python-level hang early.
    outcome = fc.run_case(case, _WORKDIR, float(task.size))
    failure = outcome.failure
    return {
        "hash": task.hash,
        "path": fc.describe(outcome),
        "ok": failure is None,
        "kind": (failure or "").split(":", 1)[0],
        "reason": failure,
        "seconds": outcome.seconds,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds per document before it counts as a hang")
    ap.add_argument("--only", type=int, help="run this one case only (replay a failure)")
    args = ap.parse_args()

    from extract.batch.pool import LocalPool
    from extract.batch.work import Task

    numbers = [args.only] if args.only is not None else range(args.cases)
    # Task.size carries the in-process limit; the pool kills a worker stuck past limit + 10 s (C code, GIL held).
    tasks = (Task(hash=f"{args.seed}:{n}", display=f"case {n}", size=int(args.limit), path=str(n)) for n in numbers)
    pool = LocalPool(args.workers, timeout=args.limit + 10, func=run_one, start_method="fork")
    tally = Tally()
    results = pool.map(tasks)
    try:
        for res in results:
            tally.add(res)
    except KeyboardInterrupt:  # Ctrl-C: the summary of what ran
        results.close()
        print("interrupted", file=sys.stderr)
    print(f"slowest: {tally.slowest[1]}")
    print(
        f"cases run {tally.ran}, crashes {tally.crashes}, hangs {tally.hangs}, failures {tally.other} "
        f"({time.perf_counter() - tally.started:.0f} s)"
    )
    sys.exit(1 if tally.crashes or tally.hangs or tally.other else 0)


@dataclass
class Tally:
    ran: int = 0
    crashes: int = 0
    hangs: int = 0
    other: int = 0
    slowest: tuple[float, str] = (0.0, "")
    started: float = field(default_factory=time.perf_counter)

    def add(self, res: dict) -> None:
        """Count one result; print it when it failed, and a progress line every 250 cases."""
        self.ran += 1
        kind = res.get("kind") or ""
        if res.get("seconds", 0.0) > self.slowest[0]:
            self.slowest = (res["seconds"], res["path"])
        if not res["ok"]:
            if kind in ("hang", "timeout"):
                self.hangs += 1
            elif kind == "crash":
                self.crashes += 1
            else:
                self.other += 1
            print(f"{kind.upper():9} {res['path']}\n          {str(res.get('reason'))[:600]}", flush=True)
        if self.ran % 250 == 0:
            print(f"... {self.ran} cases, {time.perf_counter() - self.started:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
