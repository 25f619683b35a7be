"""Repairs `--fix` applies: page setup, page-number header, and text edits of one line (zero-padding). The
typography fixes are small lambdas over `edit` next to the checks that find them."""

from __future__ import annotations

from lxml import etree

from .. import nd30
from . import edit
from .docmodel import DocView, Line, q
from .package import CT_HEADER, REL_HEADER, R, W


def fix_paper(rules: nd30.Rules, sect, landscape: bool) -> None:
    pg = edit.get_or_add(sect, "pgSz", edit.SECT_ORDER)
    a, b = rules.paper.width_twips, rules.paper.height_twips
    if landscape:
        pg.set(q("w:w"), str(b))
        pg.set(q("w:h"), str(a))
        pg.set(q("w:orient"), "landscape")
    else:
        pg.set(q("w:w"), str(a))
        pg.set(q("w:h"), str(b))
        pg.attrib.pop(q("w:orient"), None)


def fix_margin(rules: nd30.Rules, sect, side: str, m: nd30.Margin, table: dict[str, nd30.Margin]) -> None:
    """Set one margin to its chosen value; sides not set at all get theirs from the same table."""
    mar = edit.get_or_add(sect, "pgMar", edit.SECT_ORDER)
    mar.set(q(f"w:{side}"), str(m.chosen_twips))
    for attr, default in (("header", rules.header_distance_mm), ("footer", rules.footer_distance_mm)):
        if mar.get(q(f"w:{attr}")) is None:
            mar.set(q(f"w:{attr}"), str(nd30.mm_to_twips(default)))
    for attr in ("top", "right", "bottom", "left", "gutter"):
        if mar.get(q(f"w:{attr}")) is None:
            mar.set(q(f"w:{attr}"), str(table[attr].chosen_twips) if attr in table else "0")


def set_title_pg(sect) -> None:
    tp = edit.get_or_add(sect, "titlePg", edit.SECT_ORDER)
    tp.attrib.pop(q("w:val"), None)


def clear_header(view: DocView, part: str) -> None:
    root = view.pkg.xml(part)
    for child in list(root):
        root.remove(child)
    root.append(etree.fromstring(f'<w:p xmlns:w="{W}"/>'))
    view.pkg.touch(part)


def add_page_header(view: DocView, rules: nd30.Rules, sect) -> None:
    """A new default header holding a centred PAGE field, and 'different first page' so page 1 shows none."""
    pkg = view.pkg
    pn = rules.page_number
    hp = nd30.pt_to_half_points(pn.size.chosen)
    rpr = f'<w:rPr><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr>'
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" xmlns:r="{R}">'
        f'<w:p><w:pPr><w:jc w:val="{pn.align}"/></w:pPr><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>2</w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
    ).encode()
    name = pkg.new_part_name("word/header{}.xml")
    pkg.add_part(name, xml, CT_HEADER)
    rid = pkg.add_rel(pkg.main, REL_HEADER, name)
    for ref in sect.findall(q("w:headerReference")):
        if (ref.get(q("w:type")) or "default") == "default":
            sect.remove(ref)
    ref = etree.fromstring(f'<w:headerReference xmlns:w="{W}" xmlns:r="{R}" w:type="default" r:id="{rid}"/>')
    sect.insert(0, ref)
    set_title_pg(sect)


class LineFixer:
    """Applies all text edits of one line once (right to left, so earlier offsets stay valid)."""

    def __init__(self, line: Line, edits: list[tuple[int, int, str]]):
        self.line = line
        self.edits = sorted(edits, key=lambda e: e[0], reverse=True)
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        for a, b, new in self.edits:
            edit.replace_text(self.line.para, a, b, new)


def applied(line: Line, edits) -> str:
    """The line's text once `edits` are made (for the 'expected' of a finding)."""
    text = line.para.text
    for a, b, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:a] + new + text[b:]
    return text[line.start : line.end + sum(len(n) - (b - a) for a, b, n in edits)]


__all__ = ["LineFixer", "add_page_header", "applied", "clear_header", "fix_margin", "fix_paper", "set_title_pg"]
