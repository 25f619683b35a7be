"""The results workbook: what `results-template` writes, agencies fill in, `results-merge` merges and
`report` reads.

Sheets (xlsx):
    "Chỉ tiêu"   one row per target: Mã | Chỉ tiêu | Mục tiêu | Đơn vị | Năm | Kết quả | Trạng thái | Ghi chú |
                 Quy tắc tổng hợp | Mẫu số | Dung sai
    "Nhiệm vụ"   one row per task per agency: Mã | Cơ quan | Nhiệm vụ | Thời hạn | Trạng thái | Ghi chú
    "_kehoach"   hidden: format, version, plan_id (hash of the plan's number and title), plan number and title,
                 reporting unit.
A .csv holds the same three tables as blocks: a line "[kehoach]", "[Chỉ tiêu]" or "[Nhiệm vụ]", then a header
row and data rows.

Every problem is a `ResultsError` with one line naming the file, sheet, row and column.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from extract.cells import append_row, csv_unquote, csv_value

from .verdict import DOING, DONE, NOT_STARTED, STATUSES

FORMAT = "kehoach-results"
VERSION = "1"
SHEET_TARGETS = "Chỉ tiêu"
SHEET_TASKS = "Nhiệm vụ"
SHEET_META = "_kehoach"

# (title, key, required)
TARGET_COLUMNS = [
    ("Mã", "id", True),
    ("Chỉ tiêu", "indicator", True),
    ("Mục tiêu", "target", True),
    ("Đơn vị", "unit", True),
    ("Năm", "year", True),
    ("Kết quả", "result", True),
    ("Trạng thái", "status", False),
    ("Ghi chú", "note", True),
    ("Quy tắc tổng hợp", "rule", False),
    ("Mẫu số", "denominator", False),
    ("Dung sai", "tolerance", False),
]
TASK_COLUMNS = [
    ("Mã", "id", True),
    ("Cơ quan", "agency", True),
    ("Nhiệm vụ", "task", True),
    ("Thời hạn", "deadline", False),
    ("Trạng thái", "status", True),
    ("Ghi chú", "note", False),
]
RULE_SUM, RULE_AVG, RULE_WEIGHTED = "tổng", "trung bình", "bình quân gia quyền"
RULES = (RULE_SUM, RULE_AVG, RULE_WEIGHTED)
_RULE_ALIASES = {
    "sum": RULE_SUM,
    "tổng": RULE_SUM,
    "tong": RULE_SUM,
    "cộng": RULE_SUM,
    "avg": RULE_AVG,
    "average": RULE_AVG,
    "mean": RULE_AVG,
    "trung bình": RULE_AVG,
    "trung binh": RULE_AVG,
    "weighted": RULE_WEIGHTED,
    "bình quân gia quyền": RULE_WEIGHTED,
    "gia quyền": RULE_WEIGHTED,
    "binh quan gia quyen": RULE_WEIGHTED,
}
_STATUS_ALIASES = {s: s for s in STATUSES} | {
    "đã hoàn thành": DONE,
    "xong": DONE,
    "done": DONE,
    "đang triển khai": DOING,
    "doing": DOING,
    "chưa triển khai": NOT_STARTED,
    "chưa": NOT_STARTED,
    "todo": NOT_STARTED,
}


class ResultsError(Exception):
    """A results file that cannot be used; `str()` is one line with file, sheet, row and column."""


@dataclass
class TargetRow:
    id: str
    indicator: str = ""
    target: str = ""
    unit: str = ""
    year: str = ""
    result: float | None = None
    status: str | None = None
    note: str = ""
    rule: str = RULE_SUM
    denominator: float | None = None
    tolerance: float | None = None
    row: int = 0
    result_text: str = ""  # the written result of a qualitative target


@dataclass
class TaskRow:
    id: str
    agency: str = ""
    task: str = ""
    deadline: str = ""
    status: str | None = None
    note: str = ""
    row: int = 0


@dataclass
class Results:
    meta: dict[str, str] = field(default_factory=dict)
    targets: list[TargetRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    source: str = ""

    @property
    def unit(self) -> str:
        return self.meta.get("unit") or Path(self.source).stem


# ------------------------------------------------------------------------------------------ plan → sheet


def plan_id(plan) -> str:
    h = plan.header
    key = f"{(h.number_symbol or '').strip()}\n{' '.join((h.title or '').split())}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    if float(v).is_integer():
        return str(int(v))
    return f"{v:g}".replace(".", ",")


_QUAL_WORDS = {
    "at_least": "Ít nhất",
    "about": "Khoảng",
    "strive": "Phấn đấu",
    "reach": "Đạt",
    "all": "",
    "at_most": "Không quá",
    "exact": "",
}


def target_text(t) -> str:
    """The target as printed: 'Ít nhất 43', 'Khoảng 50', '50 - 55', 'Không quá 2'; '' for a qualitative one."""
    if t.value is None:
        return ""
    q = getattr(t.qualifier, "value", t.qualifier)
    if t.value_max is not None:
        text = f"{_fmt(t.value)} - {_fmt(t.value_max)}"
        return f"Không quá {text}" if q == "at_most" else text
    word = _QUAL_WORDS.get(q or "exact", "")
    return f"{word} {_fmt(t.value)}".strip()


def default_rule(t) -> str:
    return RULE_WEIGHTED if (t.unit or "").strip() == "%" else RULE_SUM


def plan_tasks(plan):
    """(responsibility, task) pairs: one row per task per agency."""
    for r in plan.responsibilities:
        for t in r.tasks:
            yield r, t


def template_results(plan, unit: str = "") -> Results:
    h = plan.header
    res = Results(
        meta={
            "format": FORMAT,
            "version": VERSION,
            "plan_id": plan_id(plan),
            "plan_number": h.number_symbol or "",
            "plan_title": h.title or "",
            "unit": unit,
        }
    )
    for t in plan.targets:
        res.targets.append(
            TargetRow(
                id=t.id,
                indicator=t.indicator,
                target=target_text(t),
                unit=t.unit or "",
                year=str(t.year or ""),
                rule=default_rule(t),
                status=None,
                tolerance=None,
            )
        )  # blank: the report's relative tolerance applies unless the unit sets its own
    for r, t in plan_tasks(plan):
        res.tasks.append(
            TaskRow(id=t.id, agency=r.agency, task=t.text, deadline="; ".join(d.text for d in t.deadlines))
        )
    return res


# ------------------------------------------------------------------------------------------------ write


def _target_values(t: TargetRow) -> list:
    result = t.result if t.result is not None else (t.result_text or None)
    return [
        t.id,
        t.indicator,
        t.target,
        t.unit,
        int(t.year) if t.year.isdigit() else t.year,
        result,
        t.status,
        t.note,
        t.rule,
        t.denominator,
        t.tolerance,
    ]


def _task_values(t: TaskRow) -> list:
    return [t.id, t.agency, t.task, t.deadline, t.status, t.note]


def xlsx_bytes(res: Results) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws, columns, rows, widths, lists):
        ws.append([c[0] for c in columns])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        for values in rows:
            append_row(ws, [("" if v is None else v) if i < 1 else v for i, v in enumerate(values)])
        for i, w in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = w
        for row in ws.iter_rows(min_row=2, max_col=3):
            for cell in row:
                cell.alignment = wrap
        ws.freeze_panes = "A2"
        last = max(ws.max_row, 2)
        for key, options in lists.items():
            col = chr(65 + [c[1] for c in columns].index(key))
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(options) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ",
                error="Chọn một giá trị trong danh sách",
            )
            dv.add(f"{col}2:{col}{last}")
            ws.add_data_validation(dv)

    ws = wb.active
    ws.title = SHEET_TARGETS
    sheet(
        ws,
        TARGET_COLUMNS,
        [_target_values(t) for t in res.targets],
        [8, 50, 16, 10, 8, 12, 16, 24, 20, 10, 10],
        {"status": STATUSES, "rule": RULES},
    )
    sheet(
        wb.create_sheet(SHEET_TASKS),
        TASK_COLUMNS,
        [_task_values(t) for t in res.tasks],
        [8, 30, 60, 20, 18, 24],
        {"status": STATUSES},
    )
    meta = wb.create_sheet(SHEET_META)
    for k, v in res.meta.items():
        append_row(meta, [k, v])
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(res: Results) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["[kehoach]"])
    for k, v in res.meta.items():
        w.writerow([csv_value(k), csv_value(v)])
    w.writerow([])
    w.writerow([f"[{SHEET_TARGETS}]"])
    w.writerow([c[0] for c in TARGET_COLUMNS])
    for t in res.targets:
        w.writerow(["" if v is None else csv_value(v) for v in _target_values(t)])
    w.writerow([])
    w.writerow([f"[{SHEET_TASKS}]"])
    w.writerow([c[0] for c in TASK_COLUMNS])
    for t in res.tasks:
        w.writerow(["" if v is None else csv_value(v) for v in _task_values(t)])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens Vietnamese text correctly


def results_bytes(res: Results, suffix: str) -> bytes:
    suffix = suffix.lower()
    if suffix == ".xlsx":
        return xlsx_bytes(res)
    if suffix == ".csv":
        return csv_text(res).encode("utf-8")
    raise ResultsError(f"unknown results format {suffix or '(none)'!r}; use .xlsx or .csv")


# ------------------------------------------------------------------------------------------------- read


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


_NUM = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_NUM_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


def parse_number(value) -> float | None:
    """A cell as a number: numbers, '45', '45,5', '45.5', '1.234,5', '45%'. None for blank; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = " ".join(str(value).replace("\u00a0", " ").split()).rstrip("%").strip().replace(" ", "")
    if not text:
        return None
    if _NUM_THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NUM.match(text):
        return float(text.replace(",", "."))
    raise ValueError


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


