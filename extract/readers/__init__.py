"""Readers turn a file into a `Document` (a block stream). One module per format; dispatch is here.

Adding a format means adding a module with `read(path: Path) -> Document` and a line in `_READERS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..blocks import Document, ReadError

# suffix -> module name inside extract.readers
_READERS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".text": "text",
    ".docx": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
}

MAX_BYTES = 25 * 1024 * 1024  # a plan is at most a few MB; anything far larger is not one
# Extraction keeps its paragraphs, sentences and sources in memory: about 50 MB per MB of text on top of ~120 MB
# of pipeline. A real plan has a few hundred KB of text; this bound keeps one extraction under 300 MB.
MAX_TEXT_BYTES = 3 * 1024 * 1024


def supported_suffixes() -> list[str]:
    return sorted(_READERS)


def read_document(path: str | Path, max_bytes: int = MAX_BYTES, max_text: int = MAX_TEXT_BYTES) -> Document:
    """Read any supported file into blocks, or raise `ReadError` with a one-line reason. A file over `max_bytes`
    or holding more than `max_text` bytes of text (UTF-8) is refused with both figures in the reason."""
    path = Path(path)
    if not path.exists():
        raise ReadError(str(path), "no such file")
    if path.is_dir():
        raise ReadError(str(path), "is a folder, not a document")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(str(path), "file is empty")
    suffix = path.suffix.lower()
    module_name = _READERS.get(suffix)
    if module_name is None:
        raise ReadError(
            str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(supported_suffixes())})"
        )
    if size > max_bytes and module_name == "text":
        raise ReadError(str(path), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one plan")
    if size > max_text and module_name == "text":  # refused before decoding: a text file is its text
        raise ReadError(str(path), _too_much_text(size, max_text))
    try:
        module = importlib.import_module(f".{module_name}", __name__)
    except ModuleNotFoundError as exc:  # a reader not built yet or a missing optional dependency
        raise ReadError(str(path), f"cannot read {suffix} files here ({exc.name} is not available)") from exc
    doc = module.read(path)
    text_bytes = sum(len(b.text.encode("utf-8")) for b in doc.blocks)
    if text_bytes > max_text:
        raise ReadError(str(path), _too_much_text(text_bytes, max_text))
    return doc


def _too_much_text(size: int, limit: int) -> str:
    return (
        f"{size / 1e6:.1f} MB of text, over the {limit / 1e6:.1f} MB limit for one plan "
        "(a plan has a few hundred KB of text: split the file into its documents)"
    )
