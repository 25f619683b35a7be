"""`kehoach diff` from the command line: the terminal summary, JSON with both sides' sources, bad input."""

from __future__ import annotations

import json

from conftest import CORPUS
from typer.testing import CliRunner

from docgen.cli import app

HA_GIANG = CORPUS / "plans" / "tinh-ha-giang-du-lich-cong-dong.md"
runner = CliRunner()


def _pair(tmp_path):
    text = HA_GIANG.read_text(encoding="utf-8")
    old = tmp_path / "du-thao.md"
    new = tmp_path / "ban-trinh.md"
    old.write_text(text, encoding="utf-8")
    new.write_text(
        text.replace("ít nhất 45 làng", "ít nhất 50 làng").replace("Số: 87/KH-UBND", "Số: 91/KH-UBND"), encoding="utf-8"
    )
    return old, new


def test_terminal_summary_groups_changes(tmp_path):
    old, new = _pair(tmp_path)
    res = runner.invoke(app, ["diff", str(old), str(new)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "2 thay đổi" in out and "sửa phần đầu" in out and "nâng chỉ tiêu" in out  # for clerks, in Vietnamese
    assert "45 làng → 50 làng" in out and "87/KH-UBND → 91/KH-UBND" in out


def test_json_has_both_sources(tmp_path):
    old, new = _pair(tmp_path)
    res = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    target = next(c for c in data["changes"] if c["kind"] == "target_raised")
    assert target["old"]["source"]["file"].endswith("du-thao.md") and target["new"]["source"]["file"].endswith(
        "ban-trinh.md"
    )
    assert target["old"]["source"]["end"] > target["old"]["source"]["start"]
    out = tmp_path / "diff.json"
    assert runner.invoke(app, ["diff", str(old), str(new), "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["changes"]
    res = runner.invoke(app, ["diff", str(old), str(new), "-o", str(out)])
    assert res.exit_code == 1 and "already exists" in res.output


def test_bad_inputs_name_the_file(tmp_path):
    old, _ = _pair(tmp_path)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    res = runner.invoke(app, ["diff", str(old), str(broken)])
    assert res.exit_code == 1 and "hong.docx" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["diff", str(old), str(old), "--format", "docx"])
    assert res.exit_code == 1 and "-o/--output" in res.output
    res = runner.invoke(app, ["diff", str(old), str(old), "-o", str(tmp_path / "x.txt")])
    assert res.exit_code == 1 and "cannot tell the format" in res.output


def test_not_plans_warn_and_still_diff(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Ghi chú cuộc họp\nGiao ban sáng thứ Hai.\n", encoding="utf-8")
    b.write_text("Ghi chú cuộc họp\nGiao ban sáng thứ Ba.\n", encoding="utf-8")
    res = runner.invoke(app, ["diff", str(a), str(b)])
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())
    assert "cảnh báo" in out and "sửa dòng" in out and "«Hai» → «Ba»" in out
