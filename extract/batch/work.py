"""The extraction function every engine maps over documents: one task in, one picklable result out.

It runs in a worker process (local pool) or on a Dask worker, never touches the database, and never raises:
a document that cannot be read or extracted comes back as an error result with a one-line reason. The rows
for the flat tables are built here, in the worker, so the driver only has to insert them.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Task:
    """One unique document. `data` is set for zip members (bytes read by the driver); else `path` is read."""

    hash: str
    display: str  # the path shown and stored: a file path, or 'archive.zip!member' for zip members
    size: int
    path: str | None = None
    data: bytes | None = None
    name: str | None = None  # file name (for the suffix) when `data` is given


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read(task: Task):
    from ..readers import read_document

    if task.data is None:
        doc = read_document(task.path)
    else:
        suffix = Path(task.name or task.display).suffix
        fd, tmp = tempfile.mkstemp(prefix="kehoach-batch-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(task.data)
            doc = read_document(tmp)
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    doc.path = task.display
    return doc


def _spacy_zone():
    """spaCy's memory zone around one document: the strings and lexemes its new tokens add to the shared
    vocabulary are dropped when the document is done. Without it `nlp.vocab.strings` grows with every token
    never seen before (document numbers, place and person names, …), ~0.3 KB each, for the life of the worker.
    The extractor keeps no spaCy object past `find_agencies` (it returns plain offsets and strings), so
    nothing outlives the zone. A no-op before spaCy 3.8 (no memory zones) or before spaCy is loaded."""
    import contextlib

    from .. import agencies  # light: spaCy itself is imported by nlp()

    try:
        if agencies.nlp.cache_info().currsize:
            zone = getattr(agencies.nlp(), "memory_zone", None)
            if zone is not None:
                return zone()
    except Exception:  # never let memory bookkeeping fail a document
        pass
    return contextlib.nullcontext()


def process_task(task: Task) -> dict:
    """Read + extract one document; return {'ok': True, 'rows': …} or {'ok': False, 'reason': …}."""
    from ..blocks import ReadError
    from ..pipeline import extract_document

    started = time.perf_counter()
    base = {"hash": task.hash, "path": task.display}
    try:
        with _spacy_zone():
            doc = _read(task)
            plan = extract_document(doc)
            rows = plan_rows(plan, task)
    except ReadError as exc:
        reason = exc.problem
        return {
            **base,
            "ok": False,
            "kind": "read",
            "reason": one_line(reason),
            "elapsed": time.perf_counter() - started,
        }
    except Exception as exc:  # one bad document never stops the batch
        return {
            **base,
            "ok": False,
            "kind": "extract",
            "reason": one_line(f"{type(exc).__name__}: {exc}"),
            "elapsed": time.perf_counter() - started,
        }
    return {
        **base,
        "ok": True,
        "rows": rows,
        "n_warnings": len(plan.warnings),
        "elapsed": time.perf_counter() - started,
    }


def plan_rows(plan, task: Task) -> dict[str, list[tuple]]:
    """The rows of every flat table for one plan (column order as in `store.TABLES`; `documents` without its
    `id`). What costs — the JSON and its compression — is done here, in the worker: the driver, the one
    serial stage, only inserts (and indexes the text, `store.insert_rows`)."""
    from .store import pack_plan

    h = task.hash
    hd = plan.header
    plan_blob, plan_size = pack_plan(plan.model_dump_json())
    text = plan.text
    rows: dict[str, list[tuple]] = {
        "documents": [
            (
                h,
                task.display,
                plan.format,
                task.size,
                hd.doc_type,
                hd.number_symbol,
                hd.issuing_body,
                hd.governing_body,
                hd.level,
                hd.place,
                hd.date,
                hd.title,
                len(plan.targets),
                len(plan.responsibilities),
                len(plan.legal_bases),
                len(plan.deadlines),
                len(plan.warnings),
                text,
                plan_blob,
                plan_size,
            )
        ],
        "targets": [
            (
                h,
                t.id,
                t.section,
                t.indicator,
                t.value,
                t.value_max,
                t.unit,
                t.qualifier,
                t.year,
                t.text,
                t.source.paragraph,
                t.source.page,
            )
            for t in plan.targets
        ],
        "responsibilities": [
            (
                h,
                r.id,
                r.agency,
                r.agency_normalized,
                r.role,
                r.heading,
                r.section,
                len(r.tasks),
                "\n".join(tk.text for tk in r.tasks),
                r.source.paragraph,
                r.source.page,
            )
            for r in plan.responsibilities
        ],
        "legal_bases": [
            (h, i, lb.kind, lb.number_symbol, lb.date, lb.issuer, lb.subject, lb.text)
            for i, lb in enumerate(plan.legal_bases, start=1)
        ],
        "deadlines": [
            (h, i, d.text, d.recurrence, d.day, d.month, d.year, int(d.is_report), d.agency, d.task_id)
            for i, d in enumerate(plan.deadlines, start=1)
        ],
        "warnings": [
            (h, i, w.code, w.message, w.source.paragraph if w.source else None, w.source.page if w.source else None)
            for i, w in enumerate(plan.warnings, start=1)
        ],
    }
    return rows
