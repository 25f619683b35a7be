"""Rendering plans: the document spec, the .docx layout, Markdown/HTML previews, templates and the CLI."""

from __future__ import annotations

import io
import json
import os
import re
import stat

import pytest
from typer.testing import CliRunner

from docgen import nd30
from docgen.lint import lint_docx
from docgen.render import (
    RenderError,
    TemplateError,
    docx_bytes,
    html_text,
    markdown_text,
    plan_spec,
    render_plan,
    render_spec,
    spec_from_template,
)
from docgen.render import spec as S
from docgen.render.samples import NAMES, sample_plan
from extract.model import Paragraph, Recipient, Section, Source
from extract.ooxml.ns import W_NS

W = "{" + W_NS + "}"


def _doc(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: docx_bytes(plan_spec(sample_plan(name))) for name in NAMES}


# ---------------------------------------------------------------------------------------------- lint clean


@pytest.mark.parametrize("name", NAMES)
def test_rendered_plans_lint_clean(rendered, name):
    report = lint_docx(rendered[name], name=f"{name}.docx")
    assert report.violations == [], "\n".join(
        f"{v.rule} {v.location.label()} {v.found} -> {v.expected}" for v in report.violations
    )


def test_linter_identifies_every_part_of_a_rendered_plan(rendered):
    found = lint_docx(rendered["tinh"]).elements
    for part in (
        "national_title",
        "motto",
        "issuing_body",
        "number_symbol",
        "place_date",
        "type_name",
        "summary",
        "legal_basis",
        "body",
        "heading_part",
        "heading",
        "recipients_heading",
        "recipients",
        "signature_authority",
        "signer_name",
        "appendix_label",
        "appendix_title",
        "appendix_reference",
    ):
        assert part in found, part
    assert "governing_body" in lint_docx(rendered["so"]).elements


# ---------------------------------------------------------------------------------------------- docx layout


def test_page_setup_fonts_and_language(rendered):
    r = nd30.rules()
    doc = _doc(rendered["tinh"])
    for section in doc.sections:
        sect = section._sectPr
        pg = sect.find(f"{W}pgSz")
        dims = sorted([int(pg.get(f"{W}w")), int(pg.get(f"{W}h"))])
        assert dims == [r.paper.width_twips, r.paper.height_twips]
        mar = sect.find(f"{W}pgMar")
        landscape = int(pg.get(f"{W}w")) > int(pg.get(f"{W}h"))
        for side, m in (r.landscape_margins if landscape else r.margins).items():
            assert int(mar.get(f"{W}{side}")) == m.chosen_twips
    styles = doc.styles.element
    dd = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    rf = dd.find(f"{W}rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rf.get(f"{W}{slot}") == "Times New Roman"
    assert dd.find(f"{W}lang").get(f"{W}val") == "vi-VN"
    for el in styles.iter(f"{W}rFonts"):
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in el.keys()), el.keys()
    normal = doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") == "Times New Roman"


def test_page_numbers_from_page_two(rendered):
    doc = _doc(rendered["tinh"])
    s0 = doc.sections[0]
    assert s0.different_first_page_header_footer
    first_text = "".join(p.text for p in s0.first_page_header.paragraphs)
    assert first_text.strip() == "" and "PAGE" not in s0.first_page_header._element.xml
    hdr = s0.header._element.xml
    assert "PAGE" in hdr and 'w:val="center"' in hdr


