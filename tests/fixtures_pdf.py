"""Make PDF test inputs: a plan written with python-docx and converted by LibreOffice, plus broken variants.

Everything here is generated, never downloaded. Used by `tests/test_reader_pdf.py` and `bench/pdf_bench.py`;
run it as a script to refresh the committed samples:

    .venv/bin/python tests/fixtures_pdf.py corpus/made/pdf

Needs LibreOffice (`soffice`) for DOCX → PDF and poppler (`pdftoppm`) for the scanned page. Fonts: the DOCX asks
for Times New Roman; LibreOffice substitutes the metric-compatible Liberation Serif (fonts-liberation2).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"

# Words the tests look for -------------------------------------------------------------------------------
ISSUER = ("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
NUMBER = "Số: 12/KH-UBND"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PLACE_DATE = "Bắc Kạn, ngày 05 tháng 3 năm 2024"
TITLE = "Triển khai chuyển đổi số trong giáo dục nghề nghiệp năm 2024"

LONG_PARAGRAPH = (
    "Căn cứ Nghị quyết số 14-NQ/TU ngày 13/5/2024 của Ban Thường vụ Tỉnh ủy về chuyển đổi số trong giáo dục "
    "nghề nghiệp giai đoạn 2024 - 2030; căn cứ Kế hoạch số 245/KH-UBND ngày 20/3/2024 của Ủy ban nhân dân tỉnh "
    "về triển khai Chương trình chuyển đổi số quốc gia trên địa bàn tỉnh, Ủy ban nhân dân tỉnh Bắc Kạn ban hành "
    "Kế hoạch triển khai chuyển đổi số trong giáo dục nghề nghiệp năm 2024 với các nội dung như sau:"
)
PURPOSE = (
    "Quán triệt đầy đủ, sâu sắc quan điểm, mục tiêu, nhiệm vụ và giải pháp về chuyển đổi số trong giáo dục "
    "nghề nghiệp; nâng cao nhận thức của cán bộ, công chức, viên chức, nhà giáo và người học về vai trò của "
    "chuyển đổi số đối với việc nâng cao chất lượng đào tạo nguồn nhân lực của tỉnh."
)
REQUIREMENT_BULLETS = [
    "Các cơ quan, đơn vị xác định rõ nội dung, tiến độ, sản phẩm và trách nhiệm của từng tổ chức, cá nhân "
    "trong việc triển khai thực hiện Kế hoạch, bảo đảm thiết thực, hiệu quả, tránh hình thức.",
    "Tăng cường sự phối hợp chặt chẽ giữa các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố và các cơ "
    "sở giáo dục nghề nghiệp trong quá trình tổ chức thực hiện.",
]
TARGETS = [
    "Phấn đấu đến hết năm 2024 có ít nhất 43% nhà giáo đạt trình độ thạc sỹ trở lên và 100% cơ sở giáo dục "
    "nghề nghiệp công lập triển khai phần mềm quản lý đào tạo.",
    "Tỷ lệ người học được tiếp cận học liệu số đạt trên 80%; khoảng 50 - 55% chương trình đào tạo được số "
    "hóa và cập nhật lên nền tảng học trực tuyến dùng chung của tỉnh.",
]
TASK_HEADER = ["STT", "Nội dung nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp"]
TASKS = [
    (
        "Xây dựng cơ sở dữ liệu nhà giáo và người học",
        "Cơ sở dữ liệu",
        "Quý II/2024",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Thông tin và Truyền thông",
    ),
    (
        "Số hóa chương trình, giáo trình đào tạo trình độ sơ cấp",
        "Học liệu số",
        "Tháng 9/2024",
        "Các cơ sở giáo dục nghề nghiệp",
        "Sở Lao động - Thương binh và Xã hội",
    ),
    (
        "Bồi dưỡng kỹ năng số cho nhà giáo và cán bộ quản lý",
        "Lớp bồi dưỡng",
        "Năm 2024",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Nội vụ",
    ),
    (
        "Triển khai phần mềm quản lý đào tạo dùng chung",
        "Phần mềm",
        "Quý III/2024",
        "Sở Thông tin và Truyền thông",
        "Các cơ sở giáo dục nghề nghiệp",
    ),
    (
        "Kiểm tra, đánh giá kết quả thực hiện Kế hoạch",
        "Báo cáo",
        "Trước ngày 15/12/2024",
        "Sở Lao động - Thương binh và Xã hội",
        "Các sở, ngành liên quan",
    ),
]
ORGANISATION = [
    (
        "1. Sở Lao động - Thương binh và Xã hội",
        [
            "Chủ trì, phối hợp với các sở, ngành, địa phương tổ chức triển khai thực hiện Kế hoạch này; theo dõi, "
            "đôn đốc, kiểm tra việc thực hiện của các cơ quan, đơn vị và tổng hợp khó khăn, vướng mắc phát sinh.",
            "Định kỳ hằng năm trước ngày 25 tháng 8 tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch.",
        ],
    ),
    (
        "2. Sở Thông tin và Truyền thông",
        [
            "Phối hợp với Sở Lao động - Thương binh và Xã hội hướng dẫn các cơ sở giáo dục nghề nghiệp bảo đảm "
            "an toàn, an ninh thông tin khi triển khai các nền tảng số; hỗ trợ kết nối, chia sẻ dữ liệu với các "
            "hệ thống dùng chung.",
        ],
    ),
    (
        "3. Sở Tài chính",
        [
            "Tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách hiện hành; hướng "
            "dẫn các cơ quan, đơn vị sử dụng kinh phí đúng mục đích, hiệu quả và thanh quyết toán theo quy định.",
        ],
    ),
]
RECIPIENTS = [
    "Bộ Lao động - TB&XH;",
    "TT Tỉnh ủy, TT HĐND tỉnh;",
    "CT, các PCT UBND tỉnh;",
    "Các sở, ban, ngành;",
    "Lưu: VT, KGVX.",
]
SIGNER = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Phạm Duy Hưng"]
FILLER = (
    "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch chi tiết, bố trí "
    "nguồn lực và tổ chức thực hiện có hiệu quả các nhiệm vụ chuyển đổi số; kịp thời phản ánh khó khăn, vướng "
    "mắc về Sở Lao động - Thương binh và Xã hội để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo."
)


# --- DOCX building ----------------------------------------------------------------------------------------


def _run(par, text: str, *, bold=False, italic=False, size=14.0):
    run = par.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    run.font.name = FONT
    return run


def _par(
    cell_or_doc, text: str = "", *, bold=False, italic=False, size=14.0, align=None, indent=None, after=6.0, before=0.0
):
    par = cell_or_doc.add_paragraph()
    if text:
        _run(par, text, bold=bold, italic=italic, size=size)
    fmt = par.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = 1.0
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    return par


def _cell_par(cell, text: str, **kw):
    """First paragraph of a cell is the empty one python-docx creates; reuse it."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs:
        par = cell.paragraphs[0]
        if text:
            _run(par, text, bold=kw.get("bold", False), italic=kw.get("italic", False), size=kw.get("size", 13.0))
        fmt = par.paragraph_format
        fmt.space_after = Pt(kw.get("after", 0))
        fmt.line_spacing = 1.0
        if kw.get("align") is not None:
            fmt.alignment = kw["align"]
        return par
    kw.setdefault("after", 0)
    kw.setdefault("size", 13.0)
    return _par(cell, text, **kw)


