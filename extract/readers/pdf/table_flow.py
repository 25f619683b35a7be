"""Ruled tables in the block stream: continued over page breaks, header-like tables as zones, grids for the pipeline."""

from __future__ import annotations

from ... import lexicon
from ...blocks import Block, Table, TableCell, TableRow
from ...normalize import match_key
from .patterns import _NOI_NHAN
from .tables import _CellPara, _row_text, _TableItem


class _TableFlow:
    """Mixin of `_Builder`: emits tables as zone=table blocks."""

    # -- tables --
    def _add_table(self, t: _TableItem, first_on_page: bool) -> None:
        self._flush()
        cont = (
            self.table is not None
            and first_on_page
            and t.page == self.table.page + 1
            and t.ncols == self.table.ncols
            and len(t.col_xs) == len(self.table.col_xs)
            and all(abs(a - b) <= 3 for a, b in zip(t.col_xs, self.table.col_xs))
        )
        if not cont:
            self._close_table()
            self.table_no += 1
            self.table = t
            return
        # Continued on a new page: skip a repeated header row, join a row split by the page break.
        cur = self.table
        rows = list(t.rows)
        covered = list(t.covered) or [set() for _ in rows]
        k = 0  # header rows repeated at the top of the page
        while k < min(3, len(rows), len(cur.rows)) and rows[k] and _row_text(rows[k]) == _row_text(cur.rows[k]):
            k += 1
        rows, covered, pages = rows[k:], covered[k:], t.row_pages[k:]
        if rows and cur.rows and len(cur.rows) > 1:
            first, last = rows[0], cur.rows[-1]
            if 1 not in first and 1 in last and first:
                for col, paras in first.items():
                    if col in last and paras and last[col]:
                        last[col][-1] = _CellPara(
                            last[col][-1].text + " " + paras[0].text,
                            last[col][-1].bold,
                            last[col][-1].italic,
                            last[col][-1].size,
                        )
                        last[col].extend(paras[1:])
                    else:
                        last.setdefault(col, []).extend(paras)
                rows, covered, pages = rows[1:], covered[1:], pages[1:]
        cur.rows.extend(rows)
        cur.covered.extend(covered)
        cur.row_pages.extend(pages)
        cur.page = t.page

    def _close_table(self) -> None:
        t = self.table
        if t is None:
            return
        self.table = None
        if self._table_as_zones(t):
            if not self.para:
                self._emit_pending()
            return
        grid: list[TableRow] = []
        for r, row in enumerate(t.rows, start=1):
            cov = t.covered[r - 1] if r - 1 < len(t.covered) else set()
            cells: list[TableCell] = []
            for col in range(1, t.ncols + 1):
                blocks = [
                    Block(
                        text=para.text,
                        page=t.row_pages[r - 1],
                        bold=para.bold,
                        italic=para.italic,
                        size=para.size,
                        zone="table",
                        table=f"t{self.table_no}:r{r}:c{col}",
                    )
                    for para in row.get(col, [])
                ]
                self.blocks.extend(blocks)
                text = None if (col in cov and col not in row) else "\n".join(b.text for b in blocks)
                cells.append(TableCell(col=col, text=text, blocks=blocks))
            grid.append(TableRow(cells, page=t.row_pages[r - 1]))
        self.doc.tables.append(Table(id=f"t{self.table_no}", rows=grid))
        if not self.para:
            self._emit_pending()

    def _table_as_zones(self, t: _TableItem) -> bool:
        """A two-column header or Nơi nhận/signature table drawn with borders: zones, not a table."""
        if t.ncols != 2 or len(t.rows) > 4:
            return False
        left = [p for row in t.rows for p in row.get(1, [])]
        right = [p for row in t.rows for p in row.get(2, [])]
        if not left or not right:
            return False
        if _NOI_NHAN.match(left[0].text):
            zones = (("recipients", left), ("signature", right))
        elif (
            not self.header_emitted
            and self.blocks_before_body()
            and any(o in match_key(p.text) for p in right for o in lexicon.national_openings())
        ):
            zones = (("header", left), ("header", right))
            self.header_emitted = True
        else:
            return False
        for zone, paras in zones:
            for para in paras:
                self.blocks.append(
                    Block(
                        text=para.text, page=t.start_page, bold=para.bold, italic=para.italic, size=para.size, zone=zone
                    )
                )
        return True

    def blocks_before_body(self) -> bool:
        return not any(b.zone == "body" for b in self.blocks)
