"""OCR benchmark: tesseract's character and syllable error rate on rendered pages, before and after the
Vietnamese post-correction (`extract.ocr_fix`).

    .venv/bin/python bench/ocr_bench.py [--docs 4] [--pages 1] [--variants 300,150,noisy] [--jobs 2] [--json F]
    .venv/bin/python bench/ocr_bench.py --all          # every text-layer document, 3 pages each

Pages come from real documents that have a text layer, so the truth is known: the made PDFs
(corpus/made/pdf), the .pdf files of ../shared/corpus, and its .docx files converted to PDF with LibreOffice
(cached in --cache). Each page is rendered with pdftoppm at 300 and 150 dpi, and a "noisy" copy of the
300 dpi page is rotated by a small angle with speckle and blur (PIL), then read with tesseract `vie` (psm 6,
as the reader does). The truth is `pdftotext -layout` of the page (lines in reading order across columns,
like psm 6). Both sides are NFC with canonical tone placement, so "hoà"/"hòa" is no error.

CER: Levenshtein distance over the text with spaces collapsed / reference length. SER: Levenshtein distance
over the sequence of syllables and numbers (punctuation dropped) / reference syllable count. Goal: SER after
correction at most half of tesseract's own. A default run (4 pages × 3 variants) takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.normalize import canonical_tones, clean_text  # noqa: E402
from extract.ocr_fix import correct_words, status  # noqa: E402
from extract.readers import ocr as ocr_mod  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
MADE = ROOT / "corpus" / "made" / "pdf"
_TOKEN = regex.compile(r"\p{L}+|\p{N}+")
_SPACES = regex.compile(r"\s+")


@dataclass
class Sample:
    name: str
    variant: str
    ref: str
    ocr: str = ""
    fixed: str = ""
    ocr_s: float = 0.0
    fix_s: float = 0.0
    error: str = ""
    scores: dict = field(default_factory=dict)


def _norm(text: str) -> str:
    return canonical_tones(clean_text(text))


def cer(hyp: str, ref: str) -> tuple[int, int]:
    from rapidfuzz.distance import Levenshtein

    h, r = _SPACES.sub(" ", _norm(hyp)).strip(), _SPACES.sub(" ", _norm(ref)).strip()
    return Levenshtein.distance(h, r), len(r)


def ser(hyp: str, ref: str) -> tuple[int, int]:
    from rapidfuzz.distance import Levenshtein

    h, r = _TOKEN.findall(_norm(hyp)), _TOKEN.findall(_norm(ref))
    return Levenshtein.distance(h, r), len(r)


def text_layer(pdf: Path, page: int) -> str:
    proc = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        timeout=60,
    )
    return proc.stdout.decode("utf-8", errors="replace")


def page_count(pdf: Path) -> int:
    proc = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
    m = regex.search(r"^Pages:\s+(\d+)", proc.stdout, regex.M)
    return int(m.group(1)) if m else 0


def readable(text: str) -> bool:
    """A real text layer: enough letters, and mostly Vietnamese syllables (not (cid:) or legacy fonts)."""
    from extract.ocr_fix.correct import load_lexicon

    words = regex.findall(r"\p{L}+", text)
    if len(words) < 40 or "(cid:" in text:
        return False
    lex = load_lexicon()
    return sum(lex.valid(w) for w in words) >= 0.8 * len(words)


def docx_pdf(docx: Path, cache: Path) -> Path | None:
    out = cache / (docx.stem + ".pdf")
    if out.exists() and out.stat().st_mtime >= docx.stat().st_mtime:
        return out
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kehoach-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(cache),
                str(docx),
            ],
            capture_output=True,
            timeout=300,
        )
    return out if out.exists() else None


def documents(cache: Path) -> list[Path]:
    """Text-layer PDFs in a fixed order: made PDFs, shared .pdf, shared .docx (converted)."""
    pdfs = [p for p in sorted(MADE.glob("*.pdf")) if "scan" not in p.name and "chan-trang" not in p.name]
    if SHARED.is_dir():
        pdfs += sorted(SHARED.glob("*.pdf"))
        pdfs += sorted(SHARED.glob("*.docx"))  # converted lazily in pick()
    return pdfs


def spread(items: list, n: int) -> list:
    """n items evenly spaced over the list (all when n covers it)."""
    if n >= len(items):
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def degrade(src: Path, dst: Path, seed: int) -> Path:
    """A scan-like copy, as office scanners make them: 200 dpi black and white (no grey edges, so thin tone
    marks break up), rotated by under a degree, a few specks; then enlarged to 300 dpi as the reader renders a
    scanned page."""
    import numpy as np
    from PIL import Image

    rnd = random.Random(seed)
    img = Image.open(src).convert("L")
    w, h = img.size
    small = img.resize((w * 2 // 3, h * 2 // 3), Image.BILINEAR)
    small = small.rotate(rnd.uniform(-0.8, 0.8), resample=Image.BILINEAR, expand=False, fillcolor=255)
    # Grain from the seeded generator (PIL's effect_noise draws from C's rand(), which no seed reaches), so a
    # run is repeatable and the test of the goal cannot flip between runs.
    rng = np.random.default_rng(seed)
    sw, sh = small.size
    grain = Image.fromarray(rng.normal(128, 30, (sh, sw)).clip(0, 255).astype(np.uint8), "L")
    small = Image.blend(small, grain, 0.15).point(lambda v: 0 if v < 135 else 255)
    small.resize((w, h), Image.NEAREST).save(dst)
    return dst


def render(pdf: Path, page: int, dpi: int, out: Path) -> Path:
    prefix = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-singlefile", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return prefix.with_suffix(".pgm")


def ocr_lines(image: Path, dpi: int) -> list[list[str]]:
    page = ocr_mod.ocr_image(image, dpi=dpi)
    lines: dict = {}
    for w in page.words:
        lines.setdefault(w.line_key, []).append(w.text)
    return list(lines.values())


def run_sample(s: Sample, pdf: Path, page: int, tmp: Path) -> Sample:
    try:
        dpi = 150 if s.variant == "150" else 300
        img = render(pdf, page, dpi, tmp / f"{pdf.stem}-{page}-{s.variant}.pgm")
        if s.variant == "noisy":
            img = degrade(img, tmp / f"{pdf.stem}-{page}-noisy.png", seed=page)
        t0 = time.perf_counter()
        lines = ocr_lines(img, dpi)
        s.ocr_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        fixed = [[f.text for f in correct_words(ln)] for ln in lines]
        s.fix_s = time.perf_counter() - t0
        s.ocr = "\n".join(" ".join(ln) for ln in lines)
        s.fixed = "\n".join(" ".join(ln) for ln in fixed)
    except (ocr_mod.OcrError, subprocess.SubprocessError, OSError) as exc:
        s.error = str(exc)
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=4, help="documents to sample (evenly spaced over the list)")
    ap.add_argument("--pages", type=int, default=1, help="pages per document, from page 1")
    ap.add_argument("--variants", default="300,150,noisy", help="comma list of 300, 150, noisy")
    ap.add_argument("--all", action="store_true", help="every document, 3 pages each")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="tesseract processes")
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kehoach-ocr-bench",
        help="folder for .docx → .pdf conversions",
    )
    ap.add_argument("--json", type=Path, help="write every sample (texts and scores) here")
    ap.add_argument("--show", action="store_true", help="print the lines correction changed")
    args = ap.parse_args(argv)
    ok, why = ocr_mod.ocr_status("vie")
    if not ok:
        print(f"OCR unavailable: {why}; {ocr_mod.INSTALL_HINT}", file=sys.stderr)
        return 1
    fix_ok, fix_why = status()
    print(f"correction: {'on' if fix_ok else 'safe fixes only'} ({fix_why})")
    if args.all:
        args.docs, args.pages = 10**6, 3
    args.cache.mkdir(parents=True, exist_ok=True)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    jobs: list[tuple[Sample, Path, int]] = []
    for doc in spread(documents(args.cache), args.docs):
        pdf = docx_pdf(doc, args.cache) if doc.suffix == ".docx" else doc
        if pdf is None:
            print(f"skip {doc.name}: no LibreOffice to convert it", file=sys.stderr)
            continue
        for page in range(1, min(args.pages, page_count(pdf)) + 1):
            ref = text_layer(pdf, page)
            if not readable(ref):
                continue
            for v in variants:
                jobs.append((Sample(f"{doc.name} p{page}", v, ref), pdf, page))
    if not jobs:
        print("no text-layer pages found", file=sys.stderr)
        return 1
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocrb-") as tmp, ThreadPoolExecutor(args.jobs) as pool:
        samples = list(pool.map(lambda j: run_sample(j[0], j[1], j[2], Path(tmp)), jobs))
    wall = time.perf_counter() - t_start
    totals: dict[str, list[int]] = {}
    print(f"\n{'page':<58} {'var':>5}  {'CER before':>10} {'after':>6}  {'SER before':>10} {'after':>6}  {'fix ms':>6}")
    for s in samples:
        if s.error:
            print(f"{s.name:<58} {s.variant:>5}  error: {s.error}")
            continue
        c0, c1, n_c = *(cer(t, s.ref)[0] for t in (s.ocr, s.fixed)), cer("", s.ref)[1]
        w0, w1, n_w = *(ser(t, s.ref)[0] for t in (s.ocr, s.fixed)), ser("", s.ref)[1]
        s.scores = {"cer_before": c0 / n_c, "cer_after": c1 / n_c, "ser_before": w0 / n_w, "ser_after": w1 / n_w}
        for k, vals in ((s.variant, (c0, c1, n_c, w0, w1, n_w)), ("all", (c0, c1, n_c, w0, w1, n_w))):
            acc = totals.setdefault(k, [0] * 6)
            for i, v in enumerate(vals):
                acc[i] += v
        print(
            f"{s.name[:58]:<58} {s.variant:>5}  {c0 / n_c:>10.2%} {c1 / n_c:>6.2%}  {w0 / n_w:>10.2%} {w1 / n_w:>6.2%}"
            f"  {s.fix_s * 1000:>6.0f}"
        )
        if args.show:
            for a, b in zip(s.ocr.split("\n"), s.fixed.split("\n")):
                if a != b:
                    print(f"      - {a}\n      + {b}")
    print()
    for k, (c0, c1, n_c, w0, w1, n_w) in totals.items():
        ratio = w1 / w0 if w0 else 0.0
        print(
            f"{k:>6}: CER {c0 / n_c:.2%} → {c1 / n_c:.2%}   SER {w0 / n_w:.2%} → {w1 / n_w:.2%}"
            f"  (after/before {ratio:.2f}; goal ≤ 0.50)"
        )
    fix_ms = max(s.fix_s for s in samples if not s.error) * 1000
    print(f"{len(samples)} pages in {wall:.0f} s; slowest correction {fix_ms:.0f} ms per page")
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in samples], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
