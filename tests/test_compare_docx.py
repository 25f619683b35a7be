"""The .docx/.xlsx outputs of a comparison: tracked changes a reviewer can accept or reject, the comparison
appendix, and the coverage matrix (docx and xlsx)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.compare.matrix import (
    COLUMNS,
    REASONS_VI,
    STATUS_FILL,
    SUMMARY_SHEET,
    coverage_docx,
    coverage_xlsx,
    reason_vi,
)
from docgen.compare.tracked import diff_docx, diff_spec, with_old_copies
from docgen.lint import lint_docx
from docgen.render import html_text, markdown_text
from docgen.render import spec as S
from extract.compare import coverage, diff_plans
from extract.compare.cover import reason
from extract.compare.flatten import flatten
from extract.compare.model import (
    Change,
    ChangeKind,
    CoverageItem,
    CoverageReport,
    CoverageStatus,
    PlanDiff,
    ReasonCode,
    Row,
    Side,
    WordOp,
)
from extract.model import Source
from extract.normalize import match_key
from extract.ooxml.ns import W_NS
from extract.pipeline import extract_text

W = "{" + W_NS + "}"
REV_DATE = "2025-11-05T08:00:00Z"

OLD = """ỦY BAN NHÂN DÂN
XÃ THƯỢNG LÂM
Số: 58/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thượng Lâm, ngày 20 tháng 10 năm 2025

KẾ HOẠCH
Thực hiện công tác giảm nghèo bền vững trên địa bàn xã Thượng Lâm giai đoạn 2026 - 2030

Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025;
Thực hiện Kế hoạch số 245/KH-UBND ngày 30/9/2025 của UBND tỉnh Tuyên Quang về giảm nghèo bền vững giai đoạn 2026 - 2030;
Ủy ban nhân dân xã ban hành Kế hoạch thực hiện công tác giảm nghèo bền vững trên địa bàn xã giai đoạn \
2026 - 2030, như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Triển khai đồng bộ, hiệu quả các chính sách giảm nghèo của Trung ương, của tỉnh trên địa bàn xã.
- Khơi dậy ý chí tự lực, tự cường vươn lên thoát nghèo của người dân, khắc phục tư tưởng trông chờ, \
ỷ lại vào sự hỗ trợ của Nhà nước.
2. Yêu cầu
- Xác định giảm nghèo bền vững là nhiệm vụ trọng tâm, thường xuyên của cả hệ thống chính trị.
- Việc rà soát, xác định hộ nghèo, hộ cận nghèo phải bảo đảm công khai, dân chủ, đúng quy trình, đúng đối tượng.
II. MỤC TIÊU
1. Mục tiêu chung
Giảm nghèo đa chiều, bao trùm, bền vững; hạn chế tái nghèo và phát sinh nghèo.
2. Mục tiêu cụ thể
- Tỷ lệ hộ nghèo đa chiều của xã giảm còn dưới 18% vào năm 2027.
- Hỗ trợ ít nhất 150 hộ nghèo, hộ cận nghèo phát triển sản xuất, đa dạng hóa sinh kế.
- 100% người thuộc hộ nghèo, hộ cận nghèo được cấp thẻ bảo hiểm y tế.
III. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền, nâng cao nhận thức về giảm nghèo cho cán bộ và nhân dân.
2. Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế gắn với kinh tế rừng và du lịch sinh thái.
3. Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo có khó khăn về nhà ở.
IV. TỔ CHỨC THỰC HIỆN
1. Công chức Văn hóa - Xã hội
Chủ trì, tham mưu Ủy ban nhân dân xã tổ chức triển khai Kế hoạch; tổng hợp, báo cáo kết quả trước ngày 15/12 hằng năm.
2. Các thôn
Phối hợp rà soát hộ nghèo, hộ cận nghèo hằng năm.
Trên đây là Kế hoạch thực hiện công tác giảm nghèo bền vững của Ủy ban nhân dân xã Thượng Lâm.

