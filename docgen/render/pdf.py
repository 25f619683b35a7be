"""PDF through LibreOffice: the .docx is converted headless with a private, throw-away user profile.

soffice can exit 0 without writing anything (a locked profile, a missing filter): the output is checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice", "lowriter")


class PdfError(Exception):
    """LibreOffice missing or failing; one-line message."""


def find_soffice() -> str | None:
    env = os.environ.get("KEHOACH_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path:
            return path
    for candidate in (
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if Path(candidate).exists():
            return candidate
    return None


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
    profile = Path(tempfile.gettempdir()) / f"kehoach-lo-{uuid.uuid4().hex}"
    try:
        src = work / "document.docx"
        if isinstance(docx, (bytes, bytearray)):
            src.write_bytes(bytes(docx))
        else:
            shutil.copyfile(docx, src)
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(src),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RenderError(f"cannot write PDF: LibreOffice did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise RenderError(f"cannot write PDF: failed to start {soffice} ({exc.strerror})") from None
        pdf = work / "document.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0 or not pdf.read_bytes()[:5] == b"%PDF-":
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            detail = detail[-1] if detail else f"exit code {proc.returncode}, no output file"
            raise RenderError(f"cannot write PDF: LibreOffice wrote no PDF ({detail})")
        write_atomic(out, pdf.read_bytes(), force=True)  # the caller checked the output before the work
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
