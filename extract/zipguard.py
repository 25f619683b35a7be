"""The one guard of zip files from untrusted sources: a .docx package (`ooxml.package`) and the zips a batch
reads documents from (`batch.sources`).

Limits are checked on the zip directory before anything is inflated: number of members, total inflated size,
one member's size, and compression ratios (zip bombs). A member is then inflated chunk by chunk and never
beyond what its header declares or a limit allows, so memory stays bounded whatever the file claims (zipfile
inflates a whole read() at once and only then checks the declared size). Each caller has its own limits and
wraps a `ZipProblem` in its own error.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

_CHUNK = 1 << 20  # inflate at most this much per read


class ZipProblem(Exception):
    """A zip or a member over a limit or damaged; the message is one line, without the zip's name."""


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What an untrusted zip may ask for. `noun` and `whole` word the messages ("part" of a "package")."""

    max_members: int
    max_total: int  # all members inflated
    max_ratio: float  # inflated / compressed
    ratio_floor: int  # members (and zips) inflating to less are not ratio-tested
    max_member: int | None = None  # one member inflated
    whole_ratio: bool = False  # also test the ratio of the whole zip (a package is inflated whole)
    noun: str = "member"
    whole: str = "zip"


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def zip_problem(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> str | None:
    """Why the directory `infos` asks for too much (too many members, too many bytes, a bomb's ratio), or None."""
    lim = limits
    if len(infos) > lim.max_members:
        return f"the {lim.whole} has {len(infos)} {lim.noun}s (limit {lim.max_members})"
    total = sum(i.file_size for i in infos)
    if total > lim.max_total:
        return f"the {lim.whole} inflates to {_size(total)} (limit {_size(lim.max_total)}; zip bomb?)"
    packed = sum(i.compress_size for i in infos) or 1
    if lim.whole_ratio and total > lim.ratio_floor and total / packed > lim.max_ratio:
        return f"compression ratio {total / packed:.0f}:1 is above {lim.max_ratio:.0f}:1 (zip bomb?)"
    for info in infos:
        if lim.max_member is not None and info.file_size > lim.max_member:
            size, most = _size(info.file_size), _size(lim.max_member)
            return f"{lim.noun} {info.filename!r} declares {size} (limit {most}; zip bomb?)"
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > lim.ratio_floor and ratio > lim.max_ratio:
            most = f"{lim.max_ratio:.0f}:1"
            return f"{lim.noun} {info.filename!r} has compression ratio {ratio:.0f}:1, above {most} (zip bomb?)"
    return None


def read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """Inflate one member, never more than its declared size nor `limit`; ZipProblem when it would pass them
    or is encrypted. Other errors of a damaged zip (BadZipFile for a bad CRC, zlib errors) pass through."""
    if info.flag_bits & 0x1:
        raise ZipProblem(f"{info.filename!r} is encrypted")
    cap = info.file_size if limit is None else min(limit, info.file_size)
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > cap:
                raise ZipProblem(f"{info.filename!r} expands beyond its declared size or the limit")
            chunks.append(chunk)
    return b"".join(chunks)