class _Table:
    """Rows of one sheet addressed by column key, with error locations."""

    def __init__(self, source: str, sheet: str, rows: list[tuple[int, list]], columns):
        self.source, self.sheet = source, sheet
        if not rows:
            raise ResultsError(f"{source}: sheet '{sheet}' is empty (no header row)")
        header_row, header = rows[0]
        titles = [_text(h).lower() for h in header]
        self.index: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        for title, key, required in columns:
            if title.lower() in titles:
                self.index[key] = titles.index(title.lower())
                self.titles[key] = title
            elif required:
                raise ResultsError(f"{source}: sheet '{sheet}', row {header_row}: column '{title}' is missing")
        self.rows = [(n, r) for n, r in rows[1:] if any(_text(v) for v in r)]

    def get(self, row: list, key: str):
        i = self.index.get(key)
        return row[i] if i is not None and i < len(row) else None

    def where(self, n: int, key: str) -> str:
        i = self.index.get(key, 0)
        return f"{self.source}: sheet '{self.sheet}', row {n}, column {_col_letter(i)} ({self.titles.get(key, key)})"

    def number(self, n: int, row: list, key: str) -> float | None:
        value = self.get(row, key)
        try:
            return parse_number(value)
        except ValueError:
            raise ResultsError(f"{self.where(n, key)}: {_text(value)!r} is not a number") from None

    def status(self, n: int, row: list, key: str = "status") -> str | None:
        text = _text(self.get(row, key)).lower()
        if not text:
            return None
        if text not in _STATUS_ALIASES:
            raise ResultsError(f"{self.where(n, key)}: {text!r} is not a status (use: {', '.join(STATUSES)})")
        return _STATUS_ALIASES[text]


