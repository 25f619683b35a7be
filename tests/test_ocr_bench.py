"""The OCR goal, measured as `bench/ocr_bench.py` measures it, on a page this repository ships: a made plan's
first page with a text layer (the truth), rendered at 300 dpi and as a noisy scan, read by tesseract `vie`.
After the Vietnamese post-correction the syllable error rate is at most half of tesseract's own. Skipped
cleanly without tesseract (+vie), poppler-utils or the hunspell-vi dictionary."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "made" / "pdf" / "ke-hoach-hai-cot.pdf"


def _bench():
    spec = importlib.util.spec_from_file_location("ocr_bench", ROOT / "bench" / "ocr_bench.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ocr_bench", mod)  # its dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_correction_halves_the_syllable_error_rate(tmp_path):
    bench = _bench()
    ok, why = bench.ocr_mod.ocr_status("vie")
    if not ok:
        pytest.skip(f"OCR unavailable: {why}")
    fix_ok, fix_why = bench.status()
    if not fix_ok:
        pytest.skip(f"no syllable list for the correction: {fix_why}")
    ref = bench.text_layer(PDF, 1)
    before = after = total = 0
    for variant in ("300", "noisy"):
        s = bench.run_sample(bench.Sample(PDF.name, variant, ref), PDF, 1, tmp_path)
        assert not s.error, s.error
        (e0, n), (e1, _) = bench.ser(s.ocr, ref), bench.ser(s.fixed, ref)
        before, after, total = before + e0, after + e1, total + n
    assert total > 200 and before > 0  # a real page, and tesseract alone makes errors on it
    assert after * 2 <= before, f"syllable errors {before} → {after} of {total}"
