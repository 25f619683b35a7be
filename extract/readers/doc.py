"""Word 97-2003 .doc reader: convert to .docx with LibreOffice (headless), then read it as .docx.

The .docx reader is handed in by the dispatcher (`extract.readers`), so this module and the .docx reader do
not import each other.

Each conversion runs with its own throw-away LibreOffice profile (`-env:UserInstallation`), so conversions can
run side by side and never touch the user's profile; the profile and the converted file are deleted after.
LibreOffice can exit 0 without writing anything (damaged or password-protected input), so the output is
checked. Needs `soffice` on PATH: `apt-get install libreoffice-writer-nogui`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from ..blocks import Document, ReadError
from .sniff import sniff

TIMEOUT = 120  # seconds for one conversion
INSTALL_HINT = "install LibreOffice: apt-get install libreoffice-writer-nogui"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(path: Path, outdir: Path, timeout: float | None = None) -> Path:
    """Convert `path` with LibreOffice into `outdir`; return the .docx written there (ReadError otherwise)."""
    timeout = TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(str(path), f"cannot read .doc files: LibreOffice (soffice) is not on PATH ({INSTALL_HINT})")
    # A plain ASCII copy: LibreOffice names its output after the input, and odd names confuse it.
    source = outdir / "input.doc"
    shutil.copyfile(path, source)
    profile = Path(tempfile.gettempdir()) / f"kehoach-lo-{uuid.uuid4().hex}"
    cmd = [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(source),
    ]
    env = dict(os.environ)
    env.setdefault("HOME", str(outdir))
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group, so a timeout kills soffice.bin too
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReadError(
                str(path), f"LibreOffice did not finish converting the .doc file within {timeout} s"
            ) from None
    except OSError as exc:
        raise ReadError(str(path), f"cannot run LibreOffice ({exc}; {INSTALL_HINT})") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / "input.docx"
    if not out.exists() or out.stat().st_size == 0:
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        detail = [d for d in detail if "javaldx" not in d and d.strip()]
        tail = f"; LibreOffice said: {detail[-1][:200]}" if detail else ""
        raise ReadError(
            str(path),
            f"LibreOffice could not convert the file (exit code {proc.returncode}, no output; the file may be "
            f"damaged or password-protected){tail}",
        )
    return out


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except Exception:
        pass


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
