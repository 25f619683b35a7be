"""What a file is, from its first bytes: the dispatcher reads by content, whatever the extension says.

Clerks save a .docx as "x.doc", a web page as "x.doc", a scan as "x.pdf.jpg"; the extension is a hint only.
`kind_of(head)` looks at magic numbers; `sniff(path)` also tells a Word package from other zips and an
encrypted Office file (an OLE2 container holding EncryptedPackage) from a Word 97 document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..blocks import ReadError

HEAD_BYTES = 4096
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"GIF87a",
    b"GIF89a",
)
_OLE_SCAN = 4 * 1024 * 1024  # the directory of a small OLE file sits in its first sectors

# One phrase per kind, for messages ("not a Word .docx file (a PDF)").
KIND_NAMES = {
    "docx": "a Word .docx package",
    "zip": "a zip archive",
    "ole": "a Word 97-2003 (.doc) or other Office binary file",
    "encrypted": "a password-protected or encrypted Office file",
    "pdf": "a PDF",
    "rtf": "an RTF file",
    "html": "an HTML file",
    "image": "an image",
    "text": "a text file",
}


def kind_of(head: bytes) -> str:
    """'zip', 'ole', 'pdf', 'rtf', 'html', 'image' or 'text' from the first bytes of a file."""
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if _is_pdf(head):
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or _is_bmp(head):
        return "image"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    low = stripped[:1024].lower()
    if low.startswith((b"<!doctype html", b"<html")) or (low.startswith(b"<?xml") and b"<html" in low):
        return "html"
    return "text"


def _is_pdf(head: bytes) -> bool:
    """%PDF- at the start, or after binary junk in the first KB (PDF readers accept that; a text that merely
    quotes "%PDF-" is still text)."""
    pos = head.find(b"%PDF-", 0, 1024)
    if pos < 0:
        return False
    junk = head[:pos]
    return not junk.strip() or any(b < 0x09 for b in junk)


def _is_bmp(head: bytes) -> bool:
    """ "BM", zero reserved bytes and a known DIB header size: a text starting "BM-01" is not a bitmap."""
    return (
        len(head) >= 18
        and head[:2] == b"BM"
        and head[6:10] == b"\x00\x00\x00\x00"
        and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
    )


def _is_word_zip(path: Path) -> bool:
    """A zip holding a word/ part (the main part is found later through _rels/.rels)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.lower().startswith("word/") for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return True  # a damaged package: let the .docx reader say what is wrong with it


def _ole_kind(path: Path) -> str:
    with path.open("rb") as fh:
        data = fh.read(_OLE_SCAN)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return "encrypted"
    return "ole"


def sniff(path: Path) -> str:
    """The kind of a file by content: 'docx', 'zip', 'ole', 'encrypted', 'pdf', 'rtf', 'html', 'image', 'text'."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        kind = kind_of(head)
        if kind == "zip":
            return "docx" if _is_word_zip(path) else "zip"
        if kind == "ole":
            return _ole_kind(path)
    except OSError as exc:
        raise ReadError(str(path), f"cannot open the file ({exc.strerror or exc})") from None
    return kind
