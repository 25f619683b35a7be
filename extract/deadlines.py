"""Deadlines: one-off dates and recurring ones ('trước ngày 25 tháng 8 hằng năm' → yearly, 25 Aug)."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

import regex

from . import lexicon
from .model import Deadline, Recurrence, Source
from .normalize import canonical_tones, match_key

_DATED = regex.compile(
    r"(?P<lead>(?:trước|chậm nhất|không muộn hơn|hạn chót|đến|trong)\s+(?:là\s+)?)?ngày\s+(?P<d>\d{1,2})\s*"
    r"(?:tháng\s*(?P<m>\d{1,2})|[/.\-]\s*(?P<m2>\d{1,2}))"
    r"(?:\s*(?:năm\s*|[/.\-]\s*)(?P<y>(?:19|20)\d{2}))?",
    regex.I,
)
_MONTH_ONLY = regex.compile(
    r"(?:trước|chậm nhất|trong|đến|vào|hoàn thành|xong)\s+tháng\s+(?P<m>\d{1,2})"
    r"\s*(?:năm\s*|/\s*)(?P<y>(?:19|20)\d{2})",
    regex.I,
)
# "trong Quý I/2026", "trước quý II năm 2026", or a quarter opening the sentence ("Quý I/2027, các cơ quan …").
_QUARTER = regex.compile(
    r"(?:(?P<lead>trong|trước|chậm nhất|đến|vào|hoàn thành|xong)\s+(?:trong\s+)?"
    r"|^[\s\-+•*]*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)])?\s*)"
    r"(?P<quarter>quý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:/|năm|-)\s*(?P<y>(?:19|20)\d{2}))",
    regex.I,
)
_YEAR_ONLY = regex.compile(r"(?:vào|xong trong|hoàn thành trong)\s+năm\s+(?P<y>(?:19|20)\d{2})(?![\d/])", regex.I)
_QUARTER_END = {"I": 3, "II": 6, "III": 9, "IV": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_MONTH_YEARLY = regex.compile(
    r"(?:trước|chậm nhất|trong|vào)\s+tháng\s+(?P<m>\d{1,2})\s+(?:của\s+)?(?:hằng|hàng|mỗi)\s+năm", regex.I
)
_MONTHLY_DAY = regex.compile(
    r"(?:trước|chậm nhất|vào)\s+ngày\s+(?P<d>\d{1,2})\s+"
    r"(?:(?:hằng|hàng|mỗi)\s+tháng|(?:của\s+)?tháng\s+(?:liền kề|tiếp theo|kế tiếp|sau))",
    regex.I,
)
_REPORT = regex.compile(r"báo cáo", regex.I)
_LOOK_BACK = 80  # longer than "từ ngày 14 / 7 / 2011 đến " and "chậm nhất  "
_PERIOD_START = regex.compile(r"\btừ\s+(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?\s*$", regex.I)


@lru_cache(maxsize=1)
def _report_verb() -> regex.Pattern:
    """A duty done by period: 'báo cáo' as an act ('định kỳ báo cáo', 'báo cáo UBND tỉnh'), not as a noun's head
    ('biểu mẫu báo cáo', 'chế độ báo cáo'), or another verb of vocab `periodic_duty_verbs` ('hằng quý … gửi đăng')."""
    heads = "|".join(
        regex.escape(h) for h in sorted(lexicon.key_list("vocab", "report_noun_heads"), key=len, reverse=True)
    )
    verbs = "|".join(
        regex.escape(v) for v in sorted(lexicon.key_list("vocab", "periodic_duty_verbs"), key=len, reverse=True)
    )
    tails = "|".join(regex.escape(t) for t in lexicon.key_list("vocab", "report_noun_tails"))
    return regex.compile(rf"(?<!(?:{heads})\s)(?<!\w)(?:{verbs})(?!\w)(?!\s+(?:{tails})(?!\w))")


@cache
def _recurrence_patterns() -> tuple[list[tuple[Recurrence, regex.Pattern]], list[tuple[Recurrence, regex.Pattern]]]:
    """(words right after a date, words anywhere in the sentence) per recurrence, compiled once."""
    after, anywhere = [], []
    words = lexicon.keyed("vocab", "recurrence")
    for label in ("quarterly", "monthly", "half_yearly", "yearly", "periodic"):
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


@lru_cache(maxsize=64)
def _recurrence_anywhere(text: str) -> Recurrence | None:
    """The period a sentence names ('hằng năm'); a bare 'định kỳ' does not make a dated deadline recurring."""
    key = match_key(text)
    for label, pat in _recurrence_patterns()[1]:
        if label != Recurrence.periodic and pat.search(key):
            return label
    return None


def _recurrences_in(
    text: str, labelled: bool = False, keep_periodic: bool = False
) -> list[tuple[int, int, Recurrence]]:
    """Every period a sentence names, with its span: 'Định kỳ 6 tháng, hàng năm' is two. 'Định kỳ' alone is
    `periodic`; next to a named period ('định kỳ hằng tháng') it is part of that period. After a time label
    ('Thời gian thực hiện: 6 tháng, hằng năm và định kỳ') a bare '6 tháng' is a period and each word counts."""
    found: list[tuple[int, int, Recurrence]] = []
    if labelled:
        for m in regex.finditer(r"(?<!\w)(?:6|sáu)\s+tháng(?!\s*/)", canonical_tones(text).lower()):
            found.append((m.start(), m.end(), Recurrence.half_yearly))
    for label, pat in _recurrence_patterns()[1]:
        for m in pat.finditer(canonical_tones(text).lower()):  # same length as `text`: spans stay valid
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), label))
    named = [f for f in found if f[2] != Recurrence.periodic]
    if named and not (labelled or keep_periodic):
        found = named
    return sorted(found, key=lambda f: f[0])


_MAY_HAVE_DEADLINE = regex.compile(r"ngày|tháng|quý|năm|định kỳ", regex.I)


def find_deadlines(text: str, source: Source, agency: str | None = None, task_id: str | None = None) -> list[Deadline]:
    """Deadlines stated in one paragraph; `source` is the paragraph's, spans are narrowed to each deadline."""
    out: list[Deadline] = []
    if not _MAY_HAVE_DEADLINE.search(text):
        return out
    if label := _TIME_LABEL.match(text):
        return _labelled_time(text, label.end(), source, agency, task_id)
    for sentence_start, sentence in _sentences(text):
        dated = False
        for m in _DATED.finditer(sentence):
            # The words before a date are read in a short window: a long line costs one bounded look per date.
            before = sentence[max(0, m.start() - _LOOK_BACK) : m.start()]
            if not m.group("lead") and not regex.search(r"(trước|hạn|chậm nhất)\s*$", before):
                continue  # "ngày 13/5/2024 của …" is a citation, not a deadline
            if (m.group("lead") or "").strip().lower().startswith("đến") and _PERIOD_START.search(before):
                continue  # "từ ngày 14/7/2011 đến ngày 15/9/2025": a period, not a deadline
            month = int(m.group("m") or m.group("m2"))
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else None
            rec = _recurrence_after(sentence[m.end() : m.end() + 40])
            if rec is None:
                rec = Recurrence.once if year else (_recurrence_anywhere(sentence) or Recurrence.once)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            dated = True
            out.append(
                _deadline(sentence, m.start(), m.end(), sentence_start, source, rec, day, month, year, agency, task_id)
            )
        for m in _MONTHLY_DAY.finditer(sentence):
            dated = True
            out.append(
                _deadline(
                    sentence,
                    m.start(),
                    m.end(),
                    sentence_start,
                    source,
                    Recurrence.monthly,
                    int(m.group("d")),
                    None,
                    None,
                    agency,
                    task_id,
                )
            )
        if dated:
            continue
        for m in _MONTH_ONLY.finditer(sentence):
            if 1 <= int(m.group("m")) <= 12:
                dated = True
                out.append(
                    _deadline(
                        sentence,
                        m.start(),
                        m.end(),
                        sentence_start,
                        source,
                        Recurrence.once,
                        None,
                        int(m.group("m")),
                        int(m.group("y")),
                        agency,
                        task_id,
                    )
                )
        for m in _YEAR_ONLY.finditer(sentence):  # "Tổng kết giai đoạn 2013-2015 vào năm 2015"
            dated = True
            out.append(
                _deadline(
                    sentence,
                    m.start(),
                    m.end(),
                    sentence_start,
                    source,
                    Recurrence.once,
                    None,
                    None,
                    int(m.group("y")),
                    agency,
                    task_id,
                )
            )
        for m in _QUARTER.finditer(sentence):  # "trong Quý I/2026": by the quarter's last month
            dated = True
            out.append(
                _deadline(
                    sentence,
                    # the lead word is part of the phrase; a point marker opening the line ("b) Quý II/2026") is not
                    m.start() if m.group("lead") else m.start("quarter"),
                    m.end(),
                    sentence_start,
                    source,
                    Recurrence.once,
                    None,
                    _QUARTER_END[m.group("q").upper()],
                    int(m.group("y")),
                    agency,
                    task_id,
                )
            )
        for m in _MONTH_YEARLY.finditer(sentence):  # "chậm nhất trong tháng 9 hằng năm"
            if 1 <= int(m.group("m")) <= 12:
                dated = True
                out.append(
                    _deadline(
                        sentence,
                        m.start(),
                        m.end(),
                        sentence_start,
                        source,
                        Recurrence.yearly,
                        None,
                        int(m.group("m")),
                        None,
                        agency,
                        task_id,
                    )
                )
        for s, e, month, year in _time_remark(sentence):  # "… (Quý IV/2013, Quý I/2014 và thường xuyên)."
            dated = True
            out.append(
                _deadline(sentence, s, e, sentence_start, source, Recurrence.once, None, month, year, agency, task_id)
            )
        if dated:
            continue
        if _report_verb().search(match_key(sentence)):
            # A reporting duty by period only: one deadline per period named, evidence the period's words.
            # The periods of the clause that reports, when it names any ("Báo cáo định kỳ …; thực hiện hằng năm").
            periods = []
            for c in regex.finditer(r"[^;]+", sentence):
                if _report_verb().search(match_key(c.group())):
                    # One duty per period in a clause: "định kỳ tổng hợp báo cáo … (lồng ghép trong Báo cáo CCHC
                    # định kỳ)" names the period twice, the second time inside the report's name.
                    seen: set[Recurrence] = set()
                    for s, e, r in _recurrences_in(c.group()):
                        if r not in seen:
                            seen.add(r)
                            periods.append((c.start() + s, c.start() + e, r))
            periods = periods or _recurrences_in(sentence)
            # A period written against the verb ("Định kỳ báo cáo …") is the duty's; others qualify other words.
            low = canonical_tones(sentence).lower()
            verbs = [(v.start(), v.end()) for v in _report_verb().finditer(low)]
            every = _recurrences_in(sentence, keep_periodic=True)
            beside = [p for p in every if any(0 <= vs - p[1] <= 2 or 0 <= p[0] - ve <= 2 for vs, ve in verbs)]
            for s, e, rec in beside or periods:
                out.append(_deadline(sentence, s, e, sentence_start, source, rec, None, None, None, agency, task_id))
    return out


