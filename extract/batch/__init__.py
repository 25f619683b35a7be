"""Batch processing of plan archives into a searchable SQLite database. Never imports `docgen`.

from extract.batch import run_batch
summary = run_batch(["plans/", "more.zip"], "archive.sqlite", workers=4)
"""

from .runner import Progress, Summary, run_batch
from .sources import SourceError
from .store import ARCHIVE_VERSION, ArchiveError, connect_readonly

__all__ = ["run_batch", "Summary", "Progress", "SourceError", "ArchiveError", "connect_readonly", "ARCHIVE_VERSION"]
