"""The one OOXML layer: names, property values, styles, numbering and package loading for Word files.

Every module that reads or writes WordprocessingML (the DOCX reader, the linter, the renderer, the tracked-changes
writer) goes through this package instead of keeping its own copy. It works on lxml elements, knows nothing about
blocks or plans, and imports nothing from `docgen`.

API
- `ns`: `qn("w:b")` → Clark name (prefixes w r mc pr ct wp a w14 xml), `w("b")` the same for w:, `nsdecls("w", "r")`
  for XML written as text, `NSMAP`, the URIs `W_NS R_NS MC_NS PR_NS CT_NS`, relationship types `REL_DOCUMENT
  REL_STYLES REL_NUMBERING REL_SETTINGS REL_HEADER REL_FOOTER REL_THEME REL_FONT_TABLE`, content types
  `CT_DOCUMENT CT_HEADER CT_FOOTER MIME_DOCX`.
- `props`: `on_off(el)` (toggle element → True/False/None when absent) and `on_off_attr(value)` (attribute) —
  these replace docmodel's `onoff`/`onoff_attr` and checks' `onoff_attr`; `wval(el)`, `int_val(el)`,
  `safe_int(s)`, `numpr_ids(numPr)` → (numId, ilvl); `alignment(jc)` / `ALIGN` (w:jc → left/center/right/
  justify); `RunProps` + `parse_rpr(rPr)` (bold, italic, size pt, font, caps, hidden); `FONT_SLOTS`.
- `styles.Styles(styles_el, numbering_el=None)`: one class for both users (replaces docmodel's `Styles`).
  Lookup: `by_id` (id → `Style` with `.el .style_id .type .name .based_on .ppr .rpr .default`), `get`, `name`,
  `chain(id)` (nearest first; `.el` is the w:style element), `default_para`, `default_char`, `root`,
  `doc_rpr`/`doc_ppr` (docDefaults elements), `doc_props` (docDefaults as RunProps), `para_style(p)`,
  `para_style_id(pPr)`, `fonts()`.
  Runs: `rprop(r, pstyle, tag)` (deciding element), `toggle`, `caps`, `size_pt` (10.0 when unset),
  `run_fonts(r, pstyle)` (per-slot ascii/hAnsi/eastAsia/cs and theme slots, each inherited on its own),
  `run_props(r, pstyle)` / `base_run_props(pstyle, rstyle)` → RunProps.
  Paragraphs: `ppr_levels(p, pstyle)` (direct, numbering level, style chain, defaults), `pattr`, `jc` (raw,
  "left" when unset), `forget(p)`, `para_value(pPr, pstyle, tag)`, `alignment`, `heading_level`.
  Numbering: `num_ref(pPr, pstyle)` → (numId, ilvl) from the paragraph or its styles, `style_numpr`,
  and `styles.numbering`, the document's `Numbering`.
- `numbering.Numbering(numbering_el, styles)`: replaces docmodel's `Numbering` (`level_ppr(numId, ilvl)` instead
  of `level_ppr(numPr)`: use `props.numpr_ids`); `level`, `levels`, `level_for_style`, `label(numId, ilvl)`
  (Word's counters, call in document order); `Level` has start fmt text restart legal pstyle jc ppr rpr;
  `format_number`, `to_letter`.
- `package.Package(path_or_bytes, name=None, limits=LIMITS, word=True)`: replaces lint/package.py's zip opening —
  limits checked on the zip directory (`Limits`: part count, total size, overall and per-part ratio),
  `names() has() read() xml() rels() related() related_xml() core_properties() main infos close()`, a safe
  `XML_PARSER`; refusals are
  `PackageError` (a `extract.blocks.ReadError`: `.path`, `.problem`, one line). `check_limits(infos, name)` and
  `word_problem(names)` for callers with their own zipfile.
"""

from __future__ import annotations

from .ns import NSMAP, R_NS, W_NS, W_VAL, nsdecls, qn, w
from .numbering import Level, Numbering
from .package import LIMITS, XML_PARSER, Limits, Package, PackageError
from .props import EMPTY_PROPS, RunProps, alignment, int_val, numpr_ids, on_off, on_off_attr, parse_rpr, wval
from .styles import Style, Styles

__all__ = [
    "EMPTY_PROPS",
    "LIMITS",
    "Level",
    "Limits",
    "NSMAP",
    "Numbering",
    "Package",
    "PackageError",
    "R_NS",
    "RunProps",
    "Style",
    "Styles",
    "W_NS",
    "W_VAL",
    "XML_PARSER",
    "alignment",
    "int_val",
    "nsdecls",
    "numpr_ids",
    "on_off",
    "on_off_attr",
    "parse_rpr",
    "qn",
    "w",
    "wval",
]
