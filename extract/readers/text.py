"""Plain text and markdown reader: decoding, markdown noise, markdown tables, one block per line."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import regex

from ..blocks import Block, Document, ReadError
from ..normalize import LINE_BREAK_CHARS, clean_text, strip_markdown

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_RULE = regex.compile(r"\s*-{3,}\s*|\s*<br\s*/?>\s*", regex.I)
_COLUMN_GAP = re.compile(r"(?<=\S) {6,}(?=\S)")
_VIET = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.I)


REPAIRED_UTF8 = "utf-8 (invalid bytes replaced)"
_BINARY_BYTES = [bytes([c]) for c in [*range(0x00, 0x09), *range(0x0E, 0x20)] if c != 0x1B]


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern) or CP1258; refuse binary with a reason."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    sample = data[:4096]
    if sample.count(0) > len(sample) // 4:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            raise ReadError(path, "binary file, not a text document") from None
    if b"\x00" in sample and sum(map(sample.count, _BINARY_BYTES)) > len(sample) // 50:
        # Binary data is full of control bytes; a stray NUL from a converter in real text does not make it binary.
        raise ReadError(path, "binary file, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # minus the replacement characters written as such
    good = sum(1 for ch in utf8 if ord(ch) > 0x7F) - utf8.count("\ufffd")
    if good >= 4 * bad:
        return utf8, REPAIRED_UTF8  # a few damaged bytes: a legacy text has next to no valid UTF-8 sequence
    legacy = _legacy_cp1258(data)
    if legacy is not None:
        return legacy, "cp1258"
    if bad <= max(3, len(data) // 1000):
        return utf8, REPAIRED_UTF8  # unaccented text with a stray byte: no evidence of any other encoding
    raise ReadError(path, "not UTF-8, UTF-16 or Windows-1258 text (unknown encoding or binary data)")


def _legacy_cp1258(data: bytes) -> str | None:
    """The text as Windows-1258 when the bytes read as Vietnamese there: letters, no stray controls, and
    several Vietnamese letters (one accented byte alone is no evidence)."""
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    head = text[:20000]
    letters = sum(ch.isalpha() for ch in head)
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f" for ch in head)
    if controls > 10 or letters < len(head) * 0.3 or len(_VIET.findall(head, overlapped=False)) < 5:
        return None
    return text


def damaged_lines(text: str, limit: int = 5) -> list[int]:
    """Line numbers (1-based) of the first `limit` lines holding a replacement character."""
    out: list[int] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if "\ufffd" in line:
            out.append(lineno)
            if len(out) == limit:
                break
    return out


_LABEL_START = re.compile(r"^\s*(?:[IVXL]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•])\s")


def _wraps(prev: str, raw: str) -> bool:
    """A margin line continues the previous paragraph when that one did not end a sentence."""
    return (
        not prev.rstrip().endswith((".", ";", ":", "!", "?")) and not _LABEL_START.match(raw) and len(raw.strip()) > 0
    )


def _columns(line: str) -> list[str]:
    """Cut a layout line at its wide gaps; a bare 'Số:' keeps the number written after its blank."""
    parts = _COLUMN_GAP.split(line)
    out: list[str] = []
    for part in parts:
        if out and regex.fullmatch(r"Số\s*:", out[-1].strip()) and regex.match(r"[/\d]", part):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _table_cells(line: str) -> list[str] | None:
    s = line.strip()
    if len(s) > 2 and s.startswith("|") and s.endswith("|"):
        return [c.strip() for c in s[1:-1].split("|")]
    return None


def read(path: Path) -> Document:
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    doc = Document(
        path=str(path),
        format=path.suffix.lower().lstrip(".") or "txt",
        blocks=blocks_from_text(text),
        meta={"encoding": encoding},
    )
    if encoding == "cp1258":
        doc.warnings.append(("encoding", "text was decoded as Windows-1258 (CP1258)", None))
    elif encoding == REPAIRED_UTF8:
        lines = damaged_lines(text)
        where = ", ".join(map(str, lines)) + (" …" if len(lines) == 5 else "")
        doc.warnings.append(
            ("encoding", f"bytes that are not valid UTF-8 were replaced by U+FFFD (line {where})", None)
        )
    return doc


_OTHER_BREAKS = re.compile("[" + LINE_BREAK_CHARS + "]")


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Lines with their editor line numbers. A vertical tab, form feed or Unicode line separator breaks the line
    too (Word's manual break in a text export), but keeps the number an editor shows."""
    out: list[tuple[int, str]] = []
    for lineno, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if _OTHER_BREAKS.search(line):
            parts = _OTHER_BREAKS.split(line)
            # pdftotext opens each page with a form feed: a break before nothing adds no line.
            out.extend((lineno, part) for i, part in enumerate(parts) if part or i == len(parts) - 1)
        else:
            out.append((lineno, line))
    return out


def blocks_from_text(text: str) -> list[Block]:
    """Blocks of decoded text: one per line, column or table cell, with markdown hints and line numbers."""
    blocks: list[Block] = []
    table_no = 0
    row = 0
    in_table = False
    numbered = _numbered_lines(text)
    raw_lines = [raw for _, raw in numbered]
    # Layout text (a PDF or Word dump): paragraphs start indented and wrapped lines start at the margin.
    nonblank = [ln for ln in raw_lines if ln.strip()]
    layout = len(nonblank) > 10 and sum(ln.startswith(("  ", "\t")) for ln in nonblank) > 0.3 * len(nonblank)
    prev_indented = False
    for lineno, raw in numbered:
        if (
            layout
            and raw.strip()
            and not raw[:1].isspace()
            and prev_indented
            and blocks
            and _wraps(blocks[-1].text, raw)
        ):
            blocks[-1].text = f"{blocks[-1].text} {clean_text(raw.strip())}"
            continue
        if raw.strip():
            prev_indented = raw[:1].isspace()
        # A line with wide gaps is cut into columns before clean_text folds the gaps; others are cleaned once.
        gaps = "  " in raw.strip() or "\t" in raw
        line_text = raw.replace("\t", "    ") if gaps else clean_text(raw)
        if _TABLE_RULE.match(line_text):
            continue
        cells = _table_cells(line_text)
        if cells is not None:
            if not in_table:
                table_no += 1
                row = 0
                in_table = True
            row += 1
            for col, cell in enumerate(cells, start=1):
                # Scraped header tables put rules ("-------") and several lines in one cell.
                for part in _CELL_RULE.split(cell):
                    part, hints = strip_markdown(clean_text(part) if gaps else part)
                    if part:
                        blocks.append(Block(text=part, line=lineno, table=f"t{table_no}:r{row}:c{col}", **hints))
            continue
        in_table = False
        for part in _columns(line_text.strip()) if gaps else [line_text]:
            line, hints = strip_markdown(clean_text(part) if gaps else part)
            if line:
                blocks.append(Block(text=line, line=lineno, **hints))
    for i, block in enumerate(blocks, start=1):
        block.paragraph = i
    return blocks
