"""Batch processing of an archive into SQLite — counts, errors, resume after SIGKILL, search, CLI,
the Dask engine giving the same content (on a LocalCluster of 2 worker processes), the kill-based timeout on
Dask workers, and partitioned Parquet output (`--out`, local and Dask). Uses the issue's archive: 200 files
made by bench/make_archive.py, 10 of them corrupt."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import archive_rows, load_make_archive

REPO = Path(__file__).resolve().parents[1]
N, K = 200, 10


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    out = tmp_path_factory.mktemp("archive")
    manifest = load_make_archive().build(N, out, corrupt=K, docx_share=0.1, seed=8)
    return out, manifest


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    """An uninterrupted local run over the folder."""
    from extract.batch import run_batch

    out, _ = archive
    db = tmp_path_factory.mktemp("ref") / "ref.sqlite"
    summary = run_batch([str(out / "docs")], db, workers=2, timeout=120)
    return db, summary


def dump(db: Path) -> dict[str, list]:
    """Everything that must be identical between runs (timestamps and insertion order excluded)."""
    return archive_rows(db)


def test_counts_and_errors(archive, reference):
    out, manifest = archive
    db, summary = reference
    assert summary.processed == N - K
    assert summary.failed == K
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == N - K
    errors = conn.execute("SELECT hash, path, reason FROM errors").fetchall()
    assert len(errors) == K
    corrupt = {e["name"] for e in manifest["files"] if e["corrupt"]}
    assert {Path(p).name for _, p, _ in errors} == corrupt
    assert all(h and reason for h, _, reason in errors)
    # flat tables are filled and tied to documents
    for table in ["targets", "responsibilities", "legal_bases", "deadlines"]:
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > N - K
        assert (
            conn.execute(f"SELECT count(*) FROM {table} WHERE hash NOT IN (SELECT hash FROM documents)").fetchone()[0]
            == 0
        )
    # the full plan JSON is stored (compressed) and parses back, with the text stored beside it
    from extract.batch.store import load_plan

    h, text = conn.execute("SELECT hash, text FROM documents LIMIT 1").fetchone()
    plan = load_plan(conn, h)
    assert plan.text and plan.text == text and plan.header.title
    assert conn.execute("SELECT value FROM meta WHERE key='archive_version'").fetchone()[0] == "2"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_rerun_skips_everything(archive, reference, tmp_path):
    from extract.batch import run_batch

    out, _ = archive
    db, _ = reference
    before = dump(db)
    s = run_batch([str(out / "docs")], db, workers=2)
    assert (s.processed, s.skipped, s.skipped_failed, s.failed) == (0, N - K, K, 0)
    assert dump(db) == before


def test_zip_and_folder_together_deduplicate(archive, reference, tmp_path):
    from extract.batch import run_batch

    out, _ = archive
    db = tmp_path / "zip.sqlite"
    s = run_batch([str(out / "archive.zip"), str(out / "docs")], db, workers=2)
    assert s.processed == N - K and s.duplicates == N and s.failed == K
    conn = sqlite3.connect(db)
    ref = sqlite3.connect(reference[0])
    hashes = lambda c: {r[0] for r in c.execute("SELECT hash FROM documents")}  # noqa: E731
    assert hashes(conn) == hashes(ref)
    assert all("archive.zip!plans/" in r[0] for r in conn.execute("SELECT path FROM documents"))


def test_sigkill_halfway_then_resume(archive, reference, tmp_path):
    out, _ = archive
    db = tmp_path / "killed.sqlite"
    cmd = [sys.executable, "-m", "docgen.cli", "batch", str(out / "docs"), "--db", str(db), "--workers", "2", "-q"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    stored = 0
    deadline = time.time() + 60
    try:
        while time.time() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                    stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
                    c.close()
                except sqlite3.Error:
                    stored = 0
            if stored >= (N - K) // 2:
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, mid-transaction or not
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    c = sqlite3.connect(db)
    half = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    c.close()
    assert 0 < half < N - K
    resumed = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{half} skipped as unchanged" in resumed.stdout or "skipped as unchanged" in resumed.stdout
    assert dump(db) == dump(reference[0])


def _fts_paths(conn, words):
    from extract.batch.query import fts_phrase

    rows = conn.execute(
        "SELECT d.path FROM fts JOIN documents d ON d.id = fts.rowid WHERE fts MATCH ?", (fts_phrase(words),)
    ).fetchall()
    return {Path(r[0]).name for r in rows}


def test_fts_accent_insensitive(archive, reference):
    from extract.batch import connect_readonly
    from extract.normalize import strip_accents

    out, manifest = archive
    conn = connect_readonly(reference[0])
    expected = {e["name"] for e in manifest["files"] if e["template"] == "huyen-ky-son-phong-chong-ma-tuy"}
    assert expected
    accented = _fts_paths(conn, "phòng, chống ma túy")
    plain = _fts_paths(conn, "phong chong ma tuy")
    upper = _fts_paths(conn, "MA TUY")
    assert expected <= accented and accented == plain == upper
    # exactly the documents whose text contains the words, accents aside
    truth = {
        Path(p).name
        for p, t in conn.execute("SELECT path, text FROM documents")
        if "ma tuy" in strip_accents(t).lower()
    }
    assert plain == truth
    assert (
        _fts_paths(conn, "ke hoach") == _fts_paths(conn, "kế hoạch") and len(_fts_paths(conn, "ke hoach")) >= N - K - 3
    )
    # 'đ' folds to 'd' too
    assert _fts_paths(conn, "dia ban") == _fts_paths(conn, "địa bàn") != set()


def test_query_cli(reference, tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app

    db = str(reference[0])
    run = CliRunner().invoke
    r = run(app, ["query", "--db", db, "SELECT count(*) AS n FROM documents", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == {"n": N - K}
    r = run(app, ["query", "--db", db, "--targets", "--year", "2030", "--limit", "0", "--json"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.exit_code == 0 and rows and all(x["year"] == 2030 for x in rows)
    r = run(app, ["query", "--db", db, "--targets", "--contains", "xa dat chuan", "--json", "--limit", "0"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all("xã đạt chuẩn" in (x["indicator"] + " " + x["text"]).lower() for x in rows)
    r = run(app, ["query", "--db", db, "--agency", "Sở Nội vụ", "--json", "--limit", "0"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.exit_code == 0 and rows and all("nội vụ" in x["agency"].lower() for x in rows)
    r2 = run(app, ["query", "--db", db, "--agency", "so noi vu", "--json", "--limit", "0"])
    assert r2.stdout == r.stdout
    r = run(app, ["query", "--db", db, "--agency", "Sở Nội vụ", "--role", "lead", "--json", "--limit", "0"])
    assert all(json.loads(x)["role"] == "lead" for x in r.stdout.splitlines())
    r = run(app, ["query", "--db", db, "--search", "chuyển đổi số"])
    assert r.exit_code == 0 and "row(s)" in r.stdout
    r = run(app, ["query", "--db", db, "--search", "chuyen doi so", "--json", "--limit", "0"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all("chuyển đổi số" in x["excerpt"].lower() for x in rows)
    # read-only: writes are refused and the archive is unchanged
    before = dump(reference[0])
    r = run(app, ["query", "--db", db, "DELETE FROM documents"])
    assert r.exit_code == 1 and "read-only" in r.stderr
    assert dump(reference[0]) == before
    r = run(app, ["query", "--db", str(tmp_path / "nope.sqlite"), "SELECT 1"])
    assert r.exit_code == 1 and "no such database" in r.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export(reference, tmp_path, fmt):
    from typer.testing import CliRunner

    from docgen.cli import app

    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="parquet export needs pyarrow")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["export", "--db", str(reference[0]), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{t}.{fmt}"
        for t in ["documents", "targets", "responsibilities", "legal_bases", "deadlines", "warnings", "errors"]
    )
    if fmt == "jsonl":
        assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == N - K
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out / "documents.parquet").num_rows == N - K
    r = CliRunner().invoke(app, ["export", "--db", str(reference[0]), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 1 and "already exists" in r.stderr


# --- Dask: one LocalCluster of 2 worker processes for the module ---------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


def test_dask_engine_same_content(archive, reference, cluster, tmp_path):
    from extract.batch import run_batch

    out, _ = archive
    db = tmp_path / "dask.sqlite"
    s = run_batch([str(out / "docs")], db, engine="dask", scheduler=cluster, timeout=120)
    assert s.processed == N - K and s.failed == K
    assert dump(db) == dump(reference[0])


def _hang_hook(task):
    """The extraction function of the timeout test (run in the side process of a Dask worker)."""
    from extract.batch.work import process_task

    if "hang" in Path(task.display).name:
        time.sleep(3600)
    return process_task(task)


def test_dask_timeout_kills_a_hanging_document(cluster, tmp_path):
    """A document that never finishes on a Dask worker is killed at the per-document timeout and recorded;
    the other documents (including those queued on the same worker) are stored."""
    from extract.batch import run_batch

    src = tmp_path / "src"
    src.mkdir()
    plans = sorted((REPO / "corpus" / "plans").glob("*.md"))[:6]
    for p in plans:
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "hang-1.md").write_text(plans[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (src / "hang-2.md").write_text(plans[1].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    started = time.monotonic()
    db = tmp_path / "t.sqlite"
    s = run_batch([src], db, engine="dask", scheduler=cluster, timeout=3, func="test_batch_archive:_hang_hook")
    assert time.monotonic() - started < 60
    assert (s.processed, s.failed) == (len(plans), 2)
    conn = sqlite3.connect(db)
    errors = conn.execute("SELECT path, kind, reason FROM errors ORDER BY path").fetchall()
    conn.close()
    assert [(Path(p).name, k) for p, k, _ in errors] == [("hang-1.md", "timeout"), ("hang-2.md", "timeout")]
    assert all("timed out after 3 s on a dask worker" in r for _, _, r in errors)


# --- Parquet output ------------------------------------------------------------------------------------------


def pq_dump(out: Path) -> dict[str, list]:
    """The Parquet folder's tables in the shape of `dump` (the SQLite tables but fts)."""
    pq = pytest.importorskip("pyarrow.parquet")
    res = {}
    for table in ["documents", "targets", "responsibilities", "legal_bases", "deadlines", "warnings", "errors"]:
        t = pq.read_table(out / table)
        rows = [tuple(r.values()) for r in t.to_pylist()]
        res[table] = sorted((r[:4] for r in rows), key=repr) if table == "errors" else sorted(rows, key=repr)
    res["errors"] = sorted(res["errors"])
    return res


