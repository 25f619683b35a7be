"""The jinja2 environment that turns a model (plan, report …) into a document spec (XML text).

Templates run in `docgen.sandbox.TemplateSandbox` (plain data only, registered helpers and filters only, bounded
size and time, files only inside the template folders), are auto-escaped for XML, and strict about undefined
names. A user directory given with `--templates DIR` is searched first, then the packaged templates, so a user
may override one file and keep the rest.

Errors come out as `TemplateError` with the template file and line.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from extract import lexicon
from extract.agencies import collective_body

from . import issuer, nd30


class TemplateError(Exception):
    """A template that cannot be loaded, parsed or rendered. `str()` names the file and line."""

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        where = filename or "<template>"
        if lineno:
            where = f"{where}:{lineno}"
        super().__init__(f"{where}: {message}")
        self.filename = filename
        self.lineno = lineno
        self.problem = message


def builtin_templates_dir() -> Path:
    """The packaged templates: `docgen/templates` inside a wheel, else the repository's `templates/`."""
    try:
        from importlib.resources import files

        candidate = files("docgen") / "templates"
        if candidate.is_dir():
            return Path(str(candidate))
    except (ModuleNotFoundError, TypeError, NotImplementedError):  # pragma: no cover - odd loaders
        pass
    import docgen

    return Path(docgen.__file__).resolve().parents[1] / "templates"


def template_dirs(user_dir: str | Path | None = None) -> list[Path]:
    dirs = []
    if user_dir is not None:
        p = Path(user_dir)
        if not p.is_dir():
            raise TemplateError("templates directory not found", str(p))
        dirs.append(p)
    dirs.append(builtin_templates_dir())
    return dirs


# ---------------------------------------------------------------------------------------------- filters


def _safe_date(value: Any) -> Any:
    """A date the ND30 formatter accepts; an unreadable one (hand-edited JSON) becomes the blank draft form of
    its year, if a year can be seen in it."""
    try:
        nd30.format_date(value, year=1)
        return value
    except (ValueError, TypeError):
        import re

        m = re.search(r"(19|20)\d\d", str(value))
        return int(m.group(0)) if m else None


def _nd30_date(value: Any = None, year: int | None = None) -> str:
    return nd30.format_date(_safe_date(value), year=year)


def _place_date(place: str | None, value: Any = None, year: int | None = None) -> str:
    return nd30.format_place_date(place, _safe_date(value), year=year)


def _person_name(name: Any) -> str:
    """A signer's name as ND30 prints it: ordinary capitalisation (`NGUYỄN VĂN AN` -> `Nguyễn Văn An`)."""
    name = " ".join(str(name or "").split())
    if name and name == name.upper() and any(c.isalpha() for c in name):
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return name


def _number_symbol(number: Any, symbol: str | None = None, convention: str = "state") -> str:
    return nd30.format_number_symbol(number, symbol, convention=convention or "state")


def _end_with(text: str | None, mark: str) -> str:
    """Replace trailing punctuation with `mark`: legal bases end ';', the last one '.'."""
    text = (text or "").rstrip()
    while text and text[-1] in ";.,:":
        text = text[:-1].rstrip()
    return text + mark if text else text


def _upper(text: str | None) -> str:
    return (text or "").upper()


def _sentence(text: str | None) -> str:
    text = (text or "").strip()
    return text[:1].upper() + text[1:] if text else text


def _split_body(name: str | None, width_mm: float | None = None, size_pt: float | None = None) -> list[str]:
    """An agency name as header lines: one line when it fits the header column; otherwise the collective-body
    prefix on its own line (`ỦY BAN NHÂN DÂN` / `TỈNH LÂM ĐỒNG`) and the rest balanced over as few lines as fit."""
    name = " ".join((name or "").split())
    if not name:
        return []
    r = nd30.rules()
    lay = r.layout["header_table"]
    width_mm = width_mm or (lay["left_width_mm"] - 2 * lay["cell_margin_mm"])
    size_pt = size_pt or r.element("issuing_body").size.chosen
    limit = nd30.mm_to_pt(width_mm)

    def fits(text: str) -> bool:
        return nd30.text_width_pt(text, size_pt, bold=True) <= limit

    if fits(name):
        return [name]
    upper = name.upper()
    head: list[str] = []
    rest = name
    for prefix in (
        "ỦY BAN NHÂN DÂN",
        "UỶ BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
        "BAN CHỈ ĐẠO",
        "BAN THƯỜNG VỤ",
        "BỘ CHỈ HUY",
        "BAN QUẢN LÝ",
    ):
        if upper.startswith(prefix + " "):
            head, rest = [name[: len(prefix)]], name[len(prefix) + 1 :]
            break
    if head and fits(rest):
        return head + [rest]
    words = rest.split()
    return head + (_balanced(words, size_pt, limit) or words)


