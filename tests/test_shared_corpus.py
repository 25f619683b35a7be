"""Every real document in ../shared/corpus extracts without an error, and matches the hand-made gold
(corpus/gold-shared) where it is given. Skips cleanly where ../shared is absent."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, SHARED_CORPUS

from extract import extract_file
from extract.evaluate import evaluate_dir, score_plan, summarize
from extract.lexicon import load

DOCS = sorted(p for p in SHARED_CORPUS.glob("*") if p.name != "SOURCES.md") if SHARED_CORPUS.is_dir() else []
GOLD = {json.loads(p.read_text(encoding="utf-8"))["document"]: p for p in (CORPUS / "gold-shared").glob("*.json")}


@pytest.fixture(autouse=True)
def _ocr_one_page(monkeypatch):
    monkeypatch.setenv("KEHOACH_OCR_MAX_PAGES", "1")  # scans: OCR the first page only, to keep the suite short


@pytest.mark.slow
@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:28])
def test_real_document_extracts(path):
    plan = extract_file(path)  # a ReadError or any exception fails the test
    assert plan.text.strip(), path.name
    gold = json.loads(GOLD[path.name].read_text(encoding="utf-8")) if path.name in GOLD else None
    appendix = plan.header.doc_type_code == load("header")["appendix_code"]  # filed alone: no header bodies
    if gold is not None and "issuing_body" in gold["header"]:
        appendix = gold["header"]["issuing_body"] is None
    assert bool(plan.header.issuing_body) != appendix, path.name
    if gold is not None:
        score = score_plan(gold, plan)
        wrong = {f for f, (ok, _) in score.exact.items() if f.startswith("header.") and f != "header.title" and not ok}
        # A ratchet: exactly the misses known today (each explained below) may remain; one fixed must leave the list.
        assert wrong == KNOWN_HEADER_MISSES.get(path.name[:3], set()), (
            path.name,
            [m for m in score.mismatches if m.startswith("header.")],
        )


# Header fields the reader cannot get today, by document prefix (see the readers' issue notes):
KNOWN_HEADER_MISSES = {
    # scan: day and month handwritten with a marker; the day is read by shape, the month's "2" (its tail curled
    # into the printed "năm") is too far from every written 2 for a sure reading, and not close enough to the
    # writer's own "2" of the day either (cosine 0.65-0.78 against 0.87 for the set's nearest "1"), so the date
    # stays the year
    "022": {"header.date"},
}


@pytest.mark.slow
def test_gold_shared_scores_do_not_regress():
    if not DOCS:
        pytest.skip("../shared/corpus is not present")
    summary = summarize(evaluate_dir(CORPUS / "gold-shared", [SHARED_CORPUS], extract_file))
    # Floors a little under today's scores on 29 real documents (first page only of the scans): a regression fails.
    assert summary["legal_bases"]["f1"] >= 0.98
    assert summary["targets"]["f1"] >= 0.98
    assert summary["responsibilities"]["f1"] >= 0.96
    assert summary["deadlines"]["f1"] >= 0.98
    for field in ("doc_type", "level", "symbol", "place", "convention"):
        assert summary[f"header.{field}"]["accuracy"] == 1.0, field
    for field in ("issuing_body", "governing_body", "title", "number"):
        assert summary[f"header.{field}"]["accuracy"] >= 0.98, field
    assert summary["header.date"]["accuracy"] >= 0.95  # the handwritten month of the known miss above
    for field in ("authority", "name", "title", "on_behalf"):
        assert summary[f"signer.{field}"]["accuracy"] >= 0.92, field  # scans are read on their first page only here
