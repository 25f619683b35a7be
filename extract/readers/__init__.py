"""Readers turn a file into a `Document` (a block stream). One module per format; the choice is made here.

The reader is chosen by content (`sniff`), whatever the extension says: a .docx saved as "x.doc" is read as a
.docx, a Word 97 file named "x.docx" goes through LibreOffice, a PDF named .docx is read as a PDF; the
document then carries a `misnamed_file` warning. The extension still decides which files are accepted at
all (`supported_suffixes`) and, for content that has no signature (plain text), which reader refuses it.

Adding a format: a module with `read(path: Path) -> Document`, a function below and its line in `_BY_KIND`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..blocks import Document, ReadError
from .sniff import KIND_NAMES
from .sniff import sniff as content_kind

MAX_BYTES = 25 * 1024 * 1024  # a plan is at most a few MB; anything far larger is not one

_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# What each accepted extension promises (the reader for content with no signature).
_SUFFIX_KIND = {
    **dict.fromkeys(_TEXT_SUFFIXES, "text"),
    ".docx": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    **dict.fromkeys(_IMAGE_SUFFIXES, "image"),
}


def _read_text(path: Path) -> Document:
    from . import text

    return text.read(path)


def _read_docx(path: Path) -> Document:
    from . import docx

    return docx.read(path)


def _read_doc(path: Path) -> Document:
    """Word 97-2003, RTF or Word-saved HTML: converted by LibreOffice, the result read as a .docx."""
    from . import doc

    return doc.read(path, _read_docx)


def _read_pdf(path: Path) -> Document:
    from . import pdf

    return pdf.read(path)


def _read_image(path: Path) -> Document:
    from . import image

    return image.read(path)


def _refuse_encrypted(path: Path) -> Document:
    raise ReadError(str(path), "password-protected or encrypted Word file (remove the password in Word and save again)")


_BY_KIND: dict[str, Callable[[Path], Document]] = {
    "text": _read_text,
    "docx": _read_docx,
    "zip": _read_docx,  # another zip (xlsx, odt …): the .docx reader says what it is
    "doc": _read_doc,  # content with no signature in a file named .doc: the .doc reader refuses it
    "ole": _read_doc,
    "rtf": _read_doc,
    "html": _read_doc,
    "encrypted": _refuse_encrypted,
    "pdf": _read_pdf,
    "image": _read_image,
}
# The extension each content kind is normally saved under (no warning when they agree).
# RTF and HTML have no accepted extension of their own: saved as .doc they are still worth a warning.
_NATURAL = {"docx": "docx", "zip": "docx", "ole": "doc", "encrypted": "doc", "pdf": "pdf", "image": "image"}


def supported_suffixes() -> list[str]:
    return sorted(_SUFFIX_KIND)


def choose(path: Path, suffix_kind: str) -> str:
    """The reader kind for a file: its content's, or the extension's for content without a signature."""
    kind = content_kind(path)
    if kind == "html":  # Word's "web page" saved as .doc; elsewhere HTML is only text to us
        return "html" if suffix_kind in ("doc", "docx") else "text"
    if kind == "text":
        return suffix_kind
    return kind


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read any supported file into blocks, or raise `ReadError` with a one-line reason."""
    path = Path(path)
    if not path.exists():
        raise ReadError(str(path), "no such file")
    if path.is_dir():
        raise ReadError(str(path), "is a folder, not a document")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(str(path), "file is empty")
    suffix = path.suffix.lower()
    suffix_kind = _SUFFIX_KIND.get(suffix)
    if suffix_kind is None:
        raise ReadError(
            str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(supported_suffixes())})"
        )
    kind = choose(path, suffix_kind)
    if size > max_bytes and kind == "text":
        raise ReadError(str(path), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one plan")
    try:
        document = _BY_KIND[kind](path)
    except ModuleNotFoundError as exc:  # a missing optional dependency
        raise ReadError(str(path), f"cannot read {suffix} files here ({exc.name} is not available)") from exc
    if kind != suffix_kind and _NATURAL.get(kind, kind) != suffix_kind:
        how = "converted with LibreOffice" if kind in ("ole", "rtf", "html") else "read by its content"
        document.warnings.append(("misnamed_file", f"file named {suffix} is {KIND_NAMES[kind]}; {how}", None))
    return document
