"""Reading a file: open it with pdfium (pdfplumber for truncated or damaged files), walk the pages, queue
OCR pages to tesseract, feed the builder, and turn failures into one-line `ReadError`s."""

from __future__ import annotations

import os
import tempfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...blocks import Document, ReadError
from ...ocr_fix import status as ocr_fix_status
from .. import ocr as ocr_mod
from ..ocr_scan import ocr_scan_image
from .builder import _Builder
from .options import PdfOptions
from .page import _NeedsOcr, _PageLayout
from .scan import _ocr_layout
from .source import PageSource, open_problem


def _sniff(path: Path) -> tuple[bool, str | None]:
    """(truncated?, problem) from the first and last bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        try:
            fh.seek(-2048, os.SEEK_END)
        except OSError:
            fh.seek(0)
        tail = fh.read()
    if b"%PDF-" not in head:
        if head.startswith(b"PK\x03\x04"):
            kind = "a ZIP container (DOCX/XLSX?) named .pdf"
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            kind = "a Word 97-2003/OLE file named .pdf"
        elif head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            kind = "an HTML page named .pdf"
        else:
            kind = "not a PDF"
        return (
            False,
            f"not a PDF file (no %PDF- header; looks like {kind})"
            if kind != "not a PDF"
            else "not a PDF file (no %PDF- header)",
        )
    return b"%%EOF" not in tail, None


def read(path: Path) -> Document:
    """Reader contract: `extract.readers.read_document` calls this. Options come from the environment."""
    return read_pdf(path, PdfOptions.from_env())


def read_pdf(path: str | Path, options: PdfOptions | None = None, **overrides) -> Document:
    """Read a PDF into blocks. `overrides` set `PdfOptions` fields (e.g. max_ocr_pages=2, ocr=False)."""
    path = Path(path)
    opts = options or PdfOptions.from_env()
    for k, v in overrides.items():
        if not hasattr(opts, k):
            raise TypeError(f"unknown PDF option {k!r}")
        setattr(opts, k, v)
    truncated, problem = _sniff(path)
    if problem:
        raise ReadError(str(path), problem)
    doc = Document(path=str(path), format="pdf", blocks=[], meta={})
    source = PageSource(path, opts, truncated)
    ocr_state = {"checked": False, "ok": False, "reason": ""}
    needs: dict[str, list[int]] = {"scan": [], "cid": []}
    unread: list[int] = []
    ocr_pages: list[int] = []
    builder = _Builder(doc)
    workers = opts.ocr_workers or max(1, min(2, os.cpu_count() or 1))
    executor: ThreadPoolExecutor | None = None
    tmpdir: tempfile.TemporaryDirectory | None = None
    queue: deque = deque()

    def ocr_ready() -> bool:
        if not ocr_state["checked"]:
            ocr_state["checked"] = True
            ok, reason = ocr_mod.ocr_status(opts.ocr_lang)
            ocr_state["ok"], ocr_state["reason"] = ok, reason
        return ocr_state["ok"]

    def consume(item) -> None:
        if isinstance(item, _PageLayout):
            builder.add_page(item)
            if item.dropped_garbage:
                doc.warnings.append(
                    (
                        "pdf_glyphs",
                        f"page {item.number}: {item.dropped_garbage} characters without a Unicode mapping were dropped",
                        None,
                    )
                )
            return
        if isinstance(item, _NeedsOcr) and item.future is not None:
            try:
                result = item.future.result()
            except Exception as exc:  # OcrError, or anything tesseract's output broke
                doc.warnings.append(("ocr_failed", f"page {item.number}: OCR failed ({exc})", None))
                unread.append(item.number)
                return
            finally:
                if item.image_dir:
                    for f in Path(item.image_dir).glob("*"):
                        f.unlink(missing_ok=True)
            ocr_pages.append(item.number)
            conf = result.mean_confidence()
            doc.meta.setdefault("ocr_confidence", {})[item.number] = round(conf, 1) if conf is not None else None
            doc.meta.setdefault("ocr_reason", {})[item.number] = (
                "no text layer" if item.reason == "scan" else "fonts without a Unicode map (cid)"
            )
            doc.warnings.append(("ocr", f"page {item.number}: text came from OCR (tesseract); check it", None))
            doc.warnings += [(code, f"trang {item.number}: {note}", None) for code, note in result.notes]
            if not ocr_state.get("fix_checked"):
                ocr_state["fix_checked"] = True
                fix_ok, fix_why = ocr_fix_status()
                if not fix_ok:
                    doc.warnings.append(("ocr_uncorrected", f"OCR text not corrected for tone marks: {fix_why}", None))
            builder.add_page(_ocr_layout(item, result))

    try:
        doc.meta["pages"] = len(source)
        if not len(source):
            raise ReadError(str(path), "PDF has no pages")
        for number in range(1, len(source) + 1):
            try:
                item = source.analyse(number, builder.legacy.fix if builder.legacy.fn else None)
            except ReadError:
                raise
            except Exception as exc:
                if truncated:
                    raise ReadError(str(path), open_problem(exc, truncated)) from None
                doc.warnings.append(
                    ("pdf_page", f"page {number}: could not be read ({type(exc).__name__}: {exc})", None)
                )
                unread.append(number)
                item = None
            if isinstance(item, _NeedsOcr):
                needs[item.reason].append(number)
                if not opts.ocr or not ocr_ready():
                    unread.append(number)
                    item = None
                elif (
                    opts.max_ocr_pages is not None
                    and len(ocr_pages) + sum(1 for q in queue if isinstance(q, _NeedsOcr)) >= opts.max_ocr_pages
                ):
                    doc.warnings.append(
                        (
                            "ocr_skipped",
                            f"page {number}: needs OCR; skipped (limit of {opts.max_ocr_pages} OCR pages)",
                            None,
                        )
                    )
                    unread.append(number)
                    item = None
                else:
                    if executor is None:
                        executor = ThreadPoolExecutor(max_workers=workers)
                        tmpdir = tempfile.TemporaryDirectory(prefix="kehoach-ocr-")
                    img_dir = Path(tmpdir.name) / f"p{number}"
                    img_dir.mkdir()
                    try:
                        image = ocr_mod.render_page(
                            path, number, img_dir / "page", dpi=opts.ocr_dpi, timeout=opts.ocr_timeout
                        )
                    except ocr_mod.OcrError as exc:
                        doc.warnings.append(("ocr_failed", f"page {number}: {exc}", None))
                        unread.append(number)
                        item = None
                    else:
                        item.image_dir = str(img_dir)
                        item.future = executor.submit(
                            ocr_scan_image,
                            image,
                            dpi=opts.ocr_dpi,
                            lang=opts.ocr_lang,
                            timeout=opts.ocr_timeout,
                            source=(path, number),
                        )
            if item is not None:
                queue.append(item)
            while queue and (len(queue) > workers or not isinstance(queue[0], _NeedsOcr)):
                consume(queue.popleft())
        while queue:
            consume(queue.popleft())
        builder.finish()
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        if tmpdir is not None:
            tmpdir.cleanup()
        source.close()

    if truncated:
        doc.warnings.append(("pdf_truncated", "the file has no %%EOF end marker; it may be cut short", None))
    doc.meta["ocr_pages"] = ocr_pages
    if needs["scan"] or needs["cid"]:
        doc.meta["pages_needing_ocr"] = sorted(needs["scan"] + needs["cid"])
    if unread:
        doc.meta["unread_pages"] = sorted(set(unread))
    if not doc.blocks:
        missing_ocr = (needs["scan"] or needs["cid"]) and (not opts.ocr or not ocr_state["ok"])
        if missing_ocr:
            why = ocr_state["reason"] or "OCR is turned off"
            if needs["cid"] and not needs["scan"]:
                raise ReadError(
                    str(path),
                    f"PDF fonts have no Unicode map (text comes out as (cid:NNN)), so it must be "
                    f"read like a scan; {ocr_mod.INSTALL_HINT} ({why})",
                )
            raise ReadError(str(path), f"scanned PDF with no text layer; {ocr_mod.INSTALL_HINT} ({why})")
        if not (needs["scan"] or needs["cid"]):
            raise ReadError(str(path), f"PDF has no text ({doc.meta['pages']} pages, nothing to read)")
    elif unread and (needs["scan"] or needs["cid"]) and not ocr_state["ok"] and opts.ocr and ocr_state["checked"]:
        skipped = sorted(set(unread))
        what = f"page {skipped[0]} is" if len(skipped) == 1 else f"pages {_ranges(skipped)} are"
        doc.warnings.append(
            (
                "ocr_unavailable",
                f"{what} scanned and could not be read ({ocr_state['reason']}); {ocr_mod.INSTALL_HINT}",
                None,
            )
        )
    return doc


def _ranges(nums: list[int]) -> str:
    out = []
    for n in nums:
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in out)
