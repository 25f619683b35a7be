"""HTML outputs of `kehoach diff` / `kehoach coverage`: structure, escaping, anchors, and a real browser.

The same DOM checks run on the page as written (lxml) and on the DOM headless Chromium built from it, so
"it renders" means Chromium read the summary counts, the <ins>/<del> words and the Vietnamese text back
intact. Browser tests skip where Chromium is absent (.ci/run installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from docgen.compare.html import coverage_html, diff_html
from docgen.compare.matrix import reason_vi
from docgen.compare.wording import change_line
from docgen.messages_vi import KIND_VI
from docgen.templates_env import TemplateError
from extract.compare.cover import reason
from extract.compare.model import (
    Change,
    CoverageItem,
    CoverageReport,
    PlanDiff,
    ReasonCode,
    Row,
    SectionPair,
    Side,
    WordOp,
)
from extract.model import Source

# ------------------------------------------------------------------------------------------ input plans

OLD_PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG

Số: 125/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Lâm Đồng, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Thực hiện chuyển đổi số tỉnh Lâm Đồng năm 2024

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt \
Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện chuyển đổi số năm 2024 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước, nâng cao chất lượng phục vụ người dân và doanh nghiệp.
2. Yêu cầu
Các cơ quan, đơn vị xác định nhiệm vụ cụ thể, bảo đảm tiến độ và hiệu quả.

II. CHỈ TIÊU
1. Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 43%.
2. Tỷ lệ văn bản điện tử được ký số đạt ít nhất 90%.
3. Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.

III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện hạ tầng số
Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành nâng cấp mạng truyền số liệu chuyên dùng, \
hoàn thành trước ngày 30/6/2024.
Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối với các hệ thống thông tin của bộ, ngành.
2. Phát triển dữ liệu số
Các sở, ngành cập nhật cơ sở dữ liệu chuyên ngành, bảo đảm kết nối, chia sẻ dữ liệu.

IV. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông theo dõi, đôn đốc việc thực hiện Kế hoạch; \
tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2024.
2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.

Nơi nhận:
- Bộ Thông tin và Truyền thông;
- Thường trực Tỉnh ủy;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""

LGSP = "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối với các hệ thống thông tin của bộ, ngành."
# the revision: new number and date, a target raised, a paragraph reworded, a deadline moved, an item dropped,
# a paragraph moved from III.1 to III.2, a section inserted before IV (which becomes V), a new responsibility
EDITS = [
    ("Số: 125/KH-UBND", "Số: 210/KH-UBND"),
    ("ngày 05 tháng 3 năm 2024", "ngày 12 tháng 4 năm 2024"),
    (
        "nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
        "nâng cao hiệu quả phục vụ người dân, doanh nghiệp và chính quyền các cấp.",
    ),
    ("trực tuyến đạt 43%.", "trực tuyến đạt 55%."),
    ("3. Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.\n", ""),
    ("hoàn thành trước ngày 30/6/2024.\n" + LGSP + "\n", "hoàn thành trước ngày 30/9/2024.\n"),
    ("chia sẻ dữ liệu.\n", "chia sẻ dữ liệu.\n" + LGSP + "\n"),
    (
        "IV. TỔ CHỨC THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN\nKinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước và các nguồn "
        "hợp pháp khác.\n\nV. TỔ CHỨC THỰC HIỆN",
    ),
    (
        "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n",
        "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n3. Ủy ban nhân dân các huyện, thành phố xây dựng kế "
        "hoạch chuyển đổi số của địa phương.\n",
    ),
]


def _new_plan_text() -> str:
    text = OLD_PLAN
    for a, b in EDITS:
        assert a in text, a
        text = text.replace(a, b)
    return text


NOT_A_PLAN_OLD = """THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Nội vụ
Sở Nội vụ khẩn trương rà soát vị trí việc làm của các cơ quan, đơn vị.
Thời gian hoàn thành trong tháng 5 năm 2024.
"""
NOT_A_PLAN_NEW = NOT_A_PLAN_OLD.replace("trong tháng 5", "trước ngày 15 tháng 6").replace(
    "các cơ quan, đơn vị", "các cơ quan, đơn vị và địa phương"
)


# ------------------------------------------------------------------------------------------ hand-built diff


def _src(paragraph: int, start: int, end: int, page: int | None = None, file: str = "") -> Source:
    return Source(file=file or None, paragraph=paragraph, page=page, start=start, end=end)


def hand_diff() -> PlanDiff:
    """Every row status, a renumbered heading, and changes linked by index, by source, and not at all."""
    old_t = "Tỷ lệ hồ sơ được xử lý trực tuyến đạt 43% vào cuối năm."
    new_t = "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 55%."
    words = [
        WordOp(op="equal", old="Tỷ lệ hồ sơ ", new="Tỷ lệ hồ sơ "),
        WordOp(op="insert", new="thủ tục hành chính "),
        WordOp(op="equal", old="được xử lý trực tuyến đạt ", new="được xử lý trực tuyến đạt "),
        WordOp(op="replace", old="43% vào cuối năm", new="55%"),
        WordOp(op="equal", old=".", new="."),
    ]
    heading_words = [
        WordOp(op="equal", old="NHIỆM VỤ", new="NHIỆM VỤ"),
        WordOp(op="replace", old=", ", new=" VÀ "),
        WordOp(op="equal", old="GIẢI PHÁP", new="GIẢI PHÁP"),
    ]
    moved = "Các sở, ngành cập nhật cơ sở dữ liệu chuyên ngành, bảo đảm kết nối, chia sẻ dữ liệu."
    removed = "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã."
    added = "Ủy ban nhân dân các huyện, thành phố xây dựng kế hoạch chuyển đổi số của địa phương."
    changes = [
        Change(
            kind="header_changed",
            summary="Header date: 2024-03-05 → 2024-04-12",
            old=Side(text="ngày 05 tháng 3 năm 2024"),
            new=Side(text="ngày 12 tháng 4 năm 2024"),
        ),
        Change(
            kind="target_raised",
            summary="Target raised 43% → 55%: Tỷ lệ hồ sơ được xử lý trực tuyến",
            old=Side(text="43%", value="43%", source=_src(18, 540, 543)),
            new=Side(text="55%", value="55%", source=_src(19, 580, 583)),
        ),
        Change(
            kind="paragraph_reworded",
            summary="Reworded II.1.: «43% vào cuối năm» → «55%»",
            old=Side(text=old_t),
            new=Side(text=new_t),
            words=words,
        ),
        Change(kind="paragraph_removed", summary=f"Paragraph removed: {removed}", old=Side(text=removed)),
        Change(kind="paragraph_added", summary=f"Paragraph added: {added}", new=Side(text=added)),
        Change(
            kind="paragraph_moved",
            summary="Paragraph moved III.2. → III.1.",
            old=Side(text=moved),
            new=Side(text=moved),
        ),
        Change(kind="section_renamed", summary="Section III. NHIỆM VỤ, GIẢI PHÁP → IV. NHIỆM VỤ VÀ GIẢI PHÁP"),
    ]
    rows = [
        Row(
            status="equal",
            role="title",
            old=Side(text="Thực hiện chuyển đổi số năm 2024"),
            new=Side(text="Thực hiện chuyển đổi số năm 2024"),
        ),
        Row(
            status="equal",
            role="heading",
            level=1,
            number="I.",
            old=Side(text="MỤC ĐÍCH, YÊU CẦU", section="I."),
            new=Side(text="MỤC ĐÍCH, YÊU CẦU", section="I."),
        ),
        Row(
            status="reworded",
            role="heading",
            level=1,
            number="IV.",
            change=6,
            words=heading_words,
            old=Side(text="NHIỆM VỤ, GIẢI PHÁP", section="III.", source=_src(21, 700, 719)),
            new=Side(text="NHIỆM VỤ VÀ GIẢI PHÁP", section="IV.", source=_src(24, 760, 781)),
        ),
        Row(
            status="reworded",
            change=2,
            words=words,
            old=Side(text=old_t, section="II.1.", source=_src(18, 500, 560, page=2)),
            new=Side(text=new_t, section="II.1.", source=_src(19, 520, 590, page=2)),
        ),
        Row(status="removed", change=3, old=Side(text=removed, section="II.3.", source=_src(20, 600, 660, page=3))),
        Row(status="added", change=4, new=Side(text=added, section="V.3.", source=_src(30, 900, 990))),
        Row(status="moved", change=5, old=Side(text=moved, section="III.2."), new=Side(text=moved, section="III.1.")),
    ]
    return PlanDiff(
        old_file="ke_hoach_125.docx",
        new_file="ke_hoach_210.docx",
        changes=changes,
        rows=rows,
        sections=[
            SectionPair(
                old_number="III.",
                new_number="IV.",
                old_title="NHIỆM VỤ, GIẢI PHÁP",
                new_title="NHIỆM VỤ VÀ GIẢI PHÁP",
                score=0.9,
            )
        ],
    )


def hand_coverage() -> CoverageReport:
    items = [
        CoverageItem(
            kind="target",
            id="t1",
            status="covered",
            by="origin",
            score=1.0,
            parent=Side(text="Tỷ lệ hồ sơ được xử lý trực tuyến đạt 43%.", section="II.1."),
            child=Side(text="Tỷ lệ hồ sơ được xử lý trực tuyến đạt 45%.", section="II.1."),
        ),
        CoverageItem(
            kind="target",
            id="t2",
            status="weakened",
            by="similarity",
            score=0.87,
            parent=Side(text="Tỷ lệ văn bản được ký số đạt ít nhất 90%.", source=_src(19, 10, 50)),
            child=Side(text="Tỷ lệ văn bản được ký số đạt 80%.", source=_src(22, 30, 70)),
            reasons=[reason(ReasonCode.target_below, "90%", "80%")],
        ),
        CoverageItem(
            kind="task",
            id="k1",
            status="missing",
            parent=Side(text="Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.", section="III.3."),
        ),
        CoverageItem(
            kind="responsibility",
            id="r1",
            status="weakened",
            by="similarity",
            score=0.74,
            parent=Side(text="Sở Nội vụ chủ trì thẩm định đề án vị trí việc làm."),
            child=Side(text="Sở Nội vụ phối hợp thẩm định đề án vị trí việc làm."),
            reasons=[
                reason(ReasonCode.role_weaker, "chủ trì", "phối hợp"),
                reason(ReasonCode.deadline_later, "30/6", "30/9"),
            ],
        ),
    ]
    return CoverageReport(parent_file="kh_tinh.docx", child_file="kh_huyen.docx", items=items)


# ------------------------------------------------------------------------------------------ DOM checks


def _cell_text(td) -> str:
    """A cell's document text: without the heading number and the 'moved' badge the page adds."""
    td = lxml.html.fromstring(lxml.html.tostring(td, encoding="unicode"))
    for extra in td.xpath('.//span[contains(@class, "num") or contains(@class, "badge")]'):
        extra.drop_tree()
    return td.text_content().strip()


