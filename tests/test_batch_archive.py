"""Issue 8: batch processing of an archive into SQLite — counts, errors, resume after SIGKILL, search, CLI,
and the Dask engine giving the same content. Uses a generated archive of 60 files, 6 of them corrupt."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
N, K = 60, 6


def _load_make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", REPO / "bench" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    out = tmp_path_factory.mktemp("archive")
    manifest = _load_make_archive().build(N, out, corrupt=K, docx_share=0.1, seed=8)
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
    """Everything that must be identical between runs (timestamps excluded)."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        for table in ["documents", "targets", "responsibilities", "legal_bases", "deadlines", "warnings"]:
            out[table] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        out["errors"] = sorted(conn.execute("SELECT hash, path, kind, reason FROM errors").fetchall())
        out["fts"] = sorted(conn.execute("SELECT hash, title, text, plain FROM fts").fetchall())
        return out
    finally:
        conn.close()


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
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE hash NOT IN (SELECT hash FROM documents)").fetchone()[0] == 0
    # the full plan JSON is stored and parses back
    from extract.model import Plan

    plan = Plan.model_validate_json(conn.execute("SELECT plan_json FROM documents LIMIT 1").fetchone()[0])
    assert plan.text
    assert conn.execute("SELECT value FROM meta WHERE key='archive_version'").fetchone()[0] == "1"
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
    cmd = [sys.executable, "-m", "docgen.cli", "batch", str(out / "docs"), "--db", str(db), "--workers", "1", "-q"]
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
        "SELECT d.path FROM fts JOIN documents d ON d.hash = fts.hash WHERE fts MATCH ?", (fts_phrase(words),)
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
        for p, t in conn.execute("SELECT path, json_extract(plan_json, '$.text') FROM documents")
        if "ma tuy" in strip_accents(t).lower()
    }
    assert plain == truth
    assert _fts_paths(conn, "ke hoach") == _fts_paths(conn, "kế hoạch") and len(_fts_paths(conn, "ke hoach")) >= N - K - 3
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
    assert names == sorted(f"{t}.{fmt}" for t in
                           ["documents", "targets", "responsibilities", "legal_bases", "deadlines", "warnings", "errors"])
    if fmt == "jsonl":
        assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == N - K
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out / "documents.parquet").num_rows == N - K
    r = CliRunner().invoke(app, ["export", "--db", str(reference[0]), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 1 and "already exists" in r.stderr


def test_dask_engine_same_content(archive, reference, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    from extract.batch import run_batch

    out, _ = archive
    db = tmp_path / "dask.sqlite"
    s = run_batch([str(out / "docs")], db, workers=2, engine="dask", dask_processes=False, timeout=120)
    assert s.processed == N - K and s.failed == K
    assert dump(db) == dump(reference[0])
