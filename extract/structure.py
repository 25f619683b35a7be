"""Structure stage: from the block stream to zones (header, title, preamble, body, closing, tail) and the
section tree built from the numbering labels — never from markdown marks, which real documents misuse.

Duplicate, skipped or orphaned numbers are kept as written (`Section.number`), repaired in the tree
(`Section.id` is the position-based path) and reported as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from . import lexicon
from .blocks import Block
from .model import ExtractionWarning, Paragraph, Section, SectionKind, Source
from .normalize import match_key, strip_accents
from .patterns import (
    BULLET,
    DECIMAL,
    LETTER,
    MULTI_DECIMAL,
    PHAN,
    PHAN_ALONE,
    ROMAN,
    UPPER_LETTER,
    VI_LETTERS,
    int_to_roman,
    roman_to_int,
)


@dataclass(slots=True)
class Line:
    """One logical line (a block, or blocks joined when a sentence was broken) with its place in `text`."""

    text: str
    start: int
    block: Block
    style: str | None = None  # roman, upper_letter, decimal, multi_decimal, letter, bullet, phan
    number: str | None = None  # label as written, e.g. "III.", "2.2.", "a)", "-"
    rest: str = ""  # text after the label

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Layout:
    """The document cut into zones; the entity stages read from here."""

    text: str
    lines: list[Line]
    header: list[Line] = field(default_factory=list)
    type_line: Line | None = None
    title: list[Line] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)
    # A document with another document attached after its signature (a Tờ trình and the draft plan it
    # submits): the document's own Nơi nhận and signature, which come before the attachment.
    own_tail: list[Line] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    by_paragraph: dict[int | None, Line] | None = None  # built on first lookup by reader paragraph number


RANKS = {"phan": 0, "upper_letter": 1, "roman": 2, "decimal": 4, "letter": 8}
_TERMINAL = tuple(".;:!?")
_SENTENCE_START = regex.compile(r"^[\p{Ll}]")
_UPPER_RATIO = regex.compile(r"\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")
_ENDS_CLOSING = regex.compile(r"\./\.\s*$|\.\s*/\s*\.\s*$")
_PREAMBLE_START = regex.compile(
    r"^(Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|Xét|Trên cơ sở|Ngày|Qua|Sau khi|Tiếp tục|Hưởng ứng)\b"
)
TAIL_START = regex.compile(rf"^(?:{lexicon.tail_alternation('recipients')})\s*:?", regex.I)
_RULE_LINE = regex.compile(r"^[\s\-_=*.…]+$")


def source_for(line: Line, file: str | None, start: int | None = None, end: int | None = None) -> Source:
    b = line.block
    return Source(
        file=file,
        paragraph=b.paragraph,
        page=b.page,
        line=b.line,
        table=b.table,
        start=line.start if start is None else start,
        end=line.end if end is None else end,
    )


def is_upper_text(text: str) -> bool:
    """True when the letters are (almost) all capitals: headings, bodies, titles in the header."""
    up = len(_UPPER_RATIO.findall(text))
    low = len(_LOWER.findall(text))
    return up >= 2 and low <= up * 0.1


def classify_label(text: str) -> tuple[str | None, str | None, str]:
    """Numbering style, label as written and the rest of the line."""
    for style, pat in (
        ("phan", PHAN),
        ("multi_decimal", MULTI_DECIMAL),
        ("decimal", DECIMAL),
        ("roman", ROMAN),
        ("upper_letter", UPPER_LETTER),
        ("letter", LETTER),
        ("bullet", BULLET),
    ):
        m = pat.match(text)
        if not m:
            continue
        num, rest = m.group("num"), m.group("rest").strip()
        if style == "roman" and roman_to_int(num) is None:
            continue
        if style == "upper_letter" and not is_upper_text(rest):
            continue  # "A. Nguyễn" is a name, not part A
        label = text[: m.start("rest")].strip()
        return style, label, rest
    return None, None, text


def _rank(style: str, number: str) -> int:
    if style == "multi_decimal":
        return RANKS["decimal"] + number.strip(".)").count(".")
    return RANKS[style]


def _ordinal_label(style: str, k: int) -> str:
    if style in ("roman", "phan"):
        return int_to_roman(k)
    if style == "upper_letter":
        return "ABCDEFGH"[k - 1] if k <= 8 else str(k)
    if style == "letter":
        return VI_LETTERS[k - 1] if k <= len(VI_LETTERS) else str(k)
    return str(k)


def _written_value(style: str, number: str) -> int | None:
    core = number.strip().rstrip(".):/-").strip()
    if style == "roman":
        return roman_to_int(core)
    if style == "phan":
        tail = core.split()[-1]
        return roman_to_int(tail) or (int(tail) if tail.isdigit() else None)
    if style == "upper_letter":
        return "ABCDEFGH".index(core) + 1 if core in "ABCDEFGH" else None
    if style == "letter":
        return VI_LETTERS.index(core) + 1 if core in VI_LETTERS else None
    if style == "decimal":  # an orphaned "2.2." placed as a decimal counts by its first part
        first = core.split(".")[0]
        return int(first) if first.isdigit() else None
    if style == "multi_decimal":
        last = core.split(".")[-1]
        return int(last) if last.isdigit() else None
    return None


# --- lines ---------------------------------------------------------------------------------------------------


def build_lines(blocks: list[Block]) -> tuple[str, list[Line]]:
    """Join sentences broken across blocks and lay all lines out in one text with offsets."""
    merged: list[tuple[str, Block]] = []
    for b in blocks:
        text = b.text.strip()
        if not text or _RULE_LINE.match(text):
            continue
        if b.label and not text.startswith(b.label):
            text = f"{b.label} {text}"
        if merged and _part_title(merged[-1], text, b):
            merged[-1] = (f"{merged[-1][0]} {text}", merged[-1][1])  # one heading: the label, then its title
            continue
        if merged and _continues(merged[-1], text, b):
            prev_text, prev_block = merged[-1]
            merged[-1] = (f"{prev_text} {text}", prev_block)
            continue
        merged.append((text, b))
    lines: list[Line] = []
    parts: list[str] = []
    pos = 0
    for text, b in merged:
        style, number, rest = classify_label(text)
        lines.append(Line(text=text, start=pos, block=b, style=style, number=number, rest=rest))
        parts.append(text)
        pos += len(text) + 1
    return "\n".join(parts), lines


def _part_title(prev: tuple[str, Block], text: str, block: Block) -> bool:
    """The capitalised title line under a part label written alone ("Phần thứ nhất" / "KẾT QUẢ THỰC HIỆN")."""
    prev_text, prev_block = prev
    if block.zone != "body" or prev_block.zone != "body" or block.table or prev_block.table:
        return False
    return bool(PHAN_ALONE.match(prev_text)) and is_upper_text(text) and classify_label(text)[0] is None


def _continues(prev: tuple[str, Block], text: str, block: Block) -> bool:
    """A body line that starts in lower case after a line with no closing punctuation continues it."""
    prev_text, prev_block = prev
    if block.zone != "body" or prev_block.zone != "body" or block.table or prev_block.table:
        return False
    if block.label or prev_text.endswith(_TERMINAL) or is_upper_text(prev_text):
        return False
    if classify_label(text)[0] is not None:
        return False
    return bool(_SENTENCE_START.match(text))


# --- zones -------------------------------------------------------------------------------------------------


def find_type_line(lines: list[Line], limit: int = 60) -> int | None:
    """Index of the line naming the document type (KẾ HOẠCH, BÁO CÁO…), written in capitals."""
    types = {k for words in lexicon.read_doc_types().values() for k in words}
    bare_types = {strip_accents(k) for k in types}
    for i, line in enumerate(lines[:limit]):
        if line.block.zone in ("signature", "recipients"):
            continue
        key = match_key(line.text).rstrip(":")
        head = line.text.split(":")[0].strip()
        if key in types and is_upper_text(line.text):
            return i
        if strip_accents(key) in bare_types and is_upper_text(line.text) and not line.text.rstrip().endswith(":"):
            return i  # "QUYÉT ĐỊNH" read by OCR with a wrong tone mark
        # "KẾ HOẠCH Triển khai …" on one line
        words = line.text.split()
        for n in (2, 3):
            if len(words) > n and match_key(" ".join(words[:n])) in types and is_upper_text(" ".join(words[:n])):
                if not is_upper_text(head) or len(words) > n:
                    return i
    return None


def _is_header_line(line: Line) -> bool:
    key = match_key(line.text)
    if line.block.zone == "header":
        return True
    if any(key.startswith(q) for q in lexicon.national_keys()):
        return True
    if regex.match(r"^số\s*:", key):
        return True
    if regex.search(r",\s*ngày\b.*\bnăm\s+\d{4}", line.text):
        return True
    return is_upper_text(line.text) and len(line.text) < 90


def _body_start(lines: list[Line], begin: int) -> int:
    """First top-level part: a Roman numeral, 'Phần', an upper letter, or a decimal in capitals."""
    for i in range(begin, len(lines)):
        line = lines[i]
        if line.block.zone != "body":
            continue
        if line.style in ("roman", "phan", "upper_letter"):
            return i
        if line.style == "decimal" and is_upper_text(line.rest) and _section_kind(line.rest) != SectionKind.other:
            return i
    # Department and inspection plans number their parts "1. Mục đích / 2. Yêu cầu / 3. Nội dung …" without
    # Roman numerals: the first "1." whose title opens with a part name starts the body.
    for i in range(begin, len(lines)):
        line = lines[i]
        if (
            line.block.zone == "body"
            and line.style == "decimal"
            and _written_value("decimal", line.number or "") == 1
            and _is_part_title(line.rest)
        ):
            return i
    return len(lines)


def _is_part_title(title: str) -> bool:
    """A heading that names a part of a plan ('Mục đích, yêu cầu', 'Nội dung kiểm tra'), not a sentence."""
    key = match_key(title).rstrip(":")
    if len(key) > 80 or title.rstrip().endswith((".", ";")):
        return False
    words = tuple(w for ws in lexicon.keyed("vocab", "section_kinds").values() for w in ws)
    return lexicon.starts_with_any(key, words) is not None


def _tail_start(lines: list[Line], begin: int) -> tuple[int, int]:
    """(closing start, tail start): the '…./.' paragraph and 'Trên đây…' before it; then Nơi nhận/signature."""
    end_mark = None
    for i in range(len(lines) - 1, begin - 1, -1):
        if lines[i].block.zone == "body" and _ENDS_CLOSING.search(lines[i].text):
            end_mark = i
            break
    if end_mark is None:
        for i in range(begin, len(lines)):
            line = lines[i]
            if line.block.zone in ("recipients", "signature") or TAIL_START.match(line.text):
                return i, i
            if lexicon.authority_line().match(line.text) and is_upper_text(line.text) and i > begin:
                return i, i
        return len(lines), len(lines)
    # A numbered or bulleted last item that ends with './.' is still an item of the body, not the formula.
    closing = end_mark if lines[end_mark].style is None else end_mark + 1
    for j in range(end_mark, max(begin, end_mark - 4) - 1, -1):
        if lines[j].style is None and lines[j].text.startswith("Trên đây"):
            closing = j
            break
    return closing, end_mark + 1


def _covering_signature(preamble: list[Line]) -> list[Line]:
    """The signature of a covering decision when the attached plan ends unsigned: its 'Nơi nhận' line and the
    cells of the same table row (a decision, then 'KẾ HOẠCH (Kèm theo Quyết định …)')."""
    for k, line in enumerate(preamble):
        if not TAIL_START.match(line.text):
            continue
        row = (line.block.table or "").rsplit(":c", 1)[0]
        if not row:
            return []
        return [line] + [ln for ln in preamble[k + 1 : k + 12] if (ln.block.table or "").rsplit(":c", 1)[0] == row]
    return []


@cache
def _kind_patterns() -> list[tuple[SectionKind, regex.Pattern]]:
    out = []
    for kind, words in lexicon.keyed("vocab", "section_kinds").items():
        alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
        out.append((SectionKind(kind), regex.compile(rf"(?<!\w)(?:{alts})(?!\w)")))
    return out


def _section_kind(title: str) -> SectionKind:
    """Kind of a part from the first keyword in its title."""
    key = match_key(title)
    best: tuple[int, SectionKind] | None = None
    for kind, pat in _kind_patterns():
        m = pat.search(key)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else SectionKind.other


def layout(blocks: list[Block], file: str | None) -> Layout:
    text, lines = build_lines(blocks)
    lay = Layout(text=text, lines=lines)
    t = find_type_line(lines)
    if t is None:
        lay.warnings.append(
            ExtractionWarning(
                code="no_type_name", message="no document type name (KẾ HOẠCH, BÁO CÁO…) found near the top"
            )
        )
        h = 0
        while h < len(lines) and h < 15 and _is_header_line(lines[h]) and lines[h].style is None:
            h += 1
        lay.header = lines[:h]
        after_header = h
    else:
        lay.type_line = lines[t]
        lay.header = [ln for ln in lines[:t]]
        after_header = t + 1
    body = _body_start(lines, after_header)
    # Title: lines after the type name until the preamble or the first part.
    i = after_header
    if t is not None:
        while i < body and len(lay.title) < 6:
            line = lines[i]
            if line.block.zone != "body" and line.block.zone != "header":
                break
            if lay.title and (_PREAMBLE_START.match(line.text) or len(line.text) > 250):
                break
            if (
                not lay.title
                and _PREAMBLE_START.match(line.text)
                and line.text.rstrip().endswith((";", ":", "."))
                and len(line.text) > 160
            ):
                break
            if lay.title and lay.title[-1].text.rstrip().endswith((".", ";", ":")):
                break
            lay.title.append(line)
            i += 1
    # A document without numbered parts (a decision's articles) still ends with its closing and signature.
    closing, tail = _tail_start(lines, body if body < len(lines) else i)
    end = min(body, closing)
    lay.preamble = [ln for ln in lines[i:end] if ln.block.zone == "body"]
    # Header-zone lines that a reader put after the title (docx tables read late) stay in the header.
    lay.header += [ln for ln in lines[i:end] if ln.block.zone == "header"]
    lay.closing = lines[closing:tail]
    lay.tail = lines[tail:] + [ln for ln in lines[body:closing] if ln.block.zone in ("signature", "recipients")]
    if not lay.tail:
        covering = _covering_signature(lay.preamble)
        lay.preamble = [ln for ln in lay.preamble if ln not in covering]
        lay.tail = covering
    attached = _attachment_start(lines, after_header, tail)
    if attached is not None:
        lay.own_tail = _own_tail(lines, after_header, attached)
    body_lines = [ln for ln in lines[body:closing] if ln.block.zone not in ("signature", "recipients", "header")]
    lay.sections = build_tree(body_lines, file, lay.warnings)
    return lay


def _attachment_start(lines: list[Line], begin: int, end: int) -> int | None:
    """Where a second document starts inside this one: a new Quốc hiệu (or a 'DỰ THẢO' mark) followed within
    a few lines by a document type name, before the final Nơi nhận/signature."""
    marks = lexicon.key_list("header", "marks")
    for i in range(begin, end):
        key = match_key(lines[i].text)
        if not (
            match_key(lexicon.national_text("quoc_hieu")) in key or (key in marks and is_upper_text(lines[i].text))
        ):
            continue
        ahead = lines[i + 1 : min(end, i + 8)]
        if find_type_line(ahead, limit=len(ahead)) is not None:
            return i
    return None


def _own_tail(lines: list[Line], begin: int, attached: int) -> list[Line]:
    """The lines of the last signature block before an attached document, from its Nơi nhận when that is
    close above the authority line; empty when there is none."""
    for i in range(attached - 1, begin, -1):
        text = lines[i].text.strip()
        if lexicon.authority_line().match(text) and is_upper_text(text):
            start = i
            for j in range(i - 1, max(begin, i - 12), -1):
                if TAIL_START.match(lines[j].text):
                    start = j
                    break
            return lines[start:attached]
    return []


# --- the section tree -----------------------------------------------------------------------------------------


@dataclass
class _Open:
    section: Section
    rank: int
    style: str
    written: int | None
    seen: dict = field(default_factory=dict)  # style -> list of written values among children
    count: dict = field(default_factory=dict)  # style -> ordinal counter among children


def build_tree(lines: list[Line], file: str | None, warnings: list[ExtractionWarning]) -> list[Section]:
    root = _Open(
        section=Section(id="", style="root", title="", level=0, source=Source()), rank=-1, style="root", written=None
    )
    stack = [root]
    for line in lines:
        style = line.style
        if style in (None, "bullet"):
            para = Paragraph(
                text=line.rest if style == "bullet" else line.text,
                marker=line.number if style == "bullet" else None,
                source=source_for(line, file, start=line.end - len(line.rest))
                if style == "bullet"
                else source_for(line, file),
            )
            stack[-1].section.paragraphs.append(para)
            continue
        number = line.number or ""
        orphan = False
        if style == "multi_decimal":
            style, number = _attach_multi_decimal(line, stack, file, warnings)
            orphan = style == "decimal"
        rank = _rank(style, number)
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        parent.count[style] = parent.count.get(style, 0) + 1
        ordinal = parent.count[style]
        written = _written_value(style, number)
        if not orphan:  # an orphan is warned about once, as an orphan
            _check_sequence(parent, style, written, line, file, warnings)
        elif written is not None:
            parent.seen.setdefault(style, []).append(written)
        label = _ordinal_label(style, ordinal)
        sec_id = label if parent is root else f"{parent.section.id}.{label}"
        kind = (
            parent.section.kind
            if parent is not root and parent.section.kind != SectionKind.other
            else _section_kind(line.rest)
        )
        sec = Section(
            id=sec_id,
            number=line.number,
            style=style,
            title=line.rest,
            level=len(stack),
            kind=kind,
            source=source_for(line, file),
        )
        parent.section.children.append(sec)
        stack.append(_Open(section=sec, rank=rank, style=style, written=written))
    if root.section.paragraphs:
        # Text before the first numbered part belongs to no section: keep it as an untitled one.
        intro = Section(
            id="0",
            style="none",
            title="",
            level=1,
            kind=SectionKind.other,
            paragraphs=root.section.paragraphs,
            source=root.section.paragraphs[0].source,
        )
        return [intro, *root.section.children]
    return root.section.children


def _attach_multi_decimal(
    line: Line, stack: list[_Open], file: str | None, warnings: list[ExtractionWarning]
) -> tuple[str, str]:
    """A '2.1.' belongs under the open '2.'; when no such parent is open, treat it as a '2.' and warn."""
    parts = line.number.strip(" .)").split(".")
    prefix = parts[:-1]
    for open_ in reversed(stack[1:]):
        if open_.style not in ("decimal", "multi_decimal"):
            break
        written_path = open_.section.number.strip(" .)").split(".") if open_.section.number else []
        if written_path == prefix:
            return "multi_decimal", line.number
    warnings.append(
        ExtractionWarning(
            code="orphan_subsection",
            message=(
                f"'{line.number}' has no parent '{'.'.join(prefix)}.' "
                "before it; placed as a numbered item of the enclosing part"
            ),
            source=source_for(line, file),
        )
    )
    return "decimal", line.number


def _check_sequence(
    parent: _Open, style: str, written: int | None, line: Line, file: str | None, warnings: list[ExtractionWarning]
) -> None:
    if written is None:
        return
    seen = parent.seen.setdefault(style, [])
    src = source_for(line, file)
    label = line.number
    if written in seen:
        warnings.append(
            ExtractionWarning(
                code="duplicate_number",
                message=f"number '{label}' is used twice at the same level; renumbered in the tree",
                source=src,
            )
        )
    elif seen and written > seen[-1] + 1:
        warnings.append(
            ExtractionWarning(
                code="skipped_number", message=f"'{label}' follows number {seen[-1]}: numbers skipped", source=src
            )
        )
    elif not seen and written > 1 and style != "multi_decimal":
        warnings.append(
            ExtractionWarning(code="skipped_number", message=f"'{label}' is the first item at its level", source=src)
        )
    elif not seen and written > 1 and style == "multi_decimal":
        warnings.append(
            ExtractionWarning(code="skipped_number", message=f"'{label}' has no earlier sibling (…1.)", source=src)
        )
    elif seen and written < seen[-1]:
        warnings.append(
            ExtractionWarning(code="out_of_order", message=f"'{label}' comes after number {seen[-1]}", source=src)
        )
    seen.append(written)
