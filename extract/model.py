"""The plan model: the one contract between `extract` (which fills it) and `docgen` (which writes from it).

Every extracted item carries a `Source` so a reviewer can jump from any target, task or agency back to the
paragraph it came from. Character offsets (`start`, `end`) index `Plan.text`, the normalised text of the
whole document, so `plan.text[src.start:src.end]` is always the evidence for an item.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Source(_Model):
    """Where an item came from: file, paragraph (1-based block index) or page, and a span in `Plan.text`."""

    file: str | None = None
    paragraph: int | None = Field(None, description="1-based index of the block (paragraph, line or cell)")
    page: int | None = Field(None, description="1-based page number, for paged formats")
    line: int | None = Field(None, description="1-based line in the original file, for text formats")
    table: str | None = Field(None, description="table position 'tN:rR:cC' when the block is a table cell")
    start: int = Field(0, description="offset of the first character in Plan.text")
    end: int = Field(0, description="offset after the last character in Plan.text")

    def label(self) -> str:
        """Short human label: `page 3` for paged documents, `p12` otherwise."""
        if self.page is not None:
            return f"page {self.page}"
        if self.paragraph is not None:
            return f"p{self.paragraph}"
        return ""


class ExtractionWarning(_Model):
    """Something the extractor could not understand or had to repair."""

    code: str
    message: str
    source: Source | None = None


class Convention(str, Enum):
    state = "state"  # 12/KH-UBND
    party = "party"  # 146-KH/HU


class Header(_Model):
    doc_type: str | None = Field(None, description="Kế hoạch, Báo cáo, Quyết định…")
    doc_type_code: str | None = Field(None, description="KH, BC, QĐ… (Phụ lục III)")
    governing_body: str | None = None
    issuing_body: str | None = None
    level: str | None = Field(
        None,
        description="level of the issuing body (extract/data/levels.yaml): trung ương, bộ, tỉnh (also a centrally "
        "run city), sở, huyện (also quận, thị xã, a city inside a province), phòng, xã (also phường, thị trấn, "
        "đặc khu); a Party committee takes the level of its unit",
    )
    number_symbol: str | None = Field(None, description="as written after 'Số:'")
    number: str | None = None
    symbol: str | None = Field(None, description="the part after the number: KH-UBND, KH/HU")
    symbol_type: str | None = Field(None, description="document type in the symbol: KH, BC")
    symbol_issuer: str | None = Field(None, description="issuer in the symbol: UBND, HU, SCT")
    convention: Convention | None = None
    place: str | None = None
    date: str | None = Field(None, description="ISO date, or YYYY-MM when the day is blank, or YYYY")
    title: str | None = Field(None, description="trích yếu")
    inferred: list[str] = Field(default_factory=list, description="fields inferred from elsewhere in the text")
    sources: dict[str, Source] = Field(default_factory=dict)


class LegalBasis(_Model):
    kind: str = Field(description="Nghị quyết, Thông tư, Kế hoạch, …")
    number_symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    text: str
    source: Source


class SectionKind(str, Enum):
    purpose = "purpose"  # mục đích, yêu cầu
    goals = "goals"  # mục tiêu
    tasks = "tasks"  # nhiệm vụ, giải pháp
    funding = "funding"  # kinh phí
    organisation = "organisation"  # tổ chức thực hiện
    other = "other"


class Paragraph(_Model):
    """A body paragraph or bullet inside a section."""

    text: str
    marker: str | None = Field(None, description="'-' or '+' for bullets, None for plain paragraphs")
    source: Source


class Section(_Model):
    """A numbered part of the plan. `number` is as written; `id` is the repaired, unique path."""

    id: str
    number: str | None = Field(None, description="numbering label as written: 'III.', '2.2.', 'a)'")
    style: str = Field(description="roman, upper_letter, decimal, multi_decimal, letter")
    title: str
    level: int = Field(description="depth in the tree, 1 for top-level parts")
    kind: SectionKind = SectionKind.other
    paragraphs: list[Paragraph] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)
    source: Source


class Qualifier(str, Enum):
    at_least = "at_least"  # ít nhất, tối thiểu, trên, trở lên, ≥
    about = "about"  # khoảng, gần, xấp xỉ
    strive = "strive"  # phấn đấu
    reach = "reach"  # đạt
    all = "all"  # 100%
    at_most = "at_most"  # không quá, tối đa, dưới, ≤
    exact = "exact"  # a bare value


class Target(_Model):
    """One goal: quantitative when `value` is set, qualitative otherwise."""

    id: str
    section: str | None = Field(None, description="id of the section holding it")
    indicator: str
    value: float | None = None
    value_max: float | None = Field(None, description="upper bound for ranges such as 50 - 55%")
    unit: str | None = None
    qualifier: Qualifier | None = None
    qualifier_text: str | None = None
    year: int | None = Field(None, description="horizon year")
    text: str = Field(description="the clause the target was read from")
    source: Source
    origin: str | None = Field(None, description="id of the parent-plan item this was derived from")


class Recurrence(str, Enum):
    once = "once"
    yearly = "yearly"
    half_yearly = "half_yearly"
    quarterly = "quarterly"
    monthly = "monthly"
    periodic = "periodic"  # định kỳ, with no period given


class Deadline(_Model):
    text: str
    recurrence: Recurrence = Recurrence.once
    day: int | None = None
    month: int | None = None
    year: int | None = None
    is_report: bool = Field(False, description="a reporting deadline (báo cáo …)")
    agency: str | None = Field(None, description="normalised agency whose task states it")
    task_id: str | None = None
    source: Source


class Role(str, Enum):
    standing = "standing"  # cơ quan thường trực
    lead = "lead"  # chủ trì
    coordinate = "coordinate"  # phối hợp
    requested = "requested"  # đề nghị (bodies the issuer cannot direct)
    assigned = "assigned"  # named with tasks, no role word


class AssignedTask(_Model):
    id: str
    text: str
    role: Role = Role.assigned
    partners: list[str] = Field(default_factory=list, description="agencies named as partners in the task")
    deadlines: list[Deadline] = Field(default_factory=list)
    source: Source
    origin: str | None = Field(None, description="id of the parent-plan item this was derived from")


class Responsibility(_Model):
    id: str
    agency: str = Field(description="as written")
    agency_normalized: str
    role: Role
    heading: str | None = Field(None, description="heading the agency was named in")
    section: str | None = None
    tasks: list[AssignedTask] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    source: Source
    origin: list[str] = Field(
        default_factory=list, description="ids of the parent-plan responsibilities merged into this one"
    )


class Task(_Model):
    """A task group (numbered heading in NHIỆM VỤ, GIẢI PHÁP) or an item under one."""

    id: str
    parent: str | None = None
    number: str | None = None
    text: str
    is_group: bool = False
    lead: list[str] = Field(default_factory=list, description="lead agencies, from task tables")
    coordinate: list[str] = Field(default_factory=list)
    deadline: str | None = None
    product: str | None = None
    source: Source
    origin: str | None = Field(None, description="id of the parent-plan item this was derived from")


class FundingSource(_Model):
    text: str
    source: Source


class Recipient(_Model):
    text: str = Field(description="recipient as written, without the bullet and the trailing ';'")
    note: str | None = Field(None, description="'b/c', 't/h', 'theo KH' …")
    is_archive: bool = Field(False, description="the 'Lưu:' line")
    source: Source


class Signer(_Model):
    authority: str | None = Field(None, description="signing prefix nearest the title: TM., KT., Q., TL., TUQ.")
    on_behalf: str | None = Field(None, description="the collective body after TM. (ỦY BAN NHÂN DÂN)")
    lines: list[str] = Field(default_factory=list, description="authority and title lines as written")
    title: str | None = Field(None, description="signer's own title: PHÓ CHỦ TỊCH")
    name: str | None = None
    source: Source | None = None


class Plan(_Model):
    """A whole plan (or report, decision…) as extracted."""

    schema_version: str = SCHEMA_VERSION
    file: str | None = None
    format: str | None = Field(None, description="txt, md, docx, pdf, doc")
    header: Header = Field(default_factory=Header)
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    preamble: list[Paragraph] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    general_goal: str | None = None
    targets: list[Target] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    funding: list[FundingSource] = Field(default_factory=list)
    closing: list[Paragraph] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    signer: Signer = Field(default_factory=Signer)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    text: str = Field("", description="normalised text of the document; Source offsets index it")
    meta: dict[str, Any] = Field(default_factory=dict, description="reader facts: pages, ocr, converted_from")

    def iter_sections(self) -> Iterator[Section]:
        """Depth-first walk over the section tree."""
        stack = list(reversed(self.sections))
        while stack:
            sec = stack.pop()
            yield sec
            stack.extend(reversed(sec.children))


def json_schema() -> dict[str, Any]:
    """JSON Schema of the plan model, for `kehoach schema` and for users who validate our output."""
    schema = Plan.model_json_schema()
    schema["$id"] = f"https://kehoach.invalid/schema/plan-{SCHEMA_VERSION}.json"
    return schema
