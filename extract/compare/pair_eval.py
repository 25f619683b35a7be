"""Scoring the diff against hand-made plan pairs (format: corpus/pairs/README.md).

Each pair folder holds an old and a new plan and `expected.yaml`, the changes a reviewer would report.
Detected changes are matched one-to-one to expected ones (same kind, same header field when given, the
`match` text found in the change), greedily, most specific expectation first, so a duplicate or a change
of the wrong kind counts as unexpected and lowers precision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ..model import Plan
from ..normalize import loose_key
from .model import Change, ChangeKind, PlanDiff

EXPECTED_FILE = "expected.yaml"
HEADER_FIELDS = ("number_symbol", "date", "title", "issuing_body", "place", "doc_type", "signer")


class PairsError(ValueError):
    """A pairs folder or an expected.yaml that cannot be evaluated; the message names the file."""


# --- expected.yaml --------------------------------------------------------------------------------------


class ExpectedChange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind
    match: str | None = None
    field: str | None = None

    @field_validator("match")
    @classmethod
    def _match_not_blank(cls, v: str | None) -> str | None:
        if v is not None and not any(ch.isalnum() for ch in v):
            raise ValueError("match is blank (no letter or digit)")
        return v

    @model_validator(mode="after")
    def _field_for_header(self) -> ExpectedChange:
        if self.field is not None:
            if self.kind is not ChangeKind.header_changed:
                raise ValueError(f"field is only for header_changed, not {self.kind.value}")
            if self.field not in HEADER_FIELDS:
                raise ValueError(f"unknown header field {self.field!r} (one of {', '.join(HEADER_FIELDS)})")
        return self

    def label(self) -> str:
        extra = [f"field={self.field}"] if self.field else []
        extra += [f"match={self.match!r}"] if self.match else []
        return self.kind.value + (f" ({', '.join(extra)})" if extra else "")


class PairSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old: str
    new: str
    changes: list[ExpectedChange]


def _pydantic_problem(exc: ValidationError) -> str:
    """The first validation error as one short phrase: where, then what."""
    err = exc.errors()[0]
    where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in err["loc"]).replace(".[", "[")
    if err["type"] == "enum":
        what = f"unknown change kind {err['input']!r}"
    elif err["type"] == "missing":
        what = "missing"
    elif err["type"] == "extra_forbidden":
        what = "unknown key"
    else:
        what = err["msg"].removeprefix("Value error, ")
    return f"{where}: {what}" if where else what


def load_spec(path: Path) -> PairSpec:
    """Read and check one expected.yaml; the old and new files must exist next to it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PairsError(f"{path}: not valid YAML{where} ({getattr(exc, 'problem', None) or exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PairsError(f"{path}: cannot read ({exc})") from None
    if not isinstance(data, dict):
        raise PairsError(f"{path}: expected a mapping with old, new and changes")
    if data.get("changes", ...) is None:  # "changes:" with nothing after it means no changes
        data["changes"] = []
    try:
        spec = PairSpec.model_validate(data)
    except ValidationError as exc:
        raise PairsError(f"{path}: {_pydantic_problem(exc)}") from None
    for side in ("old", "new"):
        if not (path.parent / getattr(spec, side)).is_file():
            raise PairsError(f"{path}: {side} file {getattr(spec, side)!r} not found")
    return spec


def find_pairs(pairs_dir: Path) -> list[Path]:
    """Pair folders under `pairs_dir` (or `pairs_dir` itself when it is one pair), sorted by name."""
    if not pairs_dir.is_dir():
        raise PairsError(f"{pairs_dir}: not a folder")
    if (pairs_dir / EXPECTED_FILE).is_file():
        return [pairs_dir]
    found = sorted(p.parent for p in pairs_dir.glob(f"*/{EXPECTED_FILE}"))
    if not found:
        raise PairsError(f"{pairs_dir}: no pairs (no */{EXPECTED_FILE})")
    return found


# --- matching -------------------------------------------------------------------------------------------


def _haystacks(change: Change) -> list[str]:
    out = [change.summary]
    for side in (change.old, change.new):
        if side is not None:
            out += [side.text, side.value or ""]
    return out


def change_fits(exp: ExpectedChange, change: Change) -> bool:
    """Same kind, same header field when one is expected, and the match text found in the change."""
    if change.kind is not exp.kind:
        return False
    if exp.field is not None and change.detail.get("field") != exp.field:
        return False
    if exp.match is not None:
        needle = loose_key(exp.match)
        return any(needle in loose_key(h) for h in _haystacks(change) if h)
    return True


def match_changes(
    expected: list[ExpectedChange], detected: list[Change]
) -> tuple[list[tuple[ExpectedChange, Change]], list[ExpectedChange], list[Change]]:
    """(matched pairs, missed expected, unexpected detected). Greedy, one detected change per expectation.

    Expectations with more constraints pick first, so a bare `kind: x` cannot take the change that a
    `kind: x, match: …` needs.
    """
    order = sorted(
        range(len(expected)), key=lambda i: -((expected[i].match is not None) + (expected[i].field is not None))
    )
    used: set[int] = set()
    hit: dict[int, int] = {}
    for i in order:
        j = next((j for j, c in enumerate(detected) if j not in used and change_fits(expected[i], c)), None)
        if j is not None:
            used.add(j)
            hit[i] = j
    matched = [(expected[i], detected[hit[i]]) for i in range(len(expected)) if i in hit]
    missed = [e for i, e in enumerate(expected) if i not in hit]
    unexpected = [c for j, c in enumerate(detected) if j not in used]
    return matched, missed, unexpected


# --- results --------------------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass
class PairResult:
    name: str
    old: str = ""
    new: str = ""
    expected: list[ExpectedChange] = field(default_factory=list)
    detected: list[Change] = field(default_factory=list)
    matched: list[tuple[ExpectedChange, Change]] = field(default_factory=list)
    missed: list[ExpectedChange] = field(default_factory=list)
    unexpected: list[Change] = field(default_factory=list)
    error: str | None = None

    @property
    def precision(self) -> float:
        return _ratio(len(self.matched), len(self.detected))

    @property
    def recall(self) -> float:
        return _ratio(len(self.matched), len(self.expected))

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": self.name,
            "old": self.old,
            "new": self.new,
            "error": self.error,
            "expected": len(self.expected),
            "detected": len(self.detected),
            "matched": len(self.matched),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "missed": [e.model_dump(exclude_none=True, mode="json") for e in self.missed],
            "unexpected": [{"kind": c.kind.value, "summary": c.summary} for c in self.unexpected],
        }


