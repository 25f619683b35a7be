"""The jinja2 sandbox templates run in, and the plain data they are handed.

A template directory given with `--templates` is not trusted: it may come with a package of documents from
another unit. So a template

- sees plain data only (`plain_context`): models become read-only `Record` views, dicts and lists are copied,
  nothing a template holds has a method that reaches Python (a live pydantic model has `parse_raw`,
  `parse_file` …);
- may call only the helpers registered by `docgen.templates_env`, its own macros, the recursive `loop()`,
  `namespace()` and a few pure string methods (`startswith` …); never `str.format` or anything else;
- may use only the filters in `SAFE_FILTERS` (no `attr`, `format`, `replace`, `center` …: they reach attributes
  or multiply text);
- cannot build a value larger than `MAX_SIZE` (`'a' * 10**9`, `s ~ s` in a recursion) nor run longer than
  `RENDER_SECONDS`;
- reads files only inside its template folders (`ConfinedLoader`: no absolute or `..` names, no symlink out).

Every refusal is a `jinja2.exceptions.SecurityError`; `templates_env.render_template` turns it into a
one-line `TemplateError` naming the template file and line.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from jinja2 import FileSystemLoader, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, pass_eval_context
from markupsafe import Markup

MAX_SIZE = 5_000_000  # characters of a string or items of a list a template may build
MAX_OUTPUT = 50_000_000  # characters a template may write in all
MAX_INT_BITS = 4096  # an integer a template computes (`10**9` yes, `9**9**9` no)
RENDER_SECONDS = 60.0  # a whole render, checked on every call, operator, loop and output chunk

# Jinja's own filters that only read their input and give back no more than they were given. Left out: `attr`
# (attribute access by name), `format` (printf widths), `replace`/`center`/`indent`/`wordwrap`/`batch`/
# `slice`/`sum` (output many times the input), `pprint`/`xmlattr`/`urlize`/`urlencode` (not needed).
SAFE_FILTERS = frozenset(
    "abs capitalize count d default dictsort e escape first float forceescape groupby int items last length "
    "list lower map max min reject rejectattr round safe select selectattr sort string striptags title tojson "
    "trim truncate unique upper wordcount".split()
)

# String methods a template may call: each reads the string and returns no more than it holds.
SAFE_STR_METHODS = frozenset(
    "startswith endswith lower upper strip lstrip rstrip split rsplit title capitalize casefold count find "
    "rfind isdigit isalpha isalnum isupper islower isspace removeprefix removesuffix".split()
)

_deadline: ContextVar[float] = ContextVar("template_deadline", default=float("inf"))


def _check_time() -> None:
    if time.monotonic() > _deadline.get():
        raise SecurityError(f"the template ran longer than {RENDER_SECONDS:g} s")


def _check_size(size: int) -> None:
    if size > MAX_SIZE:
        raise SecurityError(f"the template builds a value of {size:,} characters or items (limit {MAX_SIZE:,})")


# ------------------------------------------------------------------------------------------------ data


class Record:
    """A read-only view of one model object (pydantic model, dataclass) for templates.

    Fields are read as attributes or items (`h.title`, `h["title"]`); the view has no public method, so a field
    named `items` or `copy` is the field and there is nothing to call."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]):
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("read-only")

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __bool__(self) -> bool:
        return True  # an object is there, even one whose fields are all empty

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._fields == other._fields

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._fields)


_SCALARS = (str, int, float, bool, type(None), date, datetime, dtime, Decimal)


def plain(value: Any, _memo: dict[int, Any] | None = None) -> Any:
    """`value` as data a template may hold: scalars as they are (enums by value, paths as text), lists/tuples/sets
    as lists or tuples, dicts as dicts, models, dataclasses and plain objects as `Record`s of their fields;
    anything else (a function, a class) as its text."""
    if isinstance(value, enum.Enum):
        return plain(value.value, _memo)
    if isinstance(value, _SCALARS):  # Markup is a str: kept, it is already escaped
        return value
    if isinstance(value, PurePath):
        return str(value)
    memo = {} if _memo is None else _memo
    key = id(value)
    if key in memo:
        return memo[key]
    out: Any
    if isinstance(value, dict):
        out = memo[key] = {}
        for k, v in value.items():
            out[plain(k, memo)] = plain(v, memo)
    elif isinstance(value, list):
        out = memo[key] = []
        out.extend(plain(v, memo) for v in value)
    elif isinstance(value, tuple) and not hasattr(value, "_fields"):
        out = memo[key] = tuple(plain(v, memo) for v in value)
    elif isinstance(value, (set, frozenset)):
        out = memo[key] = [plain(v, memo) for v in value]
    elif hasattr(type(value), "model_fields"):  # a pydantic model: its declared fields, never its methods
        fields: dict[str, Any] = {}
        out = memo[key] = Record(fields)
        for name in type(value).model_fields:
            fields[name] = plain(getattr(value, name, None), memo)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {}
        out = memo[key] = Record(fields)
        for f in dataclasses.fields(value):
            fields[f.name] = plain(getattr(value, f.name, None), memo)
    elif isinstance(value, tuple):  # a named tuple
        fields = {}
        out = memo[key] = Record(fields)
        for name in value._fields:  # type: ignore[attr-defined]
            fields[name] = plain(getattr(value, name), memo)
    elif hasattr(value, "__dict__") and not callable(value) and not isinstance(value, types.ModuleType):
        fields = {}  # a plain object (SimpleNamespace …): its public instance attributes
        out = memo[key] = Record(fields)
        for name, v in vars(value).items():
            if not name.startswith("_"):
                fields[name] = plain(v, memo)
    else:
        out = memo[key] = str(value)
    return out


