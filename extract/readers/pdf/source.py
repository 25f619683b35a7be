"""Where pages come from: pdfium for every page it reads faithfully, pdfplumber (pdfminer) for the rest.

pdfplumber is opened only when a page needs it (a fallback page), when the file is truncated (pdfium repairs
what pdfminer reports, and the reader must say the file is cut short), when pdfium cannot open the file
(pdfminer's errors name the problem: password, damage), or when `PdfOptions.engine` is "pdfminer"."""

from __future__ import annotations

from pathlib import Path

from ...blocks import ReadError
from .analyse import analyse_pdfium, analyse_pdfminer
from .options import PdfOptions
from .page import _NeedsOcr, _PageLayout
from .pdfium_annots import annotation_chars
from .pdfium_layer import Descents, read_page


def open_problem(exc: BaseException, truncated: bool) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if name in ("PDFPasswordIncorrect",):
        return "password-protected PDF (it needs a password to open; ask for an unprotected copy)"
    if name in ("PDFEncryptionError", "PDFEncryptionWarning"):
        return f"password-protected PDF (unsupported encryption: {inner})"
    reason = str(inner) or name
    if truncated:
        return f"truncated PDF (the file ends before its %%EOF marker; {reason})"
    return f"damaged PDF ({name}: {reason})"


class PageSource:
    """Open once, then `analyse(number)` page by page (1-based), then `close()`."""

    def __init__(self, path: Path, opts: PdfOptions, truncated: bool):
        self.path = path
        self.opts = opts
        self.truncated = truncated
        self.pdfium = None
        self.plumber = None
        self.plumber_pages = None
        self.descents = Descents(str(path))
        self.known_descents: dict[str, float] = {}
        self.fallback_pages: dict[int, str] = {}  # page -> why pdfminer read it
        use_pdfium = opts.engine == "pdfium" and opts.fast and not truncated
        if use_pdfium:
            import pypdfium2 as pdfium

            try:
                self.pdfium = pdfium.PdfDocument(str(path))
            except Exception:  # pdfminer's error says what is wrong (password, damage)
                self.pdfium = None
        if self.pdfium is None:
            self._open_plumber()

    def _open_plumber(self) -> None:
        import pdfplumber
        from pdfplumber.utils.exceptions import PdfminerException

        try:
            self.plumber = pdfplumber.open(self.path)
        except PdfminerException as exc:
            raise ReadError(str(self.path), open_problem(exc, self.truncated)) from None
        except Exception as exc:  # pdfminer raises many kinds on broken files
            raise ReadError(str(self.path), open_problem(exc, self.truncated)) from None
        try:
            self.plumber_pages = self.plumber.pages
        except Exception as exc:
            raise ReadError(str(self.path), open_problem(exc, self.truncated)) from None

    def __len__(self) -> int:
        if self.pdfium is not None:
            return len(self.pdfium)
        return len(self.plumber_pages)

    def analyse(self, number: int, fix=None) -> _PageLayout | _NeedsOcr:
        want_tables = self.opts.tables
        if self.pdfium is not None:
            page = self.pdfium[number - 1]
            try:
                raw_page = read_page(page, number, self.descents, self.known_descents, want_drawings=want_tables)
            finally:
                page.close()
            if raw_page.fallback is None:
                return analyse_pdfium(raw_page, number, want_tables, fix)
            self.fallback_pages[number] = raw_page.fallback
            if self.plumber is None:
                self._open_plumber()
        page = self.plumber_pages[number - 1]
        try:
            return analyse_pdfminer(
                page, number, want_tables, fix, fast=self.opts.fast, extra=self._annotation_reader(number)
            )
        finally:
            page.close()

    def _annotation_reader(self, number: int):
        """For pdfminer's pages: the annotation text of page 1 read through pdfium (pdfminer does not draw
        appearance streams), so both engines give the same header; None when pdfium cannot open the file."""
        if number != 1 or self.truncated:
            return None
        try:
            import pypdfium2 as pdfium

            pdf = self.pdfium if self.pdfium is not None else pdfium.PdfDocument(str(self.path))
        except Exception:
            return None

        def extra(page_chars: list[tuple]) -> list[tuple]:
            try:
                page = pdf[number - 1]
                try:
                    height = float(page.get_mediabox()[3] - page.get_mediabox()[1])

                    def read_flat(flat_page) -> list[tuple] | None:
                        got = read_page(
                            flat_page,
                            number,
                            self.descents,
                            self.known_descents,
                            want_drawings=False,
                            annots=False,
                            pieces=False,
                        )
                        return got.chars if got.fallback is None else None

                    return annotation_chars(page, number, height, page_chars, read_flat)
                finally:
                    page.close()
            except Exception:
                return []
            finally:
                if pdf is not self.pdfium:
                    pdf.close()

        return extra

    def close(self) -> None:
        self.descents.close()
        if self.pdfium is not None:
            self.pdfium.close()
        if self.plumber is not None:
            self.plumber.close()
