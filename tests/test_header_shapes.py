"""Headers that lost their layout read the same as the original.

From the real headers of corpus/plans and ../shared/corpus the test writes the shapes a header takes when its
table is flattened (PDF text without layout, a copy from a PDF viewer, OCR): the two columns merged line by
line in either order, one column after the other, the Quốc hiệu broken over two lines, 'Số:' alone on its
line, a received-document stamp or a handwritten number in it, other spellings of the fixed phrases. Each is
extracted as plain text and must give the header the original document gives.
"""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path

import pytest
import regex

from extract.header_columns import header_zone, is_subject
from extract.normalize import clean_text, match_key
from extract.pipeline import extract_document, extract_text
from extract.readers import read_document
from extract.structure import layout

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
FIELDS = ("governing_body", "issuing_body", "level", "number", "symbol", "place", "date", "title", "doc_type")
_RIGHT = ("cộng hòa xã hội chủ nghĩa việt nam", "độc lập - tự do - hạnh phúc", "đảng cộng sản việt nam")
_NUMBER = regex.compile(r"^(Số\s*:?\s*)(\d*)(\s*[/\-].*)$")


def _sources() -> list:
    """Our plans and the real documents with a readable header: Word files (.doc through LibreOffice, slow) and
    PDFs with a text layer (slow), not the scans."""
    own = sorted((ROOT / "corpus" / "plans").glob("*"))
    if not SHARED.is_dir():
        return own
    shared = sorted(p for p in SHARED.glob("*") if p.suffix in (".docx", ".md", ".txt") and p.name != "SOURCES.md")
    slow = sorted(p for p in SHARED.glob("*") if p.suffix == ".doc" or (p.suffix == ".pdf" and "scan" not in p.name))
    return own + shared + [pytest.param(p, marks=pytest.mark.slow, id=p.name) for p in slow]


def _columns(path: Path):
    """(left lines, right lines, the rest of the text, the original header) of a document, or None."""
    doc = read_document(path)
    original = extract_document(doc).header  # extraction works on copies of the blocks
    for b in doc.blocks:
        b.text = clean_text(b.text)
    lay = layout(doc.blocks, str(path))
    # A letter has no type name: its header ends after the 'V/v …' subject, before 'Kính gửi'.
    header = lay.header if lay.type_line is not None else header_zone(lay)
    if not header or (lay.type_line is None and not any(is_subject(ln.text) for ln in header)):
        return None
    left, right = [], []
    for line in header:
        key = match_key(line.text)
        (right if key.startswith(_RIGHT) or ", ngày" in line.text else left).append(line.text)
    if not right or not any(_NUMBER.match(t) for t in left):
        return None
    head = {id(ln) for ln in header}
    start = lay.lines.index(lay.type_line) if lay.type_line is not None else lay.lines.index(header[-1]) + 1
    rest = [ln.text for ln in lay.lines[start:] if id(ln) not in head]
    return left, right, rest, original


CASES = _sources()


@pytest.fixture(scope="module")
def columns():
    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = _columns(path)
        if cache[path] is None:
            pytest.skip(f"{path.name}: no two-column header with a number")
        return cache[path]

    return get


# --- the shapes -------------------------------------------------------------------------------------------


def rows(left: list[str], right: list[str]) -> list[str]:
    """Copy-paste from a PDF viewer: each printed row holds the left cell then the right one."""
    return [f"{a} {b}".strip() for a, b in zip_longest(left, right, fillvalue="")]


def rows_right_first(left: list[str], right: list[str]) -> list[str]:
    return [f"{b} {a}".strip() for a, b in zip_longest(left, right, fillvalue="")]


def right_column_first(left: list[str], right: list[str]) -> list[str]:
    """pdftotext without -layout that reads the right column before the left one."""
    return right + left


def left_column_first(left: list[str], right: list[str]) -> list[str]:
    """pdftotext without -layout on a header table: the left cell's lines, then the right cell's."""
    return left + right


def number_apart(left: list[str], right: list[str]) -> list[str]:
    """A signed PDF whose number was typed into its own text object: 'Số: 45' then '/KH-UBND' under it."""
    out: list[str] = []
    for text in left:
        m = _NUMBER.match(text)
        if m:
            out += [f"{m.group(1).strip()} {m.group(2)}".strip(), m.group(3).strip()]
        else:
            out.append(text)
    return left_column_first(out, right)


def national_split(left: list[str], right: list[str]) -> list[str]:
    """The Quốc hiệu broken after 'CHỦ NGHĨA', its tail on the next printed row."""
    out: list[str] = []
    for text in right:
        m = regex.search(r"(?i)chủ nghĩa(?=\s+việt nam)", text)
        if m:
            out += [text[: m.end()], text[m.end() :].strip()]
        else:
            out.append(text)
    return rows(left, out)


