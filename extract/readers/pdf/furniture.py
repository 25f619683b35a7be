"""Page furniture: running page numbers, running headers/footers repeated over the pages, footnotes."""

from __future__ import annotations

import regex

from ...blocks import Block
from ...normalize import strip_accents
from .lines import _Line
from .page import _PageLayout
from .patterns import _FOOTNOTE_START, _NOI_NHAN, _PAGE_NUMBER


class _Furniture:
    """Mixin of `_Builder`: takes the furniture out of the text flow."""

    # -- page numbers, running headers/footers, footnotes --
    def _drop_page_numbers(self, lines: list[_Line], layout: _PageLayout) -> list[_Line]:
        h = layout.height
        drop = set()
        for ln in lines[:2] + lines[-2:]:
            band = ln.bottom < 0.15 * h or ln.top > 0.85 * h
            if band and len(ln.text) <= 14 and _PAGE_NUMBER.match(ln.text.strip()):
                drop.add(id(ln))
        return [ln for ln in lines if id(ln) not in drop]

    def _find_edges(self, body: list[_Line], layout: _PageLayout) -> list[Block]:
        """Running headers/footers (isolated lines in the top/bottom margin) and footnotes (small numbered
        lines at the bottom): taken out of the flow and emitted after the paragraph that is open."""
        out: list[Block] = []
        if len(body) < 2:
            return out
        st = self.stats
        h = layout.height
        top, second = body[0], body[1]
        if top.bottom < 0.065 * h and (second.top - top.top > 1.4 * st.pitch or abs(top.size - second.size) > 1.5):
            top.role = "running"
        bottom, before = body[-1], body[-2]
        if bottom.top > 0.935 * h and (
            bottom.top - before.top > 1.4 * st.pitch or abs(bottom.size - before.size) > 1.5
        ):
            bottom.role = "running"
        running = []
        for ln in (top, bottom):
            if ln.role == "running":
                blk = self._make_block([ln])
                if blk is not None:
                    running.append(blk)
                    # Digits vary (page numbers, dates) and OCR varies the tone marks: compare a folded form.
                    key = regex.sub(r"\d+", "#", regex.sub(r"[^\w]+", " ", strip_accents(blk.text).casefold())).strip()
                    self.edge_candidates.append((blk, key, layout.number))
        rest = [ln for ln in body if ln.role == "body"]
        # Footnotes: a run of small lines at the bottom whose first line starts with a number.
        run = []
        for ln in reversed(rest):
            if ln.size <= 0.85 * st.size and not ln.ocr and not _NOI_NHAN.match(ln.text):
                run.append(ln)
            else:
                break
        run.reverse()
        numbered = any(ln.sup_start or _FOOTNOTE_START.match(ln.text) for ln in run)
        had_notes = self.footnotes_on == layout.number - 1  # a footnote continued from the previous page
        if run and len(run) < len(rest) and (numbered or had_notes) and run[0].top > 0.15 * h:
            for ln in run:
                ln.role = "footnote"
            self.footnotes_on = layout.number
            notes = self._paragraph_blocks(run, footnote=True)
            if (
                notes
                and had_notes
                and self.last_note is not None
                and not (run[0].sup_start or _FOOTNOTE_START.match(run[0].text))
            ):
                # The previous page's last footnote continues here.
                self.last_note.text = f"{self.last_note.text} {notes.pop(0).text}"
            if notes:
                self.last_note = notes[-1]
            out.extend(notes)
        return out + running

    def _remove_running_lines(self) -> None:
        if not self.edge_candidates:
            return
        pages_by_key: dict[str, set[int]] = {}
        for _, key, page in self.edge_candidates:
            pages_by_key.setdefault(key, set()).add(page)
        need = max(3, int(0.4 * self.pages_with_text + 0.999))
        drop = {id(b) for b, key, _ in self.edge_candidates if len(pages_by_key[key]) >= need}
        if drop:
            self.blocks[:] = [b for b in self.blocks if id(b) not in drop]
