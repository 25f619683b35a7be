"""Body lines → paragraphs: where a wrapped line continues and where a new paragraph starts."""

from __future__ import annotations

from ...blocks import Block
from ...normalize import clean_text
from .lines import _all, _dominant_size, _Line
from .patterns import _BULLET, _DOC_TYPE_LINE, _ENDS_PARAGRAPH, _FOOTNOTE_START, _LABEL
from .stats import _Stats


class _Paragraphs:
    """Mixin of `_Builder`: joins lines into paragraph blocks."""

    # -- paragraphs --
    def _add_line(self, ln: _Line, same_page: bool) -> None:
        if self.para and not self._continues(self.para[-1], ln, same_page):
            self._flush()
        self.para.append(ln)

    def _is_centered(self, ln: _Line, st: _Stats) -> bool:
        """Margins on both sides and about equal (a justified line has none; an indented one only on the left)."""
        lm, rm = ln.x0 - st.left, st.right - ln.x1
        if lm < 4.0 or rm < 4.0 or abs(lm - rm) > max(6.0, 0.03 * st.width):
            return False
        if st.indent is not None and abs(lm - st.indent) <= 2.0 and _LABEL.match(ln.text):
            return False  # an indented heading ("a) …") whose right end happens to mirror the indent
        return True

    def _continues(self, prev: _Line, cur: _Line, same_page: bool) -> bool:
        st = self.stats
        pst = self.stats if same_page else self.prev_stats
        ptext = prev.text.rstrip()
        ctext = cur.text.lstrip()
        if _LABEL.match(ctext):
            return False
        if ptext.endswith(_ENDS_PARAGRAPH):
            # A line ending in . ; : ends its paragraph, except a full justified line followed by a line at
            # the margin on a page whose paragraphs start with an indent ("…hiệu quả;" / "chức năng, …").
            slack = 6.0 if prev.ocr else 3.0
            full = prev.x1 >= pst.right - slack
            at_margin = abs(cur.x0 - st.left) <= slack
            if ptext.endswith("./.") or not (st.indent and full and at_margin) or _BULLET.match(ctext):
                return False
        if not prev.ocr and not cur.ocr:
            (pb, ps), (cb, cs) = prev.last_style, cur.first_style
            if pb != cb or abs(ps - cs) > 1 or abs(prev.size - cur.size) > 1.0:
                return False
        if same_page:
            limit = max(st.pitch, 1.05 * max(prev.size, cur.size)) + max(3.0, 0.25 * cur.size)
            if cur.top - prev.top > limit:
                return False
            if cur.top - prev.top < 0.5 * cur.size:  # side by side, not one under the other
                return False
        pc, cc = self._is_centered(prev, pst), self._is_centered(cur, st)
        if pc or cc:
            if not (pc and cc):
                return False
            if _DOC_TYPE_LINE.match(ptext.upper()) or ptext.isupper() != ctext.isupper():
                return False
            return True
        if cur.x0 > prev.x0 + max(4.0, 0.5 * cur.size) and cur.x0 > st.left + max(4.0, 0.5 * cur.size):
            return False  # first-line indent
        if cur.x0 < prev.x0 - max(4.0, 0.5 * cur.size) and prev.x0 > pst.left + 0.3 * pst.width:
            return False  # previous line was set apart on the right (date, signature)
        space = 0.25 * cur.size
        if prev.x1 + space + cur.first_word_w < pst.right - (4.0 if prev.ocr else 1.0):
            return False  # the first word would have fitted: the previous line was a paragraph end
        if _BULLET.match(ctext) and cur.x0 > st.left + 2.0:
            return False
        return True

    def _flush(self) -> None:
        if not self.para:
            return
        blk = self._make_block(self.para)
        self.para = []
        if blk is not None:
            self.blocks.append(blk)
        if self.table is None:
            self._emit_pending()

    def _emit_pending(self) -> None:
        if self.pending:
            self.blocks.extend(self.pending)
            self.pending = []

    def _paragraph_blocks(self, lines: list[_Line], footnote: bool = False) -> list[Block]:
        groups: list[list[_Line]] = []
        for ln in lines:
            if groups:
                prev = groups[-1][-1]
                start = ln.sup_start or (footnote and _FOOTNOTE_START.match(ln.text))
                if not start and self._continues(prev, ln, same_page=True):
                    groups[-1].append(ln)
                    continue
            groups.append([ln])
        return [b for g in groups if (b := self._make_block(g)) is not None]

    def _make_block(self, lines: list[_Line], zone: str = "body") -> Block | None:
        text = clean_text(" ".join(ln.text.strip() for ln in lines)).strip()
        if not text:
            return None
        first = lines[0]
        ocr = first.ocr
        return Block(
            text=text,
            page=first.page,
            bold=None if ocr else _all(lines, "bold"),
            italic=None if ocr else _all(lines, "italic"),
            align=self._align(lines) if zone in ("body", "header") else None,
            size=_dominant_size(lines),
            zone=zone,
        )

    def _align(self, lines: list[_Line]) -> str | None:
        st = self.stats
        if all(self._is_centered(ln, st) for ln in lines):
            return "center"
        last = lines[-1]
        if all(ln.x1 >= st.right - 2.0 for ln in lines) and lines[0].x0 > st.left + 0.25 * st.width:
            return "right"
        if len(lines) > 1 and all(ln.x1 >= st.right - 2.0 for ln in lines[:-1]):
            return "justify"
        if len(lines) == 1 and last.x1 >= st.right - 2.0:
            return "justify"
        return "left"
