"""The command line on hostile ground: outputs that cannot be written, inputs that are pipes or missing, list
files with bad lines, SQL that would make files, inputs sharing a name. Every failure is one line on stderr
naming the path, a non-zero exit code and no traceback; everything else goes on."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2025\n"
    "I. MỤC TIÊU\n1. Đến năm 2025\n- Ít nhất 43% nhà giáo đạt chuẩn.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Chủ trì, báo cáo trước ngày 25 tháng 8 hằng năm.\n"
    "2. Sở Tài chính\n- Phối hợp bố trí kinh phí.\n"
)


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real program in a child process: a hang (reading a pipe) fails the test instead of stalling it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "docgen.cli", *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout
    )


def one_line_about(result, path: Path | str, code: int | None = None) -> str:
    """The single stderr line of a failed command, which names `path`."""
    exit_code = getattr(result, "exit_code", getattr(result, "returncode", None))
    stderr = result.stderr
    assert exit_code not in (0, None), stderr
    if code is not None:
        assert exit_code == code, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert str(path) in lines[0], stderr
    return lines[0]


# ------------------------------------------------------------------------ outputs that cannot be written

# Every command that writes a file, with inputs that need not exist: the output is refused before any of them
# is read. `{out}` is the unwritable place.
WRITERS = {
    "extract": ["extract", "{in}/plan.md", "-o", "{out}/plan.json"],
    "derive": ["derive", "{in}/plan.md", "-u", "UBND huyện Chợ Mới", "-o", "{out}/derived.docx"],
    "derive-review": ["derive", "{in}/plan.md", "-u", "UBND xã An Bình", "-o", "{in}/d.json", "--review", "{out}/r.md"],
    "results-template": ["results-template", "{in}/plan.md", "-o", "{out}/ket-qua.xlsx"],
    "results-merge": ["results-merge", "{in}/a.xlsx", "{in}/b.xlsx", "-o", "{out}/tong-hop.xlsx"],
    "report": ["report", "{in}/plan.md", "--results", "{in}/a.xlsx", "--period", "2025", "-o", "{out}/bao-cao.docx"],
    "diff": ["diff", "{in}/old.md", "{in}/new.md", "-o", "{out}/diff.json"],
    "coverage": ["coverage", "{in}/parent.md", "{in}/child.md", "-o", "{out}/coverage.html"],
    "render": ["render", "{in}/plan.json", "-o", "{out}/plan.docx"],
    "lint": ["lint", "{in}/plan.docx", "--fix", "-o", "{out}/fixed.docx"],
    "export": ["export", "--db", "{in}/a.sqlite", "-o", "{out}/tables"],
}


def _args(name: str, inputs: Path, out: Path) -> tuple[list[str], Path]:
    args = [a.replace("{in}", str(inputs)).replace("{out}", str(out)) for a in WRITERS[name]]
    target = next(Path(a) for a in args if a.startswith(str(out)))
    return args, target


@pytest.mark.parametrize("name", list(WRITERS))
def test_output_under_an_existing_file_is_refused_in_one_line_before_the_work(tmp_path, name):
    blocker = tmp_path / "report.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    args, target = _args(name, tmp_path / "inputs-not-read", blocker)
    line = one_line_about(invoke(*args), target)
    assert f"{blocker} is a file, not a folder" in line
    assert "inputs-not-read" not in line  # refused before any input was opened
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(AS_ROOT, reason="root writes into read-only folders")
@pytest.mark.parametrize("name", list(WRITERS))
def test_output_in_a_read_only_folder_is_refused_in_one_line(tmp_path, name):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        args, target = _args(name, tmp_path / "inputs-not-read", locked)
        line = one_line_about(invoke(*args), target)
        assert "no permission to write" in line
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Real inputs for every writer: a plan document, its JSON, a results workbook and a Word file."""
    d = tmp_path_factory.mktemp("inputs")
    (d / "plan.md").write_text(PLAN, encoding="utf-8")
    r = invoke("extract", d / "plan.md", "-o", d / "plan.json", "-q")
    assert r.exit_code == 0, r.output
    r = invoke("results-template", d / "plan.json", "-o", d / "a.xlsx")
    assert r.exit_code == 0, r.output
    r = invoke("render", d / "plan.json", "-o", d / "plan.docx")
    assert r.exit_code == 0, r.output
    return d


