"""Extraction speed against the floor of any spaCy pipeline (its tokenizer alone), measured in the same run.

    python bench/extract_bench.py [-n REPEATS]

Prints documents/s, KB/s, the ratio whole-pipeline / tokenizer-only over the same texts (goal ≤ 10),
`kehoach --help` wall time (goal < 0.5 s) and peak memory of the extraction process (goal < 300 MB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TEXT_SUFFIXES = {".txt", ".md"}


def documents() -> list[Path]:
    paths = sorted(p for p in (REPO / "corpus" / "plans").glob("*") if p.suffix in TEXT_SUFFIXES)
    seeds = REPO.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths += sorted(seeds.glob("*.txt"))
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20, help="repeats over the whole set")
    args = ap.parse_args()

    from extract.agencies import nlp
    from extract.normalize import canonical_tones
    from extract.pipeline import extract_file
    from extract.readers import read_document

    paths = documents()
    if not paths:
        sys.exit("no documents to benchmark (corpus/plans is empty)")
    total_bytes = sum(p.stat().st_size for p in paths)
    texts = ["\n".join(b.text for b in read_document(p).blocks) for p in paths]
    tokenizer = nlp().tokenizer
    for p in paths:  # warm-up: builds the nlp object and the caches, as a long-running process would
        extract_file(p)

    pipe_times, tok_times = [], []
    for _ in range(args.n):
        t0 = time.perf_counter()
        for p in paths:
            extract_file(p)
        pipe_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            tokenizer(canonical_tones(t))
        tok_times.append(time.perf_counter() - t0)
    pipe = statistics.median(pipe_times)
    tok = statistics.median(tok_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    help_times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "docgen.cli", "--help"], capture_output=True, cwd=REPO, check=True)
        help_times.append(time.perf_counter() - t0)
    bare = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t0)

    n = len(paths)
    print(f"documents: {n} ({total_bytes / 1024:.0f} KB, mean {total_bytes / n / 1024:.1f} KB), repeats: {args.n}")
    print(
        f"pipeline:  {n / pipe:8.1f} documents/s  {total_bytes / 1024 / pipe:8.1f} "
        f"KB/s  ({pipe / n * 1000:.2f} ms/document)"
    )
    print(f"tokenizer: {n / tok:8.1f} documents/s  {total_bytes / 1024 / tok:8.1f} KB/s")
    print(f"ratio pipeline/tokenizer: {pipe / tok:.2f}  (goal <= 10)")
    print(
        f"kehoach --help: {statistics.median(help_times):.3f} s (bare "
        f"python start {statistics.median(bare):.3f} s; goal < 0.5 s)"
    )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB  (goal < 300 MB)")


if __name__ == "__main__":
    main()
