"""Legal bases: each document the opening cites (Căn cứ …; Thực hiện …), typed by kind, number, date, issuer."""

from __future__ import annotations

import regex

from . import lexicon
from .model import LegalBasis
from .normalize import match_key
from .patterns import DOC_KINDS, NS_TOKEN, find_date
from .structure import Line, source_for

_REF_START = regex.compile(rf"\b(?P<kind>{DOC_KINDS})\b(?=\s+(?:số\b|\d|[\p{{Lu}}]|ngày\b))")
_NS = regex.compile(rf"^\s*(?:số\s*)?(?P<ns>{NS_TOKEN})")
_DATE_AT = regex.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+"
    r"(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
_OF = regex.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)"
    r"(?=\s+(?i:về việc|về|quy định|hướng dẫn|ban hành|phê duyệt|sửa đổi|triển khai)\b|\s*[;,(]|\s*$)"
)
# The issuing sentence names its body and its verb close together ("…, Ủy ban nhân dân tỉnh ban hành Kế hoạch");
# the gap is bounded so that a long line with many commas costs one bounded scan per comma, not one per comma pair.
_SUBJECT_END = regex.compile(
    r"\s*(?:\(sau đây|;"
    r"|,\s*(?:Ủy ban nhân dân|UBND|Sở|Ban|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy)\b[^;]{0,300}"
    r"\b(?:ban hành|xây dựng|triển khai)\b)"
)
_SENTENCE_OF_ISSUE = regex.compile(
    r",\s*(?:Ủy ban nhân dân|UBND|Sở|Ban|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy)\b.{0,300}"
    r"\b(?:ban hành|xây dựng|triển khai)\b"
)
_PROPOSAL = regex.compile(r"^(?:Xét|Theo)\s+(?:đề nghị|tờ trình|đề xuất)\b", regex.I)
_KIND_FIRST = regex.compile(rf"^(?:{DOC_KINDS})\s+(?:số\b|\d|[\p{{Lu}}])")
_PROPOSAL_INSIDE = regex.compile(r"\b(?:xét|theo)\s+đề nghị\b", regex.I)
# Lines that cite the document itself, not a basis: a decision's articles ("Điều 1. Ban hành kèm theo Quyết định
# này Kế hoạch số …") and the note under an attached plan's title ("(Kèm theo Quyết định số … )").
_OWN_LINE = regex.compile(r"^\W*(?:Điều\s+\d+\s*[.:]|\(?\s*(?:Ban hành\s+)?kèm theo\b)", regex.I)
_OWN_NOTE = regex.compile(r"\(\s*(?:Ban hành\s+)?kèm theo\b[^)]*\)?", regex.I)
# A law's own name may hold "số" and "của Luật …": "Luật Công nghiệp công nghệ số số 71/2025/QH15",
# "Luật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật … ngày 22/11/2019".
_NAME = regex.compile(
    r"^\s+(?P<name>[^;]+?)(?=\s*,?\s+(?:số\s*:?\s*\d|ngày\s+\d|của\b(?!\s+(?:Luật|Bộ luật|Pháp lệnh)\b))|;|$)"
)