_REMARK_AT_END = regex.compile(r"\((?P<v>[^()]{4,160})\)\s*[.;]?\s*$")
_REMARK_YEAR = regex.compile(r"(?:^|(?<=\s))năm\s+(?P<y>(?:19|20)\d{2})(?![\d/])", regex.I)


def _time_remark(sentence: str) -> list[tuple[int, int, int | None, int]]:
    """A task's schedule in a closing remark: '(trong năm 2013)', '(Quý IV/2013, Quý I/2014 và thường xuyên)',
    '(năm 2013 và kiện toàn thường xuyên hằng năm)' → (start, end, month, year) per date. Only a remark that
    opens with a lead word ('trong', 'trước', 'hoàn thành' …) or names a schedule word ('thường xuyên', 'hằng năm')
    is a schedule; '(năm 2023)' after a figure dates the figure."""
    m = _REMARK_AT_END.search(sentence)
    if not m:
        return []
    value, at = m.group("v"), m.start("v")
    key = match_key(value)
    led = lexicon.starts_with_any(key, lexicon.key_list("vocab", "schedule_remark_leads"))
    if not led and not any(
        regex.search(rf"(?<!\w){regex.escape(w)}(?!\w)", key)
        for w in lexicon.key_list("vocab", "schedule_remark_words")
    ):
        return []
    found: list[tuple[int, int, int | None, int]] = []
    for q in _CELL_QUARTER.finditer(value):
        found.append((at + q.start(), at + q.end(), _QUARTER_END[q.group("q").upper()], int(q.group("y"))))
    for mo in _CELL_MONTH.finditer(value):
        if 1 <= int(mo.group("m")) <= 12 and not any(s < at + mo.end() and at + mo.start() < e for s, e, _, _ in found):
            found.append((at + mo.start(), at + mo.end(), int(mo.group("m")), int(mo.group("y"))))
    for y in _REMARK_YEAR.finditer(value):
        if not any(s < at + y.end() and at + y.start() < e for s, e, _, _ in found):
            found.append((at + y.start(), at + y.end(), None, int(y.group("y"))))
    return sorted(found)