Nơi nhận:
- UBND tỉnh Tuyên Quang;
- Thường trực Đảng ủy xã;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""

MOVED = (
    "- Việc rà soát, xác định hộ nghèo, hộ cận nghèo phải bảo đảm công khai, dân chủ, đúng quy trình, đúng đối tượng.\n"
)
DROPPED = (
    "- Khơi dậy ý chí tự lực, tự cường vươn lên thoát nghèo của người dân, khắc phục tư tưởng trông chờ, "
    "ỷ lại vào sự hỗ trợ của Nhà nước.\n"
)
ADDED = "- Phấn đấu 100% trẻ em thuộc hộ nghèo trong độ tuổi được đến trường.\n"
NEW_SECTION = (
    "IV. KINH PHÍ THỰC HIỆN\nKinh phí thực hiện Kế hoạch từ nguồn ngân sách xã và các nguồn huy động hợp pháp khác.\n"
)


def _new_text() -> str:
    s = OLD.replace("Số: 58/KH-UBND", "Số: 64/KH-UBND").replace("ngày 20 tháng 10", "ngày 05 tháng 11")
    s = s.replace("dưới 18% vào năm 2027", "dưới 15% vào năm 2027")
    s = s.replace(DROPPED, "")
    s = s.replace("được cấp thẻ bảo hiểm y tế.\n", "được cấp thẻ bảo hiểm y tế.\n" + ADDED)
    s = s.replace(MOVED, "").replace("2. Yêu cầu\n", MOVED + "2. Yêu cầu\n")  # from Yêu cầu to Mục đích
    s = s.replace("3. Hỗ trợ nhà ở cho", "3. Hỗ trợ xây mới, sửa chữa nhà ở cho")
    s = s.replace("trước ngày 15/12 hằng năm", "trước ngày 10/12 hằng năm")
    s = s.replace("- Thường trực Đảng ủy xã;\n", "- Thường trực Đảng ủy xã;\n- Các thôn trên địa bàn xã;\n")
    s = s.replace("IV. TỔ CHỨC THỰC HIỆN\n", NEW_SECTION + "V. TỔ CHỨC THỰC HIỆN\n")  # a new part renumbers the next
    return s


@pytest.fixture(scope="module")
def plans():
    old = extract_text(OLD, "ke-hoach-cu.txt")
    new = extract_text(_new_text(), "ke-hoach-moi.txt")
    return old, new


@pytest.fixture(scope="module")
def diff(plans):
    return diff_plans(*plans)


@pytest.fixture(scope="module")
def tracked(plans, diff) -> bytes:
    old, new = plans
    return diff_docx(diff, new, old_plan=old, revision_date=REV_DATE)


def _document_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _main_paragraphs(root) -> list:
    """Top-level paragraphs of the main part (before the first section break: the appendix follows it)."""
    out = []
    for p in root.find(f"{W}body").findall(f"{W}p"):
        if p.find(f"{W}pPr/{W}sectPr") is not None:
            break
        out.append(p)
    return out


def _resolved(data: bytes, accept: bool) -> list[str]:
    """The main part's paragraphs after "accept all" (or "reject all"), rebuilt from the revision marks.

    Accepting keeps what is not deleted and joins a paragraph whose mark is deleted to the next one;
    rejecting keeps what is not inserted (deleted text comes back) and joins paragraphs whose mark is inserted."""
    out: list[str] = []
    carry = ""
    for p in _main_paragraphs(_document_xml(data)):
        parts = []
        for r in p.iter(f"{W}r"):
            anc = {a.tag for a in r.iterancestors()}
            if accept and f"{W}del" in anc or not accept and f"{W}ins" in anc:
                continue
            for t in r:
                if t.tag in (f"{W}t", f"{W}delText"):
                    parts.append(t.text or "")
        text = carry + "".join(parts)
        merged = p.find(f"{W}pPr/{W}rPr/{W}{'del' if accept else 'ins'}") is not None
        if merged:
            carry = text
            continue
        carry = ""
        if text.strip():
            out.append(text)
    return out