def _marked(td, tag: str) -> str:
    return "".join(e.text_content() for e in td.iter(tag))


def check_diff_dom(doc, d: PlanDiff) -> None:
    """What a reader must find on the page, derived from `d` alone."""
    # summary: every kind with its count, every change once
    shown = {
        k.text_content(): int(k.getnext().text_content())
        for k in doc.xpath('//ul[@class="counts"]//span[@class="kind"]')
    }
    assert shown == {KIND_VI[k]: n for k, n in d.counts().items()}  # kinds named in Vietnamese
    assert f"{len(d.changes)} thay đổi" in doc.xpath("//h2")[0].text_content()
    items = doc.xpath('//ol[@class="changes"]/li')
    assert sorted(li.get("id") for li in items) == sorted(f"change-{i}" for i in range(len(d.changes)))
    for li in items:
        c = d.changes[int(li.get("id").split("-")[1])]
        assert change_line(c) in li.text_content()
    # every link lands on something, and a row's change link goes back to its change
    ids = set(doc.xpath("//@id"))
    hrefs = doc.xpath("//a/@href")
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    # rows: status, each side's text intact, word highlights exactly the changed parts
    trs = doc.xpath('//table[@class="diff"]/tbody/tr')
    assert len(trs) == len(d.rows)
    for i, (tr, r) in enumerate(zip(trs, d.rows)):
        assert tr.get("id") == f"row-{i}" and r.status in tr.get("class").split()
        tds = tr.xpath("./td")
        old_td, new_td = tds[1], tds[2]
        assert _cell_text(old_td) == (r.old.text.strip() if r.old else "")
        assert _cell_text(new_td) == (r.new.text.strip() if r.new else "")
        if r.change is not None:
            assert tds[0].xpath("./a/@href") == [f"#change-{r.change}"]
        if r.words and r.old and r.new:
            assert _marked(old_td, "del") == "".join(w.old for w in r.words if w.op != "equal")
            assert _marked(new_td, "ins") == "".join(w.new for w in r.words if w.op != "equal")
        else:
            assert not list(tr.iter("ins", "del"))
        if r.status == "moved":
            to = f"chuyển đến {r.new.section}" if r.new.section else "chuyển chỗ"
            assert old_td.xpath('.//span[contains(@class, "badge")]/text()') == [to]


