"""Files the user names: inputs checked before anything reads them, outputs written atomically.

One writer for every command: an output is refused *before* the work when it cannot be written (it exists and
`force` is not given, it is a folder, a path component is a file, the folder is not writable), then written to a
temporary file in its folder and renamed over the target, with the permissions the user's umask gives. A failed
or interrupted write leaves no half-written file. Errors are one line naming the path.

Lives in `extract` (not `docgen`) because the archive export writes files too and `extract` never imports
`docgen`; it imports nothing heavy, so the command line can use it while `--help` stays fast.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .blocks import ReadError


class OutputError(OSError):
    """An output that cannot be written. `str()` is one line: the path and the problem."""

    def __init__(self, path: str | Path, problem: str, errno: int | None = None):
        super().__init__(errno or 0, problem, str(path))
        self.path = str(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def current_umask() -> int:
    """The process umask (read by setting it and putting it back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _nearest_existing(path: Path) -> Path:
    """`path` itself or the closest of its ancestors that exists (where a new file's folders would start)."""
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path(".")


def _check_folder_writable(path: Path, start: Path) -> None:
    """Refuse when the folders `start` needs cannot be made or written: a file in the way, or no permission."""
    anchor = _nearest_existing(start)
    if not anchor.is_dir():
        raise OutputError(path, f"cannot write: {anchor} is a file, not a folder")
    if not os.access(anchor, os.W_OK | os.X_OK):
        if _read_only_mount(anchor):
            raise OutputError(path, f"cannot write: {anchor} is on a read-only file system")
        raise OutputError(path, f"cannot write: no permission to write in {anchor}")


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def check_output(path: str | Path, force: bool = False) -> Path:
    """The output file, checked before any work: not a folder or device, not an existing file unless `force`,
    and in a folder that exists or can be made, and that the user may write."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "is a folder; give a file name")
    if path.exists():
        if not stat.S_ISREG(path.stat().st_mode):
            raise OutputError(path, "is not a regular file; give another name")
        if not force:
            raise OutputError(path, "already exists; use --force to overwrite it")
    _check_folder_writable(path, path.parent)
    return path


def check_output_folder(path: str | Path) -> Path:
    """A folder that files will be written into: it exists as a folder, or can be made, and is writable."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(path, "is a file, not a folder")
    _check_folder_writable(path, path)
    return path


@contextmanager
def staged_output(path: str | Path, force: bool = False) -> Iterator[Path]:
    """A temporary path in the target's folder to write to; renamed over `path` when the block ends without an
    error, removed otherwise. Raises `OutputError` (one line) for anything the file system refuses."""
    path = check_output(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})", exc.errno) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; the user's files are 0644 under umask 022
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(path, f"cannot write ({exc.strerror or exc})", exc.errno) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str | bytes, force: bool = False) -> Path:
    """Write `data` (text is UTF-8) to `path` atomically; see `staged_output`."""
    path = Path(path)
    with staged_output(path, force) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def check_input(path: str | Path) -> Path:
    """An input file, checked before anything opens it: it exists, is a regular file (a pipe or device would
    block the reader forever) and can be read. Raises `ReadError` naming the file."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as exc:
        raise ReadError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise ReadError(str(path), "is a folder, not a document")
    if not stat.S_ISREG(mode):
        raise ReadError(str(path), "is not a regular file (a pipe, socket or device); give a document")
    if not os.access(path, os.R_OK):
        raise ReadError(str(path), "cannot read (permission denied)")
    return path