def _balanced(words: list[str], size_pt: float, limit: float) -> list[str] | None:
    """`words` over the fewest lines no wider than `limit` (points), break points chosen to make the widest line
    as narrow as possible (the earliest breaks among equals); None when a single word is too wide.

    Linear in the words times the words a line holds: widths only of runs that fit, then the fewest lines
    (greedy), the narrowest widest line for that count and the earliest breaks achieving it (dynamic
    programming). Trying every set of break points never finished for a name of 38 words."""

    n = len(words)
    runs: list[list[tuple[int, float]]] = []  # runs[a]: (end, width) of every line words[a:end] that fits
    for a in range(n):
        ends = []
        for b in range(a + 1, n + 1):
            w = nd30.text_width_pt(" ".join(words[a:b]), size_pt, bold=True)
            if w > limit:
                break
            ends.append((b, w))
        if not ends:
            return None
        runs.append(ends)
    lines, a = 0, 0
    while a < n:  # greedy filling gives the fewest lines
        a, lines = runs[a][-1][0], lines + 1
    inf = float("inf")
    # best[k][a]: the narrowest widest line setting words[a:] on exactly k lines
    best = [[inf] * (n + 1) for _ in range(lines + 1)]
    best[0][n] = 0.0
    for k in range(1, lines + 1):
        for a in range(n - 1, -1, -1):
            best[k][a] = min((max(w, best[k - 1][b]) for b, w in runs[a]), default=inf)
    widest = best[lines][0]
    out, a = [], 0
    for k in range(lines, 0, -1):  # the earliest break that still reaches the narrowest widest line
        b = next(b for b, w in runs[a] if w <= widest and best[k - 1][b] <= widest)
        out.append(" ".join(words[a:b]))
        a = b
    return out


def _section_labels(sections: Any, renumber: bool = True) -> dict[str, str]:
    """id -> numbering label written as text: I. / 1. / 1.1. / a) by each section's style and position."""
    labels: dict[str, str] = {}
    default_style = {1: "roman", 2: "decimal", 3: "multi_decimal", 4: "letter"}

    def walk(items, parent_label: str, parent_style: str | None, depth: int):
        for i, sec in enumerate(items or [], start=1):
            style = getattr(sec, "style", None) or default_style.get(depth, "letter")
            written = getattr(sec, "number", None)
            if not renumber and written:
                label = written.strip()
            elif style == "roman":
                label = f"{nd30.roman(i)}."
            elif style == "upper_letter":
                label = f"{nd30.letter(i).upper()}."
            elif style == "letter":
                label = f"{nd30.letter(i)})"
            elif style == "multi_decimal" and parent_style in ("decimal", "multi_decimal"):
                label = f"{parent_label.rstrip('.')}.{i}."
            elif style in ("bullet", "dash"):
                label = "-"
            else:
                label = f"{i}."
            labels[sec.id] = label
            walk(getattr(sec, "children", None), label, style, depth + 1)

    walk(sections, "", None, 1)
    return labels


def _signature_lines(signer: Any, on_behalf_default: str | None = None) -> list[str]:
    """Authority and title lines of a signer, uppercase: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."""
    if signer is None:
        return []
    lines = [" ".join(str(x).split()) for x in (getattr(signer, "lines", None) or []) if str(x).strip()]
    if lines:
        return [x.upper() for x in lines]
    authority = (getattr(signer, "authority", None) or "").strip().upper()
    role = lexicon.signature_role(authority)
    prefix = lexicon.canonical_signature_prefix(authority) if role else None
    on_behalf = (getattr(signer, "on_behalf", None) or on_behalf_default or "").strip().upper()
    title = (getattr(signer, "title", None) or "").strip().upper()
    collective = lexicon.signature_prefix("collective")
    out: list[str] = []
    if role == "collective":
        if on_behalf:
            out.append(f"{collective} {on_behalf}")
        if title:
            out.append(title)
    elif role == "deputy":
        head = title[4:] if title.startswith("PHÓ ") else None
        if on_behalf:
            out.append(f"{collective} {on_behalf}")
        if head:
            out.append(f"{prefix} {head}")
        if title:
            out.append(title)
    elif role == "acting":
        if on_behalf:
            out.append(f"{collective} {on_behalf}")
        if title:
            out.append(f"{prefix} {title}")
    elif role in ("by_order", "authorised"):
        # TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG: the head the signer signs for is in `on_behalf`.
        if on_behalf:
            out.append(f"{prefix} {on_behalf}")
        if title:
            out.append(title)
    elif title:
        if on_behalf:
            out.append(f"{collective} {on_behalf}")
        out.append(title)
    return out


def _collective_body(issuing_body: str | None) -> str | None:
    """`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG` -> `ỦY BAN NHÂN DÂN` (the body a TM. line names), else None."""
    body = collective_body(issuing_body)
    return body.upper() if body else None