def bare_number_label(left: list[str], right: list[str]) -> list[str]:
    """'Số:' alone on its row, the number and symbol on the next."""
    out: list[str] = []
    for text in left:
        m = _NUMBER.match(text)
        if m:
            out += [m.group(1).strip(), f"{m.group(2)}{m.group(3)}".strip()]
        else:
            out.append(text)
    return rows(left=out, right=right)


def with_stamp(left: list[str], right: list[str]) -> list[str]:
    """A received-document stamp read by OCR into the rows of the header ("ĐẾN Số: … Ngày: … Chuyển: …")."""
    merged = rows(left, right)
    stamp = ["ĐẾN", "Số: 1287", "Ngày: 15/3/2026", "Chuyển: ........"]
    return [f"{s} {m}" if s else m for s, m in zip_longest(stamp, merged, fillvalue="")]


def handwritten_number(left: list[str], right: list[str]) -> list[str]:
    """The number written by hand on a signed copy: OCR puts spaces around it, or marks in a blank one."""
    out = []
    for text in left:
        m = _NUMBER.match(text)
        if m:
            num = m.group(2)
            text = f"Số : {num} {m.group(3).strip()}" if num else f"Số: ⁄€ {m.group(3).strip()}"
        out.append(text)
    return rows(out, right)


def other_spelling(left: list[str], right: list[str]) -> list[str]:
    """The fixed phrases in the other tone placement, in title case, with other dashes and spacing."""
    out = []
    for text in right:
        text = text.replace("HÒA", "HOÀ") if "HÒA" in text else text.replace("HOÀ", "HÒA")
        text = regex.sub(r"\s*-\s*", " – ", text) if match_key(text).startswith(_RIGHT[1]) else text
        out.append(text.replace("CỘNG HOÀ", "Cộng hoà") if "VIỆT NAM" in text and "ĐẢNG" not in text else text)
    return rows(left, out)


def broken_at_blanks(left: list[str], right: list[str]) -> list[str]:
    """pdftotext without -layout where the number and the day stand apart from their labels (left blank for the
    signer, or typed into the signed PDF): 'Số: 45', the Quốc hiệu, '/KH-UBND', the Tiêu ngữ, '<place>, ngày 12',
    'tháng 3 năm 2026', each on its own line."""
    at = next(i for i, t in enumerate(left) if _NUMBER.match(t))
    dated = next((i for i, t in enumerate(right) if regex.search(r", ngày\s*\d{0,2}\s*tháng", t)), None)
    if dated is None:
        pytest.skip("no '<place>, ngày … tháng' line")
    m = _NUMBER.match(left[at])
    cut = regex.search(r", ngày\s*\d{0,2}\s*(?=tháng)", right[dated]).end()
    number = [f"{m.group(1).strip()} {m.group(2)}".strip(), m.group(3).strip()]
    date = [right[dated][:cut].strip(), right[dated][cut:].strip()]
    return left[:at] + number[:1] + right[:1] + number[1:] + right[1:dated] + date + right[dated + 1 :] + left[at + 1 :]


SHAPES = [
    rows,
    broken_at_blanks,
    rows_right_first,
    left_column_first,
    right_column_first,
    number_apart,
    national_split,
    bare_number_label,
    with_stamp,
    handwritten_number,
    other_spelling,
]


@pytest.mark.parametrize("shape", SHAPES, ids=[s.__name__ for s in SHAPES])
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_flattened_header_reads_as_original(columns, path: Path, shape) -> None:
    left, right, rest, original = columns(path)
    text = "\n".join(shape(left, right) + rest)
    plan = extract_text(text, file=path.name)
    got = plan.header
    for field in FIELDS:
        want, have = getattr(original, field), getattr(got, field)
        assert (match_key(str(want)) if want is not None else None) == (
            match_key(str(have)) if have is not None else None
        ), f"{field}: {want!r} from the original, {have!r} from the {shape.__name__} shape"
    # Every field keeps a span that covers its words.
    for field in ("issuing_body", "number", "place"):
        src = got.sources.get(field)
        if getattr(got, field) and src is not None:
            assert str(getattr(got, field)).split()[0] in plan.text[src.start : src.end]
    # The signer is never a phrase of the header.
    header_keys = {match_key(t) for t in left + right}
    for value in (plan.signer.name, plan.signer.title):
        assert value is None or match_key(value) not in header_keys


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_misspelt_type_name(columns, path: Path) -> None:
    """OCR drops the circumflex under an acute accent ('KÉ HOẠCH', 'QUYÉT ĐỊNH'): the layout misses the type
    name, the header still ends there and the type and title are read under it."""
    left, right, rest, original = columns(path)
    misspelt = rest[0].replace("Ế", "É").replace("Ố", "Ó")
    if misspelt == rest[0]:
        pytest.skip("no Ế or Ố in the type name")
    plan = extract_text("\n".join(rows(left, right) + [misspelt] + rest[1:]), file=path.name)
    for field in FIELDS:
        want, have = getattr(original, field), getattr(plan.header, field)
        assert (match_key(str(want)) if want is not None else None) == (
            match_key(str(have)) if have is not None else None
        ), field