def test_header_table_and_texts(rendered):
    doc = _doc(rendered["tinh"])
    hdr = doc.tables[0]
    assert [p.text for p in hdr.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert hdr.cell(1, 0).text == "Số: 05/KH-UBND"
    assert hdr.cell(1, 1).text == "Lâm Đồng, ngày 05 tháng 01 năm 2026"
    borders = hdr._tbl.find(f"{W}tblPr/{W}tblBorders")
    assert all(b.get(f"{W}val") == "nil" for b in borders)
    # the short rule under the issuing body: a bottom border narrower than the column
    rule = hdr.cell(0, 0).paragraphs[-1]._p
    assert rule.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
    assert int(rule.find(f"{W}pPr/{W}ind").get(f"{W}left")) > 0
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "KẾ HOẠCH"
    assert texts[1].startswith("Cải cách hành chính")
    assert doc.paragraphs[0].runs[0].bold and doc.paragraphs[1].runs[0].bold


def test_draft_forms(rendered):
    so = _doc(rendered["so"]).tables[0]
    assert so.cell(1, 0).text == "Số:      /KH-SCT"
    assert so.cell(1, 1).text == "Lào Cai, ngày     tháng 3 năm 2026"
    assert [p.text for p in so.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"]
    gov = so.cell(0, 0).paragraphs[0].runs[0]
    iss = so.cell(0, 0).paragraphs[2].runs[0]
    assert not gov.bold and iss.bold
    xa = _doc(rendered["xa"]).tables[0]
    assert re.fullmatch(r"Tân Hà, ngày     tháng     năm \d{4}", xa.cell(1, 1).text)


def test_blank_draft_header_takes_symbol_and_place_from_the_issuing_body():
    plan = sample_plan("xa").model_copy(deep=True)
    plan.header = plan.header.model_copy(
        update={
            "symbol": None,
            "symbol_issuer": None,
            "place": None,
            "number": None,
            "issuing_body": "Ủy ban nhân dân xã Tân Hà",
        }
    )
    table = _doc(docx_bytes(plan_spec(plan, options={"year": 2026}))).tables[0]
    assert table.cell(1, 0).text == "Số:      /KH-UBND"
    assert table.cell(1, 1).text == "Tân Hà, ngày     tháng     năm 2026"


def test_whole_sentence_points_are_body_text_and_the_signature_keeps_with_the_last_paragraph():
    plan = sample_plan("tinh").model_copy(deep=True)
    point = "Kế hoạch phải được tổ chức triển khai đồng bộ, toàn diện và thống nhất, bảo đảm thực chất, hiệu quả."
    first = plan.sections[0]
    first.children = [
        *first.children,
        Section(
            id="pt", number="c)", style="letter", level=first.level + 1, title=point, source=Source(start=0, end=0)
        ),
    ]
    doc = _doc(docx_bytes(plan_spec(plan)))
    para = next(p for p in doc.paragraphs if p.text.endswith(point))
    assert not any(r.bold or r.italic for r in para.runs)
    assert para.paragraph_format.alignment == 3 and not para.paragraph_format.keep_with_next
    heading = next(p for p in doc.paragraphs if p.text.startswith("I. "))
    assert heading.paragraph_format.keep_with_next and heading.runs[0].bold
    sig = doc.tables[1]._tbl
    before = sig.getprevious()
    assert before.tag == W + "p" and before.find(f"{W}pPr/{W}keepNext") is not None


def test_numbering_is_text_not_word_lists(rendered):
    doc = _doc(rendered["xa"])
    texts = [p.text for p in doc.paragraphs]
    for label in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ",
        "1. Tuyên truyền, giáo dục",
        "a) Tại thôn",
        "đ) Đối với gia đình",
        "e) Đối với người sau",
        "g) Đối với đoàn viên",
        "2. Quản lý",
        "III. TỔ CHỨC THỰC HIỆN",
    ):
        assert any(t.startswith(label) for t in texts), label
    assert "numPr" not in doc.element.body.xml
    tinh = [p.text for p in _doc(rendered["tinh"]).paragraphs]
    assert any(t.startswith("1.1. Xây dựng và ban hành") for t in tinh)
    assert any(t.startswith("a) Kiểm soát thủ tục") for t in tinh)


def test_body_paragraph_format(rendered):
    r = nd30.rules()
    doc = _doc(rendered["tinh"])
    body = next(p for p in doc.paragraphs if p.text.startswith("Đẩy mạnh cải cách"))
    pf = body.paragraph_format
    assert pf.alignment == 3  # justify
    assert pf.first_line_indent.twips == r.body.first_line_indent_twips
    assert pf.space_before.pt + (pf.space_after.pt if pf.space_after is not None else 0) >= 6
    assert r.body.line_multiple.min <= pf.line_spacing <= r.body.line_multiple.max
    assert all(run.font.size.pt == r.element("body").size.chosen for run in body.runs)
    lb = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
    assert all(run.italic for run in lb.runs)
    bases = [p.text for p in doc.paragraphs if p.text.startswith("Căn cứ")][:3]
    assert all(t.endswith(";") for t in bases[:-1]) and bases[-1].endswith(".")


def test_signature_block_and_recipients(rendered):
    doc = _doc(rendered["tinh"])
    sig = doc.tables[1]
    left = [p.text for p in sig.cell(0, 0).paragraphs]
    right = [p.text for p in sig.cell(0, 1).paragraphs if p.text]
    assert left[0] == "Nơi nhận:" and left[-1] == "- Lưu: VT, NV."
    assert all(t.endswith(";") for t in left[1:-1])
    assert "- Bộ Nội vụ (b/c);" in left
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hoàng"]
    nn = sig.cell(0, 0).paragraphs[0].runs[0]
    assert nn.bold and nn.italic and nn.font.size.pt == 12
    assert sig.cell(0, 0).paragraphs[1].runs[0].font.size.pt == 11
    xa = _doc(rendered["xa"]).tables[1]
    assert [p.text for p in xa.cell(0, 0).paragraphs][-1] == "- Lưu: VT."  # added when the plan has none
    assert [p.text for p in xa.cell(0, 1).paragraphs if p.text][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_appendices_sections_and_repeated_header_rows(rendered):
    doc = _doc(rendered["tinh"])
    assert len(doc.sections) == 3
    main, targets, tasks = doc.sections
    assert main.orientation == 0 and targets.orientation == 0 and tasks.orientation == 1
    for s in (targets, tasks):
        assert s._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
        assert s.different_first_page_header_footer
    data_tables = doc.tables[2:]
    assert data_tables and all(t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None for t in data_tables)
    assert data_tables[-1].rows[0].cells[1].text == "Nhiệm vụ"
    texts = [p.text for p in doc.paragraphs]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    assert any(
        t.startswith("(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lâm Đồng)")
        for t in texts
    )
    no_app = _doc(
        docx_bytes(plan_spec(sample_plan("tinh"), options={"appendix_targets": False, "appendix_tasks": False}))
    )
    assert len(no_app.sections) == 1


def test_keep_numbers_option():
    plan = sample_plan("xa")
    plan.sections[0].number = "I."
    plan.sections[1].children[0].number = "7."
    spec = plan_spec(plan, options={"renumber": False})
    labels = [e.number for e in spec.elements if isinstance(e, S.Heading)]
    assert "7." in labels
    assert "1." in [e.number for e in plan_spec(plan).elements if isinstance(e, S.Heading)]


# ---------------------------------------------------------------------------------------------- previews


def _nasty_plan():
    plan = sample_plan("xa")
    src = Source()
    plan.sections[0].paragraphs.append(
        Paragraph(text='1. Dòng mở đầu <script>alert("x")</script> & *sao* | ống_dẫn #thẻ [link](http://x)', source=src)
    )
    plan.sections[0].children.append(
        Section(id="I.9", number="9.", style="decimal", title="Tiêu đề <b>đậm</b> & ký tự", level=2, source=src)
    )
    plan.recipients.append(Recipient(text="Sở <Tài chính> & Kế hoạch", source=src))
    return plan


def test_html_escapes_everything_and_is_self_contained():
    html = html_text(plan_spec(_nasty_plan()))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>đậm</b>" not in html and "&lt;b&gt;đậm&lt;/b&gt;" in html
    assert "Sở &lt;Tài chính&gt; &amp; Kế hoạch" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "<link" not in html and "<script" not in html
    assert html.startswith("<!DOCTYPE html>") and 'lang="vi"' in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html


def test_markdown_escapes_text():
    md = markdown_text(plan_spec(_nasty_plan()))
    assert "1\\. Dòng mở đầu" in md
    assert "\\<script\\>" in md and "<script>" not in md
    assert "\\*sao\\*" in md and "\\|" in md and "\\#thẻ" in md and "\\[link\\]" in md
    assert "## KẾ HOẠCH" in md
    assert "### I. MỤC ĐÍCH, YÊU CẦU" in md
    assert "***Nơi nhận:***" in md


def test_render_spec_by_extension_and_overwrite_guard(tmp_path):
    spec = plan_spec(sample_plan("so"))
    for ext in (".docx", ".md", ".html"):
        out = render_spec(spec, tmp_path / f"plan{ext}")
        assert out.stat().st_size > 100
        mode = stat.S_IMODE(os.stat(out).st_mode)
        assert mode & 0o044, oct(mode)  # not the 0600 of a temporary file
    with pytest.raises(RenderError, match="already exists; use --force"):
        render_spec(spec, tmp_path / "plan.docx")
    render_spec(spec, tmp_path / "plan.docx", force=True)
    with pytest.raises(RenderError, match="unknown output format"):
        render_spec(spec, tmp_path / "plan.odt")


def test_pdf_without_libreoffice_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(RenderError, match="LibreOffice .* not installed.*install"):
        render_plan(sample_plan("minimal"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_when_soffice_writes_nothing(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("KEHOACH_SOFFICE", str(fake))
    with pytest.raises(RenderError, match="wrote no PDF"):
        render_plan(sample_plan("minimal"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------------------------------------- templates


def test_template_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "ke_hoach.xml.j2").write_text(
        "<document>\n{% for x in plan.sections %}\n<paragraph>{{ x.title }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as info:
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)
    msg = str(info.value)
    assert "ke_hoach.xml.j2:" in msg and re.search(r"ke_hoach\.xml\.j2:\d+", msg) and "syntax" in msg


def test_template_runtime_error_names_file_and_line(tmp_path):
    (tmp_path / "ke_hoach.xml.j2").write_text(
        "<document>\n\n<paragraph>{{ plan.no_such_field }}</paragraph>\n</document>", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as info:
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)
    assert re.search(r"ke_hoach\.xml\.j2:3: error while rendering", str(info.value))


def test_template_sandbox_blocks_python_internals(tmp_path):
    (tmp_path / "ke_hoach.xml.j2").write_text(
        "<document><paragraph>{{ plan.__class__.__mro__ }}</paragraph></document>", encoding="utf-8"
    )
    with pytest.raises(TemplateError):
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)
    (tmp_path / "ke_hoach.xml.j2").write_text("{% include '/etc/passwd' %}<document/>", encoding="utf-8")
    with pytest.raises(TemplateError, match="not found"):
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)


def test_template_producing_bad_xml(tmp_path):
    (tmp_path / "ke_hoach.xml.j2").write_text("<document><paragraph>x</document>", encoding="utf-8")
    with pytest.raises(TemplateError, match="ke_hoach.xml.j2.*malformed XML"):
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)
    (tmp_path / "ke_hoach.xml.j2").write_text("<document><poem>x</poem></document>", encoding="utf-8")
    with pytest.raises(TemplateError, match="unknown element <poem>"):
        plan_spec(sample_plan("xa"), templates_dir=tmp_path)


def test_user_template_overrides_one_file_and_reuses_the_macros(tmp_path):
    (tmp_path / "ke_hoach.xml.j2").write_text(
        '{% import "_nd30.xml.j2" as nd30 %}<document kind="ke_hoach">'
        "{{ nd30.header(plan.header, 'Kế hoạch', options) }}<type_name>KẾ HOẠCH RIÊNG</type_name>"
        "{{ nd30.signature(plan.signer, plan.recipients) }}</document>",
        encoding="utf-8",
    )
    spec = plan_spec(sample_plan("tinh"), templates_dir=tmp_path)
    assert spec.first(S.TypeName).text == "KẾ HOẠCH RIÊNG"
    assert spec.first(S.Header).number_symbol == "Số: 05/KH-UBND"
    assert lint_docx(docx_bytes(spec)).violations == []


def test_report_style_template_with_plain_context(tmp_path):
    """What a report generator does: its own template, the shared macros, a dict context."""
    (tmp_path / "bao_cao.xml.j2").write_text(
        '{% import "_nd30.xml.j2" as nd30 %}<document kind="bao_cao">'
        "{{ nd30.header(report.header, 'Báo cáo', options) }}<type_name>BÁO CÁO</type_name>"
        "<summary>{{ report.header.title }}</summary><addressee>Kính gửi: Ủy ban nhân dân tỉnh</addressee>"
        "{% for p in report.paragraphs %}<paragraph>{{ p }}</paragraph>{% endfor %}"
        "{{ nd30.signature(report.signer, report.recipients) }}</document>",
        encoding="utf-8",
    )
    report = {
        "header": {
            "issuing_body": "SỞ NỘI VỤ",
            "governing_body": "UBND TỈNH LÂM ĐỒNG",
            "number": 3,
            "symbol": "BC-SNV",
            "place": "Lâm Đồng",
            "date": "2026-02-09",
            "title": "Kết quả cải cách hành chính quý I năm 2026",
            "doc_type_code": "BC",
            "symbol_type": None,
            "symbol_issuer": None,
            "convention": "state",
        },
        "paragraphs": ["Thực hiện Kế hoạch số 05/KH-UBND, Sở Nội vụ báo cáo như sau:"] * 3,
        "signer": {"lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "name": "Phạm Thu Hà"},
        "recipients": [{"text": "UBND tỉnh", "note": "b/c", "is_archive": False}],
    }
    spec = spec_from_template("bao_cao.xml.j2", {"report": report, "options": {"year": None}}, tmp_path)
    h = spec.first(S.Header)
    assert h.number_symbol == "Số: 03/BC-SNV" and h.place_date == "Lâm Đồng, ngày 09 tháng 02 năm 2026"
    assert spec.first(S.Addressee) is not None
    assert lint_docx(docx_bytes(spec)).violations == []


def test_spec_parser_keeps_draft_blanks_and_collapses_template_whitespace():
    spec = S.parse_spec(
        "<document>\n  <header>\n    <place_date>Hà Nội, ngày     tháng 3 năm 2026</place_date>\n  </header>\n"
        "  <paragraph>\n     Một <b>hai</b>\n     ba <i>bốn</i>   năm\n  </paragraph>\n</document>"
    )
    assert spec.elements[0].place_date == "Hà Nội, ngày     tháng 3 năm 2026"
    para = spec.elements[1]
    assert [(r.text, r.bold, r.italic) for r in para.runs] == [
        ("Một ", False, False),
        ("hai", True, False),
        (" ba ", False, False),
        ("bốn", False, True),
        ("   năm", False, False),
    ]


# ---------------------------------------------------------------------------------------------- CLI


def _app():
    from docgen.cli import app

    return app


def test_cli_render_formats(tmp_path):
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(sample_plan("tinh").model_dump_json(), encoding="utf-8")
    runner = CliRunner()
    for ext in ("docx", "md", "html"):
        res = runner.invoke(_app(), ["render", str(plan_json), "-o", str(tmp_path / f"out.{ext}")])
        assert res.exit_code == 0, res.output
    assert lint_docx(tmp_path / "out.docx").violations == []
    res = runner.invoke(_app(), ["render", str(plan_json), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 2 and "already exists; use --force" in res.output
    res = runner.invoke(
        _app(), ["render", str(plan_json), "-o", str(tmp_path / "out.docx"), "--force", "--no-appendix"]
    )
    assert res.exit_code == 0
    assert len(_doc((tmp_path / "out.docx").read_bytes()).sections) == 1


def test_cli_render_invalid_json_and_schema(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    bad.write_text('{"header": {"title": "x",}}', encoding="utf-8")
    res = runner.invoke(_app(), ["render", str(bad), "-o", str(tmp_path / "o.docx")])
    assert res.exit_code == 2 and "not valid JSON (line 1, column" in res.output and "Traceback" not in res.output
    data = json.loads(sample_plan("xa").model_dump_json())
    data["header"]["date"] = 5
    data["sections"][0]["level"] = "một"
    data["sections"][1]["children"][0]["title"] = None
    data["signer"]["nickname"] = "Minh"
    del data["sections"][0]["id"]
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(_app(), ["render", str(bad), "-o", str(tmp_path / "o.docx")])
    out = res.output
    assert res.exit_code == 2 and "Traceback" not in out
    assert "does not match the plan schema (5 problems)" in out
    assert "header.date: Input should be a valid string (got 5)" in out
    assert "sections[0].level: Input should be a valid integer" in out
    assert "sections[1].children[0].title: Input should be a valid string" in out
    assert "signer.nickname: unknown field" in out
    assert "sections[0].id: required field is missing" in out
    assert not (tmp_path / "o.docx").exists()
    res = runner.invoke(_app(), ["render", str(tmp_path / "missing.json"), "-o", str(tmp_path / "o.docx")])
    assert res.exit_code == 2 and "no such file" in res.output
    bad.write_text("[1, 2]", encoding="utf-8")
    res = runner.invoke(_app(), ["render", str(bad), "-o", str(tmp_path / "o.docx")])
    assert res.exit_code == 2 and "expected a JSON object" in res.output


def test_cli_render_template_errors(tmp_path):
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(sample_plan("xa").model_dump_json(), encoding="utf-8")
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "ke_hoach.xml.j2").write_text("<document>\n{% if %}\n</document>", encoding="utf-8")
    res = CliRunner().invoke(
        _app(), ["render", str(plan_json), "-o", str(tmp_path / "o.docx"), "--templates", str(tdir)]
    )
    assert res.exit_code == 1 and "ke_hoach.xml.j2:2" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(
        _app(), ["render", str(plan_json), "-o", str(tmp_path / "o.docx"), "--templates", str(tmp_path / "nope")]
    )
    assert res.exit_code == 1 and "templates directory not found" in res.output


# ---------------------------------------------------------------------------------------------- messy input


def test_messy_extracted_plan_still_lints_clean():
    """What extraction hands over is not always tidy: the render must still be compliant."""
    src = Source()
    plan = sample_plan("tinh")
    plan.header.date = "2026-13-40"  # unreadable date -> blank draft form of its year
    plan.header.doc_type = "Kế hoạch liên tịch"
    plan.header.issuing_body = "ủy ban nhân dân tỉnh lâm đồng"
    plan.signer.name = "NGUYỄN VĂN HOÀNG"
    plan.preamble.insert(0, Paragraph(text="Căn cứ tình hình thực tế của địa phương;", source=src))
    plan.sections[0].paragraphs.append(Paragraph(text="IV. Nội dung chưa được tách thành mục", source=src))
    plan.sections[1].children.append(
        Section(id="x", number="I.", style="roman", title="Mục La Mã ở cấp hai", level=2, source=src)
    )
    plan.sections[2].paragraphs.append(Paragraph(text="Nơi nhận: dòng chữ lạc vào thân bài", source=src))
    plan.recipients.append(Recipient(text="Lưu: VT", is_archive=False, source=src))
    spec = plan_spec(plan)
    h = spec.first(S.Header)
    assert h.place_date == "Lâm Đồng, ngày     tháng     năm 2026"
    assert h.issuing == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
    assert spec.first(S.Signature).name == "Nguyễn Văn Hoàng"
    report = lint_docx(docx_bytes(spec))
    assert report.violations == [], [(v.rule, v.location.label(), v.found) for v in report.violations]


def _extractable():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    files = sorted((repo / "corpus" / "plans").glob("*"))
    shared = repo.parent / "shared" / "corpus"
    if shared.is_dir():
        files += sorted(shared.glob("*.docx")) + sorted(shared.glob("*.md"))
    return [f for f in files if f.suffix in (".md", ".txt", ".docx") and f.name != "SOURCES.md"]


@pytest.mark.parametrize("path", _extractable(), ids=lambda p: p.name[:40])
def test_extracted_plans_render_lint_clean(path):
    """Round trip: extract a real plan, render it, lint it: no violations (skipped where extraction is absent)."""
    try:
        from extract import extract_file

        plan = extract_file(path)
    except (ImportError, ModuleNotFoundError):
        pytest.skip("extract.pipeline not available")
    spec = plan_spec(plan)
    report = lint_docx(docx_bytes(spec))
    assert report.violations == [], [(v.rule, v.location.label(), v.found) for v in report.violations]
    assert "<script" not in html_text(spec)
    markdown_text(spec)
