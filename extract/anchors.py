"""Reader positions to evidence: readers name a row or a warning by its paragraph number; the stages need the
source of the layout line that holds that paragraph."""

from __future__ import annotations

from .model import Source
from .structure import Layout, source_for


def paragraph_source(lay: Layout, file: str | None, paragraph: int | None) -> Source | None:
    """Source of the first line of a reader's paragraph; None when no line holds it."""
    if paragraph is None:
        return None
    if lay.by_paragraph is None:  # built once, on the first lookup
        lay.by_paragraph = {}
        for line in lay.lines:
            lay.by_paragraph.setdefault(line.block.paragraph, line)
    found = lay.by_paragraph.get(paragraph)
    return source_for(found, file) if found is not None else None
