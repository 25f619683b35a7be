"""The SQLite archive: schema, version check, one transaction per document.

Only the driver process writes. Every document is committed in its own transaction (WAL mode), so a batch
killed at any point leaves a consistent archive and the next run continues where it stopped.

The driver is the one serial stage of a batch, so a document's transaction is kept small (archive version 2):
- the plan JSON is stored zlib-compressed (`plan`, with its size in `plan_size`: the layout of SQLite's own
  `sqlar` archives, so the sqlite3 shell's `sqlar_uncompress(plan, plan_size)` reads it, and the `plans` view
  gives it as text); the worker compresses it, a fifth of the bytes reach the database;
- the full-text index is contentless, one column (`plain`), its rowid the document's `id`; the text itself is
  stored once, in `documents.text`, and the tokenizer does the accent folding.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from pathlib import Path

APP = "kehoach-batch"
ARCHIVE_VERSION = "2"  # bump on any incompatible change of the tables below (2: compressed plan, contentless FTS)

TABLES: dict[str, list[str]] = {
    "documents": [
        # `id` links the document to its full-text index entry (fts.rowid); AUTOINCREMENT: never reused.
        "id INTEGER PRIMARY KEY AUTOINCREMENT",
        "hash TEXT NOT NULL UNIQUE",
        "path TEXT NOT NULL",
        "format TEXT",
        "size INTEGER",
        "doc_type TEXT",
        "number_symbol TEXT",
        "issuing_body TEXT",
        "governing_body TEXT",
        "level TEXT",
        "place TEXT",
        "date TEXT",
        "title TEXT",
        "n_targets INTEGER",
        "n_responsibilities INTEGER",
        "n_legal_bases INTEGER",
        "n_deadlines INTEGER",
        "n_warnings INTEGER",
        "text TEXT",
        "plan BLOB NOT NULL",
        "plan_size INTEGER NOT NULL",  # zlib of the plan JSON (UTF-8), its size in bytes
    ],
    "targets": [
        "hash TEXT NOT NULL",
        "id TEXT",
        "section TEXT",
        "indicator TEXT",
        "value REAL",
        "value_max REAL",
        "unit TEXT",
        "qualifier TEXT",
        "year INTEGER",
        "text TEXT",
        "paragraph INTEGER",
        "page INTEGER",
    ],
    "responsibilities": [
        "hash TEXT NOT NULL",
        "id TEXT",
        "agency TEXT",
        "agency_normalized TEXT",
        "role TEXT",
        "heading TEXT",
        "section TEXT",
        "n_tasks INTEGER",
        "tasks TEXT",
        "paragraph INTEGER",
        "page INTEGER",
    ],
    "legal_bases": [
        "hash TEXT NOT NULL",
        "n INTEGER",
        "kind TEXT",
        "number_symbol TEXT",
        "date TEXT",
        "issuer TEXT",
        "subject TEXT",
        "text TEXT",
    ],
    "deadlines": [
        "hash TEXT NOT NULL",
        "n INTEGER",
        "text TEXT",
        "recurrence TEXT",
        "day INTEGER",
        "month INTEGER",
        "year INTEGER",
        "is_report INTEGER",
        "agency TEXT",
        "task_id TEXT",
    ],
    "warnings": [
        "hash TEXT NOT NULL",
        "n INTEGER",
        "code TEXT",
        "message TEXT",
        "paragraph INTEGER",
        "page INTEGER",
    ],
}
# The errors table (one row per failed document or refused zip; keyed by hash and path).
ERRORS_COLUMNS = ["hash TEXT NOT NULL DEFAULT ''", "path TEXT NOT NULL", "kind TEXT", "reason TEXT NOT NULL", "at TEXT"]
# Flat tables written per document (documents first); `errors` and `fts` are handled separately.
CHILD_TABLES = ["targets", "responsibilities", "legal_bases", "deadlines", "warnings"]
EXPORT_TABLES = ["documents", *CHILD_TABLES, "errors"]

# The plan JSON as text, for SQL (the `plans` view, exports); `sqlar_uncompress` as in the sqlite3 shell.
PLAN_JSON_SQL = "CAST(sqlar_uncompress(plan, plan_size) AS TEXT) AS plan_json"

SCHEMA_SQL = "\n".join(
    [f"CREATE TABLE {name} ({', '.join(cols)});" for name, cols in TABLES.items()]
    + [f"CREATE INDEX {t}_hash ON {t}(hash);" for t in CHILD_TABLES]
    + [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);",
        f"CREATE TABLE errors ({', '.join(ERRORS_COLUMNS)}, PRIMARY KEY (hash, path));",
        "CREATE INDEX targets_year ON targets(year);",
        "CREATE INDEX responsibilities_role ON responsibilities(role);",
        # Full text of title + text (`fts_text`), accents folded: "ke hoach" finds "kế hoạch". The tokenizer
        # removes the diacritics itself; only đ, a letter of its own to it, is given as d. Contentless
        # (content=''): the text is in `documents.text`; fts.rowid = documents.id.
        "CREATE VIRTUAL TABLE fts USING fts5(plain, content = '', tokenize = 'unicode61 remove_diacritics 2');",
        f"CREATE VIEW plans AS SELECT id, hash, path, {PLAN_JSON_SQL} FROM documents;",
    ]
)
# Columns written by the worker's row for `documents` (all but `id`, which SQLite assigns).
DOCUMENT_COLUMNS = [d.split()[0] for d in TABLES["documents"] if not d.startswith("id ")]


class ArchiveError(Exception):
    """A database that cannot be used: one line, names the file."""


def table_columns(table: str) -> list[tuple[str, str]]:
    """(name, declared SQL type) of a flat table's columns, in row order (`errors` included)."""
    decls = ERRORS_COLUMNS if table == "errors" else TABLES[table]
    return [(d.split()[0], d.split()[1].upper()) for d in decls]


