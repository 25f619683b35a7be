"""Bad input: a database or output folder that fills up or turns read-only mid-batch gives one clear
line naming it, the batch stops cleanly (every committed document intact, no partial document), and a rerun
after freeing space continues to the same content as an uninterrupted run.

The database is made "full" with SQLite's `PRAGMA max_page_count` (works everywhere, no privileges); a real
full disk (a small tmpfs) is tested too where the test may mount one (root), else skipped."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import archive_rows, load_make_archive

REPO = Path(__file__).resolve().parents[1]
N = 24


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    out = tmp_path_factory.mktemp("disk-archive")
    load_make_archive().build(N, out, corrupt=0, docx_share=0.0, seed=3, make_zip=False, made=False)
    return out / "docs"


@pytest.fixture(scope="module")
def reference(src, tmp_path_factory):
    from extract.batch import run_batch

    db = tmp_path_factory.mktemp("disk-ref") / "ref.sqlite"
    s = run_batch([src], db, workers=2, timeout=120)
    assert s.processed == N
    return db


def dump(db: Path, hashes: set[str] | None = None) -> dict[str, list]:
    return archive_rows(db, hashes)


def _pages(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


def _limited_archive(pragma: str):
    from extract.batch.store import Archive

    class Limited(Archive):
        def __init__(self, path):
            super().__init__(path)
            self.conn.execute(pragma)

    return Limited


def _check_stopped_cleanly(db: Path, reference: Path) -> int:
    """Integrity OK, only whole documents: every stored one has exactly its reference rows."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        hashes = {r[0] for r in conn.execute("SELECT hash FROM documents")}
    finally:
        conn.close()
    assert dump(db) == dump(reference, hashes)
    return len(hashes)


def test_database_full_stops_cleanly_and_rerun_continues(src, reference, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from docgen.cli import app
    from extract.batch import runner
    from extract.batch.store import Archive

    db = tmp_path / "full.sqlite"
    Archive(db).close()
    base = _pages(db)
    limit = base + (_pages(reference) - base) // 2  # room for about half of the documents
    monkeypatch.setattr(runner, "Archive", _limited_archive(f"PRAGMA max_page_count = {limit}"))
    cmd = ["batch", str(src), "--db", str(db), "-j", "1"]
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: the disk or the database is full")
    assert "run the same command again to continue" in lines[0]
    stored = _check_stopped_cleanly(db, reference)
    assert 0 < stored < N

    monkeypatch.undo()  # space freed
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{N - stored} processed, {stored} skipped as unchanged")
    assert dump(db) == dump(reference)


def test_database_turning_read_only_mid_run(src, tmp_path, monkeypatch):
    from extract.batch import ArchiveError, run_batch, runner

    db = tmp_path / "ro.sqlite"
    monkeypatch.setattr(runner, "Archive", _limited_archive("PRAGMA query_only = 1"))
    with pytest.raises(ArchiveError, match=r"ro\.sqlite: database path is read-only") as info:
        run_batch([src], db, workers=1)
    assert "\n" not in str(info.value)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    conn.close()


def test_error_mapping_names_the_file():
    from extract.batch.store import archive_error

    full = sqlite3.OperationalError("database or disk is full")
    assert str(archive_error(full, "a.sqlite")).startswith("a.sqlite: the disk or the database is full")
    assert "the disk is full" in str(
        archive_error(OSError(errno.ENOSPC, "No space left on device"), "out/", what="output folder")
    )
    assert "read-only" in str(archive_error(OSError(errno.EROFS, "Read-only file system"), "a.sqlite"))
    assert "read-only" in str(archive_error(sqlite3.OperationalError("attempt to write a readonly database"), "a"))


def test_parquet_disk_full_leaves_no_partial_part(src, reference, tmp_path, monkeypatch):
    """`--out`: a part that cannot be written (ENOSPC on its 3rd file) leaves nothing visible — no temp file,
    no child file without its `documents` file — and the rerun completes the folder."""
    pq = pytest.importorskip("pyarrow.parquet")
    from extract.batch import ArchiveError, run_batch

    out = tmp_path / "parts"
    import pyarrow.parquet as real_pq

    real = real_pq.write_table
    calls = {"n": 0}

    def failing(table, where, *a, **k):
        calls["n"] += 1
        if calls["n"] == 7 + 3:  # the second part, third table
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *a, **k)

    monkeypatch.setattr(real_pq, "write_table", failing)
    with pytest.raises(ArchiveError, match="parts: the disk is full while writing a Parquet part") as info:
        run_batch([src], out=out, workers=1, part_size=5)
    assert "run the same command again" in str(info.value)
    assert not list(out.rglob(".part-*"))
    committed = {p.name for p in (out / "documents").glob("part-*.parquet")}
    assert len(committed) == 1
    for table in ["targets", "responsibilities", "legal_bases", "deadlines", "warnings", "errors"]:
        assert {p.name for p in (out / table).glob("part-*.parquet")} == committed
    monkeypatch.undo()
    s = run_batch([src], out=out, workers=2, part_size=5)
    assert (s.processed, s.skipped) == (N - 5, 5)
    docs = pq.read_table(out / "documents").to_pylist()
    ref = dump(reference)["documents"]
    assert sorted(tuple(d.values()) for d in docs) == sorted(ref)


# --- a real full disk: a small tmpfs (needs root and mount; skipped elsewhere) ---------------------------------


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.decode(errors='replace').strip()})")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_real_disk_full_then_free_space_and_continue(src, reference, small_disk):
    from typer.testing import CliRunner

    from docgen.cli import app

    ballast = small_disk / "ballast"
    free = shutil.disk_usage(small_disk).free
    ballast.write_bytes(b"\0" * (free - 1_500_000))  # about 1.5 MB left: room for some documents
    db = small_disk / "a.sqlite"
    cmd = ["batch", str(src), "--db", str(db), "-j", "1"]
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 1, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{db}: the disk or the database is full" in lines[0], r.stderr
    stored = _check_stopped_cleanly(db, reference)
    assert stored < N

    ballast.unlink()  # free space
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{N - stored} processed, {stored} skipped as unchanged")
    assert dump(db) == dump(reference)
