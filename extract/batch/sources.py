"""Finding documents in SOURCEs: folders (recursive), zip files read in place, and list files.

Zip files are read safely: a member name that is absolute or contains `..` makes the whole zip refused (path
traversal), as do declared sizes or compression ratios typical of zip bombs (`extract.zipguard`, the guard the
.docx reader uses too); members are read with a hard byte limit (headers can lie), and zips inside a zip are
opened one level deep only.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..zipguard import ZipLimits, ZipProblem, read_bounded, zip_problem
from .work import Task

MAX_MEMBER_BYTES = 25 * 1024 * 1024  # one plan (same limit as the readers)
MAX_NESTED_ZIP_BYTES = 200 * 1024 * 1024  # a zip inside a zip, read into memory
# A batch zip is read member by member, so only each member's ratio counts, not the whole zip's.
ZIP_LIMITS = ZipLimits(
    max_members=200_000,
    max_total=4 * 1024 * 1024 * 1024,  # all members of one zip, uncompressed
    max_ratio=100,  # uncompressed / compressed, for members over ratio_floor
    ratio_floor=1024 * 1024,
    max_member=MAX_NESTED_ZIP_BYTES,
)
LIST_SUFFIXES = {".lst"}


class SourceError(Exception):
    """A SOURCE that cannot be used at all (does not exist, no documents): one line."""


class ZipRefused(Exception):
    """A zip (or a member) refused for safety; the message is the reason."""


@dataclass
class Candidate:
    display: str
    path: Path  # the file, or the outer zip
    member: str | None = None
    inner: str | None = None  # member of a zip that is itself member `member`
    size: int = 0


@dataclass
class Refusal:
    path: str
    kind: str
    reason: str


def _supported() -> set[str]:
    from ..readers import supported_suffixes

    return set(supported_suffixes())


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[\\/]+", name))


def check_zip(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The file members of a zip, or ZipRefused when it looks unsafe (traversal, bomb, too many members)."""
    infos = zf.infolist()
    for info in infos:
        if _unsafe_name(info.filename):
            raise ZipRefused(f"unsafe member path {info.filename!r} (absolute or '..'): zip refused")
    problem = zip_problem(infos, ZIP_LIMITS)
    if problem:
        raise ZipRefused(problem)
    return [info for info in infos if not info.is_dir()]


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one member with a hard limit on the bytes actually produced (sizes in headers can lie)."""
    try:
        return read_bounded(zf, info, limit)
    except ZipProblem as exc:
        raise ZipRefused(f"member {exc}: refused") from None


def _is_list_file(path: Path, supported: set[str]) -> bool:
    if path.suffix.lower() in LIST_SUFFIXES:
        return True
    if path.suffix.lower() != ".txt" or path.stat().st_size > 1_000_000:
        return False
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    except (UnicodeDecodeError, OSError):
        return False
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    return bool(lines) and all(_resolve_listed(ln, path).exists() for ln in lines)


def _resolve_listed(line: str, list_file: Path) -> Path:
    p = Path(line).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return list_file.parent / p


class Discovery:
    """First pass: list candidates (cheap, no content read except nested zips) and refusals."""

    def __init__(self, exclude: set[Path] | None = None):
        self.candidates: list[Candidate] = []
        self.refused: list[Refusal] = []
        self.supported = _supported()
        self.exclude = {p.resolve() for p in (exclude or set())}
        self._excluded_names = {p.name for p in self.exclude}  # resolve() only files with one of these names

    def add_source(self, source: str | Path, from_list: bool = False) -> None:
        """Add what SOURCE holds. A SOURCE on the command line that cannot be used stops the run before any work
        (`SourceError`); a line of a list file that cannot be used is recorded as its own error and the other
        lines go on."""
        path = Path(source)
        try:
            self._add(path, from_list)
        except SourceError as exc:
            if not from_list:
                raise
            self.refused.append(Refusal(str(path), "source", f"listed in a list file: {exc}"))

    def _add(self, path: Path, from_list: bool) -> None:
        if not path.exists():
            if from_list:  # one stale line in a list file is recorded, not fatal
                self.refused.append(Refusal(str(path), "missing", "listed in a list file but does not exist"))
                return
            raise SourceError(f"{path}: no such file or folder")
        if path.is_dir():
            self._walk(path)
            return
        if not path.is_file():  # a FIFO or device: opening it would wait forever for a writer
            raise SourceError(f"{path}: not a regular file (a pipe, socket or device)")
        if path.suffix.lower() == ".zip":
            self._zip(path)
        elif not from_list and _is_list_file(path, self.supported):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise SourceError(f"{path}: cannot read the list file ({exc})") from None
            for ln in lines:
                ln = ln.strip()
                if ln and not ln.startswith("#"):
                    self.add_source(_resolve_listed(ln, path), from_list=True)
        elif path.suffix.lower() in self.supported:
            self._file(path)
        else:
            raise SourceError(f"{path}: not a folder, zip, list file or supported document")

    def _file(self, path: Path) -> None:
        if path.name in self._excluded_names and path.resolve() in self.exclude:
            return
        self.candidates.append(Candidate(display=str(path), path=path, size=path.stat().st_size))

    def _walk(self, root: Path) -> None:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                p = Path(dirpath) / name
                suffix = p.suffix.lower()
                if not p.is_file():  # a FIFO or device would block the reader; broken links are no documents
                    if (suffix == ".zip" or suffix in self.supported) and p.exists():
                        self.refused.append(Refusal(str(p), "source", "not a regular file (a pipe, socket or device)"))
                    continue
                if suffix == ".zip":
                    self._zip(p)
                elif suffix in self.supported:
                    self._file(p)

    def _zip(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as zf:
                infos = check_zip(zf)
                for info in infos:
                    display = f"{path}!{info.filename}"
                    suffix = Path(info.filename).suffix.lower()
                    if suffix == ".zip":
                        self._nested(zf, info, path, display)
                    elif suffix in self.supported:
                        self.candidates.append(Candidate(display, path, info.filename, None, info.file_size))
        except ZipRefused as exc:
            self.refused.append(Refusal(str(path), "zip", str(exc)))
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            self.refused.append(Refusal(str(path), "zip", f"not a readable zip file ({exc})"))

    def _nested(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, display: str) -> None:
        try:
            data = read_member(zf, info, MAX_NESTED_ZIP_BYTES)
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                for sub in check_zip(inner):
                    suffix = Path(sub.filename).suffix.lower()
                    sub_display = f"{display}!{sub.filename}"
                    if suffix == ".zip":
                        self.refused.append(Refusal(sub_display, "zip", "zip nested more than one level deep: skipped"))
                    elif suffix in self.supported:
                        self.candidates.append(Candidate(sub_display, path, info.filename, sub.filename, sub.file_size))
        except ZipRefused as exc:
            self.refused.append(Refusal(display, "zip", str(exc)))
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            self.refused.append(Refusal(display, "zip", f"not a readable zip file ({exc})"))


class Loader:
    """Second pass, lazily in the driver: content hash of each candidate and the Task to send to a worker.

    Files are hashed by streaming and sent as paths (or as bytes with `inline=True`, for remote workers);
    zip members are read once (with the byte limit) and sent as bytes. The last opened zip is kept open.
    """

    def __init__(self, inline: bool = False):
        self.inline = inline
        self._zip_path: Path | None = None
        self._zip: zipfile.ZipFile | None = None
        self._inner_key: tuple | None = None
        self._inner: zipfile.ZipFile | None = None

    def load(self, c: Candidate) -> Task:
        """Raise ZipRefused / OSError with a reason when the candidate cannot be loaded."""
        if c.member is None:
            if self.inline:
                data = c.path.read_bytes()
                return Task(hashlib.sha256(data).hexdigest(), c.display, len(data), None, data, c.path.name)
            h = hashlib.sha256()
            size = 0
            with open(c.path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
            return Task(h.hexdigest(), c.display, size, path=str(c.path))
        zf = self._open(c.path)
        if c.inner is None:
            data = read_member(zf, zf.getinfo(c.member), MAX_MEMBER_BYTES)
            name = c.member
        else:
            key = (c.path, c.member)
            if self._inner_key != key:
                if self._inner is not None:
                    self._inner.close()
                blob = read_member(zf, zf.getinfo(c.member), MAX_NESTED_ZIP_BYTES)
                self._inner, self._inner_key = zipfile.ZipFile(io.BytesIO(blob)), key
            data = read_member(self._inner, self._inner.getinfo(c.inner), MAX_MEMBER_BYTES)
            name = c.inner
        return Task(hashlib.sha256(data).hexdigest(), c.display, len(data), None, data, Path(name).name)

    def _open(self, path: Path) -> zipfile.ZipFile:
        if self._zip_path != path:
            self.close()
            self._zip, self._zip_path = zipfile.ZipFile(path), path
        return self._zip

    def close(self) -> None:
        for z in (self._zip, self._inner):
            if z is not None:
                z.close()
        self._zip = self._zip_path = self._inner = self._inner_key = None
