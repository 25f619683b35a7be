"""Headers read back from real PDF text, as an archive holds them.

The real documents of ../shared/corpus are printed to PDF by LibreOffice (the real PDFs with a text layer are
taken as they are) and read back with poppler's `pdftotext` twice: without `-layout` (each cell of the header
table on lines of its own, a draft's blank number and day breaking "Số:" from "/KH-UBND" and "Lâm Đồng, ngày" from
"tháng 3 năm 2026", the other column's lines between them) and with `-raw` (the order of the content stream,
which is what a copy from a PDF viewer gives: both columns of a row on one line). Each text must give the header
the original document gives, every field with a span over its words. Skipped cleanly without ../shared,
LibreOffice or poppler-utils.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import regex
from conftest import SHARED_CORPUS

from extract import extract_file
from extract.normalize import match_key
from extract.pipeline import extract_text

FIELDS = ("governing_body", "issuing_body", "level", "number", "symbol", "place", "date", "title", "doc_type")
MODES = {"pdftotext": [], "pdftotext-raw": ["-raw"]}
_PRINTED = (".docx", ".doc")


def _documents() -> list[Path]:
    if not SHARED_CORPUS.is_dir():
        return []
    return sorted(p for p in SHARED_CORPUS.iterdir() if p.suffix in (*_PRINTED, ".pdf"))


DOCS = _documents()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[Path, Path]:
    """Each document as a PDF: the Word files printed by LibreOffice in one run, the PDFs as they are."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    out = tmp_path_factory.mktemp("printed")
    words = [p for p in DOCS if p.suffix in _PRINTED]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if words and soffice:
        profile = tmp_path_factory.mktemp("lo-profile")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
            + ["--outdir", str(out), *map(str, words)],
            capture_output=True,
            timeout=600,
            check=False,
        )
    found = {p: out / f"{p.stem}.pdf" for p in words}
    found.update({p: p for p in DOCS if p.suffix == ".pdf"})
    return {p: pdf for p, pdf in found.items() if pdf.is_file()}


@cache
def _original(path: Path):
    """The header the document itself gives (read once for both modes)."""
    return extract_file(path).header


def _key(value) -> str | None:
    return None if value is None else match_key(str(value))


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES, ids=list(MODES))
@pytest.mark.parametrize("path", DOCS, ids=[p.name[:32] for p in DOCS])
def test_header_from_pdf_text_is_the_original(pdfs, path: Path, mode: str) -> None:
    pdf = pdfs.get(path)
    if pdf is None:
        pytest.skip(f"{path.name} could not be printed to PDF (LibreOffice missing)")
    text = subprocess.run(
        ["pdftotext", *MODES[mode], "-l", "2", str(pdf), "-"], capture_output=True, text=True, timeout=120
    ).stdout
    if not any(k in match_key(text) for k in ("cộng hòa xã hội chủ nghĩa", "đảng cộng sản")):
        pytest.skip(f"{path.name}: no header in its text (a scan, glyphs without a Unicode map, an appendix)")
    original = _original(path)
    head = text[: text.find(original.doc_type.upper())] if original.doc_type else text
    if original.number and not regex.search(rf"(?<!\d){original.number}(?!\d)", head):
        # A number typed into the signed PDF may stand anywhere in its content stream: that text has no number.
        pytest.skip(f"{mode} of {path.name}: the number stands outside the header in this reading order")
    plan = extract_text(text, file=f"{path.stem}.txt")
    got = plan.header
    wrong = [
        (f, getattr(original, f), getattr(got, f))
        for f in FIELDS
        if _key(getattr(original, f)) != _key(getattr(got, f))
    ]
    assert not wrong, f"{mode} of {path.name}: (field, original, from the text) {wrong}"
    for field in ("governing_body", "issuing_body", "number", "place", "title"):
        value, src = getattr(got, field), got.sources.get(field)
        if value is not None and field != "number":
            assert src is not None and match_key(str(value).split()[0]) in match_key(plan.text[src.start : src.end])
    if got.symbol is not None:
        src = got.sources["number"]
        assert match_key(got.symbol) in match_key(plan.text[src.start : src.end])
