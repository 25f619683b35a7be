"""One page: its lines and ruled tables (`_PageLayout`), or a request for OCR (`_NeedsOcr`)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

from .lines import _Line
from .tables import _TableItem


@dataclass
class _PageLayout:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_TableItem] = field(default_factory=list)
    ocr: bool = False
    dropped_garbage: int = 0
    ocr_conf: float | None = None


@dataclass
class _NeedsOcr:
    number: int
    width: float
    height: float
    reason: str  # "scan" or "cid"
    future: Future | None = None
