"""The one runner of LibreOffice (headless) for every conversion: the .doc reader's .doc → .docx and docgen's
.docx → PDF.

Each run has its own throw-away user profile (`-env:UserInstallation`), so conversions can run side by side and
never touch the user's profile, and its own process group, so a timeout kills soffice.bin too and not only the
launcher script. LibreOffice can exit 0 without writing anything (damaged or password-protected input, a missing
filter): the caller checks the file it expects.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

NAMES = ("soffice", "libreoffice", "lowriter")
# Where installers put it when it is not on PATH (Debian's package, the upstream build, macOS).
_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
ENV = "KEHOACH_SOFFICE"  # a chosen soffice (another version, or a stand-in in tests)


class SofficeTimeout(Exception):
    """LibreOffice did not finish within the time given; its process group has been killed."""


@dataclass(frozen=True, slots=True)
class Run:
    """How one conversion ended; whether it wrote its file is for the caller to check."""

    returncode: int
    stdout: bytes
    stderr: bytes

    def said(self) -> str:
        """The last line LibreOffice printed (stderr, else stdout), without its Java-launcher noise; '' if none."""
        for stream in (self.stderr, self.stdout):
            lines = [ln.strip() for ln in stream.decode("utf-8", "replace").splitlines()]
            lines = [ln for ln in lines if ln and "javaldx" not in ln]
            if lines:
                return lines[-1]
        return ""


def find_soffice() -> str | None:
    """The soffice to run: $KEHOACH_SOFFICE when set (None when it does not exist), else the first on PATH,
    else an installer's usual place."""
    chosen = os.environ.get(ENV)
    if chosen:
        return chosen if Path(chosen).exists() or shutil.which(chosen) else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _PLACES if Path(p).exists()), None)


def convert(soffice: str, source: Path, outdir: Path, target: str, timeout: float) -> Run:
    """Run `soffice --convert-to target` on `source`, writing into `outdir` under the source's stem.

    Raises SofficeTimeout, or OSError when soffice cannot be started."""
    profile = Path(tempfile.gettempdir()) / f"kehoach-lo-{uuid.uuid4().hex}"
    cmd = [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    env = dict(os.environ)
    env.setdefault("HOME", str(outdir))
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group, so a timeout kills soffice.bin too
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise SofficeTimeout(f"LibreOffice did not finish within {timeout:g} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return Run(proc.returncode, out or b"", err or b"")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except Exception:
        pass
