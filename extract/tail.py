"""The end of a document: Nơi nhận (recipients, the 'Lưu:' line) and the signature block."""

from __future__ import annotations

import regex

from .model import Recipient, Signer
from .structure import Line, is_upper_text, source_for

_RECIPIENTS = regex.compile(r"^\s*Nơi nhận\s*:?\s*(?P<rest>.*)$", regex.I)
_AUTHORITY = regex.compile(r"^(?P<p>TM|KT|Q|TL|TUQ|T/M|K/T|T\.M|K\.T)\s*[./]?\s+(?P<rest>\S.*)$", regex.I)
_NOTE = regex.compile(r"\s*\((?P<note>[^()]{1,20})\)\s*$")
_ARCHIVE = regex.compile(r"^Lưu\s*:?", regex.I)
_SIGN_NOISE = regex.compile(r"^\(?\s*(đã ký|ký|ký tên|ký, đóng dấu|ký, ghi rõ họ tên|đã ký và đóng dấu)\b.*\)?$", regex.I)
_PREFIX_CANON = {"T/M": "TM.", "K/T": "KT.", "T.M": "TM.", "K.T": "KT."}


def parse_tail(lines: list[Line], file: str | None) -> tuple[list[Recipient], Signer]:
    recipients: list[Recipient] = []
    signer = Signer()
    seen_recipients = False
    zoned = any(ln.block.zone in ("signature", "recipients") for ln in lines)
    for line in lines:
        text = line.text.strip()
        if zoned and line.block.zone not in ("signature", "recipients"):
            continue  # the reader found the signature table; other blocks here are appendices
        m = _RECIPIENTS.match(text)
        if m:
            seen_recipients = True
            if m.group("rest").strip():
                _add_recipient(recipients, m.group("rest"), line, file)
            continue
        # Nơi nhận and the signature sit side by side, so their lines interleave in reading order:
        # each line is classified on its own.
        if line.block.zone == "recipients" or (seen_recipients and (line.style == "bullet" or _ARCHIVE.match(text))):
            if text.endswith(":") and line.style != "bullet":
                continue  # "Gửi bản điện tử:" and similar sub-headings
            _add_recipient(recipients, line.rest if line.style == "bullet" else text, line, file)
            continue
        if text.endswith(":") and not is_upper_text(text):
            continue
        _add_signature_line(signer, text, line, file)
    return recipients, signer


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


def _add_signature_line(signer: Signer, text: str, line: Line, file: str | None) -> None:
    if not text or _SIGN_NOISE.match(text):
        return
    if signer.source is None:
        signer.source = source_for(line, file)
    else:
        signer.source = signer.source.model_copy(update={"end": line.end})
    m = _AUTHORITY.match(text)
    if m and is_upper_text(m.group("rest")):
        prefix = m.group("p").upper()
        prefix = _PREFIX_CANON.get(prefix, prefix + ".")
        signer.lines.append(text)
        signer.authority = prefix
        if prefix == "TM.":
            signer.on_behalf = m.group("rest").strip()
        return
    if is_upper_text(text) and len(text) < 80:
        if signer.name is None:
            signer.lines.append(text)
            signer.title = text
        return
    words = text.split()
    if 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        signer.name = text
