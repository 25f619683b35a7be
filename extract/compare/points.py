"""Whole-sentence points: a numbered or lettered item ("a) Kế hoạch phải được …", "2. Đề nghị Bộ …") that the
reader took for a heading because it starts with a number, but that is a sentence of body text.

Plans number their running text as often as their headings; a heading is a short name for what follows, a
point says something. The diff treats a point as a paragraph of the part holding it (so a point moved into a
new part is a move, not a section), and the renderer sets it as body text (upright, justified, not kept with
the next paragraph).
"""

from __future__ import annotations

import regex

# a heading this long (in syllables) with nothing under it is a sentence, whatever its last mark
LONG_LEAF_WORDS = 20
# a title ending like a sentence is a sentence once it is longer than a short label ("Kinh phí.")
SENTENCE_WORDS = 6
_SENTENCE_END = regex.compile(r"[.;!?…]\s*[\"”’)]*\s*(?:/\.)?\s*$")


def is_sentence_point(title: str, *, leaf: bool) -> bool:
    """Whether a heading's title is a sentence of body text. `leaf`: the section holds no paragraph and no
    sub-section (a long title over content of its own stays a heading)."""
    words = len(title.split())
    if _SENTENCE_END.search(title) and words >= SENTENCE_WORDS:
        return True
    return leaf and words >= LONG_LEAF_WORDS