def plain_context(context: dict[str, Any]) -> dict[str, Any]:
    """The template context with every value made plain (one memo: a shared object stays one view)."""
    memo: dict[int, Any] = {}
    return {name: plain(value, memo) for name, value in context.items()}


# ------------------------------------------------------------------------------------------------ loader


class ConfinedLoader(FileSystemLoader):
    """A `FileSystemLoader` that serves only files really inside its folders: a symlink in a template folder
    that leads elsewhere is refused (jinja already refuses `..` and reads `/x` as `x` under each folder)."""

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        contents, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(p) for p in self.searchpath]
        if not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
            raise SecurityError(f"template {template!r} leads outside the template folders")
        return contents, filename, uptodate


# ------------------------------------------------------------------------------------------------ sandbox


class _Generator(CodeGenerator):
    """Jinja's code generator with the `~` operator bounded: `s ~ s` in a recursive macro doubles a string per
    call, so every concatenation's result is measured."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


def _bounded_iter(value: Iterable[Any]) -> Iterator[Any]:
    """A `{% for %}` iterable that checks the clock on entry and every 1024 items (a loop calls nothing else)."""
    for i, item in enumerate(value):
        if not i & 1023:
            _check_time()
        yield item


@pass_eval_context
def _join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    """Jinja's `join`, measured first: a list repeated and joined would otherwise multiply its text."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    items = list(value)
    _check_size(len(str(d)) * max(len(items) - 1, 0) + sum(len(str(x)) for x in items))
    joined: str = FILTERS["join"](eval_ctx, items, d)
    return joined


def _fill(message: str | None, **values: Any) -> str:
    """A message with `{name}` places filled (`"{n} thay đổi" | fill(n=3)`): what `str.format` would do for a
    template, without its attribute and index lookups."""
    text = str(message or "")
    for name, value in values.items():
        place, piece = "{" + name + "}", str(value)
        _check_size(len(text) + text.count(place) * len(piece))
        text = text.replace(place, piece)
    return text


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """An immutable jinja2 sandbox with no globals and no filters but those registered, a call policy that
    allows only registered callables, and bounds on size and time (see the module docstring)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.globals.clear()  # no range, dict, lipsum, cycler, joiner
        self.filters = {name: f for name, f in self.filters.items() if name in SAFE_FILTERS}
        self.filters["join"] = _join
        self.filters["fill"] = _fill
        self.filters["_bounded_iter"] = _bounded_iter
        self._allowed: dict[int, Callable[..., Any]] = {}
        self.register_globals(namespace=Namespace)

    def register_globals(self, **helpers: Any) -> None:
        """Names templates may read; the callable ones are the only functions a template may call."""
        self.globals.update(helpers)
        for value in helpers.values():
            if callable(value):
                self._allowed[id(value)] = value

    def register_filters(self, **filters: Callable[..., Any]) -> None:
        self.filters.update(filters)

    # -- calls

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (Macro, LoopContext, BlockReference, Undefined)):
            return True  # the template's own macros, `loop(children)`, `super()`; a missing name says so
        if self._allowed.get(id(obj)) is obj:
            return True
        return (
            isinstance(obj, types.BuiltinMethodType)
            and isinstance(getattr(obj, "__self__", None), str)
            and obj.__name__ in SAFE_STR_METHODS
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_time()
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"calling {name!r} is not allowed in a template")
        result = __context.call(__obj, *args, **kwargs)
        if isinstance(result, str):  # a macro that calls itself twice doubles its output at every level
            _check_size(len(result))
        return result

    # -- operators

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_time()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' formatting of text is not allowed in a template")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(n, int):
                    _check_size(size * max(n, 0))
            if isinstance(left, int) and isinstance(right, int):
                self._check_int_bits(left.bit_length() + right.bit_length())
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            self._check_int_bits(max(left.bit_length(), 1) * right)
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None:
                _check_size(a + b)
        return super().call_binop(context, operator, left, right)

    @staticmethod
    def _check_int_bits(bits: int) -> None:
        if bits > MAX_INT_BITS:
            raise SecurityError(f"the template computes a number of about {bits:,} bits (limit {MAX_INT_BITS:,})")

    @staticmethod
    def bounded(value: Any) -> Any:
        """The result of `~`, refused past `MAX_SIZE`."""
        _check_time()
        _check_size(len(value))
        return value

    # -- loops

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "_bounded_iter", [], [], None, None, lineno=loop.lineno)
        return tree


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render `template` with `context` made plain, within `RENDER_SECONDS` and `MAX_OUTPUT` characters."""
    token = _deadline.set(time.monotonic() + RENDER_SECONDS)
    try:
        parts: list[str] = []
        total = 0
        for chunk in template.generate(**plain_context(context)):
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters")
            if not len(parts) & 1023:
                _check_time()
            parts.append(chunk)
        return "".join(parts)
    finally:
        _deadline.reset(token)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: Any) -> Any:
    """A template output with the characters XML 1.0 cannot hold dropped (a vertical tab or form feed becomes a
    space: Word writes them for line and page breaks); Markup stays Markup."""
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        cleaned = _XML_ILLEGAL.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


__all__ = [
    "MAX_SIZE",
    "RENDER_SECONDS",
    "SAFE_FILTERS",
    "ConfinedLoader",
    "Record",
    "TemplateSandbox",
    "plain",
    "plain_context",
    "render_bounded",
    "xml_text",
]
