"""Reader options (`PdfOptions`), with environment defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .. import ocr as ocr_mod


@dataclass
class PdfOptions:
    """Knobs for `read_pdf`. Environment defaults: KEHOACH_OCR=0 turns OCR off, KEHOACH_OCR_MAX_PAGES caps it,
    KEHOACH_PDF_ENGINE=pdfminer reads every page through pdfminer."""

    ocr: bool = True
    max_ocr_pages: int | None = None  # None: every page that needs it
    ocr_dpi: int = ocr_mod.DEFAULT_DPI
    ocr_timeout: float = ocr_mod.DEFAULT_TIMEOUT
    ocr_workers: int | None = None  # parallel tesseract processes; default min(2, cpus)
    ocr_lang: str = "vie"
    tables: bool = True
    engine: str = "pdfium"  # "pdfminer": every page through pdfplumber (the reference; same output, ~8x slower)
    fast: bool = True  # False: pdfminer through pdfplumber's char dicts, the slowest reference (same output)

    @classmethod
    def from_env(cls) -> PdfOptions:
        opts = cls()
        if os.environ.get("KEHOACH_OCR", "1").strip().lower() in ("0", "no", "false", "off"):
            opts.ocr = False
        engine = os.environ.get("KEHOACH_PDF_ENGINE", "").strip().lower()
        if engine in ("pdfium", "pdfminer"):
            opts.engine = engine  # pdfminer: the reference character layer (benchmarks, a suspected pdfium fault)
        cap = os.environ.get("KEHOACH_OCR_MAX_PAGES", "").strip()
        if cap.isdigit():
            opts.max_ocr_pages = int(cap)
        return opts
