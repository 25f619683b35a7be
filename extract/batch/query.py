"""Read-only questions over an archive, and export of its tables (csv, jsonl, parquet).

Accent-insensitive matching uses the `fold()` SQL function registered by `connect_readonly` (strip accents,
đ → d, casefold) and, for full-text search, the `plain` column of the FTS5 index.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import ExitStack
from pathlib import Path

from ..cells import csv_value
from ..fileio import check_output, check_output_folder, staged_output
from ..normalize import fold
from .readonly import run_guarded
from .store import EXPORT_TABLES, export_select


def fts_phrase(text: str) -> str:
    """A user's words as an FTS5 query over the accent-insensitive column: all words, as a phrase."""
    words = fold(text).replace('"', " ").split()
    return "plain : " + '"' + " ".join(words) + '"'


def run_sql(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> tuple[list[str], list[tuple]]:
    """Columns and rows of a read-only query; raises `QueryRefused` for a statement that would open or write
    other files (on a connection from `connect_readonly`), sqlite3.Error for the rest."""
    return run_guarded(conn, sql, params)


def shorthand(
    targets: bool = False,
    year: int | None = None,
    contains: str | None = None,
    agency: str | None = None,
    role: str | None = None,
    search: str | None = None,
    limit: int = 50,
) -> tuple[str, tuple]:
    """SQL for the common questions. `--targets/--year/--contains` → targets; `--agency/--role` →
    responsibilities; `--search` → documents by full text (combinable with the others as a filter)."""
    params: list = []
    where: list[str] = []
    fts_join = ""
    if search:
        fts_join = " JOIN fts ON fts.rowid = d.id"
        where.append("fts MATCH ?")
        params.append(fts_phrase(search))
    if targets or year is not None or (contains and not agency and not role):
        if year is not None:
            where.append("t.year = ?")
            params.append(year)
        if contains:
            where.append("instr(fold(t.indicator || ' ' || t.text), ?) > 0")
            params.append(fold(contains))
        sql = (
            "SELECT d.path, t.indicator, t.value, t.unit, t.qualifier, t.year, t.text FROM targets t"
            f" JOIN documents d ON d.hash = t.hash{fts_join}"
        )
        order = " ORDER BY d.path, t.rowid"
    elif agency or role:
        if agency:
            where.append("(instr(fold(r.agency_normalized), ?) > 0 OR instr(fold(r.agency), ?) > 0)")
            params += [fold(agency), fold(agency)]
        if role:
            where.append("r.role = ?")
            params.append(role)
        if contains:
            where.append("instr(fold(r.tasks), ?) > 0")
            params.append(fold(contains))
        sql = (
            "SELECT d.path, d.title, r.agency_normalized AS agency, r.role, r.n_tasks FROM responsibilities r"
            f" JOIN documents d ON d.hash = r.hash{fts_join}"
        )
        order = " ORDER BY d.path, r.rowid"
    elif search:
        sql = f"SELECT d.path, d.title, excerpt(d.text, ?) AS excerpt FROM documents d{fts_join}"
        params.insert(0, search)
        order = " ORDER BY rank"
    else:
        raise ValueError("give SQL or one of --targets, --year, --contains, --agency, --role, --search")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += order
    if limit and limit > 0:
        sql += f" LIMIT {int(limit)}"
    return sql, tuple(params)


def export_paths(outdir: Path, fmt: str) -> list[Path]:
    """The files `export_tables` writes: OUTDIR/<table>.<fmt>, one per table."""
    return [outdir / f"{t}.{fmt}" for t in EXPORT_TABLES]


def export_tables(conn: sqlite3.Connection, fmt: str, outdir: Path, force: bool = False) -> list[Path]:
    """Write each table to OUTDIR/<table>.<fmt>. Every file is staged under a temporary name and all are renamed
    only when every table is written, so a failure leaves no half-written export. Refuses to overwrite unless
    `force` (raises `OutputError`, one line naming the file)."""
    if fmt not in ("csv", "jsonl", "parquet"):
        raise ValueError(f"unknown format '{fmt}' (csv, jsonl, parquet)")
    pa = pq = None
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise ValueError("--format parquet needs pyarrow: pip install pyarrow (or use csv / jsonl)") from exc
    check_output_folder(outdir)
    finals = export_paths(outdir, fmt)
    for final in finals:  # all refusals before the first row is read
        check_output(final, force)
    with ExitStack() as stack:
        for table, final in zip(EXPORT_TABLES, finals):
            tmp = stack.enter_context(staged_output(final, force))
            cur = conn.execute(export_select(table))
            cols = [d[0] for d in cur.description]
            if fmt == "csv":
                with open(tmp, "w", newline="", encoding="utf-8") as fh:
                    w = csv.writer(fh)
                    w.writerow(cols)
                    while rows := cur.fetchmany(1000):  # text Excel would evaluate is kept as text
                        w.writerows([csv_value(v) for v in row] for row in rows)
            elif fmt == "jsonl":
                with open(tmp, "w", encoding="utf-8") as fh:
                    while rows := cur.fetchmany(1000):
                        for row in rows:
                            fh.write(json.dumps(dict(zip(cols, row)), ensure_ascii=False) + "\n")
            else:
                schema = _arrow_schema(conn, table, cols, pa)
                with pq.ParquetWriter(tmp, schema) as writer:
                    while rows := cur.fetchmany(2000):
                        data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
                        writer.write_table(pa.table(data, schema=schema))
    return finals


def _arrow_schema(conn, table, cols, pa):
    declared = {r[1]: (r[2] or "").upper() for r in conn.execute(f"PRAGMA table_info({table})")}
    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(c, kinds.get(declared.get(c, ""), pa.string())) for c in cols])
