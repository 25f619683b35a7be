"""Build test .docx files with python-docx plus raw WordprocessingML.

Every builder takes a target path, writes the file and returns the path. `python tests/fixtures_docx.py`
regenerates the committed samples in corpus/made/docx/.

- `make_auto_numbering`: numbering.xml lists (upperRoman / decimal / lowerLetter / bullet levels, "%1.%2."
  multi-level, w:num startOverride restart, numId 0), header table, signature table;
- `make_style_numbering`: numbering inherited from paragraph styles through w:basedOn and from w:lvl/w:pStyle;
- `make_tracked_changes`: w:ins / w:del / w:moveFrom / w:moveTo, a deleted paragraph mark, a deleted row;
- `make_task_table`: an appendix task table with a two-row header, vMerge and gridSpan merged cells, groups;
- `make_tcvn3`: TCVN3 runs in .VnTime / .VnTimeH (direct and style fonts), VNI-Times runs, an unmarked span;
- bad inputs: `make_not_zip`, `make_zip_without_word`, `make_truncated`, `make_encrypted`, `make_zip_bomb`,
  `make_declared_bomb`, `make_xxe`, `make_billion_laughs`.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")
REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "made" / "docx"


# --- low-level helpers ---------------------------------------------------------------------------------


def _append(doc, xml: str):
    """Append a raw w:p / w:tbl (xml without namespace declarations) to the body, before w:sectPr."""
    el = parse_xml(xml)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)
    return el


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, bold: bool = False, font: str | None = None, italic: bool = False) -> str:
    rpr = ""
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    if bold:
        rpr += "<w:b/>"
    if italic:
        rpr += "<w:i/>"
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para(
    text: str = "",
    num: tuple[int, int] | None = None,
    style: str | None = None,
    bold: bool = False,
    jc: str | None = None,
    runs: str | None = None,
    font: str | None = None,
) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        num_id, ilvl = num
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    body = runs if runs is not None else (_run(text, bold=bold, font=font) if text else "")
    return f"<w:p {W}>{ppr}{body}</w:p>"


def _level(
    ilvl: int,
    fmt: str,
    text: str,
    start: int = 1,
    pstyle: str | None = None,
    restart: int | None = None,
    legal: bool = False,
) -> str:
    """A w:lvl with its children in schema order."""
    parts = [f'<w:start w:val="{start}"/>', f'<w:numFmt w:val="{fmt}"/>']
    if restart is not None:
        parts.append(f'<w:lvlRestart w:val="{restart}"/>')
    if pstyle:
        parts.append(f'<w:pStyle w:val="{pstyle}"/>')
    if legal:
        parts.append("<w:isLgl/>")
    parts += [f'<w:lvlText w:val="{_esc(text)}"/>', '<w:lvlJc w:val="left"/>']
    return f'<w:lvl w:ilvl="{ilvl}">' + "".join(parts) + "</w:lvl>"


def _set_numbering(doc, abstracts: dict[int, list[str]], nums: dict[int, tuple[int, str]]) -> None:
    """Replace numbering.xml: abstracts {id: [lvl xml]}, nums {numId: (abstractId, override xml)}."""
    part = doc.part.numbering_part
    root = part.element
    for child in list(root):
        root.remove(child)
    for aid, levels in abstracts.items():
        root.append(
            parse_xml(
                f'<w:abstractNum {W} w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
                + "".join(levels)
                + "</w:abstractNum>"
            )
        )
    for nid, (aid, overrides) in nums.items():
        root.append(parse_xml(f'<w:num {W} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'))


def _add_style(
    doc, style_id: str, name: str, based_on: str | None = None, numpr: str = "", rpr: str = "", ppr_extra: str = ""
) -> None:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    ppr = f"<w:pPr>{numpr}{ppr_extra}</w:pPr>" if (numpr or ppr_extra) else ""
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    doc.styles.element.append(
        parse_xml(
            f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f"{based}{ppr}{rpr}</w:style>"
        )
    )


def _cell_lines(cell, lines: list[str], bold: bool = False, align: str | None = "center") -> None:
    """Fill a python-docx cell with one paragraph per line."""
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line:
            run = p.add_run(line)
            run.bold = bold
        if align == "center":
            p.alignment = 1


def add_header_table(doc, number: str = "Số: 15/KH-UBND", date: str = "Lâm Đồng, ngày 05 tháng 3 năm 2026"):
    """Two-column header table; the issuing body is one paragraph with a w:br between its two lines."""
    table = doc.add_table(rows=2, cols=2)
    left = table.cell(0, 0).paragraphs[0]
    run = left.add_run("ỦY BAN NHÂN DÂN")
    run.add_break()
    left.add_run("TỈNH LÂM ĐỒNG").bold = True
    _cell_lines(table.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"], bold=True)
    _cell_lines(table.cell(1, 0), [number])
    _cell_lines(table.cell(1, 1), [date])
    return table


def add_signature_table(doc):
    table = doc.add_table(rows=1, cols=2)
    _cell_lines(table.cell(0, 0), ["Nơi nhận:", "- Bộ Nội vụ;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, NC."], align=None)
    _cell_lines(table.cell(0, 1), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Văn An"], bold=True)
    return table


# --- documents -----------------------------------------------------------------------------------------


def make_auto_numbering(path: Path) -> Path:
    doc = docx.Document()
    _set_numbering(
        doc,
        {
            1: [
                _level(0, "upperRoman", "%1."),
                _level(1, "decimal", "%2."),
                _level(2, "lowerLetter", "%3)"),
                _level(3, "bullet", "\uf0b7"),
                _level(4, "bullet", "+"),
            ],
            2: [_level(0, "decimal", "%1."), _level(1, "decimal", "%1.%2.")],
            3: [_level(0, "decimal", "%1.")],
        },
        {
            1: (1, ""),
            2: (2, ""),
            3: (3, ""),
            4: (3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            5: (3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
        },
    )
    add_header_table(doc)
    for xml in [
        _para("KẾ HOẠCH", bold=True, jc="center"),
        _para("Triển khai thực hiện cải cách hành chính năm 2026", bold=True, jc="center"),
        _para("MỤC ĐÍCH, YÊU CẦU", num=(1, 0), bold=True),
        _para("Mục đích", num=(1, 1), bold=True),
        _para("Nâng cao chất lượng phục vụ người dân.", num=(1, 2)),
        _para("Bảo đảm công khai, minh bạch.", num=(1, 2)),
        _para("Yêu cầu", num=(1, 1), bold=True),
        _para("Bám sát chỉ đạo của Ủy ban nhân dân tỉnh.", num=(1, 3)),
        _para("Phân công cụ thể cho từng cơ quan.", num=(1, 4)),
        _para("NHIỆM VỤ, GIẢI PHÁP", num=(1, 0), bold=True),
        _para("Cải cách thể chế", num=(1, 1), bold=True),
        _para("Rà soát văn bản quy phạm pháp luật.", num=(1, 2)),
        _para("Cải cách thủ tục hành chính", num=(1, 1), bold=True),
        _para("Đoạn không đánh số dù có numPr numId 0.", num=(0, 0)),
        _para("Chỉ tiêu chung", num=(2, 0)),
        _para("Tỷ lệ hồ sơ trực tuyến đạt 80%.", num=(2, 1)),
        _para("Tỷ lệ hài lòng đạt 90%.", num=(2, 1)),
        _para("Chỉ tiêu riêng", num=(2, 0)),
        _para("Số hóa 100% kết quả giải quyết.", num=(2, 1)),
        _para("TỔ CHỨC THỰC HIỆN", num=(1, 0), bold=True),
        _para("Sở Nội vụ", num=(1, 1)),
        _para("Danh sách thứ nhất, mục một", num=(3, 0)),
        _para("Danh sách thứ nhất, mục hai", num=(3, 0)),
        _para("Danh sách mới bắt đầu lại", num=(4, 0)),
        _para("Danh sách mới, mục hai", num=(4, 0)),
        _para("Danh sách bắt đầu từ năm", num=(5, 0)),
    ]:
        _append(doc, xml)
    add_signature_table(doc)
    doc.save(path)
    return path


AUTO_NUMBERING_EXPECTED = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Nâng cao chất lượng phục vụ người dân.",
    "b) Bảo đảm công khai, minh bạch.",
    "2. Yêu cầu",
    "- Bám sát chỉ đạo của Ủy ban nhân dân tỉnh.",
    "+ Phân công cụ thể cho từng cơ quan.",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Cải cách thể chế",
    "a) Rà soát văn bản quy phạm pháp luật.",
    "2. Cải cách thủ tục hành chính",
    "Đoạn không đánh số dù có numPr numId 0.",
    "1. Chỉ tiêu chung",
    "1.1. Tỷ lệ hồ sơ trực tuyến đạt 80%.",
    "1.2. Tỷ lệ hài lòng đạt 90%.",
    "2. Chỉ tiêu riêng",
    "2.1. Số hóa 100% kết quả giải quyết.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Nội vụ",
    "1. Danh sách thứ nhất, mục một",
    "2. Danh sách thứ nhất, mục hai",
    "1. Danh sách mới bắt đầu lại",
    "2. Danh sách mới, mục hai",
    "5. Danh sách bắt đầu từ năm",
]


def make_style_numbering(path: Path) -> Path:
    """Numbering that only the styles carry: KHMuc1 (numId 7, level 0) ← KHMuc2 (level 1, numId inherited),
    KHMucCon based on KHMuc1 (inherits both), KHDanhMuc (numId only; its level comes from w:lvl/w:pStyle)."""
    doc = docx.Document()
    _set_numbering(
        doc,
        {
            7: [_level(0, "upperRoman", "%1."), _level(1, "decimal", "%2."), _level(2, "lowerLetter", "%3)")],
            8: [_level(0, "decimal", "%1."), _level(1, "lowerLetter", "%2)", pstyle="KHDanhMuc")],
        },
        {7: (7, ""), 8: (8, "")},
    )
    _add_style(
        doc,
        "KHMuc1",
        "KH Muc 1",
        based_on="Normal",
        numpr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>',
        rpr="<w:b/>",
    )
    _add_style(doc, "KHMuc2", "KH Muc 2", based_on="KHMuc1", numpr='<w:numPr><w:ilvl w:val="1"/></w:numPr>')
    _add_style(doc, "KHMucCon", "KH Muc Con", based_on="KHMuc1")
    _add_style(doc, "KHDanhMuc", "KH Danh Muc", based_on="Normal", numpr='<w:numPr><w:numId w:val="8"/></w:numPr>')
    add_header_table(doc)
    for xml in [
        _para("KẾ HOẠCH", bold=True, jc="center"),
        _para("MỤC TIÊU", style="KHMuc1"),
        _para("Mục tiêu chung", style="KHMuc2"),
        _para("Mục tiêu cụ thể", style="KHMuc2"),
        _para("NHIỆM VỤ", style="KHMucCon"),
        _para("Nhiệm vụ trọng tâm", style="KHMuc2"),
        _para("Danh mục thứ nhất", style="KHDanhMuc"),
        _para("Danh mục thứ hai", style="KHDanhMuc"),
        _para("Tắt đánh số bằng numId 0", style="KHMuc1", num=(0, 0)),
        _para("KINH PHÍ", style="KHMuc1"),
    ]:
        _append(doc, xml)
    doc.save(path)
    return path


STYLE_NUMBERING_EXPECTED = [
    "I. MỤC TIÊU",
    "1. Mục tiêu chung",
    "2. Mục tiêu cụ thể",
    "II. NHIỆM VỤ",
    "1. Nhiệm vụ trọng tâm",
    "a) Danh mục thứ nhất",
    "b) Danh mục thứ hai",
    "Tắt đánh số bằng numId 0",
    "III. KINH PHÍ",
]


_AUTH = 'w:author="Chuyên viên" w:date="2026-03-10T08:00:00Z"'


def make_tracked_changes(path: Path) -> Path:
    doc = docx.Document()
    add_header_table(doc)
    _append(doc, _para("KẾ HOẠCH", bold=True, jc="center"))
    _append(
        doc,
        _para(
            runs=(
                _run("Kinh phí thực hiện ")
                + f'<w:ins w:id="1" {_AUTH}>{_run("do ngân sách tỉnh bảo đảm")}</w:ins>'
                + (
                    f'<w:del w:id="2" {_AUTH}><w:r><w:delText xml:space="preserve">'
                    "do ngân sách huyện</w:delText></w:r></w:del>"
                )
                + _run(".")
            )
        ),
    )
    _append(
        doc,
        _para(
            runs=(
                f'<w:moveFrom w:id="3" {_AUTH}>{_run("Câu bị chuyển đi. ")}</w:moveFrom>'
                + _run("Thời hạn báo cáo trước ngày 15/12 hằng năm.")
                + f'<w:moveTo w:id="4" {_AUTH}>{_run(" Câu được chuyển đến.")}</w:moveTo>'
            )
        ),
    )
    # Deleting the paragraph mark joins the two paragraphs.
    _append(doc, f'<w:p {W}><w:pPr><w:rPr><w:del w:id="5" {_AUTH}/></w:rPr></w:pPr>{_run("Phần đầu của đoạn ")}</w:p>')
    _append(doc, _para("và phần cuối của đoạn."))
    _append(
        doc,
        f'<w:p {W}><w:pPr><w:rPr><w:ins w:id="6" {_AUTH}/></w:rPr></w:pPr>'
        f'<w:ins w:id="7" {_AUTH}>{_run("Đoạn mới được chèn.")}</w:ins></w:p>',
    )
    _append(doc, f'<w:p {W}><w:del w:id="8" {_AUTH}><w:r><w:delText>Đoạn đã xóa hết.</w:delText></w:r></w:del></w:p>')
    table = doc.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Chỉ tiêu", "Giá trị"), ("Dòng bị xóa", "0"), ("Hồ sơ trực tuyến", "80%")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    tr = table.rows[1]._tr
    trpr = tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:del {W} w:id="9" {_AUTH}/>'))
    add_signature_table(doc)
    doc.save(path)
    return path


TRACKED_EXPECTED = [
    "Kinh phí thực hiện do ngân sách tỉnh bảo đảm.",
    "Thời hạn báo cáo trước ngày 15/12 hằng năm. Câu được chuyển đến.",
    "Phần đầu của đoạn và phần cuối của đoạn.",
    "Đoạn mới được chèn.",
]


def make_task_table(path: Path) -> Path:
    doc = docx.Document()
    add_header_table(doc)
    _append(doc, _para("KẾ HOẠCH", bold=True, jc="center"))
    _append(doc, _para("Nội dung chi tiết tại Phụ lục kèm theo."))
    add_signature_table(doc)
    _append(doc, _para("PHỤ LỤC", bold=True, jc="center"))
    _append(doc, _para("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026", bold=True, jc="center"))
    rows = [
        ["STT", "Nội dung nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Cơ quan thực hiện", "", "Ghi chú"],
        ["", "", "", "", "Chủ trì", "Phối hợp", ""],
        ["I", "Cải cách thể chế", "", "", "", "", ""],
        [
            "1",
            "Rà soát văn bản quy phạm pháp luật",
            "Báo cáo rà soát",
            "Quý II/2026",
            "Sở Tư pháp",
            "Các sở, ban, ngành",
            "",
        ],
        [
            "2",
            "Tham mưu ban hành kế hoạch kiểm tra",
            "Kế hoạch kiểm tra của tỉnh",
            "Tháng 01 hằng năm",
            "Sở Nội vụ",
            "Văn phòng UBND tỉnh",
            "",
        ],
        ["", "", "Kế hoạch tự kiểm tra của cơ quan", "Tháng 02 hằng năm", "Các cơ quan, đơn vị", "", "Lồng ghép"],
        ["II", "Cải cách thủ tục hành chính", "", "", "", "", ""],
        [
            "1",
            "Công bố danh mục thủ tục hành chính",
            "Quyết định công bố",
            "Hằng năm",
            "Theo phân công tại Quyết định số 10/QĐ-UBND",
            "",
            "",
        ],
    ]
    table = doc.add_table(rows=len(rows), cols=7)
    table.style = doc.styles["Table Grid"]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    # Header: STT, content, product, deadline and note span both header rows; "Cơ quan thực hiện" spans 2 cols.
    for c in (0, 1, 2, 3, 6):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 4).merge(table.cell(0, 5))
    # Task 2 spans two rows (two products); lead+coordinate merged in the last row.
    table.cell(4, 0).merge(table.cell(5, 0))
    table.cell(4, 1).merge(table.cell(5, 1))
    table.cell(7, 4).merge(table.cell(7, 5))
    doc.save(path)
    return path


def make_misc(path: Path) -> Path:
    """Odds and ends Word writes: w:caps, hidden text, a text box (mc:Choice + mc:Fallback copies), content
    controls, hyperlinks, a w:num whose level is overridden, a numbering-style link, upperLetter / lowerRoman /
    legal numbering, lvlRestart 0, 28 lowerLetter items (z, aa, bb)."""
    doc = docx.Document()
    _set_numbering(
        doc,
        {
            20: [_level(0, "upperLetter", "%1."), _level(1, "lowerRoman", "%2.")],
            21: [
                _level(0, "upperRoman", "%1."),
                _level(1, "decimal", "%1.%2.", legal=True),
                _level(2, "decimal", "(%3)", restart=0),
            ],
            22: ['<w:numStyleLink w:val="KHListStyle"/>'],
            23: [_level(0, "decimal", "Điều %1.")],
            24: [_level(0, "lowerLetter", "%1)")],
        },
        {
            20: (20, ""),
            21: (21, ""),
            22: (22, ""),
            23: (23, ""),
            24: (
                20,
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                + _level(0, "decimal", "Bước %1:")
                + "</w:lvlOverride>",
            ),
            25: (24, ""),
        },
    )
    doc.styles.element.append(
        parse_xml(
            f'<w:style {W} w:type="numbering" w:customStyle="1" w:styleId="KHListStyle"><w:name w:val="KH List"/>'
            '<w:pPr><w:numPr><w:numId w:val="23"/></w:numPr></w:pPr></w:style>'
        )
    )
    box = "<w:txbxContent><w:p><w:r><w:t>Chữ trong khung</w:t></w:r></w:p></w:txbxContent>"
    alt = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent>"
    )
    for xml in [
        _para(runs="<w:r><w:rPr><w:caps/></w:rPr><w:t>Kế hoạch</w:t></w:r>"),
        _para(runs=_run("Hiện ") + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẨN </w:t></w:r>" + _run("rõ.")),
        _para(runs=_run("Có khung.") + f"<w:r>{alt}</w:r>"),
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        _para(
            runs=_run("Xem ")
            + '<w:hyperlink w:history="1"><w:r><w:t>Cổng thông tin</w:t></w:r></w:hyperlink>'
            + '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> tỉnh</w:t></w:r></w:sdtContent></w:sdt>'
        ),
        _para("Chữ A", num=(20, 0)),
        _para("La mã nhỏ i", num=(20, 1)),
        _para("La mã nhỏ ii", num=(20, 1)),
        _para("Chữ B", num=(20, 0)),
        _para("Phần một", num=(21, 0)),
        _para("Mục pháp lý", num=(21, 1)),
        _para("Ý thứ nhất", num=(21, 2)),
        _para("Phần hai", num=(21, 0)),
        _para("Ý không khởi động lại", num=(21, 2)),
        _para("Điều theo kiểu danh sách", num=(22, 0)),
        _para("Điều tiếp theo", num=(23, 0)),
        _para("Làm theo hướng dẫn", num=(24, 0)),
    ] + [_para(f"Mục {i}", num=(25, 0)) for i in range(1, 29)]:
        _append(doc, xml)
    doc.save(path)
    return path


MISC_EXPECTED = [
    "KẾ HOẠCH",
    "Hiện rõ.",
    "Có khung.",
    "Chữ trong khung",
    "Trong ô nội dung",
    "Xem Cổng thông tin tỉnh",
    "A. Chữ A",
    "i. La mã nhỏ i",
    "ii. La mã nhỏ ii",
    "B. Chữ B",
    "I. Phần một",
    "1.1. Mục pháp lý",
    "(1) Ý thứ nhất",
    "II. Phần hai",
    "(2) Ý không khởi động lại",
    "Điều 1. Điều theo kiểu danh sách",
    "Điều 2. Điều tiếp theo",
    "Bước 1: Làm theo hướng dẫn",
] + [f"{chr(ord('a') + i - 1) if i <= 26 else chr(ord('a') + i - 27) * 2}) Mục {i}" for i in range(1, 29)]


TCVN3_LINES = {
    # TCVN3 text as stored with a .VnTime font → what it means.
    "Uû ban nh©n d©n tØnh L©m §ång": "Uỷ ban nhân dân tỉnh Lâm Đồng",
    "Thùc hiÖn ChØ thÞ cña Thñ t\u00adíng ChÝnh phñ": "Thực hiện Chỉ thị của Thủ tướng Chính phủ",
}


def make_tcvn3(path: Path) -> Path:
    doc = docx.Document()
    _add_style(doc, "VnBody", "Vn Body", based_on="Normal", rpr='<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>')
    _append(doc, _para("kÕ ho¹ch", font=".VnTimeH", bold=True, jc="center"))
    _append(doc, _para("Uû ban nh©n d©n tØnh L©m §ång", font=".VnTime"))
    _append(doc, _para(style="VnBody", runs=_run("Thùc hiÖn ChØ thÞ cña Thñ t\u00adíng ChÝnh phñ")))
    _append(
        doc,
        _para(
            runs=_run("Căn cứ Luật Tổ chức chính quyền địa phương; ", font="Times New Roman")
            + _run("c¨n cø NghÞ quyÕt sè 12", font=".VnTime")
        ),
    )
    _append(doc, _para("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", font="VNI-Times"))
    _append(doc, _para("Việt Nam", font=".VnTime"))  # Unicode in a legacy-named font: left alone
    _append(doc, _para("Tæ chøc thùc hiÖn c¸c nhiÖm vô"))  # no font hint: character statistics
    _append(doc, _para("Ordinary English text, © 2026."))
    doc.save(path)
    return path


TCVN3_EXPECTED = [
    "KẾ HOẠCH",
    "Uỷ ban nhân dân tỉnh Lâm Đồng",
    "Thực hiện Chỉ thị của Thủ tướng Chính phủ",
    "Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Nghị quyết số 12",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Việt Nam",
    "Tổ chức thực hiện các nhiệm vụ",
    "Ordinary English text, © 2026.",
]


def make_plain(path: Path, paragraphs: list[str] | None = None) -> Path:
    doc = docx.Document()
    for text in paragraphs or ["KẾ HOẠCH", "Nội dung."]:
        doc.add_paragraph(text)
    doc.save(path)
    return path


# --- bad input -----------------------------------------------------------------------------------------


def make_not_zip(path: Path) -> Path:
    path.write_text("Đây không phải là tệp Word.\n", encoding="utf-8")
    return path


def make_zip_without_word(path: Path) -> Path:
    """An .xlsx-like package: [Content_Types].xml and xl/workbook.xml, no word/document.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return path


