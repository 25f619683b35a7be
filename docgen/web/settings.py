"""What one server is started with (the `kehoach serve` options)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract.readers import MAX_BYTES


@dataclass
class Settings:
    db: Path | None = None  # the archive made by `kehoach batch`, opened read-only
    token: str | None = None  # required on every request when set (a server on the office LAN)
    max_bytes: int = MAX_BYTES  # per uploaded file: the readers' own limit
    workers: int = 2  # threads for long work (extraction, derive, LibreOffice)
    keep_seconds: float = 3600  # how long results stay downloadable
