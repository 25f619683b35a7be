"""Archive version 2: the plan JSON is stored compressed (readable through the `plans` view, the
sqlite3 shell's `sqlar_uncompress` and `store.load_plan`), the full-text index is contentless and tied to
`documents.id`, and every way out of the archive (query, export) gives the plan as JSON text."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO / "corpus" / "plans"


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory) -> Path:
    from extract.batch import run_batch

    db = tmp_path_factory.mktemp("store") / "a.sqlite"
    s = run_batch([str(PLANS)], db, workers=2)
    assert s.processed == len([p for p in PLANS.iterdir() if p.is_file()]) and s.failed == 0
    return db


def _connect(db: Path) -> sqlite3.Connection:
    from extract.batch.store import add_functions

    conn = sqlite3.connect(db)
    add_functions(conn)
    return conn


def test_plan_is_compressed_and_reads_back_whole(small_archive):
    from extract.batch.store import load_plan
    from extract.pipeline import extract_file

    conn = _connect(small_archive)
    try:
        rows = conn.execute(
            "SELECT hash, path, length(plan), plan_size, number_symbol, title, text FROM documents"
        ).fetchall()
        view = dict(conn.execute("SELECT hash, plan_json FROM plans"))
    finally:
        conn.close()
    for h, path, stored, size, number, title, text in rows:
        assert stored * 3 < size, f"{path}: plan not compressed ({stored} of {size} bytes)"
        # the view gives exactly the JSON of the stored plan, and it is the plan extract_file gives
        plan = load_plan(_connect(small_archive), h)
        assert json.loads(view[h]) == json.loads(plan.model_dump_json())
        fresh = extract_file(path)
        assert plan.header.number_symbol == fresh.header.number_symbol == number
        assert plan.header.title == title and plan.text == fresh.text == text
        assert len(plan.targets) == len(fresh.targets) and len(plan.responsibilities) == len(fresh.responsibilities)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_sqlite3_shell_reads_the_plans_view(small_archive):
    """The layout is SQLite's own `sqlar` one: the stock sqlite3 shell decompresses it with no help from us."""
    out = subprocess.run(
        [
            "sqlite3",
            "-readonly",
            str(small_archive),
            "SELECT number_symbol, json_extract(p.plan_json, '$.header.number_symbol') FROM plans p "
            "JOIN documents d USING (hash) ORDER BY d.path",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    pairs = [ln.split("|") for ln in out.stdout.splitlines()]
    assert len(pairs) == 10 and all(a == b for a, b in pairs) and any(a for a, _ in pairs)


def _search(db: Path, words: str) -> list[str]:
    from extract.batch import connect_readonly
    from extract.batch.query import run_sql, shorthand

    conn = connect_readonly(db)
    try:
        _, rows = run_sql(conn, *shorthand(search=words, limit=0))
    finally:
        conn.close()
    return sorted(Path(r[0]).name for r in rows)


def test_search_is_tied_to_document_ids_through_vacuum_and_deletion(small_archive, tmp_path):
    """fts.rowid = documents.id: VACUUM keeps it (an INTEGER PRIMARY KEY), and a deleted document's id is
    never given to another one (AUTOINCREMENT), so its index entries can never point at the wrong plan."""
    from extract.batch import run_batch

    db = tmp_path / "copy.sqlite"
    shutil.copy(small_archive, db)
    before = _search(db, "ma tuy")
    assert "huyen-ky-son-phong-chong-ma-tuy.txt" in before
    conn = sqlite3.connect(db)
    conn.execute("VACUUM")
    conn.close()
    assert _search(db, "ma tuý") == before  # any accent spelling, after VACUUM
    # delete the newest document by hand, as a user might, to have it processed again
    conn = sqlite3.connect(db)
    last_id, last_path = conn.execute("SELECT id, path FROM documents ORDER BY id DESC LIMIT 1").fetchone()
    title = conn.execute("SELECT title FROM documents WHERE id = ?", (last_id,)).fetchone()[0]
    with conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (last_id,))
    conn.close()
    assert Path(last_path).name not in _search(db, title)
    s = run_batch([str(PLANS)], db, workers=1)
    assert (s.processed, s.skipped) == (1, 9)
    conn = sqlite3.connect(db)
    new_id = conn.execute("SELECT id FROM documents WHERE path = ?", (last_path,)).fetchone()[0]
    conn.close()
    assert new_id > last_id
    found = _search(db, title)
    assert found.count(Path(last_path).name) == 1


def test_query_and_export_give_the_plan_as_json(small_archive, tmp_path):
    from typer.testing import CliRunner

    from docgen.cli import app
    from extract.model import Plan

    run = CliRunner().invoke
    r = run(app, ["query", "--db", str(small_archive), "SELECT path, plan FROM documents ORDER BY path LIMIT 2"])
    assert r.exit_code == 0 and " bytes>" in r.stdout, r.stdout
    r = run(app, ["query", "--db", str(small_archive), "SELECT hash, plan FROM documents LIMIT 1", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["plan"].endswith(" bytes>")
    r = run(
        app,
        [
            "query",
            "--db",
            str(small_archive),
            "SELECT json_extract(plan_json, '$.header.doc_type') AS t FROM plans",
            "--json",
        ],
    )
    assert r.exit_code == 0 and {json.loads(x)["t"] for x in r.stdout.splitlines()} >= {"Kế hoạch"}, r.stdout
    out = tmp_path / "exp"
    r = run(app, ["export", "--db", str(small_archive), "--format", "jsonl", "-o", str(out)])
    assert r.exit_code == 0, r.output
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 10 and not {"id", "plan", "plan_size"} & set(docs[0])
    for d in docs:
        plan = Plan.model_validate_json(d["plan_json"])
        assert plan.header.number_symbol == d["number_symbol"] and plan.text == d["text"]


def _indexed_terms(texts: list[str]) -> list[list[tuple[int, str]]]:
    """(offset, term) of each text as the archive's full-text index holds it (same table definition)."""
    from extract.batch.store import SCHEMA_SQL, fts_text

    create = next(s for s in SCHEMA_SQL.split(";\n") if "VIRTUAL TABLE fts" in s)
    conn = sqlite3.connect(":memory:")
    conn.execute(create)
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, fts, instance)")
    for i, t in enumerate(texts, 1):
        conn.execute("INSERT INTO fts (rowid, plain) VALUES (?, ?)", (i, fts_text(None, t)))
    out: list[list] = [[] for _ in texts]
    for term, doc, offset in conn.execute("SELECT term, doc, offset FROM v"):
        out[doc - 1].append((offset, term))
    return [sorted(x) for x in out]


def test_index_folds_exactly_like_the_query_side():
    """The index is given the text with only đ replaced and lets the tokenizer fold the rest; the query side
    (`--search`, `excerpt`) folds with `strip_accents(...).casefold()`. Both must give the same words: every
    Vietnamese letter with every tone, both cases, and a whole real plan term for term."""
    import unicodedata

    from extract.normalize import strip_accents

    letters = set("đĐ")
    for b in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            letters.add(unicodedata.normalize("NFC", b + tone))
    words = [f"x{c}x" for c in sorted(letters)]
    got = _indexed_terms(words)
    assert len(words) == 146  # 12 vowels x 6 tones x 2 cases, and đ, Đ
    assert [[t for _, t in g] for g in got] == [[strip_accents(w).casefold()] for w in words]
    text = next(PLANS.glob("*.md")).read_text(encoding="utf-8")
    folded = strip_accents(text).casefold()
    assert "đ" in text and any(ord(c) > 0x7F for c in text)
    plain_index = _indexed_terms([folded])[0]  # the folded text, tokenized: what the old `plain` column held
    assert _indexed_terms([text])[0] == plain_index and len(plain_index) > 500


def test_summary_gives_the_rate_once_running(tmp_path):
    """The final line gives documents/s over the whole run and once running (after the fixed start-up of
    importing and warming up the pipeline), which is what the progress bar shows for a long batch."""
    import re

    from typer.testing import CliRunner

    from docgen.cli import app

    r = CliRunner().invoke(app, ["batch", str(PLANS), "--db", str(tmp_path / "a.sqlite"), "-j", "2", "-q"])
    assert r.exit_code == 0, r.output
    m = re.search(r"— ([\d.]+) s, ([\d.]+) docs/s \(([\d.]+) docs/s after a ([\d.]+) s start-up\)", r.stdout)
    assert m, r.stdout
    total_s, rate, steady, startup = map(float, m.groups())
    assert 0 <= startup <= total_s and steady > rate > 0, r.stdout  # 0.0 s when the fork server is warm
    assert 10 / (total_s + 0.05) - 0.05 <= rate <= 10 / max(total_s - 0.05, 0.01) + 0.05
