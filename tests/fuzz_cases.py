"""A seeded mutator over the bundled plans and .docx made from them, and the chain every mutated document must
survive: extract → JSON round trip → span check → diff/coverage → derive → render.

Used by `tests/test_fuzz.py` (a short run in `make test`) and `bench/fuzz.py` (the long run). Each case is a pure
function of (seed, case number), so a failure is replayed with `python bench/fuzz.py --only N --seed S`.
"""

from __future__ import annotations

import io
import random
import signal
import time
import traceback
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLANS = sorted(p for p in (REPO / "corpus" / "plans").iterdir() if p.suffix in (".md", ".txt"))

# Characters converters leave behind: C0 controls, DEL, C1, line/paragraph separators, BOM, soft hyphen, NBSP.
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9c\u2028\u2029\ufeff\u00ad\u00a0\u200b"
NUMBERING = ["1. ", "2.1. ", "a) ", "đ) ", "II. ", "IV - ", "- ", "+ ", "• ", "* ", "Phần I. ", "Điều 3. ", "### "]
BRACKETS = ["(", ")", "[", "]", "**", "*", "_", "|", "« ", "“", "\\", "<br>", "---"]
INVALID_UTF8 = [b"\xff", b"\xc3", b"\xe0\x80", b"\xed\xa0\x80", b"\x80\x80"]


# Cases the long run found, replayed by the short run so a fix stays fixed: (seed, case number, what failed).
FOUND: list[tuple[int, int, str]] = [
    (
        20261207,
        4831,
        "an agency list with ',---' inside a name: the next agency's span fell back to the heading's start",
    ),
    (20261209, 7, "a 38 KB line with a target value: the words after it were keyed again at every comma"),
]


@dataclass
class Case:
    number: int
    kind: str  # "text" or "docx"
    source: Path
    mutations: list[str]
    data: bytes
    suffix: str


@dataclass
class Outcome:
    case: Case
    seconds: float
    failure: str | None = None  # None: passed; else "crash: …", "hang: …", "roundtrip: …", "span: …"


# --- text mutations --------------------------------------------------------------------------------------------


@cache
def _syllables() -> list[str]:
    """Vietnamese syllables of the bundled plans: random text that looks like the genre's."""
    words: set[str] = set()
    for p in PLANS:
        words.update(w.strip(".,;:()*#|") for w in p.read_text(encoding="utf-8").split())
    return sorted(w for w in words if w and w.isalpha())


def _insert_controls(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(lines))
        pos = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:pos] + rng.choice(CONTROLS) + lines[i][pos:]


