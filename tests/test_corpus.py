"""The bundled corpus scores against its hand-written gold; real shared text documents extract cleanly."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, SHARED_CORPUS

from extract import extract_file
from extract.evaluate import evaluate_dir, summarize


@pytest.fixture(scope="module")
def corpus_scores():
    scores = evaluate_dir(CORPUS / "gold", [], extract_file)
    return scores, summarize(scores)


def test_corpus_has_gold_for_every_plan():
    plans = {p.stem for p in (CORPUS / "plans").iterdir()}
    golds = {p.stem for p in (CORPUS / "gold").glob("*.json")}
    assert len(plans) >= 8 and plans == golds
    levels = {json.loads((CORPUS / "gold" / f"{g}.json").read_text())["header"]["level"] for g in golds}
    assert {"tỉnh", "huyện", "xã", "sở"} <= levels
    assert any(
        json.loads((CORPUS / "gold" / f"{g}.json").read_text())["header"]["convention"] == "party" for g in golds
    )


def test_corpus_extraction_scores(corpus_scores):
    scores, summary = corpus_scores
    assert not [s.error for s in scores if s.error]
    for field in ("targets", "responsibilities", "legal_bases"):
        assert summary[field]["f1"] >= 0.95, (field, summary[field])
    assert summary["deadlines"]["f1"] >= 0.9
    assert summary["warnings"]["recall"] == 1.0
    for field, v in summary.items():
        if field.startswith(("header.", "signer.")):
            assert v["accuracy"] >= 0.9, (field, v)


def test_eval_command_prints_table(tmp_path):
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "eval", str(CORPUS / "gold"), "--json"],
        capture_output=True,
        text=True,
        cwd=CORPUS.parent,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["documents"] >= 8 and data["fields"]["targets"]["f1"] >= 0.95
    rows = {row["gold"]: row for row in data["per_document"]}
    assert len(rows) == data["documents"]
    for row in rows.values():  # each document's own counts, which add up to the totals
        assert row["header"]["total"] == 10 and 0 <= row["targets"]["f1"] <= 1
    assert sum(r["targets"]["tp"] for r in rows.values()) == data["fields"]["targets"]["tp"]
    r = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "eval", str(CORPUS / "gold")],
        capture_output=True,
        text=True,
        cwd=CORPUS.parent,
        timeout=300,
    )
    assert "Per document" in r.stdout and sorted(rows)[0].removesuffix(".json")[:12] in r.stdout


def _shared(pattern: str):
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    found = sorted(p for p in SHARED_CORPUS.glob(pattern) if p.name != "SOURCES.md")
    if not found:
        pytest.skip(f"no {pattern} in ../shared/corpus")
    return found


def test_shared_text_documents_extract_with_sensible_headers():
    for path in _shared("*.txt") + _shared("*.md"):
        plan = extract_file(path)
        h = plan.header
        assert h.doc_type in ("Kế hoạch", "Quyết định", "Báo cáo"), path.name
        assert h.issuing_body and h.number and h.symbol and h.date and h.place, (path.name, h)
        assert plan.legal_bases, path.name
