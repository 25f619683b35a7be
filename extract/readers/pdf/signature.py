"""Nơi nhận and the signature beside it, split by x into zone recipients and zone signature."""

from __future__ import annotations

from .lines import _join_pieces, _Line, _sub_line
from .page import _PageLayout
from .patterns import _BULLET, _DOC_TYPE_LINE, _ENDS_PARAGRAPH, _LABEL, _NOI_NHAN


class _Tail:
    """Mixin of `_Builder`: the tail of the document, which may run over a page break."""

    # -- Nơi nhận and signature --
    def _find_tail(self, body: list[_Line], layout: _PageLayout) -> list[tuple[_Line, str]]:
        st = self.stats
        w = st.width
        xsplit = st.left + 0.38 * w
        out: list[tuple[_Line, str]] = []
        start = None
        if self.tail_open:
            # Recipients or signature continued from the previous page: bullets on the left, names on the right.
            for i, ln in enumerate(body):
                if ln.x0 < xsplit and (ln.x1 > st.left + 0.6 * w or not _BULLET.match(ln.text)):
                    break  # body text again
                if ln.x0 >= xsplit and (ln.center < st.left + 0.55 * w or _DOC_TYPE_LINE.match(ln.text.upper())):
                    break  # a centred heading ("PHỤ LỤC"), not the signature column
                start = 0
                end = i + 1
            if start is None:
                self.tail_open = False
                return []
            chosen = body[:end]
        else:
            for i, ln in enumerate(body):
                if not _NOI_NHAN.match(ln.text) or ln.x0 >= xsplit:
                    continue
                segs = ln.segments(1.0)
                if _NOI_NHAN.match(_join_pieces(segs[0]).strip()):
                    start = i
                    break
            if start is None:
                return []
            # Signature lines set just above "Nơi nhận:" (TM. …, KT. …).
            j = start
            while j > 0 and start - j < 4:
                prev = body[j - 1]
                if prev.x0 >= xsplit and body[j].top - prev.bottom < 3.0 * st.pitch:
                    j -= 1
                else:
                    break
            chosen = body[j:]
        # The tail may go on over the page only when it reaches the bottom of this one.
        self.tail_open = bool(chosen) and chosen[-1].bottom > 0.8 * layout.height
        for ln in chosen:
            if ln.x0 < xsplit and ln.x1 > st.left + 0.8 * w and len(ln.segments(2.0)) == 1:
                ln.role = "after_tail"  # a full-width note under the signature block
                continue
            ln.role = "tail"
            for seg in ln.segments(1.0):
                side = "recipients" if seg[0].x0 < xsplit else "signature"
                out.append((_sub_line(ln, seg, self.legacy.fix), side))
        return out

    def _emit_tail(self, tail: list[tuple[_Line, str]]) -> None:
        recipients = [ln for ln, side in tail if side == "recipients"]
        signature = [ln for ln, side in tail if side == "signature"]
        # Recipients: one block per item; a wrapped item continues until a bullet or a closing ; . :
        groups: list[list[_Line]] = []
        for ln in sorted(recipients, key=lambda x: x.top):
            if groups:
                prev = groups[-1][-1]
                if not (
                    _BULLET.match(ln.text)
                    or _LABEL.match(ln.text)
                    or prev.text.rstrip().endswith(_ENDS_PARAGRAPH)
                    or _NOI_NHAN.match(prev.text)
                    or ln.top - prev.bottom > 1.2 * max(ln.size, prev.size)
                ):
                    groups[-1].append(ln)
                    continue
            groups.append([ln])
        for g in groups:
            blk = self._make_block(g, zone="recipients")
            if blk is not None:
                self.blocks.append(blk)
        for ln in sorted(signature, key=lambda x: x.top):
            blk = self._make_block([ln], zone="signature")
            if blk is not None:
                self.blocks.append(blk)
