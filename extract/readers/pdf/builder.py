"""The block builder: page layouts in reading order → blocks (header, body paragraphs, tables, tail, notes)."""

from __future__ import annotations

from collections import Counter

from ...blocks import Block, Document
from .furniture import _Furniture
from .header_columns import _HeaderColumns
from .legacy import _LegacyFixer
from .lines import _Line
from .page import _PageLayout
from .paragraphs import _Paragraphs
from .signature import _Tail
from .stats import _page_stats, _Stats
from .table_flow import _TableFlow
from .tables import _TableItem


class _Builder(_Furniture, _HeaderColumns, _Tail, _Paragraphs, _TableFlow):
    """Keeps the state that runs across pages (open paragraph, open table, header done, page statistics)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.blocks = doc.blocks
        self.para: list[_Line] = []
        self.pending: list[Block] = []  # footnotes and running lines waiting for the open paragraph to end
        self.table: _TableItem | None = None
        self.table_blocks_start = 0
        self.table_no = 0
        self.header_done = False
        self.header_emitted = False
        self.doc_stats: _Stats | None = None
        self.stats = _Stats()
        self.prev_stats = _Stats()
        self.tail_open = False
        self.tail_split = 0.0
        self.edge_candidates: list[tuple[Block, str, int]] = []
        self.pages_with_text = 0
        self.footnotes_on = -1
        self.last_note: Block | None = None
        self.size_counts: Counter = Counter()  # characters per font size over the pages read so far
        self.legacy = _LegacyFixer(doc)

    # -- per page --
    def add_page(self, layout: _PageLayout) -> None:
        lines = [ln for ln in layout.lines if ln.text.strip()]
        if not lines and not layout.tables:
            return
        self.pages_with_text += 1
        hint = self.size_counts.most_common(1)[0][0] if self.size_counts else None
        stats, reliable = _page_stats(lines, self.doc_stats, hint)
        if reliable and self.doc_stats is None:
            self.doc_stats = stats
        self.prev_stats, self.stats = self.stats, stats
        lines = self._drop_page_numbers(lines, layout)
        # Running lines and footnotes first (a signature stamp printed above the header is a running line),
        # then the header of the first page, then Nơi nhận / signature.
        deferred = self._find_edges(lines, layout)
        body = [ln for ln in lines if ln.role == "body"]
        header: list[_Line] = []
        if not self.header_done and body:
            header = self._find_header(body, layout)
            self.header_done = True
        body = [ln for ln in body if ln.role == "body"]
        tail = self._find_tail(body, layout)
        body = [ln for ln in body if ln.role == "body"]
        if not layout.ocr:
            for ln in body:
                self.size_counts[ln.size] += len(ln.text)
        if header:
            self._emit_header(header)
            self.header_emitted = True
        items: list = sorted(body + layout.tables, key=lambda it: it.top)
        first = True
        for it in items:
            if isinstance(it, _TableItem):
                self._add_table(it, first)
            else:
                if self.table is not None:
                    self._close_table()
                self._add_line(it, same_page=not first)
            first = False
        if tail:
            self._flush()
            self._close_table()
            self._emit_tail(tail)
            after = [ln for ln in lines if ln.role == "after_tail"]
            if after:
                self.blocks.extend(self._paragraph_blocks(after))
        for blk in deferred:
            self.pending.append(blk)
        if not self.para and self.table is None:
            self._emit_pending()

    def finish(self) -> None:
        self._flush()
        self._close_table()
        self._emit_pending()
        self._remove_running_lines()
        for i, b in enumerate(self.blocks, start=1):
            b.paragraph = i
