"""Header columns: cut header lines whose two columns were merged into one back into their parts.

A header table read without layout (PDF text without `-layout`, a copy from a PDF viewer, a markdown
conversion, OCR) gives lines that hold both columns: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
"Số: 45 /KH-UBND Lào Cai, ngày 12 tháng 3 năm 2026". The right column's fixed phrases (Quốc hiệu, Tiêu ngữ,
the Party's name), the number and the place-and-date have recognisable shapes, so they are cut out wherever
they stand; what is left is the left column (the bodies). Each part keeps its exact span in the plan text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from . import lexicon
from .levels import is_commune, is_province
from .normalize import canonical_tones, match_key
from .structure import Layout, Line, is_upper_text

Kind = Literal["national", "number", "place_date", "stamp", "text"]


@dataclass(slots=True)
class Piece:
    """One part of a header line: what it is and a `Line` over its own span."""

    kind: Kind
    line: Line
    value: str | None = None  # a part read from two lines ("Số: 329" over "/BC-UBND"), as one line of text
    end: int | None = None  # where such a part ends in the plan text, when that is past `line`


_SYMBOL = r"[\p{L}\d][\p{L}\d&.]*(?:\s?[/\-]\s?[\p{L}\d&.]+)*"
# "Số: 45 /KH-UBND", "Số 152-KH/HU", "Số: /KH-UBND", "Số:1050 /QĐ-SCT"; the number may be OCR'd handwriting.
# The label needs its colon unless a number or the slash follows it ("Số 152-KH/HU"): "CHUYỂN ĐỔI SỐ - …"
# in a body's name is not a number.
_NUMBER = regex.compile(
    rf"(?<!\p{{L}})(?:Số|SỐ)(?:\s*[:.]\s*|\s+(?=\d)|(?=/))(?P<ns>[^\s/\-:]{{0,6}}?\s*[/\-]\s*{_SYMBOL})"
)
_BARE_NUMBER_LABEL = regex.compile(r"^(?:Số|SỐ)\s*[:.]?$")
_NUMBER_LABEL = regex.compile(r"(?:Số|SỐ)\s*[:.]?\s*\d{0,6}")  # 'Số:' or 'Số: 45', its symbol on a later line
# A number and symbol standing alone (after a bare "Số:" line, or when OCR lost the label).
_LONE_NS = regex.compile(rf"(?<!\S)(?P<ns>\d{{0,6}}\s*/\s*{_SYMBOL}|\d{{0,6}}\s*-\s*\p{{L}}+/[\p{{L}}\d]+)")
_PLACE_WORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
_PLACE = rf"(?:(?:TP|Tp)\.\s*|(?:Thành phố|Thị xã|Thị trấn)\s+)?{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,4}}"
# The year may be blank too in a draft ("Lâm Đồng, ngày   tháng   năm").
_DATE_TAIL = r"ngày(?!\p{L}).{0,40}?(?:năm(?:\s*\d{4})?|\d{4})"
_PLACE_DATE = regex.compile(rf"(?P<place>{_PLACE})\s*,\s*(?P<date>{_DATE_TAIL})")
# A place in capitals or unusual spelling, when it starts what is left of the line.
_PLACE_DATE_LOOSE = regex.compile(rf"^[\s*_]*(?P<place>[^\d,*]{{2,60}}?)\s*,\s*(?P<date>{_DATE_TAIL})")
_JUNK = regex.compile(r"^[\s\-_=*.…|•]*$")
# A place-and-date whose blank day (or month) broke the line: PDF text without layout prints the two sides of
# the gap on lines of their own ("Lâm Đồng, ngày" … "tháng 9 năm 2025"), the other column's symbol maybe between.
_DATE_HEAD = regex.compile(rf"(?P<place>{_PLACE})\s*,\s*(?=ngày(?!\p{{L}}))")
_DATE_WORD = regex.compile(r"ngày|tháng|năm|\d{1,4}|[.…_/]+")
_DATE_GAP_LINES = 3  # lines of the other column that may stand between the two sides of the gap


@cache
def _phrase_words() -> tuple[tuple[tuple[str, str], ...], ...]:
    """Each national phrase as (word, separator before it) pairs; the separator is '' or '-'."""
    out = []
    for phrase in lexicon.national_keys():
        words: list[tuple[str, str]] = []
        sep = ""
        for tok in canonical_tones(str(phrase)).split():
            if tok == "-":
                sep = "-"
                continue
            words.append((regex.escape(tok), sep))
            sep = ""
        out.append(tuple(words))
    return tuple(out)


def _join(words: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for i, (w, sep) in enumerate(words):
        if i:
            parts.append(r"\s*-\s*" if sep else r"\s*")
        parts.append(w)
    return "".join(parts)


@cache
def _full_phrases() -> tuple[regex.Pattern, ...]:
    return tuple(regex.compile(rf"(?<!\p{{L}}){_join(w)}(?!\p{{L}})", regex.I) for w in _phrase_words())


@cache
def _split_phrases() -> tuple[tuple[regex.Pattern, regex.Pattern], ...]:
    """(head, tail) pairs of a phrase broken over two lines, at least two words on each side."""
    out = []
    for words in _phrase_words():
        for k in range(2, len(words) - 1):
            head = regex.compile(rf"(?<!\p{{L}}){_join(words[:k])}(?:\s*-)?(?!\p{{L}})", regex.I)
            tail = regex.compile(rf"(?<!\p{{L}})(?:-\s*)?{_join(words[k:])}(?!\p{{L}})", regex.I)
            out.append((head, tail))
    return tuple(out)


@cache
def _stamp() -> regex.Pattern:
    data = lexicon.load("header")
    words = "|".join(regex.escape(str(w).upper()) for w in sorted(data["stamp_words"], key=len, reverse=True))
    labels = "|".join(regex.escape(str(w)) for w in sorted(data["stamp_labels"], key=len, reverse=True))
    return regex.compile(
        # the stamp's title, in capitals, first on its line or before the stamp's fields; not "… ĐẾN NĂM 2030"
        rf"(?:^\s*|(?<!\p{{L}})(?=(?:\S+\s+){{1,3}}(?i:Số|{labels})\s*:))(?:{words})(?!\p{{L}})(?!\s+(?:NĂM|THÁNG|NGÀY|\d))"
        rf"|(?<!\p{{L}})(?i:{labels})\s*:(?:\s{{0,3}}[\d./\-…_:]{{1,12}}){{0,3}}"  # "Ngày: 12/3/2026", "Chuyển: …"
        r"|(?<!\p{L})(?:Số|SỐ)\s*:\s*\d+(?![\d\s]*[/\-])"  # the register number: digits without a symbol
    )


def _touches_edge(text: str, start: int, end: int) -> bool:
    return not text[:start].strip() or not text[end:].strip()


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def split_header(lines: list[Line]) -> list[Piece]:
    """The parts of each header line in reading order: national phrases, number, place-date, stamp, text."""
    work = [canonical_tones(ln.text) for ln in lines]
    spans: list[list[tuple[int, int, Kind]]] = [[] for _ in lines]
    for i, text in enumerate(work):
        for pat in _full_phrases():
            for m in pat.finditer(text):
                spans[i].append((m.start(), m.end(), "national"))
                work[i] = _mask(work[i], m.start(), m.end())
    _cut_split_phrases(work, spans)
    for pats in (((_PLACE_DATE, "place_date"), (_NUMBER, "number")), None, ((_stamp(), "stamp"),)):
        if pats is None:  # before the stamp, which would take a bare "Số: 329" for its register number
            joined = _join_split_date(lines, work, spans)
            joined.update(_join_bare_number(lines, work, spans))
            continue
        for i in range(len(work)):
            for pat, kind in pats:
                for m in pat.finditer(work[i]):
                    if kind == "number" and not regex.search(r"\p{L}", m.group("ns")):
                        continue
                    spans[i].append((m.start(), m.end(), kind))
                    work[i] = _mask(work[i], m.start(), m.end())
    for i in range(len(work)):
        if not any(k == "place_date" for _, _, k in spans[i]):
            m = _PLACE_DATE_LOOSE.match(work[i])
            if m:
                spans[i].append((m.start("place"), m.end(), "place_date"))
                work[i] = _mask(work[i], m.start("place"), m.end())
    pieces: list[Piece] = []
    for i, (line, text, line_spans) in enumerate(zip(lines, work, spans)):
        for m in regex.finditer(r"\S(?:.*\S)?", text):
            if not _JUNK.match(m.group()) and not _BARE_NUMBER_LABEL.match(m.group()):
                start, end = _trim(line.text, m.start(), m.end())
                line_spans.append((start, end, "text"))
        for start, end, kind in sorted(line_spans):
            if (
                kind == "text"
                and _LONE_NS.fullmatch(line.text[start:end])
                and regex.search(r"\p{L}", line.text[start:end])
            ):
                kind = "number"  # "/KH-TCTLNTW" with its label lost
            if (i, start) in joined:
                pieces.append(joined[(i, start)])
                continue
            pieces.append(Piece(kind, Line(text=line.text[start:end], start=line.start + start, block=line.block)))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop rules and stars at the ends of a left-over part ("TỈNH SƠN LA -------", "* Hải Hậu")."""
    while start < end and text[start] in " -_=*.…|•":
        start += 1
    while end > start and text[end - 1] in " -_=*…|•":
        end -= 1
    return start, end


