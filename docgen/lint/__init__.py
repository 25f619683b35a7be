"""Lint a Word file against the ND30 format (Nghị định 30/2020/NĐ-CP, Phụ lục I), and repair what is mechanical.

    lint_docx(path_or_bytes) -> LintReport           every violation: rule id, clause, location, found, expected
    fix_docx(path, out, force=False) -> FixResult    fonts, sizes, bold/italic, alignment, indents, spacing,
                                                     margins, paper, page numbering, date/number zero-padding

Elements are found by extraction's own zoning (`zones.py`: the docx reader, `structure.layout`, the header and
tail parsers) mapped onto the OOXML paragraphs, so files from any source can be linted, not only ours; the
checks (`checks/`, one module per family) compare them with `nd30_rules.yaml`; `findings.py` groups the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import Context, run_checks
from .docmodel import Location
from .findings import Group, Violation, group
from .package import LintError, Package
from .zones import Zoning, zone_document


@dataclass
class LintReport:
    file: str
    violations: list[Violation]
    notes: list[str] = field(default_factory=list)
    elements: dict[str, str] = field(default_factory=dict)  # identified element -> where (for review)
    zoning: Zoning | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    @property
    def infos(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "info"]

    @property
    def ok(self) -> bool:
        """No error and no warning (info lines say something worth knowing, not a violation)."""
        return not (self.errors or self.warnings)

    def groups(self) -> list[Group]:
        """One finding per rule and zone, with its count and first places."""
        return group(self.violations)

    def rules(self) -> set[str]:
        return {v.rule for v in self.violations}

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "ok": self.ok,
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
                "fixable": sum(v.fixable for v in self.violations),
            },
            "groups": [g.to_dict() for g in self.groups()],
            "violations": [v.to_dict() for v in self.violations],
            "notes": self.notes,
            "elements": self.elements,
        }


@dataclass
class FixResult:
    output: Path
    fixed: list[Violation]
    remaining: LintReport


def _package(source, name: str | None) -> tuple[Package, Path | None]:
    if isinstance(source, (bytes, bytearray)):
        return Package(bytes(source), name or "<docx>"), None
    return Package.open(source), Path(source)


def _lint_package(pkg: Package, path: Path | None) -> tuple[LintReport, Context]:
    from .docmodel import DocView

    view = DocView(pkg)
    zoning = zone_document(view, path)
    ctx = run_checks(view, zoning)
    report = LintReport(pkg.name, ctx.out, ctx.notes, ctx.found, zoning)
    return report, ctx


def lint_docx(source, name: str | None = None) -> LintReport:
    """Lint a .docx given as a path or bytes. Raises `LintError` for files that are not .docx."""
    report, _ = _lint_package(*_package(source, name))
    return report


def fix_docx(source, out, *, force: bool = False, name: str | None = None) -> FixResult:
    """Repair the mechanical violations of `source` and write the result to `out` (never over an existing file
    unless `force`). Wording is never changed, except the zero-padding digits of dates and numbers."""
    from ..render.docx import _atomic_write

    out = Path(out)
    if out.exists() and not force:
        raise LintError(f"{out}: already exists; use --force to overwrite it")
    if out.is_dir():
        raise LintError(f"{out}: is a directory; give a file name")
    pkg, path = _package(source, name)
    report, _ = _lint_package(pkg, path)
    fixed: list[Violation] = []
    seen: set[int] = set()
    for v in report.violations:
        if v.fix is None:
            continue
        if id(v.fix) not in seen:
            seen.add(id(v.fix))
            v.fix()
        fixed.append(v)
    for part in list(pkg._trees):
        pkg.touch(part)
    data = pkg.save()
    remaining = lint_docx(data, name=str(out))
    _atomic_write(out, data)
    return FixResult(out, fixed, remaining)


__all__ = ["FixResult", "Group", "LintError", "LintReport", "Location", "Violation", "fix_docx", "lint_docx"]
