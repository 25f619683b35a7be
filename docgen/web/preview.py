"""Page 1 of a generated .docx as a PNG (LibreOffice → PDF → pdftoppm), when both are installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def available() -> bool:
    from ..render.pdf import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None


def first_page_png(docx: bytes, folder: Path, dpi: int = 70, timeout: float = 120) -> bytes | None:
    """The first page as PNG bytes, or None when LibreOffice or poppler is missing or fails (a preview is
    a convenience: the .docx itself is still offered)."""
    if not available():
        return None
    from ..render import RenderError
    from ..render.pdf import docx_to_pdf

    pdf = folder / "xem-truoc.pdf"
    try:
        docx_to_pdf(docx, pdf, timeout=timeout)
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                "1",
                "-l",
                "1",
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                str(pdf),
                str(folder / "trang-1"),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    except (RenderError, OSError, subprocess.SubprocessError):
        return None
    png = folder / "trang-1.png"
    return png.read_bytes() if png.exists() else None
