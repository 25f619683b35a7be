"""The linter on the real signed documents of ../shared/corpus: the false positives read there (each checked
against the document) are gone, the true findings stay, repeated findings are grouped, and `--fix` never moves
a paragraph to another zone nor changes its words."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from conftest import SHARED_CORPUS

# (file prefix, rule, zone): findings that were wrong on these documents.
GONE = [
    # a landscape appendix (20 mm left) measured against the portrait margins
    ("006_", "page.margin.left", "page"),
    ("007_", "page.margin.left", "page"),
    # a Quốc hiệu asked of an appendix filed on its own; its form titles checked as body text
    ("027_", "national_title.missing", "header"),
    ("027_", "motto.missing", "header"),
    ("027_", "body.align", "preamble"),
    ("027_", "body.indent", "preamble"),
    # the signer's title laid beside a recipient with tabs, read as part of the recipients list
    ("021_", "recipients.size", "recipients"),
    ("021_", "recipients.bold", "recipients"),
    ("021_", "recipients.punctuation", "recipients"),
    # a "Thực hiện …" opening sentence is not a legal basis (căn cứ) that must be italic
    ("010_", "legal_basis.italic", "preamble"),
    ("024_", "legal_basis.italic", "preamble"),
    ("037_", "legal_basis.italic", "preamble"),
    # paragraphs indented with a leading tab (the typist's first-line indent)
    ("024_", "body.indent", "body"),
]

# (file prefix, rule, zone): true findings that must stay.
STAY = [
    ("010_", "national_title.size", "header"),  # Quốc hiệu 14 pt
    ("010_", "issuing_body.size", "header"),  # issuing body 14 pt
    ("010_", "page.margin.left", "page"),  # 28 mm
    ("006_", "legal_basis.italic", "preamble"),  # "Căn cứ …" lines upright
    ("013_", "signature_authority.align", "signature"),  # centred with spaces, paragraph left-aligned
    ("025_", "page.size", "page"),  # Letter landscape pages
    ("031_", "body.spacing", "body"),  # 5 pt between paragraphs
    ("039_", "number_symbol.size", "header"),  # 14 pt
    ("039_", "recipients_heading.italic", "recipients"),
    ("021_", "recipients_heading.size", "recipients"),  # "Nơi nhận:" 14 pt
]

# Runs with East Asian / complex-script fonts, or Times New Roman under a PostScript name, on Vietnamese text.
QUIET_FONTS = ["010_", "011_", "031_", "047_"]


def _docx(prefix: str) -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    found = sorted(SHARED_CORPUS.glob(f"{prefix}*.docx"))
    if not found:
        pytest.skip(f"{prefix}*.docx not in ../shared/corpus")
    return found[0]


@cache
def _report(prefix: str):
    from docgen.lint import lint_docx

    return lint_docx(_docx(prefix))


def _has(prefix: str, rule: str, zone: str) -> bool:
    return any(v.rule == rule and v.zone == zone for v in _report(prefix).violations)


@pytest.mark.parametrize("prefix, rule, zone", GONE, ids=[f"{p}{r}" for p, r, _ in GONE])
def test_false_positive_is_gone(prefix, rule, zone):
    assert not _has(prefix, rule, zone), [
        (v.location.label(), v.found) for v in _report(prefix).violations if v.rule == rule
    ]


@pytest.mark.parametrize("prefix, rule, zone", STAY, ids=[f"{p}{r}" for p, r, _ in STAY])
def test_true_finding_stays(prefix, rule, zone):
    assert _has(prefix, rule, zone), sorted({(v.rule, v.zone) for v in _report(prefix).violations})


@pytest.mark.parametrize("prefix", QUIET_FONTS)
def test_fonts_no_text_uses_are_not_body_font_errors(prefix):
    report = _report(prefix)
    wrong = [v.found for v in report.violations if v.rule == "font.family"]
    assert not any("eastAsia=" in f or "cs=" in f or "TimesNewRoman" in f for f in wrong), wrong
    assert sum(v.rule in ("font.unused_slot", "font.alias") for v in report.violations) <= 2


def test_repeated_findings_are_one_group_with_every_place_in_json():
    report = _report("031_")
    spacing = [g for g in report.groups() if g.rule == "body.spacing" and g.zone == "body"]
    assert len(spacing) == 1 and spacing[0].count >= 50
    assert len(spacing[0].locations) == 3
    data = report.to_dict()
    assert sum(v["rule"] == "body.spacing" and v["zone"] == "body" for v in data["violations"]) == spacing[0].count
    assert len(data["groups"]) < 15


def _real_docx() -> list[Path]:
    if not SHARED_CORPUS.is_dir():
        return []
    return sorted(SHARED_CORPUS.glob("*.docx"))


def _digits(text: str) -> str:
    """Text with the zero-padding of numbers dropped: the one wording change --fix makes (dates, numbers)."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


@pytest.mark.parametrize("path", _real_docx(), ids=lambda p: p.name[:4])
def test_fix_keeps_every_paragraph_in_its_zone_with_its_words(path, tmp_path):
    from docgen.lint import fix_docx, lint_docx

    before = lint_docx(path)
    result = fix_docx(path, tmp_path / "fixed.docx")
    after = lint_docx(result.output)

    def zones(report):
        return [(zp.zone, zp.role, _digits(zp.para.text)) for zp in report.zoning.paragraphs]

    assert zones(after) == zones(before)


@pytest.mark.parametrize("path", _real_docx(), ids=lambda p: p.name[:4])
def test_fix_never_reformats_a_guessed_line(path):
    report = _report(path.name[:4])
    guessed = [zp.para.loc for zp in report.zoning.paragraphs if not zp.recognised]
    for v in report.violations:
        if v.fixable and replace(v.location, run=None) in guessed:
            pytest.fail(f"{v.rule} at {v.location.label()} would reformat a guessed line")