def _key(text: str) -> str:
    """Match key of a paragraph as printed, without its bullet marker (the plan model keeps markers apart)."""
    return match_key(re.sub(r"^[-+–•]\s+", "", text.strip()))


def _expected(plan) -> list[str]:
    """What the main part of a plan reads: type name, title, preamble, numbered headings, paragraphs, closing."""
    flat = flatten(plan)
    out = [plan.header.doc_type or "Kế hoạch"]
    for u in flat.units:
        if u.role in ("recipient", "signer"):
            continue
        if u.role == "heading":
            out.append(f"{flat.sections[u.section].number or ''} {u.text}")
        else:
            out.append(u.text)
    return [_key(x) for x in out]


# ---------------------------------------------------------------------------------------------- revisions


def test_revisions_are_word_tracked_changes_by_kehoach(tracked):
    root = _document_xml(tracked)
    ins, dels = list(root.iter(f"{W}ins")), list(root.iter(f"{W}del"))
    assert ins and dels
    revs = ins + dels
    assert {r.get(f"{W}author") for r in revs} == {"kehoach"}
    assert {r.get(f"{W}date") for r in revs} == {REV_DATE}
    ids = [r.get(f"{W}id") for r in revs]
    assert len(ids) == len(set(ids)), "revision ids must be unique"
    # deleted text is w:delText, never w:t; inserted text is w:t
    for d in dels:
        assert not list(d.iter(f"{W}t"))
    assert any(t.text and "18%" in t.text for t in root.iter(f"{W}delText"))
    assert any(t.text and "15%" in t.text for i in ins for t in i.iter(f"{W}t"))


def test_whole_paragraphs_mark_their_paragraph_mark(tracked):
    paras = _main_paragraphs(_document_xml(tracked))

    def text(p, tag):
        return "".join(t.text or "" for t in p.iter(f"{W}{tag}"))

    dropped = [p for p in paras if "Khơi dậy ý chí" in text(p, "delText")]
    added = [p for p in paras if "Phấn đấu 100% trẻ em" in text(p, "t")]
    assert len(dropped) == 1 and len(added) == 1
    assert dropped[0].find(f"{W}pPr/{W}rPr/{W}del") is not None
    assert added[0].find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert not text(dropped[0], "t")  # nothing of it survives "accept all"


def test_accept_all_reads_new_and_reject_all_reads_old(plans, tracked):
    old, new = plans
    assert [_key(x) for x in _resolved(tracked, accept=True)] == _expected(new)
    assert [_key(x) for x in _resolved(tracked, accept=False)] == _expected(old)


def test_moved_paragraph_is_inserted_at_new_place_and_deleted_at_old(tracked):
    accepted = _resolved(tracked, accept=True)
    rejected = _resolved(tracked, accept=False)
    moved = _key(MOVED)
    keys_a = [_key(x) for x in accepted]
    keys_r = [_key(x) for x in rejected]
    assert keys_a.count(moved) == 1 and keys_r.count(moved) == 1
    assert keys_a.index(moved) < keys_a.index(_key("2. Yêu cầu"))
    assert keys_r.index(moved) > keys_r.index(_key("2. Yêu cầu"))


def test_header_is_the_new_plans(tracked):
    import docx

    doc = docx.Document(io.BytesIO(tracked))
    header = " ".join(c.text for c in doc.tables[0]._cells)
    assert "64/KH-UBND" in header and "ngày 05 tháng 11 năm 2025" in header
    assert "58/KH-UBND" not in header