def check_coverage_dom(doc, r: CoverageReport) -> None:
    counts = r.counts()
    summary = {
        tr.get("class").removeprefix("kind-"): [int(td.text_content()) for td in tr.xpath("./td")[1:5]]
        for tr in doc.xpath('//table[@class="summary"]/tbody/tr')
    }
    assert summary == {k: [c["covered"], c["weakened"], c["missing"], c["total"]] for k, c in counts.items()}
    ratio = f"{round(r.ratio() * 100, 1):g}%"
    assert doc.xpath('//span[@class="ratio"]')[0].text_content() == ratio
    rows = doc.xpath('//table[@class="items"]/tbody/tr')
    assert len(rows) == len(r.items)
    by_text = {tr.xpath("./td")[0].text_content().strip(): tr for tr in rows}
    for it in r.items:
        tr = by_text[it.parent.text.strip()]
        tds = tr.xpath("./td")
        assert tr.get("class") == it.status.value
        assert tds[1].xpath("./span/@class") == [f"status {it.status.value}"]
        assert tds[2].text_content().strip() == (it.child.text.strip() if it.child else "")
        assert [li.text_content() for li in tds[4].iter("li")] == [reason_vi(x) for x in it.reasons]


# ------------------------------------------------------------------------------------------ unit tests


