"""The báo cáo: plan + merged results → report context → `bao_cao.xml.j2` → .docx/.md/.html/.pdf with a chart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from extract import lexicon
from extract.levels import level_word_list
from extract.normalize import match_key

from ..issuer import agency_running_name as _agency_name
from .sheet import Results, check_against_plan, plan_tasks
from .verdict import DOING, DONE, EXCEEDED, MET, NOT_DUE, NOT_STARTED, UNMET, completion, period_verdict

TEMPLATE = "bao_cao.xml.j2"
CHART_PLACEHOLDER = "[[BIỂU ĐỒ]]"


@dataclass
class ReportOptions:
    period: str = ""
    unit: str = ""
    to: str | None = None
    number: str | None = None
    signer_lines: list[str] | None = None
    signer_name: str | None = None
    chart: bool = True
    year: int | None = None  # year of the blank draft date; default: the period's year
    tolerance: float | None = (
        None  # "Vượt" beyond this share of the target (0.05 = 5%); default verdict.DEFAULT_RELATIVE
    )


@dataclass
class Row:
    id: str
    indicator: str
    target: str
    result: str
    ratio: str
    verdict: str
    value: float | None = None  # numeric target and result, for the chart
    result_value: float | None = None
    unit: str = ""


@dataclass
class ReportData:
    rows: list[Row] = field(default_factory=list)
    unmet_targets: list[str] = field(default_factory=list)
    unmet_ids: list[str] = field(default_factory=list)
    unfinished_tasks: list[str] = field(default_factory=list)
    unfinished_ids: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_due_ids: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)  # the highlighted blanks the clerk must write, where they are
    context: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------- wording


def _num(v: float | None) -> str:
    if v is None:
        return ""
    v = round(v, 2)
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    whole, frac = f"{v:.2f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def _with_unit(text: str, unit: str) -> str:
    if not text:
        return ""
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _sentence(text: str) -> str:
    text = " ".join((text or "").split()).rstrip(" .;,:")
    return text[:1].upper() + text[1:]


_LEVEL = re.compile(rf"\b({'|'.join(map(re.escape, level_word_list()))})\s+(.+)$", re.I)  # extract/data/levels.yaml


def expand_unit(unit: str) -> str:
    """'UBND tỉnh Bắc Kạn' -> 'Ủy ban nhân dân tỉnh Bắc Kạn' (other names unchanged)."""
    unit = " ".join((unit or "").split())
    for short, full in (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("Uỷ ban", "Ủy ban")):
        if unit.startswith(short + " "):
            unit = full + unit[len(short) :]
    return unit


def _issuer_code(unit: str) -> str:
    from ..issuer import issuer_code

    return issuer_code(unit)


def _default_signer(unit: str) -> list[str]:
    low = unit.lower()
    if low.startswith("ủy ban nhân dân"):
        return [f"{lexicon.signature_prefix('collective')} ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    if low.startswith("sở ") or low.startswith("trung tâm"):
        return ["GIÁM ĐỐC"]
    if low.startswith("phòng "):
        return ["TRƯỞNG PHÒNG"]
    if low.startswith("ban ") or low.startswith("cục ") or low.startswith("chi cục"):
        return ["TRƯỞNG BAN" if low.startswith("ban ") else "CỤC TRƯỞNG" if low.startswith("cục") else "CHI CỤC TRƯỞNG"]
    return ["THỦ TRƯỞNG CƠ QUAN"]


def plan_citation(plan) -> str:
    """ "Kế hoạch số 12/KH-UBND ngày 05/3/2024" (with the date when the plan has one), else the type and title."""
    h = plan.header
    doc_type = h.doc_type or "Kế hoạch"
    if h.number_symbol and h.number_symbol.split("/")[0].strip():
        date = _cite_date(h.date)
        return f"{doc_type} số {h.number_symbol.strip()}" + (f" ngày {date}" if date else "")
    if h.title:
        return f"{doc_type} {h.title[:1].lower() + h.title[1:]}"
    return doc_type


def _cite_date(value) -> str:
    """An ISO date as a citation writes it: 2024-03-05 → 05/3/2024 (ND30 day and month forms); partial → ''."""
    from .. import nd30

    parts = str(value or "").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return ""
    return f"{nd30.format_day(int(parts[2]))}/{nd30.format_month(int(parts[1]))}/{parts[0]}"


def running_name(name: str | None) -> str:
    """An agency as it reads inside a sentence: capitals undone, abbreviations written out
    ("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "UBND tỉnh Hà Giang" → "Ủy ban nhân dân tỉnh Hà Giang")."""
    return _agency_name(expand_unit(" ".join((name or "").split())))


# --------------------------------------------------------------------------------------------- analysis


def _target_str(t) -> str:
    if t.value is None:
        return ""
    q = getattr(t.qualifier, "value", t.qualifier)
    unit = t.unit or ""
    if t.value_max is not None:
        text = _with_unit(f"{_num(t.value)} - {_num(t.value_max)}", unit)
        return f"Không quá {text}" if q == "at_most" else text
    word = {"at_least": "Ít nhất", "about": "Khoảng", "strive": "Phấn đấu", "reach": "Đạt", "at_most": "Không quá"}.get(
        q or "", ""
    )
    return f"{word} {_with_unit(_num(t.value), unit)}".strip()


def analyse(plan, results: Results, period: str = "", relative: float | None = None) -> ReportData:
    """Rows of the results table, the unmet targets and the unfinished tasks. `relative`: the share of a target
    beyond which a result is "Vượt" (verdict.DEFAULT_RELATIVE when None)."""
    by_id = {t.id: t for t in results.targets}
    data = ReportData()
    for t in plan.targets:
        row = by_id.get(t.id)
        result = row.result if row else None
        status = row.status if row else None
        tol = row.tolerance if row else None
        v = period_verdict(t, result, period, tol, status, relative)
        indicator = _sentence(t.indicator)
        if t.value is not None:
            target_str = _target_str(t)
            result_str = _with_unit(_num(result), t.unit or "") if result is not None else ""
            ratio = completion(t, result)
            ratio_str = f"{_num(round(ratio, 1))}%" if ratio is not None else ""
        else:
            target_str = "Định tính"
            result_str = (row.result_text if row and row.result_text else "") or (_sentence(status) if status else "")
            ratio_str = ""
        if t.year and str(t.year) != str(period):
            target_str = f"{target_str} (năm {t.year})" if target_str else f"Năm {t.year}"
        data.rows.append(
            Row(
                t.id,
                indicator,
                target_str,
                result_str,
                ratio_str,
                v or "Chưa có số liệu",
                t.value,
                result,
                t.unit or "",
            )
        )
        if v == NOT_DUE:
            data.not_due_ids.append(t.id)
        if v == UNMET:
            data.unmet_ids.append(t.id)
            if t.value is not None:
                data.unmet_targets.append(
                    f"Chỉ tiêu “{indicator}”: mục tiêu {_lower_first(target_str)}, kết quả {result_str}"
                    f"{f' ({ratio_str})' if ratio_str else ''}, chưa đạt."
                )
            else:
                data.unmet_targets.append(f"Chỉ tiêu “{indicator}”: {status}, chưa đạt.")
        elif v is None:
            data.missing.append(f"Chỉ tiêu “{indicator}”: chưa có số liệu.")
    tasks = {t.id: t for t in results.tasks}
    for r, task in plan_tasks(plan):
        row = tasks.get(task.id)
        status = row.status if row else None
        text = _sentence(task.text)
        if status in (DOING, NOT_STARTED):
            data.unfinished_ids.append(task.id)
            data.unfinished_tasks.append(f"{r.agency}: {text} ({status}).")
        elif status is None:
            data.missing.append(f"{r.agency}: {text} (chưa báo cáo tình hình thực hiện).")
    return data


def report_context(plan, results: Results, opts: ReportOptions) -> tuple[dict[str, Any], ReportData]:
    data = analyse(plan, results, str(opts.period or ""), opts.tolerance)
    unit = running_name(opts.unit or plan.header.issuing_body or "")
    period = str(opts.period or "").strip()
    period_label = f"năm {period}" if period.isdigit() else period
    next_period = f"năm {int(period) + 1}" if period.isdigit() else "kỳ tới"
    citation = plan_citation(plan)
    h = plan.header
    m = _LEVEL.search(unit)
    place = (m.group(2) if m else None) or h.place
    code = _issuer_code(unit)
    header = {
        "doc_type": "Báo cáo",
        "doc_type_code": "BC",
        "symbol_type": "BC",
        "symbol_issuer": code,
        "symbol": f"BC-{code}" if code else "BC",
        "governing_body": None,
        "issuing_body": unit,
        "number": opts.number,
        "convention": "state",
        "place": place,
        "date": None,
    }
    # task groups: one per agency, with status counts
    groups: dict[str, dict[str, Any]] = {}
    statuses = {t.id: t.status for t in results.tasks}
    for r, task in plan_tasks(plan):
        g = groups.setdefault(
            r.agency, {"agency": r.agency, "total": 0, "done": 0, "doing": 0, "not_started": 0, "unknown": 0}
        )
        g["total"] += 1
        key = {DONE: "done", DOING: "doing", NOT_STARTED: "not_started"}.get(statuses.get(task.id), "unknown")
        g[key] += 1
    total = sum(g["total"] for g in groups.values())
    done = sum(g["done"] for g in groups.values())
    doing = sum(g["doing"] for g in groups.values())
    verdicts = [r.verdict for r in data.rows]
    n_met, n_exc, n_unmet, n_due = (
        verdicts.count(MET),
        verdicts.count(EXCEEDED),
        verdicts.count(UNMET),
        verdicts.count(NOT_DUE),
    )
    n_none = len(data.rows) - n_met - n_exc - n_unmet - n_due
    issuer = running_name(h.issuing_body)
    if issuer and match_key(issuer) == match_key(unit):
        issuer = ""  # a unit reporting on its own plan: "Thực hiện Kế hoạch số …, Ủy ban nhân dân tỉnh … báo cáo"
    blanks = _Blanks()
    next_items = [f"Tiếp tục thực hiện: {x}" for x in data.unfinished_tasks]
    next_items += [f"Phấn đấu hoàn thành: {x.removesuffix(', chưa đạt.')}." for x in data.unmet_targets]
    if data.missing:
        blanks.add("II", f"số liệu của {len(data.missing)} chỉ tiêu, nhiệm vụ chưa báo cáo (hoặc bỏ mục này khi đã có)")
    chart_rows = chart_data(data)
    ctx = {
        "header": header,
        "summary": (
            f"Kết quả thực hiện {citation} {period_label}"
            if " số " in citation
            else f"Kết quả thực hiện {period_label} {citation}"
        )
        .strip()
        .replace("  ", " "),
        "to": opts.to,
        "intro": f"Thực hiện {citation}{f' của {issuer}' if issuer else ''}"
        f"{f' về {_lower_first(h.title)}' if h.title and ' số ' in citation else ''}, "
        f"{unit} báo cáo kết quả thực hiện {period_label} như sau:",
        "direction": f"{unit} đã quán triệt, triển khai {citation} đến các cơ quan, đơn vị; ",
        "direction_blank": blanks.add("I.1", "các văn bản chỉ đạo, hình thức tuyên truyền, phổ biến đã thực hiện"),
        "tasks_summary": f"Tổng số {total} nhiệm vụ được giao: hoàn thành {done}, đang thực hiện {doing}, "
        f"chưa thực hiện {total - done - doing - sum(g['unknown'] for g in groups.values())}"
        f"{_unknown(groups)}. Kết quả theo cơ quan được giao:"
        if total
        else "Kế hoạch không giao nhiệm vụ cho cơ quan cụ thể.",
        "groups": list(groups.values()),
        "targets_summary": "Kế hoạch không đặt chỉ tiêu cụ thể."
        if not data.rows
        else f"Có {len(data.rows)} chỉ tiêu: đạt {n_met}, vượt {n_exc}, chưa đạt {n_unmet}"
        f"{f', chưa đến hạn {n_due}' if n_due else ''}"
        f"{f', chưa có số liệu {n_none}' if n_none else ''}"
        f"{', cụ thể như sau:' if data.rows else '.'}",
        "rows": data.rows,
        "unmet_targets": data.unmet_targets,
        "unfinished_tasks": data.unfinished_tasks,
        "missing": data.missing,
        "next_period": next_period,
        "next_items": next_items,
        "recommendations": [
            (rec, blanks.add(f"IV.{i}", f"kiến nghị {_lower_first(rec)}"))
            for i, rec in enumerate(
                ["Đối với Trung ương", "Đối với Ủy ban nhân dân cấp trên", "Đối với các sở, ngành, địa phương"], 1
            )
        ],
        "closing": f"Trên đây là báo cáo kết quả thực hiện {citation} {period_label} của {unit}./.",
        "recipients": ([SimpleNamespace(text="Như trên", note=None, is_archive=False)] if opts.to else [])
        + [SimpleNamespace(text="Lưu: VT", note=None, is_archive=True)],
        "signer": SimpleNamespace(
            lines=opts.signer_lines or _default_signer(unit),
            authority=None,
            on_behalf=None,
            title=None,
            name=opts.signer_name or "",
        ),
        "on_behalf": None,
        "period": period,
        "period_label": period_label,
        "chart": CHART_PLACEHOLDER if (opts.chart and chart_rows) else "",
        "chart_caption": "Mục tiêu và kết quả thực hiện các chỉ tiêu định lượng"
        + (" (tỷ lệ so với mục tiêu, %)" if chart_rows and chart_rows[0][3] else ""),
    }
    data.todo = blanks.todo
    return ctx, data


def _lower_first(text: str) -> str:
    """Lower the first letter inside a sentence ("Ít nhất 43%" → "ít nhất 43%"), but not of a name in capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


class _Blanks:
    """The blanks of the draft: each a highlighted "[…]" in the document and a line of the to-do the command
    prints, so nothing the clerk must write is left as a bare "…"."""

    def __init__(self) -> None:
        self.todo: list[str] = []

    def add(self, where: str, what: str) -> str:
        self.todo.append(f"mục {where}: viết {what}")
        return f"[{what}]"


def _unknown(groups) -> str:
    n = sum(g["unknown"] for g in groups.values())
    return f", chưa báo cáo {n}" if n else ""


# ------------------------------------------------------------------------------------------------ chart


# the document's serif face first; matplotlib takes the first one installed
CHART_FONTS = ["Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", "serif"]
CHART_SIZE_IN = (6.1, 3.2)  # at the 15.5 cm width of the text: about a third of the A4 text height
SHORT_NAME = 34  # characters of an indicator's name on the chart


def chart_data(data: ReportData) -> list[tuple[str, float, float, bool]]:
    """(row number in the results table, target, result, relative) per quantitative row with a result. Mixed
    units: each result relative to its target (%)."""
    numbered = [(str(i), r) for i, r in enumerate(data.rows, 1)]
    rows = [(n, r) for n, r in numbered if r.value is not None and r.result_value is not None]
    units = {r.unit for _, r in rows}
    relative = len(units) > 1
    out = []
    for n, r in rows:
        if relative:
            if not r.value:
                continue
            out.append((n, 100.0, r.result_value / r.value * 100, True))
        else:
            out.append((n, r.value, r.result_value, False))
    return out


def short_name(text: str, limit: int = SHORT_NAME) -> str:
    """An indicator shortened for a chart label: its first words and its last ones, which tell apart indicators
    that begin alike ("Nhà giáo được … kiểm định chất lượng" / "Nhà giáo được … bài giảng số")."""
    words = " ".join(text.split()).rstrip(" .;,:").split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    head: list[str] = []
    while words and len(" ".join(head + words[:1])) <= limit // 3:
        head.append(words.pop(0))
    tail: list[str] = []
    while words and len(" ".join(words[-1:] + tail)) <= limit - len(" ".join(head)) - 3:
        tail.insert(0, words.pop())
    return f"{' '.join(head)} … {' '.join(tail)}".strip()


def chart_png(data: ReportData, title: str = "") -> bytes | None:
    """Horizontal bars, one per indicator, labelled with its row number in the table and a short name; the
    target is a bar beside the result, or, when every result is shown against its own target (mixed units),
    one line at 100% instead of as many identical 100% bars."""
    rows = chart_data(data)
    if not rows:
        return None
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = {str(i): r.indicator for i, r in enumerate(data.rows, 1)}
    n = len(rows)
    relative = rows[0][3]
    size = 7 if n <= 12 else 6
    with _serif():
        fig = Figure(figsize=CHART_SIZE_IN, dpi=150)
        canvas = FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.38, right=0.97, top=0.84 if title else 0.9, bottom=0.14)
        ax = fig.add_subplot()
        ys = list(range(n))[::-1]  # row 1 on top, as in the table
        labels = [f"{num}. {short_name(names.get(num, ''))}" for num, *_ in rows]
        if relative:
            ax.barh(ys, [r[2] for r in rows], 0.6, label="Kết quả (% so với mục tiêu)", color="#1F4E79")
            ax.axvline(100, color="#B22222", linewidth=0.9, linestyle="--", label="Mục tiêu (100%)")
        else:
            h = 0.38
            ax.barh([y + h / 2 for y in ys], [r[1] for r in rows], h, label="Mục tiêu", color="#9DB9D5")
            ax.barh([y - h / 2 for y in ys], [r[2] for r in rows], h, label="Kết quả", color="#1F4E79")
        ax.set_yticks(ys, labels, fontsize=size)
        ax.set_ylim(-0.7, n - 0.3)
        ax.tick_params(axis="x", labelsize=size)
        unit = "% so với mục tiêu" if relative else next((r.unit for r in data.rows if r.value is not None), "") or ""
        ax.set_xlabel(unit, fontsize=size + 1)
        if title:
            ax.set_title(title, fontsize=size + 2)
        ax.legend(fontsize=size, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
        ax.spines[["top", "right"]].set_visible(False)
        buf = io.BytesIO()
        canvas.print_png(buf)
    return buf.getvalue()


def _serif():
    """matplotlib settings for the chart only: the document's serif face."""
    import matplotlib

    return matplotlib.rc_context({"font.family": "serif", "font.serif": CHART_FONTS})


def embed_picture(docx: bytes, png: bytes, placeholder: str = CHART_PLACEHOLDER, width_cm: float = 15.5) -> bytes:
    """Replace the placeholder paragraph's text by the picture."""
    import io

    from docx import Document
    from docx.shared import Cm

    doc = Document(io.BytesIO(docx))
    for p in doc.paragraphs:
        if p.text.strip() == placeholder:
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
            p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
            break
    else:
        raise ValueError("the chart placeholder is not in the rendered document")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ render


def report_spec(plan, results: Results, opts: ReportOptions, templates_dir=None):
    from ..render import spec_from_template

    ctx, data = report_context(plan, results, opts)
    year = opts.year or (int(opts.period) if str(opts.period).isdigit() else None)
    return spec_from_template(TEMPLATE, {"report": ctx, "options": {"year": year}}, templates_dir), data, ctx


def build_report(
    plan,
    results: Results,
    opts: ReportOptions,
    out: str | Path,
    *,
    templates_dir=None,
    force: bool = False,
    check: bool = True,
) -> tuple[Path, ReportData]:
    """Write the report to `out` (.docx, .pdf, .html, .md). Raises ResultsError, RenderError, TemplateError."""
    import base64
    import html as _html

    from extract.fileio import write_atomic

    from ..render import check_output, docx_bytes, html_text, markdown_text

    out = check_output(out, force)
    if check:
        check_against_plan(results, plan)
    spec, data, ctx = report_spec(plan, results, opts, templates_dir)
    png = chart_png(data) if ctx["chart"] else None
    ext = out.suffix.lower()
    if ext in (".docx", ".pdf"):
        body = docx_bytes(spec)
        if png:
            body = embed_picture(body, png)
        if ext == ".docx":
            write_atomic(out, body, force)
        else:
            from ..render.pdf import docx_to_pdf

            docx_to_pdf(body, out)
    elif ext in (".html", ".htm"):
        text = html_text(spec)
        if png:
            img = (
                '<img alt="Biểu đồ" style="max-width:100%" '
                f'src="data:image/png;base64,{base64.b64encode(png).decode()}">'
            )
            text = text.replace(_html.escape(CHART_PLACEHOLDER), img, 1)
        write_atomic(out, text, force)
    else:
        text = markdown_text(spec).replace(CHART_PLACEHOLDER, "(Biểu đồ: xem bản .docx hoặc .pdf của báo cáo)")
        write_atomic(out, text, force)
    return out, data