@dataclass
class EvalResult:
    pairs: list[PairResult]

    def _sum(self, attr: str) -> int:
        return sum(len(getattr(p, attr)) for p in self.pairs)

    @property
    def precision(self) -> float:
        return _ratio(self._sum("matched"), self._sum("detected"))

    @property
    def recall(self) -> float:
        return _ratio(self._sum("matched"), self._sum("expected"))

    def per_kind(self) -> dict[str, dict[str, int]]:
        """{kind: {expected, detected, matched}} over all pairs, in ChangeKind order, kinds seen only."""
        out: dict[str, dict[str, int]] = {}
        for kind in ChangeKind:
            c = {
                "expected": sum(1 for p in self.pairs for e in p.expected if e.kind is kind),
                "detected": sum(1 for p in self.pairs for d in p.detected if d.kind is kind),
                "matched": sum(1 for p in self.pairs for e, _ in p.matched if e.kind is kind),
            }
            if c["expected"] or c["detected"]:
                out[kind.value] = c
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "overall": {
                "expected": self._sum("expected"),
                "detected": self._sum("detected"),
                "matched": self._sum("matched"),
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
            },
            "per_kind": self.per_kind(),
            "errors": [f"{p.name}: {p.error}" for p in self.pairs if p.error],
        }


# --- running --------------------------------------------------------------------------------------------

Extractor = Callable[[Path], Plan]
Differ = Callable[[Plan, Plan], PlanDiff]


def _default_extract(path: Path) -> Plan:
    from ..pipeline import extract_file

    return extract_file(path)


def _default_diff(old: Plan, new: Plan) -> PlanDiff:
    from . import diff_plans

    return diff_plans(old, new)


def evaluate_pair(pair_dir: Path, extract: Extractor | None = None, diff: Differ | None = None) -> PairResult:
    """Score one pair. A bad expected.yaml raises PairsError; a failing extraction or diff is recorded."""
    spec = load_spec(pair_dir / EXPECTED_FILE)
    res = PairResult(name=pair_dir.name, old=spec.old, new=spec.new, expected=list(spec.changes))
    try:
        old_plan = (extract or _default_extract)(pair_dir / spec.old)
        new_plan = (extract or _default_extract)(pair_dir / spec.new)
        res.detected = list((diff or _default_diff)(old_plan, new_plan).changes)
    except Exception as exc:  # noqa: BLE001 - a report must go on past one broken pair
        res.error = f"{type(exc).__name__}: {exc}"
        res.missed = list(spec.changes)
        return res
    res.matched, res.missed, res.unexpected = match_changes(res.expected, res.detected)
    return res


def evaluate_pairs(pairs_dir: Path | str, extract: Extractor | None = None, diff: Differ | None = None) -> EvalResult:
    """Score every pair under `pairs_dir`. All expected.yaml files are checked before any extraction."""
    dirs = find_pairs(Path(pairs_dir))
    for d in dirs:
        load_spec(d / EXPECTED_FILE)
    return EvalResult([evaluate_pair(d, extract, diff) for d in dirs])
