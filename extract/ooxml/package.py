"""One loader for .docx (OPC zip) packages from untrusted sources, used by every reader of Word files.

Limits are checked on the zip directory before anything is inflated, by the one zip guard (`extract.zipguard`):
number of parts, total inflated size, overall and per-part compression ratio (zip bombs). Reads are then
bounded by the sizes the directory declares, so memory stays bounded whatever the file claims.
Parts are inflated and parsed on demand with an XML parser that resolves no entities and reaches no network.
Every refusal is a `PackageError` (a `ReadError`): one line naming the file and the problem.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..blocks import ReadError
from ..sniff import KIND_NAMES, kind_of
from ..zipguard import ZipLimits, ZipProblem, read_bounded, zip_problem
from .ns import CP_NS, DC_NS, DCTERMS_NS, REL_CORE_PROPERTIES, REL_DOCUMENT, WORD_CONTENT_MARKERS


class PackageError(ReadError):
    """A .docx that cannot or may not be opened (not a zip, not Word, damaged, over a limit)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What an untrusted package may ask for (checked by the one zip guard, `extract.zipguard`)."""

    max_parts: int = 10_000
    max_total: int = 200 * 1024 * 1024  # all parts inflated
    max_ratio: float = 100.0  # inflated / compressed
    ratio_floor: int = 10 * 1024 * 1024  # parts (and packages) inflating to less are not ratio-tested

    def zip_limits(self) -> ZipLimits:
        # A package is inflated whole (every part may be read), so its overall ratio counts too.
        return ZipLimits(
            self.max_parts,
            self.max_total,
            self.max_ratio,
            self.ratio_floor,
            whole_ratio=True,
            noun="part",
            whole="package",
        )


LIMITS = Limits()

# No entity expansion (billion laughs), no external DTDs (XXE), no network; huge_tree for long real documents.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)

DOCUMENT_PART = "word/document.xml"


def check_limits(infos: list[zipfile.ZipInfo], name: str, limits: Limits = LIMITS) -> None:
    """Refuse a package whose directory asks for too many parts, too many bytes or a bomb's ratio."""
    problem = zip_problem(infos, limits.zip_limits())
    if problem:
        raise PackageError(name, f"refused: {problem}")


def word_problem(names: list[str]) -> str | None:
    """Why a zip with these part names is not a Word package (None when it looks like one)."""
    low = {n.lower() for n in names}
    if DOCUMENT_PART in low or any(n.startswith("word/") and n.endswith(".xml") for n in low):
        return None
    if any(n.startswith("xl/") for n in low):
        return "an Excel workbook"
    if any(n.startswith("ppt/") for n in low):
        return "a PowerPoint presentation"
    if "mimetype" in low or "content.xml" in low:
        return "an OpenDocument file"
    if "[content_types].xml" in low:
        return "an Office package without word/document.xml"
    return "a zip archive without word/document.xml"


def _not_a_zip(head: bytes) -> str:
    kind = kind_of(head)
    if kind == "ole":
        # Encrypted .docx files are OLE containers too; say both so the clerk knows what to try.
        return (
            "password-protected or encrypted Word file, or a Word 97-2003 .doc (not a .docx; "
            "convert it: soffice --headless --convert-to docx FILE)"
        )
    if kind in ("pdf", "rtf", "html", "image"):
        return f"not a Word .docx file ({KIND_NAMES[kind]})"
    return "not a Word .docx file (not a zip package)"