def test_merged_row_example() -> None:
    """The shape of the issue: both columns on each line, the number running on into the place and date."""
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc",
            "Số: 45 /KH-UBND Lào Cai, ngày 12 tháng 3 năm 2026",
            "KẾ HOẠCH",
            "Triển khai công tác chuyển đổi số năm 2026",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao hiệu quả quản lý.",
        ]
    )
    h = extract_text(text).header
    assert (h.issuing_body, h.level, h.number, h.symbol, h.place, h.date) == (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
        "tỉnh",
        "45",
        "KH-UBND",
        "Lào Cai",
        "2026-03-12",
    )


def test_party_header_merged() -> None:
    text = "\n".join(
        [
            "ĐẢNG BỘ TỈNH NINH BÌNH ĐẢNG CỘNG SẢN VIỆT NAM",
            "HUYỆN ỦY GIA VIỄN",
            "Số 88-KH/HU * Gia Viễn, ngày 5 tháng 6 năm 2024",
            "KẾ HOẠCH",
            "thực hiện chuyển đổi số trong các cơ quan đảng",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao nhận thức.",
        ]
    )
    h = extract_text(text).header
    assert (h.governing_body, h.issuing_body, h.level, h.number, h.symbol, h.convention.value, h.place, h.date) == (
        "ĐẢNG BỘ TỈNH NINH BÌNH",
        "HUYỆN ỦY GIA VIỄN",
        "huyện",
        "88",
        "KH/HU",
        "party",
        "Gia Viễn",
        "2024-06-05",
    )


@pytest.mark.parametrize(
    "stop", ["Kính gửi: Ủy ban nhân dân tỉnh", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "TM. ỦY BAN NHÂN DÂN"]
)
def test_title_stops(stop: str) -> None:
    """A title never runs on into the addressee, a decision's authority line or a signature."""
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH SƠN LA",
            "Số: 12/QĐ-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Sơn La, ngày 3 tháng 2 năm 2023",
            "QUYẾT ĐỊNH",
            "Ban hành Kế hoạch bảo vệ bí mật nhà nước năm 2023",
            stop,
            "Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;",
        ]
    )
    assert extract_text(text).header.title == "Ban hành Kế hoạch bảo vệ bí mật nhà nước năm 2023"


def test_title_without_issued_with_note() -> None:
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH SƠN LA",
            "Số: 12/KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Sơn La, ngày 3 tháng 2 năm 2023",
            "KẾ HOẠCH",
            "Bảo vệ bí mật nhà nước năm 2023",
            "(Kèm theo Quyết định số 12/QĐ-UBND ngày 03/02/2023 của UBND tỉnh)",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao nhận thức.",
        ]
    )
    h = extract_text(text).header
    assert h.title == "Bảo vệ bí mật nhà nước năm 2023"
    assert extract_text(text).text[h.sources["title"].start : h.sources["title"].end] == h.title


def test_letter_subject_is_title() -> None:
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH GIA LAI Độc lập - Tự do - Hạnh phúc",
            "Số: 310/UBND-KT Gia Lai, ngày 4 tháng 9 năm 2025",
            "V/v triển khai kế hoạch chuyển đổi số",
            "Kính gửi: Sở Khoa học và Công nghệ",
            "Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì thực hiện./.",
        ]
    )
    h = extract_text(text).header
    assert (h.doc_type, h.title, h.number, h.symbol) == (
        "Công văn",
        "V/v triển khai kế hoạch chuyển đổi số",
        "310",
        "UBND-KT",
    )


def test_appendix_filed_alone() -> None:
    """An appendix filed as its own document: its type and title, and no issuing body made of its title."""
    text = "\n".join(
        [
            "PHỤ LỤC",
            "BIỂU MẪU THỐNG KÊ KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
            "CỦA ỦY BAN NHÂN DÂN TỈNH GIA LAI",
            "(Kèm theo Báo cáo số /BC-UBND ngày tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Gia Lai)",
            "Biểu mẫu 1",
            "Công tác chỉ đạo điều hành",
        ]
    )
    h = extract_text(text).header
    assert (h.doc_type, h.issuing_body, h.number) == ("Phụ lục", None, None)
    assert match_key(h.title) == match_key(
        "Biểu mẫu thống kê kết quả cải cách hành chính năm 2025 của Ủy ban nhân dân tỉnh Gia Lai"
    )


