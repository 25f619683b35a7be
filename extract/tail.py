"""The end of a document: Nơi nhận (recipients, the 'Lưu:' line) and the signature block."""

from __future__ import annotations

from functools import cache

import regex

from . import lexicon
from .model import Recipient, Signer
from .normalize import match_key, strip_accents
from .structure import Line, is_upper_text, source_for

_RECIPIENTS = regex.compile(rf"^\s*(?:{lexicon.tail_alternation('recipients')})\s*:?\s*(?P<rest>.*)$", regex.I)
_AUTHORITY = lexicon.authority_line()
_NOTE = regex.compile(r"\s*\((?P<note>[^()]{1,20})\)\s*$")
_ARCHIVE = regex.compile(rf"^(?:{lexicon.tail_alternation('archive')})\s*:?", regex.I)
_ARCHIVE_END = regex.compile(rf"(?:{lexicon.tail_alternation('archive')})\s*:?\s*$", regex.I)
_SIGN_NOISE = regex.compile(rf"^\(?\s*(?:{lexicon.tail_alternation('signature_notes')})\b.*\)?$", regex.I)
_MD_MARKS = regex.compile(r"\*{1,3}|_{2,3}")
# A signature written on one line (a table cell of a scraped page): "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A".
_TRAILING_NAME = regex.compile(r"(?<=\S)\s+(?P<name>(?:\p{Lu}\p{Ll}*\s+){1,5}\p{Lu}\p{Ll}*)\s*$")
_AUTHORITY_INSIDE = regex.compile(rf"(?<=\S)\s+(?=(?:{lexicon.signature_prefix_alternation(inline=True)})\s*[./]\s)")
_GLUED_SIGNATURE = regex.compile(r"[;:]\s+(?P<sig>[^;:]{4,79})$")
_LIST_ITEM = regex.compile(r"(?:^|[;.]\s*)-\s+")


def parse_tail(lines: list[Line], file: str | None) -> tuple[list[Recipient], Signer]:
    recipients: list[Recipient] = []
    signer = Signer()
    seen_recipients = False
    zoned = any(ln.block.zone in ("signature", "recipients") for ln in lines)
    previous_zone = None
    for line in lines:
        text = line.text.strip()
        if zoned and line.block.zone not in ("signature", "recipients"):
            # The reader found the signature table; other blocks here are appendices, except a name printed
            # under the table, right after it.
            if previous_zone == "signature" and signer.title and signer.name is None and _is_name(_without_rank(text)):
                signer.name = _without_rank(text)
                if signer.source is not None:
                    signer.source = signer.source.model_copy(update={"end": line.end})
            previous_zone = line.block.zone if text else previous_zone
            continue
        previous_zone = line.block.zone
        m = _RECIPIENTS.match(text)
        if m:
            seen_recipients = True
            rest, beside = _side_by_side(m.group("rest"), whole=True)
            for item in _LIST_ITEM.split(rest):  # "Nơi nhận: - A; - B; - Lưu: VT." on one line
                if item.strip():
                    _add_recipient(recipients, item, line, file)
            if beside:
                _add_signature_line(signer, beside, line, file)
            continue
        # Nơi nhận and the signature sit side by side, so their lines interleave in reading order:
        # each line is classified on its own.
        if line.block.zone == "recipients" or (seen_recipients and (line.style == "bullet" or _ARCHIVE.match(text))):
            if text.endswith(":") and line.style != "bullet":
                continue  # "Gửi bản điện tử:" and similar sub-headings
            item, beside = (
                (text, None)
                if _ARCHIVE.match(line.rest if line.style == "bullet" else text)
                else _side_by_side(line.rest if line.style == "bullet" else text)
            )
            _add_recipient(recipients, item, line, file)
            if beside:
                _add_signature_line(signer, beside, line, file)
            continue
        if text.endswith(":") and not is_upper_text(text):
            continue
        _add_signature_line(signer, text, line, file)
    return recipients, signer


