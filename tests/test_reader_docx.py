"""DOCX and .doc readers: numbering labels, tracked changes, zones, task tables, legacy fonts, bad input,
and every real document in ../shared/corpus."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

try:
    import fixtures_docx as fx
except ImportError:  # tests/ as a package
    from . import fixtures_docx as fx  # type: ignore[no-redef]
from extract.blocks import ReadError
from extract.normalize import strip_accents
from extract.readers import doc as doc_reader
from extract.readers import read_document
from extract.readers.docx import read

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HAVE_SOFFICE = doc_reader.find_soffice() is not None


def _body(doc):
    return [b for b in doc.blocks if b.zone == "body"]


def _texts(blocks):
    return [b.text for b in blocks]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """All fixture documents, built once."""
    d = tmp_path_factory.mktemp("docx")
    return {
        "auto": fx.make_auto_numbering(d / "auto.docx"),
        "style": fx.make_style_numbering(d / "style.docx"),
        "tracked": fx.make_tracked_changes(d / "tracked.docx"),
        "task": fx.make_task_table(d / "task.docx"),
        "tcvn3": fx.make_tcvn3(d / "tcvn3.docx"),
        "plain": fx.make_plain(d / "plain.docx"),
        "dir": d,
    }


# --- numbering -----------------------------------------------------------------------------------------


def test_auto_numbering_labels_in_order(built):
    doc = read(built["auto"])
    body = _texts(_body(doc))
    assert body[:2] == ["KẾ HOẠCH", "Triển khai thực hiện cải cách hành chính năm 2026"]
    assert body[2:] == fx.AUTO_NUMBERING_EXPECTED
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["I. MỤC ĐÍCH, YÊU CẦU"].label == "I."
    assert by_text["III. TỔ CHỨC THỰC HIỆN"].label == "III."
    assert by_text["1.2. Tỷ lệ hài lòng đạt 90%."].label == "1.2."
    assert by_text["a) Rà soát văn bản quy phạm pháp luật."].label == "a)"
    assert by_text["- Bám sát chỉ đạo của Ủy ban nhân dân tỉnh."].label == "-"
    assert by_text["Đoạn không đánh số dù có numPr numId 0."].label is None
    assert doc.meta["numbering_labels"] == len([t for t in fx.AUTO_NUMBERING_EXPECTED if not t.startswith("Đoạn")])


def test_restart_after_higher_level(built):
    body = _texts(_body(read(built["auto"])))
    # "1." again under II and III; "a)" again under II.1.
    i_two = body.index("II. NHIỆM VỤ, GIẢI PHÁP")
    assert body[i_two + 1] == "1. Cải cách thể chế"
    assert body[i_two + 2] == "a) Rà soát văn bản quy phạm pháp luật."
    assert body[body.index("III. TỔ CHỨC THỰC HIỆN") + 1] == "1. Sở Nội vụ"


def test_start_override_restarts_shared_list(built):
    body = _texts(_body(read(built["auto"])))
    assert body[-5:] == [
        "1. Danh sách thứ nhất, mục một",
        "2. Danh sách thứ nhất, mục hai",
        "1. Danh sách mới bắt đầu lại",
        "2. Danh sách mới, mục hai",
        "5. Danh sách bắt đầu từ năm",
    ]


def test_style_inherited_numbering(built):
    doc = read(built["style"])
    assert _texts(_body(doc))[1:] == fx.STYLE_NUMBERING_EXPECTED
    first = _body(doc)[1]
    assert first.label == "I." and first.bold is True  # bold from the style


def test_python_docx_alone_loses_the_labels(built):
    import docx

    texts = [p.text for p in docx.Document(str(built["auto"])).paragraphs]
    assert "MỤC ĐÍCH, YÊU CẦU" in texts and "I. MỤC ĐÍCH, YÊU CẦU" not in texts


def test_misc_word_features(tmp_path):
    """w:caps, hidden text, a text box read once, content controls, hyperlinks, level overrides, numbering
    style links, upperLetter/lowerRoman, legal numbering, lvlRestart 0, letters past z."""
    doc = read(fx.make_misc(tmp_path / "misc.docx"))
    assert _texts(doc.blocks) == fx.MISC_EXPECTED
    assert "ẨN" not in "".join(_texts(doc.blocks))


# --- tracked changes -----------------------------------------------------------------------------------


def test_tracked_changes_read_as_accepted(built):
    doc = read(built["tracked"])
    texts = _texts(doc.blocks)
    for expected in fx.TRACKED_EXPECTED:
        assert expected in texts
    joined = "\n".join(texts)
    for gone in ("ngân sách huyện", "Câu bị chuyển đi", "Đoạn đã xóa hết", "Dòng bị xóa"):
        assert gone not in joined
    assert "Hồ sơ trực tuyến" in joined  # the rows around the deleted one stay
    tracked = [w for w in doc.warnings if w[0] == "tracked_changes"]
    assert tracked == [("tracked_changes", "document has tracked changes; read as if all were accepted", None)]
    assert doc.meta["tracked_changes"] is True


def test_no_tracked_warning_without_changes(built):
    doc = read(built["auto"])
    assert not [w for w in doc.warnings if w[0] == "tracked_changes"]


# --- zones, hints, paragraph index ---------------------------------------------------------------------


def test_header_zone_reading_order(built):
    doc = read(built["auto"])
    header = [b for b in doc.blocks if b.zone == "header"]
    assert _texts(header) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",  # the second line of a w:br-separated paragraph
        "Số: 15/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 05 tháng 3 năm 2026",
    ]
    assert doc.blocks[: len(header)] == header
    assert header[0].table == "t1:r1:c1" and header[3].table == "t1:r1:c2" and header[5].table == "t1:r2:c2"


def test_signature_zones(built):
    doc = read(built["auto"])
    tail = [b for b in doc.blocks if b.zone in ("recipients", "signature")]
    assert [(b.zone, b.text) for b in tail] == [
        ("recipients", "Nơi nhận:"),
        ("recipients", "- Bộ Nội vụ;"),
        ("recipients", "- Thường trực Tỉnh ủy;"),
        ("recipients", "- Lưu: VT, NC."),
        ("signature", "KT. CHỦ TỊCH"),
        ("signature", "PHÓ CHỦ TỊCH"),
        ("signature", "Nguyễn Văn An"),
    ]
    assert doc.blocks[-len(tail) :] == tail


def test_hints_and_paragraph_index(built):
    doc = read(built["auto"])
    assert [b.paragraph for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    title = next(b for b in doc.blocks if b.text == "KẾ HOẠCH")
    assert title.bold is True and title.align == "center" and title.size == 11.0
    plain = next(b for b in doc.blocks if b.text.startswith("a) Nâng cao"))
    assert plain.bold is False and plain.italic is False
    assert doc.format == "docx" and doc.path == str(built["auto"])


def test_text_is_clean(built):
    from extract.normalize import clean_text

    for key in ("auto", "tracked", "task", "tcvn3"):
        for b in read(built[key]).blocks:
            assert b.text == clean_text(b.text).strip() and b.text


def test_layout_gaps_split():
    from extract.readers.docx import split_layout_gaps

    assert split_layout_gaps("ỦY BAN NHÂN DÂN              TỈNH LÀO CAI") == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]
    assert split_layout_gaps("- Bộ Công an;             - Thường trực Tỉnh ủy;") == [
        "- Bộ Công an;",
        "- Thường trực Tỉnh ủy;",
    ]
    assert split_layout_gaps("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    for kept in (
        "Lào Cai, ngày       tháng      năm 2026",
        "Số:           /KH-UBND",
        "I.\tMỤC ĐÍCH, YÊU CẦU",
        "Hà Nội,\tngày 05 tháng 3",
    ):
        assert split_layout_gaps(kept) == [kept]


# --- task tables ---------------------------------------------------------------------------------------


def test_task_rows(built):
    doc = read(built["task"])
    rows = doc.task_rows
    assert [(r["stt"], r["task"]) for r in rows] == [
        ("1", "Rà soát văn bản quy phạm pháp luật"),
        ("2", "Tham mưu ban hành kế hoạch kiểm tra"),
        ("2", "Tham mưu ban hành kế hoạch kiểm tra"),  # vertically merged over two product rows
        ("1", "Công bố danh mục thủ tục hành chính"),
    ]
    first, second, third, fourth = rows
    assert first["lead"] == "Sở Tư pháp" and first["coordinate"] == "Các sở, ban, ngành"
    assert first["deadline"] == "Quý II/2026" and first["product"] == "Báo cáo rà soát"
    assert first["group"] == "Cải cách thể chế" and first["group_stt"] == "I"
    assert second["continuation"] is False and third["continuation"] is True
    assert third["product"] == "Kế hoạch tự kiểm tra của cơ quan" and third["lead"] == "Các cơ quan, đơn vị"
    assert third["deadline"] == "Tháng 02 hằng năm" and third["note"] == "Lồng ghép"
    # gridSpan over Chủ trì + Phối hợp: the value is repeated in both.
    assert fourth["lead"] == fourth["coordinate"] == "Theo phân công tại Quyết định số 10/QĐ-UBND"
    assert fourth["group"] == "Cải cách thủ tục hành chính"
    for row in rows:
        assert set(row) >= {"stt", "task", "product", "deadline", "lead", "coordinate", "group", "paragraph", "page"}
        block = doc.blocks[row["paragraph"] - 1]
        assert block.zone == "table" and block.table.startswith(row["table"].split(":")[0] + ":r")
        row_pos = row["table"].rsplit(":", 1)[0] + ":"
        assert block.table.startswith(row_pos)  # the first block emitted for that table row
        if not row["continuation"]:
            assert block.text == row["stt"]  # … which is its STT cell


def test_task_table_cells_still_emitted(built):
    doc = read(built["task"])
    cells = [b for b in doc.blocks if b.zone == "table"]
    assert "Cơ quan thực hiện" in _texts(cells) and "Chủ trì" in _texts(cells)
    # A merged cell is emitted once, at its first grid position.
    assert _texts(cells).count("Tham mưu ban hành kế hoạch kiểm tra") == 1
    assert _texts(cells).count("Theo phân công tại Quyết định số 10/QĐ-UBND") == 1
    assert any(b.table == "t3:r8:c5" for b in cells)


def test_task_tables_module_directly():
    from extract.task_tables import column_role, fill_merged, parse_task_table

    assert column_role("Cơ quan chủ trì") == "lead"
    assert column_role("ĐƠN VỊ PHỐI HỢP") == "coordinate"
    assert column_role("Thoi han hoan thanh") == "deadline"
    assert column_role("Sản phẩm đầu ra") == "product"
    assert column_role("Nội dung công việc") == "task"
    assert column_role("STT") == "stt" and column_role("Ghi chú") == "note"
    assert column_role("Vai trò (Chủ trì/ Phối hợp)") is None
    rows = [
        ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["A", "Nhóm nhiệm vụ chung", "", "", ""],
        ["1", "Xây dựng kế hoạch", "Sở Nội vụ", None, "Tháng 3/2026"],
        [None, None, "Sở Tài chính", "Các sở", "Tháng 4/2026"],
        ["", "", "", "", ""],
    ]
    assert fill_merged(rows)[3][3] == "Sở Nội vụ"  # None after a value on the left with nothing above
    out = parse_task_table(rows, paragraphs=[1, 6, 11, 13, 18, 23], pages=[4, 4, 4, 4, 5, 5], table_id="t9")
    assert [(r["stt"], r["lead"], r["deadline"], r["group"], r["page"]) for r in out] == [
        ("1", "Sở Nội vụ", "Tháng 3/2026", "Nhóm nhiệm vụ chung", 4),
        ("1", "Sở Tài chính", "Tháng 4/2026", "Nhóm nhiệm vụ chung", 5),
    ]
    assert out[1]["continuation"] is True and out[0]["table"] == "t9:r4:c2" and out[0]["paragraph"] == 13
    assert parse_task_table([["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"], ["1", "Văn bản", "Văn bản", "82"]]) == []


# --- legacy fonts --------------------------------------------------------------------------------------


def test_tcvn3_runs_converted(built):
    doc = read(built["tcvn3"])
    assert _texts(doc.blocks) == fx.TCVN3_EXPECTED
    warnings = [w for w in doc.warnings if w[0] == "legacy_encoding"]
    assert ("legacy_encoding", "converted TCVN3 text to Unicode", 1) in warnings
    assert any(w[1] == "converted VNI-Windows text to Unicode" for w in warnings)
    assert len(warnings) <= 4  # one per span of consecutive converted blocks, not one per run
    assert set(doc.meta["legacy_encoding"]) == {"tcvn3", "vni"}


# --- bad input -----------------------------------------------------------------------------------------


def _refused(path: Path, *fragments: str) -> ReadError:
    with pytest.raises(ReadError) as info:
        read(path)
    err = info.value
    assert err.path == str(path)
    for fragment in fragments:
        assert fragment in err.problem, err.problem
    assert "\n" not in str(err)
    return err


def test_not_a_zip(tmp_path):
    _refused(fx.make_not_zip(tmp_path / "a.docx"), "not a Word .docx file (")


def test_zip_of_something_else(tmp_path):
    _refused(fx.make_zip_without_word(tmp_path / "b.docx"), "not a Word .docx file (", "Excel")


def test_truncated(built, tmp_path):
    _refused(fx.make_truncated(tmp_path / "c.docx", built["auto"]), "not a Word .docx file (damaged or truncated")


def test_corrupt_xml(built, tmp_path):
    _refused(fx.make_corrupt_xml(tmp_path / "d.docx", built["plain"]), "damaged Word .docx file")


def test_encrypted(tmp_path):
    _refused(fx.make_encrypted(tmp_path / "e.docx"), "password-protected or encrypted Word file")


def test_pdf_named_docx(tmp_path):
    p = tmp_path / "f.docx"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n")
    _refused(p, "not a Word .docx file (a PDF)")


def test_zip_bomb_ratio_refused(built, tmp_path):
    start = time.perf_counter()
    _refused(fx.make_zip_bomb(tmp_path / "g.docx", built["plain"]), "zip bomb")
    assert time.perf_counter() - start < 5


def test_zip_bomb_declared_size_refused(built, tmp_path):
    _refused(fx.make_declared_bomb(tmp_path / "h.docx", built["plain"]), "inflates to", "zip bomb")


def test_xxe_not_resolved(built, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT-KHẨU-BÍ-MẬT-42", encoding="utf-8")
    path = fx.make_xxe(tmp_path / "i.docx", built["plain"], secret)
    try:
        doc = read(path)
    except ReadError:
        return  # refusing the file is also safe
    joined = "\n".join(b.text for b in doc.blocks)
    assert "MẬT-KHẨU" not in joined and "42" not in joined
    assert "Nội dung" in joined


def test_billion_laughs_not_expanded(built, tmp_path):
    path = fx.make_billion_laughs(tmp_path / "j.docx", built["plain"])
    start = time.perf_counter()
    try:
        doc = read(path)
        assert sum(len(b.text) for b in doc.blocks) < 1000
    except ReadError:
        pass
    assert time.perf_counter() - start < 5


def test_dispatch_through_read_document(built):
    doc = read_document(built["auto"])
    assert doc.format == "docx" and len(doc.blocks) > 30


def test_committed_samples_are_current(tmp_path):
    """corpus/made/docx holds what the builders make (regenerate with `python tests/fixtures_docx.py`)."""
    if not fx.SAMPLES.is_dir():
        pytest.skip("samples not generated")
    fresh = fx.write_samples(tmp_path)
    for new in fresh:
        old = fx.SAMPLES / new.name
        assert old.exists(), old
        assert _texts(read(old).blocks) == _texts(read(new).blocks), old.name


# --- .doc ----------------------------------------------------------------------------------------------


def _fake_soffice(folder: Path, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return folder


def _ole_doc(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    return path


def test_doc_without_soffice(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)
    with pytest.raises(ReadError) as info:
        read_document(_ole_doc(tmp_path / "x.doc"))
    assert "apt-get install libreoffice-writer-nogui" in info.value.problem


def test_doc_conversion_without_output(tmp_path, monkeypatch):
    # soffice can exit 0 and write nothing: that must be a ReadError, not a crash.
    bindir = _fake_soffice(tmp_path / "bin", "exit 0")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(ReadError) as info:
        read_document(_ole_doc(tmp_path / "y.doc"))
    assert "could not convert" in info.value.problem


def test_doc_conversion_timeout(tmp_path, monkeypatch):
    bindir = _fake_soffice(tmp_path / "bin", "sleep 30")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(doc_reader, "TIMEOUT", 1)
    start = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(_ole_doc(tmp_path / "z.doc"))
    assert "did not finish" in info.value.problem
    assert time.perf_counter() - start < 15


def test_doc_that_is_not_word(tmp_path):
    p = tmp_path / "n.doc"
    p.write_bytes(b"\x00\x01\x02garbage" * 10)
    with pytest.raises(ReadError) as info:
        read_document(p)
    assert "not a Word .doc file" in info.value.problem


def test_docx_named_doc_read_directly(built, tmp_path):
    p = tmp_path / "named.doc"
    shutil.copyfile(built["auto"], p)
    doc = read_document(p)
    # read by content: a .docx package, whatever its name; the name mismatch is reported
    assert doc.format == "docx" and "I. MỤC ĐÍCH, YÊU CẦU" in _texts(doc.blocks)
    assert [w for w in doc.warnings if w[0] == "misnamed_file"]


# --- the real corpus -----------------------------------------------------------------------------------


def _shared(pattern: str) -> list[Path]:
    return sorted(SHARED.glob(pattern)) if SHARED.is_dir() else []


@pytest.mark.parametrize("path", _shared("*.docx") or [None], ids=lambda p: p.name if p else "none")
def test_real_docx(path):
    if path is None:
        pytest.skip("shared corpus not available")
    doc = read(path)
    assert len(doc.blocks) >= 15
    assert [b.paragraph for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert all(b.text and b.text == b.text.strip() for b in doc.blocks)
    zones = {b.zone for b in doc.blocks}
    if not path.name.startswith("027"):  # 027 is an appendix of forms without a header table
        assert "header" in zones, path.name
        header = [b for b in doc.blocks if b.zone == "header"]
        assert any(strip_accents(b.text).upper().startswith(("CONG HOA", "DANG CONG SAN")) for b in header)
        assert any(b.text.startswith("Số") for b in header)
    if path.name[:3] in {"006", "007", "013", "023", "030", "037", "039", "048"}:
        assert "recipients" in zones and "signature" in zones, path.name
        recipients = [b for b in doc.blocks if b.zone == "recipients"]
        assert recipients[0].text.startswith("Nơi nhận")


def test_real_task_tables():
    paths = {p.name[:3]: p for p in _shared("*.docx")}
    if "006" not in paths:
        pytest.skip("shared corpus not available")
    rows = read(paths["006"]).task_rows
    assert len(rows) >= 50
    assert rows[0]["stt"] == "1" and rows[0]["lead"] == "Sở Tư pháp" and rows[0]["group"] == "Cải cách thể chế"
    assert all(r["task"] for r in rows)
    assert sum(1 for r in rows if r["lead"]) >= 50 and sum(1 for r in rows if r["deadline"]) >= 50
    assert {r["group_stt"] for r in rows} >= {"I", "II", "VII"}
    if "037" in paths:
        rows37 = read(paths["037"]).task_rows
        assert rows37 and rows37[0]["deadline"] == "Xong trong Quý II/2026"
        assert rows37[0]["coordinate"].startswith("Các Sở, ban, ngành")
    if "039" in paths:
        doc39 = read(paths["039"])
        # The STT column is Word automatic numbering: recovered from numbering.xml.
        assert [r["stt"] for r in doc39.task_rows] == [f"{i}." for i in range(1, 10)]
        assert doc39.task_rows[0]["lead"].startswith("Đỗ Mạnh Cường")


@pytest.mark.slow
@pytest.mark.parametrize("path", _shared("*.doc") or [None], ids=lambda p: p.name if p else "none")
def test_real_doc(path):
    if path is None:
        pytest.skip("shared corpus not available")
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) not installed")
    doc = read_document(path)
    assert doc.format == "doc" and doc.meta["converted_from"] == "doc" and doc.path == str(path)
    assert len(doc.blocks) >= 30
    zones = {b.zone for b in doc.blocks}
    assert {"header", "recipients", "signature"} <= zones
    assert any(b.text == "KẾ HOẠCH" for b in doc.blocks)


@pytest.mark.slow
def test_doc_named_docx_is_converted(tmp_path):
    docs = _shared("*.doc")
    if not docs or not HAVE_SOFFICE:
        pytest.skip("needs the shared corpus and LibreOffice")
    p = tmp_path / "misnamed.docx"
    shutil.copyfile(docs[0], p)
    doc = read_document(p)
    assert len(doc.blocks) >= 30 and any(w[0] == "misnamed_file" for w in doc.warnings)