def test_appendix_is_a_landscape_comparison_table(diff, tracked):
    import docx

    root = _document_xml(tracked)
    sects = list(root.iter(f"{W}sectPr"))
    assert len(sects) == 2
    assert sects[0].find(f"{W}pgSz").get(f"{W}orient") is None
    assert sects[-1].find(f"{W}pgSz").get(f"{W}orient") == "landscape"

    doc = docx.Document(io.BytesIO(tracked))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Nội dung cũ", "Nội dung mới", "Ghi chú"]
    assert len(table.rows) == len(diff.changes) + 1
    lowered = next(i for i, c in enumerate(diff.changes) if c.kind is ChangeKind.target_lowered)
    row = table.rows[lowered + 1]
    assert "18%" in row.cells[0].text and "15%" in row.cells[1].text
    assert row.cells[2].text.startswith("Giảm chỉ tiêu")
    bold = [r.text for p in row.cells[1].paragraphs for r in p.runs if r.bold]
    assert any("15%" in b for b in bold)  # the differing words stand out
    date_row = next(r for r in table.rows[1:] if "ngày ban hành" in r.cells[2].text)
    assert "ngày 20 tháng 10 năm 2025" in date_row.cells[0].text


def test_tracked_document_lints_clean(tracked):
    report = lint_docx(tracked, name="so-sanh.docx")
    assert report.errors == [], [f"{v.rule} {v.location.label()} {v.found}" for v in report.errors]
    assert report.violations == []


# ---------------------------------------------------------------------------------------------- LibreOffice

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(sIn As String, sOut As String, sCmd As String)
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, aLoad())
  oDisp = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  oDisp.executeDispatch(oDoc.CurrentController.Frame, &quot;.uno:&quot; &amp; sCmd, &quot;&quot;, 0, Array())
  Dim aStore(1) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = &quot;Text (encoded)&quot;
  aStore(1).Name = &quot;FilterOptions&quot;
  aStore(1).Value = &quot;UTF8&quot;
  oDoc.storeToURL(ConvertToURL(sOut), aStore())
  oDoc.close(True)