_TIME_LABEL = regex.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*)?(?:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*(?=\S)", regex.I
)


def time_value_deadlines(value: str, source: Source, agency: str | None = None, task_id: str | None = None):
    """Deadlines of the value of a 'Thời gian thực hiện:' line, read apart from its label (`source` is the
    value's span): the same reading as the whole line's."""
    return _labelled_time(value, 0, source, agency, task_id)


def _labelled_time(text: str, at: int, source: Source, agency: str | None, task_id: str | None) -> list[Deadline]:
    """'Thời gian thực hiện: Tháng 11, 12/2013' or '…: 6 tháng, hằng năm và định kỳ': the value read like a
    task table's time cell, where a bare period is a deadline too; 'Từ năm 2013 đến năm 2020' is a period."""
    value = text[at:].rstrip(" .;")
    if regex.match(r"từ\b", value, regex.I):
        return []  # "Từ tháng 11/2013 trở đi", "Từ năm 2013 đến năm 2020": when it starts, not by when
    src = (
        source.model_copy(update={"start": source.start + at, "end": source.start + at + len(value)})
        if source.start is not None
        else source
    )
    found = cell_deadlines(value, src, agency=agency)
    if found:
        return [d.model_copy(update={"task_id": task_id}) for d in found]
    periods = _recurrences_in(value, labelled=True)
    return [_deadline(value, s, e, 0, src, rec, None, None, None, agency, task_id) for s, e, rec in periods]


