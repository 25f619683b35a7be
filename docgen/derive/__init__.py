"""Derive a lower-level implementation plan from a higher one (tỉnh → xã since 7/2025, tỉnh → huyện before,
huyện → xã, tỉnh → sở). `core` builds the plan; `commune` picks a commune's share of the parent's duties;
`rules` holds which duties belong to which level (data in docgen/data/derive_rules.yaml); `units` checks the
commune against the 2025 map; `figures` blanks the parent's figures."""

from .core import (
    DEFAULT_SIGNER,
    Derived,
    DeriveError,
    DeriveOptions,
    ReviewItem,
    Unit,
    derive,
    load_maps,
    load_targets_file,
    parse_unit,
    sentence_case_body,
)

__all__ = [
    "DEFAULT_SIGNER",
    "DeriveError",
    "Derived",
    "DeriveOptions",
    "ReviewItem",
    "Unit",
    "derive",
    "load_maps",
    "load_targets_file",
    "parse_unit",
    "sentence_case_body",
]