def _cut_split_phrases(work: list[str], spans: list[list[tuple[int, int, Kind]]]) -> None:
    """A phrase broken over two lines: its head ends or starts one line, its tail the next."""
    for i in range(len(work) - 1):
        for head, tail in _split_phrases():
            hm = next((m for m in head.finditer(work[i]) if _touches_edge(work[i], m.start(), m.end())), None)
            if hm is None:
                continue
            tm = next((m for m in tail.finditer(work[i + 1]) if _touches_edge(work[i + 1], m.start(), m.end())), None)
            if tm is None:
                continue
            spans[i].append((hm.start(), hm.end(), "national"))
            spans[i + 1].append((tm.start(), tm.end(), "national"))
            work[i] = _mask(work[i], hm.start(), hm.end())
            work[i + 1] = _mask(work[i + 1], tm.start(), tm.end())
            break


def _join_bare_number(
    lines: list[Line], work: list[str], spans: list[list[tuple[int, int, Kind]]]
) -> dict[tuple[int, int], Piece]:
    """'Số:' alone, its number and symbol on the next line beside the other column; or 'Số: 329' with the
    symbol '/BC-UBND' on the next line (a number typed into a signed PDF). Joined parts by (line, start)."""
    joined: dict[tuple[int, int], Piece] = {}
    for i in range(len(work) - 1):
        if any(k == "number" for _, _, k in spans[i]):
            continue
        label = regex.search(r"(?<!\p{L})(?:Số|SỐ)\s*[:.]?(?:\s*(?P<num>\d{1,6})(?=\s*$))?(?=\s|$)", work[i])
        if label is None:
            continue
        # The other column's lines may stand between (PDF text without layout): those that are all cut out.
        j = next((j for j in range(i + 1, min(len(work), i + 2 + _DATE_GAP_LINES)) if not _JUNK.match(work[j])), None)
        m = _LONE_NS.search(work[j]) if j is not None else None
        if (
            m is None
            or not regex.search(r"\p{L}", m.group("ns"))
            or (label.group("num") and not m.group("ns").startswith(("/", "-")))
        ):
            continue
        work[i] = _mask(work[i], label.start(), label.end())
        spans[j].append((m.start("ns"), m.end("ns"), "number"))
        work[j] = _mask(work[j], m.start("ns"), m.end("ns"))
        if label.group("num"):
            head, tail = lines[i], lines[j]
            value = label.group("num") + m.group("ns")
            if tail.start == head.end + 1:  # consecutive in the text: one span over both parts
                text = head.text[label.start("num") :] + "\n" + tail.text[: m.end("ns")]
                piece = Piece("number", Line(text=text, start=head.start + label.start("num"), block=head.block), value)
            else:  # the span runs from the number to the end of the symbol
                line = Line(text=label.group("num"), start=head.start + label.start("num"), block=head.block)
                piece = Piece("number", line, value, tail.start + m.end("ns"))
            joined[(j, m.start("ns"))] = piece
    return joined


