"""Shared test paths. Tests that need ../shared skip cleanly where it is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SHARED_CORPUS = SHARED / "corpus"
CORPUS = REPO / "corpus"


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    found = sorted(SEEDS.glob(f"{prefix}*"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0]


@pytest.fixture(scope="session")
def seed000():
    from extract import extract_file

    return extract_file(seed("000_"))


@pytest.fixture(scope="session")
def seed003():
    from extract import extract_file

    return extract_file(seed("003_"))


def load_make_archive():
    """bench/make_archive.py as a module: the batch tests build their archives with it."""
    spec = importlib.util.spec_from_file_location("make_archive", REPO / "bench" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
