"""Unsafe zips are refused with a recorded error, bad input gives one clear line and writes nothing,
and a pathological document (timeout, crashing reader) never stops the batch."""

from __future__ import annotations

import os
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLANS = sorted((REPO / "corpus" / "plans").glob("*.md"))


def _errors(db):
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT path, kind, reason FROM errors ORDER BY path").fetchall()
    finally:
        c.close()


def _count(db):
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        c.close()


def test_zip_traversal_and_bomb_refused(tmp_path):
    from extract.batch import run_batch

    src = tmp_path / "in"
    src.mkdir()
    with zipfile.ZipFile(src / "evil.zip", "w") as zf:
        zf.writestr("plans/ok.md", PLANS[0].read_text(encoding="utf-8"))
        zf.writestr("../../escape.md", PLANS[1].read_text(encoding="utf-8"))
    with zipfile.ZipFile(src / "abs.zip", "w") as zf:
        zf.writestr("/etc/plan.md", PLANS[1].read_text(encoding="utf-8"))
    with zipfile.ZipFile(src / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\0" * (30 * 1024 * 1024))  # ~1000:1
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("nested-plan.md", PLANS[2].read_text(encoding="utf-8"))
    deeper = tmp_path / "deeper.zip"
    with zipfile.ZipFile(deeper, "w") as zf:
        zf.write(inner, "inner.zip")
    with zipfile.ZipFile(src / "outer.zip", "w") as zf:
        zf.write(inner, "inner.zip")  # one level: read
        zf.write(deeper, "deeper.zip")  # two levels: refused
    (src / "plain.md").write_text(PLANS[3].read_text(encoding="utf-8"), encoding="utf-8")
    (src / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")

    db = tmp_path / "a.sqlite"
    s = run_batch([src], db, workers=2)
    errors = {
        Path(p.split("!")[0]).name + ("!" + p.split("!", 1)[1] if "!" in p else ""): reason
        for p, _, reason in _errors(db)
    }
    assert "unsafe member path" in errors["evil.zip"] and "'../../escape.md'" in errors["evil.zip"]
    assert "unsafe member path" in errors["abs.zip"]
    assert "zip bomb" in errors["bomb.zip"]
    assert "nested more than one level" in errors["outer.zip!deeper.zip!inner.zip"]
    assert "not a readable zip" in errors["broken.zip"]
    # the nested plan (one level) and the plain file were stored; nothing from refused zips
    c = sqlite3.connect(db)
    paths = sorted(r[0] for r in c.execute("SELECT path FROM documents"))
    c.close()
    assert [Path(p.split("!")[0]).name for p in paths] == ["outer.zip", "plain.md"]
    assert paths[0].endswith("outer.zip!inner.zip!nested-plan.md")
    assert s.processed == 2 and s.failed == 5
    assert not (tmp_path / "escape.md").exists() and not Path("/etc/plan.md").exists()
    # rerun: refusals are re-recorded, not duplicated
    run_batch([src], db, workers=1)
    assert len(_errors(db)) == 5


def test_member_lying_about_its_size_is_refused(tmp_path):
    from extract.batch.sources import ZipRefused, read_member

    z = tmp_path / "lie.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"x" * 100_000)
    with zipfile.ZipFile(z) as zf:
        info = zf.getinfo("a.txt")
        info.file_size = 10  # a forged header
        with pytest.raises((ZipRefused, zipfile.BadZipFile)):
            read_member(zf, info, 25 * 1024 * 1024)


def test_bad_input_one_line_and_nothing_written(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    run = CliRunner().invoke
    db = tmp_path / "x.sqlite"
    r = run(app, ["batch", str(tmp_path / "missing"), "--db", str(db)])
    assert r.exit_code == 1 and "no such file or folder" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not db.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.xlsx").write_bytes(b"x")
    r = run(app, ["batch", str(empty), "--db", str(db)])
    assert r.exit_code == 1 and "no documents found" in r.stderr
    assert not db.exists()

    # a database of another version: clear message, file untouched
    old = tmp_path / "old.sqlite"
    c = sqlite3.connect(old)
    c.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    c.executemany("INSERT INTO meta VALUES (?, ?)", [("app", "kehoach-batch"), ("archive_version", "0")])
    c.commit()
    c.close()
    before = old.read_bytes()
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.md").write_text(PLANS[0].read_text(encoding="utf-8"), encoding="utf-8")
    r = run(app, ["batch", str(src), "--db", str(old)])
    assert r.exit_code == 1 and "archive version 0 is not supported" in r.stderr
    assert old.read_bytes() == before and not Path(f"{old}-wal").exists()
    r = run(app, ["query", "--db", str(old), "SELECT 1"])
    assert r.exit_code == 1 and "archive version 0" in r.stderr

    # some other SQLite file, and a file that is not a database at all
    other = tmp_path / "other.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    r = run(app, ["batch", str(src), "--db", str(other)])
    assert r.exit_code == 1 and "not a kehoach batch archive" in r.stderr
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello, not sqlite" * 100)
    r = run(app, ["batch", str(src), "--db", str(junk)])
    assert r.exit_code == 1 and "not an SQLite database" in r.stderr
    assert junk.read_bytes() == b"hello, not sqlite" * 100


def test_read_only_db_path(tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    src = tmp_path / "src"
    src.mkdir()
    (src / "p.md").write_text(PLANS[0].read_text(encoding="utf-8"), encoding="utf-8")
    if os.geteuid() == 0:  # root ignores permission bits: use a read-only file system instead
        r = CliRunner().invoke(app, ["batch", str(src), "--db", "/proc/kehoach-test.sqlite"])
        assert r.exit_code == 1 and "cannot open database" in r.stderr
        return
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = CliRunner().invoke(app, ["batch", str(src), "--db", str(ro / "a.sqlite")])
        assert r.exit_code == 1 and "read-only" in r.stderr
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_read_only_db_file(tmp_path):
    """A read-only database file (checked by permission bits, so also meaningful as root via os.access)."""
    from extract.batch import ArchiveError
    from extract.batch.store import Archive

    db = tmp_path / "a.sqlite"
    Archive(db).close()
    db.chmod(0o444)
    try:
        if os.access(db, os.W_OK):
            pytest.skip("running as root: the file stays writable")
        with pytest.raises(ArchiveError, match="read-only"):
            Archive(db)
    finally:
        db.chmod(0o644)


# --- the pool: per-document timeout and crashing workers (fork start method: the test functions live here) ---


def _slow_or_crash(task):
    if "slow" in task.display:
        time.sleep(60)
    if "crash" in task.display:
        os._exit(3)
    return {"hash": task.hash, "path": task.display, "ok": True, "rows": None}


def test_pool_timeout_and_crash_do_not_stop_the_rest():
    from extract.batch.pool import LocalPool
    from extract.batch.work import Task

    names = ["a", "slow-1", "b", "crash-1", "c", "d", "slow-2", "e"]
    tasks = [Task(hash=n, display=n, size=1, path=n) for n in names]
    started = time.monotonic()
    results = list(LocalPool(2, timeout=1.0, func=_slow_or_crash, start_method="fork").map(tasks))
    elapsed = time.monotonic() - started
    by = {r["path"]: r for r in results}
    assert sorted(by) == sorted(names)
    assert by["slow-1"]["kind"] == "timeout" and by["slow-2"]["kind"] == "timeout"
    assert by["crash-1"]["kind"] == "crash" and "exit code 3" in by["crash-1"]["reason"]
    assert all(by[n]["ok"] for n in "abcde")
    assert elapsed < 15


def test_list_file_and_single_files(tmp_path):
    from extract.batch import run_batch

    a = tmp_path / "a.md"
    a.write_text(PLANS[0].read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "b.md").write_text(PLANS[1].read_text(encoding="utf-8"), encoding="utf-8")
    lst = tmp_path / "inputs.lst"
    lst.write_text(f"# plans\n{a}\nf\n{tmp_path / 'gone.md'}\n", encoding="utf-8")
    txt_list = tmp_path / "inputs.txt"  # a .txt whose lines are all existing paths is a list file
    txt_list.write_text(f"{a}\n", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    s = run_batch([lst, txt_list, a], db, workers=1)
    assert (s.processed, s.duplicates, s.failed) == (2, 2, 1)
    assert [r[0] for r in _errors(db)] == [str(tmp_path / "gone.md")]


def _pid(task):
    return {"hash": task.hash, "path": task.display, "ok": True, "pid": os.getpid()}


def test_pool_recycles_workers_for_flat_memory():
    from extract.batch.pool import LocalPool
    from extract.batch.work import Task

    tasks = [Task(hash=str(i), display=str(i), size=1, path=str(i)) for i in range(6)]
    results = list(LocalPool(1, timeout=None, func=_pid, start_method="fork", max_tasks=2).map(tasks))
    assert len(results) == 6 and len({r["pid"] for r in results}) == 3


def test_member_refused_while_loading_is_recorded(tmp_path, monkeypatch):
    """A zip member refused only when it is read (its header lied) is recorded as an error; the batch goes on."""
    from extract.batch import run_batch
    from extract.batch.sources import Loader, ZipRefused

    for i in range(2):
        (tmp_path / f"p{i}.md").write_text(PLANS[i].read_text(encoding="utf-8"), encoding="utf-8")
    real = Loader.load

    def load(self, c):
        if c.display.endswith("p0.md"):
            raise ZipRefused("member 'p0.md' expands beyond its declared size / the limit: refused")
        return real(self, c)

    monkeypatch.setattr(Loader, "load", load)
    db = tmp_path / "a.sqlite"
    s = run_batch([tmp_path], db, workers=1)
    assert (s.processed, s.failed) == (1, 1)
    assert [(Path(p).name, k) for p, k, _ in _errors(db)] == [("p0.md", "read")]
    assert "expands beyond" in _errors(db)[0][2]


def test_parquet_folder_one_run_at_a_time_and_no_strangers(tmp_path):
    pytest.importorskip("pyarrow")
    from extract.batch import ArchiveError
    from extract.batch.parquet import ParquetStore

    first = ParquetStore(tmp_path / "parts")
    try:
        with pytest.raises(ArchiveError, match="another `kehoach batch` is writing to this folder"):
            ParquetStore(tmp_path / "parts")
    finally:
        first.close()
    ParquetStore(tmp_path / "parts").close()  # released
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(ArchiveError, match="not a kehoach Parquet archive"):
        ParquetStore(tmp_path / "other")


def _write_then_hang(db: str, rows, ready) -> None:
    from extract.batch.store import Archive, insert_rows

    c = Archive(db).conn
    c.execute("BEGIN IMMEDIATE")
    insert_rows(c, rows)
    ready.send("in transaction")
    time.sleep(120)  # killed here, before COMMIT


def test_writer_killed_mid_transaction_is_rolled_back(tmp_path):
    """The process writing a document killed (SIGKILL) between its inserts and COMMIT leaves nothing of it:
    SQLite rolls the uncommitted transaction back (WAL), the write lock is free at once, and the same
    document is then stored whole."""
    import hashlib
    import multiprocessing as mp
    import signal

    from extract.batch.store import Archive
    from extract.batch.work import Task, process_task

    db = tmp_path / "k.sqlite"
    Archive(db).close()
    data = PLANS[0].read_bytes()
    res = process_task(Task(hashlib.sha256(data).hexdigest(), str(PLANS[0]), len(data), str(PLANS[0])))
    assert res["ok"]
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_write_then_hang, args=(str(db), res["rows"], child))
    proc.start()
    assert parent.poll(60) and parent.recv() == "in transaction"
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert proc.exitcode == -signal.SIGKILL
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ["documents", "targets", "responsibilities", "fts"]:
            assert c.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        c.close()
    archive = Archive(db)
    started = time.monotonic()
    assert archive.add_document(res["rows"]) is True
    assert time.monotonic() - started < 5  # no stale lock to wait for
    archive.close()
    assert _count(db) == 1


def test_batch_zips_and_docx_packages_share_one_zip_guard(tmp_path):
    """The same bomb (one member of zeros, ~1000:1) is refused by a batch source and by the .docx loader, in
    the guard's words; each caller keeps its own limits (a package is tested as a whole too)."""
    import os

    from extract.batch.sources import ZipRefused, check_zip
    from extract.ooxml.package import Package, PackageError

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/zeros.bin", b"\0" * (30 * 1024 * 1024))
    with zipfile.ZipFile(bomb) as zf, pytest.raises(ZipRefused, match=r"'word/media/zeros.bin' has compression ratio"):
        check_zip(zf)
    with pytest.raises(PackageError, match=r"compression ratio \d+:1 is above 100:1 \(zip bomb\?\)"):
        Package(bomb)
    # With incompressible bytes beside it the whole package is under the ratio; its one part is not.
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/noise.bin", os.urandom(2 * 1024 * 1024))
    with pytest.raises(PackageError, match=r"part 'word/media/zeros.bin' has compression ratio \d+:1, above 100:1"):
        Package(bomb)