@lru_cache(maxsize=64)
def _mentions_report(sentence: str) -> bool:
    """Cached per sentence (a str keeps its hash): many deadlines in one long sentence search it once."""
    return bool(_REPORT.search(sentence))


def _sentences(text: str):
    pos = 0
    for m in regex.finditer(r"(?<=[.;])\s+(?=[\p{Lu}-])", text):
        yield pos, text[pos : m.start()]
        pos = m.end()
    yield pos, text[pos:]


def _deadline(sentence, s, e, base, source, rec, day, month, year, agency, task_id) -> Deadline:
    # Extend the evidence to the recurrence words that follow.
    tail = regex.match(r"\s*(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng)", sentence[e : e + 40])
    if tail:
        e += tail.end()
    start = source.start + base + s
    return Deadline(
        text=sentence[s:e].strip(),
        recurrence=rec,
        day=day,
        month=month,
        year=year,
        is_report=_mentions_report(sentence),
        agency=agency,
        task_id=task_id,
        source=source.model_copy(update={"start": start, "end": source.start + base + e}),
    )


_CELL_QUARTER = regex.compile(r"quý\s+(?P<q>[IV]{1,3}|\d)\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})", regex.I)
_CELL_MONTH = regex.compile(
    r"tháng\s+(?:\d{1,2}\s*[,\-]\s*)*(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})", regex.I
)
_CELL_MONTH_YEARLY = regex.compile(r"tháng\s+(?P<m>\d{1,2})\s+(?:hằng|hàng)\s+năm", regex.I)
_CELL_YEAR = regex.compile(r"^(?:trong\s+|trước\s+|năm\s+|cuối\s+năm\s+)*(?P<y>(?:19|20)\d{2})\s*$", regex.I)


def _without_lead(d: Deadline, lead: str, source: Source) -> Deadline:
    if source.start is None or d.source.start >= source.start:
        return d
    text = d.text[len(lead) :] if d.text.startswith(lead) else d.text
    return d.model_copy(update={"text": text, "source": d.source.model_copy(update={"start": source.start})})


def cell_deadlines(cell: str, source: Source, agency: str | None = None) -> list[Deadline]:
    """Deadlines in the time column of a task table: 'Năm 2026', 'Quý II/2026', 'Tháng 6/2026',
    'Tháng 1 hằng năm', '15/4/2026', 'Hằng quý'. A bare 'Thường xuyên' is not a deadline."""
    text = " ".join(cell.split())
    if regex.search(r"trước|hạn|chậm nhất", text, regex.I):
        found = find_deadlines(text, source, agency=agency)
    else:  # a bare "15/4/2026" in a time column is a deadline: read it as "trước 15/4/2026", spans shifted back
        lead = "trước ngày " if regex.match(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\b", text) else "trước "
        shifted = source.model_copy(update={"start": source.start - len(lead)}) if source.start is not None else source
        found = [_without_lead(d, lead, source) for d in find_deadlines(lead + text, shifted, agency=agency)]
    if found:
        return found

    def make(rec, day=None, month=None, year=None):
        return [
            Deadline(
                text=text,
                recurrence=rec,
                day=day,
                month=month,
                year=year,
                is_report=bool(_REPORT.search(text)),
                agency=agency,
                source=source,
            )
        ]

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


def calendar_date(day: int | None, month: int | None, year: int | None = None) -> tuple[dt.date | None, str | None]:
    """The date a written day, month and year name, or (None, why) when the calendar has no such day
    ("trước ngày 31/11 hằng năm"): every reader of a deadline's numbers asks here, so a plan's slip is one
    warning and never a crash. Without a year the day is checked in a leap year (29/2 recurs)."""
    if day is None or month is None:
        return None, "không đủ ngày và tháng"
    written = f"{day}/{month}" + (f"/{year}" if year else "")
    try:
        return dt.date(year or 2024, month, day), None
    except (ValueError, OverflowError, TypeError):
        return None, f"ngày {written} không có trong lịch"
