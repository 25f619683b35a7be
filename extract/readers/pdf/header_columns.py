"""The two-column header of the first page: issuing body and "Số:" left, Quốc hiệu and place/date right."""

from __future__ import annotations

from .lines import _join_pieces, _Line, _Piece, _sub_line
from .page import _PageLayout
from .patterns import _DOC_TYPE_LINE


class _HeaderColumns:
    """Mixin of `_Builder`: finds the header columns by the gap they share and emits them as zone=header."""

    # -- header --
    def _find_header(self, lines: list[_Line], layout: _PageLayout) -> list[_Line]:
        """The two-column header at the top of the first page; sets `_header_split` (the x between columns)."""
        st = self.stats
        w = st.width
        cand = [ln for ln in lines if ln.top < 0.45 * layout.height][:16]
        # The gap between the columns: the widest gap of the first lines, narrowed to what they share.
        gap_lo = gap_hi = None
        for ln in cand[:6]:
            ps = ln.pieces
            best = None
            for a, b in zip(ps, ps[1:]):
                gap = b.x0 - a.x1
                if gap > 1.8 * max(min(a.size, b.size), 6.0) and (best is None or gap > best[0]):
                    best = (gap, a, b)
            if best is None:
                continue
            _, a, b = best
            if not st.left + 0.15 * w < (a.x1 + b.x0) / 2 < st.left + 0.75 * w:
                continue
            if gap_lo is None:
                gap_lo, gap_hi = a.x1, b.x0
                cl = (ps[0].x0 + a.x1) / 2
                right_edge = max(p.x1 for p in ps)
                cr = (b.x0 + right_edge) / 2
            elif max(gap_lo, a.x1) < min(gap_hi, b.x0):
                gap_lo, gap_hi = max(gap_lo, a.x1), min(gap_hi, b.x0)
        if gap_lo is None:
            return []
        split = (gap_lo + gap_hi) / 2
        header: list[_Line] = []
        sides: list[tuple[list[_Piece], list[_Piece]]] = []
        for ln in cand:
            if header and ln.top - header[-1].bottom > 4.0 * st.pitch:
                break
            left = [p for p in ln.pieces if (p.x0 + p.x1) / 2 < split]
            right = [p for p in ln.pieces if (p.x0 + p.x1) / 2 >= split]
            if left and right:
                a = max(left, key=lambda p: p.x1)
                b = min(right, key=lambda p: p.x0)
                if b.x0 - a.x1 < 0.8 * max(min(a.size, b.size), 6.0):
                    break  # a line running across the column boundary: the title or the body
            elif left:
                x0, x1 = left[0].x0, max(p.x1 for p in left)
                if abs((x0 + x1) / 2 - cl) > 0.2 * w and x0 > st.left + 0.1 * w:
                    break
            elif right:
                x0, x1 = right[0].x0, max(p.x1 for p in right)
                if abs((x0 + x1) / 2 - cr) > 0.12 * w and abs(x1 - right_edge) > 8:
                    break
                if _DOC_TYPE_LINE.match(_join_pieces(right).strip().upper()):
                    break
            else:
                break
            header.append(ln)
            sides.append((left, right))
        if not any(left and right for left, right in sides):
            return []
        for ln in header:
            ln.role = "header"
        self._header_sides = [(ln, left, right) for ln, (left, right) in zip(header, sides)]
        return header

    def _emit_header(self, header: list[_Line]) -> None:
        left_lines, right_lines = [], []
        for ln, lp, rp in self._header_sides:
            if lp:
                left_lines.append(_sub_line(ln, lp, self.legacy.fix))
            if rp:
                right_lines.append(_sub_line(ln, rp, self.legacy.fix))
        for col in (left_lines, right_lines):
            if not col:
                continue
            x0 = min(ln.x0 for ln in col)
            x1 = max(ln.x1 for ln in col)
            mid = (x0 + x1) / 2
            for ln in col:
                blk = self._make_block([ln], zone="header")
                if blk is not None:
                    blk.align = "center" if abs(ln.center - mid) <= max(8.0, 0.4 * ln.size) else None
                    self.blocks.append(blk)