WRITE_TIME = {
    "extract": ["extract", "{in}/plan.md", "-o", "{out}", "-q"],
    "render": ["render", "{in}/plan.json", "-o", "{out}"],
    "derive": ["derive", "{in}/plan.json", "-u", "UBND huyện Chợ Mới", "-o", "{out}"],
    "results-template": ["results-template", "{in}/plan.json", "-o", "{out}"],
    "results-merge": ["results-merge", "{in}/a.xlsx", "-o", "{out}"],
    "report": ["report", "{in}/plan.json", "--results", "{in}/a.xlsx", "--period", "2025", "-o", "{out}"],
    "diff": ["diff", "{in}/plan.json", "{in}/plan.md", "-o", "{out}"],
    "coverage": ["coverage", "{in}/plan.json", "{in}/plan.md", "-o", "{out}"],
    "lint": ["lint", "{in}/plan.docx", "--fix", "-o", "{out}"],
}
SUFFIX = {
    "extract": ".json",
    "render": ".docx",
    "derive": ".docx",
    "results-template": ".xlsx",
    "results-merge": ".xlsx",
    "report": ".md",
    "diff": ".json",
    "coverage": ".html",
    "lint": ".docx",
}


@pytest.mark.parametrize("name", list(WRITE_TIME))
def test_a_write_the_file_system_refuses_is_one_line_and_leaves_nothing(tmp_path, inputs, monkeypatch, name):
    """The checks passed but the disk says no (read-only mount, quota): as root, too, the same one line."""
    out = tmp_path / f"result{SUFFIX[name]}"
    args = [a.replace("{in}", str(inputs)).replace("{out}", str(out)) for a in WRITE_TIME[name]]

    def read_only_fs(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only_fs)  # where every atomic write ends
    line = one_line_about(invoke(*args), out)
    assert "Read-only file system" in line
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file left behind


# ------------------------------------------------------------------------------------- bad inputs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_extract_reads_each_bad_input_as_its_own_error_and_goes_on(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(PLAN, encoding="utf-8")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    missing = tmp_path / "missing.docx"
    folder = tmp_path / "folder.md"
    folder.mkdir()
    out = tmp_path / "out"
    r = run("extract", fifo, missing, folder, good, "-o", out, "-q", timeout=180)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3, r.stderr
    assert f"{fifo}: is not a regular file" in errors[0]
    assert f"{missing}: no such file" in errors[1]
    assert f"{folder}: is a folder" in errors[2]
    assert json.loads((out / "good.json").read_text(encoding="utf-8"))["targets"]
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]