def _side_by_side(text: str, whole: bool = False) -> tuple[str, str | None]:
    """A recipients line with the signature column's line glued on ('- Văn phòng Bộ Công an; PHÓ CHỦ TỊCH';
    'Nơi nhận: KT. CHỦ TỊCH'): (the recipient part, the signature part or None)."""
    stripped = text.strip()
    if whole and stripped and is_upper_text(stripped) and len(stripped.split()) >= 2 and len(stripped) < 80:
        return "", stripped
    m = _GLUED_SIGNATURE.search(text)
    if (
        m
        and is_upper_text(m.group("sig"))
        and len(m.group("sig").split()) >= 2
        and not m.group("sig").rstrip().endswith((".", ","))
        and not _ARCHIVE_END.search(text[: m.start("sig")])
    ):  # "Lưu: VT, NC." is the archive line
        return text[: m.start("sig")].rstrip(), m.group("sig").strip()
    return text, None


def _add_recipient(out: list[Recipient], text: str, line: Line, file: str | None) -> None:
    text = text.strip().rstrip(";,.").strip()
    if line.style == "bullet" and text.startswith(("-", "+")):
        text = text[1:].strip()
    if not text:
        return
    note = None
    is_archive = bool(_ARCHIVE.match(text))
    nm = _NOTE.search(text)
    if nm and not is_archive:
        note = nm.group("note").strip()
        text = text[: nm.start()].strip()
    out.append(Recipient(text=text, note=note, is_archive=is_archive, source=source_for(line, file)))


@cache
def _ranks() -> tuple[str, ...]:
    """Officer ranks as accent-free match keys, longest first."""
    return tuple(sorted({strip_accents(k) for k in lexicon.key_list("vocab", "signer_ranks")}, key=len, reverse=True))


def _without_rank(text: str) -> str:
    """'Đại tá Bùi Duy Hưng' → 'Bùi Duy Hưng': the rank of an officer is not part of the name."""
    folded = strip_accents(match_key(text))
    for rank in _ranks():
        if folded.startswith(rank + " "):
            return " ".join(text.split()[len(rank.split()) :])
    return text


def _is_name(text: str) -> bool:
    """'Nguyễn Văn A': two to six capitalised words, none of them written all in capitals."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        w[:1].isupper() and not (len(w) > 1 and w.isupper()) for w in words if w[:1].isalpha()
    )


def _one_line_signature(text: str) -> list[str] | None:
    """'KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A' → ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn A']; None when
    the text is not a block of upper-case title lines followed by a name."""
    m = _TRAILING_NAME.search(text)
    titles = text[: m.start()].strip() if m else text
    if not titles or not is_upper_text(titles) or (m is None and len(titles) < 80):
        return None
    out: list[str] = []
    splits = lexicon.load("vocab")["signature_title_splits"]
    second = regex.compile(rf"(?<=\S)\s+(?=(?:{'|'.join(regex.escape(str(w).upper()) for w in splits)})\s)")
    for part in _AUTHORITY_INSIDE.split(titles):
        out += [p.strip() for p in second.split(part) if p.strip()]
    return out + ([m.group("name")] if m else [])


def _add_signature_line(signer: Signer, text: str, line: Line, file: str | None) -> None:
    text = _MD_MARKS.sub("", text).strip()  # "**KT. CHỦ TỊCH**" from a scraped page
    if not text or _SIGN_NOISE.match(text):
        return
    if len(text) < 200 and not is_upper_text(text) and not _is_name(text):
        parts = _one_line_signature(text)
        if parts and len(parts) > 1:
            for part in parts:
                _add_signature_line(signer, part, line, file)
            return
    if signer.source is None:
        signer.source = source_for(line, file)
    else:
        signer.source = signer.source.model_copy(update={"end": line.end})
    m = _AUTHORITY.match(text)
    if m and is_upper_text(m.group("rest")):
        prefix = lexicon.canonical_signature_prefix(m.group("p"))
        signer.lines.append(text)
        signer.authority = prefix
        if prefix == lexicon.signature_prefix("collective"):
            signer.on_behalf = m.group("rest").strip()
        return
    if is_upper_text(text) and len(text) < 80:
        if signer.name is None:
            # The title is the line under the authority lines ("KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN"); a further line
            # names the signer's other office ("PHÓ CHỦ TỊCH UBND TỈNH") and is kept in `lines` only.
            after_authority = bool(signer.lines) and _AUTHORITY.match(signer.lines[-1]) is not None
            if signer.title is None or after_authority:
                signer.title = text
            signer.lines.append(text)
        return
    if signer.name is None and _is_name(_without_rank(text)):
        signer.name = _without_rank(text)  # the first name under the titles: later capitalised lines are appendices
