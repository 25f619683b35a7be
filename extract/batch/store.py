"""The SQLite archive: schema, version check, one transaction per document.

Only the driver process writes. Every document is committed in its own transaction (WAL mode), so a batch
killed at any point leaves a consistent archive and the next run continues where it stopped.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

APP = "kehoach-batch"
ARCHIVE_VERSION = "1"  # bump on any incompatible change of the tables below

TABLES: dict[str, list[str]] = {
    "documents": [
        "hash TEXT PRIMARY KEY", "path TEXT NOT NULL", "format TEXT", "size INTEGER", "doc_type TEXT",
        "number_symbol TEXT", "issuing_body TEXT", "governing_body TEXT", "level TEXT", "place TEXT", "date TEXT",
        "title TEXT", "n_targets INTEGER", "n_responsibilities INTEGER", "n_legal_bases INTEGER",
        "n_deadlines INTEGER", "n_warnings INTEGER", "plan_json TEXT NOT NULL",
    ],
    "targets": [
        "hash TEXT NOT NULL", "id TEXT", "section TEXT", "indicator TEXT", "value REAL", "value_max REAL",
        "unit TEXT", "qualifier TEXT", "year INTEGER", "text TEXT", "paragraph INTEGER", "page INTEGER",
    ],
    "responsibilities": [
        "hash TEXT NOT NULL", "id TEXT", "agency TEXT", "agency_normalized TEXT", "role TEXT", "heading TEXT",
        "section TEXT", "n_tasks INTEGER", "tasks TEXT", "paragraph INTEGER", "page INTEGER",
    ],
    "legal_bases": [
        "hash TEXT NOT NULL", "n INTEGER", "kind TEXT", "number_symbol TEXT", "date TEXT", "issuer TEXT",
        "subject TEXT", "text TEXT",
    ],
    "deadlines": [
        "hash TEXT NOT NULL", "n INTEGER", "text TEXT", "recurrence TEXT", "day INTEGER", "month INTEGER",
        "year INTEGER", "is_report INTEGER", "agency TEXT", "task_id TEXT",
    ],
    "warnings": [
        "hash TEXT NOT NULL", "n INTEGER", "code TEXT", "message TEXT", "paragraph INTEGER", "page INTEGER",
    ],
}
# The errors table (one row per failed document or refused zip; keyed by hash and path).
ERRORS_COLUMNS = ["hash TEXT NOT NULL DEFAULT ''", "path TEXT NOT NULL", "kind TEXT", "reason TEXT NOT NULL", "at TEXT"]
# Flat tables written per document (documents first); `errors` and `fts` are handled separately.
CHILD_TABLES = ["targets", "responsibilities", "legal_bases", "deadlines", "warnings"]
EXPORT_TABLES = ["documents", *CHILD_TABLES, "errors"]

SCHEMA_SQL = "\n".join(
    [f"CREATE TABLE {name} ({', '.join(cols)});" for name, cols in TABLES.items()]
    + [f"CREATE INDEX {t}_hash ON {t}(hash);" for t in CHILD_TABLES]
    + [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);",
        f"CREATE TABLE errors ({', '.join(ERRORS_COLUMNS)}, PRIMARY KEY (hash, path));",
        "CREATE INDEX targets_year ON targets(year);",
        "CREATE INDEX responsibilities_role ON responsibilities(role);",
        # `plain` is the accent-insensitive column (strip_accents of title + text): "ke hoach" finds "kế hoạch".
        "CREATE VIRTUAL TABLE fts USING fts5(hash UNINDEXED, title, text, plain,"
        " tokenize = 'unicode61 remove_diacritics 2');",
    ]
)


class ArchiveError(Exception):
    """A database that cannot be used: one line, names the file."""


def table_columns(table: str) -> list[tuple[str, str]]:
    """(name, declared SQL type) of a flat table's columns, in row order (`errors` included)."""
    decls = ERRORS_COLUMNS if table == "errors" else TABLES[table]
    return [(d.split()[0], d.split()[1].upper()) for d in decls]


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
    if name.startswith("SQLITE_FULL") or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) \
            or "disk is full" in detail:
        full = "the disk or the database is full" if what == "database" else "the disk is full"
        return ArchiveError(f"{path}: {full}{doing} ({detail}); {_KEPT} — free space and {again}")
    if name.startswith("SQLITE_READONLY") or "readonly" in detail or "read-only" in detail \
            or (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)):
        return ArchiveError(f"{path}: {what} path is read-only{doing} ({detail})")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return ArchiveError(f"{path}: database is locked by another process (another `kehoach batch` on the same "
                            f"--db?){doing} ({detail})")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return ArchiveError(f"{path}: database file is damaged{doing} ({detail})")
    if name.startswith("SQLITE_IOERR") or (isinstance(exc, OSError) and exc.errno == errno.EIO):
        return ArchiveError(f"{path}: disk I/O error{doing} ({detail}); {_KEPT} — check the disk and {again}")
    if name.startswith("SQLITE_CANTOPEN") or isinstance(exc, OSError):
        return ArchiveError(f"{path}: cannot write the {what}{doing} ({detail})")
    return ArchiveError(f"{path}: {what} error{doing} ({detail}); {_KEPT}")


def _columns(table: str) -> int:
    return len(TABLES[table])


def _insert_sql(table: str) -> str:
    if table == "fts":
        return "INSERT INTO fts (hash, title, text, plain) VALUES (?, ?, ?, ?)"
    return f"INSERT INTO {table} VALUES ({', '.join('?' * _columns(table))})"


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
                [("app", APP), ("archive_version", ARCHIVE_VERSION), ("plan_schema_version", SCHEMA_VERSION),
                 ("created_at", time.strftime("%Y-%m-%dT%H:%M:%S"))],
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
        """Insert one document and its rows atomically; False when it was already there."""
        c = self.conn
        h = rows["documents"][0][0]
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE hash = ?", (h,)).fetchone():
                c.execute("ROLLBACK")
                return False
            for table in ["documents", *CHILD_TABLES, "fts"]:
                if rows.get(table):
                    c.executemany(_insert_sql(table), rows[table])
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
    """Open an archive read-only (`mode=ro` URI, query_only) after checking it is one of ours."""
    p = Path(path)
    if not p.is_file():
        raise ArchiveError(f"{p}: no such database file")
    uri = f"file:{quote(str(p.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise ArchiveError(f"{p}: cannot open database read-only ({exc})") from exc
    if not check_version(conn, str(p)):
        conn.close()
        raise ArchiveError(f"{p}: empty database, not a kehoach batch archive")
    from ..normalize import strip_accents

    conn.create_function("fold", 1, lambda s: None if s is None else strip_accents(str(s)).casefold(), deterministic=True)
    conn.create_function("excerpt", 2, excerpt, deterministic=True)
    return conn


def excerpt(text: str | None, words: str | None, width: int = 70) -> str | None:
    """The original text around the first accent-insensitive match of `words` (for search results)."""
    import re
    import unicodedata

    from ..normalize import strip_accents

    if not text or not words:
        return None
    text = unicodedata.normalize("NFC", text)
    folded = strip_accents(text).casefold()
    if len(folded) != len(text):  # offsets would not line up: show the folded text instead
        text = folded
    parts = [re.escape(w) for w in re.findall(r"\w+", strip_accents(words).casefold())]
    m = re.search(r"\W+".join(parts), folded) if parts else None
    if m is None:
        return None
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
