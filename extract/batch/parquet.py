"""`kehoach batch --out DIR`: the archive as partitioned Parquet, for archives too big for one SQLite file.

Layout: one folder per table (documents, targets, responsibilities, legal_bases, deadlines, warnings, errors;
the columns of the SQLite tables as exported, `store.export_columns`: `documents` has the plan as JSON text,
`plan_json`), and in each one file per *part* — a group of
documents processed together (by one Dask task, or buffered by the local driver):

    DIR/documents/part-<id>.parquet   DIR/targets/part-<id>.parquet   …   DIR/errors/part-<id>.parquet

Every folder reads as one table: `pyarrow.parquet.read_table("DIR/targets")`, `duckdb "SELECT … FROM
'DIR/targets/*.parquet'"`, `pandas.read_parquet("DIR/targets")`.

A part is committed by its `documents` file: all files of a part are first written to hidden temp names
(`.part-<id>.parquet.tmp`, fsynced), then renamed — the child tables first, `documents` last. A kill at any
point leaves either a complete part or hidden temp files and child files without a `documents` file; the next
run deletes both (`ParquetStore.__init__`) and redoes those documents. Documents whose hash has a committed
part (or a recorded error) are skipped on a rerun. One run at a time per DIR (a lock file enforces it).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from .store import CHILD_TABLES, EXPORT_TABLES, ArchiveError, export_columns, export_row

TABLES = EXPORT_TABLES  # documents, the child tables, errors
PART_ORDER = [*CHILD_TABLES, "errors", "documents"]  # rename order: `documents` commits the part
LOCK = ".kehoach-batch.lock"


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency of the batch extra
        raise ArchiveError("--out needs pyarrow: pip install pyarrow (or use --db)") from exc
    return pa, pq


def arrow_schema(table: str):
    pa, _ = _pa()
    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(name, kinds.get(decl, pa.string())) for name, decl in export_columns(table)])


def new_part_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"


def part_path(out: Path, table: str, part: str) -> Path:
    return out / table / f"part-{part}.parquet"


def _tmp_path(out: Path, table: str, part: str) -> Path:
    return out / table / f".part-{part}.parquet.tmp"


def error_row(h: str | None, path: str, kind: str, reason: str) -> tuple:
    return (h or "", path, kind, reason, time.strftime("%Y-%m-%dT%H:%M:%S"))


def write_part(out: str | Path, part: str, rows: dict[str, list[tuple]]) -> None:
    """Write one part atomically (see the module doc). `rows`: table → worker row tuples (`work.plan_rows`;
    written as `store.export_row`); tables missing from `rows` get an empty file, so every folder always reads
    with its full schema.

    Raises ArchiveError naming the folder when the disk is full or the folder read-only; temp files are
    removed, so nothing half-written is ever visible."""
    pa, pq = _pa()
    out = Path(out)
    temps: list[tuple[Path, Path]] = []
    try:
        for table in PART_ORDER:
            schema = arrow_schema(table)
            data = [export_row(table, r) for r in rows.get(table) or []]
            cols = [pa.array([r[i] for r in data], type=f.type) for i, f in enumerate(schema)]
            tmp = _tmp_path(out, table, part)
            temps.append((tmp, part_path(out, table, part)))
            with open(tmp, "wb") as fh:
                pq.write_table(pa.Table.from_arrays(cols, schema=schema), fh)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, final in temps:  # children first, documents last: the commit
            os.replace(tmp, final)
        temps = []
        _fsync_dir(out / "documents")
    except OSError as exc:
        from .store import archive_error

        raise archive_error(exc, out, "writing a Parquet part", what="output folder") from exc
    finally:
        for tmp, _ in temps:
            try:
                tmp.unlink()
            except OSError:
                pass


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _hash_key(h: str) -> bytes | str:
    try:
        return bytes.fromhex(h)  # half the memory of the hex string
    except ValueError:
        return h


class ParquetStore:
    """The driver's side of `--out DIR`: clean up after a kill, know which documents are done, and (local
    engine) buffer worker results into parts of `part_size` documents. Mirrors `store.Archive` for the runner:
    has_document / has_error / add_error / add_result / close."""

    def __init__(self, out: str | Path, part_size: int = 200):
        self.out = Path(out)
        self.part_size = max(1, int(part_size))
        if self.out.exists() and not self.out.is_dir():
            raise ArchiveError(f"{self.out}: exists and is not a folder (--out needs a folder)")
        parent = self.out.parent if str(self.out.parent) else Path(".")
        if not self.out.exists() and not parent.is_dir():
            raise ArchiveError(f"{self.out}: folder {parent} does not exist")
        known = {*TABLES, LOCK}
        if self.out.is_dir():
            strangers = [p.name for p in self.out.iterdir() if p.name not in known]
            if strangers:
                raise ArchiveError(
                    f"{self.out}: not a kehoach Parquet archive (contains {strangers[0]!r}); "
                    "use a new or empty --out folder"
                )
        self._lock_fh = None
        try:
            for t in TABLES:
                (self.out / t).mkdir(parents=True, exist_ok=True)
            self._lock()
            probe = self.out / "documents" / f".probe-{uuid.uuid4().hex}.tmp"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            from .store import archive_error

            raise archive_error(exc, self.out, what="output folder") from exc
        self.cleaned = self._clean()
        self.documents: set = set()
        self.errors: set = set()
        self.error_keys: set[tuple[str, str]] = set()
        self._load()
        self.buffer: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.buffered = 0  # documents + errors in the buffer

    # -- start-up -------------------------------------------------------------------------------------
    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return
        fh = open(self.out / LOCK, "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise ArchiveError(f"{self.out}: another `kehoach batch` is writing to this folder") from exc
        self._lock_fh = fh

    def committed_parts(self) -> set[str]:
        return {p.name[len("part-") : -len(".parquet")] for p in (self.out / "documents").glob("part-*.parquet")}

    def _clean(self) -> int:
        """Delete temp files and the child files of parts never committed (a kill between renames)."""
        committed = self.committed_parts()
        removed = 0
        for t in TABLES:
            for p in (self.out / t).iterdir():
                orphan = (
                    p.name.startswith("part-")
                    and p.name.endswith(".parquet")
                    and p.name[len("part-") : -len(".parquet")] not in committed
                )
                if (
                    orphan
                    or (p.name.startswith(".part-") and p.name.endswith(".tmp"))
                    or (p.name.startswith(".probe-") and p.name.endswith(".tmp"))
                ):
                    p.unlink(missing_ok=True)
                    removed += 1
        return removed

    def _load(self) -> None:
        _, pq = _pa()
        for part in sorted(self.committed_parts()):
            try:
                for h in pq.read_table(part_path(self.out, "documents", part), columns=["hash"]).column(0).to_pylist():
                    self.documents.add(_hash_key(h))
                err = pq.read_table(part_path(self.out, "errors", part), columns=["hash", "path"])
            except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) on a damaged file
                raise ArchiveError(
                    f"{part_path(self.out, 'documents', part)}: damaged Parquet part ({exc}); "
                    "delete that part's files (part-" + part + ".parquet in every folder) and run again"
                ) from exc
            for h, path in zip(err.column(0).to_pylist(), err.column(1).to_pylist()):
                self.error_keys.add((h, path))
                if h:
                    self.errors.add(_hash_key(h))

    # -- the runner's interface ------------------------------------------------------------------------
    def has_document(self, h: str) -> bool:
        return _hash_key(h) in self.documents

    def has_error(self, h: str) -> bool:
        return _hash_key(h) in self.errors

    def clear_error(self, h: str) -> None:  # a retried document: its old error row stays in its old part
        self.errors.discard(_hash_key(h))

    def add_error(self, h: str | None, path: str, kind: str, reason: str) -> None:
        """Errors found by the driver (refused zips, unreadable files) or returned by local workers."""
        if (h or "", path) in self.error_keys:  # recorded by an earlier run: not duplicated
            return
        self.error_keys.add((h or "", path))
        self.buffer["errors"].append(error_row(h, path, kind, reason))
        self._added()

    def add_result(self, res: dict) -> bool:
        """A successful worker result of the local engine (rows built by the worker); False if already stored."""
        rows = res["rows"]
        h = rows["documents"][0][0]
        if _hash_key(h) in self.documents:
            return False
        for t in ("documents", *CHILD_TABLES):
            self.buffer[t].extend(rows.get(t) or [])
        self.documents.add(_hash_key(h))
        self._added()
        return True

    def note_part(self, statuses: list[dict]) -> None:
        """A part written by a (Dask) worker: remember its documents for the rest of this run."""
        for st in statuses:
            if st.get("ok"):
                self.documents.add(_hash_key(st["hash"]))

    def _added(self) -> None:
        self.buffered += 1
        if self.buffered >= self.part_size:
            self.flush()

    def flush(self) -> None:
        if self.buffered:
            rows, self.buffer, self.buffered = self.buffer, {t: [] for t in TABLES}, 0
            write_part(self.out, new_part_id(), rows)

    def counts(self) -> dict[str, int]:
        return {"documents": len(self.documents), "errors": len(self.error_keys)}

    def close(self, flush: bool = True) -> None:
        try:
            if flush:
                self.flush()
        finally:
            if self._lock_fh is not None:
                self._lock_fh.close()
                self._lock_fh = None


def process_part(tasks: list, out: str, part: str, timeout: float | None, func: str | None = None) -> dict:
    """The Dask task of `--out`: extract a group of documents on the worker (each in the kill-able side process
    of `sidecar`, with the per-document timeout), write them as one part, and return only their statuses
    (hash, path, ok, kind, reason, n_warnings) — the rows never travel back to the driver.

    Returns {"part": id, "statuses": [...]}, or {"fatal": message} when the part cannot be written (disk full,
    read-only): nothing of it is visible then."""
    from .sidecar import run_task

    rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
    statuses = []
    for task in tasks:
        res = run_task(task, timeout, func)
        st = {k: res.get(k) for k in ("hash", "path", "ok", "kind", "reason", "n_warnings")}
        if res.get("ok"):
            for t in ("documents", *CHILD_TABLES):
                rows[t].extend(res["rows"].get(t) or [])
        else:
            rows["errors"].append(error_row(res["hash"], res["path"], res.get("kind", "error"), res["reason"]))
        statuses.append(st)
    try:
        write_part(out, part, rows)
    except ArchiveError as exc:
        return {"fatal": str(exc), "statuses": statuses}
    return {"part": part, "statuses": statuses}