def _widths(table, widths):
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _grid_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _page_field(par):
    """A PAGE field (the running page number LibreOffice fills in)."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def _setup(doc, *, footer_text: str | None = None):
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
    sec.header_distance = Cm(1)
    # Nghị định 30: the page number is centred at the top, from page 2 on.
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(hp)
    for r in hp.runs:
        r.font.size = Pt(13)
    if footer_text:
        for footer in (sec.footer, sec.first_page_footer):
            fp = footer.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(fp, footer_text, italic=True, size=10)


def _header_table(doc, boxed: bool = False):
    table = doc.add_table(rows=1, cols=2)
    (_grid_borders if boxed else _no_borders)(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(6.2), Cm(10.3)])
    left, right = table.rows[0].cells
    C = WD_ALIGN_PARAGRAPH.CENTER
    _cell_par(left, ISSUER[0], align=C, size=13)
    _cell_par(left, ISSUER[1], align=C, size=13, bold=True)
    _cell_par(left, "", align=C, size=6)
    _cell_par(left, NUMBER, align=C, size=13)
    _cell_par(right, MOTTO[0], align=C, size=13, bold=True)
    _cell_par(right, MOTTO[1], align=C, size=14, bold=True)
    _cell_par(right, "", align=C, size=6)
    _cell_par(right, PLACE_DATE, align=C, size=14, italic=True)


def _task_table(doc):
    table = doc.add_table(rows=1, cols=6)
    _grid_borders(table)
    widths = [Cm(1.1), Cm(5), Cm(2.4), Cm(2.4), Cm(2.8), Cm(2.8)]
    for cell, text in zip(table.rows[0].cells, TASK_HEADER):
        _cell_par(cell, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for i, task in enumerate(TASKS, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(i), *task)):
            _cell_par(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.CENTER if text == str(i) else None)
    _widths(table, widths)
    return table


def _signature_table(doc, boxed: bool = False):
    table = doc.add_table(rows=1, cols=2)
    (_grid_borders if boxed else _no_borders)(table)
    _widths(table, [Cm(8), Cm(8.5)])
    left, right = table.rows[0].cells
    _cell_par(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for r in RECIPIENTS:
        _cell_par(left, "- " + r, size=11)
    for line in SIGNER:
        _cell_par(right, line, bold=bool(line), size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def build_plan_docx(
    path: Path,
    *,
    filler_paragraphs: int = 6,
    repeat_tasks: int = 1,
    footer_text: str | None = None,
    boxed: bool = False,
) -> Path:
    """The test plan: two-column header, title, headings, wrapped paragraphs, a task table, signature.

    `boxed`: draw borders round the header and signature tables (some offices do)."""
    doc = Document()
    _setup(doc, footer_text=footer_text)
    _header_table(doc, boxed)
    C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _par(doc, "KẾ HOẠCH", bold=True, align=C, before=12, after=0)
    _par(doc, TITLE, bold=True, align=C, after=12)
    _par(doc, LONG_PARAGRAPH, align=J, indent=1)
    _par(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True, align=J, indent=1)
    _par(doc, "1. Mục đích", bold=True, align=J, indent=1)
    _par(doc, PURPOSE, align=J, indent=1)
    _par(doc, "2. Yêu cầu", bold=True, align=J, indent=1)
    for b in REQUIREMENT_BULLETS:
        _par(doc, "- " + b, align=J, indent=1)
    _par(doc, "II. MỤC TIÊU", bold=True, align=J, indent=1)
    for b in TARGETS:
        _par(doc, "- " + b, align=J, indent=1)
    _par(doc, "III. NHIỆM VỤ, GIẢI PHÁP", bold=True, align=J, indent=1)
    for _ in range(repeat_tasks):
        _par(doc, "Các nhiệm vụ cụ thể được giao tại bảng sau:", align=J, indent=1)
        _task_table(doc)
    _par(doc, "IV. TỔ CHỨC THỰC HIỆN", bold=True, align=J, indent=1, before=6)
    for heading, paras in ORGANISATION:
        _par(doc, heading, bold=True, align=J, indent=1)
        for p in paras:
            _par(doc, "- " + p, align=J, indent=1)
    for i in range(filler_paragraphs):
        _par(doc, f"{len(ORGANISATION) + 1 + i}. Ủy ban nhân dân huyện số {i + 1}", bold=True, align=J, indent=1)
        _par(doc, FILLER, align=J, indent=1)
    _par(
        doc,
        "Trên đây là Kế hoạch triển khai chuyển đổi số trong giáo dục nghề nghiệp năm 2024 của Ủy ban "
        "nhân dân tỉnh Bắc Kạn./.",
        align=J,
        indent=1,
    )
    _signature_table(doc, boxed)
    path = Path(path)
    doc.save(path)
    return path


def build_long_docx(path: Path, pages: int = 200) -> Path:
    """A long plan for the memory benchmark: the task section repeated until about `pages` pages."""
    # A numbered heading plus one filler paragraph is about a sixth of a page; each task table about a page.
    return build_plan_docx(path, filler_paragraphs=max(0, int(pages * 6.4) - 20), repeat_tasks=max(1, pages // 20))


# --- conversion and variants --------------------------------------------------------------------------------


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    docx_paths: list[Path], outdir: Path, *, timeout: float = 240, filter_spec: str = "pdf"
) -> list[Path]:
    """DOCX → PDF with LibreOffice in a private profile; raises RuntimeError when a PDF is not produced."""
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo-{uuid.uuid4().hex}"
    cmd = [
        exe,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        filter_spec,
        "--outdir",
        str(outdir),
        *map(str, docx_paths),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / (Path(p).stem + ".pdf") for p in docx_paths]
    missing = [str(o) for o in outs if not o.exists() or o.stat().st_size == 0]
    if missing:
        raise RuntimeError(f"soffice did not produce {missing}: rc={proc.returncode} {proc.stderr.strip()[:500]}")
    return outs


def make_scan_pdf(
    src_pdf: Path, out_pdf: Path, *, pages: tuple[int, ...] = (1,), dpi: int = 200, quality: int = 35
) -> Path:
    """Rasterise pages of a PDF with pdftoppm and wrap the images into a PDF with no text layer (JPEG, grey)."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm (poppler-utils) is not installed")
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            prefix = Path(tmp) / f"p{page}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-r",
                    str(dpi),
                    "-gray",
                    "-png",
                    "-singlefile",
                    str(src_pdf),
                    str(prefix),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            img = Image.open(f"{prefix}.png")
            img.load()
            images.append(img.convert("L"))
    # Pillow writes DCT (JPEG) streams for greyscale images; the page size follows from the resolution.
    images[0].save(out_pdf, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], quality=quality)
    return Path(out_pdf)


