"""The short fuzz run: seeded mutations of the bundled plans (text and .docx) through extract → JSON round trip →
span check, and every eighth case on through diff/coverage → derive → render. Deterministic: the same cases on
every run. The long run is `python bench/fuzz.py --cases 5000`."""

from __future__ import annotations

import fuzz_cases as fc
import pytest

SEED = 20261207
CASES = 200
DEEP_EVERY = 8
LIMIT = 20.0  # seconds per document; a linear pipeline needs well under one


def test_mutated_plans_survive_the_whole_chain(tmp_path):
    failures = []
    kinds = set()
    for n in range(CASES):
        case = fc.make_case(SEED, n)
        kinds.add(case.kind)
        outcome = fc.run_case(case, tmp_path, LIMIT, deep=n % DEEP_EVERY == 0)
        if outcome.failure:
            failures.append(f"{fc.describe(outcome)}: {outcome.failure[:400]}")
    assert kinds == {"text", "docx"}  # both mutators ran
    assert not failures, f"{len(failures)} of {CASES} cases failed:\n" + "\n".join(failures[:10])


@pytest.mark.parametrize(("seed", "number", "what"), fc.FOUND, ids=[f"{s}:{n}" for s, n, _ in fc.FOUND])
def test_cases_the_long_run_found_pass(tmp_path, seed: int, number: int, what: str):
    outcome = fc.run_case(fc.make_case(seed, number), tmp_path, LIMIT)
    assert outcome.failure is None, f"{fc.describe(outcome)} ({what}): {outcome.failure}"


def test_cases_are_deterministic():
    a, b = fc.make_case(SEED, 7), fc.make_case(SEED, 7)
    assert (a.data, a.mutations) == (b.data, b.mutations)
    assert fc.make_case(SEED, 8).data != a.data


def test_the_chain_catches_a_broken_span(tmp_path, monkeypatch):
    """The span check is live: a target whose source is moved off its words fails the case."""
    from extract import pipeline

    real = pipeline.extract_targets

    def shifted(*args, **kwargs):
        targets, goal = real(*args, **kwargs)
        for t in targets:
            t.source = t.source.model_copy(update={"start": 0, "end": 1})
        return targets, goal

    monkeypatch.setattr(pipeline, "extract_targets", shifted)
    case = fc.Case(0, "text", fc.PLANS[0], ["none"], fc.PLANS[0].read_bytes(), ".md")
    outcome = fc.run_case(case, tmp_path, LIMIT, deep=False)
    assert outcome.failure and outcome.failure.startswith("span:")
