"""What a comparison produces: typed changes, aligned rows and coverage items (pydantic, JSON-exportable).

`PlanDiff` answers "what changed between OLD and NEW"; `CoverageReport` answers "does CHILD carry out
PARENT". Both are the contract between the comparison engine (`extract.compare`) and every output (terminal,
JSON, HTML, tracked-changes .docx, coverage matrix), like `Plan` is between extraction and generation.
Every side of a change keeps its `Source` (file, paragraph/page, character span), so a reviewer can go back
to the evidence in either document.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import Source

DIFF_SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChangeKind(str, Enum):
    """Every kind of change the diff reports. The group is the part before the first underscore."""

    header_changed = "header_changed"  # detail.field: number_symbol, date, title, issuing_body, place, doc_type, signer
    legal_added = "legal_added"
    legal_removed = "legal_removed"
    legal_changed = "legal_changed"  # same document cited, date or subject changed
    section_added = "section_added"  # a whole section; its paragraphs are folded in (detail.paragraphs)
    section_removed = "section_removed"
    section_renamed = "section_renamed"  # matched section whose title changed (renumbering alone is no change)
    target_added = "target_added"
    target_removed = "target_removed"
    target_raised = "target_raised"  # 43% → 44%
    target_lowered = "target_lowered"
    target_range_changed = "target_range_changed"  # 50-55% → 55-60%, or a value became a range
    target_qualifier_changed = "target_qualifier_changed"  # khoảng → ít nhất
    target_year_changed = "target_year_changed"  # horizon 2025 → 2030
    agency_added = "agency_added"
    agency_removed = "agency_removed"
    agency_renamed = "agency_renamed"  # alias, 2025 merger, or same tasks under a new name
    role_changed = "role_changed"  # phối hợp → chủ trì
    task_moved = "task_moved"  # a task now given to another agency
    agency_moved = "agency_moved"  # the same agency's block under another heading (III.1 → V)
    deadline_changed = "deadline_changed"  # a task's deadline changed, added or dropped
    paragraph_added = "paragraph_added"
    paragraph_removed = "paragraph_removed"
    paragraph_moved = "paragraph_moved"  # same text, another place (another section, or out of order)
    paragraph_reworded = "paragraph_reworded"  # matched paragraph with a word-level difference
    text_added = "text_added"  # plain text mode (inputs that are not plans)
    text_removed = "text_removed"
    text_changed = "text_changed"

    @property
    def group(self) -> str:
        return self.value.split("_", 1)[0]


class WordOp(_Model):
    """One stretch of a word-level diff. `old`/`new` are the original spellings (with their spacing)."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: str = ""
    new: str = ""


class Side(_Model):
    """One side of a change: the item's text as written, where it is, and the value that changed."""

    text: str = Field("", description="the paragraph, heading, clause or field as written")
    value: str | None = Field(None, description="the changed value alone: '43%', 'Sở Nội vụ', '2025-03-05'")
    section: str | None = Field(None, description="numbering path of the holding section as written: 'III.2.a)'")
    source: Source | None = None


class Change(_Model):
    kind: ChangeKind
    summary: str = Field(description="one line for people: what changed, old → new")
    old: Side | None = None
    new: Side | None = None
    words: list[WordOp] = Field(default_factory=list, description="word-level diff of old.text → new.text")
    detail: dict[str, Any] = Field(default_factory=dict)

    @property
    def group(self) -> str:
        return self.kind.group


class SectionPair(_Model):
    """How a section of OLD was matched to one of NEW (numbers as written, so renumbering is visible)."""

    old_id: str | None = None
    new_id: str | None = None
    old_number: str | None = None
    new_number: str | None = None
    old_title: str | None = None
    new_title: str | None = None
    score: float = Field(0.0, description="similarity 0-1 of title and content")


RowStatus = Literal["equal", "reworded", "added", "removed", "moved"]
RowRole = Literal["title", "legal", "heading", "paragraph", "closing", "recipient", "signer", "text"]


class Row(_Model):
    """One line of the side-by-side view, in NEW's order; removed OLD items sit after their old neighbour."""

    status: RowStatus
    role: RowRole = "paragraph"
    level: int = Field(0, description="heading depth for role='heading' (1 = I., II.)")
    number: str | None = Field(None, description="heading number as written on the side shown (new, else old)")
    old: Side | None = None
    new: Side | None = None
    words: list[WordOp] = Field(default_factory=list)
    change: int | None = Field(None, description="index in PlanDiff.changes of the change that explains this row")


class PlanDiff(_Model):
    schema_version: str = DIFF_SCHEMA_VERSION
    old_file: str | None = None
    new_file: str | None = None
    mode: Literal["plan", "text"] = Field("plan", description="'text' when an input is not a plan")
    changes: list[Change] = Field(default_factory=list)
    sections: list[SectionPair] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Number of changes per kind, in ChangeKind order."""
        out: dict[str, int] = {}
        for kind in ChangeKind:
            n = sum(1 for c in self.changes if c.kind is kind)
            if n:
                out[kind.value] = n
        return out


class CoverageStatus(str, Enum):
    covered = "covered"
    weakened = "weakened"  # child target below the parent's, later deadline, lead turned coordinator
    missing = "missing"
    not_applicable = "not_applicable"  # left out on purpose: a duty the child's level does not perform


class ReasonCode(str, Enum):
    target_below = "target_below"  # a lower value (for 'không quá' targets: a higher ceiling)
    ceiling_above = "ceiling_above"
    horizon_later = "horizon_later"
    qualifier_weaker = "qualifier_weaker"  # 'ít nhất' → 'phấn đấu'
    deadline_later = "deadline_later"
    role_weaker = "role_weaker"  # chủ trì → phối hợp
    tasks_missing = "tasks_missing"  # an agency found with only some of its tasks
    not_applicable = "not_applicable"  # the child's level does not perform this duty (left out on purpose)


class Reason(_Model):
    """Why an item is weakened: a code and both sides' values, so every output can word it in its language."""

    code: ReasonCode
    parent: str = Field(description="the parent's value as written: '45 làng', 'trước ngày 15/12', 'chủ trì'")
    child: str
    task: str | None = Field(None, description="the task concerned, when the item is a responsibility")
    text: str = Field(description="the reason as one English sentence")


class CoverageItem(_Model):
    kind: Literal["target", "task", "responsibility"]
    id: str = Field(description="the parent item's id")
    status: CoverageStatus
    parent: Side
    child: Side | None = None
    score: float = Field(
        0.0,
        description="similarity 0-1 of the matching child item (1 when linked by origin); "
        "for a responsibility, the share of its tasks the child carries",
    )
    by: Literal["origin", "similarity", "none"] = "none"
    reasons: list[Reason] = Field(default_factory=list, description="why weakened")


class CoverageReport(_Model):
    schema_version: str = DIFF_SCHEMA_VERSION
    parent_file: str | None = None
    child_file: str | None = None
    items: list[CoverageItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {covered, weakened, missing, total}}."""
        out: dict[str, dict[str, int]] = {}
        for it in self.items:
            c = out.setdefault(it.kind, {"covered": 0, "weakened": 0, "missing": 0, "not_applicable": 0, "total": 0})
            c[it.status.value] += 1
            c["total"] += 1
        return out

    def ratio(self) -> float:
        """Share of the applicable parent items covered or weakened (found in the child at all); items left out
        on purpose (not applicable at the child's level) count neither way."""
        items = [i for i in self.items if i.status is not CoverageStatus.not_applicable]
        if not items:
            return 0.0
        return sum(1 for i in items if i.status is not CoverageStatus.missing) / len(items)