def make_truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_corrupt_xml(path: Path, source: Path) -> Path:
    """A well-formed zip whose word/document.xml is not well-formed XML."""
    _rewrite_part(source, path, "word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>")
    return path


def make_encrypted(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE2 compound file holding EncryptionInfo and
    EncryptedPackage streams (only the header and directory names matter to the reader)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    directory = bytearray(512)
    for i, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, i * 128 + 64, len(raw))
    path.write_bytes(bytes(header) + bytes(directory) + b"\x00" * 1024)
    return path


def make_zip_bomb(path: Path, source: Path, inflated_mb: int = 20) -> Path:
    """A real docx plus a part of zeros: a 1000:1 compression ratio."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("word/media/padding.bin", b"\x00" * (inflated_mb * 1024 * 1024))
    return path


def make_declared_bomb(path: Path, source: Path, declared: int = 3 * 1024**3) -> Path:
    """A docx whose zip directory claims a part inflates to `declared` bytes (no data needs to be written)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("word/media/huge.bin", b"\x00" * 1024)
    data = bytearray(buf.getvalue())
    # Patch the uncompressed size of the last central-directory entry (huge.bin).
    name = b"word/media/huge.bin"
    pos = -1
    start = 0
    while True:
        i = data.find(b"PK\x01\x02", start)
        if i < 0:
            break
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46 : i + 46 + n] == name:
            pos = i
        start = i + 4
    assert pos >= 0
    struct.pack_into("<I", data, pos + 24, min(declared, 0xFFFFFFFF))
    path.write_bytes(bytes(data))
    return path


