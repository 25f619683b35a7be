"""Findings of the linter: one `Violation` per place, and the grouped view a reviewer reads (one line per rule
and zone with its count and first places — a real report repeats "spacing 5 pt" a hundred times otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .docmodel import Location

FIRST_LOCATIONS = 3  # places named in a grouped finding; --json keeps them all


@dataclass
class Violation:
    rule: str
    clause: str
    message: str
    location: Location
    found: str | None = None
    expected: str | None = None
    severity: str = "error"  # error | warning | info
    fix: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    zone: str | None = None  # the part of the document (zones.Zone value), "page" or "styles"

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "zone": self.zone,
            "message": self.message,
            "location": self.location.to_dict(),
            "where": self.location.label(),
            "found": self.found,
            "expected": self.expected,
            "fixable": self.fixable,
        }


@dataclass
class Group:
    """Every violation of one rule in one zone."""

    rule: str
    zone: str | None
    severity: str
    clause: str
    message: str
    violations: list[Violation]

    @property
    def count(self) -> int:
        return len(self.violations)

    @property
    def locations(self) -> list[Location]:
        return [v.location for v in self.violations[:FIRST_LOCATIONS]]

    @property
    def found(self) -> list[str]:
        """The distinct values found, in order of first appearance."""
        return list(dict.fromkeys(v.found for v in self.violations if v.found is not None))

    @property
    def expected(self) -> str | None:
        return self.violations[0].expected

    @property
    def fixable(self) -> int:
        return sum(v.fixable for v in self.violations)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "zone": self.zone,
            "severity": self.severity,
            "clause": self.clause,
            "message": self.message,
            "count": self.count,
            "found": self.found,
            "expected": self.expected,
            "fixable": self.fixable,
            "first_locations": [loc.label() for loc in self.locations],
        }


_RANK = {"error": 0, "warning": 1, "info": 2}


def group(violations: list[Violation]) -> list[Group]:
    """One group per (rule, zone), in order of first appearance; the worst severity of its members."""
    groups: dict[tuple[str, str | None], Group] = {}
    for v in violations:
        g = groups.get((v.rule, v.zone))
        if g is None:
            groups[(v.rule, v.zone)] = Group(v.rule, v.zone, v.severity, v.clause, v.message, [v])
            continue
        g.violations.append(v)
        if _RANK.get(v.severity, 0) < _RANK.get(g.severity, 0):
            g.severity = v.severity
    return list(groups.values())


__all__ = ["FIRST_LOCATIONS", "Group", "Violation", "group"]