def _date_words(text: str) -> bool:
    """Whether `text` is only words of a date: 'ngày', 'tháng', 'năm', digits, a blank's dots."""
    words = text.split()
    return bool(words) and all(_DATE_WORD.fullmatch(w) for w in words)


def _between_sides(text: str) -> bool:
    """A line that may stand between the two sides of a broken date: empty once the national phrases are cut
    out, the other column's number and symbol ("/BC-UBND"), or a bare 'Số:'."""
    rest = text.strip()
    return not rest or bool(_JUNK.match(rest) or _LONE_NS.fullmatch(rest) or _NUMBER_LABEL.fullmatch(rest))


def _join_split_date(
    lines: list[Line], work: list[str], spans: list[list[tuple[int, int, Kind]]]
) -> dict[tuple[int, int], Piece]:
    """'<place>, ngày' ending a line and 'tháng … năm …' (or 'tháng' then 'năm …') on the lines after it: one
    place-and-date part, its span from the place to the year. Joined parts by (line, start)."""
    joined: dict[tuple[int, int], Piece] = {}
    for i in range(len(work) - 1):
        if any(k == "place_date" for _, _, k in spans[i]):
            continue
        head = next((m for m in _DATE_HEAD.finditer(work[i]) if _date_words(work[i][m.end() :])), None)
        if head is None:
            continue
        sides: list[tuple[int, int, int]] = []  # (line, start, end) of each later side of the gap
        for j in range(i + 1, min(len(work), i + 2 + _DATE_GAP_LINES)):
            rest = work[j].strip()
            if _date_words(rest) and not rest.startswith("ngày"):
                start = len(work[j]) - len(work[j].lstrip())
                sides.append((j, start, start + len(rest)))
                if "năm" in rest.split():
                    break
            elif not _between_sides(work[j]):
                break
        texts = [lines[j].text[a:b] for j, a, b in sides]
        if not sides or "năm" not in " ".join(texts).split():
            continue
        first = lines[i].text[head.start() : len(work[i].rstrip())]
        value = " ".join([first, *texts])
        if not _PLACE_DATE.search(value):
            continue
        for j, a, b in sides:
            spans[j].append((a, b, "place_date"))
            work[j] = _mask(work[j], a, b)
        spans[i].append((head.start(), len(first) + head.start(), "place_date"))
        work[i] = _mask(work[i], head.start(), head.start() + len(first))
        j, _, b = sides[-1]
        line = Line(text=first, start=lines[i].start + head.start(), block=lines[i].block)
        joined[(i, head.start())] = Piece("place_date", line, value, lines[j].start + b)
    return joined


