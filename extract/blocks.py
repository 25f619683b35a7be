"""The block stream: what every reader produces and the pipeline consumes.

A block is one paragraph, line or table cell with layout hints. Nothing after the readers knows which file
format a block came from; hints are optional and the text pipeline works without any of them.

Tables are handed over twice: their cells are blocks in reading order (zone="table"), and each table is also a
`Table` of rows of `TableCell`s on the grid, holding those same blocks, so a pipeline stage can read columns
(which cell is "Chủ trì", which "Thời gian") without knowing the file format. Readers only describe the grid;
recognising what a table means is the pipeline's job.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from .normalize import LINE_BREAK_CHARS, clean_text

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
class TableCell:
    """One grid position of a table row. A cell merged over several positions is written once, at its first one;
    the others repeat its text (DOCX, where the merge is known) or have text None (PDF: covered by a merge, the
    recogniser repeats the neighbour's value)."""

    col: int  # 1-based grid column
    text: str | None
    blocks: list[Block] = field(default_factory=list)  # the blocks emitted for this cell, in order


@dataclass(slots=True)
class TableRow:
    cells: list[TableCell]
    page: int | None = None  # the page the row starts on, when the format has pages

    def first_block(self, col: int | None = None) -> Block | None:
        """The first block of column `col` (1-based) when it has one, else the first block of the row."""
        if col is not None:
            for cell in self.cells:
                if cell.col == col and cell.blocks:
                    return cell.blocks[0]
        return next((cell.blocks[0] for cell in self.cells if cell.blocks), None)


@dataclass(slots=True)
class Table:
    """A table the reader emitted as zone="table" blocks (header and signature tables are zones, not tables)."""

    id: str  # "tN", the prefix of its blocks' `table` positions
    rows: list[TableRow]


@dataclass(slots=True)
class Document:
    """What a reader returns: the blocks plus facts about the file and any reader warnings."""

    path: str
    format: str
    blocks: list[Block]
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)  # (code, message, paragraph)
    meta: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)  # every zone="table" table, as a grid of its blocks


class ReadError(Exception):
    """A file that cannot be read at all. The message names the file and the problem in one line."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Copies of the blocks through `clean_text`, the one cleaning at the reader boundary. A block holding a line-like
    control character (a vertical tab, a line separator) becomes one block per line, each with the original's
    hints, so later stages never see a break inside a line."""
    out: list[Block] = []
    for b in blocks:  # copies: the reader's document stays as read
        text = clean_text(b.text)
        if not any(c in b.text for c in LINE_BREAK_CHARS):
            out.append(dataclasses.replace(b, text=text))
            continue
        out.extend(dataclasses.replace(b, text=part) for part in text.split("\n") if part.strip())
    return out