@pytest.mark.skipif(AS_ROOT, reason="root reads files without read permission")
def test_extract_unreadable_file_among_several(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(PLAN, encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(PLAN, encoding="utf-8")
    secret.chmod(0)
    r = invoke("extract", secret, good, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [f"error: {secret}: cannot read (permission denied)"]
    assert (tmp_path / "out" / "good.json").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_lint_refuses_a_pipe_instead_of_waiting_for_it(tmp_path):
    fifo = tmp_path / "plan.docx"
    os.mkfifo(fifo)
    line = one_line_about(run("lint", fifo, timeout=60), fifo)
    assert "not a regular file" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_plan_loader_refuses_a_pipe_for_every_command(tmp_path):
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    for args in (
        ["render", fifo, "-o", tmp_path / "x.docx"],
        ["diff", fifo, fifo],
        ["results-template", fifo, "-o", tmp_path / "x.xlsx"],
    ):
        line = one_line_about(run(*args, timeout=60), fifo)
        assert "not a regular file" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_batch_refuses_a_pipe_given_as_source(tmp_path):
    fifo = tmp_path / "plan.md"
    os.mkfifo(fifo)
    line = one_line_about(run("batch", fifo, "--db", tmp_path / "a.sqlite", "-q", timeout=60), fifo)
    assert "not a regular file" in line
    assert not (tmp_path / "a.sqlite").exists()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A batch over a folder holding a pipe, and a list file with a good line, an unsupported one, a pipe and a
    stale one; the good documents must be stored and each bad line recorded as its own error."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    d = tmp_path_factory.mktemp("batch")
    docs = d / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(PLAN, encoding="utf-8")
    os.mkfifo(docs / "waiting.md")
    other = d / "other"
    other.mkdir()
    (other / "b.md").write_text(PLAN.replace("Sở Tài chính", "Sở Y tế"), encoding="utf-8")
    (other / "table.xlsx").write_bytes(b"PK\x03\x04 not really")
    os.mkfifo(other / "pipe.docx")
    listing = d / "more.lst"
    listing.write_text("other/b.md\nother/table.xlsx\nother/pipe.docx\nother/gone.md\n", encoding="utf-8")
    db = d / "archive.sqlite"
    r = run("batch", docs, listing, "--db", db, "-q", "-j", "1", timeout=300)
    return db, r


def test_batch_list_file_bad_lines_are_their_own_errors(archive):
    db, r = archive
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout.startswith("2 processed"), r.stdout
    conn = sqlite3.connect(db)
    stored = sorted(Path(p).name for (p,) in conn.execute("SELECT path FROM documents"))
    errors = {Path(p).name: reason for p, reason in conn.execute("SELECT path, reason FROM errors")}
    conn.close()
    assert stored == ["a.md", "b.md"]
    assert set(errors) == {"table.xlsx", "pipe.docx", "gone.md", "waiting.md"}
    assert "not a folder, zip, list file or supported document" in errors["table.xlsx"]
    assert "not a regular file" in errors["pipe.docx"] and "not a regular file" in errors["waiting.md"]


@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '{dir}/stolen.db' AS x",
        "VACUUM INTO '{dir}/stolen.db'",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
    ],
)
def test_query_refuses_statements_that_make_files_before_sqlite_runs_them(archive, tmp_path, sql):
    db, _ = archive
    line = one_line_about(invoke("query", "--db", db, sql.format(dir=tmp_path)), db)
    assert "refused" in line and "only reads the archive" in line
    assert list(tmp_path.iterdir()) == []
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone() == (0,)


def test_query_still_reads_and_reports(archive):
    db, _ = archive
    r = invoke("query", "--db", db, "--json", "SELECT count(*) AS n FROM documents")
    assert r.exit_code == 0 and json.loads(r.stdout) == {"n": 2}
    r = invoke("query", "--db", db, "--json", "PRAGMA table_info(documents)")
    assert r.exit_code == 0 and any(json.loads(x)["name"] == "plan" for x in r.stdout.splitlines())
    r = invoke("query", "--db", db, "--json", "--search", "chuyen doi so")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2


@pytest.mark.skipif(AS_ROOT, reason="root writes into read-only folders")
def test_query_opens_an_archive_in_a_read_only_folder(archive, tmp_path):
    db, _ = archive
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    copy = shelf / db.name
    shutil.copy(db, copy)
    shelf.chmod(0o555)
    try:
        r = invoke("query", "--db", copy, "--json", "SELECT count(*) AS n FROM documents")
        assert r.exit_code == 0, r.stderr
        assert json.loads(r.stdout) == {"n": 2}
        line = one_line_about(invoke("query", "--db", copy, "DELETE FROM documents"), copy)
        assert "opened read-only" in line
        assert sorted(p.name for p in shelf.iterdir()) == [db.name]
    finally:
        shelf.chmod(0o755)


def test_export_refuses_existing_files_before_writing_any(archive, tmp_path):
    db, _ = archive
    out = tmp_path / "tables"
    r = invoke("export", "--db", db, "-o", out)
    assert r.exit_code == 0, r.stderr
    written = sorted(p.name for p in out.iterdir())
    assert "documents.csv" in written
    (out / "documents.csv").write_text("kept", encoding="utf-8")
    (out / "targets.csv").unlink()
    line = one_line_about(invoke("export", "--db", db, "-o", out), out / "documents.csv")
    assert "already exists" in line
    assert (out / "documents.csv").read_text(encoding="utf-8") == "kept" and not (out / "targets.csv").exists()


# ----------------------------------------------------------------------------- inputs sharing a name


def test_inputs_with_the_same_name_are_both_kept(tmp_path):
    for folder, body in (("a", "Sở Y tế"), ("b", "Sở Xây dựng")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.md").write_text(PLAN.replace("Sở Tài chính", body), encoding="utf-8")
    (tmp_path / "a" / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    ins = [tmp_path / "a" / "plan.md", tmp_path / "b" / "plan.md", tmp_path / "a" / "plan.txt"]
    for force in ([], ["--force"]):
        r = invoke("extract", *ins, "-o", out, "-q", *force)
        assert r.exit_code == 0, r.stderr
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
        assert written == ["a/plan.md.json", "a/plan.txt.json", "b/plan.json"]
        for rel, src in (("a/plan.md.json", ins[0]), ("b/plan.json", ins[1]), ("a/plan.txt.json", ins[2])):
            assert json.loads((out / rel).read_text(encoding="utf-8"))["file"] == str(src)
    assert "share a file name" in r.stderr


def test_same_file_given_twice_is_read_once(tmp_path):
    f = tmp_path / "plan.md"
    f.write_text(PLAN, encoding="utf-8")
    r = invoke("extract", f, f, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 0 and "given twice" in r.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["plan.json"]


# ------------------------------------------------------------------------------- the command table


def test_every_command_is_a_plain_module_function():
    """Commands are registered as module-level functions (nothing made inside a register() call), so each can be
    imported, read and tested on its own."""
    names = set()
    for info in app.registered_commands:
        fn = info.callback
        names.add(info.name)
        assert "<locals>" not in fn.__qualname__ and fn.__module__.startswith("docgen.commands."), fn.__qualname__
        assert getattr(sys.modules[fn.__module__], fn.__name__) is fn
    assert {"extract", "render", "lint", "derive", "report", "diff", "coverage", "batch", "query", "export"} <= names


def test_render_takes_a_plan_document_as_well_as_json(tmp_path):
    doc = tmp_path / "plan.md"
    doc.write_text(PLAN, encoding="utf-8")
    r = invoke("render", doc, "-o", tmp_path / "plan.md.html")
    assert r.exit_code == 0, r.stderr
    assert "Sở Nội vụ" in (tmp_path / "plan.md.html").read_text(encoding="utf-8")
