"""Header stage: issuing body, number and symbol, place and date, type name, title (trích yếu)."""

from __future__ import annotations

import regex

from . import lexicon
from .agencies import looks_like_agency
from .model import Convention, ExtractionWarning, Header
from .normalize import match_key
from .patterns import NUMBER_LINE, PLACE_DATE, find_date
from .structure import Layout, Line, is_upper_text, source_for

_QUOC_HIEU_KEYS = ("cộng hòa xã hội chủ nghĩa việt nam", "độc lập - tự do - hạnh phúc", "đảng cộng sản việt nam")
_MARKS = regex.compile(r"^\(?\s*(DỰ THẢO|BẢN DỰ THẢO|DỰ THẢO LẦN \S+|MẬT|TUYỆT MẬT|TỐI MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|BẢN CHÍNH|BẢN SAO)\s*\)?\s*:?$", regex.I)
# "TỈNH BẮC KẠN" under "ỦY BAN NHÂN DÂN" continues it; "HUYỆN ỦY HẢI HẬU" is a body of its own.
_TERRITORY_START = regex.compile(r"^(TỈNH|HUYỆN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN|QUẬN|THÀNH PHỐ|ĐẶC KHU)\b(?!\s+(ỦY|UỶ|ĐOÀN)\b)")
_PARTY = regex.compile(r"\b(ĐẢNG ỦY|ĐẢNG BỘ|HUYỆN ỦY|TỈNH ỦY|THÀNH ỦY|QUẬN ỦY|THỊ ỦY|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|CHI BỘ|ĐẢNG ĐOÀN|BAN CÁN SỰ)\b", regex.I)
_ISSUE_SENTENCE = regex.compile(
    r"(?P<body>(?:Ủy ban nhân dân|UBND|Sở [\p{Lu}][\p{L} ,\-&]*?|Ban Thường vụ [\p{L} ]+?|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy)"
    r"(?:\s+(?P<level>tỉnh|huyện|xã|phường|thành phố|thị xã|quận|thị trấn))?)\s+"
    r"(?:ban hành|xây dựng|triển khai|lập|thực hiện)\s+(?:Kế hoạch|kế hoạch|Báo cáo|Chương trình)",
)
_PLACE_NAME = r"[\p{Lu}][\p{Ll}]*(?:\s+[\p{Lu}][\p{Ll}]*){0,3}"
_LEVEL_WORDS = {
    "tỉnh": "tỉnh", "thành phố": "tỉnh", "huyện": "huyện", "quận": "huyện", "thị xã": "huyện",
    "xã": "xã", "phường": "xã", "thị trấn": "xã", "đặc khu": "xã",
}


def parse_header(lay: Layout, file: str | None, warnings: list[ExtractionWarning]) -> Header:
    h = Header()
    bodies: list[Line] = []
    for line in lay.header:
        key = match_key(line.text)
        if any(key.startswith(q) for q in _QUOC_HIEU_KEYS):
            continue
        m = NUMBER_LINE.match(line.text)
        if m:
            _parse_number(h, m.group("ns"), line, file)
            continue
        pd = PLACE_DATE.match(line.text)
        if pd and regex.search(r"năm\s*\d{4}|\d{4}\s*$", line.text):
            h.place = pd.group("place").strip(" *_")
            iso, _ = find_date(pd.group("date"))
            h.date = iso
            h.sources["place"] = source_for(line, file)
            h.sources["date"] = source_for(line, file)
            continue
        if _MARKS.match(line.text):
            continue  # DỰ THẢO, MẬT, KHẨN: marks, not bodies
        if is_upper_text(line.text) and len(line.text) < 120 and not regex.match(r"^(KẾ HOẠCH|BÁO CÁO)$", line.text):
            bodies.append(line)
    _assign_bodies(h, bodies, file)
    if lay.type_line is not None:
        _parse_type(h, lay, file)
    if lay.title:
        h.title = " ".join(ln.text.strip() for ln in lay.title).strip()
        first, last = lay.title[0], lay.title[-1]
        h.sources["title"] = source_for(first, file, first.start, last.end)
    _infer(h, lay, file)
    h.level = h.level or _level_of(h.issuing_body, h.governing_body)
    if h.symbol is not None and h.number is None:
        warnings.append(ExtractionWarning(code="missing_number", message=f"number left blank in 'Số: {h.number_symbol}'", source=h.sources.get("number")))
    if h.date is None or len(h.date) < 10:
        src = h.sources.get("date")
        what = "no date" if h.date is None else f"date without a day ({h.date})"
        if src is not None or h.number_symbol is not None:
            warnings.append(ExtractionWarning(code="missing_date", message=f"header has {what}", source=src))
    return h


