"""The writing side against hostile or broken input: user templates that try to leave the sandbox, header names
that are too long, text with control characters, formulas in cells, workbooks that lie about their size."""

from __future__ import annotations

import io
import itertools
import os
import pickle
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen import nd30, sandbox
from docgen.render import docx_bytes, html_text, markdown_text, plan_spec
from docgen.render.samples import sample_plan
from docgen.templates_env import TemplateError, _split_body, render_template
from extract.model import Plan

# ------------------------------------------------------------------------------------------ template sandbox


class _Touch:
    """Pickled, it runs `touch <path>` when loaded: what `parse_raw(…, proto='pickle')` would do."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def _render_user(tmp_path: Path, source: str, context: dict | None = None, name: str = "evil.xml.j2") -> str:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    ctx = {"plan": sample_plan("tinh"), "options": {}} if context is None else context
    return render_template(name, ctx, folder)


def _refused(tmp_path: Path, source: str, context: dict | None = None) -> TemplateError:
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        _render_user(tmp_path, source, context)
    assert time.monotonic() - start < 1.0, source
    assert "evil.xml.j2" in str(info.value)
    return info.value


def test_pydantic_pickle_loader_is_not_reachable(tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Touch(marker), protocol=0).decode("latin-1")
    _refused(tmp_path, "{{ plan.parse_raw(" + repr(payload) + ", proto='pickle', allow_pickle=True) }}")
    _refused(tmp_path, "{{ plan.header.model_validate_json('{}') }}")
    assert not marker.exists()


def test_pydantic_file_reader_is_not_reachable(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"schema_version": "1.0", "text": "MẬT-KHẨU-42"}', encoding="utf-8")
    err = _refused(tmp_path, "{{ plan.parse_file(" + repr(str(secret)) + ") }}")
    assert "MẬT-KHẨU-42" not in str(err)


@pytest.mark.parametrize(
    "source",
    [
        "{{ plan.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ plan.header.title.__class__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ joiner }}{{ dict(a=1) }}",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{{ plan | attr('__class__') }}",
        "{{ '{0.__class__}'.format(plan) }}",
        "{{ '{0}'.format_map(plan) }}",
        "{{ '%s' | format(plan) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ plan.header.title.replace('a', plan.text) }}",
        "{{ 'a' | center(10**9) }}",
        "{{ 'a' * 10**9 }}",
        "{{ [1] * 10**9 }}",
        "{{ 9 ** 99999999 }}",
        "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('a', 60) }}",
        "{% set ns = namespace(s='ab') %}{% for x in 'x' * 60 %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "{{ (['kế hoạch' * 1000] * 100000) | join }}",
        '{% include "/etc/passwd" %}',
        '{% include "../outside.j2" %}',
    ],
)
def test_known_escapes_are_refused_quickly(tmp_path, source):
    (tmp_path / "outside.j2").write_text("ĐIỀU BÍ MẬT", encoding="utf-8")
    err = _refused(tmp_path, source)
    assert "ĐIỀU BÍ MẬT" not in str(err)


def test_symlink_out_of_the_template_folder_is_refused(tmp_path):
    (tmp_path / "outside.j2").write_text("ĐIỀU BÍ MẬT", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "link.j2").symlink_to(tmp_path / "outside.j2")
    err = _refused(tmp_path, '{% include "link.j2" %}')
    assert "outside the template folders" in str(err)
    # the linked file itself, asked for by name, is refused too
    with pytest.raises(TemplateError, match="outside the template folders"):
        render_template("link.j2", {}, folder)


def test_a_runaway_template_stops_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    calls = "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    loops = "{% set s = 'a' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    for source in (calls, loops):
        err = _refused(tmp_path, source)
        assert "longer than" in str(err)


def test_templates_get_plain_data(tmp_path):
    plan = sample_plan("tinh")
    data = sandbox.plain_context({"plan": plan, "options": {"year": 2025}})
    seen = []

    def walk(v):
        seen.append(type(v))
        if isinstance(v, sandbox.Record):
            for k in v:
                walk(v[k])
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    walk(data)
    allowed = (sandbox.Record, dict, list, tuple, str, int, float, bool, type(None))
    assert all(issubclass(t, allowed) for t in seen), {t for t in seen if not issubclass(t, allowed)}
    assert data["plan"].header.issuing_body == plan.header.issuing_body
    assert data["plan"].sections[0].title == plan.sections[0].title


def test_what_templates_legitimately_do_still_works(tmp_path):
    out = _render_user(
        tmp_path,
        "{% import '_nd30.xml.j2' as nd30 %}"
        "{% set kept = namespace(items=[]) %}{% for s in plan.sections %}{% set kept.items = kept.items + [s] %}"
        "{% endfor %}{{ kept.items | length }}|{{ plan.header.issuing_body.startswith('ỦY') }}|"
        "{{ plan.sections | map(attribute='title') | first | vn_upper }}|{{ '{n} mục' | fill(n=3) }}|"
        "{{ section_labels(plan.sections) | length > 0 }}|{{ ['a', 'b'] | join('-') }}",
    )
    plan = sample_plan("tinh")
    assert out.split("|") == [
        str(len(plan.sections)),
        str(plan.header.issuing_body.startswith("ỦY")),
        plan.sections[0].title.upper(),
        "3 mục",
        "True",
        "a-b",
    ]


# ------------------------------------------------------------------------------------------ header lines


def _exhaustive(words: list[str], n: int, size: float) -> list[str]:
    """The old search over every set of break points: the reference for small names."""
    best, best_width = None, None
    for cuts in itertools.combinations(range(1, len(words)), n - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
        width = max(nd30.text_width_pt(x, size, bold=True) for x in lines)
        if best_width is None or width < best_width:
            best, best_width = lines, width
    return best


def test_header_lines_of_a_38_word_unit_name_come_quickly():
    name = " ".join(["BAN CHỈ ĐẠO"] + ["PHÒNG CHỐNG TỘI PHẠM TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ"] * 3)
    assert len(name.split()) >= 38
    start = time.monotonic()
    lines = _split_body(name)
    assert time.monotonic() - start < 1.0
    assert lines[0] == "BAN CHỈ ĐẠO"
    assert " ".join(lines) == name
    size = nd30.rules().element("issuing_body").size.chosen
    lay = nd30.rules().layout["header_table"]
    limit = nd30.mm_to_pt(lay["left_width_mm"] - 2 * lay["cell_margin_mm"])
    assert all(nd30.text_width_pt(x, size, bold=True) <= limit for x in lines)


@pytest.mark.parametrize(
    ("name", "prefix_words"),
    [
        ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH QUẢNG TRỊ", 0),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH KHU VỰC PHÍA NAM SÀI GÒN", 4),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ KHU KINH TẾ TỈNH BẮC GIANG", 3),
        ("TRUNG TÂM PHÁT TRIỂN QUỸ ĐẤT VÀ DỊCH VỤ CÔNG ÍCH HUYỆN KỲ SƠN TỈNH NGHỆ AN", 0),
    ],
)
def test_header_lines_are_the_balanced_split_with_fewest_lines(name, prefix_words):
    size = nd30.rules().element("issuing_body").size.chosen
    lay = nd30.rules().layout["header_table"]
    limit = nd30.mm_to_pt(lay["left_width_mm"] - 2 * lay["cell_margin_mm"])
    lines = _split_body(name)
    words = name.split()
    body, rest = lines[1 if prefix_words else 0 :], words[prefix_words:]
    assert len(body) >= 2
    assert body == _exhaustive(rest, len(body), size)
    fewer = _exhaustive(rest, len(body) - 1, size)  # one line fewer would not fit
    assert max(nd30.text_width_pt(x, size, bold=True) for x in fewer) > limit


# ------------------------------------------------------------------------------------------ control characters

CONTROL = "\x00\x01\x08\x0b\x0c\x0e\x1f"


def _plan_with_control_characters() -> Plan:
    plan = sample_plan("tinh")
    data = plan.model_dump()
    data["header"]["title"] = f"Triển khai\x0bchuyển đổi số{CONTROL}năm 2025"
    data["sections"][0]["title"] = "MỤC ĐÍCH\x1f, YÊU CẦU"
    data["preamble"][0]["text"] = "Bảo đảm\x01 thực hiện\x0c đúng tiến độ."
    data["signer"]["name"] = "Nguyễn\x08 Văn An"
    data["recipients"][0]["text"] = "Bộ Nội vụ\x1f"
    return Plan.model_validate(data)


def test_every_plan_writer_takes_control_characters():
    plan = _plan_with_control_characters()
    spec = plan_spec(plan)
    body = docx_bytes(spec)
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        xml = z.read("word/document.xml")
    etree.fromstring(xml)  # well-formed
    text = xml.decode("utf-8")
    assert "chuyển đổi số" in text and "đúng tiến độ" in text
    assert not any(c in text for c in CONTROL)
    for out in (html_text(spec), markdown_text(spec)):
        assert "đúng tiến độ" in out
        assert not any(c in out for c in CONTROL)
