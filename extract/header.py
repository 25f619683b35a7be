"""Header stage: issuing body, number and symbol, place and date, type name, title (trích yếu)."""

from __future__ import annotations

import itertools
from functools import cache

import regex

from . import lexicon
from .agencies import looks_like_agency
from .header_columns import (
    Piece,
    header_zone,
    is_appendix,
    is_mark,
    is_subject,
    number_text,
    place_and_date,
    split_header,
)
from .header_title import title_lines, trim_title
from .levels import level_of, level_word_list
from .model import Convention, ExtractionWarning, Header
from .normalize import match_key, strip_accents
from .patterns import find_date
from .structure import _PREAMBLE_START, Layout, Line, is_upper_text, source_for

# "TỈNH BẮC KẠN" under "ỦY BAN NHÂN DÂN" continues it; "HUYỆN ỦY HẢI HẬU" is a body of its own.
_COMMITTEE_AFTER = r"(?!\s+(ỦY|UỶ|ĐOÀN)\b)"
_ISSUE_VERBS = r"\s+(?:ban hành|xây dựng|triển khai|lập|thực hiện)\s+(?:Kế hoạch|kế hoạch|Báo cáo|Chương trình)"
_ISSUER_HEADS = (
    r"Ủy ban nhân dân|UBND|Sở [\p{Lu}][\p{L} ,\-&]*?|Ban Thường vụ [\p{L} ]+?|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy"
)
_PLACE_NAME = r"[\p{Lu}][\p{Ll}]*(?:\s+[\p{Lu}][\p{Ll}]*){0,3}"


@cache
def _territory_start() -> regex.Pattern:
    words = "|".join(regex.escape(w.upper()) for w in level_word_list())
    return regex.compile(rf"^({words})\b{_COMMITTEE_AFTER}")


@cache
def _issue_sentence() -> regex.Pattern:
    """'UBND huyện … ban hành Kế hoạch': the body of a plan whose header lost it."""
    words = "|".join(regex.escape(w) for w in level_word_list())
    return regex.compile(rf"(?P<body>(?:{_ISSUER_HEADS})(?:\s+(?P<level>{words}))?){_ISSUE_VERBS}")


def parse_header(lay: Layout, file: str | None, warnings: list[ExtractionWarning]) -> Header:
    h = Header()
    bodies: list[Line] = []
    subject: list[Line] = []
    after_subject = False  # the piece before this one was the subject: a lower-case piece continues it
    zone = header_zone(lay)
    if lay.type_line is None and zone and is_appendix(zone[0].text):
        _parse_appendix(h, zone, file)
        return h
    ocr_type = _misspelt_type_line(zone)
    for piece in split_header(zone[:ocr_type] if ocr_type else zone):
        line = piece.line
        continues, after_subject = after_subject and piece.kind == "text", False
        if piece.kind in ("national", "stamp"):
            continue
        if piece.kind == "number":
            if h.number_symbol is None:  # the first one: a later one is a stamp or a quoted number
                _parse_number(h, number_text(piece), piece, file)
            continue
        if piece.kind == "place_date":
            if h.sources.get("date") is None:
                _parse_place_date(h, piece, file)
            continue
        if is_mark(line.text):
            continue  # DỰ THẢO, MẬT, KHẨN: marks, not bodies
        if is_subject(line.text) or (continues and not is_upper_text(line.text)):
            subject.append(line)  # a letter's "V/v …" under its number, wrapped or not
            after_subject = True
            continue
        if is_upper_text(line.text) and len(line.text) < 120 and not regex.match(r"^(KẾ HOẠCH|BÁO CÁO)$", line.text):
            bodies.append(line)
    _assign_bodies(h, bodies, file)
    if lay.type_line is not None:
        _parse_type(h, lay, file)
    title = title_lines(lay.title)
    if title:
        h.title = trim_title(" ".join(ln.text.strip() for ln in title).strip())
        first = title[0]
        h.sources["title"] = source_for(first, file, first.start, first.start + len(h.title))
    if ocr_type and (lay.type_line is None or lay.type_line.start > zone[ocr_type].start):
        _parse_misspelt_type(h, lay, zone[ocr_type], file)
    if subject and not h.title:
        _set_subject(h, subject, lay, file)
    _infer(h, lay, file)
    h.level = h.level or level_of(h.issuing_body, h.governing_body)
    if h.symbol is not None and h.number is None:
        warnings.append(
            ExtractionWarning(
                code="missing_number",
                message=f"number left blank in 'Số: {h.number_symbol}'",
                source=h.sources.get("number"),
            )
        )
    if h.date is None or len(h.date) < 10:
        src = h.sources.get("date")
        what = "no date" if h.date is None else f"date without a day ({h.date})"
        if src is not None or h.number_symbol is not None:
            warnings.append(ExtractionWarning(code="missing_date", message=f"header has {what}", source=src))
    return h