def number_text(piece: Piece) -> str:
    """The number-and-symbol of a number part, without its 'Số:' label."""
    if piece.value is not None:
        return piece.value
    m = _NUMBER.search(piece.line.text)
    return m.group("ns") if m else piece.line.text


def place_and_date(piece: Line) -> tuple[str, str, int]:
    """(place, date text, offset of the date in the piece) of a place-date part."""
    m = _PLACE_DATE.search(piece.text) or _PLACE_DATE_LOOSE.match(piece.text)
    if m is None:
        return "", piece.text, 0
    return _known_suffix(m.group("place").strip(" *_")), m.group("date"), m.start("date")


def _known_suffix(place: str) -> str:
    """'Tuyên Quang Sơn La' (left-column words before the place) → 'Sơn La', the longest known unit name
    ending it; a place of one or two words, or with no known ending, stays as found."""
    words = place.split()
    if len(words) <= 2 or regex.match(r"(?i)(TP\.|Thành phố|Thị xã|Thị trấn)", place):
        return place
    for k in range(len(words) - 1, 1, -1):
        tail = " ".join(words[-k:])
        if is_province(tail) or is_commune(tail):
            return tail
    return place


def is_mark(text: str) -> bool:
    """DỰ THẢO, MẬT, KHẨN … (with brackets or a colon): marks, not bodies."""
    key = match_key(text).strip(" ()")
    marks = lexicon.key_list("header", "marks")
    return key in marks or bool(regex.fullmatch(r"dự thảo lần \S+", key))


