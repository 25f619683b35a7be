"""The NEW plan as a .docx with Word tracked changes against OLD, and a comparison table in an appendix.

A reviewer opens it in Word or LibreOffice and accepts or rejects each change: "accept all" leaves NEW's text,
"reject all" OLD's. The body is built from `PlanDiff.rows` (already in NEW's order, removed OLD rows after their
old neighbour): equal rows as written, reworded rows with word-level <ins>/<del>, added rows inserted, removed
rows deleted, moved rows inserted at their new place with the OLD copy deleted at its old place (found from the
OLD character offsets of the rows around it). Header, type name and signature are NEW's, through the
`so_sanh.xml.j2` template and the ND30 macros the plan template uses; the appendix ("Phụ lục: BẢNG SO SÁNH",
landscape) has one row per change with a Vietnamese note.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.compare.model import Change, ChangeKind, PlanDiff, Row
from extract.compare.words import word_diff
from extract.model import Plan

from .. import nd30
from ..messages_vi import HEADER_FIELD_VI, NOTE_KIND_VI
from ..render import spec as S
from ..render.build import plan_options, spec_from_template

TEMPLATE = "so_sanh.xml.j2"
_NUMBERED = re.compile(r"(?:[IVXLC]+|\d+|[a-zđ])[.)]", re.IGNORECASE)

# what each kind of change is called in the note column of the comparison table (docgen/messages_vi.py)
KIND_VI: dict[ChangeKind, str] = {k: NOTE_KIND_VI[k.value] for k in ChangeKind}


# kinds whose Side.value is a value worth naming in the note (for the others it repeats the text columns)
VALUE_GROUPS = {"target", "agency", "role", "task", "deadline", "legal"}


def change_note(c: Change) -> str:
    """A one-line Vietnamese note for a change: what kind, the values old → new, and where."""
    note = KIND_VI.get(c.kind, c.kind.value)
    if c.kind is ChangeKind.header_changed and c.detail.get("field"):
        note += f" ({HEADER_FIELD_VI.get(c.detail['field'], c.detail['field'])})"
    old_v = c.old.value if c.old else None
    new_v = c.new.value if c.new else None
    if c.group in VALUE_GROUPS and (old_v or new_v):
        if old_v and new_v and old_v != new_v:
            note += f": {old_v} → {new_v}"
        else:
            note += f": {new_v or old_v}"
    old_s = c.old.section if c.old else None
    new_s = c.new.section if c.new else None
    if c.kind is ChangeKind.paragraph_moved and old_s != new_s:
        note += f" ({_where(old_s)} → {_where(new_s)})"
    elif new_s or old_s:
        note += f" ({_where(new_s or old_s)})"
    return note


def _where(section: str | None) -> str:
    """ "mục III.2." for a numbering path; a part named in words ("Nơi nhận") as it is."""
    if not section:
        return "—"
    return f"mục {section}" if _NUMBERED.match(section) else section


# ---------------------------------------------------------------------------------------------- pieces


def _piece(text: str, change: str | None = None) -> dict[str, Any]:
    return {"text": text, "change": change}


def word_pieces(row: Row) -> list[dict[str, Any]]:
    """The text of a matched row as pieces: equal text plain, removed words deleted, new words inserted."""
    old = row.old.text if row.old else ""
    new = row.new.text if row.new else ""
    ops = row.words or (word_diff(old, new) if old and new else [])
    if not ops:  # only spelling variants differ (or nothing): NEW as written
        return [_piece(new or old)]
    out: list[dict[str, Any]] = []
    for op in ops:
        if op.op == "equal":
            out.append(_piece(op.new or op.old))
        if op.op in ("delete", "replace") and op.old:
            out.append(_piece(op.old, "del"))
        if op.op in ("insert", "replace") and op.new:
            out.append(_piece(op.new, "ins"))
    return out


def _shown(c: Change, side) -> str:
    """A side's text for the comparison table (a header date in the ND30 form)."""
    if side is None:
        return ""
    if c.kind is ChangeKind.header_changed and c.detail.get("field") == "date" and side.text:
        try:
            return nd30.format_date(side.text)
        except (ValueError, TypeError):
            return side.text
    return side.text