def _delete_lines(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randint(1, max(1, len(lines) // 5))):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]


def _duplicate_lines(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[i])


def _long_line(rng: random.Random, lines: list[str]) -> None:
    """One line of 5–40 KB with no sentence break: a line repeated, or several lines joined."""
    i = rng.randrange(len(lines))
    if rng.random() < 0.5:
        unit = (lines[i].rstrip(".;") or "Sở Tài chính chủ trì") + ", "
        lines[i] = unit * (rng.randint(5_000, 40_000) // len(unit) + 1)
    else:
        j = min(len(lines), i + rng.randint(5, 60))
        lines[i:j] = [" ".join(ln.rstrip(".;") for ln in lines[i:j])]


def _brackets(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        pos = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:pos] + rng.choice(BRACKETS) + lines[i][pos:]


def _random_vietnamese(rng: random.Random, lines: list[str]) -> None:
    words = _syllables()
    for _ in range(rng.randint(1, 15)):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        if rng.random() < 0.3:
            text = text.upper()
        lines.insert(rng.randrange(len(lines) + 1), text)


def _stray_numbering(rng: random.Random, lines: list[str]) -> None:
    for _ in range(rng.randint(1, 25)):
        i = rng.randrange(len(lines))
        lines[i] = rng.choice(NUMBERING) + lines[i].lstrip("#-+* ")


def _shuffle_block(rng: random.Random, lines: list[str]) -> None:
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(2, 40))
    part = lines[i:j]
    rng.shuffle(part)
    lines[i:j] = part


def _decompose(rng: random.Random, lines: list[str]) -> None:
    """NFD lines and the other tone placement ("hoà"), as old keyboards type them."""
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(lines))
        lines[i] = unicodedata.normalize("NFD", lines[i]).replace("òa", "oà").replace("ủy", "uỷ")


def _digits(rng: random.Random, lines: list[str]) -> None:
    """Numbers, dates and percentages changed or made impossible (32/13/2026, 250%, 99999)."""
    import re

    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        lines[i] = re.sub(
            r"\d+", lambda m: str(rng.choice([0, 13, 32, 250, 99999, int(m.group()) + 1])), lines[i], count=1
        )


def _truncate(rng: random.Random, lines: list[str]) -> None:
    del lines[rng.randint(1, len(lines)) :]
    if lines:
        lines[-1] = lines[-1][: rng.randint(0, len(lines[-1]))]


TEXT_MUTATIONS: dict[str, Callable[[random.Random, list[str]], None]] = {
    "controls": _insert_controls,
    "delete-lines": _delete_lines,
    "duplicate-lines": _duplicate_lines,
    "long-line": _long_line,
    "brackets": _brackets,
    "random-vietnamese": _random_vietnamese,
    "stray-numbering": _stray_numbering,
    "shuffle": _shuffle_block,
    "decompose": _decompose,
    "digits": _digits,
    "truncate": _truncate,
}


def _text_case(rng: random.Random, number: int) -> Case:
    source = rng.choice(PLANS)
    lines = source.read_text(encoding="utf-8").split("\n")
    names = rng.sample(sorted(TEXT_MUTATIONS), rng.randint(1, 3))
    for name in names:
        TEXT_MUTATIONS[name](rng, lines)
        if not lines:
            lines = [""]
    newline = rng.choice(["\n", "\n", "\r\n", "\r"])
    data = newline.join(lines).encode("utf-8")
    if rng.random() < 0.15:  # a few bytes that are not UTF-8
        names.append("bad-bytes")
        for _ in range(rng.randint(1, 4)):
            pos = rng.randint(0, len(data))
            data = data[:pos] + rng.choice(INVALID_UTF8) + data[pos:]
    return Case(number, "text", source, names, data, source.suffix)


# --- .docx mutations ------------------------------------------------------------------------------------------


@cache
def _docx_of(path: Path) -> bytes:
    """The plan rendered to .docx by our own writer: a real Word document of the genre to mutate."""
    from docgen.render import docx_bytes, plan_spec
    from extract import extract_file

    return docx_bytes(plan_spec(extract_file(path)))


def _docx_mutate(rng: random.Random, data: bytes, names: list[str]) -> bytes:
    import docx

    doc = docx.Document(io.BytesIO(data))
    body = doc.element.body
    paras = list(doc.paragraphs)
    for name in names:
        if name == "shuffle-paragraphs" and len(paras) > 3:
            i = rng.randrange(len(paras) - 2)
            part = [p._p for p in paras[i : i + rng.randint(2, 30)]]
            anchor = part[0].getprevious()
            for el in part:
                body.remove(el)
            rng.shuffle(part)
            for el in reversed(part):
                (anchor.addnext(el) if anchor is not None else body.insert(0, el))
        elif name == "empty-table":
            anchor = rng.choice(paras)._p if paras else None
            table = doc.add_table(rows=rng.randint(0, 3), cols=rng.randint(1, 4))
            if anchor is not None:
                anchor.addnext(table._tbl)
        elif name == "merged-cells":
            table = doc.add_table(rows=4, cols=4)
            words = _syllables()
            for row in table.rows:
                for cell in row.cells:
                    cell.text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
            table.cell(0, 0).merge(table.cell(rng.randint(0, 3), rng.randint(1, 3)))
            table.cell(3, 0).merge(table.cell(3, 3))
            if paras:
                rng.choice(paras)._p.addnext(table._tbl)
        elif name == "giant-run" and paras:
            p = rng.choice(paras)
            text = (p.text or "Sở Tài chính chủ trì") + ", "
            p.add_run(text * (rng.randint(5_000, 30_000) // len(text) + 1))
        elif name == "delete-paragraphs":
            for p in rng.sample(paras, min(len(paras), rng.randint(1, 20))):
                if p._p.getparent() is not None:
                    p._p.getparent().remove(p._p)
            paras = list(doc.paragraphs)
        elif name == "nested-table" and doc.tables:
            cell = doc.tables[0].cell(0, 0)
            inner = cell.add_table(rows=2, cols=2)
            inner.cell(0, 0).text = "Sở Tài chính chủ trì, phối hợp"
        elif name == "stray-numbering" and paras:
            for p in rng.sample(paras, min(len(paras), 10)):
                p.insert_paragraph_before(rng.choice(NUMBERING))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


DOCX_MUTATIONS = [
    "shuffle-paragraphs",
    "empty-table",
    "merged-cells",
    "giant-run",
    "delete-paragraphs",
    "nested-table",
    "stray-numbering",
]


def _docx_case(rng: random.Random, number: int) -> Case:
    source = rng.choice(PLANS)
    names = rng.sample(DOCX_MUTATIONS, rng.randint(1, 3))
    return Case(number, "docx", source, names, _docx_mutate(rng, _docx_of(source), names), ".docx")


def make_case(seed: int, number: int, docx_share: float = 0.2) -> Case:
    """Case `number` of the run seeded `seed`: the same bytes on every machine and every run."""
    rng = random.Random(f"{seed}:{number}")
    return _docx_case(rng, number) if rng.random() < docx_share else _text_case(rng, number)


# --- the chain ------------------------------------------------------------------------------------------------


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """SIGALRM after `seconds` (main thread, Unix): a pattern that backtracks is reported, not waited for."""
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def alarm(signum, frame):
        raise Hang(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _span_problems(plan) -> list[str]:
    """Sources outside the text, and items whose span does not hold their first words."""
    from extract.normalize import match_key

    n = len(plan.text)
    bad = []
    items = [(t.source, t.text) for t in plan.targets] + [(d.source, d.text) for d in plan.deadlines]
    items += [(r.source, r.agency) for r in plan.responsibilities]
    items += [(t.source, t.text) for r in plan.responsibilities for t in r.tasks]
    items += [(b.source, b.number_symbol or b.kind) for b in plan.legal_bases]
    for src, words in items:
        if src.start is None or src.end is None:
            continue
        if not 0 <= src.start <= src.end <= n:
            bad.append(f"span {src.start}:{src.end} outside a text of {n}")
            continue
        head = " ".join(words.split()[:8])
        if match_key(head) not in match_key(plan.text[src.start : src.end]):
            bad.append(f"{head[:40]!r} not in its span {plan.text[src.start : src.end][:40]!r}")
    return bad


def run_chain(case: Case, workdir: Path, deep: bool = True) -> None:
    """Raise on any failure. `deep`: diff, coverage, derive and render too (the slower half)."""
    from extract import extract_file
    from extract.model import Plan

    path = workdir / f"case-{case.number}{case.suffix}"
    path.write_bytes(case.data)
    plan = extract_file(path)
    again = Plan.model_validate_json(plan.model_dump_json())
    if again.model_dump() != plan.model_dump():
        raise AssertionError("roundtrip: the plan read back from JSON differs")
    if problems := _span_problems(plan):
        raise AssertionError(f"span: {problems[0]} ({len(problems)} in all)")
    if not deep:
        return
    from docgen.derive import DeriveError, DeriveOptions, derive
    from docgen.render import RenderError, render_plan
    from extract.compare import coverage, diff_plans

    original = _original_plan(case.source)
    diff_plans(original, plan)
    diff_plans(plan, original)
    coverage(original, plan)
    try:
        derived = derive(plan, DeriveOptions(unit="UBND xã Quản Bạ", date="2026"))
    except DeriveError:
        return  # a refusal with a reason (no level, no tasks) is an answer, not a crash
    try:
        render_plan(derived.plan, workdir / f"case-{case.number}-derived.docx", force=True)
    except RenderError:
        return


@cache
def _original_plan(path: Path):
    from extract import extract_file

    return extract_file(path)


def run_case(case: Case, workdir: Path, limit: float, deep: bool = True) -> Outcome:
    t0 = time.perf_counter()
    failure = None
    try:
        with time_limit(limit):
            run_chain(case, workdir, deep)
    except Hang as exc:
        failure = f"hang: {exc}"
    except AssertionError as exc:
        failure = str(exc)
    except Exception:
        failure = "crash: " + traceback.format_exc(limit=-4).strip().replace("\n", " | ")
    finally:
        for f in workdir.glob(f"case-{case.number}*"):
            f.unlink()
    return Outcome(case, time.perf_counter() - t0, failure)


def describe(o: Outcome) -> str:
    c = o.case
    return f"case {c.number} ({c.kind} from {c.source.name}: {', '.join(c.mutations)}) {o.seconds:.2f} s"