End Sub
</script:module>
"""


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_accept_all_and_reject_all(tmp_path, plans, tracked):
    """Accept/reject every change in LibreOffice itself (a Basic macro in a private profile), then read the text."""
    exe = _soffice()
    profile = tmp_path / "profile"
    env_arg = f"-env:UserInstallation={profile.as_uri()}"
    subprocess.run([exe, "--headless", env_arg, "--terminate_after_init"], capture_output=True, timeout=120)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        pytest.skip("LibreOffice did not create a user profile")
    module.write_text(_MACRO, encoding="utf-8")
    src = tmp_path / "so-sanh.docx"
    src.write_bytes(tracked)
    texts = {}
    for cmd in ("AcceptAllTrackedChanges", "RejectAllTrackedChanges"):
        out = tmp_path / f"{cmd}.txt"
        macro = f'macro:///Standard.Module1.Resolve("{src}","{out}","{cmd}")'
        subprocess.run([exe, "--headless", env_arg, macro], capture_output=True, timeout=120)
        assert out.exists(), f"LibreOffice did not run {cmd}"
        texts[cmd] = out.read_text(encoding="utf-8-sig")
    old, new = plans

    def body(text: str) -> list[str]:
        lines = [_key(x) for x in text.splitlines() if x.strip()]
        start = lines.index(_key(new.header.doc_type or "Kế hoạch"))
        end = lines.index(_key("Nơi nhận:"))
        return lines[start:end]

    assert body(texts["AcceptAllTrackedChanges"]) == _expected(new)
    assert body(texts["RejectAllTrackedChanges"]) == _expected(old)
    accepted_tail = texts["AcceptAllTrackedChanges"].split("Nơi nhận:")[1]
    rejected_tail = texts["RejectAllTrackedChanges"].split("Nơi nhận:")[1]
    assert "Các thôn trên địa bàn xã;" in accepted_tail.split("Phụ lục")[0]
    assert "Các thôn trên địa bàn xã;" not in rejected_tail.split("Phụ lục")[0]


# ---------------------------------------------------------------------------------------------- hand-built diffs


def _src(start: int) -> Source:
    return Source(file="cu.txt", start=start, end=start + 10)


def test_old_copy_of_a_moved_row_goes_after_its_old_neighbour():
    rows = [
        Row(
            status="equal",
            role="heading",
            level=1,
            number="I.",
            old=Side(text="MỤC ĐÍCH", source=_src(0)),
            new=Side(text="MỤC ĐÍCH"),
        ),
        Row(status="moved", old=Side(text="Đoạn chuyển", source=_src(300)), new=Side(text="Đoạn chuyển")),
        Row(status="equal", old=Side(text="Đoạn A", source=_src(100)), new=Side(text="Đoạn A")),
        Row(status="removed", old=Side(text="Đoạn B", source=_src(200)), change=0),
        Row(status="equal", old=Side(text="Đoạn C", source=_src(400)), new=Side(text="Đoạn C")),
        Row(status="moved", old=Side(text="Đoạn đầu", source=_src(0)), new=Side(text="Đoạn đầu")),
    ]
    order = [(r.old.text if how == "old" else (r.new or r.old).text, how) for r, how in with_old_copies(rows)]
    # OLD order was: MỤC ĐÍCH(0) · Đoạn đầu(0, moved) · A(100) · B(200) · chuyển(300) · C(400)
    assert order.index(("Đoạn chuyển", "old")) == order.index(("Đoạn B", "row")) + 1
    assert order[0] == ("Đoạn đầu", "old")  # nothing came before it in OLD
    assert order.count(("Đoạn chuyển", "row")) == 1


def test_hand_built_diff_renders_words_and_whole_rows():
    new_plan = extract_text(_new_text(), "moi.txt")
    d = PlanDiff(
        old_file="cu.txt",
        new_file="moi.txt",
        changes=[
            Change(
                kind=ChangeKind.target_raised,
                summary="Target raised 43% → 44%",
                old=Side(text="Tỷ lệ đạt 43% trở lên.", value="43%"),
                new=Side(text="Tỷ lệ đạt 44% trở lên.", value="44%"),
            )
        ],
        rows=[
            Row(
                status="reworded",
                old=Side(text="Tỷ lệ đạt 43% trở lên."),
                new=Side(text="Tỷ lệ đạt 44% trở lên."),
                words=[
                    WordOp(op="equal", old="Tỷ lệ đạt ", new="Tỷ lệ đạt "),
                    WordOp(op="replace", old="43% ", new="44% "),
                    WordOp(op="equal", old="trở lên.", new="trở lên."),
                ],
                change=0,
            ),
            Row(status="removed", role="heading", level=1, number="V.", old=Side(text="KINH PHÍ")),
            Row(status="added", new=Side(text="Kinh phí do ngân sách xã bảo đảm.")),
        ],
    )
    spec = diff_spec(d, new_plan, revision_date=REV_DATE)
    body = [e for e in spec.elements if isinstance(e, (S.Paragraph, S.Heading))]
    assert [(r.text, r.change) for r in body[0].runs] == [
        ("Tỷ lệ đạt ", None),
        ("43% ", "del"),
        ("44% ", "ins"),
        ("trở lên.", None),
    ]
    assert isinstance(body[1], S.Heading) and body[1].change == "del" and body[1].number == "V."
    assert body[2].change == "ins"
    appendix = spec.elements[-1]
    assert isinstance(appendix, S.Appendix) and appendix.orientation == "landscape"
    note = appendix.elements[-1].rows[1].cells[2].paragraphs[0][0].text
    assert note == "Nâng chỉ tiêu: 43% → 44%"
    data = diff_docx(d, new_plan, revision_date=REV_DATE)
    assert lint_docx(data).errors == []
    accepted = [_key(x) for x in _resolved(data, accept=True)]
    rejected = [_key(x) for x in _resolved(data, accept=False)]
    assert _key("Tỷ lệ đạt 44% trở lên.") in accepted and _key("Tỷ lệ đạt 43% trở lên.") in rejected
    assert _key("V. KINH PHÍ") in rejected and _key("V. KINH PHÍ") not in accepted
    assert _key("Kinh phí do ngân sách xã bảo đảm.") in accepted
    assert _key("Kinh phí do ngân sách xã bảo đảm.") not in rejected


# ---------------------------------------------------------------------------------------------- spec vocabulary


def test_spec_reads_tracked_changes():
    spec = S.parse_spec(
        '<document revision_date="2025-01-02T03:04:05Z"><summary>Kế hoạch <del>năm 2024</del><ins>năm 2025</ins>'
        '</summary><paragraph change="del">Đoạn bỏ</paragraph><bullet change="ins" marker="-">Ý mới</bullet>'
        "<paragraph>Đạt <b><del>43%</del><ins>44%</ins></b> trở lên</paragraph></document>"
    )
    assert spec.revision_date == "2025-01-02T03:04:05Z"
    summary, dropped, bullet, para = spec.elements
    assert summary.lines == ["Kế hoạch năm 2025"] and summary.tracked[0][1].change == "del"
    assert dropped.change == "del" and bullet.change == "ins"
    assert [(r.text, r.bold, r.change) for r in para.runs] == [
        ("Đạt ", False, None),
        ("43%", True, "del"),
        ("44%", True, "ins"),
        (" trở lên", False, None),
    ]
    assert S.runs_text(para.runs) == "Đạt 44% trở lên"
    assert "~~43%~~" in markdown_text(spec) and "~~Đoạn bỏ~~" in markdown_text(spec)
    html = html_text(spec)
    assert "<del><b>43%</b></del>" in html and "<ins><b>44%</b></ins>" in html and "<del>Đoạn bỏ</del>" in html


@pytest.mark.parametrize(
    "xml",
    [
        "<document><paragraph change='moved'>x</paragraph></document>",
        "<document><paragraph><del>a <ins>b</ins></del></paragraph></document>",
        "<document orientation='sideways'><paragraph>x</paragraph></document>",
    ],
)
def test_spec_rejects_bad_tracked_changes(xml):
    with pytest.raises(S.SpecError):
        S.parse_spec(xml, source="t.xml.j2")


# ---------------------------------------------------------------------------------------------- coverage

PARENT = """ỦY BAN NHÂN DÂN
TỈNH TUYÊN QUANG
Số: 245/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tuyên Quang, ngày 30 tháng 9 năm 2025