def make_encrypted_pdf(docx_path: Path, outdir: Path, password: str = "matkhau") -> Path:
    """A PDF that needs a password to open, exported by LibreOffice with a document-open password."""
    options = {
        "EncryptFile": {"type": "boolean", "value": "true"},
        "DocumentOpenPassword": {"type": "string", "value": password},
    }
    spec = "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))
    out = convert_to_pdf([docx_path], outdir, filter_spec=spec)[0]
    if b"/Encrypt" not in out.read_bytes():
        raise RuntimeError("LibreOffice did not encrypt the PDF (JSON filter options unsupported?)")
    return out


def make_mixed_pdf(text_pdf: Path, scan_pdf: Path, out_pdf: Path) -> Path:
    """The pages of `text_pdf` followed by those of `scan_pdf` (pypdfium2, a pdfplumber dependency)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(text_pdf))
    other = pdfium.PdfDocument(str(scan_pdf))
    try:
        doc.import_pages(other)
        doc.save(str(out_pdf))
    finally:
        other.close()
        doc.close()
    return Path(out_pdf)


def make_truncated_pdf(src_pdf: Path, out_pdf: Path, fraction: float = 0.55) -> Path:
    data = Path(src_pdf).read_bytes()
    Path(out_pdf).write_bytes(data[: int(len(data) * fraction)])
    return Path(out_pdf)


def make_all(outdir: Path) -> dict[str, Path]:
    """Every PDF the tests use, made in `outdir`: plan, plan_footer, plan_boxed, scan, mixed (plan + scan),
    encrypted, truncated, not_pdf."""
    outdir = Path(outdir)
    src = outdir / "src"
    src.mkdir(parents=True, exist_ok=True)
    plan_docx = build_plan_docx(src / "plan.docx")
    footer_docx = build_plan_docx(
        src / "plan_footer.docx", filler_paragraphs=9, footer_text="Kế hoạch số 12/KH-UBND của UBND tỉnh Bắc Kạn"
    )
    boxed_docx = build_plan_docx(src / "plan_boxed.docx", filler_paragraphs=0, boxed=True)
    plan, plan_footer, plan_boxed = convert_to_pdf([plan_docx, footer_docx, boxed_docx], outdir)
    enc_dir = outdir / "enc"
    enc_docx = src / "encrypted.docx"
    shutil.copyfile(plan_docx, enc_docx)
    encrypted = make_encrypted_pdf(enc_docx, enc_dir)
    encrypted = encrypted.replace(outdir / "encrypted.pdf")
    scan = make_scan_pdf(plan, outdir / "scan.pdf", pages=(1,))
    truncated = make_truncated_pdf(plan, outdir / "truncated.pdf")
    mixed = make_mixed_pdf(plan, scan, outdir / "mixed.pdf")
    not_pdf = outdir / "not_pdf.pdf"
    shutil.copyfile(plan_docx, not_pdf)  # a DOCX renamed to .pdf
    return {
        "plan": plan,
        "plan_footer": plan_footer,
        "plan_boxed": plan_boxed,
        "scan": scan,
        "mixed": mixed,
        "encrypted": encrypted,
        "truncated": truncated,
        "not_pdf": not_pdf,
    }


def make_long_pdf(outdir: Path, pages: int = 200) -> Path:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    docx = build_long_docx(outdir / f"long{pages}.docx", pages)
    return convert_to_pdf([docx], outdir, timeout=600)[0]


def write_samples(target: Path) -> list[Path]:
    """Refresh the committed samples in corpus/made/pdf (each kept under 300 KB)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        made = make_all(Path(tmp))
        out = []
        for key, name in (
            ("plan", "ke-hoach-hai-cot.pdf"),
            ("scan", "ke-hoach-trang-scan.pdf"),
            ("plan_footer", "ke-hoach-chan-trang.pdf"),
        ):
            dest = target / name
            shutil.copyfile(made[key], dest)
            size = dest.stat().st_size
            if size > 300_000:
                raise RuntimeError(f"{dest} is {size} bytes, over 300 KB")
            out.append(dest)
    return out


if __name__ == "__main__":
    for p in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus/made/pdf")):
        print(p, p.stat().st_size)
