"""The document spec: what templates produce and every writer (docx, md, html) consumes.

A template renders XML in this small vocabulary; `parse_spec` turns it into typed elements. Wording and the
order of the parts belong to the template; typography and layout belong to the writers and the ND30 rules.

    <document kind="ke_hoach" title="…" [orientation="landscape"]>     landscape: the main part on landscape pages
      <header>
        <governing_body>UBND TỈNH LÀO CAI</governing_body>      one element per printed line, optional
        <issuing_body>SỞ CÔNG THƯƠNG</issuing_body>             one element per printed line
        <number_symbol>Số: 05/KH-SCT</number_symbol>
        <national_title>…</national_title> <motto>…</motto>     optional; default: the ND30 texts
        <place_date>Lào Cai, ngày 05 tháng 3 năm 2024</place_date>
      </header>
      <type_name>KẾ HOẠCH</type_name>
      <summary>Triển khai …</summary>                            repeatable, one per line
      <addressee>Kính gửi: …</addressee>                         reports sent upward
      <legal_basis>Căn cứ …;</legal_basis>
      <paragraph [indent="false"] [align="center|left|right|justify"]>inline</paragraph>
      <heading level="1" number="I.">MỤC ĐÍCH, YÊU CẦU</heading>
      <bullet marker="-">inline</bullet>
      <paragraph change="ins|del">…</paragraph>                   a whole inserted/deleted paragraph (tracked
                                                                 change); also on heading, bullet, legal_basis
      <table [widths="8,52,20,20"] [header_rows="1"]>
        <row [header="true"]><cell [align="center"] [bold="true"] [span="2"]>inline or <p>…</p>*</cell></row>
      </table>
      <signature>
        <recipients [heading="Nơi nhận:"]>
          <item [change="ins|del"]>Như trên;</item><item archive="true">Lưu: VT, VX.</item>
        </recipients>
        <signer><line>TM. ỦY BAN NHÂN DÂN</line><line>CHỦ TỊCH</line><note>(Đã ký)</note><name>…</name></signer>
      </signature>
      <page_break/>
      <appendix number="I" [orientation="landscape"]>
        <label>Phụ lục I</label><title>…</title><reference>(Kèm theo …)</reference>
        body elements: paragraph, heading, bullet, table
      </appendix>
    </document>

Inline content is text with optional <b>…</b>, <i>…</i> and <mark>…</mark> (a blank the clerk fills in,
highlighted), and tracked changes <ins>…</ins> / <del>…</del> (the
.docx writer makes them Word revisions a reviewer accepts or rejects; <summary> accepts them too). The root may
carry revision_date="2024-03-05T08:00:00Z" (the date of those revisions; default: when written).
Whitespace that contains a line break (template indentation) collapses to one space; runs of plain spaces are
kept (the blanks of a draft date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class SpecError(Exception):
    """A document spec that is not well-formed or uses an unknown element. Names the source and line."""


CHANGES = ("ins", "del")


@dataclass(slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    change: str | None = None  # tracked change: "ins" or "del"
    mark: bool = False  # a blank the clerk must fill in, highlighted


@dataclass(slots=True)
class Header:
    governing: list[str] = field(default_factory=list)
    issuing: list[str] = field(default_factory=list)
    number_symbol: str = ""
    place_date: str = ""
    national_title: str | None = None
    motto: str | None = None


@dataclass(slots=True)
class TypeName:
    text: str


@dataclass(slots=True)
class Summary:
    lines: list[str]  # the text as it now reads (tracked deletions left out)
    tracked: list[list[Run] | None] = field(default_factory=list)  # per line: runs when it holds <ins>/<del>


@dataclass(slots=True)
class Addressee:
    runs: list[Run]


@dataclass(slots=True)
class LegalBasis:
    runs: list[Run]
    change: str | None = None


@dataclass(slots=True)
class Paragraph:
    runs: list[Run]
    indent: bool = True
    align: str | None = None
    change: str | None = None


@dataclass(slots=True)
class Heading:
    level: int
    number: str
    runs: list[Run]
    change: str | None = None


@dataclass(slots=True)
class Bullet:
    marker: str
    runs: list[Run]
    change: str | None = None


@dataclass(slots=True)
class Cell:
    paragraphs: list[list[Run]]
    align: str | None = None
    bold: bool = False
    span: int = 1


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    header: bool = False


@dataclass(slots=True)
class Table:
    rows: list[Row]
    widths: list[float] | None = None
    header_rows: int = 0

    @property
    def columns(self) -> int:
        return max((sum(c.span for c in r.cells) for r in self.rows), default=0)


@dataclass(slots=True)
class RecipientLine:
    text: str
    archive: bool = False
    change: str | None = None


@dataclass(slots=True)
class Signature:
    recipients_heading: str = ""
    recipients: list[RecipientLine] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name: str = ""


@dataclass(slots=True)
class PageBreak:
    pass


BodyElement = Paragraph | Heading | Bullet | Table | LegalBasis | PageBreak


@dataclass(slots=True)
class Appendix:
    number: str = ""
    label: str = ""
    title: list[str] = field(default_factory=list)
    reference: str = ""
    orientation: str = "portrait"
    elements: list = field(default_factory=list)


Element = (
    Header
    | TypeName
    | Summary
    | Addressee
    | LegalBasis
    | Paragraph
    | Heading
    | Bullet
    | Table
    | Signature
    | PageBreak
    | Appendix
)


@dataclass(slots=True)
class DocSpec:
    kind: str = "document"
    title: str = ""
    elements: list = field(default_factory=list)
    revision_date: str | None = None  # ISO date-time of the tracked changes
    orientation: str = "portrait"  # of the main part (appendices have their own)

    def first(self, cls):
        return next((e for e in self.elements if isinstance(e, cls)), None)


# ---------------------------------------------------------------------------------------------- parsing

_NL_WS = re.compile(r"[ \t\r\f\v]*\n\s*")
_TRUE = {"1", "true", "yes", "on"}


def _flag(el, name: str, default: bool = False) -> bool:
    v = el.get(name)
    return default if v is None else v.strip().lower() in _TRUE


def _norm(text: str | None) -> str:
    return _NL_WS.sub(" ", text) if text else ""


def _plain(el) -> str:
    """All text of an element (formatting dropped), whitespace-normalised and trimmed."""
    return _norm("".join(el.itertext())).strip()


def _inline(el, source: str) -> list[Run]:
    runs: list[Run] = []

    def add(text: str | None, bold: bool, italic: bool, change: str | None, mark: bool = False):
        text = _norm(text)
        if not text:
            return
        last = runs[-1] if runs else None
        if last and last.bold == bold and last.italic == italic and last.change == change and last.mark == mark:
            last.text += text
        else:
            runs.append(Run(text, bold, italic, change, mark))

    def walk(node, bold: bool, italic: bool, change: str | None, mark: bool = False):
        add(node.text, bold, italic, change, mark)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:  # comment / processing instruction
                add(child.tail, bold, italic, change, mark)
                continue
            if tag == "b":
                walk(child, True, italic, change, mark)
            elif tag == "i":
                walk(child, bold, True, change, mark)
            elif tag == "mark":
                walk(child, bold, italic, change, True)
            elif tag in CHANGES:
                if change:
                    raise SpecError(f"{source}:{child.sourceline}: <{tag}> inside <{change}>")
                walk(child, bold, italic, tag, mark)
            elif tag == "br":
                add(" ", bold, italic, change, mark)
            else:
                raise SpecError(f"{source}:{child.sourceline}: <{tag}> is not allowed inside <{node.tag}>")
            add(child.tail, bold, italic, change, mark)

    walk(el, False, False, None)
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [r for r in runs if r.text]


def _cell(el, source: str) -> Cell:
    paras = [c for c in el if isinstance(c.tag, str) and c.tag == "p"]
    if paras:
        paragraphs = [_inline(p, source) for p in paras]
    else:
        paragraphs = [_inline(el, source)]
    span = el.get("span") or "1"
    if not span.isdigit() or int(span) < 1:
        raise SpecError(f"{source}:{el.sourceline}: <cell span> must be a positive integer")
    return Cell(paragraphs, el.get("align"), _flag(el, "bold"), int(span))


def _table(el, source: str) -> Table:
    rows = []
    for r in el:
        if not isinstance(r.tag, str):
            continue
        if r.tag != "row":
            raise SpecError(f"{source}:{r.sourceline}: <{r.tag}> in <table> (expected <row>)")
        cells = [_cell(c, source) for c in r if isinstance(c.tag, str)]
        if any(c.tag != "cell" for c in r if isinstance(c.tag, str)):
            raise SpecError(f"{source}:{r.sourceline}: only <cell> is allowed in <row>")
        rows.append(Row(cells, _flag(r, "header")))
    widths = None
    if el.get("widths"):
        try:
            widths = [float(x) for x in el.get("widths").replace(";", ",").split(",") if x.strip()]
        except ValueError:
            raise SpecError(f"{source}:{el.sourceline}: <table widths> must be numbers separated by commas") from None
    header_rows = el.get("header_rows")
    if header_rows is None:
        n = 0
        for row in rows:
            if not row.header:
                break
            n += 1
    else:
        n = int(header_rows) if header_rows.isdigit() else 0
        for row in rows[:n]:
            row.header = True
    return Table(rows, widths, n)


def _change(el, source: str) -> str | None:
    """The paragraph-level tracked change of an element: None, "ins" or "del"."""
    value = el.get("change")
    if value is None or not value.strip():
        return None
    if value not in CHANGES:
        raise SpecError(f"{source}:{el.sourceline}: change must be ins or del")
    return value


def _body_element(el, source: str):
    tag = el.tag
    if tag == "paragraph":
        align = el.get("align")
        if align and align not in ("center", "left", "right", "justify"):
            raise SpecError(f"{source}:{el.sourceline}: align must be center, left, right or justify")
        return Paragraph(_inline(el, source), _flag(el, "indent", True), align, _change(el, source))
    if tag == "heading":
        level = el.get("level", "1")
        if not level.isdigit() or not 1 <= int(level) <= 9:
            raise SpecError(f"{source}:{el.sourceline}: <heading level> must be 1..9")
        return Heading(int(level), (el.get("number") or "").strip(), _inline(el, source), _change(el, source))
    if tag == "bullet":
        return Bullet(el.get("marker", "-"), _inline(el, source), _change(el, source))
    if tag == "legal_basis":
        return LegalBasis(_inline(el, source), _change(el, source))
    if tag == "table":
        return _table(el, source)
    if tag == "page_break":
        return PageBreak()
    return None


def _header(el, source: str) -> Header:
    h = Header()
    for c in el:
        if not isinstance(c.tag, str):
            continue
        text = _plain(c)
        if c.tag == "governing_body":
            if text:
                h.governing.append(text)
        elif c.tag == "issuing_body":
            if text:
                h.issuing.append(text)
        elif c.tag == "number_symbol":
            h.number_symbol = _norm(c.text or "").strip() if len(c) == 0 else text
        elif c.tag == "place_date":
            h.place_date = text
        elif c.tag == "national_title":
            h.national_title = text
        elif c.tag == "motto":
            h.motto = text
        else:
            raise SpecError(f"{source}:{c.sourceline}: unknown element <{c.tag}> in <header>")
    return h


def _signature(el, source: str) -> Signature:
    s = Signature()
    for c in el:
        if not isinstance(c.tag, str):
            continue
        if c.tag == "recipients":
            s.recipients_heading = c.get("heading", "")
            for item in c:
                if not isinstance(item.tag, str):
                    continue
                if item.tag != "item":
                    raise SpecError(f"{source}:{item.sourceline}: only <item> is allowed in <recipients>")
                text = _plain(item)
                if text:
                    s.recipients.append(RecipientLine(text, _flag(item, "archive"), _change(item, source)))
        elif c.tag == "signer":
            for item in c:
                if not isinstance(item.tag, str):
                    continue
                text = _plain(item)
                if item.tag == "line":
                    if text:
                        s.lines.append(text)
                elif item.tag == "name":
                    s.name = text
                elif item.tag == "note":
                    if text:
                        s.notes.append(text)
                else:
                    raise SpecError(f"{source}:{item.sourceline}: unknown element <{item.tag}> in <signer>")
        else:
            raise SpecError(f"{source}:{c.sourceline}: unknown element <{c.tag}> in <signature>")
    return s


def _appendix(el, source: str) -> Appendix:
    a = Appendix(number=el.get("number", ""), orientation=el.get("orientation", "portrait"))
    if a.orientation not in ("portrait", "landscape"):
        raise SpecError(f"{source}:{el.sourceline}: orientation must be portrait or landscape")
    for c in el:
        if not isinstance(c.tag, str):
            continue
        if c.tag == "label":
            a.label = _plain(c)
        elif c.tag == "title":
            t = _plain(c)
            if t:
                a.title.append(t)
        elif c.tag == "reference":
            a.reference = _plain(c)
        else:
            item = _body_element(c, source)
            if item is None:
                raise SpecError(f"{source}:{c.sourceline}: <{c.tag}> is not allowed in <appendix>")
            a.elements.append(item)
    return a


def parse_spec(xml_text: str, source: str = "<spec>") -> DocSpec:
    """Parse the XML a template produced into a `DocSpec`. `source` names the template in errors."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=True)
    try:
        root = etree.fromstring(xml_text.strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if hasattr(exc, "lineno") else "?"
        raise SpecError(f"{source}: the template produced malformed XML (output line {line}): {exc.msg}") from None
    if root.tag != "document":
        raise SpecError(f"{source}: the root element must be <document>, not <{root.tag}>")
    spec = DocSpec(
        kind=root.get("kind", "document"),
        title=root.get("title", ""),
        revision_date=root.get("revision_date") or None,
        orientation=root.get("orientation", "portrait"),
    )
    if spec.orientation not in ("portrait", "landscape"):
        raise SpecError(f"{source}: <document orientation> must be portrait or landscape")
    for el in root:
        if not isinstance(el.tag, str):
            continue
        tag = el.tag
        if tag != "appendix" and spec.elements and isinstance(spec.elements[-1], Appendix):
            raise SpecError(f"{source}: output line {el.sourceline}: <{tag}> after an <appendix> must go inside it")
        if tag == "header":
            spec.elements.append(_header(el, source))
        elif tag == "type_name":
            spec.elements.append(TypeName(_plain(el)))
        elif tag == "summary":
            tracked = None
            if any(isinstance(c.tag, str) and c.tag in CHANGES for c in el.iter()):
                tracked = _inline(el, source)
                text = "".join(r.text for r in tracked if r.change != "del").strip()
            else:
                text = _plain(el)
            prev = spec.elements[-1] if spec.elements else None
            if isinstance(prev, Summary):
                prev.lines.append(text)
                prev.tracked.append(tracked)
            elif text or tracked:
                spec.elements.append(Summary([text], [tracked]))
        elif tag == "addressee":
            spec.elements.append(Addressee(_inline(el, source)))
        elif tag == "signature":
            spec.elements.append(_signature(el, source))
        elif tag == "appendix":
            spec.elements.append(_appendix(el, source))
        else:
            item = _body_element(el, source)
            if item is None:
                raise SpecError(f"{source}: output line {el.sourceline}: unknown element <{tag}>")
            spec.elements.append(item)
    return spec


def runs_text(runs: list[Run]) -> str:
    """The text as it now reads: tracked deletions left out."""
    return "".join(r.text for r in runs if r.change != "del")
