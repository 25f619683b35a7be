"""Word 97-2003 .doc reader: convert to .docx with LibreOffice (headless), then read it as .docx.

The .docx reader is handed in by the dispatcher (`extract.readers`), so this module and the .docx reader do
not import each other.

LibreOffice runs through `extract.soffice` (a throw-away profile and process group per conversion); the
converted file is deleted after. LibreOffice can exit 0 without writing anything (damaged or
password-protected input), so the output is checked. Needs `soffice` on PATH: `apt-get install
libreoffice-writer-nogui`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..blocks import Document, ReadError
from ..sniff import sniff
from ..soffice import SofficeTimeout, convert, find_soffice

TIMEOUT = 120  # seconds for one conversion
INSTALL_HINT = "install LibreOffice: apt-get install libreoffice-writer-nogui"


def convert_to_docx(path: Path, outdir: Path, timeout: float | None = None) -> Path:
    """Convert `path` with LibreOffice into `outdir`; return the .docx written there (ReadError otherwise)."""
    timeout = TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(str(path), f"cannot read .doc files: LibreOffice (soffice) is not on PATH ({INSTALL_HINT})")
    # A plain ASCII copy: LibreOffice names its output after the input, and odd names confuse it.
    source = outdir / "input.doc"
    shutil.copyfile(path, source)
    try:
        run = convert(soffice, source, outdir, "docx:MS Word 2007 XML", timeout)
    except SofficeTimeout:
        raise ReadError(str(path), f"LibreOffice did not finish converting the .doc file within {timeout} s") from None
    except OSError as exc:
        raise ReadError(str(path), f"cannot run LibreOffice ({exc}; {INSTALL_HINT})") from None
    out = outdir / "input.docx"
    if not out.exists() or out.stat().st_size == 0:
        said = run.said()
        tail = f"; LibreOffice said: {said[:200]}" if said else ""
        raise ReadError(
            str(path),
            f"LibreOffice could not convert the file (exit code {run.returncode}, no output; the file may be "
            f"damaged or password-protected){tail}",
        )
    return out


def read(path: Path, read_docx: Callable[[Path], Document]) -> Document:
    """Convert with LibreOffice and read the result with `read_docx` (the dispatcher passes the .docx reader).

    Accepts what LibreOffice opens as a Word document: Word 97-2003 (OLE2), RTF and Word's HTML; anything else
    is refused before LibreOffice is started.
    """
    path = Path(path)
    kind = sniff(path)
    if kind not in ("ole", "rtf", "html"):
        raise ReadError(str(path), "not a Word .doc file (no Word 97-2003, RTF or HTML signature)")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        converted = convert_to_docx(path, Path(tmp))
        try:
            document = read_docx(converted)
        except ReadError as exc:
            raise ReadError(str(path), f"converted .doc could not be read: {exc.problem}") from None
    document.path = str(path)
    document.format = "doc"
    document.meta["converted_from"] = "doc" if kind == "ole" else kind
    document.meta.pop("core", None)  # LibreOffice's own properties (conversion time), not the author's
    return document
