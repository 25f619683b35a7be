"""Tra cứu kho văn bản: accent-insensitive search of a `kehoach batch` archive, opened read-only, with filters
(year, agency, role, document type), excerpts, and each document's outline."""

from __future__ import annotations

import sqlite3
from pathlib import PurePath

from fastapi import APIRouter, HTTPException, Request

from .. import vi
from ..common import render

router = APIRouter()
PAGE = "archive.html"
ROLES = ("standing", "lead", "coordinate", "requested", "assigned")
LIMIT = 50


def _connect(request: Request) -> sqlite3.Connection:
    from extract.batch import ArchiveError, connect_readonly

    db = request.app.state.settings.db
    if db is None:
        raise HTTPException(404)
    try:
        return connect_readonly(db)
    except ArchiveError as exc:
        raise HTTPException(503, detail=str(exc)) from None


def search(
    conn: sqlite3.Connection, q: str = "", year: str = "", agency: str = "", role: str = "", doc_type: str = ""
) -> list[dict]:
    """Documents matching every filter given; best full-text matches first, else the newest first."""
    from extract.batch.query import fts_phrase
    from extract.normalize import fold

    words = fold(q).split()
    cols = (
        "d.id, d.path, d.title, d.doc_type, d.issuing_body, d.number_symbol, d.date, d.n_targets, "
        "d.n_responsibilities, excerpt(d.text, ?)"
    )
    params: list = [q if words else None]
    sql = f"SELECT {cols} FROM documents d"
    where: list[str] = []
    if words:
        sql += " JOIN fts ON fts.rowid = d.id"
        where.append("fts MATCH ?")
        params.append(fts_phrase(q))
    if year.strip().isdigit():
        where.append("substr(d.date, 1, 4) = ?")
        params.append(year.strip())
    if doc_type:
        where.append("d.doc_type = ?")
        params.append(doc_type)
    if agency.strip() or role:
        cond = ["r.hash = d.hash"]
        if agency.strip():
            cond.append("(instr(fold(r.agency_normalized), ?) > 0 OR instr(fold(r.agency), ?) > 0)")
            params += [fold(agency.strip())] * 2
        if role in ROLES:
            cond.append("r.role = ?")
            params.append(role)
        where.append(f"EXISTS (SELECT 1 FROM responsibilities r WHERE {' AND '.join(cond)})")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (" ORDER BY rank" if words else " ORDER BY d.date DESC, d.id") + f" LIMIT {LIMIT}"
    rows = conn.execute(sql, params).fetchall()
    keys = (
        "id",
        "path",
        "title",
        "doc_type",
        "issuing_body",
        "number_symbol",
        "date",
        "n_targets",
        "n_responsibilities",
        "excerpt",
    )
    out = []
    for row in rows:
        item = dict(zip(keys, row))
        item["name"] = PurePath(item["path"].split("!")[-1]).name
        out.append(item)
    return out


def _choices(conn: sqlite3.Connection) -> dict:
    years = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT substr(date, 1, 4) AS y FROM documents WHERE date IS NOT NULL ORDER BY y DESC"
        )
    ]
    types = [
        r[0]
        for r in conn.execute("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL ORDER BY doc_type")
    ]
    total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return {
        "years": [y for y in years if y and y.isdigit()],
        "types": types,
        "total": total,
        "roles": [(r, vi.role(r)) for r in ROLES],
    }


@router.get("/archive")
def archive(request: Request, q: str = "", year: str = "", agency: str = "", role: str = "", doc_type: str = ""):
    conn = _connect(request)
    try:
        asked = any((q.strip(), year, agency.strip(), role, doc_type))
        results = search(conn, q, year, agency, role, doc_type) if asked else []
        return render(
            request,
            PAGE,
            asked=asked,
            results=results,
            limit=LIMIT,
            form={"q": q, "year": year, "agency": agency, "role": role, "doc_type": doc_type},
            **_choices(conn),
        )
    finally:
        conn.close()


@router.get("/archive/doc/{doc_id}")
def archive_doc(request: Request, doc_id: int):
    from extract.batch.store import load_plan

    from ..views import outline

    conn = _connect(request)
    try:
        row = conn.execute("SELECT hash, path, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise HTTPException(404)
        plan = load_plan(conn, row[0])
    finally:
        conn.close()
    text = plan.text or row[2] or ""
    return render(
        request,
        "archive_doc.html",
        plan=plan,
        outline=outline(plan),
        text=text,
        name=PurePath(row[1].split("!")[-1]).name,
    )