def _parse_appendix(h: Header, zone: list[Line], file: str | None) -> None:
    """An appendix filed on its own ('PHỤ LỤC' over its title in capitals) has no header: its type and title."""
    h.doc_type = zone[0].text.strip().capitalize()
    h.doc_type_code = lexicon.load("header")["appendix_code"]
    h.sources["doc_type"] = source_for(zone[0], file)
    title = list(itertools.takewhile(lambda ln: is_upper_text(ln.text), zone[1:]))
    if title:
        h.title = " ".join(ln.text.strip() for ln in title)
        h.sources["title"] = source_for(title[0], file, title[0].start, title[-1].end)


def _misspelt_type_line(zone: list[Line]) -> int | None:
    """Index of a type name that OCR misspelt ('KÉ HOẠCH', 'QUYÉT ĐỊNH'), which the layout missed and left
    in the header: bodies end there. Only a line that equals a type name once accents are dropped."""
    exact = {k for keys in lexicon.read_doc_types().values() for k in keys}
    loose = {strip_accents(k) for k in exact}
    for i, line in enumerate(zone[1:], start=1):
        key = match_key(line.text).strip(" :")
        if is_upper_text(line.text) and key not in exact and strip_accents(key) in loose:
            return i
    return None


def _parse_misspelt_type(h: Header, lay: Layout, line: Line, file: str | None) -> None:
    """The type and the title under a misspelt type name, as `_parse_type` and the layout would give them."""
    _misspelt_type_name(h, line, file)
    at = next((i for i, ln in enumerate(lay.lines) if ln is line), None)
    if at is None:
        return
    following: list[Line] = []
    for ln in lay.lines[at + 1 : at + 7]:  # as the layout reads a title: up to the preamble or the first part
        opens = _PREAMBLE_START.match(ln.text)
        if (
            ln.style is not None
            or (following and opens)
            or (opens and ln.text.rstrip().endswith((";", ":", ".")) and len(ln.text) > 160)
        ):
            break
        following.append(ln)
        if ln.text.rstrip().endswith((".", ";", ":")):
            break
    title = title_lines(following)
    if title:
        h.title = trim_title(" ".join(ln.text.strip() for ln in title))
        h.sources["title"] = source_for(title[0], file, title[0].start, title[0].start + len(h.title))


def _set_subject(h: Header, subject: list[Line], lay: Layout, file: str | None) -> None:
    """A letter (công văn) has no type name: its trích yếu is the 'V/v …' under the number."""
    h.title = " ".join(ln.text.strip() for ln in subject)
    h.sources["title"] = source_for(subject[0], file, subject[0].start, subject[-1].end)
    if lay.type_line is None and h.doc_type is None:
        code = lexicon.load("header")["subject_doc_type"]
        h.doc_type = lexicon.doc_type_name(code)
        h.doc_type_code = code
        h.sources["doc_type"] = h.sources["title"]


def _parse_place_date(h: Header, piece: Piece, file: str | None) -> None:
    line = piece.line
    # A place-and-date read from the two sides of a blank is parsed as one line; its spans reach the year.
    place, date, at = place_and_date(line if piece.value is None else Line(piece.value, line.start, line.block))
    end = line.end if piece.end is None else piece.end
    h.place = place or None
    h.date, _ = find_date(_blank_junk_day(date))
    h.sources["place"] = source_for(line, file, line.start, end)
    h.sources["date"] = source_for(line, file, line.start + at, end)


def _blank_junk_day(date: str) -> str:
    """'ngày ⁄€ tháng 3' (a blank day OCR'd as marks) reads as a blank day; 'ngày U6_' keeps its digits."""

    def fix(m: regex.Match) -> str:
        digits = regex.sub(r"\D", "", m.group(2))
        return f"{m.group(1)} {digits if 1 <= len(digits) <= 2 else ''} "

    return regex.sub(r"(ngày)\s*(\S{1,4}?)\s*(?=tháng)", fix, date, count=1)


