"""The writing side against hostile or broken input: user templates that try to leave the sandbox, header names
that are too long, text with control characters, formulas in cells, workbooks that lie about their size."""

from __future__ import annotations

import datetime
import io
import itertools
import os
import pickle
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen import nd30, sandbox
from docgen.render import docx_bytes, html_text, markdown_text, plan_spec
from docgen.render.samples import sample_plan
from docgen.templates_env import TemplateError, _split_body, render_template
from extract.model import Plan

# ------------------------------------------------------------------------------------------ template sandbox


class _Touch:
    """Pickled, it runs `touch <path>` when loaded: what `parse_raw(…, proto='pickle')` would do."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def _render_user(tmp_path: Path, source: str, context: dict | None = None, name: str = "evil.xml.j2") -> str:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    ctx = {"plan": sample_plan("tinh"), "options": {}} if context is None else context
    return render_template(name, ctx, folder)


def _refused(tmp_path: Path, source: str, context: dict | None = None) -> TemplateError:
    ctx = {"plan": sample_plan("tinh"), "options": {}} if context is None else context
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        _render_user(tmp_path, source, ctx)
    assert time.monotonic() - start < 1.0, source
    assert "evil.xml.j2" in str(info.value)
    return info.value


def test_pydantic_pickle_loader_is_not_reachable(tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Touch(marker), protocol=0).decode("latin-1")
    _refused(tmp_path, "{{ plan.parse_raw(" + repr(payload) + ", proto='pickle', allow_pickle=True) }}")
    _refused(tmp_path, "{{ plan.header.model_validate_json('{}') }}")
    assert not marker.exists()


def test_pydantic_file_reader_is_not_reachable(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"schema_version": "1.0", "text": "MẬT-KHẨU-42"}', encoding="utf-8")
    err = _refused(tmp_path, "{{ plan.parse_file(" + repr(str(secret)) + ") }}")
    assert "MẬT-KHẨU-42" not in str(err)


@pytest.mark.parametrize(
    "source",
    [
        "{{ plan.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ plan.header.title.__class__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ joiner }}{{ dict(a=1) }}",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{{ plan | attr('__class__') }}",
        "{{ '{0.__class__}'.format(plan) }}",
        "{{ '{0}'.format_map(plan) }}",
        "{{ '%s' | format(plan) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ plan.header.title.replace('a', plan.text) }}",
        "{{ 'a' | center(10**9) }}",
        "{{ 'a' * 10**9 }}",
        "{{ [1] * 10**9 }}",
        "{{ 9 ** 99999999 }}",
        "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('a', 60) }}",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% else %}{{ 'x' * 10**6 }}{% endif %}"
        "{% endmacro %}{{ f(40) }}",
        "{% set ns = namespace(s='ab') %}{% for x in 'x' * 60 %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "{{ (['kế hoạch' * 1000] * 100000) | join }}",
        '{% include "/etc/passwd" %}',
        '{% include "../outside.j2" %}',
    ],
)
def test_known_escapes_are_refused_quickly(tmp_path, source):
    (tmp_path / "outside.j2").write_text("ĐIỀU BÍ MẬT", encoding="utf-8")
    err = _refused(tmp_path, source)
    assert "ĐIỀU BÍ MẬT" not in str(err)


def test_symlink_out_of_the_template_folder_is_refused(tmp_path):
    (tmp_path / "outside.j2").write_text("ĐIỀU BÍ MẬT", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "link.j2").symlink_to(tmp_path / "outside.j2")
    err = _refused(tmp_path, '{% include "link.j2" %}')
    assert "outside the template folders" in str(err)
    # the linked file itself, asked for by name, is refused too
    with pytest.raises(TemplateError, match="outside the template folders"):
        render_template("link.j2", {}, folder)


def test_a_runaway_template_stops_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    calls = "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    loops = "{% set s = 'a' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    for source in (calls, loops):
        err = _refused(tmp_path, source)
        assert "longer than" in str(err)


def test_templates_get_plain_data():
    plan = sample_plan("tinh")
    data = sandbox.plain_context({"plan": plan, "options": {"year": 2025}})
    seen = []

    def walk(v):
        seen.append(type(v))
        if isinstance(v, sandbox.Record):
            for k in v:
                walk(v[k])
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    walk(data)
    allowed = (sandbox.Record, dict, list, tuple, str, int, float, bool, type(None))
    assert all(issubclass(t, allowed) for t in seen), {t for t in seen if not issubclass(t, allowed)}
    assert data["plan"].header.issuing_body == plan.header.issuing_body
    assert data["plan"].sections[0].title == plan.sections[0].title


def test_what_templates_legitimately_do_still_works(tmp_path):
    out = _render_user(
        tmp_path,
        "{% import '_nd30.xml.j2' as nd30 %}"
        "{% set kept = namespace(items=[]) %}{% for s in plan.sections %}{% set kept.items = kept.items + [s] %}"
        "{% endfor %}{{ kept.items | length }}|{{ plan.header.issuing_body.startswith('ỦY') }}|"
        "{{ plan.sections | map(attribute='title') | first | vn_upper }}|{{ '{n} mục' | fill(n=3) }}|"
        "{{ section_labels(plan.sections) | length > 0 }}|{{ ['a', 'b'] | join('-') }}",
    )
    plan = sample_plan("tinh")
    assert out.split("|") == [
        str(len(plan.sections)),
        str(plan.header.issuing_body.startswith("ỦY")),
        plan.sections[0].title.upper(),
        "3 mục",
        "True",
        "a-b",
    ]


def test_render_command_refuses_a_hostile_template_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    plan = tmp_path / "kh.json"
    plan.write_text(sample_plan("tinh").model_dump_json(), encoding="utf-8")
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "ke_hoach.xml.j2").write_text("{{ plan.parse_file('" + str(plan) + "') }}", encoding="utf-8")
    r = CliRunner().invoke(app, ["render", str(plan), "--templates", str(folder), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "ke_hoach.xml.j2:1" in lines[0] and "parse_file" in lines[0], r.output
    assert not (tmp_path / "x.docx").exists()


# ------------------------------------------------------------------------------------------ header lines


def _exhaustive(words: list[str], n: int, size: float) -> list[str]:
    """The old search over every set of break points: the reference for small names."""
    best, best_width = None, None
    for cuts in itertools.combinations(range(1, len(words)), n - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
        width = max(nd30.text_width_pt(x, size, bold=True) for x in lines)
        if best_width is None or width < best_width:
            best, best_width = lines, width
    return best


def test_header_lines_of_a_38_word_unit_name_come_quickly():
    name = " ".join(["BAN CHỈ ĐẠO"] + ["PHÒNG CHỐNG TỘI PHẠM TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ"] * 3)
    assert len(name.split()) >= 38
    start = time.monotonic()
    lines = _split_body(name)
    assert time.monotonic() - start < 1.0
    assert lines[0] == "BAN CHỈ ĐẠO"
    assert " ".join(lines) == name
    size = nd30.rules().element("issuing_body").size.chosen
    lay = nd30.rules().layout["header_table"]
    limit = nd30.mm_to_pt(lay["left_width_mm"] - 2 * lay["cell_margin_mm"])
    assert all(nd30.text_width_pt(x, size, bold=True) <= limit for x in lines)


@pytest.mark.parametrize(
    ("name", "prefix_words"),
    [
        ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH QUẢNG TRỊ", 0),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH KHU VỰC PHÍA NAM SÀI GÒN", 4),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ KHU KINH TẾ TỈNH BẮC GIANG", 3),
        ("TRUNG TÂM PHÁT TRIỂN QUỸ ĐẤT VÀ DỊCH VỤ CÔNG ÍCH HUYỆN KỲ SƠN TỈNH NGHỆ AN", 0),
    ],
)
def test_header_lines_are_the_balanced_split_with_fewest_lines(name, prefix_words):
    size = nd30.rules().element("issuing_body").size.chosen
    lay = nd30.rules().layout["header_table"]
    limit = nd30.mm_to_pt(lay["left_width_mm"] - 2 * lay["cell_margin_mm"])
    lines = _split_body(name)
    words = name.split()
    body, rest = lines[1 if prefix_words else 0 :], words[prefix_words:]
    assert len(body) >= 2
    assert body == _exhaustive(rest, len(body), size)
    fewer = _exhaustive(rest, len(body) - 1, size)  # one line fewer would not fit
    assert max(nd30.text_width_pt(x, size, bold=True) for x in fewer) > limit


# ------------------------------------------------------------------------------------------ control characters

CONTROL = "\x00\x01\x08\x0b\x0c\x0e\x1f"


def _plan_with_control_characters() -> Plan:
    plan = sample_plan("tinh")
    data = plan.model_dump()
    data["header"]["title"] = f"Triển khai\x0bchuyển đổi số{CONTROL}năm 2025"
    data["sections"][0]["title"] = "MỤC ĐÍCH\x1f, YÊU CẦU"
    data["preamble"][0]["text"] = "Bảo đảm\x01 thực hiện\x0c đúng tiến độ."
    data["signer"]["name"] = "Nguyễn\x08 Văn An"
    data["recipients"][0]["text"] = "Bộ Nội vụ\x1f"
    return Plan.model_validate(data)


def test_every_plan_writer_takes_control_characters():
    plan = _plan_with_control_characters()
    spec = plan_spec(plan)
    body = docx_bytes(spec)
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        xml = z.read("word/document.xml")
    etree.fromstring(xml)  # well-formed
    text = xml.decode("utf-8")
    assert "chuyển đổi số" in text and "đúng tiến độ" in text
    assert not any(c in text for c in CONTROL)
    for out in (html_text(spec), markdown_text(spec)):
        assert "đúng tiến độ" in out
        assert not any(c in out for c in CONTROL)


def test_comparison_writers_take_control_characters(tmp_path):
    from docgen.compare.html import coverage_html, diff_html
    from docgen.compare.matrix import coverage_docx
    from docgen.compare.tracked import diff_docx
    from extract.compare import coverage, diff_plans

    old, new = sample_plan("tinh"), _plan_with_control_characters()
    d = diff_plans(old, new)
    assert d.changes
    for body in (diff_docx(d, new, old_plan=old), coverage_docx(coverage(old, new), child_plan=new)):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        etree.fromstring(xml.encode("utf-8"))
        assert not any(c in xml for c in CONTROL)
    tracked = diff_docx(d, new, old_plan=old)
    with zipfile.ZipFile(io.BytesIO(tracked)) as z:
        assert "chuyển đổi số" in z.read("word/document.xml").decode("utf-8")
    for page in (diff_html(d), coverage_html(coverage(old, new))):
        etree.fromstring(page.encode("utf-8"), etree.HTMLParser())
        assert not any(c in page for c in CONTROL)
    assert "chuyển đổi số" in diff_html(d)


def test_diff_command_writes_a_docx_for_plans_with_control_characters(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    old, new = tmp_path / "cu.json", tmp_path / "moi.json"
    old.write_text(sample_plan("tinh").model_dump_json(), encoding="utf-8")
    new.write_text(_plan_with_control_characters().model_dump_json(), encoding="utf-8")
    for out in ("x.docx", "x.html"):
        r = CliRunner().invoke(app, ["diff", str(old), str(new), "-o", str(tmp_path / out)])
        assert r.exit_code == 0, r.output
        assert (tmp_path / out).stat().st_size > 1000


# ------------------------------------------------------------------------------------------ results workbooks

PLAN_FILE = Path(__file__).resolve().parents[1] / "corpus" / "plans" / "xa-thuong-lam-giam-ngheo.md"
HOSTILE = ['=HYPERLINK("http://x","bấm")', "+84 912", "- Tuyên truyền, phổ biến", "@SUM(A1:A3)", "#N/A"]


@pytest.fixture(scope="module")
def results_plan():
    from extract import extract_file

    return extract_file(PLAN_FILE)


def _results(plan, texts: list[str]):
    from docgen.report import template_results

    res = template_results(plan, "Xã A")
    assert len(res.tasks) >= len(texts)
    for t, text in zip(res.tasks, texts):
        t.task, t.note = text, text
    return res


def test_text_that_looks_like_a_formula_is_written_as_text(results_plan, tmp_path):
    from openpyxl import load_workbook

    from docgen.report import read_results, results_bytes
    from docgen.report.sheet import SHEET_TASKS

    res = _results(results_plan, HOSTILE)
    book = tmp_path / "a.xlsx"
    book.write_bytes(results_bytes(res, ".xlsx"))
    ws = load_workbook(book)[SHEET_TASKS]
    cells = {ws.cell(r, 3).value: ws.cell(r, 3) for r in range(2, 2 + len(HOSTILE))}
    assert set(cells) == set(HOSTILE)
    assert all(c.data_type == "s" for c in cells.values())
    assert all(c.quotePrefix for text, c in cells.items() if text[0] in "=+-@")
    back = read_results(book)
    assert [t.task for t in back.tasks[: len(HOSTILE)]] == HOSTILE
    # in CSV Excel evaluates a leading = + - @: written with a ', read back without it
    csv_file = tmp_path / "a.csv"
    csv_file.write_bytes(results_bytes(res, ".csv"))
    text = csv_file.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'- Tuyên truyền" in text and "'@SUM" in text
    assert [t.note for t in read_results(csv_file).tasks[: len(HOSTILE)]] == HOSTILE


def test_every_workbook_writer_takes_control_characters(results_plan, tmp_path):
    from openpyxl import load_workbook

    from docgen.compare.matrix import coverage_xlsx
    from docgen.report import read_results, results_bytes
    from docgen.web.sheets import plan_xlsx
    from extract.compare import coverage

    res = _results(results_plan, ["Rà soát\x0bhộ nghèo\x1f", "Báo cáo\x01 kết quả"])
    book = tmp_path / "a.xlsx"
    book.write_bytes(results_bytes(res, ".xlsx"))
    assert [t.task for t in read_results(book).tasks[:2]] == ["Rà soát hộ nghèo", "Báo cáo kết quả"]

    child = results_plan.model_copy(deep=True)
    child.targets[0].indicator += "\x0b(điều chỉnh)\x1f"
    child.file = "cấp\x07dưới.md"
    data = coverage_xlsx(coverage(results_plan, child))
    load_workbook(io.BytesIO(data))

    data = plan_xlsx("id,indicator\nT1,Tỷ lệ\x0bhộ nghèo\x1f\nT2,=1+1\n", "id,agency,task\nR1,Sở\x01,Rà soát\n")
    ws = load_workbook(io.BytesIO(data))["Chỉ tiêu"]
    assert ws["B2"].value == "Tỷ lệ hộ nghèo" and ws["B3"].value == "=1+1" and ws["B3"].data_type == "s"


def _claim_a_million_rows(book: Path) -> None:
    """Rewrite the stored dimension of every sheet to the whole grid and put one blank styled cell in its last
    corner, as a hostile or broken writer may: still a 10 KB file."""
    import re

    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, body in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', body)
            if b"<dimension" not in body:
                body = body.replace(b"<sheetViews>", b'<dimension ref="A1:XFD1048576"/><sheetViews>', 1)
            body = body.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
            parts[name] = body
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)


def test_a_workbook_that_claims_a_million_rows_is_read_by_its_cells(results_plan, tmp_path):
    import subprocess
    import sys

    from docgen.report import results_bytes

    book = tmp_path / "claims.xlsx"
    book.write_bytes(results_bytes(_results(results_plan, ["Rà soát hộ nghèo"]), ".xlsx"))
    _claim_a_million_rows(book)
    with zipfile.ZipFile(book) as z:
        assert b"XFD1048576" in z.read("xl/worksheets/sheet1.xml")
    # in a child limited to 1 GB and 60 s: the old reader padded every claimed row to 16,384 cells
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from docgen.report import read_results; r = read_results(sys.argv[1]);"
        "print(len(r.targets), len(r.tasks), r.tasks[0].task)"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", code, str(book)], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr[-500:]
    assert time.monotonic() - start < 30
    targets, tasks, first = out.stdout.split(maxsplit=2)
    assert (int(targets), int(tasks)) == (
        len(results_plan.targets),
        sum(len(r.tasks) for r in results_plan.responsibilities),
    )
    assert first.strip() == "Rà soát hộ nghèo"


def test_rows_and_columns_past_the_limits_are_clear_errors(results_plan, tmp_path):
    from openpyxl import load_workbook

    from docgen.report import ResultsError, read_results, results_bytes
    from docgen.report import sheet as sheet_mod

    book = tmp_path / "wide.xlsx"
    book.write_bytes(results_bytes(_results(results_plan, []), ".xlsx"))
    wb = load_workbook(book)
    wb[sheet_mod.SHEET_TASKS].cell(3, sheet_mod.MAX_COLUMNS + 1).value = "ghi chú lạc chỗ"
    wb.save(book)
    with pytest.raises(ResultsError, match=r"wide\.xlsx: sheet 'Nhiệm vụ', row 3, column .*at most 100 columns"):
        read_results(book)

    wb = load_workbook(book)
    ws = wb[sheet_mod.SHEET_TASKS]
    ws.cell(3, sheet_mod.MAX_COLUMNS + 1).value = None
    ws.cell(sheet_mod.MAX_ROWS + 5, 1).value = "X"
    wb.save(book)
    with pytest.raises(ResultsError, match=r"row 20,?005: a results sheet has at most 20,000 rows"):
        read_results(book)


def test_a_csv_field_over_the_csv_limit_is_a_clean_error(results_plan, tmp_path):
    from docgen.report import ResultsError, read_results, results_bytes

    res = _results(results_plan, ["Rà soát"])
    res.tasks[0].note = "ghi chú " * 20_000  # 160 KB: over the csv module's 128 KB field limit
    path = tmp_path / "big.csv"
    path.write_bytes(results_bytes(res, ".csv"))
    with pytest.raises(ResultsError) as info:
        read_results(path)
    assert str(info.value).startswith(f"{path}: line ")
    assert "\n" not in str(info.value)


def test_report_command_prints_one_line_for_a_huge_csv_field(results_plan, tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app
    from docgen.report import results_bytes

    res = _results(results_plan, ["Rà soát"])
    res.tasks[0].note = "x" * 200_000
    path = tmp_path / "big.csv"
    path.write_bytes(results_bytes(res, ".csv"))
    for args in (
        ["report", str(PLAN_FILE), "-r", str(path), "--period", "2025", "-o", str(tmp_path / "bc.docx")],
        ["results-merge", str(path), str(path), "-o", str(tmp_path / "merged.xlsx")],
    ):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 1, r.output
        assert r.exception is None or isinstance(r.exception, SystemExit)
        lines = r.output.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "field larger than field limit" in lines[0], r.output


# ------------------------------------------------------------------------------------------ impossible dates


def test_calendar_date_is_a_date_or_a_reason():
    from extract.deadlines import calendar_date

    assert calendar_date(15, 12) == (datetime.date(2024, 12, 15), None)
    assert calendar_date(29, 2)[0] is not None  # recurs: there is a 29/2 in leap years
    assert calendar_date(29, 2, 2025) == (None, "ngày 29/2/2025 không có trong lịch")
    assert calendar_date(31, 11) == (None, "ngày 31/11 không có trong lịch")
    assert calendar_date(0, 13)[0] is None


def test_derive_keeps_an_impossible_date_and_warns():
    from docgen.derive import DeriveOptions, derive
    from extract.pipeline import extract_text

    src = Path(__file__).resolve().parents[1] / "corpus" / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
    text = src.read_text(encoding="utf-8")
    assert "trước ngày 15/12 hằng năm" in text
    plan = extract_text(text.replace("trước ngày 15/12 hằng năm", "trước ngày 31/11 hằng năm"), file="kh.md")
    assert any((d.day, d.month) == (31, 11) for d in plan.deadlines)
    result = derive(plan, DeriveOptions(unit="UBND huyện Đồng Văn", date="2025-03"))
    notes = [r for r in result.review if "31/11 không có trong lịch" in r.message]
    assert len(notes) == 1 and notes[0].before == "trước ngày 31/11 hằng năm"
    written = [t.text for r in result.plan.responsibilities for t in r.tasks]
    assert any("trước ngày 31/11 hằng năm" in t for t in written)
    docx_bytes(plan_spec(result.plan))  # and the derived plan renders


def test_extract_csv_exports_keep_formula_text_as_text():
    """The targets/responsibilities CSV of `extract --format csv` is opened in Excel too: a task beginning with
    '=' or '-' is written with a leading ' (and a plain signed number stays a number)."""
    import csv
    import io

    from extract.cells import csv_value
    from extract.export import responsibilities_csv
    from extract.pipeline import extract_text

    plan = extract_text(
        "KẾ HOẠCH\nThực hiện chương trình\n\nIV. TỔ CHỨC THỰC HIỆN\n"
        '1. Sở Y tế\n=HYPERLINK("http://x";"bấm") chủ trì tuyên truyền.\n',
        file="kh.md",
    )
    rows = list(csv.reader(io.StringIO(responsibilities_csv(plan))))
    texts = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in texts)  # the task was exported, as text
    assert not any(cell.startswith(("=", "+", "@")) for cell in texts)
    assert csv_value("-5") == "-5" and csv_value("-Tuyên truyền") == "'-Tuyên truyền"
