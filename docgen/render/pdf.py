"""PDF through LibreOffice: the .docx is converted by extract's one soffice runner (`extract.soffice`: headless,
a private throw-away profile, killed as a group on timeout); `find_soffice` is that module's.

soffice can exit 0 without writing anything (a locked profile, a missing filter): the output is checked."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.soffice import SofficeTimeout, convert, find_soffice


class PdfError(Exception):
    """LibreOffice missing or failing; one-line message."""


def font_stand_in(name: str) -> str | None:
    """The family fontconfig gives LibreOffice for `name` when `name` is not installed (None when it is, or
    when fontconfig cannot say): a PDF set in a stand-in has other line breaks than the signed original."""
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        proc = subprocess.run([fc, "-f", "%{family}", name], capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    family = proc.stdout.decode("utf-8", "replace").split(",")[0].strip()
    if not family or family.casefold() == name.casefold():
        return None
    return family


def docx_to_pdf(docx: bytes | str | Path, out: str | Path, *, timeout: float = 120) -> Path:
    """Convert a .docx (bytes or path) to PDF at `out`. Raises `RenderError` with a clear message."""
    from extract.fileio import write_atomic

    from . import RenderError

    soffice = find_soffice()
    if soffice is None:
        raise RenderError(
            "cannot write PDF: LibreOffice (soffice) is not installed or not on PATH — install it "
            "(Debian/Ubuntu: apt-get install libreoffice-writer; macOS: brew install --cask libreoffice) "
            "or render to .docx"
        )
    out = Path(out)
    work = Path(tempfile.mkdtemp(prefix="kehoach-pdf-"))
    try:
        src = work / "document.docx"
        if isinstance(docx, (bytes, bytearray)):
            src.write_bytes(bytes(docx))
        else:
            shutil.copyfile(docx, src)
        try:
            run = convert(soffice, src, work, "pdf", timeout)
        except SofficeTimeout:
            raise RenderError(f"cannot write PDF: LibreOffice did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise RenderError(f"cannot write PDF: failed to start {soffice} ({exc.strerror})") from None
        pdf = work / "document.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0 or not pdf.read_bytes()[:5] == b"%PDF-":
            detail = run.said() or f"exit code {run.returncode}, no output file"
            raise RenderError(f"cannot write PDF: LibreOffice wrote no PDF ({detail})")
        write_atomic(out, pdf.read_bytes(), force=True)  # the caller checked the output before the work
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)