def opening_lines(lines: list[Line]) -> list[Line]:
    """The opening that cites the bases: from the first 'Căn cứ / Thực hiện …' line (or a bullet naming a
    document under 'Căn cứ:'), through the lines that go on with it, to the first line that does not ('Ủy ban
    nhân dân tỉnh ban hành Kế hoạch …', 'Kính gửi', a report's first paragraph)."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        bare = regex.sub(r"^[-+•*]\s*", "", text)
        if _opening_lead(bare) or _PROPOSAL.match(bare) or _KIND_FIRST.match(bare):
            out.append(line)
        elif out and not out[-1].text.rstrip().endswith((".", ";", ":")) and bare[:1].islower():
            out.append(line)  # a line the reader broke
        elif out:
            break
    return out


def _opening_lead(text: str) -> bool:
    return lexicon.starts_with_any(match_key(text[:40]), lexicon.key_list("vocab", "legal_opening_leads")) is not None


def parse_legal_bases(lines: list[Line], file: str | None) -> list[LegalBasis]:
    out: list[LegalBasis] = []
    seen: set[tuple[str, str | None]] = set()
    for line in opening_lines(lines):
        text = line.text
        if _PROPOSAL.match(text) or _OWN_LINE.match(text):
            continue  # "Xét đề nghị của …" cites the proposal a decision answers, not a legal basis
        cut = _SENTENCE_OF_ISSUE.search(text)
        limit = cut.start() if cut else len(text)
        aside = [(a.start(), a.end()) for a in regex.finditer(r"\((?:sau đây|gọi tắt|viết tắt)[^)]*\)", text)]
        aside += [(a.start(), a.end()) for a in _OWN_NOTE.finditer(text)]
        starts = [
            m
            for m in _REF_START.finditer(text, 0, limit)
            if _is_citation(text, m) and not any(a <= m.start() < b for a, b in aside)
        ]
        starts = _drop_name_parts(text, starts)
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else limit
            seg = text[m.start() : end]
            basis = _parse_one(m.group("kind"), seg, line, file, m.start())
            key = (basis.kind, basis.number_symbol or basis.subject) if basis else None
            if basis and key not in seen:
                seen.add(key)
                out.append(basis)
    return out


def _drop_name_parts(text: str, starts: list[regex.Match]) -> list[regex.Match]:
    """A kind word inside another document's name is not a citation of its own: '… một số điều của Luật X'
    (no number of its own), '… của Luật X và Luật Y ngày …' while the first has no number or date yet."""
    out: list[regex.Match] = []
    for m in starts:
        if out:
            before = text[out[-1].end() : m.start()]
            own_number = bool(_NS.match(text[m.end() :]))
            prev_dated = bool(_NS.match(before) or regex.search(r"ngày\s+\d", before))
            if not own_number and (
                regex.search(r"\bcủa\s*$", before) or (regex.search(r"\bvà\s*$", before) and not prev_dated)
            ):
                continue
            if ";" not in before and _PROPOSAL_INSIDE.search(before):
                continue  # "… và xét đề nghị của Công an tỉnh tại Tờ trình số …": the proposal, not a basis
            upto = text[m.end() : m.end() + 400].split(";", 1)[0]  # a citation's own number and date come early
            dated = bool(regex.search(rf"ngày\s+\d|(?:số\s*)?{NS_TOKEN}", upto))
            if not dated and ";" not in before and not regex.search(r"[,;:]\s*$", before):
                continue  # "… quy định chi tiết Luật X về …": named inside the previous citation's subject
        out.append(m)
    return out


def _is_citation(text: str, m: regex.Match) -> bool:
    """A kind word cites a document when a number, a date or a proper name follows it."""
    after = text[m.end() : m.end() + 60]
    if regex.match(r"\s+(?:số\s*)?\d", after) or regex.match(r"\s+ngày\s+\d", after):
        return True
    # "Luật Tổ chức chính quyền địa phương" – a named law; "Kế hoạch này" is not a citation.
    return m.group("kind") in ("Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh") and bool(regex.match(r"\s+[\p{Lu}]", after))


def _parse_one(kind: str, seg: str, line: Line, file: str | None, offset: int) -> LegalBasis | None:
    rest = seg[len(kind) :]
    number_symbol = None
    name = None
    m = _NS.match(rest)
    if m:
        number_symbol = regex.sub(r"\s+", "", m.group("ns"))
        rest = rest[m.end() :]
    else:
        nm = _NAME.match(rest)
        if nm:
            name = nm.group("name").strip()
            rest = rest[nm.end() :]
            m2 = _NS.match(rest)
            if m2:
                number_symbol = regex.sub(r"\s+", "", m2.group("ns"))
                rest = rest[m2.end() :]
    date = None
    dm = _DATE_AT.match(rest)
    if dm:
        date, _ = find_date("ngày " + dm.group("date"))
        rest = rest[dm.end() :]
    issuer = None
    om = _OF.match(rest)
    if om:
        issuer = om.group("issuer").strip()
        rest = rest[om.end() :]
    subject = None
    sm = regex.match(r"^\s*(?i:về việc|về|quy định|hướng dẫn|ban hành|phê duyệt)?\s*(?P<s>.*)$", rest, regex.S)
    if sm:
        s = sm.group("s")
        end = _SUBJECT_END.search(s)
        s = (s[: end.start()] if end else s).strip(" ;,.")
        s = regex.sub(r"\s*\((?:sau đây|gọi tắt|viết tắt)[^)]*\)?.*$", "", s).strip(" ;,.")
        if len(s) > 3:
            lead = regex.match(r"^\s*((?i:về việc|về|quy định|hướng dẫn|ban hành|phê duyệt))", rest)
            subject = (f"{lead.group(1)} {s}" if lead and lead.group(1) not in ("về", "về việc") else s).strip()
    if name and not subject:
        subject = name
    if number_symbol is None and date is None and name is None:
        return None
    if (
        number_symbol is None
        and date is None
        and (regex.search(r"(?:của|và)\s*$", line.text[max(0, offset - 40) : offset]) or line.text[:1].islower())
    ):
        return None  # "… sửa đổi một số điều của Luật X", or a wrapped line going on with another's name
    text = seg.strip(" ;,.")
    start = line.start + offset
    return LegalBasis(
        kind=kind,
        number_symbol=number_symbol,
        date=date,
        issuer=issuer,
        subject=subject,
        text=text,
        source=source_for(line, file, start, start + len(seg.rstrip(" ;,."))),
    )
