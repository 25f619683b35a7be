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


def supported_suffixes() -> list[str]:
    return sorted(_READERS)


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
    module_name = _READERS.get(suffix)
    if module_name is None:
        raise ReadError(
            str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(supported_suffixes())})"
        )
    if size > max_bytes and module_name == "text":
        raise ReadError(str(path), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one plan")
    try:
        module = importlib.import_module(f".{module_name}", __name__)
    except ModuleNotFoundError as exc:  # a reader not built yet or a missing optional dependency
        raise ReadError(str(path), f"cannot read {suffix} files here ({exc.name} is not available)") from exc
    return module.read(path)