def export_columns(table: str) -> list[tuple[str, str]]:
    """The columns a table has outside SQLite (`kehoach export`, Parquet `--out`): `documents` without the
    internal `id` and with the plan as JSON text (`plan_json`) instead of the compressed `plan`/`plan_size`."""
    cols = table_columns(table)
    if table != "documents":
        return cols
    return [c for c in cols if c[0] not in ("id", "plan", "plan_size")] + [("plan_json", "TEXT")]


def export_select(table: str) -> str:
    """SQL reading `table` in the shape of `export_columns` (needs `sqlar_uncompress`, see `add_functions`)."""
    if table != "documents":
        return f"SELECT * FROM {table}"
    cols = [c for c, _ in export_columns(table) if c != "plan_json"]
    return f"SELECT {', '.join(cols)}, {PLAN_JSON_SQL} FROM documents"


def export_row(table: str, row: tuple) -> tuple:
    """A worker row (stored order, `documents` without `id`) in the shape of `export_columns`."""
    if table != "documents":
        return row
    return (*row[:-2], unpack_plan(row[-2], row[-1]))


# -- the compressed plan JSON --------------------------------------------------------------------------------


def pack_plan(plan_json: str) -> tuple[bytes, int]:
    """(zlib blob, size of the UTF-8 JSON) for `documents.plan` / `plan_size`. Level 1: ~5x smaller at about
    a tenth of the cost of level 6, paid by the worker."""
    import zlib

    data = plan_json.encode("utf-8")
    return zlib.compress(data, 1), len(data)


def sqlar_uncompress(data: bytes | None, size: int | None) -> bytes | None:
    """SQLite's `sqlar_uncompress(X, SZ)` (the sqlite3 shell has it built in): X unchanged when its length is
    SZ (stored uncompressed), else zlib-inflated."""
    import zlib

    if data is None or size is None:
        return data
    data = bytes(data)
    return data if len(data) == size else zlib.decompress(data)


def unpack_plan(data: bytes, size: int) -> str:
    """The plan JSON text of a `documents` row (`Plan.model_validate_json` reads it)."""
    return sqlar_uncompress(data, size).decode("utf-8")


def load_plan(conn: sqlite3.Connection, h: str):
    """The stored `Plan` of the document with content hash `h`, or None."""
    from ..model import Plan

    row = conn.execute("SELECT plan, plan_size FROM documents WHERE hash = ?", (h,)).fetchone()
    return None if row is None else Plan.model_validate_json(unpack_plan(*row))


def add_functions(conn: sqlite3.Connection) -> None:
    """SQL functions of our archives: `sqlar_uncompress` (as in the sqlite3 shell; the `plans` view uses it)."""
    conn.create_function("sqlar_uncompress", 2, sqlar_uncompress, deterministic=True)


_KEPT = "every document committed so far is kept"