def comparison_cells(c: Change) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The old and new cells of a change as pieces; with a word diff, the differing words in bold."""
    a, b = _shown(c, c.old), _shown(c, c.new)
    ops = c.words if c.words else (word_diff(a, b) if a and b else [])
    if not ops:
        return [{"text": a, "bold": False}], [{"text": b, "bold": False}]
    old: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for op in ops:
        if op.old:
            old.append({"text": op.old, "bold": op.op != "equal"})
        if op.new:
            new.append({"text": op.new, "bold": op.op != "equal"})
    return old, new


# ---------------------------------------------------------------------------------------------- layout


def _markers(plan: Plan | None) -> dict[int, str]:
    """Bullet marker of each paragraph of `plan`, by its start offset (rows carry sources, not markers)."""
    out: dict[int, str] = {}
    if plan is None:
        return out

    def add(paragraphs) -> None:
        for p in paragraphs:
            if p.marker:
                out[p.source.start] = p.marker

    def walk(sections) -> None:
        for s in sections:
            add(s.paragraphs)
            walk(s.children)

    add(plan.preamble)
    walk(plan.sections)
    add(plan.closing)
    return out


def _numbers(plan: Plan | None) -> dict[int, str]:
    """Number of each section of `plan` as written, by the start offset of its heading."""
    out: dict[int, str] = {}

    def walk(sections) -> None:
        for s in sections:
            if s.number:
                out[s.source.start] = s.number.strip()
            walk(s.children)

    if plan is not None:
        walk(plan.sections)
    return out


def _old_start(row: Row) -> int | None:
    return row.old.source.start if row.old and row.old.source else None


def with_old_copies(rows: list[Row]) -> list[tuple[Row, str]]:
    """Rows in order as (row, how): how is "row", or "old" for the deleted OLD copy of a moved row.

    A moved row's OLD copy goes after the row that preceded it in OLD (the non-moved row with the largest
    OLD offset before its own); with none, it goes first."""
    anchors = sorted((s, i) for i, r in enumerate(rows) if r.status != "moved" and (s := _old_start(r)) is not None)
    starts = [s for s, _ in anchors]
    after: dict[int, list[Row]] = {}
    for r in rows:
        if r.status != "moved" or (start := _old_start(r)) is None:
            continue
        k = bisect_left(starts, start)  # anchors[k - 1] is the last one before it
        after.setdefault(anchors[k - 1][1] if k else -1, []).append(r)
    for copies in after.values():
        copies.sort(key=lambda r: _old_start(r) or 0)
    out: list[tuple[Row, str]] = [(r, "old") for r in after.get(-1, [])]
    for i, r in enumerate(rows):
        out.append((r, "row"))
        out.extend((c, "old") for c in after.get(i, []))
    return out


def _renumbered(row: Row, numbers_old: dict[int, str]) -> str | None:
    """OLD's number of a matched heading when it differs from NEW's (renumbering is no change, but "reject all"
    must give OLD's numbers back)."""
    start = _old_start(row)
    old_no = numbers_old.get(start) if start is not None else None
    return old_no if old_no and row.number and old_no != row.number.strip() else None


def _body_item(
    row: Row, how: str, markers_new: dict[int, str], markers_old: dict[int, str], numbers_old: dict[int, str]
) -> dict[str, Any]:
    if how == "old":
        side, change, pieces = row.old, "del", [_piece(row.old.text)]
    elif row.status == "added":
        side, change, pieces = row.new, "ins", [_piece(row.new.text)]
    elif row.status == "removed":
        side, change, pieces = row.old, "del", [_piece(row.old.text)]
    elif row.status == "moved":
        side, change, pieces = row.new, "ins", [_piece(row.new.text)]
    else:
        side, change, pieces = row.new or row.old, None, word_pieces(row)
    markers = markers_old if side is row.old else markers_new
    start = side.source.start if side and side.source else None
    item: dict[str, Any] = {
        "tag": "paragraph",
        "change": change,
        "level": row.level or 1,
        "number": None,
        "marker": None,
        "pieces": pieces,
    }
    if row.role == "heading":
        item["tag"], item["number"] = "heading", row.number
        old_no = _renumbered(row, numbers_old) if how == "row" and row.status in ("equal", "reworded") else None
        if old_no:  # the number as a tracked change in front of the title
            item["number"] = None
            item["pieces"] = [_piece(old_no + " ", "del"), _piece(row.number.strip() + " ", "ins"), *pieces]
    elif row.role == "legal" or (side is not None and side.section is None and side.text.startswith("Căn cứ")):
        item["tag"] = "legal_basis"  # a "Căn cứ …" line of the preamble: the plan template prints it so too
    elif start is not None and start in markers:
        item["tag"], item["marker"] = "bullet", markers[start]
    return item


def _recipient(text: str, change: str | None) -> dict[str, Any]:
    text = text.strip().lstrip("-–+ ").rstrip(";.,: ").strip()
    return {"text": text, "change": change, "archive": text.startswith("Lưu")}


def _recipient_items(row: Row) -> list[dict[str, Any]]:
    if row.status == "added":
        return [_recipient(row.new.text, "ins")]
    if row.status == "removed":
        return [_recipient(row.old.text, "del")]
    if row.status == "reworded" and row.old and row.new:
        return [_recipient(row.old.text, "del"), _recipient(row.new.text, "ins")]
    return [_recipient((row.new or row.old).text, None)]  # equal, or moved: the order of Nơi nhận is no content


def _title_pieces(rows: list[Row], plan: Plan) -> list[dict[str, Any]]:
    pieces: list[dict[str, Any]] = []
    for r in rows:
        if r.status == "removed":
            pieces.append(_piece(r.old.text, "del"))
        elif r.status == "added":
            pieces.append(_piece(r.new.text, "ins"))
        else:
            pieces.extend(word_pieces(r))
    if not rows and plan.header.title:
        pieces.append(_piece(plan.header.title))
    if pieces:  # the trích yếu opens with a capital, as the plan template prints it (filter `sentence`)
        first = pieces[0]
        first["text"] = first["text"][:1].upper() + first["text"][1:]
    return pieces


def revision_stamp(when: str | datetime | None = None) -> str:
    """The w:date of the revisions: ISO 8601 in UTC ("2025-11-05T08:00:00Z"); now when not given."""
    if when is None:
        moment = datetime.now(UTC)
    elif isinstance(when, datetime):
        moment = when
    else:
        try:
            moment = datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"revision date {when!r} is not an ISO date-time (2025-11-05T08:00:00Z)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tracked_context(
    d: PlanDiff, new_plan: Plan, *, old_plan: Plan | None = None, revision_date: str | datetime | None = None
) -> dict[str, Any]:
    """The template context of the tracked-changes document (see so_sanh.xml.j2)."""
    markers_new, markers_old = _markers(new_plan), _markers(old_plan)
    numbers_old = _numbers(old_plan)
    title_rows = [r for r in d.rows if r.role == "title"]
    body: list[dict[str, Any]] = []
    recipients: list[dict[str, Any]] = []
    for row, how in with_old_copies([r for r in d.rows if r.role != "title"]):
        if row.role == "signer":
            continue  # the signature block is NEW's; a change of signer is in the comparison table
        if row.role == "recipient":
            if how == "row":
                recipients.extend(_recipient_items(row))
            continue
        body.append(_body_item(row, how, markers_new, markers_old, numbers_old))
    comparison = []
    for c in d.changes:
        old, new = comparison_cells(c)
        comparison.append({"old": old, "new": new, "note": change_note(c)})
    return {
        "plan": new_plan,
        "options": plan_options(new_plan),
        "title": _title_pieces(title_rows, new_plan),
        "body": body,
        "recipients": recipients,
        "comparison": comparison,
        "revision_date": revision_stamp(revision_date),
        "old_file": Path(d.old_file).name if d.old_file else None,
        "new_file": Path(d.new_file).name if d.new_file else None,
    }


def diff_spec(
    d: PlanDiff,
    new_plan: Plan,
    templates_dir: str | Path | None = None,
    *,
    old_plan: Plan | None = None,
    revision_date: str | datetime | None = None,
) -> S.DocSpec:
    """The document spec of the tracked-changes document (a user template directory may override it)."""
    ctx = tracked_context(d, new_plan, old_plan=old_plan, revision_date=revision_date)
    return spec_from_template(TEMPLATE, ctx, templates_dir)


def diff_docx(
    d: PlanDiff,
    new_plan: Plan,
    templates_dir: str | Path | None = None,
    *,
    old_plan: Plan | None = None,
    revision_date: str | datetime | None = None,
) -> bytes:
    """NEW as a .docx with tracked changes against OLD (author "kehoach") and the comparison appendix.

    `old_plan` is optional: with it, removed bullets keep their marker and renumbered headings show OLD's
    number as a tracked change. `revision_date` (ISO) defaults to now."""
    from ..render.docx import docx_bytes

    return docx_bytes(diff_spec(d, new_plan, templates_dir, old_plan=old_plan, revision_date=revision_date))