def _rewrite_part(source: Path, path: Path, part: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == part else src.read(info.filename))


def make_xxe(path: Path, source: Path, secret_file: Path) -> Path:
    """document.xml declares an external entity pointing at a local file and uses it in the text."""
    with zipfile.ZipFile(source) as src:
        xml = src.read("word/document.xml").decode("utf-8")
    decl_end = xml.index("?>") + 2
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
    xml = xml[:decl_end] + doctype + xml[decl_end:]
    xml = xml.replace("Nội dung.", "Nội dung &xxe; hết.", 1)
    _rewrite_part(source, path, "word/document.xml", xml.encode("utf-8"))
    return path


def make_billion_laughs(path: Path, source: Path) -> Path:
    with zipfile.ZipFile(source) as src:
        xml = src.read("word/document.xml").decode("utf-8")
    decl_end = xml.index("?>") + 2
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    xml = xml[:decl_end] + "<!DOCTYPE w:document [" + "".join(ents) + "]>" + xml[decl_end:]
    xml = xml.replace("Nội dung.", "&lol9;", 1)
    _rewrite_part(source, path, "word/document.xml", xml.encode("utf-8"))
    return path


def write_samples(folder: Path = SAMPLES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_auto_numbering(folder / "auto-numbering.docx"),
        make_style_numbering(folder / "style-numbering.docx"),
        make_tracked_changes(folder / "tracked-changes.docx"),
        make_tcvn3(folder / "tcvn3.docx"),
        make_task_table(folder / "task-table.docx"),
    ]


if __name__ == "__main__":
    for p in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES):
        print(p)