def archive_error(exc: BaseException, path: str | Path, doing: str = "", what: str = "database") -> ArchiveError:
    """One clear line for an sqlite3.Error / OSError met while using the archive at `path`.

    Disk full (SQLITE_FULL, ENOSPC, or `PRAGMA max_page_count` reached), read-only (file, folder or file
    system), I/O errors, a locked or damaged database; anything else keeps SQLite's own words."""
    import errno

    name = getattr(exc, "sqlite_errorname", "") or ""
    detail = str(exc) if not isinstance(exc, OSError) or not exc.strerror else exc.strerror
    doing = f" while {doing}" if doing else ""
    again = "run the same command again to continue"
    if (
        name.startswith("SQLITE_FULL")
        or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
        or "disk is full" in detail
    ):
        full = "the disk or the database is full" if what == "database" else "the disk is full"
        return ArchiveError(f"{path}: {full}{doing} ({detail}); {_KEPT} — free space and {again}")
    if (
        name.startswith("SQLITE_READONLY")
        or "readonly" in detail
        or "read-only" in detail
        or (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM))
    ):
        return ArchiveError(f"{path}: {what} path is read-only{doing} ({detail})")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return ArchiveError(
            f"{path}: database is locked by another process (another `kehoach batch` on the same "
            f"--db?){doing} ({detail})"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return ArchiveError(f"{path}: database file is damaged{doing} ({detail})")
    if name.startswith("SQLITE_IOERR") or (isinstance(exc, OSError) and exc.errno == errno.EIO):
        return ArchiveError(f"{path}: disk I/O error{doing} ({detail}); {_KEPT} — check the disk and {again}")
    if name.startswith("SQLITE_CANTOPEN") or isinstance(exc, OSError):
        return ArchiveError(f"{path}: cannot write the {what}{doing} ({detail})")
    return ArchiveError(f"{path}: {what} error{doing} ({detail}); {_KEPT}")


def _columns(table: str) -> int:
    return len(TABLES[table])


@functools.cache
def _insert_sql(table: str) -> str:
    if table == "fts":
        return "INSERT INTO fts (rowid, plain) VALUES (?, ?)"
    if table == "documents":
        marks = ", ".join("?" * len(DOCUMENT_COLUMNS))
        return f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({marks})"
    return f"INSERT INTO {table} VALUES ({', '.join('?' * _columns(table))})"


_TITLE, _TEXT = DOCUMENT_COLUMNS.index("title"), DOCUMENT_COLUMNS.index("text")


def fts_text(title: str | None, text: str | None) -> str:
    """What the full-text index is given for a document: title and text with đ/Đ as d/D. The `unicode61
    remove_diacritics 2` tokenizer folds every other Vietnamese letter (ế → e, ư → u …) and case itself, so
    the index holds exactly the words of `normalize.strip_accents(...).casefold()` (checked on every
    Vietnamese letter, and term for term on real plans, in the tests) at a fraction of the cost."""
    # two str.replace (C loops, a few µs) — not str.translate, which looks every character up (~0.7 ms)
    return f"{title or ''}\n{text or ''}".replace("đ", "d").replace("Đ", "D")


def insert_rows(c: sqlite3.Connection, rows: dict[str, list[tuple]]) -> int:
    """Insert one document's rows (inside the caller's transaction) and index its text; returns its `id`."""
    doc = rows["documents"][0]
    doc_id = c.execute(_insert_sql("documents"), doc).lastrowid
    for table in CHILD_TABLES:
        if rows.get(table):
            c.executemany(_insert_sql(table), rows[table])
    c.execute(_insert_sql("fts"), (doc_id, fts_text(doc[_TITLE], doc[_TEXT])))
    return doc_id


def check_version(conn: sqlite3.Connection, path: str) -> bool:
    """True when the db is a kehoach archive of our version, False when it is empty; raise otherwise."""
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: not an SQLite database ({exc})") from exc
    if not names:
        return False
    if "meta" not in names:
        raise ArchiveError(f"{path}: not a kehoach batch archive (no meta table); use a new --db file")
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if meta.get("app") != APP:
        raise ArchiveError(f"{path}: not a kehoach batch archive; use a new --db file")
    version = meta.get("archive_version")
    if version != ARCHIVE_VERSION:
        raise ArchiveError(
            f"{path}: archive version {version} is not supported by this kehoach (needs version {ARCHIVE_VERSION}); "
            "it was left unchanged — use a new --db file"
        )
    return True


class Archive:
    """The writable archive used by `kehoach batch` (driver process only)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        p = self.path
        if p.is_dir():
            raise ArchiveError(f"{p}: is a folder, not a database file")
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            raise ArchiveError(f"{p}: folder {parent} does not exist")
        existed = p.exists() and p.stat().st_size > 0
        if (p.exists() and not os.access(p, os.W_OK)) or not os.access(parent, os.W_OK):
            raise ArchiveError(f"{p}: database path is read-only")
        created_file = not p.exists()
        try:
            self.conn = sqlite3.connect(str(p), isolation_level=None, timeout=30)
            add_functions(self.conn)
        except sqlite3.Error as exc:
            raise ArchiveError(f"{p}: cannot open database ({exc})") from exc
        try:
            ours = check_version(self.conn, str(p)) if existed else False
            if not ours:
                self._create()
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        except (ArchiveError, sqlite3.Error, OSError) as exc:
            self.conn.close()
            if not existed:  # nothing half-created is left behind
                for suffix in ("", "-wal", "-shm", "-journal") if created_file else ("-wal", "-shm", "-journal"):
                    Path(f"{p}{suffix}").unlink(missing_ok=True)
            if isinstance(exc, ArchiveError):
                raise
            if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
                raise ArchiveError(f"{p}: cannot open database ({exc})") from exc
            raise archive_error(exc, p, "creating the archive" if not existed else "opening the archive") from exc

    def guard(self, doing: str = ""):
        """Context manager: sqlite3 / OS errors while using the archive become one-line ArchiveErrors."""
        return _Guard(self.path, doing)

    def _create(self) -> None:
        from ..model import SCHEMA_VERSION

        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for stmt in SCHEMA_SQL.split(";\n"):
                stmt = stmt.strip().rstrip(";")
                if stmt:
                    c.execute(stmt)
            c.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("app", APP),
                    ("archive_version", ARCHIVE_VERSION),
                    ("plan_schema_version", SCHEMA_VERSION),
                    ("created_at", time.strftime("%Y-%m-%dT%H:%M:%S")),
                ],
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- reads used to skip work -------------------------------------------------------------------------
    def has_document(self, h: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE hash = ?", (h,)).fetchone() is not None

    def has_error(self, h: str) -> bool:
        return self.conn.execute("SELECT 1 FROM errors WHERE hash = ?", (h,)).fetchone() is not None

    def clear_error(self, h: str) -> None:
        self.conn.execute("DELETE FROM errors WHERE hash = ?", (h,))

    # -- writes: one transaction each --------------------------------------------------------------------
    def add_document(self, rows: dict[str, list[tuple]]) -> bool:
        """Insert one document and its rows atomically; False when it was already there.

        `rows`: table -> row tuples from `work.plan_rows` (`documents` without `id`)."""
        c = self.conn
        h = rows["documents"][0][0]
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE hash = ?", (h,)).fetchone():
                c.execute("ROLLBACK")
                return False
            insert_rows(c, rows)
            c.execute("DELETE FROM errors WHERE hash = ?", (h,))
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return True

    def add_error(self, h: str | None, path: str, kind: str, reason: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO errors (hash, path, kind, reason, at) VALUES (?, ?, ?, ?, ?)",
            (h or "", path, kind, reason, time.strftime("%Y-%m-%dT%H:%M:%S")),
        )

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ["documents", "errors"]}

    def close(self) -> None:
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        self.conn.close()


class _Guard:
    def __init__(self, path: Path, doing: str):
        self.path, self.doing = path, doing

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        if exc is not None and isinstance(exc, (sqlite3.Error, OSError)) and not isinstance(exc, ArchiveError):
            raise archive_error(exc, self.path, self.doing) from exc
        return False


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an archive read-only (`mode=ro` URI, query_only; immutable in a read-only folder) after checking it
    is one of ours. Its authorizer refuses statements that would open or write other files (`readonly`)."""
    from .readonly import QueryRefused, open_readonly

    p = Path(path)
    if not p.is_file():
        raise ArchiveError(f"{p}: no such database file")
    try:
        conn, _immutable = open_readonly(p)
        conn.execute("PRAGMA query_only = 1")
    except QueryRefused as exc:
        raise ArchiveError(f"{p}: {exc}") from None
    except sqlite3.Error as exc:
        raise ArchiveError(f"{p}: cannot open database read-only ({exc})") from exc
    if not check_version(conn, str(p)):
        conn.close()
        raise ArchiveError(f"{p}: empty database, not a kehoach batch archive")
    from ..normalize import fold

    add_functions(conn)
    conn.create_function("fold", 1, lambda s: None if s is None else fold(str(s)), deterministic=True)
    conn.create_function("excerpt", 2, excerpt, deterministic=True)
    conn.guard()
    return conn


def excerpt(text: str | None, words: str | None, width: int = 70) -> str | None:
    """The original text around the first accent-insensitive match of `words` (for search results)."""
    import re
    import unicodedata

    from ..normalize import fold

    if not text or not words:
        return None
    text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    if len(folded) != len(text):  # offsets would not line up: show the folded text instead
        text = folded
    parts = [re.escape(w) for w in re.findall(r"\w+", fold(words))]
    m = re.search(r"\W+".join(parts), folded) if parts else None
    if m is None:
        return None
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
