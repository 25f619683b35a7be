"""Build the shipped syllable counts (`extract/data/ocr_counts.tsv`) from the project's hand-written plans:

python -m extract.ocr_fix.build corpus/plans
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from .lm import COUNTS_FILE, build_counts, write_counts


def main(argv: list[str]) -> int:
    """Build the shipped counts from text files (.txt/.md) and folders of them."""
    if not argv:
        print("usage: python -m extract.ocr_fix.build FILE_OR_FOLDER... ", file=sys.stderr)
        return 2
    files: list[Path] = []
    for a in argv:
        p = Path(a)
        files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".txt", ".md")) if p.is_dir() else [p])
    counts = build_counts(f.read_text(encoding="utf-8") for f in files)
    out = Path(str(resources.files("extract").joinpath("data", COUNTS_FILE)))
    write_counts(counts, out, f"from {len(files)} files ({', '.join(sorted({str(Path(a)) for a in argv}))})")
    print(f"{out}: {len(counts.unigrams)} syllables, {len(counts.bigrams)} bigrams from {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