class Package:
    """The parts of one .docx, opened within `Limits`. `xml(part)` inflates and parses a part once.

    `source` is a path or the file's bytes; `name` is what messages call the file (the path by default).
    With `word=True` (the default) the package must also be a Word document: a main part reachable from
    _rels/.rels and a Word content type.
    """

    def __init__(
        self, source: str | Path | bytes, name: str | None = None, *, limits: Limits = LIMITS, word: bool = True
    ):
        self.limits = limits
        fileobj: io.BytesIO | Path
        if isinstance(source, (bytes, bytearray, memoryview)):
            self.name = name or "<docx>"
            data = bytes(source)
            if not data:
                raise PackageError(self.name, "empty file, not a .docx")
            head, fileobj = data[:4096], io.BytesIO(data)
        else:
            path = Path(source)
            self.name = name or str(path)
            head, fileobj = self._head(path), path
        if not head.startswith(b"PK"):
            raise PackageError(self.name, _not_a_zip(head))
        try:
            self._zip = zipfile.ZipFile(fileobj)
            self.infos = self._zip.infolist()
        except zipfile.BadZipFile as exc:
            raise PackageError(self.name, f"not a Word .docx file (damaged or truncated zip: {exc})") from None
        except Exception as exc:  # OSError, EOFError, NotImplementedError (odd versions) …
            raise PackageError(
                self.name, f"not a Word .docx file (damaged or unsupported zip: {type(exc).__name__}: {exc})"
            ) from None
        check_limits(self.infos, self.name, limits)
        self._by_name = {i.filename: i for i in self.infos}
        self._trees: dict[str, etree._Element] = {}
        self.main = DOCUMENT_PART
        if word:
            problem = word_problem(list(self._by_name))
            if problem:
                raise PackageError(self.name, f"not a Word .docx file ({problem})")
            self.main = self._main_part()
            if self.main not in self._by_name:
                raise PackageError(self.name, f"not a Word .docx file (missing part {self.main})")
            ct = self.read("[Content_Types].xml") if self.has("[Content_Types].xml") else b""
            if not any(marker in ct for marker in WORD_CONTENT_MARKERS):
                raise PackageError(self.name, "not a Word .docx file (content types say otherwise)")

    @staticmethod
    def _head(path: Path) -> bytes:
        if not path.exists():
            raise PackageError(str(path), "no such file")
        if path.is_dir():
            raise PackageError(str(path), "is a folder, not a .docx file")
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise PackageError(str(path), f"cannot open the file ({exc.strerror or exc})") from None
        if not head:
            raise PackageError(str(path), "empty file, not a .docx")
        return head

    # -- parts ----------------------------------------------------------------------------------------------

    def names(self) -> list[str]:
        return list(self._by_name)

    def has(self, part: str) -> bool:
        return part in self._by_name

    def read(self, part: str) -> bytes:
        """The inflated bytes of a part, never more than the directory declares (already within the limits).

        Read in chunks: zipfile inflates a whole read() at once and only then cuts to the declared size, so a
        part whose headers understate its size would otherwise inflate in full before being refused.
        """
        info = self._by_name.get(part)
        if info is None:
            raise PackageError(self.name, f"damaged Word .docx file (missing part {part})")
        try:
            return read_bounded(self._zip, info)
        except ZipProblem as exc:
            raise PackageError(self.name, f"damaged Word .docx file (part {exc})") from None
        except Exception as exc:  # BadZipFile (CRC), zlib errors, EOF …
            raise PackageError(
                self.name, f"damaged Word .docx file (part {part}: {type(exc).__name__}: {exc})"
            ) from None

    def xml(self, part: str) -> etree._Element | None:
        """A part parsed (once), None when the package has no such part.

        Goes through `has` and `read`, so a subclass that adds or replaces parts (an editor) overrides those two.
        """
        if part in self._trees:
            return self._trees[part]
        if not self.has(part):
            return None
        try:
            root = etree.fromstring(self.read(part), XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise PackageError(self.name, f"damaged Word .docx file (part {part}: {exc.msg})") from None
        self._trees[part] = root
        return root

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- relationships --------------------------------------------------------------------------------------

    def _main_part(self) -> str:
        try:
            root = self.xml("_rels/.rels")
        except PackageError:
            root = None
        if root is not None:
            for rel in root:
                if rel.get("Type") == REL_DOCUMENT:
                    return str(rel.get("Target", DOCUMENT_PART)).lstrip("/")
        return DOCUMENT_PART

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """rId → (type, target part name, target mode) for the relationships of `part`."""
        folder, base = posixpath.split(part)
        return parse_rels(self.xml(posixpath.join(folder, "_rels", base + ".rels")), folder)

    def related(self, part: str, rel_type: str) -> str | None:
        """The first internal part `part` points to with relationship `rel_type`."""
        return next((t for _, (ty, t, m) in self.rels(part).items() if ty == rel_type and m == "Internal"), None)

    def related_xml(self, part: str, rel_type: str) -> etree._Element | None:
        """That part parsed (None when there is none)."""
        target = self.related(part, rel_type)
        return self.xml(target) if target else None

    def core_properties(self) -> dict[str, str]:
        """docProps/core.xml as text: title, subject, creator, created, modified … (only those present)."""
        part = self.related("", REL_CORE_PROPERTIES) or "docProps/core.xml"
        try:
            root = self.xml(part)
        except PackageError:
            return {}  # damaged metadata never stops reading the document
        if root is None:
            return {}
        known = {f"{{{ns}}}": ns for ns in (CP_NS, DC_NS, DCTERMS_NS)}
        out: dict[str, str] = {}
        for el in root:
            if not isinstance(el.tag, str):
                continue
            ns, _, local = el.tag.rpartition("}")
            if ns + "}" in known and (el.text or "").strip():
                out[local] = el.text.strip()
        return out


def parse_rels(root: etree._Element | None, folder: str) -> dict[str, tuple[str, str, str]]:
    """rId → (type, target part name, target mode) of a parsed .rels part whose source part sits in `folder`;
    internal targets are resolved to part names."""
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
