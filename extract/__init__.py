"""Reading and understanding Vietnamese administrative plans. Never imports `docgen`."""

from .model import SCHEMA_VERSION, Plan

__all__ = ["Plan", "SCHEMA_VERSION", "extract_file", "extract_text"]


def extract_file(path, **kwargs):
    """Read and extract one file into a `Plan` (see `extract.pipeline.extract_file`)."""
    from .pipeline import extract_file as _extract_file

    return _extract_file(path, **kwargs)


def extract_text(text, **kwargs):
    """Extract a plan from text already in memory (see `extract.pipeline.extract_text`)."""
    from .pipeline import extract_text as _extract_text

    return _extract_text(text, **kwargs)
