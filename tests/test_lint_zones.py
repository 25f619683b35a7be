"""The linter's zoning (extraction's zoning mapped onto the OOXML paragraphs) on layouts real offices use:
'Nơi nhận:' and its list in separate table rows, a blank line or a wrapped item inside the list, tracked changes,
centred notes between parts, and the enacting 'Căn cứ chức năng, nhiệm vụ …' sentence."""

from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from docgen.lint import lint_docx
from docgen.lint.zones import Zone
from docgen.render import docx_bytes, plan_spec
from docgen.render.samples import sample_plan

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ITEMS = ["- Bộ Nội vụ", "- TT Tỉnh ủy", "- Chủ tịch, các PCT", "- Các sở, ban, ngành", "- UBND các xã", "- Lưu: VT"]


@pytest.fixture(scope="module")
def clean() -> bytes:
    return docx_bytes(plan_spec(sample_plan("tinh")))


def _mutate(clean: bytes, fn) -> bytes:
    doc = Document(io.BytesIO(clean))
    fn(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zones(report, prefix: str) -> set[tuple[Zone, str | None]]:
    return {(zp.zone, zp.role) for zp in report.zoning.paragraphs if zp.para.text.strip().startswith(prefix)}


def _recipients_read(report) -> None:
    for item in ITEMS:
        assert _zones(report, item) == {(Zone.RECIPIENTS, "recipients")}, (item, _zones(report, item))
    assert "recipients.archive" not in report.rules()
    assert _zones(report, "PHÓ CHỦ TỊCH") == {(Zone.SIGNATURE, "signature_authority")}


def test_clean_signature_table(clean):
    report = lint_docx(clean)
    _recipients_read(report)
    assert _zones(report, "Nơi nhận") == {(Zone.RECIPIENTS, "recipients_heading")}
    assert _zones(report, "Nguyễn Văn Hoàng") == {(Zone.SIGNATURE, "signer_name")}


def test_heading_and_list_in_separate_rows(clean):
    def split_rows(doc):
        table = doc.tables[1]
        row = copy.deepcopy(table.rows[0]._tr)
        table._tbl.append(row)
        top, bottom = table.rows[0].cells, table.rows[1].cells
        for p in top[0].paragraphs[1:]:
            p._p.getparent().remove(p._p)
        for p in bottom[0].paragraphs[:1]:
            p._p.getparent().remove(p._p)
        for p in bottom[1].paragraphs:
            p._p.getparent().remove(p._p)
        bottom[1].add_paragraph("")

    report = lint_docx(_mutate(clean, split_rows))
    _recipients_read(report)


def test_blank_line_and_wrapped_item_inside_the_list(clean):
    def gaps(doc):
        cell = doc.tables[1].cell(0, 0)
        items = cell.paragraphs
        items[2]._p.addprevious(copy.deepcopy(items[0]._p))  # then emptied: a blank line in the list
        blank = cell.paragraphs[2]
        for r in blank.runs:
            r.text = ""
        wrapped = cell.paragraphs[-2]  # "- UBND các xã, phường, đặc khu;" wrapped after "phường,"
        for r in wrapped.runs:
            r.text = r.text.replace(" đặc khu;", "")
        tail = copy.deepcopy(wrapped._p)
        wrapped._p.addnext(tail)
        for t in tail.iter(qn("w:t")):
            t.text = ""
        next(tail.iter(qn("w:t"))).text = "đặc khu;"

    report = lint_docx(_mutate(clean, gaps))
    _recipients_read(report)
    assert _zones(report, "đặc khu") == {(Zone.RECIPIENTS, "recipients")}
    assert "recipients.punctuation" not in report.rules()


def test_tracked_changes_in_the_list(clean):
    def tracked(doc):
        cell = doc.tables[1].cell(0, 0)
        item = cell.paragraphs[3]
        runs = item._p.findall(qn("w:r"))
        ins = parse_xml(f'<w:ins xmlns:w="{W_NS}" w:id="91" w:author="VT" w:date="2026-01-05T00:00:00Z"/>')
        runs[0].addprevious(ins)
        for r in runs:
            ins.append(r)
        gone = copy.deepcopy(cell.paragraphs[1]._p)
        for r in gone.findall(qn("w:r")):
            d = parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="92" w:author="VT" w:date="2026-01-05T00:00:00Z"/>')
            r.addprevious(d)
            d.append(r)
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
        cell.paragraphs[1]._p.addnext(gone)

    report = lint_docx(_mutate(clean, tracked))
    _recipients_read(report)


def _insert_after(doc, prefix: str, text: str, *, centre: bool, italic: bool = False):
    anchor = next(p for p in doc.paragraphs if p.text.startswith(prefix))
    new = copy.deepcopy(anchor._p)
    anchor._p.addnext(new)
    p = next(q for q in doc.paragraphs if q._p is new)
    for r in p.runs[1:]:
        r._r.getparent().remove(r._r)
    p.runs[0].text = text
    p.runs[0].italic = italic
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = None if centre else p.paragraph_format.first_line_indent
    return p


def test_centred_notes_are_not_body_text(clean):
    def notes(doc):
        _insert_after(doc, "I. MỤC ĐÍCH", "(Phân công nhiệm vụ theo Phụ lục 1 kèm theo)", centre=True, italic=True)
        _insert_after(doc, "2. Yêu cầu", "Phụ lục 1", centre=True)

    report = lint_docx(_mutate(clean, notes))
    for prefix in ("(Phân công nhiệm vụ", "Phụ lục 1"):
        assert _zones(report, prefix) == {(Zone.NOTE, None)}, _zones(report, prefix)
    assert not any(v.rule.startswith("body.") for v in report.violations), report.rules()


def test_enacting_sentence_is_not_a_legal_basis(clean):
    def enacting(doc):
        _insert_after(
            doc,
            "Căn cứ Quyết định số 1122",
            "Căn cứ chức năng, nhiệm vụ được giao, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:",
            centre=False,
        )

    report = lint_docx(_mutate(clean, enacting))
    assert _zones(report, "Căn cứ chức năng") == {(Zone.PREAMBLE, "body")}
    assert "legal_basis.italic" not in report.rules()
    assert {zp.role for zp in report.zoning.paragraphs if zp.para.text.startswith("Căn cứ Luật")} == {"legal_basis"}
