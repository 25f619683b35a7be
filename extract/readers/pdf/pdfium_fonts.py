"""Font facts pdfium does not give as pdfminer did: the descriptor's /Descent (pdfium substitutes the font
program's metrics when the descriptor says 0, which moves glyph boxes), read once per font through pdfminer's
object parser; and whether a font name is a legacy 8-bit Vietnamese font."""

from __future__ import annotations


class Descents:
    """Font descriptor /Descent by font name, as pdfminer reads it (0 when the descriptor gives 0 or none;
    pdfium would substitute the font program's metrics). Lazy: pdfminer opens the file only when a page shows
    a font not met before, and walks the resources of that page only; a damaged file gives no answer (None)."""

    def __init__(self, path: str):
        self.path = path
        self._fh = None
        self._pages = None
        self._at = 0  # pages taken from pdfminer's page tree so far
        self._map_no = 0
        self._map: dict[str, float] = {}
        self._cache: dict[int, tuple[list[str], float | None]] = {}
        self.failed = False

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def lookup(self, number: int, name: str) -> float | None:
        """The descent of font `name` on page `number` (1-based, pages asked in increasing order)."""
        if self.failed:
            return None
        try:
            found = self._page_map(number)
        except Exception:  # a damaged font dictionary or page tree: pdfium's own metrics then
            self.failed = True
            return None
        d = found.get(name)
        return found.get(name.split("+", 1)[-1]) if d is None else d

    def _page_map(self, number: int) -> dict[str, float]:
        if self._map_no == number:
            return self._map
        if self._pages is None:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self._fh = open(self.path, "rb")
            self._pages = PDFPage.create_pages(PDFDocument(PDFParser(self._fh)))
        page = None
        while self._at < number:
            page = next(self._pages, None)
            self._at += 1
        self._map_no = number
        self._map = {}
        if page is None:
            return self._map
        exact: dict[str, float] = {}
        stripped: dict[str, set] = {}
        self._walk(page.resources, exact, stripped, 0)
        for base, vals in stripped.items():
            if len(vals) == 1 and base not in exact:
                exact[base] = next(iter(vals))
        self._map = exact
        return exact

    def _walk(self, res, exact: dict, stripped: dict, depth: int) -> None:
        from pdfminer.pdftypes import resolve1

        res = resolve1(res)
        if not isinstance(res, dict):
            return
        fonts = resolve1(res.get("Font"))
        if isinstance(fonts, dict):
            for ref in fonts.values():
                names, d = self._font(ref)
                if d is None:
                    continue
                for n in names:
                    exact[n] = d
                    stripped.setdefault(n.split("+", 1)[-1], set()).add(d)
        if depth < 4:
            xobjs = resolve1(res.get("XObject"))
            if isinstance(xobjs, dict):
                for ref in xobjs.values():
                    x = resolve1(ref)
                    attrs = getattr(x, "attrs", None)
                    form = attrs and getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form"
                    if form and "Resources" in attrs:
                        self._walk(attrs["Resources"], exact, stripped, depth + 1)

    def _font(self, ref) -> tuple[list[str], float | None]:
        from pdfminer.pdftypes import resolve1

        key = getattr(ref, "objid", None)
        if key is not None and key in self._cache:
            return self._cache[key]
        names: list[str] = []
        d = None
        f = resolve1(ref)
        if isinstance(f, dict):
            desc = f.get("FontDescriptor")
            if desc is None and "DescendantFonts" in f:
                kids = resolve1(f["DescendantFonts"])
                kid = resolve1(kids[0]) if isinstance(kids, list) and kids else None
                desc = kid.get("FontDescriptor") if isinstance(kid, dict) else None
            desc = resolve1(desc)
            subtype = getattr(resolve1(f.get("Subtype")), "name", None)
            if isinstance(desc, dict) and subtype != "Type3":
                v = resolve1(desc.get("Descent", 0))
                v = float(v) if isinstance(v, (int, float)) else 0.0
                d = -abs(v) * 0.001
                for n in (resolve1(f.get("BaseFont")), resolve1(desc.get("FontName"))):
                    n = getattr(n, "name", n)
                    if isinstance(n, bytes):
                        n = n.decode("latin-1", errors="replace")
                    if isinstance(n, str):
                        names.append(n)
        out = (names, d)
        if key is not None:
            self._cache[key] = out
        return out


_LEGACY = []


def legacy_font_kind():
    """`extract.legacy_encoding.font_kind`, or None when that module is absent."""
    if not _LEGACY:
        try:
            from ...legacy_encoding import font_kind
        except ImportError:
            font_kind = None
        _LEGACY.append(font_kind)
    return _LEGACY[0]
