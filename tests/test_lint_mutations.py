"""Mutation suite: inject one ND30 violation at a time into a compliant rendered plan; the linter must find each.

Prints the detection rate and the false positives on clean files (run with -s to see it, or read the summary
line that is always shown)."""

from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.lint import fix_docx, lint_docx
from docgen.render import docx_bytes, plan_spec
from docgen.render.samples import NAMES, sample_plan

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def clean() -> bytes:
    return docx_bytes(plan_spec(sample_plan("tinh")))


# ---------------------------------------------------------------------------------------------- helpers


def para(doc, prefix):
    for p in doc.paragraphs:
        if p.text.startswith(prefix):
            return p
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith(prefix):
                        return p
    raise AssertionError(f"no paragraph starting with {prefix!r}")


def body_para(doc):
    return para(doc, "Đẩy mạnh cải cách hành chính")


def runs(p):
    return [r for r in p.runs if r.text.strip()]


def set_runs(p, **props):
    for r in runs(p):
        for k, v in props.items():
            if k == "size":
                r.font.size = Pt(v)
            else:
                setattr(r.font, k, v)


def replace_in(p, old, new):
    for r in p.runs:
        if old in r.text:
            r.text = r.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not in {p.text!r}")


def rfonts(rpr):
    el = rpr.find(qn("w:rFonts"))
    if el is None:
        el = parse_xml(f'<w:rFonts xmlns:w="{W_NS}"/>')
        rpr.insert(0, el)
    return el


def doc_defaults_rfonts(doc):
    return doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))


def header_page_para(doc):
    return doc.sections[0].header.paragraphs[0]


def page_field_xml(size_hp=28):
    rpr = f'<w:rPr><w:sz w:val="{size_hp}"/></w:rPr>'
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def sig_cell(doc, col):
    return doc.tables[1].cell(0, col)


# ---------------------------------------------------------------------------------------------- mutations
# (id, description, function(doc), rule ids any of which the linter must report)


def _margin(side, mm, section=0):
    def f(doc):
        setattr(doc.sections[section], f"{side}_margin", Mm(mm))

    return f


def _paper(w, h):
    def f(doc):
        doc.sections[0].page_width = Mm(w)
        doc.sections[0].page_height = Mm(h)

    return f


def m_defaults_eastasia_arial(doc):
    doc_defaults_rfonts(doc).set(qn("w:eastAsia"), "Arial")


def m_defaults_hansi_arial(doc):
    doc_defaults_rfonts(doc).set(qn("w:hAnsi"), "Arial")


def m_normal_hansi_arial(doc):
    rfonts(doc.styles["Normal"].element.get_or_add_rPr()).set(qn("w:hAnsi"), "Arial")


def m_defaults_theme(doc):
    rf = doc_defaults_rfonts(doc)
    rf.set(qn("w:asciiTheme"), "minorHAnsi")
    rf.set(qn("w:hAnsiTheme"), "minorHAnsi")


def m_normal_theme(doc):
    rfonts(doc.styles["Normal"].element.get_or_add_rPr()).set(qn("w:hAnsiTheme"), "minorHAnsi")


def m_run_theme(doc):
    r = runs(body_para(doc))[0]
    rfonts(r._r.get_or_add_rPr()).set(qn("w:asciiTheme"), "majorHAnsi")


def m_run_arial(doc):
    for r in runs(body_para(doc)):
        r.font.name = "Arial"


def m_run_hansi_tahoma(doc):
    r = runs(para(doc, "Tăng cường kỷ luật"))[0]
    rfonts(r._r.get_or_add_rPr()).set(qn("w:hAnsi"), "Tahoma")


def m_qh_not_bold(doc):
    set_runs(para(doc, "CỘNG HÒA XÃ HỘI"), bold=False)


def m_qh_size(pt):
    return lambda doc: set_runs(para(doc, "CỘNG HÒA XÃ HỘI"), size=pt)


def m_qh_lower(doc):
    p = para(doc, "CỘNG HÒA XÃ HỘI")
    p.runs[0].text = "Cộng hòa xã hội chủ nghĩa Việt Nam"


def m_tn_not_bold(doc):
    set_runs(para(doc, "Độc lập - Tự do"), bold=False)