def _parse_number(h: Header, ns: str, line: Line, file: str | None) -> None:
    ns = ns.strip().rstrip(".")
    h.number_symbol = ns
    h.sources["number"] = source_for(line, file)
    m = regex.match(r"^(?P<num>\d+[a-zA-Z]?)?\s*(?P<sep>[/\-])\s*(?P<sym>\S.*)$", ns)
    if not m:
        return
    h.number = m.group("num")
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
    names: list[tuple[str, Line]] = []
    for line in bodies:
        text = line.text.strip(" *_-")
        if names and _TERRITORY_START.match(text):
            prev, pline = names[-1]
            names[-1] = (f"{prev} {text}", pline)
        elif names and (names[-1][0].endswith((" VÀ", "-", ",")) or text.startswith(("VÀ ", "&")) or not looks_like_agency(text)):
            # A line that does not start a body ("BINH VÀ XÃ HỘI", "NAM ĐỊNH") continues the one above.
            prev, pline = names[-1]
            names[-1] = (f"{prev} {text}", pline)
        else:
            names.append((text, line))
    if not names:
        return
    if len(names) == 1:
        h.issuing_body = names[0][0]
        h.sources["issuing_body"] = source_for(names[0][1], file)
    else:
        h.governing_body = names[-2][0]
        h.sources["governing_body"] = source_for(names[-2][1], file)
        h.issuing_body = names[-1][0]
        h.sources["issuing_body"] = source_for(names[-1][1], file)


def _parse_type(h: Header, lay: Layout, file: str | None) -> None:
    line = lay.type_line
    words = line.text.split()
    for code, keys in lexicon.keyed("vocab", "doc_types").items():
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


def _infer(h: Header, lay: Layout, file: str | None) -> None:
    """Fill the issuing body from the sentence of issue and the signature when the header lacks it."""
    if h.issuing_body:
        return
    for line in lay.preamble:
        m = _ISSUE_SENTENCE.search(line.text)
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
            h.level = _LEVEL_WORDS.get(level)
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


def _level_of(issuing: str | None, governing: str | None) -> str | None:
    if not issuing:
        return None
    key = match_key(issuing)
    if _PARTY.search(issuing):
        for word, level in (("tỉnh ủy", "tỉnh"), ("thành ủy", "tỉnh"), ("huyện ủy", "huyện"), ("quận ủy", "huyện"), ("thị ủy", "huyện"), ("xã", "xã"), ("phường", "xã"), ("huyện", "huyện"), ("tỉnh", "tỉnh")):
            if word in key:
                return level
        return None
    if key.startswith(("sở ", "ban quản lý", "thanh tra tỉnh", "văn phòng ủy ban nhân dân tỉnh", "công an tỉnh", "bộ chỉ huy")):
        return "sở"
    if key.startswith("phòng "):
        return "phòng"
    if key.startswith("bộ ") or key.startswith("ban chỉ đạo quốc gia"):
        return "bộ" if key.startswith("bộ ") else "trung ương"
    if key.startswith(("chính phủ", "thủ tướng")):
        return "trung ương"
    for word, level in (("thành phố", None), ("tỉnh", "tỉnh"), ("huyện", "huyện"), ("quận", "huyện"), ("thị xã", "huyện"), ("xã", "xã"), ("phường", "xã"), ("thị trấn", "xã"), ("đặc khu", "xã")):
        if regex.search(rf"(?<!\w){word}(?!\w)", key):
            if level is None:  # a city: provincial unless the governing body is a province
                gov = match_key(governing or "")
                return "huyện" if "tỉnh" in gov else "tỉnh"
            return level
    return None