def _results_from_tables(source: str, meta: dict[str, str], targets: _Table, tasks: _Table) -> Results:
    res = Results(meta=meta, source=source)
    seen: dict[str, int] = {}
    for n, row in targets.rows:
        tid = _text(targets.get(row, "id"))
        if not tid:
            raise ResultsError(f"{targets.where(n, 'id')}: the id is empty")
        if tid in seen:
            raise ResultsError(f"{targets.where(n, 'id')}: id {tid!r} repeats row {seen[tid]}")
        seen[tid] = n
        rule_text = _text(targets.get(row, "rule")).lower()
        if rule_text and rule_text not in _RULE_ALIASES:
            raise ResultsError(f"{targets.where(n, 'rule')}: {rule_text!r} is not a rule (use: {', '.join(RULES)})")
        target_text_ = _text(targets.get(row, "target"))
        t = TargetRow(
            id=tid,
            indicator=_text(targets.get(row, "indicator")),
            target=target_text_,
            unit=_text(targets.get(row, "unit")),
            year=_text(targets.get(row, "year")),
            status=targets.status(n, row),
            note=_text(targets.get(row, "note")),
            rule=_RULE_ALIASES.get(rule_text, ""),
            denominator=targets.number(n, row, "denominator"),
            tolerance=targets.number(n, row, "tolerance"),
            row=n,
        )
        if target_text_:  # quantitative: the result must be a number
            t.result = targets.number(n, row, "result")
        else:
            t.result_text = _text(targets.get(row, "result"))
        if t.tolerance is not None and t.tolerance < 0:
            raise ResultsError(f"{targets.where(n, 'tolerance')}: the tolerance must not be negative")
        res.targets.append(t)
    seen = {}
    for n, row in tasks.rows:
        tid = _text(tasks.get(row, "id"))
        if not tid:
            raise ResultsError(f"{tasks.where(n, 'id')}: the id is empty")
        if tid in seen:
            raise ResultsError(f"{tasks.where(n, 'id')}: id {tid!r} repeats row {seen[tid]}")
        seen[tid] = n
        res.tasks.append(
            TaskRow(
                id=tid,
                agency=_text(tasks.get(row, "agency")),
                task=_text(tasks.get(row, "task")),
                deadline=_text(tasks.get(row, "deadline")),
                status=tasks.status(n, row),
                note=_text(tasks.get(row, "note")),
                row=n,
            )
        )
    return res


