"""Shared test paths. Tests that need ../shared skip cleanly where it is absent."""

from __future__ import annotations

import importlib.util
import shutil
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SHARED_CORPUS = SHARED / "corpus"
CORPUS = REPO / "corpus"


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    found = sorted(SEEDS.glob(f"{prefix}*"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0]


@cache
def shared_plan(prefix: str):
    """The plan read from ../shared/corpus/<prefix>_*, once per session; skips where the file or LibreOffice
    (for .doc) is absent."""
    from extract.pipeline import extract_file

    found = sorted(SHARED_CORPUS.glob(f"{prefix}_*")) if SHARED_CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"../shared/corpus/{prefix}_* is not present")
    if found[0].suffix == ".doc" and not shutil.which("soffice"):
        pytest.skip("reading .doc needs LibreOffice (soffice)")
    return extract_file(found[0])


@pytest.fixture(scope="session")
def seed000():
    from extract import extract_file

    return extract_file(seed("000_"))


@pytest.fixture(scope="session")
def seed003():
    from extract import extract_file

    return extract_file(seed("003_"))


def load_make_archive():
    """bench/make_archive.py as a module: the batch tests build their archives with it."""
    spec = importlib.util.spec_from_file_location("make_archive", REPO / "bench" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ARCHIVE_TABLES = ["documents", "targets", "responsibilities", "legal_bases", "deadlines", "warnings"]


def archive_rows(db: Path, hashes: set[str] | None = None, fts: bool = True) -> dict[str, list]:
    """Everything of a batch archive that must be identical between runs, sorted (timestamps and the
    insertion-order `documents.id` left out; documents in their export shape, plan JSON as text). Restricted
    to the documents with `hashes` when given. `fts`: each document's indexed terms with their offsets, read
    through an fts5vocab table (the index is contentless)."""
    import sqlite3

    from extract.batch.store import add_functions, export_select

    keep = (lambda h: True) if hashes is None else (lambda h: h in hashes)  # noqa: E731
    conn = sqlite3.connect(db)
    add_functions(conn)
    try:
        out = {}
        for table in ARCHIVE_TABLES:
            out[table] = sorted((r for r in conn.execute(export_select(table)) if keep(r[0])), key=repr)
        out["errors"] = sorted(r for r in conn.execute("SELECT hash, path, kind, reason FROM errors") if keep(r[0]))
        if fts:
            conn.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, fts, instance)")
            terms: dict[str, list] = {}
            for h, term, offset in conn.execute(
                "SELECT d.hash, v.term, v.offset FROM temp.fts_terms v JOIN documents d ON d.id = v.doc"
            ):
                if keep(h):
                    terms.setdefault(h, []).append((offset, term))
            out["fts"] = sorted((h, tuple(sorted(t))) for h, t in terms.items())
        return out
    finally:
        conn.close()