def _sqlite_part(db: Path, hashes: set[str] | None = None) -> dict[str, list]:
    """`dump` without fts, restricted to the documents with these hashes."""
    return archive_rows(db, hashes, fts=False)


@pytest.fixture(scope="module")
def subset(archive, tmp_path_factory):
    """A list file naming every third file of the archive (corrupt ones included), and their hashes: the
    Parquet tests run on it to keep the suite fast."""
    import hashlib

    out, manifest = archive
    files = [out / "docs" / e["name"] for e in manifest["files"]][::3]
    lst = tmp_path_factory.mktemp("subset") / "subset.lst"
    lst.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
    hashes = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    n_corrupt = sum(e["corrupt"] for e in manifest["files"][::3])
    assert n_corrupt
    return lst, hashes, len(files) - n_corrupt, n_corrupt


def test_dask_parquet_same_content(reference, cluster, subset, tmp_path):
    """`--engine dask --out DIR`: the workers write the parts; same rows as the SQLite archive; rerun skips."""
    from extract.batch import run_batch

    lst, hashes, good, bad = subset
    parts = tmp_path / "parts"
    s = run_batch([lst], out=parts, engine="dask", scheduler=cluster, timeout=120, part_size=20)
    assert (s.processed, s.failed) == (good, bad)
    assert pq_dump(parts) == _sqlite_part(reference[0], hashes)
    assert len(list((parts / "documents").glob("part-*.parquet"))) == -(-(good + bad) // 20)
    assert not list(parts.rglob(".part-*"))
    s = run_batch([lst], out=parts, engine="dask", scheduler=cluster, timeout=120, part_size=20)
    assert (s.processed, s.skipped, s.skipped_failed, s.failed) == (0, good, bad, 0)
    assert pq_dump(parts) == _sqlite_part(reference[0], hashes)


def test_local_parquet_cli_and_resume_after_a_kill_between_renames(reference, subset, tmp_path):
    """`kehoach batch --out` with the local engine; a part left half-renamed by a kill (child files without
    their `documents` file) and temp files are cleaned up, and only that part's documents are redone."""
    pq = pytest.importorskip("pyarrow.parquet")
    from typer.testing import CliRunner

    from docgen.cli import app

    lst, hashes, good, bad = subset
    parts = tmp_path / "parts"
    cmd = ["batch", str(lst), "--out", str(parts), "--part-size", "15", "-j", "2", "-q"]
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{good} processed") and f"{bad} failed" in r.stdout
    assert pq_dump(parts) == _sqlite_part(reference[0], hashes)
    # simulate a kill between the renames of one part: its documents file is missing, a temp file is left
    victim = sorted((parts / "documents").glob("part-*.parquet"))[1]
    lost = pq.read_table(victim).num_rows
    lost_errors = pq.read_table(parts / "errors" / victim.name).num_rows
    victim.rename(parts / "documents" / f".{victim.name}.tmp")
    (parts / "targets" / ".part-x.parquet.tmp").write_bytes(b"half a file")
    r = CliRunner().invoke(app, cmd)
    assert r.exit_code == 0, r.stderr
    expected = f"{lost} processed, {good - lost} skipped as unchanged"
    expected += f" (+{bad - lost_errors} that failed before" if lost_errors < bad else ","
    assert r.stdout.startswith(expected) and f"with warnings, {lost_errors} failed —" in r.stdout
    assert not list(parts.rglob(".part-*"))
    assert pq_dump(parts) == _sqlite_part(reference[0], hashes)
    # bad combinations are one line
    r = CliRunner().invoke(app, ["batch", str(lst), "--out", str(parts), "--db", str(tmp_path / "a.sqlite")])
    assert r.exit_code == 1 and "not both" in r.stderr
    r = CliRunner().invoke(app, ["batch", str(lst)])
    assert r.exit_code == 1 and "--out" in r.stderr
    r = CliRunner().invoke(app, ["batch", str(lst), "--out", str(lst.parent)])
    assert r.exit_code == 1 and "not a kehoach Parquet archive" in r.stderr
