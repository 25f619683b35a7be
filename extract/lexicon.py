"""Loads the word lists in `extract/data/` once per process and offers keyword tests over match keys."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from .normalize import match_key


@cache
def load(name: str) -> dict[str, Any]:
    """Parse `extract/data/<name>.yaml`; it ships inside the package."""
    text = resources.files("extract").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def keyed(name: str, key: str) -> dict[str, list[str]]:
    """A mapping of label → list of match keys, e.g. qualifiers or section kinds."""
    data = load(name)[key]
    return {label: [k for k in (match_key(str(w)) for w in words) if k] for label, words in data.items()}


@cache
def key_list(name: str, key: str) -> tuple[str, ...]:
    return tuple(match_key(str(w)) for w in load(name)[key])


def starts_with_any(text_key: str, keys: tuple[str, ...] | list[str]) -> str | None:
    """The longest key that `text_key` begins with, as a whole word."""
    best = None
    for k in keys:
        if text_key.startswith(k) and (len(text_key) == len(k) or not text_key[len(k)].isalnum()):
            if best is None or len(k) > len(best):
                best = k
    return best
