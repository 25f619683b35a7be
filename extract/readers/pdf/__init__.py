"""PDF reader: page by page into the block stream, characters from pdfium, OCR for pages with no usable text.

What it does with each page:
- text layer: characters → glyph pieces (combining marks attached, doubled glyphs dropped, superscript
  footnote markers dropped from body lines) → lines (clustered by baseline) → segments (split at wide gaps);
- the two-column header on the first page (issuing body and "Số:" left, Quốc hiệu and place/date right)
  is split by x position into zone="header" blocks, left column first;
- body lines are joined into paragraphs: a new paragraph starts at a numbering label, after a line ending
  in . ; : ! ? (unless the page indents its paragraphs and the line is a full justified one followed by a
  line at the margin), at an indented line, after a line that ends short (the next word would have
  fitted), at a vertical gap, or where bold or size changes between the lines; consecutive centred lines
  of one style (a wrapped title) are joined; paragraphs continue across page breaks;
- running page numbers are dropped; isolated lines at the very top/bottom that repeat on most pages
  (running headers/footers) are removed at the end; footnotes (small text at the page bottom) are moved
  after the paragraph that runs across the page break;
- ruled tables (pdfplumber's table finder on the visible rules; white boxes are ignored) become
  zone="table" blocks "tN:rR:cC", one per paragraph of a cell; a table
  continued on the next page keeps its number, a repeated header row is skipped and a row split by the page
  break is joined; each table is also handed over as a `Table` grid of those blocks (`Document.tables`);
- "Nơi nhận:" and the signature beside it are split by x into zone="recipients" then zone="signature";
- pages with no text layer, or whose fonts have no Unicode map (`(cid:NNN)`, private-use garbage), are
  rendered and read with tesseract (`extract.readers.ocr`) and laid out with the same rules.

Speed and memory: characters, font names and sizes, drawings and image boxes come from pdfium's C API
(`pdfium_layer`), about ten times faster than pdfminer's pure-Python parser; pdfplumber is kept for its table
finder (handed pdfium's rules as explicit edges) and as the character layer of pages pdfium cannot give
faithfully (`source`). `PdfOptions(engine="pdfminer")` reads every page through pdfminer (the reference,
same output). Memory is bounded by one page (plus the OCR look-ahead of one page per worker): only the blocks
are kept.

Modules, in the order a page goes through them: `source` (which layer reads the page), `pdfium_layer` /
`pdfminer_layer` (glyphs, drawings), `chars` (glyphs → pieces), `scan` (OCR decision, OCR words → lines),
`tables` (ruled tables, cell paragraphs), `lines` (pieces → lines), `analyse` (one page), `stats` (page
measures), then the builder (`builder`, with `furniture`, `header_columns`, `paragraphs`, `table_flow`,
`signature`, `legacy`) and `reader` (the loop, OCR queue, errors).

`read(path)` is the reader contract (options from the environment: KEHOACH_OCR=0, KEHOACH_OCR_MAX_PAGES=N,
KEHOACH_OCR_TIMEOUT=seconds); `read_pdf(path, **options)` takes them as arguments.
"""

from __future__ import annotations

from .legacy import _LegacyFixer
from .lines import _Line, _Piece
from .options import PdfOptions
from .reader import read, read_pdf

__all__ = ["read", "read_pdf", "PdfOptions", "_LegacyFixer", "_Line", "_Piece"]
