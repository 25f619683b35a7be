"""Text typed into a signed PDF as annotations (the number and the day a signing tool fills in) joins the header
lines at its position; annotations outside the header band stay out."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_CORPUS

from extract.readers.pdf import read_pdf


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def _text(x: float, y: float, s: str) -> bytes:
    return b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, y, s.encode("latin-1"))


def _write_pdf(path: Path, content: bytes, annots: list[tuple[str, tuple[float, float, float, float], str]]) -> Path:
    """A one-page A4 PDF whose content stream is `content`, with annotations (subtype, rect, typed text) whose
    appearance streams draw the text, as signing tools write them."""
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(content),
    ]
    annot_refs = []
    for subtype, rect, text in annots:
        w, h = rect[2] - rect[0], rect[3] - rect[1]
        ap = _stream(
            _text(2, 4, text),
            b"/Type /XObject /Subtype /Form /BBox [0 0 %.1f %.1f] /Resources << /Font << /F1 3 0 R >> >>" % (w, h),
        )
        objs.append(ap)
        ap_ref = len(objs)
        extra = b"/FT /Tx /T (f%d) /V (%s)" % (ap_ref, text.encode()) if subtype == "Widget" else b""
        objs.append(
            b"<< /Type /Annot /Subtype /%s /Rect [%.1f %.1f %.1f %.1f] /F 4 /Contents (%s) "
            b"/AP << /N %d 0 R >> %s >>" % (subtype.encode(), *rect, text.encode(), ap_ref, extra)
        )
        annot_refs.append(len(objs))
    refs = b" ".join(b"%d 0 R" % r for r in annot_refs)
    objs.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> /Annots [%s] >>" % refs
    )
    objs[1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % len(objs)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


_CONTENT = (
    _text(80, 790, "UY BAN NHAN DAN")
    + _text(80, 760, "So:")
    + _text(160, 760, "/KH-UBND")
    + _text(330, 760, "Ha Noi, ngay")
    + _text(430, 760, "thang 3 nam 2025")
    + _text(80, 700, "KE HOACH")
    + _text(80, 300, "Noi dung ke hoach.")
)


def _lines(doc) -> list[str]:
    return [b.text for b in doc.blocks]


@pytest.mark.parametrize("subtype", ["Widget", "FreeText", "Stamp"])
def test_header_annotation_text_joins_its_line(tmp_path, subtype):
    pdf = _write_pdf(
        tmp_path / "signed.pdf",
        _CONTENT,
        [
            (subtype, (105, 755, 155, 775), "417"),
            (subtype, (405, 755, 428, 775), "08"),
        ],
    )
    text = "\n".join(_lines(read_pdf(pdf)))
    assert "So: 417 /KH-UBND" in text
    assert "ngay 08 thang 3 nam 2025" in text


def test_annotation_outside_header_band_is_left_out(tmp_path):
    pdf = _write_pdf(tmp_path / "noted.pdf", _CONTENT, [("FreeText", (300, 290, 400, 310), "ghi chu 77")])
    text = "\n".join(_lines(read_pdf(pdf)))
    assert "77" not in text
    assert "Noi dung ke hoach." in text


def test_hidden_annotation_is_left_out(tmp_path):
    pdf = _write_pdf(tmp_path / "hidden.pdf", _CONTENT, [("FreeText", (105, 755, 155, 775), "417")])
    data = pdf.read_bytes().replace(b"/F 4 ", b"/F 2 ")  # flag 2: hidden
    pdf.write_bytes(data)
    assert "417" not in "\n".join(_lines(read_pdf(pdf)))


def test_signed_report_number_and_day_from_annotations():
    """A real signed report whose number and day the signing tool typed as form fields."""
    files = sorted(SHARED_CORPUS.glob("026_*.pdf")) if SHARED_CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    from extract.pipeline import extract_file

    h = extract_file(files[0]).header
    assert h.number == "329"
    assert str(h.date) == "2025-12-19"


def test_signing_stamp_outside_the_page_is_left_out(tmp_path):
    """A signing tool's stamp parked above the page box is not document text."""
    pdf = _write_pdf(tmp_path / "stamped.pdf", _CONTENT, [("Widget", (300, 850, 590, 900), "Ky boi: 55")])
    text = "\n".join(_lines(read_pdf(pdf)))
    assert "55" not in text
    assert "UY BAN NHAN DAN" in text
