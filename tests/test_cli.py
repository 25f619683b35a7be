"""The `kehoach` command as a user runs it: output contracts, errors in one line, no overwrites."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed

KEHOACH = [sys.executable, "-m", "docgen.cli"]
PLAN = (
    "KẾ HOẠCH\nThử nghiệm\nI. MỤC TIÊU\n1. Đến năm 2025\n- Ít nhất 43% nhà giáo đạt chuẩn.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Chủ trì, báo cáo trước ngày 25 tháng 8 hằng năm.\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run([*KEHOACH, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_json_to_stdout_has_schema_version_and_fields(tmp_path):
    f = tmp_path / "plan.md"
    f.write_text(PLAN, encoding="utf-8")
    r = run("extract", str(f))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["schema_version"] == "1.0"
    assert data["targets"][0]["value"] == 43 and data["targets"][0]["year"] == 2025
    assert data["responsibilities"][0]["role"] == "lead"
    assert data["deadlines"][0]["recurrence"] == "yearly" and data["deadlines"][0]["month"] == 8
    assert "1 targets" in r.stderr


def test_csv_tables_contract(tmp_path):
    src = seed("000_")
    r = run("extract", str(src), "--format", "csv", "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / f"{src.stem}.targets.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "section", "indicator", "value", "value_max", "unit", "qualifier", "year", "source"]
    assert (
        len(rows) == 11
        and rows[0]["value"] == "43"
        and rows[0]["value_max"] == ""
        and rows[0]["source"].startswith("p")
    )
    with open(tmp_path / f"{src.stem}.responsibilities.csv", encoding="utf-8") as fh:
        rrows = list(csv.DictReader(fh))
    assert list(rrows[0]) == ["id", "agency", "agency_normalized", "role", "task", "deadline", "source"]
    assert {r["role"] for r in rrows} <= {"standing", "lead", "coordinate", "requested", "assigned"}
    assert any("25 tháng 8" in r["deadline"] for r in rrows)


def test_md_outline_and_schema(tmp_path):
    f = tmp_path / "plan.md"
    f.write_text(PLAN, encoding="utf-8")
    r = run("extract", str(f), "-f", "md")
    assert r.returncode == 0 and "## Targets" in r.stdout and "Sở Nội vụ" in r.stdout
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Plan" and "targets" in schema["properties"]


def test_never_overwrites_without_force(tmp_path):
    f = tmp_path / "plan.md"
    f.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    r = run("extract", str(f), "-o", str(out))
    assert r.returncode == 1 and "already exists" in r.stderr and out.read_text() == "precious"
    assert run("extract", str(f), "-o", str(out), "--force").returncode == 0
    assert json.loads(out.read_text())["schema_version"]


def test_existing_output_refused_before_reading_and_files_get_normal_permissions(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    # the input does not even exist: the refusal comes first, before any reading or extraction
    r = run("extract", str(tmp_path / "not-read-yet.docx"), "-o", str(out))
    assert r.returncode == 1 and "already exists" in r.stderr and "not-read-yet" not in r.stderr
    f = tmp_path / "plan.md"
    f.write_text(PLAN, encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    old = os.umask(0o022)
    try:
        assert run("extract", str(f), "-o", str(fresh)).returncode == 0
    finally:
        os.umask(old)
    assert (fresh.stat().st_mode & 0o777) == 0o644


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(PLAN, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run("extract", str(empty), str(good), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert f"error: {empty}: file is empty" in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "out" / "good.json").exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary file"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "damaged or unsupported image"),
        ("sheet.xlsx", b"PK\x03\x04" + b"\x00" * 100, "unsupported file type '.xlsx'"),
        ("latin.txt", "Plan for Paris".encode("utf-16-le")[:-1] + b"\xff\xfe\x00\xd8", None),
    ],
)
def test_bad_input_one_line_error(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    r = run("extract", str(f))
    assert "Traceback" not in r.stderr
    if message:
        assert r.returncode == 1 and message in r.stderr and str(f) in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


def test_missing_file_and_folder(tmp_path):
    r = run("extract", str(tmp_path / "nope.md"))
    assert r.returncode == 1 and "no such file" in r.stderr
    r = run("extract", str(tmp_path))
    assert r.returncode == 1 and "is a folder" in r.stderr


def test_help_is_fast_path_and_lists_commands():
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("extract", "schema", "eval"):
        assert cmd in r.stdout
    # spaCy is imported only when extracting
    code = "import sys, docgen.cli; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])),
    )
    assert out.stdout.strip() == "False"