def test_hand_built_diff_structure():
    d = hand_diff()
    page = diff_html(d)
    doc = lxml.html.fromstring(page)
    check_diff_dom(doc, d)
    # changes linked: by the row that points at them, by source span (the target), none for the header
    link = {li.get("id"): (li.xpath("./a/@href") or [None])[0] for li in doc.xpath('//ol[@class="changes"]/li')}
    assert link["change-2"] == "#row-3" and link["change-6"] == "#row-2"
    assert link["change-1"] == "#row-3", "the target's span lies inside row 3's paragraph"
    assert link["change-0"] is None, "a header change has no row to jump to"
    # renumbered heading: each side shows its own number
    tds = doc.get_element_by_id("row-2").xpath("./td")
    assert [td.xpath('./span[@class="num"]/text()') for td in tds[1:]] == [["III."], ["IV."]]
    # hover: section number and place in the file
    assert doc.get_element_by_id("row-3").xpath("./td")[1].get("title") == "bản cũ · mục II.1. · trang 2, đoạn 18"
    assert doc.get_element_by_id("row-5").xpath("./td")[2].get("title") == "bản mới · mục V.3. · đoạn 30"
    assert doc.get_element_by_id("row-4").xpath("./td")[2].get("class") == "side new empty"
    assert doc.get_element_by_id("row-6").xpath("./td[3]/span/text()") == ["chuyển từ III.2."]
    assert doc.xpath("//h3/text()") == ["Phần đầu văn bản (1)", "Mục (1)", "Chỉ tiêu (1)", "Đoạn văn (4)"], (
        "groups in ChangeKind order"
    )
    assert not doc.xpath('//div[@class="banner"]'), "no plain-text warning for plans"


def test_heading_number_not_repeated_when_written_in_text():
    d = PlanDiff(
        rows=[
            Row(
                status="equal",
                role="heading",
                level=2,
                number="2.",
                old=Side(text="2. Yêu cầu", section="I.2."),
                new=Side(text="2. Yêu cầu", section="I.2."),
            )
        ]
    )
    doc = lxml.html.fromstring(diff_html(d))
    assert not doc.xpath('//span[@class="num"]')
    assert "h2" in doc.get_element_by_id("row-0").get("class").split()


