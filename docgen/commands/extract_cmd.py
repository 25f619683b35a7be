"""`kehoach extract`: files in, structured plans out (JSON, the CSV tables, or a readable outline)."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from enum import Enum
from pathlib import Path

import typer

from ._io import check_output, fail, warn, write_output


class OutFormat(str, Enum):
    json = "json"
    csv = "csv"
    md = "md"


def extract(
    files: list[Path] = typer.Argument(..., help="Plans to read: .txt, .md, .docx, .pdf, .doc (or a plan .json)"),
    output: Path = typer.Option(None, "-o", "--output", help="Output file (one input) or folder; stdout when omitted"),
    fmt: OutFormat = typer.Option(
        OutFormat.json,
        "--format",
        "-f",
        help="json (full model), csv (targets + responsibilities tables), md (outline)",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files"),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the document text out of the JSON"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-file summary on stderr"),
) -> None:
    """Extract plans into a structured, source-linked model."""
    if not files:
        fail("no input files")
    files = _once(files)
    to_dir = output is not None and (len(files) > 1 or fmt == OutFormat.csv or output.is_dir() or not output.suffix)
    if fmt == OutFormat.csv and output is None:
        output, to_dir = Path("."), True
    names = output_names(files)
    if to_dir:
        _announce_renamed(files, names, output)
    plan_outputs = {path: _destinations(names[path], output, to_dir, fmt) for path in files}
    # refuse before reading: a long extraction must not end in "already exists" or "cannot write"
    for targets in plan_outputs.values():
        for target in targets:
            check_output(target, force)
    failures = 0
    for path in files:
        plan = _read(path)
        if plan is None:
            failures += 1
            continue
        if not quiet:
            codes = ", ".join(sorted({w.code for w in plan.warnings}))
            warn(
                f"{path}: {len(plan.targets)} targets, {len(plan.responsibilities)} agencies, "
                f"{len(plan.legal_bases)} legal bases, {len(plan.warnings)} warnings" + (f" ({codes})" if codes else "")
            )
        texts = _render(plan, fmt, no_text)
        for target, data in zip(plan_outputs[path], texts):
            write_output(target, data, force)
        if not plan_outputs[path]:
            typer.echo(texts[0])
    if failures:
        raise typer.Exit(1)


def _read(path: Path):
    """The plan of one input, or None after saying why on stderr (the other inputs go on)."""
    from extract.blocks import ReadError
    from extract.planfile import PlanFileError, load_plan

    try:
        return load_plan(path)
    except PlanFileError as exc:
        warn(f"error: {exc}" + "".join(f"\n  {line}" for line in exc.details))
    except ReadError as exc:
        warn(f"error: {exc}")
    except Exception as exc:  # a bug must not stop the other files; say which file
        warn(f"error: {path}: extraction failed ({type(exc).__name__}: {exc})")
    return None


def _render(plan, fmt: OutFormat, no_text: bool) -> list[str]:
    """The texts to write, in the order of `_destinations`."""
    from extract.export import outline_md, responsibilities_csv, targets_csv

    if fmt == OutFormat.csv:
        return [targets_csv(plan), responsibilities_csv(plan)]
    if fmt == OutFormat.json:
        return [plan.model_dump_json(indent=2, exclude={"text"} if no_text else None)]
    return [outline_md(plan)]


def _once(files: list[Path]) -> list[Path]:
    """The inputs with a file given twice read once (its outputs would overwrite each other)."""
    seen: set[Path] = set()
    out = []
    for f in files:
        key = f.resolve() if f.exists() else f
        if key in seen:
            warn(f"{f}: given twice; read once")
            continue
        seen.add(key)
        out.append(f)
    return out


def output_names(files: list[Path]) -> dict[Path, str]:
    """The output name (no extension) of each input: its stem, unless another input has the same stem (a/plan.md,
    b/plan.md); those are told apart by their folders below the folder they share (a/plan, b/plan), and by their
    extension when they are in the same folder (plan.md, plan.docx)."""
    by_stem: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_stem[f.stem].append(f)
    names: dict[Path, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            names[group[0]] = stem
            continue
        absolute = [Path(os.path.abspath(f)) for f in group]
        common = Path(os.path.commonpath([a.parent for a in absolute]))
        rel = [a.parent.relative_to(common) / stem for a in absolute]
        counts = Counter(rel)
        for f, a, r in zip(group, absolute, rel):
            names[f] = (r.with_name(a.name) if counts[r] > 1 else r).as_posix()
    return names


def _announce_renamed(files: list[Path], names: dict[Path, str], output: Path) -> None:
    """Say where inputs that share a file name go, so nobody looks for out/plan.json."""
    renamed = [f for f in files if names[f] != f.stem]
    if renamed:
        warn(
            "note: inputs share a file name; written under "
            + ", ".join(f"{output / names[f]}.* ({f})" for f in renamed)
        )


def _destinations(name: str, output: Path | None, to_dir: bool, fmt: OutFormat) -> list[Path]:
    """The files one input will be written to (none for stdout)."""
    if output is None:
        return []
    if fmt == OutFormat.csv:
        return [output / f"{name}.targets.csv", output / f"{name}.responsibilities.csv"]
    return [output / f"{name}.{fmt.value}"] if to_dir else [output]
