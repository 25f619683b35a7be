"""The verdict rules by qualifier, tolerance and status; the completion ratio; number cells."""

from __future__ import annotations

from types import SimpleNamespace as T

import pytest

from docgen.report.sheet import parse_number
from docgen.report.verdict import completion, verdict


def t(q, v, vmax=None):
    return T(qualifier=q, value=v, value_max=vmax)


@pytest.mark.parametrize("q", ["at_least", "reach", "strive", "all", "exact", None])
def test_at_least_type(q):
    assert verdict(t(q, 43), 42.9) == "Chưa đạt"
    assert verdict(t(q, 43), 43) == "Đạt"
    assert verdict(t(q, 43), 45) == "Đạt"  # within the default tolerance of 5% of the target (2,15 points)
    assert verdict(t(q, 43), 45.2) == "Vượt"
    assert verdict(t(q, 43), 44, tolerance=0.5) == "Vượt"  # a row's own tolerance, in the target's unit
    assert verdict(t(q, 43), 44, relative=0.01) == "Vượt"  # --tolerance 1 (%)


def test_exceeded_is_relative_to_the_target():
    assert verdict(t("at_least", 2500), 2502) == "Đạt"  # 2 more workers of 2.500 is not "Vượt"
    assert verdict(t("at_least", 2500), 2700) == "Vượt"
    assert verdict(t("at_least", 5), 5.2) == "Đạt"


def test_about_uses_the_tolerance():
    assert verdict(t("about", 50), 48) == "Đạt"
    assert verdict(t("about", 50), 52) == "Đạt"
    assert verdict(t("about", 50), 47.4) == "Chưa đạt"  # tolerance 5% of 50 = 2,5
    assert verdict(t("about", 50), 52.6) == "Vượt"
    assert verdict(t("about", 50), 45, tolerance=5) == "Đạt"


def test_at_most_and_ranges():
    assert verdict(t("at_most", 2), 1) == "Đạt"
    assert verdict(t("at_most", 2), 2) == "Đạt"
    assert verdict(t("at_most", 2), 2.1) == "Chưa đạt"
    assert verdict(t(None, 50, 55), 49) == "Chưa đạt"
    assert verdict(t(None, 50, 55), 50) == "Đạt"
    assert verdict(t(None, 50, 55), 55) == "Đạt"
    assert verdict(t(None, 50, 55), 55.5) == "Vượt"
    assert verdict(t("at_most", 2, 3), 3) == "Đạt"
    assert verdict(t("at_most", 2, 3), 3.5) == "Chưa đạt"


def test_qualitative_and_missing():
    assert verdict(t(None, None), None, status="hoàn thành") == "Đạt"
    assert verdict(t(None, None), None, status="đang thực hiện") == "Chưa đạt"
    assert verdict(t(None, None), None) is None
    assert verdict(t("at_least", 43), None) is None


def test_target_due_after_the_period_is_not_yet_due():
    from docgen.report.verdict import period_verdict

    later = T(qualifier="strive", value=60, value_max=None, year=2030)
    assert period_verdict(later, 30, "2025") == "Chưa đến hạn"
    assert period_verdict(later, 61, "2025") == "Đạt"
    assert period_verdict(later, 30, "2030") == "Chưa đạt"
    assert period_verdict(T(qualifier=None, value=60, value_max=None, year=2025), 30, "2025") == "Chưa đạt"


def test_range_completion_counts_against_the_range():
    assert completion(t(None, 50, 55), 52) == 100
    assert completion(t(None, 50, 55), 45) == pytest.approx(90)
    assert completion(t(None, 50, 55), 66) == pytest.approx(120)


def test_completion():
    assert completion(t("at_least", 40), 50) == pytest.approx(125)
    assert completion(t("at_most", 2), 1) == 100
    assert completion(t("at_most", 2), 4) == pytest.approx(50)
    assert completion(t("at_least", 0), 3) is None


@pytest.mark.parametrize(
    "cell,value",
    [
        (45, 45.0),
        ("45,5", 45.5),
        ("45.5", 45.5),
        ("1.234,5", 1234.5),
        ("45%", 45.0),
        (" 12 ", 12.0),
        ("", None),
        (None, None),
    ],
)
def test_parse_number(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["abc", "khoảng 40", "4O", True])
def test_parse_number_rejects_text(cell):
    with pytest.raises(ValueError):
        parse_number(cell)
