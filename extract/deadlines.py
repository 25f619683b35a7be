"""Deadlines: one-off dates and recurring ones ('trước ngày 25 tháng 8 hằng năm' → yearly, 25 Aug)."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import lexicon
from .model import Deadline, Recurrence, Source
from .normalize import match_key

_DATED = regex.compile(
    r"(?P<lead>(?:trước|chậm nhất|không muộn hơn|hạn chót|đến|trong)\s+(?:là\s+)?)?ngày\s+(?P<d>\d{1,2})\s*"
    r"(?:tháng\s*(?P<m>\d{1,2})|[/.\-]\s*(?P<m2>\d{1,2}))"
    r"(?:\s*(?:năm\s*|[/.\-]\s*)(?P<y>(?:19|20)\d{2}))?",
    regex.I,
)
_MONTH_ONLY = regex.compile(r"(?:trước|chậm nhất|trong)\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm\s*|/\s*)(?P<y>(?:19|20)\d{2})", regex.I)
_MONTH_YEARLY = regex.compile(r"(?:trước|chậm nhất|trong|vào)\s+tháng\s+(?P<m>\d{1,2})\s+(?:của\s+)?(?:hằng|hàng|mỗi)\s+năm", regex.I)
_MONTHLY_DAY = regex.compile(r"(?:trước|chậm nhất|vào)\s+ngày\s+(?P<d>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng", regex.I)
_REPORT = regex.compile(r"báo cáo", regex.I)


@lru_cache(maxsize=None)
def _recurrence_patterns() -> tuple[list[tuple[Recurrence, regex.Pattern]], list[tuple[Recurrence, regex.Pattern]]]:
    """(words right after a date, words anywhere in the sentence) per recurrence, compiled once."""
    after, anywhere = [], []
    words = lexicon.keyed("vocab", "recurrence")
    for label in ("quarterly", "monthly", "half_yearly", "yearly"):
        alts = "|".join(regex.escape(w) for w in sorted(words[label], key=len, reverse=True))
        after.append((Recurrence(label), regex.compile(rf"^(?:{alts})")))
        if label == "half_yearly":  # "6 tháng" alone is a duration, not a period
            anywhere.append((Recurrence(label), regex.compile(rf"(?:định kỳ|mỗi|hằng|hàng)\s+(?:{alts})(?!\w)")))
        else:
            anywhere.append((Recurrence(label), regex.compile(rf"(?<!\w)(?:{alts})(?!\w)")))
    return after, anywhere


def _recurrence_after(text: str) -> Recurrence | None:
    key = match_key(text[:40])
    for label, pat in _recurrence_patterns()[0]:
        if pat.match(key):
            return label
    return None


def _recurrence_anywhere(text: str) -> Recurrence | None:
    key = match_key(text)
    for label, pat in _recurrence_patterns()[1]:
        if pat.search(key):
            return label
    return None


_MAY_HAVE_DEADLINE = regex.compile(r"ngày|tháng|quý|năm|định kỳ", regex.I)


def find_deadlines(text: str, source: Source, agency: str | None = None, task_id: str | None = None) -> list[Deadline]:
    """Deadlines stated in one paragraph; `source` is the paragraph's, spans are narrowed to each deadline."""
    out: list[Deadline] = []
    if not _MAY_HAVE_DEADLINE.search(text):
        return out
    for sentence_start, sentence in _sentences(text):
        dated = False
        for m in _DATED.finditer(sentence):
            if not m.group("lead") and not regex.search(r"(trước|hạn|chậm nhất)\s*$", sentence[: m.start()]):
                continue  # "ngày 13/5/2024 của …" is a citation, not a deadline
            month = int(m.group("m") or m.group("m2"))
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else None
            rec = _recurrence_after(sentence[m.end():])
            if rec is None:
                rec = Recurrence.once if year else (_recurrence_anywhere(sentence) or Recurrence.once)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            dated = True
            out.append(_deadline(sentence, m.start(), m.end(), sentence_start, source, rec, day, month, year, agency, task_id))
        for m in _MONTHLY_DAY.finditer(sentence):
            dated = True
            out.append(_deadline(sentence, m.start(), m.end(), sentence_start, source, Recurrence.monthly, int(m.group("d")), None, None, agency, task_id))
        if dated:
            continue
        for m in _MONTH_ONLY.finditer(sentence):
            dated = True
            out.append(_deadline(sentence, m.start(), m.end(), sentence_start, source, Recurrence.once, None, int(m.group("m")), int(m.group("y")), agency, task_id))
        for m in _MONTH_YEARLY.finditer(sentence):  # "chậm nhất trong tháng 9 hằng năm"
            if 1 <= int(m.group("m")) <= 12:
                dated = True
                out.append(_deadline(sentence, m.start(), m.end(), sentence_start, source, Recurrence.yearly, None, int(m.group("m")), None, agency, task_id))
        if dated:
            continue
        rec = _recurrence_anywhere(sentence)
        if rec and _REPORT.search(sentence):
            out.append(_deadline(sentence, 0, len(sentence), sentence_start, source, rec, None, None, None, agency, task_id))
    return out