KẾ HOẠCH
Thực hiện công tác giảm nghèo bền vững trên địa bàn tỉnh giai đoạn 2026 - 2030

I. MỤC TIÊU
1. Mục tiêu chung
Giảm nghèo đa chiều, bao trùm, bền vững; hạn chế tái nghèo và phát sinh nghèo.
2. Mục tiêu cụ thể
- Tỷ lệ hộ nghèo đa chiều giảm bình quân 3%/năm.
- Đến năm 2027, 100% người thuộc hộ nghèo, hộ cận nghèo được cấp thẻ bảo hiểm y tế.
- Hỗ trợ xây mới, sửa chữa ít nhất 2.000 căn nhà cho hộ nghèo đến năm 2030.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
Chủ trì, tham mưu Ủy ban nhân dân tỉnh tổ chức triển khai Kế hoạch; báo cáo kết quả trước ngày 15/12 hằng năm.
2. Sở Xây dựng
Chủ trì hướng dẫn hỗ trợ nhà ở cho hộ nghèo.
3. Ủy ban nhân dân các xã, phường
Chủ trì xây dựng kế hoạch giảm nghèo của địa phương; báo cáo kết quả trước ngày 10/12 hằng năm.

Nơi nhận:
- Bộ Nông nghiệp và Môi trường;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Sơn
"""


def _item(kind, status, parent, child=None, score=0.0, reasons=(), by="none", value=None):
    return CoverageItem(
        kind=kind,
        id=f"{kind[0].upper()}{abs(hash(parent)) % 100:02d}",
        status=status,
        parent=Side(text=parent, value=value),
        child=Side(text=child, section="II.2.") if child else None,
        score=score,
        by=by,
        reasons=list(reasons),
    )


@pytest.fixture(scope="module")
def report() -> CoverageReport:
    return CoverageReport(
        parent_file="/du-lieu/tinh/ke-hoach-245.docx",
        child_file="ke-hoach-xa-58.md",
        items=[
            _item(
                "target",
                CoverageStatus.covered,
                "Đến năm 2027, 100% người thuộc hộ nghèo được cấp thẻ bảo hiểm y tế.",
                "100% người thuộc hộ nghèo được cấp thẻ bảo hiểm y tế.",
                0.9,
                by="similarity",
            ),
            _item(
                "target",
                CoverageStatus.weakened,
                "Tỷ lệ hộ nghèo đa chiều giảm còn dưới 15%.",
                "Tỷ lệ hộ nghèo đa chiều giảm còn dưới 18%.",
                0.95,
                [reason(ReasonCode.target_below, "15%", "18%")],
                "origin",
            ),
            _item(
                "task", CoverageStatus.missing, "Đào tạo nghề, giải quyết việc làm cho người lao động thuộc hộ nghèo."
            ),
            _item(
                "responsibility",
                CoverageStatus.weakened,
                "Ủy ban nhân dân các xã, phường",
                "Công chức Văn hóa - Xã hội",
                0.73,
                [reason(ReasonCode.role_weaker, "chủ trì", "phối hợp")],
                value="Ủy ban nhân dân các xã, phường (chủ trì)",
            ),
        ],
    )


def test_reasons_are_worded_in_vietnamese():
    assert reason_vi(reason(ReasonCode.target_below, "15%", "18%")) == "chỉ tiêu 18% thấp hơn cấp trên (15%)"
    assert (
        reason_vi(reason(ReasonCode.deadline_later, "trước ngày 15/12", "trước ngày 20/12", task="Báo cáo kết quả"))
        == "nhiệm vụ 'Báo cáo kết quả': thời hạn 'trước ngày 20/12' muộn hơn cấp trên ('trước ngày 15/12')"
    )
    assert set(REASONS_VI) == set(ReasonCode)  # every code the engine can give has a Vietnamese wording


def test_coverage_docx_is_a_landscape_nd30_table(report):
    import docx

    data = coverage_docx(report)
    root = _document_xml(data)
    sects = list(root.iter(f"{W}sectPr"))
    assert len(sects) == 1 and sects[0].find(f"{W}pgSz").get(f"{W}orient") == "landscape"
    doc = docx.Document(io.BytesIO(data))
    matrix = doc.tables[-1]
    assert [c.text for c in matrix.rows[0].cells] == COLUMNS
    assert len(matrix.rows) == len(report.items) + 1
    cells = [[c.text for c in r.cells] for r in matrix.rows[1:]]
    assert [r[2] for r in cells] == ["Mục tiêu", "Mục tiêu", "Nhiệm vụ", "Trách nhiệm"]
    assert [r[3] for r in cells] == ["Đã bao phủ", "Bị giảm nhẹ", "Thiếu", "Bị giảm nhẹ"]
    assert cells[1][5] == "95%" and cells[2][5] == "" and cells[2][4] == ""
    assert "Chỉ tiêu 18% thấp hơn cấp trên (15%)" in cells[1][6] and "nguồn gốc" in cells[1][6]
    assert cells[3][1] == "Ủy ban nhân dân các xã, phường (chủ trì)"
    assert "cấp dưới chỉ phối hợp" in cells[3][6]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bảng đối chiếu mức độ bao phủ" in text
    assert "ke-hoach-245.docx" in text and "ke-hoach-xa-58.md" in text
    assert "/du-lieu/" not in text  # file names, not where they were on the reviewer's disk
    counts = doc.tables[1]
    assert [c.text for c in counts.rows[-1].cells] == ["Tổng cộng", "1", "2", "1", "4"]
    report_ = lint_docx(data, name="bao-phu.docx")
    assert report_.errors == [], [f"{v.rule} {v.location.label()} {v.found}" for v in report_.errors]


def test_coverage_xlsx_rows_colours_and_summary(report):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(coverage_xlsx(report)))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:G{len(report.items) + 1}"
    assert ws.max_row == len(report.items) + 1
    for row, it in zip(ws.iter_rows(min_row=2), report.items):
        assert row[3].fill.fgColor.rgb.endswith(STATUS_FILL[it.status])
        assert row[1].alignment.wrap_text
        assert row[1].value == (it.parent.value if it.kind == "responsibility" and it.parent.value else it.parent.text)
    assert ws["F3"].value == 0.95 and ws["F4"].value is None
    assert ws.column_dimensions["B"].width >= 40
    sm = wb[SUMMARY_SHEET]
    table = {r[0]: r[1:5] for r in sm.iter_rows(min_row=2, max_row=5, values_only=True)}
    counts = report.counts()
    assert table["Mục tiêu"] == (
        counts["target"]["covered"],
        counts["target"]["weakened"],
        counts["target"]["missing"],
        counts["target"]["total"],
    )
    assert table["Tổng cộng"] == (1, 2, 1, 4)


def test_coverage_outputs_from_the_engine():
    parent = extract_text(PARENT, "ke-hoach-tinh.txt")
    child = extract_text(OLD, "ke-hoach-xa.txt")
    r = coverage(parent, child)
    assert r.items, "the parent plan has targets and responsibilities"
    data = coverage_docx(r, child_plan=child)
    assert lint_docx(data, name="bao-phu.docx").violations == []
    import docx
    from openpyxl import load_workbook

    doc = docx.Document(io.BytesIO(data))
    assert "XÃ THƯỢNG LÂM" in doc.tables[0].rows[0].cells[0].text  # the child's unit issues the report
    assert len(doc.tables[-1].rows) == len(r.items) + 1
    ws = load_workbook(io.BytesIO(coverage_xlsx(r))).worksheets[0]
    assert ws.max_row == len(r.items) + 1
    assert [ws.cell(i + 2, 4).value for i in range(len(r.items))] == [
        {"covered": "Đã bao phủ", "weakened": "Bị giảm nhẹ", "missing": "Thiếu"}[it.status.value] for it in r.items
    ]


def test_templates_are_overridable(tmp_path, plans, diff):
    """A user template directory may replace so_sanh.xml.j2 (same mechanism as the plan template)."""
    src = Path(__file__).resolve().parents[1] / "templates" / "so_sanh.xml.j2"
    (tmp_path / "so_sanh.xml.j2").write_text(
        src.read_text(encoding="utf-8").replace("BẢNG SO SÁNH", "BẢNG SO SÁNH DỰ THẢO"), encoding="utf-8"
    )
    spec = diff_spec(diff, plans[1], tmp_path, revision_date=REV_DATE)
    assert spec.elements[-1].title == ["BẢNG SO SÁNH DỰ THẢO"]


def test_revision_date_is_utc_iso():
    from docgen.compare.tracked import revision_stamp

    assert revision_stamp("2025-11-05T15:00:00+07:00") == "2025-11-05T08:00:00Z"
    assert revision_stamp("2025-11-05T08:00:00Z") == "2025-11-05T08:00:00Z"
    assert revision_stamp(None).endswith("Z")
    with pytest.raises(ValueError, match="not an ISO date-time"):
        revision_stamp("05/11/2025")