def test_document_text_is_escaped_everywhere():
    nasty = 'Sở <b>Nội vụ</b> & "Tài chính" <script>alert(1)</script>'
    d = PlanDiff(
        old_file="a<b>.docx",
        new_file="x&y.docx",
        warnings=[nasty],
        mode="text",
        changes=[Change(kind="text_changed", summary=nasty)],
        rows=[
            Row(
                status="reworded",
                role="text",
                change=0,
                old=Side(text="A < B"),
                new=Side(text=nasty),
                words=[WordOp(op="replace", old="A < B", new=nasty)],
            )
        ],
    )
    page = diff_html(d)
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "x&amp;y.docx" in page and "A &lt; B" in page
    doc = lxml.html.fromstring(page)
    check_diff_dom(doc, d)
    assert doc.xpath("//title")[0].text_content() == "So sánh: a<b>.docx → x&y.docx"
    banner = doc.xpath('//div[@class="banner"]')[0]
    assert "văn bản thường" in banner.text_content() and nasty in banner.text_content()


def test_pages_are_self_contained_and_vietnamese_ready():
    for page in (diff_html(hand_diff()), coverage_html(hand_coverage())):
        assert page.startswith("<!DOCTYPE html>")
        assert '<meta charset="utf-8">' in page and '<html lang="vi">' in page
        assert re.search(r'font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif"', page)
        assert not re.search(r"https?:|<script|<link|@import|url\(|src=", page)


def test_coverage_html_structure():
    r = hand_coverage()
    page = coverage_html(r)
    doc = lxml.html.fromstring(page)
    check_coverage_dom(doc, r)
    assert doc.xpath("//section/@id") == ["summary", "target", "task", "responsibility"]
    foot = [td.text_content() for td in doc.xpath('//table[@class="summary"]/tfoot/tr/td')]
    assert foot == ["Tất cả", "1", "2", "1", "4", "75%"]
    missing = doc.xpath('//tr[@class="missing"]/td')
    assert missing[2].get("class") == "item empty" and missing[3].text_content() == ""
    weak = doc.xpath('//tr[@class="weakened"]/td')
    assert weak[0].get("title") == "kế hoạch cấp trên · đoạn 19" and weak[3].text_content() == "0.87theo nội dung"


