"""Build a test/benchmark archive of varied plan documents plus some corrupt ones.

    python bench/make_archive.py N OUTDIR [--corrupt K] [--docx F] [--seed S] [--no-zip] [--no-made]

Writes N files into OUTDIR/docs/ (K of them corrupt; default K = N // 20, at least 1) and the same files
into OUTDIR/archive.zip, plus OUTDIR/manifest.json listing every file with its template and whether it is
corrupt. Every file has distinct content, so a batch stores exactly N - K documents.

- text variants of corpus/plans/* (.txt/.md) with a new document number and changed percentages and years;
- a share F (default 0.15) rendered to .docx by `docgen.render.render_plan` from an extracted variant;
- one copy of each corpus/made/docx file and of the text-layer corpus/made/pdf files (not the scanned one,
  which needs OCR), unless --no-made;
- corrupt files: random bytes named .docx/.pdf/.doc, a binary .txt, a truncated .docx.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PLANS = sorted(p for p in (REPO / "corpus" / "plans").iterdir() if p.suffix in (".txt", ".md"))
MADE = sorted((REPO / "corpus" / "made" / "docx").glob("*.docx")) + [
    p for p in sorted((REPO / "corpus" / "made" / "pdf").glob("*.pdf")) if "scan" not in p.name
]
NUMBER_RE = re.compile(r"(Số:\s*)(\d+)")
PERCENT_RE = re.compile(r"\b(\d{1,2})(\s?%)")


def variant(text: str, i: int, rng: random.Random) -> str:
    """A changed copy: a unique document number (so every variant has distinct content) and new percentages."""
    text, n = NUMBER_RE.subn(lambda m: f"{m.group(1)}{1000 + i}", text, count=1)
    if not n:
        text = f"Số: {1000 + i}/KH-UBND\n" + text
    text = PERCENT_RE.sub(lambda m: f"{rng.randint(10, 99)}{m.group(2)}", text)
    return text


def corrupt_bytes(j: int, rng: random.Random, good_docx: bytes | None) -> tuple[str, bytes]:
    kind = j % 5
    noise = bytes(rng.getrandbits(8) for _ in range(2000 + j))
    if kind == 0:
        return ".docx", noise
    if kind == 1:
        return ".pdf", noise
    if kind == 2:
        return ".doc", noise
    if kind == 3:
        return ".txt", b"\x00\x01\x02" + noise
    if good_docx:  # a docx cut in half: a zip with no central directory
        return ".docx", good_docx[: len(good_docx) // 2] + j.to_bytes(4, "little")
    return ".docx", noise


def build(
    n: int,
    outdir: Path,
    corrupt: int | None = None,
    docx_share: float = 0.15,
    seed: int = 8,
    make_zip: bool = True,
    made: bool = True,
) -> dict:
    rng = random.Random(seed)
    corrupt = max(1, n // 20) if corrupt is None else corrupt
    docs = outdir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    good = n - corrupt
    entries = []
    made_files = MADE[: max(0, min(len(MADE), good // 10))] if made else []
    for p in made_files:
        name = f"made-{p.name}"
        shutil.copyfile(p, docs / name)
        entries.append({"name": name, "template": p.stem, "corrupt": False, "format": p.suffix[1:]})
    n_docx = int(round((good - len(made_files)) * docx_share))
    render_plan = extract_text = None
    if n_docx:
        from docgen.render import render_plan
        from extract import extract_text
    i = 0
    while len(entries) < good:
        src = PLANS[i % len(PLANS)]
        text = variant(src.read_text(encoding="utf-8"), i, rng)
        as_docx = i < n_docx
        stem = f"{i:05d}-{src.stem}"
        if as_docx:
            out = docs / f"{stem}.docx"
            with tempfile.TemporaryDirectory() as tmp:
                render_plan(extract_text(text, file=src.name), Path(tmp) / "plan.docx")
                shutil.copyfile(Path(tmp) / "plan.docx", out)
        else:
            out = docs / f"{stem}{src.suffix}"
            out.write_text(text, encoding="utf-8")
        entries.append({"name": out.name, "template": src.stem, "corrupt": False, "format": out.suffix[1:]})
        i += 1
    good_docx = (
        next((docs / e["name"]).read_bytes() for e in entries if e["format"] == "docx")
        if any(e["format"] == "docx" for e in entries)
        else None
    )
    for j in range(corrupt):
        suffix, data = corrupt_bytes(j, rng, good_docx)
        name = f"corrupt-{j:03d}{suffix}"
        (docs / name).write_bytes(data)
        entries.append({"name": name, "template": None, "corrupt": True, "format": suffix[1:]})
    if make_zip:
        with zipfile.ZipFile(outdir / "archive.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for e in entries:
                zf.write(docs / e["name"], f"plans/{e['name']}")
    manifest = {"n": n, "corrupt": corrupt, "stored": n - corrupt, "files": entries}
    (outdir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--corrupt", type=int, default=None)
    ap.add_argument("--docx", type=float, default=0.15, help="share of generated plans rendered to .docx")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--no-zip", action="store_true")
    ap.add_argument("--no-made", action="store_true", help="no copies of corpus/made (PDFs are slow to read)")
    args = ap.parse_args()
    m = build(args.n, args.outdir, args.corrupt, args.docx, args.seed, not args.no_zip, not args.no_made)
    print(
        f"{args.outdir}: {m['n']} files ({m['corrupt']} corrupt) in docs/" + ("" if args.no_zip else " and archive.zip")
    )


if __name__ == "__main__":
    main()
