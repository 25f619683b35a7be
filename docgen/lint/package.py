"""A .docx package the linter reads and `--fix` edits: opened by the one OOXML loader (`extract.ooxml.package`,
so a zip bomb or a file that is not Word is refused exactly as the reader refuses it), parts parsed on demand,
edited in place and written back by `save`."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from extract.ooxml.ns import (
    CT_HEADER,
    CT_NS,
    PR_NS,
    R_NS,
    REL_FOOTER,
    REL_HEADER,
    REL_NUMBERING,
    REL_SETTINGS,
    REL_STYLES,
    W_NS,
    qn,
)
from extract.ooxml.package import Package as _Loader
from extract.ooxml.package import PackageError, parse_rels

W, R, PR, CT = W_NS, R_NS, PR_NS, CT_NS
q = qn

__all__ = [
    "CT_HEADER",
    "REL_FOOTER",
    "REL_HEADER",
    "REL_NUMBERING",
    "REL_SETTINGS",
    "REL_STYLES",
    "LintError",
    "Package",
    "R",
    "W",
    "q",
]


class LintError(Exception):
    """A file the linter cannot read (not a .docx, damaged, over a limit …). One-line message naming the file."""


class Package:
    """The parts of one .docx. `xml(name)` parses a part once; `save()` writes changed and added parts back."""

    def __init__(self, data: bytes, name: str = "<docx>"):
        self.name = name
        self._data = data
        try:
            self._src = _Loader(data, name)
        except PackageError as exc:
            raise LintError(f"{name}: {exc.problem}") from None
        self._infos = self._src.infos
        self._added: dict[str, bytes] = {}
        self._trees: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        self.main = self._src.main

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

    def original_bytes(self) -> bytes:
        """The package as it was read (the extractor's reader zones it from these bytes)."""
        return self._data

    def has(self, part: str) -> bool:
        return part in self._added or part in self._trees or self._src.has(part)

    def xml(self, part: str) -> etree._Element | None:
        if part in self._trees:
            return self._trees[part]
        try:
            if part in self._added:
                root = etree.fromstring(self._added[part])
            else:
                root = self._src.xml(part)
        except (PackageError, etree.XMLSyntaxError) as exc:
            raise LintError(f"{self.name}: damaged part {part} ({getattr(exc, 'problem', exc)})") from None
        if root is not None:
            self._trees[part] = root
        return root

    def touch(self, part: str) -> None:
        """Mark a parsed part as changed (written back by `save`)."""
        self._dirty.add(part)

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """rId -> (type, target part name, target mode) for the relationships of `part` (with added ones)."""
        folder, base = posixpath.split(part)
        return parse_rels(self.xml(posixpath.join(folder, "_rels", base + ".rels")), folder)

    def related(self, part: str, rel_type: str) -> str | None:
        return next((t for _, (ty, t, m) in self.rels(part).items() if ty == rel_type and m == "Internal"), None)

    def add_part(self, part: str, data: bytes, content_type: str) -> None:
        self._added[part] = data
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
            self._added[rels_name] = b""
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
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def _blob(self, part: str) -> bytes:
        if part in self._dirty:
            return etree.tostring(self._trees[part], xml_declaration=True, encoding="UTF-8", standalone=True)
        if part in self._added:
            return self._added[part]
        return self._src.read(part)

    def save(self) -> bytes:
        buf = io.BytesIO()
        written = set()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self._infos:
                if info.filename not in written:
                    zf.writestr(info, self._blob(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                    written.add(info.filename)
            for name in [*self._added, *self._dirty]:
                if name not in written:
                    zf.writestr(name, self._blob(name))
                    written.add(name)
        return buf.getvalue()
