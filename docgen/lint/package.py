"""A .docx package read with zipfile + lxml: parts parsed on demand, edited in place, written back.

Independent of python-docx so the linter reads Word files from anywhere (and quickly)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
REL_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


@cache
def q(tag: str) -> str:
    """`w:tag` -> Clark notation."""
    prefix, _, local = tag.partition(":")
    ns = {"w": W, "r": R}[prefix]
    return f"{{{ns}}}{local}"


class LintError(Exception):
    """A file the linter cannot read (not a .docx, damaged …). One-line message naming the file."""


def _sniff(data: bytes) -> str | None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return (
            "a legacy Word 97-2003 (.doc) or other OLE file; convert it to .docx first "
            "(soffice --headless --convert-to docx FILE)"
        )
    if data[:5] == b"%PDF-":
        return "a PDF file, not a Word .docx"
    if data[:5] in (b"{\\rtf",):
        return "an RTF file, not a Word .docx"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML file, not a Word .docx"
    return None


class Package:
    """The parts of one .docx. `xml(name)` parses a part once; `save()` writes changed parts back."""

    def __init__(self, data: bytes, name: str = "<docx>"):
        self.name = name
        self._data = data
        if not data:
            raise LintError(f"{name}: empty file, not a .docx")
        sniffed = _sniff(data)
        if sniffed:
            raise LintError(f"{name}: {sniffed}")
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            what = _sniff(data) or "not a .docx file (not a ZIP package)"
            raise LintError(f"{name}: {what}") from None
        self._infos = zf.infolist()
        try:
            self._blobs = {i.filename: zf.read(i.filename) for i in self._infos}
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise LintError(f"{name}: damaged .docx package ({exc})") from None
        self._trees: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        self.main = self._main_part()
        if self.main not in self._blobs:
            raise LintError(f"{name}: a ZIP file but not a Word document (no {self.main})")
        ct = self._blobs.get("[Content_Types].xml", b"")
        if (
            b"wordprocessingml.document" not in ct
            and b"ms-word.document.macroEnabled" not in ct
            and b"wordprocessingml.template" not in ct
        ):
            raise LintError(f"{name}: a ZIP package but not a Word .docx (content types say otherwise)")

    @classmethod
    def open(cls, path: str | Path) -> Package:
        path = Path(path)
        if not path.exists():
            raise LintError(f"{path}: no such file")
        if path.is_dir():
            raise LintError(f"{path}: is a directory, not a .docx file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LintError(f"{path}: cannot read ({exc.strerror})") from None
        return cls(data, str(path))

    def _main_part(self) -> str:
        rels = self._blobs.get("_rels/.rels")
        if rels:
            try:
                root = etree.fromstring(rels, _PARSER)
                for rel in root:
                    if rel.get("Type") == REL_DOC:
                        return rel.get("Target", "word/document.xml").lstrip("/")
            except etree.XMLSyntaxError:
                pass
        return "word/document.xml"

    def original_bytes(self) -> bytes:
        """The package as it was read (the extractor's reader zones it from these bytes)."""
        return self._data

    def has(self, part: str) -> bool:
        return part in self._blobs

    def xml(self, part: str) -> etree._Element | None:
        if part in self._trees:
            return self._trees[part]
        blob = self._blobs.get(part)
        if blob is None:
            return None
        try:
            root = etree.fromstring(blob, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise LintError(f"{self.name}: damaged part {part} ({exc.msg})") from None
        self._trees[part] = root
        return root

    def touch(self, part: str) -> None:
        """Mark a parsed part as changed (written back by `save`)."""
        self._dirty.add(part)

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """rId -> (type, target part name, target mode) for the relationships of `part`."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        out: dict[str, tuple[str, str, str]] = {}
        if root is None:
            return out
        for rel in root:
            target = rel.get("Target", "")
            mode = rel.get("TargetMode", "Internal")
            if mode == "Internal":
                target = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        return out

    def related(self, part: str, rel_type: str) -> str | None:
        return next((t for _, (ty, t, m) in self.rels(part).items() if ty == rel_type and m == "Internal"), None)

    def add_part(self, part: str, data: bytes, content_type: str) -> None:
        self._blobs[part] = data
        self._trees.pop(part, None)
        ct = self.xml("[Content_Types].xml")
        etree.SubElement(ct, f"{{{CT}}}Override", PartName="/" + part, ContentType=content_type)
        self.touch("[Content_Types].xml")

    def add_rel(self, source: str, rel_type: str, target_part: str) -> str:
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        if root is None:
            root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
            self._trees[rels_name] = root
            self._blobs[rels_name] = b""
        ids = {rel.get("Id") for rel in root}
        n = 1
        while f"rIdK{n}" in ids:
            n += 1
        rid = f"rIdK{n}"
        etree.SubElement(
            root, f"{{{PR}}}Relationship", Id=rid, Type=rel_type, Target=posixpath.relpath(target_part, folder or ".")
        )
        self.touch(rels_name)
        return rid

    def new_part_name(self, pattern: str) -> str:
        n = 1
        while pattern.format(n) in self._blobs:
            n += 1
        return pattern.format(n)

    def save(self) -> bytes:
        for part in self._dirty:
            root = self._trees[part]
            self._blobs[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self._dirty.clear()
        buf = io.BytesIO()
        written = set()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self._infos:
                if info.filename in self._blobs and info.filename not in written:
                    zf.writestr(info, self._blobs[info.filename], compress_type=zipfile.ZIP_DEFLATED)
                    written.add(info.filename)
            for name, blob in self._blobs.items():
                if name not in written:
                    zf.writestr(name, blob)
                    written.add(name)
        return buf.getvalue()