def m_tn_size(doc):
    set_runs(para(doc, "Độc lập - Tự do"), size=12)


def m_tn_upper(doc):
    p = para(doc, "Độc lập - Tự do")
    p.runs[0].text = "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"


def m_issuing_not_bold(doc):
    for p in doc.tables[0].cell(0, 0).paragraphs:
        set_runs(p, bold=False)


def m_issuing_lower(doc):
    p = para(doc, "ỦY BAN NHÂN DÂN")
    p.runs[0].text = "Ủy ban nhân dân"


def m_issuing_size(doc):
    set_runs(para(doc, "TỈNH LÂM ĐỒNG"), size=14)


def m_number_text(old, new):
    return lambda doc: replace_in(para(doc, "Số:"), old, new)


def m_number_size(doc):
    set_runs(para(doc, "Số:"), size=14)


def m_number_bold(doc):
    set_runs(para(doc, "Số:"), bold=True)


def m_date_text(old, new):
    return lambda doc: replace_in(para(doc, "Lâm Đồng, ngày"), old, new)


def m_date_not_italic(doc):
    set_runs(para(doc, "Lâm Đồng, ngày"), italic=False)


def m_date_size(doc):
    set_runs(para(doc, "Lâm Đồng, ngày"), size=12)


def m_type_align(doc):
    para(doc, "KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.LEFT


def m_type_not_bold(doc):
    set_runs(para(doc, "KẾ HOẠCH"), bold=False)


def m_type_size(doc):
    set_runs(para(doc, "KẾ HOẠCH"), size=12)


def m_type_lower(doc):
    para(doc, "KẾ HOẠCH").runs[0].text = "Kế hoạch"


def m_summary_not_bold(doc):
    set_runs(para(doc, "Cải cách hành chính nhà nước tỉnh"), bold=False)


def m_summary_align(doc):
    para(doc, "Cải cách hành chính nhà nước tỉnh").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def m_summary_size(doc):
    set_runs(para(doc, "Cải cách hành chính nhà nước tỉnh"), size=16)


def m_legal_not_italic(doc):
    set_runs(para(doc, "Căn cứ Nghị quyết"), italic=False)


def m_body_align(doc):
    body_para(doc).alignment = WD_ALIGN_PARAGRAPH.LEFT


def m_body_center(doc):
    para(doc, "Trên đây là Kế hoạch").alignment = WD_ALIGN_PARAGRAPH.CENTER


def m_body_no_indent(doc):
    body_para(doc).paragraph_format.first_line_indent = 0


def m_body_hanging(doc):
    body_para(doc).paragraph_format.first_line_indent = Mm(-5)


def m_body_indent_big(doc):
    body_para(doc).paragraph_format.first_line_indent = Mm(25)


def m_body_spacing(doc):
    pf = body_para(doc).paragraph_format
    pf.space_before = Pt(2)
    pf.space_after = Pt(2)


def m_body_line_double(doc):
    body_para(doc).paragraph_format.line_spacing = 2.0


def m_body_line_exact(doc):
    body_para(doc).paragraph_format.line_spacing = Pt(40)


def m_body_size(pt):
    return lambda doc: set_runs(body_para(doc), size=pt)


def m_body_size_via_style(doc):
    """Size inherited: direct sizes removed from a paragraph's runs, the Normal style made 12 pt."""
    p = body_para(doc)
    for r in p.runs:
        rpr = r._r.rPr
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
    doc.styles["Normal"].font.size = Pt(12)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.find(qn("w:sz")).set(qn("w:val"), "24")


def m_bullet_align(doc):
    para(doc, "- Các nhiệm vụ phải cụ thể").alignment = WD_ALIGN_PARAGRAPH.RIGHT


def m_heading_size(doc):
    set_runs(para(doc, "II. MỤC TIÊU"), size=12)


def m_part_heading_not_bold(doc):
    set_runs(para(doc, "II. MỤC TIÊU"), bold=False)


def m_nn_not_bold_italic(doc):
    set_runs(para(doc, "Nơi nhận:"), bold=False, italic=False)


def m_nn_size(doc):
    set_runs(para(doc, "Nơi nhận:"), size=14)


def m_recipients_size(doc):
    for p in sig_cell(doc, 0).paragraphs[1:]:
        set_runs(p, size=13)


def m_recipient_bold(doc):
    set_runs(para(doc, "- Bộ Nội vụ"), bold=True)


def m_missing_luu(doc):
    p = para(doc, "- Lưu:")
    p._p.getparent().remove(p._p)


def m_titlepg_removed(doc):
    doc.sections[0].different_first_page_header_footer = False


def m_no_page_number(doc):
    hdr = doc.sections[0].header._element
    for p in list(hdr):
        hdr.remove(p)
    hdr.append(parse_xml(f'<w:p xmlns:w="{W_NS}"/>'))


def m_no_header_reference(doc):
    sect = doc.sections[0]._sectPr
    for ref in sect.findall(qn("w:headerReference")):
        if ref.get(qn("w:type")) == "default":
            sect.remove(ref)


def m_page_number_left(doc):
    header_page_para(doc).alignment = WD_ALIGN_PARAGRAPH.LEFT


def m_page_number_size(doc):
    for r in header_page_para(doc).runs:
        r.font.size = Pt(10)


def m_page_number_italic(doc):
    for r in header_page_para(doc).runs:
        r.font.italic = True


def m_page_number_footer(doc):
    m_no_page_number(doc)
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    ftr = footer._element
    for p in list(ftr):
        ftr.remove(p)
    ftr.append(parse_xml(page_field_xml()))


def m_first_header_numbered(doc):
    fh = doc.sections[0].first_page_header._element
    for p in list(fh):
        fh.remove(p)
    fh.append(parse_xml(page_field_xml()))


def m_signer_name_not_bold(doc):
    set_runs(para(doc, "Nguyễn Văn Hoàng"), bold=False)


def m_signer_name_size(doc):
    set_runs(para(doc, "Nguyễn Văn Hoàng"), size=12)


def m_signer_name_caps(doc):
    para(doc, "Nguyễn Văn Hoàng").runs[0].text = "NGUYỄN VĂN HOÀNG"


def m_authority_lower(doc):
    para(doc, "KT. CHỦ TỊCH").runs[0].text = "Kt. Chủ tịch"


def m_authority_not_bold(doc):
    set_runs(para(doc, "TM. ỦY BAN NHÂN DÂN"), bold=False)


def m_title_size(doc):
    set_runs(para(doc, "PHÓ CHỦ TỊCH"), size=12)


def m_appendix_label_not_bold(doc):
    set_runs(para(doc, "Phụ lục I"), bold=False)


def m_appendix_reference_not_italic(doc):
    set_runs(para(doc, "(Kèm theo"), italic=False)


def m_appendix_title_size(doc):
    set_runs(para(doc, "CÁC CHỈ TIÊU"), size=11)


MUTATIONS = [
    ("margin_top_small", "top margin 15 mm", _margin("top", 15), {"page.margin.top"}),
    ("margin_top_big", "top margin 30 mm", _margin("top", 30), {"page.margin.top"}),
    ("margin_bottom_small", "bottom margin 15 mm", _margin("bottom", 15), {"page.margin.bottom"}),
    ("margin_bottom_big", "bottom margin 28 mm", _margin("bottom", 28), {"page.margin.bottom"}),
    ("margin_left_small", "left margin 25 mm", _margin("left", 25), {"page.margin.left"}),
    ("margin_left_big", "left margin 40 mm", _margin("left", 40), {"page.margin.left"}),
    ("margin_right_small", "right margin 10 mm", _margin("right", 10), {"page.margin.right"}),
    ("margin_right_big", "right margin 25 mm", _margin("right", 25), {"page.margin.right"}),
    (
        "margin_appendix_section",
        "left margin 10 mm in the landscape appendix",
        _margin("left", 10, section=2),
        {"page.margin.left"},
    ),
    ("paper_letter", "Letter paper", _paper(215.9, 279.4), {"page.size"}),
    ("paper_a5", "A5 paper", _paper(148, 210), {"page.size"}),
    (
        "font_defaults_hansi",
        "Arial in the hAnsi slot (Vietnamese letters) of the document defaults",
        m_defaults_hansi_arial,
        {"font.family"},
    ),
    (
        "font_normal_hansi",
        "Arial in the hAnsi slot of the Normal style",
        m_normal_hansi_arial,
        {"font.family"},
    ),
    ("font_defaults_theme", "theme fonts in the document defaults", m_defaults_theme, {"font.theme"}),
    ("font_normal_theme", "theme font in the Normal style", m_normal_theme, {"font.theme"}),
    ("font_run_theme", "theme font on a body run", m_run_theme, {"font.theme"}),
    ("font_run_arial", "Arial on a body paragraph", m_run_arial, {"font.family"}),
    ("font_run_hansi", "Tahoma in the hAnsi slot of a run", m_run_hansi_tahoma, {"font.family"}),
    ("qh_not_bold", "Quốc hiệu not bold", m_qh_not_bold, {"national_title.bold"}),
    ("qh_size_14", "Quốc hiệu 14 pt", m_qh_size(14), {"national_title.size"}),
    ("qh_size_11", "Quốc hiệu 11 pt", m_qh_size(11), {"national_title.size"}),
    ("qh_lowercase", "Quốc hiệu in lower case", m_qh_lower, {"national_title.case"}),
    ("tn_not_bold", "Tiêu ngữ not bold", m_tn_not_bold, {"motto.bold"}),
    ("tn_size", "Tiêu ngữ 12 pt", m_tn_size, {"motto.size"}),
    ("tn_upper", "Tiêu ngữ in capitals", m_tn_upper, {"motto.case"}),
    ("issuing_not_bold", "issuing body not bold", m_issuing_not_bold, {"issuing_body.bold"}),
    ("issuing_lower", "issuing body in lower case", m_issuing_lower, {"issuing_body.case"}),
    ("issuing_size", "issuing body 14 pt", m_issuing_size, {"issuing_body.size"}),
    ("number_no_zero", "Số: 5/KH-UBND", m_number_text("05/", "5/"), {"number_symbol.zero"}),
    ("number_spaces_slash", "Số: 05 / KH-UBND", m_number_text("05/KH", "05 / KH"), {"number_symbol.spaces"}),
    ("number_spaces_dash", "Số: 05/KH - UBND", m_number_text("KH-UBND", "KH - UBND"), {"number_symbol.spaces"}),
    ("number_no_colon", "Số 05/KH-UBND (no colon)", m_number_text("Số:", "Số"), {"number_symbol.format"}),
    ("number_size", "number and symbol 14 pt", m_number_size, {"number_symbol.size"}),
    ("number_bold", "number and symbol bold", m_number_bold, {"number_symbol.bold"}),
    ("date_month_03", "tháng 03 (month 3 with a zero)", m_date_text("tháng 01", "tháng 03"), {"place_date.month"}),
    ("date_day_5", "ngày 5 (no leading zero)", m_date_text("ngày 05", "ngày 5"), {"place_date.day"}),
    ("date_month_1", "tháng 1 (month 1 without its zero)", m_date_text("tháng 01", "tháng 1"), {"place_date.month"}),
    (
        "date_slashes",
        "date written 05/01/2026",
        m_date_text("ngày 05 tháng 01 năm 2026", "05/01/2026"),
        {"place_date.format"},
    ),
    ("date_not_italic", "place and date not italic", m_date_not_italic, {"place_date.italic"}),
    ("date_size", "place and date 12 pt", m_date_size, {"place_date.size"}),
    ("type_not_centred", "type name not centred", m_type_align, {"type_name.align"}),
    ("type_not_bold", "type name not bold", m_type_not_bold, {"type_name.bold"}),
    ("type_size", "type name 12 pt", m_type_size, {"type_name.size"}),
    ("type_lower", "type name in lower case", m_type_lower, {"type_name.case"}),
    ("summary_not_bold", "trích yếu not bold", m_summary_not_bold, {"summary.bold"}),
    ("summary_not_centred", "trích yếu justified", m_summary_align, {"summary.align"}),
    ("summary_size", "trích yếu 16 pt", m_summary_size, {"summary.size"}),
    ("legal_not_italic", "legal basis not italic", m_legal_not_italic, {"legal_basis.italic"}),
    ("body_left", "body not justified", m_body_align, {"body.align"}),
    ("body_centre", "closing paragraph centred", m_body_center, {"body.align"}),
    ("body_bullet_right", "bullet right-aligned", m_bullet_align, {"body.align"}),
    ("body_no_indent", "no first-line indent", m_body_no_indent, {"body.indent"}),
    ("body_hanging", "hanging indent", m_body_hanging, {"body.indent"}),
    ("body_indent_big", "first-line indent 2.5 cm", m_body_indent_big, {"body.indent"}),
    ("body_spacing", "spacing 2 + 2 pt (< 6 pt)", m_body_spacing, {"body.spacing"}),
    ("body_line_double", "line spacing 2.0", m_body_line_double, {"body.line_spacing"}),
    ("body_line_exact", "line spacing exactly 40 pt", m_body_line_exact, {"body.line_spacing"}),
    ("body_size_12", "body 12 pt", m_body_size(12), {"body.size"}),
    ("body_size_15", "body 15 pt", m_body_size(15), {"body.size"}),
    ("body_size_inherited", "body 12 pt through the Normal style", m_body_size_via_style, {"body.size"}),
    ("heading_size", "heading 12 pt", m_heading_size, {"heading_part.size", "heading.size"}),
    ("heading_not_bold", "part heading (II.) not bold", m_part_heading_not_bold, {"heading_part.bold"}),
    (
        "nn_not_bold_italic",
        "Nơi nhận not bold italic",
        m_nn_not_bold_italic,
        {"recipients_heading.bold", "recipients_heading.italic"},
    ),
    ("nn_size", "Nơi nhận 14 pt", m_nn_size, {"recipients_heading.size"}),
    ("recipients_13", "recipients 13 pt", m_recipients_size, {"recipients.size"}),
    ("recipient_bold", "a recipient in bold", m_recipient_bold, {"recipients.bold"}),
    ("missing_luu", "missing '- Lưu:' line", m_missing_luu, {"recipients.archive"}),
    ("page1_numbered", "page number on page 1 (titlePg removed)", m_titlepg_removed, {"page_number.first_page"}),
    (
        "first_header_numbered",
        "PAGE field in the first-page header",
        m_first_header_numbered,
        {"page_number.first_page"},
    ),
    ("no_page_number", "no page number at all", m_no_page_number, {"page_number.missing"}),
    ("no_header", "default header reference removed", m_no_header_reference, {"page_number.missing"}),
    ("page_number_footer", "page number in the footer", m_page_number_footer, {"page_number.position"}),
    ("page_number_left", "page number left-aligned", m_page_number_left, {"page_number.align"}),
    ("page_number_size", "page number 10 pt", m_page_number_size, {"page_number.size"}),
    ("page_number_italic", "page number italic", m_page_number_italic, {"page_number.italic"}),
    ("signer_not_bold", "signer's name not bold", m_signer_name_not_bold, {"signer_name.bold"}),
    ("signer_size", "signer's name 12 pt", m_signer_name_size, {"signer_name.size"}),
    ("signer_caps", "signer's name in capitals", m_signer_name_caps, {"signer_name.case"}),
    ("authority_lower", "authority line not in capitals", m_authority_lower, {"signature_authority.case"}),
    ("authority_not_bold", "TM. line not bold", m_authority_not_bold, {"signature_authority.bold"}),
    ("title_size", "signer's title 12 pt", m_title_size, {"signature_authority.size"}),
    ("appendix_label_not_bold", "appendix label not bold", m_appendix_label_not_bold, {"appendix_label.bold"}),
    (
        "appendix_ref_not_italic",
        "appendix reference not italic",
        m_appendix_reference_not_italic,
        {"appendix_reference.italic"},
    ),
    ("appendix_title_size", "appendix title 11 pt", m_appendix_title_size, {"appendix_title.size"}),
]

# Mutations --fix cannot repair because they change wording or structure.
NOT_FIXABLE = {
    "qh_lowercase",
    "tn_upper",
    "issuing_lower",
    "type_lower",
    "missing_luu",
    "authority_lower",
    "number_no_colon",
    "date_slashes",
    "signer_caps",
    "page_number_footer",
}


def mutate(clean: bytes, fn) -> bytes:
    doc = Document(io.BytesIO(clean))
    fn(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


RESULTS: dict[str, bool] = {}


def test_at_least_40_distinct_mutations():
    assert len({m[0] for m in MUTATIONS}) == len(MUTATIONS) >= 40
    assert len({frozenset(m[3]) for m in MUTATIONS}) >= 40  # distinct kinds of rule, not one rule 40 times


@pytest.mark.parametrize("mid, desc, fn, expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutation_is_detected(clean, mid, desc, fn, expected):
    report = lint_docx(mutate(clean, fn), name=f"{mid}.docx")
    found = report.rules()
    RESULTS[mid] = bool(found & expected)
    assert found & expected, f"{desc}: expected one of {sorted(expected)}, linter reported {sorted(found)}"
    hit = next(v for v in report.violations if v.rule in expected)
    assert hit.clause.startswith("NĐ30") and hit.location.label() and hit.message


@pytest.mark.parametrize(
    "mid, desc, fn, expected",
    [m for m in MUTATIONS if m[0] not in NOT_FIXABLE],
    ids=[m[0] for m in MUTATIONS if m[0] not in NOT_FIXABLE],
)
def test_fix_repairs_mechanical_mutations(clean, tmp_path, mid, desc, fn, expected):
    src = tmp_path / "in.docx"
    src.write_bytes(mutate(clean, fn))
    before = lint_docx(src)
    assert any(v.fixable for v in before.violations if v.rule in expected), desc
    result = fix_docx(src, tmp_path / "fixed.docx")
    remaining = {v.rule for v in result.remaining.violations}
    assert not (remaining & expected), f"{desc}: still {sorted(remaining)} after --fix"
    assert result.remaining.violations == [], [(v.rule, v.location.label()) for v in result.remaining.violations]


def test_fix_changes_only_digits_of_dates_and_numbers(clean, tmp_path):
    src = tmp_path / "in.docx"
    src.write_bytes(
        mutate(
            clean,
            lambda d: (
                m_date_text("ngày 05", "ngày 5")(d),
                m_date_text("tháng 01", "tháng 1")(d),
                m_number_text("05/KH-UBND", "5 / KH - UBND")(d),
            ),
        )
    )
    result = fix_docx(src, tmp_path / "out.docx")
    doc = Document(str(result.output))
    cell = doc.tables[0]
    assert cell.cell(1, 1).text == "Lâm Đồng, ngày 05 tháng 01 năm 2026"
    assert cell.cell(1, 0).text == "Số: 05/KH-UBND"
    orig = Document(io.BytesIO(clean))
    assert [p.text for p in doc.paragraphs] == [p.text for p in orig.paragraphs]


def test_east_asian_slot_without_east_asian_text_is_one_info_line(clean):
    """Word fills the eastAsia slot from its own defaults; with no East Asian character in the text no letter is
    drawn with it, so it is said once as information, not reported as a wrong body font."""
    report = lint_docx(mutate(clean, m_defaults_eastasia_arial))
    assert report.ok
    assert [v.rule for v in report.violations] == ["font.unused_slot"]
    assert "eastAsia=Arial" in report.violations[0].found


def test_no_false_positives_on_clean_files():
    false_positives = {}
    for name in NAMES:
        report = lint_docx(docx_bytes(plan_spec(sample_plan(name))))
        false_positives[name] = [(v.rule, v.location.label()) for v in report.violations]
    assert all(not v for v in false_positives.values()), false_positives


def test_zz_detection_summary(clean, capsys):
    """Recompute every mutation (independent of test order) and print the rates."""
    detected = 0
    missed = []
    for mid, _desc, fn, expected in MUTATIONS:
        found = lint_docx(mutate(clean, fn)).rules()
        if found & expected:
            detected += 1
        else:
            missed.append(mid)
    fp = sum(len(lint_docx(docx_bytes(plan_spec(sample_plan(n)))).violations) for n in NAMES)
    rate = detected / len(MUTATIONS)
    with capsys.disabled():
        print(
            f"\n[lint mutations] detected {detected}/{len(MUTATIONS)} = {rate:.0%}; "
            f"false positives on {len(NAMES)} clean files: {fp}; missed: {missed or 'none'}"
        )
    assert rate == 1.0 and fp == 0


def test_mutations_do_not_leak_between_runs(clean):
    """Each mutation starts from the same pristine bytes."""
    before = copy.copy(clean)
    mutate(clean, m_qh_not_bold)
    assert clean == before
