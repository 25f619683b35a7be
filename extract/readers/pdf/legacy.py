"""Legacy 8-bit Vietnamese fonts (TCVN3, VNI): lines converted through `extract.legacy_encoding`."""

from __future__ import annotations

from ...blocks import Document
from .lines import _Line


class _LegacyFixer:
    """Runs `extract.legacy_encoding.fix_legacy` over each text-layer line when the module exists."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.fn = None
        self.seen: set[tuple[int, str, str]] = set()
        try:
            from ...legacy_encoding import fix_legacy
        except ImportError:
            return
        self.fn = fix_legacy

    def fix(self, ln: _Line) -> None:
        if self.fn is None:
            return
        font = ln.font.split("+", 1)[-1]
        try:
            text, enc = self.fn(ln.text, font)
        except Exception:
            return
        if enc:
            ln.text = text
            key = (ln.page, enc, font)
            if key not in self.seen:
                self.seen.add(key)
                try:
                    from ...legacy_encoding import warning_message

                    what = warning_message(enc)
                except ImportError:
                    what = f"converted {enc} text to Unicode"
                self.doc.warnings.append(("legacy_encoding", f"page {ln.page}: {what} (font {font})", None))