def _check_meta(source: str, meta: dict[str, str]) -> None:
    if meta.get("format") != FORMAT:
        raise ResultsError(
            f"{source}: sheet '{SHEET_META}' does not identify a kehoach results workbook "
            "(write one with `kehoach results-template`)"
        )


# Results files come from other units: untrusted. A sheet has a row per target or per task and agency (hundreds),
# eleven columns; a workbook's stored dimension ("A1:XFD1048576") is a claim, not its cells.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_FILE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 100_000_000  # all parts of an .xlsx once unzipped


def _check_file_size(path: Path, source: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ResultsError(
            f"{source}: {size:,} bytes; a results file is at most {MAX_FILE_BYTES:,} bytes (split it by unit)"
        )


def _check_unpacked_size(path: Path, source: str) -> None:
    """An .xlsx is a zip: its parts' unpacked sizes bound what parsing it can cost."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # load_workbook reports an unreadable file in its words
    if unpacked > MAX_UNPACKED_BYTES:
        raise ResultsError(
            f"{source}: unpacks to {unpacked:,} bytes; a results workbook is at most {MAX_UNPACKED_BYTES:,} bytes"
        )


def _sheet_rows(ws, source: str, name: str) -> list[tuple[int, list]]:
    """The non-empty rows of a read-only sheet as (row number, values), read by its real cells: the stored
    dimension is ignored, rows stream in, trailing empty cells are dropped; data past `MAX_ROWS` rows or in
    column `MAX_COLUMNS + 1` is a `ResultsError`."""
    from openpyxl.cell.read_only import EMPTY_CELL

    def value(cell):
        v = getattr(cell, "value", None)
        # "45%" typed into Excel is stored as 0.45 with a percent format: read it back as 45
        if (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and "%" in (getattr(cell, "number_format", "") or "")
        ):
            return round(v * 100, 9)
        return v

    ws.reset_dimensions()
    out: list[tuple[int, list]] = []
    gap = None  # openpyxl hands out one shared tuple for every missing row: known by identity after the first
    for n, cells in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if cells is gap:
            continue
        if all(c is EMPTY_CELL for c in cells):
            gap = cells
            continue
        values = [value(c) for c in cells]
        while values and (values[-1] is None or (isinstance(values[-1], str) and not values[-1].strip())):
            values.pop()
        if not values:
            continue
        if len(values) > MAX_COLUMNS:
            raise ResultsError(
                f"{source}: sheet '{name}', row {n}, column {_col_letter(MAX_COLUMNS)}: a results sheet has at "
                f"most {MAX_COLUMNS} columns"
            )
        if n > MAX_ROWS:
            raise ResultsError(f"{source}: sheet '{name}', row {n}: a results sheet has at most {MAX_ROWS:,} rows")
        out.append((n, values))
    return out


def read_xlsx(path: str | Path) -> Results:
    import zipfile

    from openpyxl import load_workbook

    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise ResultsError(f"{source}: no such file")
    _check_file_size(path, source)
    _check_unpacked_size(path, source)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ResultsError(
            f"{source}: not a readable .xlsx workbook ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'corrupt'})"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ResultsError(f"{source}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        names = wb.sheetnames
        for name in (SHEET_META, SHEET_TARGETS, SHEET_TASKS):
            if name not in names:
                raise ResultsError(f"{source}: sheet '{name}' is missing (sheets: {', '.join(names)})")

        def rows(name):
            return _sheet_rows(wb[name], source, name)

        meta = {_text(r[0]): _text(r[1]) if len(r) > 1 else "" for _, r in rows(SHEET_META) if r and r[0]}
        _check_meta(source, meta)
        return _results_from_tables(
            source,
            meta,
            _Table(source, SHEET_TARGETS, rows(SHEET_TARGETS), TARGET_COLUMNS),
            _Table(source, SHEET_TASKS, rows(SHEET_TASKS), TASK_COLUMNS),
        )
    except ResultsError:
        raise
    except Exception as exc:
        raise ResultsError(f"{source}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    finally:
        wb.close()


def read_csv(path: str | Path) -> Results:
    import csv
    import io

    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise ResultsError(f"{source}: no such file")
    _check_file_size(path, source)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{source}: cannot read as UTF-8 CSV ({type(exc).__name__})") from None
    blocks: dict[str, list[tuple[int, list]]] = {}
    current = None
    reader = csv.reader(io.StringIO(text, newline=""))  # a quoted note may hold a line break
    try:
        for n, raw in enumerate(reader, start=1):
            row = [csv_unquote(c) for c in raw]
            first = row[0].strip() if row else ""
            if first.startswith("[") and first.endswith("]") and not any(c.strip() for c in row[1:]):
                current = first[1:-1]
                blocks[current] = []
            elif current is not None and any(c.strip() for c in row):
                if len(blocks[current]) >= MAX_ROWS:
                    raise ResultsError(f"{source}: line {n}: block '[{current}]' has more than {MAX_ROWS:,} rows")
                blocks[current].append((n, row))
    except csv.Error as exc:  # a field over the csv module's limit (128 KB), a NUL byte …
        raise ResultsError(f"{source}: line {reader.line_num}: not a readable CSV row ({exc})") from None
    for name in ("kehoach", SHEET_TARGETS, SHEET_TASKS):
        if name not in blocks:
            raise ResultsError(f"{source}: block '[{name}]' is missing")
    meta = {r[0].strip(): (r[1].strip() if len(r) > 1 else "") for _, r in blocks["kehoach"]}
    _check_meta(source, meta)
    return _results_from_tables(
        source,
        meta,
        _Table(source, SHEET_TARGETS, blocks[SHEET_TARGETS], TARGET_COLUMNS),
        _Table(source, SHEET_TASKS, blocks[SHEET_TASKS], TASK_COLUMNS),
    )


def read_results(path: str | Path) -> Results:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise ResultsError(f"{path}: unknown results format {suffix or '(none)'!r}; use .xlsx or .csv")


def _plan_name(plan) -> str:
    h = plan.header
    if h.number_symbol and h.number_symbol.split("/")[0].strip():
        return h.number_symbol
    return (h.title or "this plan")[:80]


def check_against_plan(res: Results, plan) -> None:
    """The workbook belongs to `plan`: same identity and only ids the plan has."""
    want = plan_id(plan)
    if res.meta.get("plan_id") != want:
        what = res.meta.get("plan_number") or res.meta.get("plan_title") or res.meta.get("plan_id") or "?"
        raise ResultsError(
            f"{res.source}: sheet '{SHEET_META}', row 3, column B (plan_id): the workbook was made "
            f"for another plan ({what[:80]}), not {_plan_name(plan)}"
        )
    target_ids = {t.id for t in plan.targets}
    for t in res.targets:
        if t.id not in target_ids:
            raise ResultsError(
                f"{res.source}: sheet '{SHEET_TARGETS}', row {t.row}, column A (Mã): "
                f"{t.id!r} is not a target of this plan"
            )
    task_ids = {t.id for _, t in plan_tasks(plan)}
    for t in res.tasks:
        if t.id not in task_ids:
            raise ResultsError(
                f"{res.source}: sheet '{SHEET_TASKS}', row {t.row}, column A (Mã): {t.id!r} is not a task of this plan"
            )


# ------------------------------------------------------------------------------------------------ merge


class MergeConflicts(ResultsError):
    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__(
            f"{len(conflicts)} conflicting value{'s' if len(conflicts) != 1 else ''} "
            "(same unit, same row; or different merge rules)"
        )


def least_advanced(statuses) -> str | None:
    present = [s for s in statuses if s]
    if not present:
        return None
    return max(present, key=STATUSES.index)


def _fmt_num(v) -> str:
    return _fmt(v) if isinstance(v, (int, float)) else str(v)


def merge_results(inputs: list[Results], unit: str = "Tổng hợp") -> Results:
    """Merge the workbooks of several units. Raises `ResultsError` (different plans, missing denominators) or
    `MergeConflicts` (two sheets of the same unit disagree on a row)."""
    if not inputs:
        raise ResultsError("no results files to merge")
    first = inputs[0]
    for r in inputs[1:]:
        if r.meta.get("plan_id") != first.meta.get("plan_id"):
            raise ResultsError(
                f"{r.source}: sheet '{SHEET_META}', row 3, column B (plan_id): made for another plan "
                f"({r.meta.get('plan_number') or r.meta.get('plan_title') or '?'}) than {first.source} "
                f"({first.meta.get('plan_number') or first.meta.get('plan_title') or '?'})"
            )
    # 1. one value per (unit, row): sheets of the same unit must agree
    conflicts: list[str] = []
    per_unit_t: dict[str, dict[str, tuple[TargetRow, Results]]] = {}
    per_unit_k: dict[str, dict[str, tuple[TaskRow, Results]]] = {}
    for res in inputs:
        ut, uk = per_unit_t.setdefault(res.unit, {}), per_unit_k.setdefault(res.unit, {})
        for t in res.targets:
            prev = ut.get(t.id)
            if prev is None or (prev[0].result is None and prev[0].status is None and not prev[0].result_text):
                ut[t.id] = (t, res)
                continue
            for attr in ("result", "status", "result_text", "denominator"):
                a, b = getattr(prev[0], attr), getattr(t, attr)
                if a not in (None, "") and b not in (None, "") and a != b:
                    conflicts.append(
                        f"{SHEET_TARGETS} {t.id} ({t.indicator[:50]}): unit '{res.unit}' gives "
                        f"{_fmt_num(a)} in {prev[1].source} row {prev[0].row} and {_fmt_num(b)} in "
                        f"{res.source} row {t.row}"
                    )
                elif a in (None, "") and b not in (None, ""):
                    setattr(prev[0], attr, b)
        for t in res.tasks:
            prev = uk.get(t.id)
            if prev is None or prev[0].status is None:
                uk[t.id] = (t, res)
            elif t.status is not None and t.status != prev[0].status:
                conflicts.append(
                    f"{SHEET_TASKS} {t.id}: unit '{res.unit}' gives '{prev[0].status}' in "
                    f"{prev[1].source} row {prev[0].row} and '{t.status}' in {res.source} row {t.row}"
                )
    # the rule and the tolerance of a row must be the same in every sheet: a merge rule is not guessed either
    for attr, label in (("rule", "Quy tắc tổng hợp"), ("tolerance", "Dung sai")):
        seen_attr: dict[str, tuple] = {}
        for res in inputs:
            for t in res.targets:
                v = getattr(t, attr)
                if v in (None, ""):
                    continue
                prev = seen_attr.setdefault(t.id, (v, res, t))
                if prev[0] != v:
                    conflicts.append(
                        f"{SHEET_TARGETS} {t.id} ({t.indicator[:50]}): '{label}' is {_fmt_num(prev[0])} in "
                        f"{prev[1].source} row {prev[2].row} and {_fmt_num(v)} in {res.source} row {t.row}"
                    )
    if conflicts:
        raise MergeConflicts(conflicts)
    # 2. across units, by the rule of each row
    out = Results(meta=dict(first.meta), source="")
    out.meta["unit"] = unit
    out.meta["merged_from"] = "; ".join(per_unit_t)
    order_t: dict[str, TargetRow] = {}
    order_k: dict[str, TaskRow] = {}
    for res in inputs:
        for t in res.targets:
            order_t.setdefault(t.id, t)
        for t in res.tasks:
            order_k.setdefault(t.id, t)
    for tid, base in order_t.items():
        rows = [(u, per_unit_t[u][tid]) for u in per_unit_t if tid in per_unit_t[u]]
        merged = replace(base, result=None, status=None, result_text="", note="", denominator=None, row=0)
        merged.tolerance = next((r.tolerance for _, (r, _) in rows if r.tolerance is not None), None)
        merged.rule = next((r.rule for _, (r, _) in rows if r.rule), "") or (
            RULE_WEIGHTED if base.unit.strip() == "%" else RULE_SUM
        )  # a blank rule: the default
        valued = [(r, src) for _, (r, src) in rows if r.result is not None]
        if valued:
            values = [r.result for r, _ in valued]
            if merged.rule == RULE_SUM:
                merged.result = sum(values)
            elif merged.rule == RULE_AVG:
                merged.result = sum(values) / len(values)
            else:
                weights = [r.denominator for r, _ in valued]
                if all(w is not None for w in weights) and sum(weights) > 0:
                    merged.result = sum(v * w for v, w in zip(values, weights)) / sum(weights)
                elif any(w is not None for w in weights):
                    r, src = next((r, s) for r, s in valued if r.denominator is None)
                    raise ResultsError(
                        f"{src.source}: sheet '{SHEET_TARGETS}', row {r.row}, column J (Mẫu số): "
                        f"{tid} is merged by weighted average but this sheet gives no denominator"
                    )
                else:
                    merged.result = sum(values) / len(values)
            merged.result = round(merged.result, 6)
        dens = [r.denominator for _, (r, _) in rows if r.denominator is not None]
        merged.denominator = sum(dens) if dens else None
        merged.status = least_advanced(r.status for _, (r, _) in rows)
        merged.result_text = "; ".join(dict.fromkeys(r.result_text for _, (r, _) in rows if r.result_text))
        merged.note = "; ".join(f"{u}: {r.note}" for u, (r, _) in rows if r.note)
        out.targets.append(merged)
    for tid, base in order_k.items():
        rows = [(u, per_unit_k[u][tid]) for u in per_unit_k if tid in per_unit_k[u]]
        merged = replace(
            base,
            status=least_advanced(r.status for _, (r, _) in rows),
            row=0,
            note="; ".join(f"{u}: {r.note}" for u, (r, _) in rows if r.note),
        )
        out.tasks.append(merged)
    return out