def _sentences(text: str):
    pos = 0
    for m in regex.finditer(r"(?<=[.;])\s+(?=[\p{Lu}-])", text):
        yield pos, text[pos:m.start()]
        pos = m.end()
    yield pos, text[pos:]


def _deadline(sentence, s, e, base, source, rec, day, month, year, agency, task_id) -> Deadline:
    # Extend the evidence to the recurrence words that follow.
    tail = regex.match(r"\s*(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng)", sentence[e:])
    if tail:
        e += tail.end()
    start = source.start + base + s
    return Deadline(
        text=sentence[s:e].strip(),
        recurrence=rec,
        day=day,
        month=month,
        year=year,
        is_report=bool(_REPORT.search(sentence)),
        agency=agency,
        task_id=task_id,
        source=source.model_copy(update={"start": start, "end": source.start + base + e}),
    )


_CELL_QUARTER = regex.compile(r"quý\s+(?P<q>[IV]{1,3}|\d)\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})", regex.I)
_CELL_MONTH = regex.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})", regex.I)
_CELL_MONTH_YEARLY = regex.compile(r"tháng\s+(?P<m>\d{1,2})\s+(?:hằng|hàng)\s+năm", regex.I)
_CELL_YEAR = regex.compile(r"^(?:trong\s+|trước\s+|năm\s+|cuối\s+năm\s+)*(?P<y>(?:19|20)\d{2})\s*$", regex.I)
_QUARTER_END = {"I": 3, "II": 6, "III": 9, "IV": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def cell_deadlines(cell: str, source: Source, agency: str | None = None) -> list[Deadline]:
    """Deadlines in the time column of a task table: 'Năm 2026', 'Quý II/2026', 'Tháng 6/2026',
    'Tháng 1 hằng năm', '15/4/2026', 'Hằng quý'. A bare 'Thường xuyên' is not a deadline."""
    text = " ".join(cell.split())
    found = find_deadlines(text if regex.search(r"trước|hạn|chậm nhất", text, regex.I) else f"trước {text}", source, agency=agency)
    if found:
        return found
    def make(rec, day=None, month=None, year=None):
        return [Deadline(text=text, recurrence=rec, day=day, month=month, year=year, is_report=bool(_REPORT.search(text)), agency=agency, source=source)]
    if m := _CELL_QUARTER.search(text):
        return make(Recurrence.once, month=_QUARTER_END[m.group("q").upper()], year=int(m.group("y")))
    if m := _CELL_MONTH.search(text):
        return make(Recurrence.once, month=int(m.group("m")), year=int(m.group("y")))
    if m := _CELL_MONTH_YEARLY.search(text):
        return make(Recurrence.yearly, month=int(m.group("m")))
    if m := _CELL_YEAR.search(text):
        return make(Recurrence.once, year=int(m.group("y")))
    rec = _recurrence_anywhere(text)
    # A bare frequency ("Hằng năm") in a time column says how often, not by when: no deadline,
    # unless it is a reporting duty.
    return make(rec) if rec and _REPORT.search(text) else []
