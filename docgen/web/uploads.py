"""Uploaded files: size limit, extension and content sniffing, stored under a name the server chooses.

The clerk's filename is never a path: it is kept only as a display name (its last component, control
characters removed), and the bytes go to `<job folder>/<slot>-<n><ext>` with the extension from our list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from extract.readers import MAX_BYTES
from extract.sniff import kind_of

PLAN_EXTS = (".docx", ".doc", ".pdf", ".txt", ".md")
DOCX_EXTS = (".docx",)
SHEET_EXTS = (".xlsx", ".csv")
TARGET_EXTS = (".yaml", ".yml", ".csv")
CHUNK = 1 << 16


class UploadError(Exception):
    """An upload refused before any reader saw it. `str()` is an engine-style reason `vi.message` words;
    `name` is the clerk's filename when there is one."""

    def __init__(self, reason: str, name: str | None = None):
        super().__init__(reason)
        self.name = name


@dataclass
class Stored:
    path: Path  # where the bytes are, inside the job folder
    name: str  # what the clerk called it, for display only
    size: int


def display_name(filename: str | None) -> str:
    """The last path component of a browser-sent name, printable, at most 120 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    return name.strip()[:120] or "tệp không tên"


def _sniff_ok(ext: str, head: bytes) -> bool:
    """Does the start of the file look like what its extension says? Told by extract's sniffing (`kind_of`),
    the magic numbers the readers go by, so an upload passes here exactly when the reader takes its kind."""
    kind = kind_of(head)
    if ext in (".docx", ".xlsx"):
        return kind == "zip"
    if ext == ".pdf":
        return kind == "pdf"
    if ext == ".doc":  # Word 97-2003 (OLE), or the RTF / HTML files Word saves as .doc
        return kind in ("ole", "rtf", "html")
    # text: no NUL byte except as UTF-16 (whose BOM the text reader understands)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head


def store(
    stream: BinaryIO,
    filename: str | None,
    folder: Path,
    slot: str,
    allowed: tuple[str, ...],
    max_bytes: int = MAX_BYTES,
) -> Stored:
    """Copy an upload into `folder` under a server-chosen name, refusing a wrong type, a lying content or
    more than `max_bytes` (counted while copying, so a huge upload is cut off early)."""
    name = display_name(filename)
    ext = Path(name).suffix.lower()
    if not filename:
        raise UploadError("upload: missing")
    if ext not in allowed:
        raise UploadError(f"upload: extension {ext or '(không có)'}", name)
    n = len(list(folder.glob(f"{slot}-*")))
    path = folder / f"{slot}-{n + 1}{ext}"
    size = 0
    head = b""
    with open(path, "wb") as out:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise UploadError(f"upload: too large {max_bytes // (1024 * 1024)}", name)
            if len(head) < 4096:
                head += chunk[: 4096 - len(head)]
            out.write(chunk)
    if size == 0:
        raise UploadError("upload: empty", name)
    if not _sniff_ok(ext, head):
        raise UploadError(f"upload: content {ext}", name)
    return Stored(path, name, size)