def _parse_number(h: Header, ns: str, piece: Piece, file: str | None) -> None:
    ns = ns.strip().rstrip(".")
    h.number_symbol = ns
    h.sources["number"] = source_for(piece.line, file, end=piece.end)
    # The number may be blank, or handwriting that OCR read as marks ("⁄€ /KH-UBND"): only digits count.
    m = regex.match(r"^(?P<num>[^\s/\-]{0,6}?)\s*(?P<sep>[/\-])\s*(?P<sym>\S.*)$", ns)
    if not m:
        return
    num = m.group("num")
    h.number = num if regex.fullmatch(r"\d+[a-zA-Z]?", num) else None
    sym = regex.sub(r"\s+", "", m.group("sym"))
    h.symbol = sym
    if m.group("sep") == "-" and "/" in sym:  # 146-KH/HU: Party convention
        h.convention = Convention.party
        h.symbol_type, h.symbol_issuer = sym.split("/", 1)
    else:
        h.convention = Convention.state
        parts = sym.split("-", 1)
        h.symbol_type = parts[0]
        h.symbol_issuer = parts[1] if len(parts) > 1 else None


def _assign_bodies(h: Header, bodies: list[Line], file: str | None) -> None:
    """Join a body wrapped over two lines; otherwise the upper line governs the lower (issuing) one."""
    names: list[tuple[str, Line, Line]] = []  # a body's name, its first line and its last
    for line in bodies:
        text = line.text.strip(" *_-")
        if names and (
            _territory_start().match(text)
            or names[-1][0].endswith((" VÀ", "-", ","))
            or text.startswith(("VÀ ", "&"))
            or not _starts_body(text)
        ):
            # "TỈNH BẮC KẠN", or a line that does not start a body ("BINH VÀ XÃ HỘI", "NAM ĐỊNH"): the body above
            # goes on, and so does its span.
            prev, first, _ = names[-1]
            names[-1] = (f"{prev} {text}", first, line)
        else:
            names.append((text, line, line))
    if not names:
        return
    fields = ("issuing_body",) if len(names) == 1 else ("governing_body", "issuing_body")
    for field, (name, first, last) in zip(fields, names[-len(fields) :]):
        setattr(h, field, name)
        h.sources[field] = source_for(first, file, first.start, max(first.end, last.end))


def _starts_body(text: str) -> bool:
    """Whether a header line starts a body of its own: an agency head word, or a team a ministry sets up
    ("TỔ CÔNG TÁC LIÊN NGÀNH …" under "BỘ CÔNG AN"), which governs it as a ministry governs its department."""
    if looks_like_agency(text):
        return True
    return lexicon.starts_with_any(match_key(text), lexicon.key_list("vocab", "team_names")) is not None


def _parse_type(h: Header, lay: Layout, file: str | None) -> None:
    line = lay.type_line
    words = line.text.split()
    for code, keys in lexicon.read_doc_types().items():
        for n in (2, 3, 1):
            if len(words) >= n and match_key(" ".join(words[:n])) in keys:
                h.doc_type = " ".join(words[:n]).capitalize()
                h.doc_type_code = code
                h.sources["doc_type"] = source_for(line, file)
                rest = " ".join(words[n:]).strip(" :")
                if rest and not lay.title:
                    h.title = rest
                    h.sources["title"] = source_for(line, file)
                return
    _misspelt_type_name(h, line, file)  # the layout also takes a type line OCR misspelt ("QUYÉT ĐỊNH")


def _misspelt_type_name(h: Header, line: Line, file: str | None) -> bool:
    """A type name read without its marks ('KÉ HOẠCH') gives the type under its right name."""
    key = strip_accents(match_key(line.text).strip(" :"))
    for code, keys in lexicon.read_doc_types().items():
        if key in {strip_accents(k) for k in keys}:
            h.doc_type = lexicon.doc_type_name(code)
            h.doc_type_code = code
            h.sources["doc_type"] = source_for(line, file)
            return True
    return False


def _infer(h: Header, lay: Layout, file: str | None) -> None:
    """Fill the issuing body from the sentence of issue and the signature when the header lacks it."""
    if h.issuing_body:
        return
    for line in lay.preamble:
        m = _issue_sentence().search(line.text)
        if not m:
            continue
        body = m.group("body").strip()
        level = m.group("level")
        if level:
            place = _place_of(level, lay.text, h.place)
            if place:
                body = f"{body} {place}"
        h.issuing_body = body
        h.inferred.append("issuing_body")
        h.sources["issuing_body"] = source_for(line, file, line.start + m.start("body"), line.start + m.end("body"))
        if level:
            h.level = level_of(body)
        return


def _place_of(level: str, text: str, place: str | None) -> str | None:
    """The proper name after the level word ('huyện Tiên Lãng'), preferring the header's place."""
    if place and regex.search(rf"\b{level}\s+{regex.escape(place)}\b", text):
        return place
    counts: dict[str, int] = {}
    for m in regex.finditer(rf"\b{level}\s+({_PLACE_NAME})", text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.get)
