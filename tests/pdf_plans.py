"""The PDFs whose extracted plans must not change when the PDF reader changes, and a small fingerprint of
each plan: one digest per top-level Plan field (and one of the reader's block stream), so a change is
reported by field without storing whole plans.

    python tests/pdf_plans.py dump DIR        # full plans + blocks as JSON (for diffing by hand)
    python tests/pdf_plans.py expect          # rewrite tests/data/pdf_plans.json from the current reader

Made test PDFs come from tests/fixtures_pdf.py (LibreOffice); corpus/made/pdf and ../shared/corpus are read
as they are. OCR pages go through tesseract as in normal use.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
EXPECTED = ROOT / "tests" / "data" / "pdf_plans.json"
MADE_KEYS = ("plan", "plan_footer", "plan_boxed", "scan", "mixed")  # the readable made PDFs


def _canon(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _strip_paths(value, path: str):
    """The file path appears in every Source: replace it so a PDF made in another folder compares equal."""
    if isinstance(value, dict):
        return {k: _strip_paths(v, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_paths(v, path) for v in value]
    if isinstance(value, str) and value == path:
        return "<file>"
    return value


def blocks_json(doc) -> list[dict]:
    return [
        {
            "t": b.text,
            "p": b.page,
            "z": b.zone,
            "b": b.bold,
            "i": b.italic,
            "s": b.size,
            "a": b.align,
            "tb": b.table,
            "n": b.paragraph,
        }
        for b in doc.blocks
    ]


def task_rows_json(doc) -> list[dict]:
    """The task-table rows the pipeline recognises in the reader's table grids, as JSON."""
    from dataclasses import asdict

    from extract.task_tables import task_rows

    return json.loads(json.dumps([asdict(r) for r in task_rows(doc.tables)], default=str))


def read_all(path: Path) -> tuple[dict, list[dict], dict]:
    """(plan as JSON, blocks as JSON, reader meta/warnings) of one PDF, paths replaced by <file>."""
    from extract.pipeline import extract_document
    from extract.readers import read_document

    doc = read_document(path)
    blocks = blocks_json(doc)
    extra = {
        "meta": _strip_paths(json.loads(json.dumps(doc.meta, default=str)), str(path)),
        "warnings": [[c, m] for c, m, _ in doc.warnings],
        "task_rows": _strip_paths(task_rows_json(doc), str(path)),
    }
    plan = extract_document(doc).model_dump(mode="json")
    return _strip_paths(plan, str(path)), blocks, extra


def fingerprint(plan: dict, blocks: list[dict], extra: dict) -> dict[str, str]:
    """One short digest per Plan field, plus the block stream and the reader's task rows and warnings."""
    out = {k: hashlib.sha1(_canon(v).encode()).hexdigest()[:12] for k, v in sorted(plan.items())}
    out["_blocks"] = hashlib.sha1(_canon(blocks).encode()).hexdigest()[:12]
    out["_task_rows"] = hashlib.sha1(_canon(extra["task_rows"]).encode()).hexdigest()[:12]
    out["_warnings"] = hashlib.sha1(_canon(extra["warnings"]).encode()).hexdigest()[:12]
    return out


def pdfs(made_dir: Path) -> dict[str, Path]:
    """name -> path of every PDF compared: made test PDFs (made into `made_dir`), corpus/made, ../shared."""
    sys.path.insert(0, str(ROOT / "tests"))
    import fixtures_pdf

    out: dict[str, Path] = {}
    made = fixtures_pdf.make_all(made_dir)
    for key in MADE_KEYS:
        out[f"made:{key}"] = made[key]
    for p in sorted((ROOT / "corpus" / "made" / "pdf").glob("*.pdf")):
        out[f"corpus:{p.name}"] = p
    if SHARED.is_dir():
        for p in sorted(SHARED.glob("*.pdf")):
            out[f"shared:{p.name}"] = p
    return out


def main(argv: list[str]) -> int:
    import tempfile

    sys.path.insert(0, str(ROOT))
    cmd = argv[0] if argv else "expect"
    with tempfile.TemporaryDirectory(prefix="pdf-plans-") as tmp:
        files = pdfs(Path(tmp))
        result = {}
        for name, path in files.items():
            plan, blocks, extra = read_all(path)
            result[name] = fingerprint(plan, blocks, extra)
            if cmd == "dump":
                out = Path(argv[1])
                out.mkdir(parents=True, exist_ok=True)
                safe = name.replace(":", "__")
                (out / f"{safe}.plan.json").write_text(_canon(plan), encoding="utf-8")
                (out / f"{safe}.blocks.json").write_text(
                    json.dumps(blocks, ensure_ascii=False, indent=0), encoding="utf-8"
                )
                (out / f"{safe}.extra.json").write_text(_canon(extra), encoding="utf-8")
            print(name, result[name]["_blocks"], flush=True)
    if cmd == "dump":
        (Path(argv[1]) / "fingerprints.json").write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    else:
        EXPECTED.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
