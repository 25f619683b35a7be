"""Scoring extraction against hand-written gold files (format: corpus/GOLD_FORMAT.md).

Per field: exact match for header and signer fields; precision, recall and F1 for the list fields, with
one-to-one greedy matching so a duplicate prediction is a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .agencies import normalize_agency
from .blocks import ReadError
from .model import Plan
from .normalize import match_key

HEADER_FIELDS = [
    "doc_type",
    "governing_body",
    "issuing_body",
    "level",
    "number",
    "symbol",
    "convention",
    "place",
    "date",
    "title",
]
SIGNER_FIELDS = ["authority", "on_behalf", "title", "name"]
LIST_FIELDS = ["targets", "responsibilities", "legal_bases", "deadlines"]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class DocScore:
    gold: str
    document: str
    error: str | None = None
    exact: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> (correct, total)
    lists: dict[str, Counts] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-9
    return match_key(str(a)) == match_key(str(b))


def _match(gold: list[dict], pred: list[dict], ok: Callable[[dict, dict], float | None]) -> tuple[Counts, list[str]]:
    """Greedy one-to-one matching by best score; `ok` returns a score or None when the pair cannot match."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = ok(g, p)
            if s is not None:
                pairs.append((s, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p = set(), set()
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    missed = [json.dumps(g, ensure_ascii=False) for i, g in enumerate(gold) if i not in used_g]
    extra = [json.dumps(p, ensure_ascii=False) for i, p in enumerate(pred) if i not in used_p]
    notes = [f"missed {m}" for m in missed] + [f"extra {e}" for e in extra]
    return Counts(tp=len(used_g), fp=len(pred) - len(used_p), fn=len(gold) - len(used_g)), notes


def _target_ok(g: dict, p: dict) -> float | None:
    for k in ("value", "value_max", "unit", "qualifier", "year"):
        if k in g and not _same(g[k], p.get(k)):
            return None
    sim = fuzz.token_set_ratio(match_key(g.get("indicator", "")), match_key(p.get("indicator", "")))
    return sim if sim >= 60 else None


def _resp_ok(g: dict, p: dict) -> float | None:
    if g.get("role") is not None and g["role"] != p.get("role"):
        return None
    ga = match_key(normalize_agency(g["agency"]))
    sim = max(
        fuzz.ratio(ga, match_key(p.get("agency_normalized", ""))),
        fuzz.ratio(match_key(g["agency"]), match_key(p.get("agency", ""))),
    )
    return sim if sim >= 85 else None


def _legal_ok(g: dict, p: dict) -> float | None:
    if g.get("number_symbol"):
        if not _same(g["number_symbol"], p.get("number_symbol")):
            return None
    elif not _same(g.get("kind"), p.get("kind")):
        return None
    elif g.get("subject") and fuzz.token_set_ratio(match_key(g["subject"]), match_key(p.get("subject") or "")) < 70:
        return None
    if g.get("date") and not _same(g["date"], p.get("date")):
        return None
    return 100.0


def _deadline_ok(g: dict, p: dict) -> float | None:
    for k in ("recurrence", "day", "month", "year"):
        if k in g and not _same(g[k], p.get(k)):
            return None
    return 100.0


_MATCHERS = {"targets": _target_ok, "responsibilities": _resp_ok, "legal_bases": _legal_ok, "deadlines": _deadline_ok}


def resolve_document(gold_path: Path, document: str, docs_dirs: list[Path]) -> Path | None:
    candidate = (gold_path.parent / document).resolve()
    if candidate.exists():
        return candidate
    for d in docs_dirs:
        c = d / Path(document).name
        if c.exists():
            return c
    return None


def score_plan(gold: dict, plan: Plan, gold_name: str = "", document: str = "") -> DocScore:
    ds = DocScore(gold=gold_name, document=document)
    pd = plan.model_dump(mode="json")
    for section, fields in (("header", HEADER_FIELDS), ("signer", SIGNER_FIELDS)):
        for f in fields:
            if section in gold and f in gold[section]:
                got = pd[section].get(f)
                want = gold[section][f]
                ok = (
                    _same(want, got)
                    if f != "title"
                    else (want is None and got is None)
                    or (want is not None and got is not None and fuzz.ratio(match_key(want), match_key(got)) >= 90)
                )
                ds.exact[f"{section}.{f}"] = (int(ok), 1)
                if not ok:
                    ds.mismatches.append(f"{section}.{f}: expected {want!r}, got {got!r}")
    for name in LIST_FIELDS:
        if name in gold:
            counts, notes = _match(gold[name], pd[name], _MATCHERS[name])
            ds.lists[name] = counts
            ds.mismatches += [f"{name}: {n}" for n in notes]
    if "warnings" in gold:
        codes = {w["code"] for w in pd["warnings"]}
        expected = set(gold["warnings"])
        ds.lists["warnings"] = Counts(tp=len(expected & codes), fp=0, fn=len(expected - codes))
        ds.mismatches += [f"warnings: missed {c}" for c in sorted(expected - codes)]
    return ds


def evaluate_dir(gold_dir: Path, docs_dirs: list[Path], extract: Callable[[Path], Plan]) -> list[DocScore]:
    scores = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            scores.append(DocScore(gold=gold_path.name, document="", error=f"gold file is not valid JSON: {exc}"))
            continue
        doc = resolve_document(gold_path, gold.get("document", ""), docs_dirs)
        if doc is None:
            scores.append(
                DocScore(
                    gold=gold_path.name, document=gold.get("document", ""), error="document not found (give --docs DIR)"
                )
            )
            continue
        try:
            plan = extract(doc)
        except ReadError as exc:
            scores.append(DocScore(gold=gold_path.name, document=str(doc), error=str(exc)))
            continue
        scores.append(score_plan(gold, plan, gold_path.name, str(doc)))
    return scores


def summarize(scores: list[DocScore]) -> dict[str, dict[str, float]]:
    """Micro-averaged totals per field across documents."""
    exact: dict[str, list[int]] = {}
    lists: dict[str, Counts] = {}
    for s in scores:
        for f, (ok, n) in s.exact.items():
            e = exact.setdefault(f, [0, 0])
            e[0] += ok
            e[1] += n
        for f, c in s.lists.items():
            lists.setdefault(f, Counts()).add(c)
    out: dict[str, dict[str, float]] = {}
    for f, c in lists.items():
        out[f] = {"precision": c.precision, "recall": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn}
    for f, (ok, n) in sorted(exact.items()):
        out[f] = {"accuracy": ok / n if n else 1.0, "correct": ok, "total": n}
    return out


def per_document(scores: list[DocScore]) -> list[dict[str, Any]]:
    """One row per gold file: F1 and counts of each scored list field, and correct/total of header and signer
    fields, so a reviewer sees which document a field's score is lost on."""
    rows: list[dict[str, Any]] = []
    for s in scores:
        row: dict[str, Any] = {
            "gold": s.gold,
            "document": Path(s.document).name if s.document else "",
            "error": s.error,
        }
        for name, c in s.lists.items():
            row[name] = {"f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn}
        for part in ("header", "signer"):
            got = [ok for f, (ok, _) in s.exact.items() if f.startswith(part + ".")]
            if got:
                row[part] = {"correct": sum(got), "total": len(got)}
        rows.append(row)
    return rows