_BLANK = re.compile(r"(?<![^\s(])…(?=[\s%.,;:)]|$)")


def _blanks(text: str | None) -> Markup:
    """A standalone "…" is a blank the drafter fills (a derived plan's local figure): highlighted."""
    escaped = str(escape(text or ""))
    return Markup(_BLANK.sub("<mark>…</mark>", escaped))


def _fmt_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer():
            return f"{int(v):,}".replace(",", ".")
        return f"{v:,.2f}".rstrip("0").rstrip(".").replace(",", "X").replace(".", ",").replace("X", ".")
    return str(v)


def _sentence_point(sec: Any) -> bool:
    """Whether a section of the model is a numbered whole sentence, to be set as body text (extract/compare/points)."""
    from extract.compare.points import is_sentence_point

    leaf = not getattr(sec, "paragraphs", None) and not getattr(sec, "children", None)
    return is_sentence_point(getattr(sec, "title", "") or "", leaf=leaf)


def _type_code(doc_type: str | None) -> str:
    return nd30.rules().type_code(doc_type) or ""


# ---------------------------------------------------------------------------------------------- environment


@lru_cache(maxsize=16)
def _env(dirs: tuple[str, ...]):
    from jinja2 import StrictUndefined

    from .sandbox import ConfinedLoader, TemplateSandbox, xml_text

    env = TemplateSandbox(
        loader=ConfinedLoader(list(dirs), encoding="utf-8"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=xml_text,  # any text a plan carries becomes writable XML (control characters dropped)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.register_filters(
        nd30_date=_nd30_date,
        place_date=_place_date,
        number_symbol=_number_symbol,
        end_with=_end_with,
        vn_upper=_upper,
        sentence=_sentence,
        split_body=_split_body,
        fmt_value=_fmt_value,
        blanks=_blanks,
        type_code=_type_code,
        collective_body=_collective_body,
        agency_name=issuer.agency_running_name,
        issuer_code=issuer.issuer_code,
        body_place=issuer.body_place,
        person_name=_person_name,
        roman=nd30.roman,
        letter=nd30.letter,
    )
    env.register_globals(
        section_labels=_section_labels,
        signature_lines=_signature_lines,
        symbol_for=nd30.symbol_for,
        sentence_point=_sentence_point,
        rules=_rules_view(),
    )
    return env


def _rules_view() -> dict[str, Any]:
    """The plain rule data templates may read (texts such as the Quốc hiệu, prefixes, abbreviations)."""
    r = nd30.rules()
    return {
        "national_title": r.element("national_title").text,
        "motto": r.element("motto").text,
        "recipients_heading": r.element("recipients_heading").text,
        "archive_prefix": r.element("recipients").extra.get("archive_prefix", "Lưu:"),
        "authority_prefixes": list(r.authority_prefixes),
        "type_abbreviations": dict(r.type_abbreviations),
    }


def get_env(user_dir: str | Path | None = None):
    return _env(tuple(str(d) for d in template_dirs(user_dir)))


def _template_frame(tb) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to a template (jinja rewrites frames to .j2 lines)."""
    found = (None, None)
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith((".j2", ".jinja", ".jinja2", ".xml", ".html")) or "/templates/" in fname:
            found = (fname, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(name: str, context: dict[str, Any], templates_dir: str | Path | None = None) -> str:
    """Render template `name` with `context`; raise `TemplateError` naming the file and line on failure."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    from .sandbox import render_bounded

    env = get_env(templates_dir)
    try:
        template = env.get_template(name)
    except SecurityError as exc:
        raise TemplateError(f"not allowed in a template: {exc}", name) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
    except TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in template_dirs(templates_dir))
        raise TemplateError(f"template not found (searched {searched})", str(exc.name)) from None
    try:
        return render_bounded(template, context)
    except TemplateSyntaxError as exc:  # an {% include %} of a broken file
        raise TemplateError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
    except TemplateError as exc:
        fname, line = _template_frame(sys.exc_info()[2])
        raise TemplateError(exc.problem, fname or template.filename, line) from None
    except (
        UndefinedError,
        SecurityError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        ZeroDivisionError,
    ) as exc:
        fname, line = _template_frame(sys.exc_info()[2])
        kind = "not allowed in a template" if isinstance(exc, SecurityError) else "error while rendering"
        raise TemplateError(f"{kind}: {exc}", fname or template.filename, line) from None
    except TemplateNotFound as exc:
        fname, line = _template_frame(sys.exc_info()[2])
        raise TemplateError(f"included template not found: {exc.name}", fname or template.filename, line) from None
    except Exception as exc:  # anything else a template can trigger (recursion, overflow …)
        fname, line = _template_frame(sys.exc_info()[2])
        raise TemplateError(
            f"error while rendering: {type(exc).__name__}: {exc}", fname or template.filename, line
        ) from None