def is_subject(text: str) -> bool:
    """'V/v …': the trích yếu of a letter, written in the left column under its number."""
    return lexicon.starts_with_any(match_key(text), lexicon.key_list("header", "subject_prefixes")) is not None


def header_zone(lay: Layout, limit: int = 12) -> list[Line]:
    """The header lines. Without a type name the layout ends the header at the first line not in capitals,
    which a merged line ("TỈNH GIA LAI Độc lập - Tự do - Hạnh phúc") is not: read on while lines still hold
    a header part (a fixed phrase, the number, the place and date, a letter's 'V/v …')."""
    if lay.type_line is not None:
        return lay.header
    lines = list(lay.header)
    following = lay.lines[len(lay.header) : len(lay.header) + limit]
    wrapped = 0  # lines still to take as the wrapped rest of a letter's subject
    for k, line in enumerate(following):
        parts = split_header([line])
        kinds = {p.kind for p in parts}
        texts = [p.line.text for p in parts if p.kind == "text"]
        subject = bool(texts) and is_subject(texts[0])  # "V/v" reads as a Roman label to the layout
        if subject:
            wrapped = _subject_wrap(following[k + 1 :])
        elif wrapped:
            wrapped -= 1
            lines.append(line)
            continue
        if (
            kinds & {"national", "number", "place_date"}
            or subject
            or (texts and all(map(is_upper_text, texts)) and line.style is None)
            or _split_part(line.text)
        ):
            lines.append(line)
        else:
            break
    return lines


def _split_part(text: str) -> bool:
    """A side of a part that PDF text without layout broke at a blank: 'Số:' (or 'Số: 45'), '<place>, ngày', or the
    rest of the date ('tháng 3 năm 2026')."""
    text = text.strip()
    if _NUMBER_LABEL.fullmatch(text) or (_date_words(text) and not text.startswith("ngày")):
        return True
    return any(_date_words(text[m.end() :]) for m in _DATE_HEAD.finditer(text))


def _subject_wrap(after: list[Line], limit: int = 4) -> int:
    """How many lines after a letter's 'V/v …' line continue it: its narrow cell wraps it, and PDF text without
    layout prints each wrapped line on its own. They run up to the addressee ('Kính gửi: …'), which a letter
    has right under its subject; without one in reach nothing is taken."""
    for k, line in enumerate(after[: limit + 1]):
        if lexicon.starts_with_any(match_key(line.text), lexicon.key_list("header", "title_stops")) is not None:
            return k
        if is_upper_text(line.text) or line.style is not None:
            return 0
    return 0


def is_appendix(text: str) -> bool:
    """'PHỤ LỤC' (or 'PHỤ LỤC I') alone on the first line: an appendix filed as a document of its own."""
    key = match_key(text)
    return any(
        key == a or regex.fullmatch(rf"{regex.escape(a)} [ivxl\d]+", key)
        for a in lexicon.key_list("header", "appendix_types")
    )
