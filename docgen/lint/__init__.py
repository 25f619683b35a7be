"""Lint a Word file against the ND30 format (Nghị định 30/2020/NĐ-CP, Phụ lục I), and repair what is mechanical.

    lint_docx(path_or_bytes) -> LintReport           every violation: rule id, clause, location, found, expected
    fix_docx(path, out, force=False) -> FixResult    fonts, sizes, bold/italic, alignment, indents, spacing,
                                                     margins, paper, page numbering, date/number zero-padding

Elements are found by text and position (the header table, "Số:", "CỘNG HÒA…", ", ngày … tháng … năm",
"Nơi nhận:", "- Lưu:", TM./KT. lines), so files from any source can be linted, not only ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import Checker, Violation
from .docmodel import Location
from .package import LintError, Package


@dataclass
class LintReport:
    file: str
    violations: list[Violation]
    notes: list[str] = field(default_factory=list)
    elements: dict[str, str] = field(default_factory=dict)  # identified element -> where (for review)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules(self) -> set[str]:
        return {v.rule for v in self.violations}

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "ok": self.ok,
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "fixable": sum(v.fixable for v in self.violations),
            },
            "violations": [v.to_dict() for v in self.violations],
            "notes": self.notes,
            "elements": self.elements,
        }


@dataclass
class FixResult:
    output: Path
    fixed: list[Violation]
    remaining: LintReport


def _package(source, name: str | None) -> Package:
    if isinstance(source, (bytes, bytearray)):
        return Package(bytes(source), name or "<docx>")
    return Package.open(source)


def _lint_package(pkg: Package) -> tuple[LintReport, Checker]:
    from .docmodel import DocView

    view = DocView(pkg)
    checker = Checker(view)
    checker.run()
    report = LintReport(pkg.name, checker.out, checker.notes, checker.found)
    return report, checker


def lint_docx(source, name: str | None = None) -> LintReport:
    """Lint a .docx given as a path or bytes. Raises `LintError` for files that are not .docx."""
    report, _ = _lint_package(_package(source, name))
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
    pkg = _package(source, name)
    report, _ = _lint_package(pkg)
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


__all__ = ["FixResult", "LintError", "LintReport", "Location", "Violation", "fix_docx", "lint_docx"]
