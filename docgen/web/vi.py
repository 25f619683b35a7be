"""Vietnamese for the clerk: engine messages, roles, review kinds, lint rules and locations.

The engines speak English on the command line (their tests and scripts read it); the web app is for clerks, so
it words what it shows here, from `vi.yaml` (data, not code). A message no pattern knows is shown as it is,
rather than dropped: a half-translated reason is better than none.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("vi.yaml")).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[Any, str]]:
    return [(regex.compile(p, regex.DOTALL), t) for p, t in data()["messages"]]


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[Any, str]]:
    out = []
    for en, vi in data()["phrases"]:
        # whole words only ("row" must not touch "arrow"); the phrase itself is literal text
        out.append((regex.compile(r"(?<!\w)" + regex.escape(en.strip()) + r"(?!\w)"), vi.strip()))
    return out


def message(text: str) -> str:
    """An engine message in Vietnamese: a known sentence by pattern, else its common words replaced."""
    text = " ".join(str(text).split())
    for pat, template in _patterns():
        m = pat.fullmatch(text)
        if m:
            out = template
            for i, g in enumerate(m.groups(), start=1):
                out = out.replace("{" + str(i) + "}", g or "")
            return out
    for pat, vi in _phrases():
        text = pat.sub(vi, text)
    return text


def reader_error(problem: str, display_name: str) -> str:
    """The reader's one-line reason for a file, named as the clerk uploaded it (never the server's path)."""
    return f"{display_name}: {message(problem)}"


def role(value: Any) -> str:
    key = getattr(value, "value", value)
    return data()["roles"].get(key, str(key))


def warning(code: str, text: str) -> str:
    label = data()["warnings"].get(code)
    return label or message(text)


def lint_rule(rule: str) -> str:
    """`title.size` -> `Trích yếu nội dung: cỡ chữ`; `page.margin.left` -> `Trang giấy: lề trái`."""
    element, _, prop = rule.partition(".")
    el = data()["lint_elements"].get(element, element)
    pr = data()["lint_properties"].get(prop, prop)
    return f"{el}: {pr}" if prop else el


def lint_value(value: Any) -> str:
    """A found / expected value of the linter in Vietnamese (`not set` -> `chưa đặt`, `1.5 lines` -> `1.5 dòng`)."""
    if value is None:
        return ""
    text = str(value)
    words = data()["lint_values"]
    if text in words:
        return str(words[text])
    for en in sorted(words, key=len, reverse=True):
        text = regex.sub(r"(?<!\w)" + regex.escape(en) + r"(?!\w)", str(words[en]), text)
    return text


def lint_location(loc: Any) -> str:
    """Where a finding is, in words: `phần đầu trang, đoạn 3` (the linter's Location fields)."""
    words = data()["lint_location"]
    bits = []
    part = getattr(loc, "part", "document")
    if part and part != "document":
        bits.append(words.get(part, part))
    if getattr(loc, "section", None) is not None:
        bits.append(f"{words['section']} {loc.section}")
    if getattr(loc, "style", None):
        bits.append(f"{words['style']} '{loc.style}'")
    if getattr(loc, "paragraph", None) is not None:
        bits.append(f"{words['paragraph']} {loc.paragraph}")
    if getattr(loc, "table", None) is not None:
        bits.append(f"{words['table']} {loc.table}, {words['row']} {loc.row}, {words['cell']} {loc.cell}")
        if getattr(loc, "cell_paragraph", None) is not None:
            bits.append(f"{words['paragraph']} {loc.cell_paragraph}")
    return ", ".join(bits) or words["document"]
