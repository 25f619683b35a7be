"""Read-only access to an archive: how it is opened, and what SQL may do through that connection.

`mode=ro` keeps SQLite from writing the archive, but a statement can still make *other* files: `ATTACH DATABASE
'x.db'` and `VACUUM INTO 'x.db'` create them (empty, on a read-only connection). The authorizer below refuses
those while the statement is prepared, before SQLite touches the file system, and lets through only pragmas that
report. An archive in WAL mode needs its `-shm`/`-wal` files even to be read; in a folder the user cannot write
(a read-only share, a CD, a mounted backup) they cannot be made, so such an archive is opened as immutable.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

# Pragmas that only report; those in SETTABLE change something when given a value (`PRAGMA user_version = 3`).
REPORTING_PRAGMAS = frozenset(
    {
        "application_id",
        "collation_list",
        "compile_options",
        "data_version",
        "database_list",
        "encoding",
        "foreign_key_list",
        "freelist_count",
        "function_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "journal_mode",
        "module_list",
        "page_count",
        "page_size",
        "pragma_list",
        "schema_version",
        "table_info",
        "table_list",
        "table_xinfo",
        "user_version",
    }
)
SETTABLE = frozenset({"application_id", "encoding", "journal_mode", "page_size", "schema_version", "user_version"})


class QueryRefused(Exception):
    """A statement refused before SQLite ran it. `str()` is the reason, in one line."""


class GuardedConnection(sqlite3.Connection):
    """A connection that only reads: its authorizer refuses statements that would open or write other files,
    and remembers why (SQLite itself only says "not authorized")."""

    refused: str | None = None

    def guard(self) -> None:
        self.set_authorizer(self._authorize)

    def _authorize(self, action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None) -> int:
        if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
            self.refused = "ATTACH, DETACH and VACUUM INTO are refused: a query only reads the archive"
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_PRAGMA:
            name = (arg1 or "").lower()
            if name not in REPORTING_PRAGMAS or (name in SETTABLE and arg2 is not None):
                self.refused = f"PRAGMA {name} is refused: a query only reads the archive"
                return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK


def run_guarded(
    conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Column names and rows of `sql`; the authorizer's refusal becomes `QueryRefused` with its reason (it can
    come while rows are fetched: a full-text index prepares its own statements then)."""
    if isinstance(conn, GuardedConnection):
        conn.refused = None
    try:
        cur = conn.execute(sql, params)
        cols = [d[0] for d in cur.description or []]
        return cols, cur.fetchall()
    except sqlite3.DatabaseError:
        reason = getattr(conn, "refused", None)
        if reason:
            raise QueryRefused(reason) from None
        raise


def _uri(path: Path, immutable: bool) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")


def _cannot_make_wal_files(exc: sqlite3.Error, path: Path) -> bool:
    """Did opening fail because the `-shm`/`-wal` files of a WAL archive cannot be created next to it?"""
    name = getattr(exc, "sqlite_errorname", "") or ""
    cantopen = name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in str(exc)
    return cantopen and not os.access(path.parent, os.W_OK)


def open_readonly(path: Path) -> tuple[GuardedConnection, bool]:
    """The archive opened read-only (and whether as immutable). Raises sqlite3.Error, or `QueryRefused` when
    an immutable open would ignore unfinished changes in the `-wal` file."""
    conn = sqlite3.connect(_uri(path, False), uri=True, factory=GuardedConnection)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _cannot_make_wal_files(exc, path):
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise QueryRefused(
            f"the folder is read-only and {wal.name} holds changes not yet in the archive; "
            "copy the archive with its -wal file to a folder you can write"
        )
    return sqlite3.connect(_uri(path, True), uri=True, factory=GuardedConnection), True