@pytest.mark.parametrize(
    "body", ["BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ - ĐỔI MỚI SÁNG TẠO", "BAN CHỈ ĐẠO TÌM KIẾM TỪ NAY ĐẾN NĂM 2030"]
)
def test_body_words_are_not_number_or_stamp(body: str) -> None:
    """'SỐ' in a body's name is not the number, 'ĐẾN NĂM' is not a received stamp."""
    text = "\n".join(
        [
            "UBND TỈNH GIA LAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"{body} Độc lập - Tự do - Hạnh phúc",
            "Số: 17/KH-BCĐ Gia Lai, ngày 2 tháng 4 năm 2026",
            "KẾ HOẠCH",
            "Hoạt động năm 2026",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao hiệu quả.",
        ]
    )
    h = extract_text(text).header
    assert (h.governing_body, h.issuing_body, h.number, h.symbol, h.level) == (
        "UBND TỈNH GIA LAI",
        body,
        "17",
        "KH-BCĐ",
        "tỉnh",
    )


@pytest.mark.parametrize("team", ["ĐOÀN KIỂM TRA LIÊN NGÀNH", "TỔ CÔNG TÁC ĐẶC BIỆT"])
def test_team_under_ministry_is_issuing_body(team: str) -> None:
    """A team a ministry sets up, written under the ministry, issues; the ministry governs it."""
    text = "\n".join(
        [
            "BỘ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"{team} Độc lập - Tự do - Hạnh phúc",
            "Số: 17 /KH-ĐKT Hà Nội, ngày 09 tháng 4 năm 2026",
            "KẾ HOẠCH",
            "Kiểm tra công tác an toàn thực phẩm năm 2026",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao hiệu quả quản lý.",
        ]
    )
    h = extract_text(text).header
    assert (h.governing_body, h.issuing_body, h.number, h.date) == ("BỘ Y TẾ", team, "17", "2026-04-09")


def test_draft_read_without_layout() -> None:
    """pdftotext without -layout of a draft whose number, day and month are blank: the blanks break 'Số:' from
    its symbol and the place-and-date into sides, with the other column's lines between them."""
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH GIA LAI",
            "Số:",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Gia Lai, ngày",
            "/BC-UBND",
            "tháng",
            "năm 2026",
            "BÁO CÁO",
            "Kết quả công tác chuyển đổi số năm 2025",
            "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "1. Hoàn thành các chỉ tiêu.",
        ]
    )
    plan = extract_text(text)
    h = plan.header
    assert (h.issuing_body, h.number, h.symbol, h.place, h.date, h.doc_type) == (
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI",
        None,
        "BC-UBND",
        "Gia Lai",
        "2026",
        "Báo cáo",
    )
    date = plan.text[h.sources["date"].start : h.sources["date"].end]
    assert date.startswith("ngày") and date.endswith("năm 2026")
    body = plan.text[h.sources["issuing_body"].start : h.sources["issuing_body"].end]
    assert match_key(body) == match_key(h.issuing_body)


def test_letter_read_without_layout() -> None:
    """A letter's header the same way: 'Số: 45' and '/UBND-VP' apart with the Quốc hiệu between them, and its
    'V/v …' subject wrapped in its narrow cell over three lines, up to 'Kính gửi'."""
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "XÃ THƯỢNG LÂM",
            "Số: 45",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "/UBND-VP",
            "Độc lập - Tự do - Hạnh phúc",
            "Thượng Lâm, ngày 7",
            "tháng 5 năm 2026",
            "V/v báo cáo kết quả thực hiện",
            "Kế hoạch số 12/KH-UBND ngày 3/2/2026",
            "về chuyển đổi số",
            "Kính gửi: Ủy ban nhân dân tỉnh Tuyên Quang",
            "Thực hiện Kế hoạch số 12/KH-UBND, Ủy ban nhân dân xã báo cáo như sau.",
        ]
    )
    plan = extract_text(text)
    h = plan.header
    assert (h.issuing_body, h.number, h.symbol, h.place, h.date, h.doc_type, h.title) == (
        "ỦY BAN NHÂN DÂN XÃ THƯỢNG LÂM",
        "45",
        "UBND-VP",
        "Thượng Lâm",
        "2026-05-07",
        "Công văn",
        "V/v báo cáo kết quả thực hiện Kế hoạch số 12/KH-UBND ngày 3/2/2026 về chuyển đổi số",
    )
    number = plan.text[h.sources["number"].start : h.sources["number"].end]
    assert number.startswith("45") and number.endswith("/UBND-VP")
