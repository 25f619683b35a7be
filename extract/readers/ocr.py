"""OCR for PDF pages with no usable text layer (scans, fonts without a Unicode map), using tesseract.

The page is rendered to a greyscale bitmap (pypdfium2, which pdfplumber already depends on; `pdftoppm` when
pypdfium2 is missing) and read by `tesseract --psm 6` in TSV mode, which gives every word with its box. Boxes
are converted to PDF points (1/72 inch, origin top left) so the PDF reader lays OCR words out with the same
rules as text-layer characters.

Public: `ocr_status()`, `render_page()`, `ocr_image()`, `OcrWord`, `OcrPage`, `OcrError`, `INSTALL_HINT`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = "install OCR: apt-get install tesseract-ocr tesseract-ocr-vie"
DEFAULT_DPI = 300
DEFAULT_TIMEOUT = float(os.environ.get("KEHOACH_OCR_TIMEOUT", "120"))  # seconds per page

_RENDER_LOCK = threading.Lock()  # pdfium is not thread-safe


class OcrError(Exception):
    """OCR of one page failed (timeout, tesseract error, render error)."""


@dataclass(slots=True)
class OcrWord:
    text: str
    x0: float  # PDF points from the left edge
    top: float  # PDF points from the top edge
    x1: float
    bottom: float
    conf: float
    line_key: tuple[int, int, int]  # tesseract (block, paragraph, line)


@dataclass(slots=True)
class OcrPage:
    width: float  # points
    height: float
    words: list[OcrWord] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, Vietnamese message) for the clerk

    def mean_confidence(self) -> float | None:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return sum(confs) / len(confs) if confs else None


@lru_cache(maxsize=4)
def ocr_status(lang: str = "vie") -> tuple[bool, str]:
    """(available, reason): tesseract on PATH and the language data installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False, "tesseract is not installed"
    try:
        proc = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"tesseract does not run ({exc})"
    langs = {ln.strip() for ln in (proc.stdout + "\n" + proc.stderr).splitlines()[1:] if ln.strip()}
    if lang not in langs:
        return False, f"tesseract has no '{lang}' language data"
    return True, "ok"


def render_page(
    pdf_path: str | Path,
    page_number: int,
    out_path: str | Path,
    *,
    dpi: int = DEFAULT_DPI,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Render one page (1-based) to a greyscale PGM/PNG file; returns the file written."""
    out_path = Path(out_path)
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pdfplumber depends on pypdfium2
        pdfium = None
    if pdfium is not None:
        with _RENDER_LOCK:
            try:
                doc = pdfium.PdfDocument(str(pdf_path))
                try:
                    page = doc[page_number - 1]
                    bitmap = page.render(scale=dpi / 72, grayscale=True)
                    image = bitmap.to_pil()
                    out = out_path.with_suffix(".pgm")
                    image.save(out)
                    page.close()
                    return out
                finally:
                    doc.close()
            except Exception as exc:  # a page pdfium cannot draw: try poppler
                if shutil.which("pdftoppm") is None:
                    raise OcrError(f"cannot render page {page_number}: {exc}") from exc
    if shutil.which("pdftoppm") is None:
        raise OcrError("no renderer (pypdfium2 or pdftoppm) is available")
    prefix = out_path.with_suffix("")
    try:
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                str(page_number),
                "-l",
                str(page_number),
                "-r",
                str(dpi),
                "-gray",
                "-singlefile",
                str(pdf_path),
                str(prefix),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"rendering page {page_number} took over {timeout:.0f} s") from exc
    except subprocess.CalledProcessError as exc:
        raise OcrError(f"pdftoppm failed on page {page_number}: {exc.stderr.decode(errors='replace')[:200]}") from exc
    return prefix.with_suffix(".pgm")


def render_colour(pdf_path: str | Path, page_number: int, *, dpi: int = DEFAULT_DPI):
    """One page (1-based) as an RGB PIL image, for steps that need the ink's colour (the red seal); None when
    pypdfium2 is missing or cannot draw the page."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pdfplumber depends on pypdfium2
        return None
    with _RENDER_LOCK:
        try:
            doc = pdfium.PdfDocument(str(pdf_path))
            try:
                page = doc[page_number - 1]
                image = page.render(scale=dpi / 72).to_pil().convert("RGB")
                page.close()
                return image
            finally:
                doc.close()
        except Exception:  # a page pdfium cannot draw: the grey reading stands
            return None


def ocr_image(
    image_path: str | Path,
    *,
    dpi: int = DEFAULT_DPI,
    lang: str = "vie",
    psm: int = 6,
    timeout: float = DEFAULT_TIMEOUT,
    threads: int | None = 1,
) -> OcrPage:
    """Run tesseract on an image rendered at `dpi`; words in PDF points."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrError("tesseract is not installed")
    env = dict(os.environ)
    if threads:
        env["OMP_THREAD_LIMIT"] = str(threads)  # we run pages in parallel instead
    cmd = [exe, str(image_path), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract took over {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise OcrError(f"tesseract failed: {proc.stderr.decode(errors='replace').strip()[:200]}")
    return parse_tsv(proc.stdout.decode("utf-8", errors="replace"), dpi)


def parse_tsv(tsv: str, dpi: int = DEFAULT_DPI) -> OcrPage:
    scale = 72.0 / dpi
    page = OcrPage(0.0, 0.0)
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        try:
            level = int(cols[0])
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if level == 1:
            page.width, page.height = width * scale, height * scale
            continue
        text = cols[11].strip()
        if level != 5 or not text:
            continue
        page.words.append(
            OcrWord(
                text,
                left * scale,
                top * scale,
                (left + width) * scale,
                (top + height) * scale,
                conf,
                (int(cols[2]), int(cols[3]), int(cols[4])),
            )
        )
    return page


def ocr_pdf_page(
    pdf_path: str | Path,
    page_number: int,
    *,
    dpi: int = DEFAULT_DPI,
    lang: str = "vie",
    timeout: float = DEFAULT_TIMEOUT,
) -> OcrPage:
    """Render and OCR one page in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        image = render_page(pdf_path, page_number, Path(tmp) / "page", dpi=dpi, timeout=timeout)
        return ocr_image(image, dpi=dpi, lang=lang, timeout=timeout)
