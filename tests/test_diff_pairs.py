"""The diff evaluator (extract/compare/pair_eval.py, `kehoach eval-diff`) and the hand-made pairs in corpus/pairs.

The matching logic is checked on hand-built PlanDiffs, so it can fail on its own; the last test scores the
real engine on every pair and must reach precision and recall 1.0.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS
from typer.testing import CliRunner

from extract.compare.model import Change, ChangeKind, PlanDiff, Side
from extract.compare.pair_eval import (
    ExpectedChange,
    PairsError,
    change_fits,
    evaluate_pairs,
    load_spec,
    match_changes,
)
from extract.model import Plan

PAIRS = CORPUS / "pairs"


def _chg(
    kind: str,
    summary: str,
    old: str = "",
    new: str = "",
    old_value: str | None = None,
    new_value: str | None = None,
    **detail,
) -> Change:
    return Change(
        kind=ChangeKind(kind),
        summary=summary,
        old=Side(text=old, value=old_value) if old or old_value else None,
        new=Side(text=new, value=new_value) if new or new_value else None,
        detail=detail,
    )


def _exp(kind: str, match: str | None = None, field: str | None = None) -> ExpectedChange:
    return ExpectedChange(kind=ChangeKind(kind), match=match, field=field)


RAISED = _chg(
    "target_raised",
    "Target raised 43% → 44%: nhà giáo đạt trình độ thạc sỹ",
    old="Đảm bảo ít nhất 43% nhà giáo đạt trình độ thạc sỹ.",
    new="Đảm bảo ít nhất 44% nhà giáo đạt trình độ thạc sỹ.",
    old_value="ít nhất 43%",
    new_value="ít nhất 44%",
)
DATE = _chg(
    "header_changed",
    "Header date: 2025-01-20 → 2025-02-05",
    old="2025-01-20",
    new="2025-02-05",
    old_value="2025-01-20",
    new_value="2025-02-05",
    field="date",
)
NUMBER = _chg(
    "header_changed",
    "Header number symbol: 45/KH-UBND → 52/KH-UBND",
    old="45/KH-UBND",
    new="52/KH-UBND",
    old_value="45/KH-UBND",
    new_value="52/KH-UBND",
    field="number_symbol",
)
MERGER = _chg(
    "agency_renamed",
    "Agency renamed (2025 merger): Sở Lao động - Thương binh và Xã hội → Sở Nội vụ",
    old="1. Sở Lao động - Thương binh và Xã hội",
    new="1. Sở Nội vụ",
)


# --- one change against one expectation -------------------------------------------------------------------


def test_fits_needs_same_kind():
    assert change_fits(_exp("target_raised"), RAISED)
    assert not change_fits(_exp("target_lowered"), RAISED)


@pytest.mark.parametrize(
    "needle",
    [
        "thạc sỹ",  # as written
        "THẠC SỸ",  # case
        unicodedata.normalize("NFD", "thạc sỹ"),  # decomposed
        "thac sy",  # no diacritics
        "44%",  # a value, found in new.value and the summary
    ],
)
def test_match_ignores_case_form_and_accents(needle):
    assert change_fits(_exp("target_raised", needle), RAISED)


def test_match_tone_placement_and_dashes():
    change = _chg(
        "agency_renamed",
        "Agency renamed: Sở Văn hoá và Thể thao → Sở Văn hóa, Thể thao và Du lịch",
        old="Sở Văn hoá và Thể thao",
        new="Sở Văn hóa, Thể thao và Du lịch",
    )
    assert "hoá" in change.old.text and "hóa" not in change.old.text
    assert change_fits(_exp("agency_renamed", "Sở Văn hóa và Thể thao"), change)  # the other tone placement
    assert change_fits(_exp("agency_renamed", "Thương binh và Xã hội"), MERGER)
    assert change_fits(_exp("agency_renamed", "Lao động – Thương binh"), MERGER)  # en dash in the expectation


def test_match_text_must_be_found():
    assert not change_fits(_exp("target_raised", "tiến sỹ"), RAISED)
    assert not change_fits(_exp("agency_renamed", "Sở Tài chính"), MERGER)


def test_field_compared_with_detail():
    assert change_fits(_exp("header_changed", field="date"), DATE)
    assert not change_fits(_exp("header_changed", field="date"), NUMBER)
    assert change_fits(_exp("header_changed", "52/KH-UBND", field="number_symbol"), NUMBER)
    assert not change_fits(_exp("header_changed", "52/KH-UBND", field="date"), NUMBER)


# --- matching a list ---------------------------------------------------------------------------------------


def test_one_detected_change_per_expectation():
    matched, missed, unexpected = match_changes([_exp("target_raised"), _exp("target_raised")], [RAISED])
    assert len(matched) == 1 and len(missed) == 1 and unexpected == []


def test_duplicate_detection_is_unexpected():
    matched, missed, unexpected = match_changes([_exp("target_raised", "thạc sỹ")], [RAISED, RAISED.model_copy()])
    assert len(matched) == 1 and missed == [] and len(unexpected) == 1


def test_specific_expectations_pick_first():
    """A bare `kind` listed first must not take the change that a `match` expectation needs."""
    a = _chg("paragraph_added", "Added in III.3.: Thực hiện tinh giản biên chế", new="- Thực hiện tinh giản biên chế.")
    b = _chg(
        "paragraph_added",
        "Added in III.1.: Rà soát văn bản quy phạm pháp luật",
        new="- Rà soát văn bản quy phạm pháp luật.",
    )
    expected = [_exp("paragraph_added"), _exp("paragraph_added", "Rà soát văn bản")]
    matched, missed, unexpected = match_changes(expected, [b, a])
    assert missed == [] and unexpected == []
    assert dict((e.match, c) for e, c in matched)["Rà soát văn bản"] is b


def test_wrong_kind_is_both_missed_and_unexpected():
    reworded = _chg(
        "paragraph_reworded", "Reworded V.3.: +«Chủ trì,»", old="- Phối hợp với …", new="- Chủ trì, phối hợp với …"
    )
    matched, missed, unexpected = match_changes([_exp("role_changed", "Công an tỉnh")], [reworded])
    assert matched == [] and [e.kind for e in missed] == [ChangeKind.role_changed] and unexpected == [reworded]


# --- whole runs with a stand-in extractor and diff ---------------------------------------------------------


def _write_pair(root: Path, name: str, expected: object, old: str = "old.md", new: str = "new.md") -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / old).write_text("KẾ HOẠCH\n", encoding="utf-8")
    (d / new).write_text("KẾ HOẠCH\n", encoding="utf-8")
    (d / "expected.yaml").write_text(
        expected if isinstance(expected, str) else yaml.safe_dump(expected, allow_unicode=True), encoding="utf-8"
    )
    return d


def _stand_ins(diffs: dict[str, list[Change]], broken: set[str] = frozenset()):
    def extract(path: Path) -> Plan:
        if path.parent.name in broken:
            raise ValueError(f"{path}: cannot read")
        return Plan(file=str(path))

    def diff(old: Plan, new: Plan) -> PlanDiff:
        return PlanDiff(changes=diffs[Path(old.file).parent.name])

    return extract, diff


def test_scores_per_pair_and_overall(tmp_path):
    _write_pair(
        tmp_path,
        "a-header",
        {
            "old": "old.md",
            "new": "new.md",
            "changes": [
                {"kind": "header_changed", "field": "date"},
                {"kind": "header_changed", "field": "number_symbol", "match": "52/KH-UBND"},
                {"kind": "agency_renamed", "match": "Sở Nội vụ"},
            ],
        },
    )
    _write_pair(
        tmp_path,
        "b-targets",
        {
            "old": "old.md",
            "new": "new.md",
            "changes": [
                {"kind": "target_raised", "match": "thạc sỹ"},
                {"kind": "target_year_changed"},
            ],
        },
    )
    _write_pair(tmp_path, "c-none", {"old": "old.md", "new": "new.md", "changes": []})
    extra = _chg("paragraph_reworded", "Reworded : «Lao động - Thương binh và Xã hội» → «Nội vụ»")
    extract, diff = _stand_ins({"a-header": [NUMBER, DATE, MERGER, extra], "b-targets": [RAISED], "c-none": []})
    res = evaluate_pairs(tmp_path, extract, diff)
    by = {p.name: p for p in res.pairs}
    assert [p.name for p in res.pairs] == ["a-header", "b-targets", "c-none"]
    assert (by["a-header"].precision, by["a-header"].recall) == (0.75, 1.0)
    assert by["a-header"].unexpected == [extra]
    assert (by["b-targets"].precision, by["b-targets"].recall) == (1.0, 0.5)
    assert [e.kind for e in by["b-targets"].missed] == [ChangeKind.target_year_changed]
    assert (by["c-none"].precision, by["c-none"].recall) == (1.0, 1.0)
    assert res.precision == pytest.approx(4 / 5) and res.recall == pytest.approx(4 / 5)
    kinds = res.per_kind()
    assert kinds["header_changed"] == {"expected": 2, "detected": 2, "matched": 2}
    assert kinds["paragraph_reworded"] == {"expected": 0, "detected": 1, "matched": 0}
    assert kinds["target_year_changed"] == {"expected": 1, "detected": 0, "matched": 0}
    out = json.loads(json.dumps(res.to_dict(), ensure_ascii=False))
    assert out["overall"]["matched"] == 4 and out["pairs"][0]["unexpected"][0]["kind"] == "paragraph_reworded"


def test_unreadable_pair_is_reported_not_fatal(tmp_path):
    _write_pair(tmp_path, "good", {"old": "old.md", "new": "new.md", "changes": [{"kind": "target_raised"}]})
    _write_pair(
        tmp_path,
        "broken",
        {"old": "old.md", "new": "new.md", "changes": [{"kind": "legal_added"}, {"kind": "legal_removed"}]},
    )
    extract, diff = _stand_ins({"good": [RAISED]}, broken={"broken"})
    res = evaluate_pairs(tmp_path, extract, diff)
    by = {p.name: p for p in res.pairs}
    assert "cannot read" in by["broken"].error and by["broken"].recall == 0.0 and len(by["broken"].missed) == 2
    assert by["good"].error is None and by["good"].recall == 1.0
    assert res.recall == pytest.approx(1 / 3)
    assert res.to_dict()["errors"] == [f"broken: ValueError: {tmp_path / 'broken' / 'old.md'}: cannot read"]


def test_one_pair_folder_is_accepted(tmp_path):
    d = _write_pair(tmp_path, "only", {"old": "old.md", "new": "new.md", "changes": [{"kind": "target_raised"}]})
    extract, diff = _stand_ins({"only": [RAISED]})
    assert [p.name for p in evaluate_pairs(d, extract, diff).pairs] == ["only"]


# --- expected.yaml validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "old: old.md\nnew: new.md\nchanges:\n  - kind: target_rised\n",
            "changes[0].kind: unknown change kind 'target_rised'",
        ),
        (
            "old: old.md\nnew: new.md\nchanges:\n  - kind: target_raised\n    field: date\n",
            "field is only for header_changed",
        ),
        (
            "old: old.md\nnew: new.md\nchanges:\n  - kind: header_changed\n    field: ngay\n",
            "unknown header field 'ngay'",
        ),
        (
            "old: old.md\nnew: new.md\nchanges:\n  - kind: target_raised\n    mach: 43%\n",
            "changes[0].mach: unknown key",
        ),
        ("old: old.md\nnew: new.md\nchanges:\n  - kind: target_raised\n    match: ' - '\n", "match is blank"),
        ("old: old.md\nchanges: []\n", "new: missing"),
        ("old: old.md\nnew: new.md\nchanges:\n  - kind: [target_raised\n", "not valid YAML at line"),
        ("- kind: target_raised\n", "expected a mapping"),
        ("old: cu.docx\nnew: new.md\nchanges: []\n", "old file 'cu.docx' not found"),
    ],
)
def test_malformed_expected_names_file_and_problem(tmp_path, text, problem):
    d = _write_pair(tmp_path, "bad", text)
    with pytest.raises(PairsError) as err:
        load_spec(d / "expected.yaml")
    msg = str(err.value)
    assert msg.startswith(str(d / "expected.yaml") + ": ") and problem in msg and "\n" not in msg


def test_empty_changes_means_no_change(tmp_path):
    d = _write_pair(tmp_path, "none", "old: old.md\nnew: new.md\nchanges:\n")
    assert load_spec(d / "expected.yaml").changes == []


def test_no_pairs_is_an_error(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(PairsError, match="no pairs"):
        evaluate_pairs(tmp_path)
    with pytest.raises(PairsError, match="not a folder"):
        evaluate_pairs(tmp_path / "missing")


def test_bad_yaml_stops_before_any_extraction(tmp_path):
    _write_pair(tmp_path, "a-good", {"old": "old.md", "new": "new.md", "changes": []})
    _write_pair(tmp_path, "b-bad", "old: old.md\nnew: new.md\nchanges:\n  - kind: nope\n")
    calls: list[Path] = []

    def extract(path: Path) -> Plan:
        calls.append(path)
        return Plan(file=str(path))

    with pytest.raises(PairsError, match="b-bad"):
        evaluate_pairs(tmp_path, extract, lambda o, n: PlanDiff())
    assert calls == []


# --- the command ---------------------------------------------------------------------------------------------


def _cli(*args: str):
    from docgen.cli import app

    return CliRunner().invoke(app, ["eval-diff", *args])


def test_cli_malformed_yaml_exits_1_naming_file(tmp_path):
    d = _write_pair(tmp_path, "bad", "old: old.md\nnew: new.md\nchanges:\n  - kind: target_raised\n    field: date\n")
    res = _cli(str(tmp_path))
    assert res.exit_code == 1
    assert f"{d / 'expected.yaml'}: changes[0]: field is only for header_changed" in res.output
    assert "Traceback" not in res.output


def test_cli_no_pairs_exits_1(tmp_path):
    res = _cli(str(tmp_path))
    assert res.exit_code == 1 and "no pairs" in res.output


def test_engine_reports_exactly_the_expected_changes():
    res = evaluate_pairs(PAIRS)
    problems = []
    for p in res.pairs:
        if p.error:
            problems.append(f"{p.name}: {p.error}")
        problems += [f"{p.name}: missed {e.label()}" for e in p.missed]
        problems += [f"{p.name}: unexpected {c.kind.value}: {c.summary}" for c in p.unexpected]
    assert (res.precision, res.recall) == (1.0, 1.0), "\n".join(problems)
