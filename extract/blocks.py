"""The block stream: what every reader produces and the pipeline consumes.

A block is one paragraph, line or table cell with layout hints. Nothing after the readers knows which file
format a block came from; hints are optional and the text pipeline works without any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Zone = Literal["body", "header", "signature", "recipients", "table"]


@dataclass(slots=True)
class Block:
    text: str
    paragraph: int | None = None  # 1-based index in the source document
    page: int | None = None
    line: int | None = None  # 1-based line in a text file
    bold: bool | None = None  # True when the whole block is bold
    italic: bool | None = None
    align: str | None = None  # left, center, right, justify
    size: float | None = None  # font size in pt
    label: str | None = None  # automatic numbering label recovered by the reader ("I.", "1.", "a)")
    zone: Zone = "body"  # header/signature table contents are marked by docx/pdf readers
    table: str | None = None  # "tN:rR:cC" for table cells
    heading_level: int | None = None  # markdown '#' count or Word heading level (a weak hint)
    # .docx only: 0-based position of the source w:p among the body's w:p elements in document order, so a
    # tool working on the OOXML itself (the linter) can find the paragraph a block was read from.
    xml_paragraph: int | None = None


@dataclass(slots=True)
class Document:
    """What a reader returns: the blocks plus facts about the file and any reader warnings."""

    path: str
    format: str
    blocks: list[Block]
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)  # (code, message, paragraph)
    meta: dict = field(default_factory=dict)
    # Rows of recognised task tables (readers fill it; see issue 3): list of dicts with keys
    # stt, task, product, deadline, lead, coordinate, paragraph, page.
    task_rows: list[dict] = field(default_factory=list)


class ReadError(Exception):
    """A file that cannot be read at all. The message names the file and the problem in one line."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
