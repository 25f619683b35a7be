"""`kehoach lint`: output, JSON, --fix, bad input, and robustness on Word files from elsewhere."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from docgen.lint import LintError, fix_docx, lint_docx
from docgen.render import docx_bytes, plan_spec
from docgen.render.samples import sample_plan

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _app():
    from docgen.cli import app

    return app


@pytest.fixture(scope="module")
def clean_bytes() -> bytes:
    return docx_bytes(plan_spec(sample_plan("so")))


@pytest.fixture
def files(tmp_path, clean_bytes):
    clean = tmp_path / "clean.docx"
    clean.write_bytes(clean_bytes)
    doc = Document(io.BytesIO(clean_bytes))
    doc.sections[0].left_margin = Mm(25)
    body = next(p for p in doc.paragraphs if p.text.startswith("Kiểm tra việc chấp hành"))
    for r in body.runs:
        r.font.size = Pt(12)
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    return clean, bad


def test_clean_file(files):
    clean, _ = files
    res = CliRunner().invoke(_app(), ["lint", str(clean)])
    assert res.exit_code == 0 and "đúng thể thức" in res.output


def test_violations_listed_with_rule_clause_location(files):
    _, bad = files
    res = CliRunner().invoke(_app(), ["lint", str(bad)])
    assert res.exit_code == 1
    out = res.output
    # in Vietnamese for the clerk, with the rule id for whoever configures the rules
    assert "lề trái — trang (page.margin.left)" in out and "hiện là 25.0 mm, cần 30–35 mm" in out
    assert "NĐ30 Phụ lục I, mục II.3" in out
    assert "cỡ chữ — nội dung (body.size)" in out and "hiện là 12 pt, cần 13–14 pt" in out
    assert "đoạn " in out and "đoạn chữ 1" in out
    assert "2 lỗi" in out


def test_json_report(files):
    _, bad = files
    res = CliRunner().invoke(_app(), ["lint", str(bad), "--json"])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["ok"] is False and data["summary"]["errors"] == 2
    rules = {v["rule"]: v for v in data["violations"]}
    v = rules["body.size"]
    assert v["clause"].startswith("NĐ30") and v["found"] == "12 pt" and v["expected"] == "13–14 pt" and v["fixable"]
    assert v["location"]["paragraph"] >= 1 and v["location"]["run"] == 1
    assert rules["page.margin.left"]["location"] == {"part": "document", "section": 1}
    assert "national_title" in data["elements"]


def test_fix_writes_a_clean_copy_and_leaves_the_input(files, tmp_path):
    _, bad = files
    before = bad.read_bytes()
    out = tmp_path / "fixed.docx"
    res = CliRunner().invoke(_app(), ["lint", str(bad), "--fix", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "đã sửa 2 lỗi" in res.output and "đúng thể thức" in res.output
    assert bad.read_bytes() == before
    assert lint_docx(out).ok
    res = CliRunner().invoke(_app(), ["lint", str(bad), "--fix", "-o", str(out)])
    assert res.exit_code == 2 and "already exists; use --force" in res.output
    res = CliRunner().invoke(_app(), ["lint", str(bad), "--fix", "-o", str(out), "--force", "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["remaining"]["ok"] is True


def test_fix_argument_errors(files):
    _, bad = files
    runner = CliRunner()
    res = runner.invoke(_app(), ["lint", str(bad), "--fix"])
    assert res.exit_code == 2 and "--fix needs -o" in res.output
    res = runner.invoke(_app(), ["lint", str(bad), "--fix", "-o", str(bad)])
    assert res.exit_code == 2 and "is the input file" in res.output
    res = runner.invoke(_app(), ["lint", str(bad), "-o", "x.docx"])
    assert res.exit_code == 2 and "only used with --fix" in res.output


def test_fix_api_refuses_existing_output(files):
    _, bad = files
    with pytest.raises(LintError, match="already exists"):
        fix_docx(bad, bad)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"just some text\n", "not a Word .docx file (not a zip package)"),
        (b"%PDF-1.7\n...", "not a Word .docx file (a PDF)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003 .doc"),
        (b"", "empty file"),
        (b"<!DOCTYPE html><html></html>", "an HTML file"),
    ],
)
def test_non_docx_input(tmp_path, content, message):
    f = tmp_path / "input.docx"
    f.write_bytes(content)
    res = CliRunner().invoke(_app(), ["lint", str(f)])
    assert res.exit_code == 2, res.output
    assert message in res.output and "Traceback" not in res.output
    assert str(f) in res.output.replace("\n", "")


def test_zip_that_is_not_word(tmp_path):
    import zipfile

    f = tmp_path / "book.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    res = CliRunner().invoke(_app(), ["lint", str(f)])
    assert res.exit_code == 2 and "not a Word .docx file (an Excel workbook)" in res.output


def test_zip_bomb_refused_as_the_reader_refuses_it(tmp_path, clean_bytes):
    """One package loader for reading and linting: the same limits, the same one-line refusal."""
    from fixtures_docx import make_zip_bomb

    from extract.blocks import ReadError
    from extract.readers.docx import read

    src = tmp_path / "clean.docx"
    src.write_bytes(clean_bytes)
    bomb = make_zip_bomb(tmp_path / "bomb.docx", src)
    with pytest.raises(ReadError) as read_exc:
        read(bomb)
    res = CliRunner().invoke(_app(), ["lint", str(bomb)])
    assert res.exit_code == 2 and "zip bomb" in res.output and "Traceback" not in res.output
    assert read_exc.value.problem in res.output.replace("\n", "")


def test_missing_file_and_directory(tmp_path):
    res = CliRunner().invoke(_app(), ["lint", str(tmp_path / "nope.docx")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = CliRunner().invoke(_app(), ["lint", str(tmp_path)])
    assert res.exit_code == 2 and "is a directory" in res.output


CORPUS = sorted(SHARED_CORPUS.glob("*.docx")) if SHARED_CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS, reason="shared corpus not available")
@pytest.mark.parametrize("path", CORPUS, ids=[p.name[:40] for p in CORPUS])
def test_lints_real_word_files(path, tmp_path):
    """Word files from other offices: no crash, the header found, every violation well-formed, --fix reduces."""
    report = lint_docx(path)
    for v in report.violations:
        assert v.rule and v.clause and v.location.label() and v.message
    if "phu-luc" not in path.name:
        assert "national_title" in report.elements and "place_date" in report.elements
    result = fix_docx(path, tmp_path / "fixed.docx")
    assert len(result.remaining.violations) <= len(report.violations)
    assert not any(
        v.fixable and v.severity == "error" and v.rule.startswith(("page.", "font."))
        for v in result.remaining.violations
    )