def test_broken_user_template_names_its_file(tmp_path):
    (tmp_path / "diff.html.j2").write_text("<p>{% for x in %}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"diff\.html\.j2:1"):
        diff_html(hand_diff(), templates_dir=tmp_path)
    (tmp_path / "coverage.html.j2").write_text("{{ ratio }} / {{ total }}", encoding="utf-8")
    assert coverage_html(hand_coverage(), templates_dir=tmp_path) == "75% / 4"


# ------------------------------------------------------------------------------------------ real engine


@pytest.fixture(scope="module")
def plans():
    pytest.importorskip("extract.compare.engine", reason="the comparison engine is not written yet")
    from extract.pipeline import extract_text

    return (
        extract_text(OLD_PLAN, file="kh_125_chuyen_doi_so.md"),
        extract_text(_new_plan_text(), file="kh_210_chuyen_doi_so.md"),
    )


@pytest.fixture(scope="module")
def real_diff(plans):
    from extract.compare import diff_plans

    d = diff_plans(*plans)
    assert d.mode == "plan" and any(r.words for r in d.rows), "the edits must give word-level highlights"
    return d


@pytest.fixture(scope="module")
def real_coverage(plans):
    from extract.compare import coverage

    return coverage(*plans)


def _row_with(doc, side: str, text: str):
    for tr in doc.xpath('//table[@class="diff"]/tbody/tr'):
        if _cell_text(tr.xpath("./td")[1 if side == "old" else 2]) == text:
            return tr
    raise AssertionError(f"no row with {side} text {text!r}")


def check_real_diff(doc, d: PlanDiff) -> None:
    check_diff_dom(doc, d)
    dels = [e.text_content() for e in doc.iter("del")]
    inss = [e.text_content() for e in doc.iter("ins")]
    assert any("43%" in t for t in dels) and any("55%" in t for t in inss)
    assert any("chất lượng" in t for t in dels) and any("hiệu quả" in t for t in inss)
    # the inserted section IV renumbers the old IV: both numbers are visible on one row
    tds = _row_with(doc, "new", "TỔ CHỨC THỰC HIỆN").xpath("./td")
    assert [td.xpath('./span[@class="num"]/text()') for td in tds[1:]] == [["IV."], ["V."]]
    removed = _row_with(doc, "old", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã.")
    assert "removed" in removed.get("class").split()
    deadline = next(tr for tr in doc.xpath('//table[@class="diff"]/tbody/tr') if "30/9/2024" in _marked(tr, "ins"))
    linked = d.changes[int(deadline.xpath("./td[1]/a/@href")[0].removeprefix("#change-"))]
    assert linked.kind.value == "deadline_changed", "a row links back to the change found by its source"
    moved = _row_with(doc, "new", LGSP)
    assert "moved" in moved.get("class").split()
    assert moved.xpath('./td[3]/span[contains(@class, "badge")]/text()') == ["chuyển từ III.1."]


def test_real_diff_html(real_diff):
    check_real_diff(lxml.html.fromstring(diff_html(real_diff)), real_diff)


def test_real_coverage_html(real_coverage):
    check_coverage_dom(lxml.html.fromstring(coverage_html(real_coverage)), real_coverage)


def test_text_mode_banner():
    pytest.importorskip("extract.compare.engine", reason="the comparison engine is not written yet")
    from extract.compare import diff_plans
    from extract.pipeline import extract_text

    d = diff_plans(
        extract_text(NOT_A_PLAN_OLD, file="thong_bao_cu.txt"), extract_text(NOT_A_PLAN_NEW, file="thong_bao_moi.txt")
    )
    assert d.mode == "text" and d.warnings
    doc = lxml.html.fromstring(diff_html(d))
    check_diff_dom(doc, d)
    banner = doc.xpath('//div[@class="banner"]')[0].text_content()
    assert all(w in banner for w in d.warnings)
    assert any("trước ngày 15" in e.text_content() for e in doc.iter("ins"))
    assert any("trong" in e.text_content() for e in doc.iter("del"))


# ------------------------------------------------------------------------------------------ real browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    return path


def _chromium(chromium: str, tmp_path: Path, page: str, *args: str) -> bytes:
    html = tmp_path / "page.html"
    html.write_text(page, encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, html.as_uri()]
    done = subprocess.run(cmd, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout


def _dom(chromium: str, tmp_path: Path, page: str):
    out = _chromium(chromium, tmp_path, page, "--dump-dom")
    return lxml.html.fromstring(out.decode("utf-8"))


def test_browser_renders_hand_built_diff(chromium, tmp_path):
    d = hand_diff()
    doc = _dom(chromium, tmp_path, diff_html(d))
    check_diff_dom(doc, d)
    assert [e.text_content() for e in doc.iter("ins")] == [" VÀ ", "thủ tục hành chính ", "55%"]


def test_browser_renders_real_diff(chromium, tmp_path, real_diff):
    check_real_diff(_dom(chromium, tmp_path, diff_html(real_diff)), real_diff)


def test_browser_renders_coverage(chromium, tmp_path):
    r = hand_coverage()
    check_coverage_dom(_dom(chromium, tmp_path, coverage_html(r)), r)


def test_browser_screenshot_colours_rows(chromium, tmp_path):
    """The CSS really applies: the added, removed, moved rows and the word marks paint their colours."""
    Image = pytest.importorskip("PIL.Image")
    shot = tmp_path / "diff.png"
    _chromium(chromium, tmp_path, diff_html(hand_diff()), f"--screenshot={shot}", "--window-size=1280,1100")
    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 1100)
    colours = {rgb: n for n, rgb in img.getcolors(maxcolors=1 << 24)}

    def area(rgb: tuple[int, int, int]) -> int:
        return sum(n for c, n in colours.items() if max(abs(a - b) for a, b in zip(c, rgb)) <= 2)

    assert area((230, 255, 236)) > 5000, "added row: green cell"
    assert area((255, 235, 233)) > 5000, "removed row: red cell"
    assert area((221, 244, 255)) > 5000, "moved row: blue cells"
    assert area((171, 242, 188)) > 300, "<ins> words: strong green"
    assert area((255, 206, 203)) > 300, "<del> words: strong red"
