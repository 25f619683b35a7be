"""Visual checks on the PDF LibreOffice makes from a rendered plan (skipped without soffice).

Page 1: the Quốc hiệu on one line in the top right, the type name centred in the text area, no page number.
Page 2: the number "2" centred in the top margin."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from docgen import nd30
from docgen.render import plan_spec, render_spec
from docgen.render.pdf import find_soffice
from docgen.render.samples import sample_plan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed"),
]

MM = 72 / 25.4


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("visual") / "plan.pdf"
    render_spec(plan_spec(sample_plan("tinh")), out)
    return out


def _lines(page, tol=2.0):
    """Words grouped into lines by their top coordinate."""
    lines: list[list[dict]] = []
    for w in sorted(page.extract_words(keep_blank_chars=False, use_text_flow=False), key=lambda w: (w["top"], w["x0"])):
        for line in lines:
            if abs(line[0]["top"] - w["top"]) <= tol:
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _text_area_centre(page) -> float:
    m = nd30.rules().margins
    left, right = m["left"].chosen * MM, page.width - m["right"].chosen * MM
    return (left + right) / 2


def test_page_one_layout(pdf):
    import pdfplumber

    r = nd30.rules()
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        lines = _lines(page)
        texts = [" ".join(w["text"] for w in line) for line in lines]
        qh = r.element("national_title").text
        idx = next((i for i, t in enumerate(texts) if qh in t), None)
        assert idx is not None, f"Quốc hiệu not on one line: {texts[:6]}"
        words = [w for w in lines[idx] if w["text"] in qh.split()]
        assert words[0]["x0"] > page.width * 0.4, "Quốc hiệu must be in the right half"
        assert words[0]["top"] < page.height * 0.15, "Quốc hiệu must be at the top"
        assert any("Độc lập - Tự do - Hạnh phúc" in t for t in texts[idx + 1 : idx + 3])

        type_line = next(line for line in lines if " ".join(w["text"] for w in line) == "KẾ HOẠCH")
        centre = (type_line[0]["x0"] + type_line[-1]["x1"]) / 2
        assert abs(centre - _text_area_centre(page)) < 3, (centre, _text_area_centre(page))

        top_margin = r.margins["top"].chosen * MM
        in_margin = [w["text"] for w in page.extract_words() if w["bottom"] <= top_margin]
        assert not any(t.isdigit() for t in in_margin), f"page number on page 1: {in_margin}"


def test_page_two_number_top_centre(pdf):
    import pdfplumber

    r = nd30.rules()
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 3
        page = doc.pages[1]
        top_margin = r.margins["top"].chosen * MM
        nums = [w for w in page.extract_words() if w["bottom"] <= top_margin]
        assert [w["text"] for w in nums] == ["2"], nums
        centre = (nums[0]["x0"] + nums[0]["x1"]) / 2
        assert abs(centre - _text_area_centre(page)) < 3
        size = nums[0]["bottom"] - nums[0]["top"]
        assert r.page_number.size.min - 1 <= size <= r.page_number.size.max + 1


def test_landscape_appendix_and_restarted_numbering(pdf):
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        last = doc.pages[-1]
        assert last.width > last.height, "the tasks appendix is on a landscape page"
        text = last.extract_text()
        assert "Phụ lục II" in text
        top = nd30.rules().margins["top"].chosen * MM
        assert not [w for w in last.extract_words() if w["bottom"] <= top and w["text"].isdigit()]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_png_preview(pdf, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True, timeout=60
    )
    pngs = list(tmp_path.glob("page*.png"))
    assert pngs and pngs[0].stat().st_size > 10_000
