"""Derive a lower-level implementation plan from a higher one (tỉnh → huyện, tỉnh → xã since 7/2025,
huyện → xã): the header of the deriving unit, the parent cited as basis, targets and tasks carried and
localised, agencies mapped to their counterparts, reporting deadlines moved ahead of the parent's.

Every derived item records the parent item it came from (`origin`), and every change of meaning words,
every dropped or merged item and every place that needs a local figure goes into the review list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from extract import lexicon
from extract.agencies import find_agencies, normalize_agency
from extract.deadlines import calendar_date
from extract.levels import level_word_list, level_words, province_words, tier, unit_words
from extract.model import (
    AssignedTask,
    Deadline,
    FundingSource,
    Header,
    LegalBasis,
    Paragraph,
    Plan,
    Recipient,
    Responsibility,
    Role,
    Section,
    SectionKind,
    Signer,
    Source,
    Target,
    Task,
)
from extract.normalize import match_key

from .. import nd30
from . import figures, rules, units
from .commune import carry_task_part, split_duties

# Unit word → the kind a unit below a province derives as (huyện, xã, phường: its wording in
# docgen/data/derive_wording.yaml); `tier` gives its level. Both from extract/data/levels.yaml.
LEVEL_OF_WORD = {u.word: u.kind for u in unit_words().values() if u.kind != "tỉnh"}
_LOWER_WORDS = "|".join(regex.escape(w) for w in level_word_list() if w in LEVEL_OF_WORD)
_LAST_WORDS = {w.split()[-1] for w in level_words()}  # "trấn" of "thị trấn": the place name follows
ROLE_RANK = {Role.standing: 4, Role.lead: 3, Role.coordinate: 1, Role.assigned: 2, Role.requested: 0}
DEFAULT_SIGNER = [
    f"{lexicon.signature_prefix('collective')} ỦY BAN NHÂN DÂN",
    f"{lexicon.signature_prefix('deputy')} CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
]
NAME_LINE = "……………………"  # the signer writes the name here when --signer-name is not given
_PROVINCE_WORDS = "|".join(regex.escape(w) for w in province_words())
_DEPT = regex.compile(rf"^\s*Sở\s+(?P<field>.+?)(?:\s+(?:{_PROVINCE_WORDS})\s+(?P<place>\S.*?))?\s*$", regex.I)
_UNIT = regex.compile(
    rf"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<word>{_LOWER_WORDS})\s+(?P<place>\S.*?)\s*$", regex.I
)


_VIA = regex.compile(r"báo cáo[^.()]{0,200}\(qua\s+(?P<who>[^()]{3,80})\)", regex.IGNORECASE)


class DeriveError(Exception):
    """A parent or an option the derivation cannot work with; the message says what is missing."""


@dataclass
class ReviewItem:
    """One decision left to the drafter; `refs` are the parent items it concerns (ids)."""

    kind: str  # blank, dropped, rewrite, merged, local, deadline, note
    where: str
    message: str
    before: str | None = None
    after: str | None = None
    refs: list[str] = field(default_factory=list)


@dataclass
class Unit:
    level: str  # huyện, xã, phường
    word: str  # as written: huyện, quận, thị xã, xã, phường …
    place: str
    name: str  # Ủy ban nhân dân huyện Chợ Mới
    commune: units.Commune | None = None  # the commune on the 2025 map, when checked

    @property
    def upper(self) -> str:
        return self.name.upper()


@dataclass
class DeriveOptions:
    unit: str
    number: str | None = None
    date: str | None = None  # ISO date or a year; blank day/month when not given
    lead_days: int = 10
    targets: dict[str, Any] = field(default_factory=dict)  # target id -> value or {value, value_max}
    map_files: list[Path] = field(default_factory=list)
    signer_lines: list[str] = field(default_factory=lambda: list(DEFAULT_SIGNER))
    signer_name: str | None = None
    drafting_office: str | None = None
    parent_level: str | None = None


@dataclass
class Derived:
    plan: Plan
    review: list[ReviewItem]
    mapping_key: str

    @property
    def open_decisions(self) -> int:
        """Decisions the drafter still has to take before signing (every review item is one)."""
        return len(self.review)

    def not_applicable(self) -> dict[str, str]:
        """Parent item id → why the derived plan intentionally leaves it out (for `coverage`)."""
        out: dict[str, str] = {}
        for item in self.review:
            if item.kind == "dropped":
                for ref in item.refs:
                    out.setdefault(ref, item.message)
        return out


# --- data -------------------------------------------------------------------------------------------------

UNIT = "@unit"  # agency_map value: the deriving unit itself; its tasks go to the unit's standing agency
_NOT_LISTED = object()


@cache
def _builtin(name: str) -> dict:
    return yaml.safe_load(resources.files("docgen").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8"))


def load_maps(extra: list[Path]) -> tuple[dict, dict]:
    """Built-in agency map and level vocabulary, extended by user files (errors name file, line, problem)."""
    agency = {k: (dict(v) if isinstance(v, dict) else v) for k, v in _builtin("agency_map").items()}
    agency["mergers_2025"] = dict(lexicon.load("agencies")["mergers_2025"])
    levels = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in _builtin("derive_wording").items()}
    for path in extra:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise DeriveError(f"{path}: cannot read mapping file ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "?"
            raise DeriveError(f"{path}: {where}: {getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(data, dict):
            raise DeriveError(
                f"{path}: line 1: expected a mapping of sections (e.g. 'tỉnh→huyện:'), got {type(data).__name__}"
            )
        for key, value in data.items():
            if key in ("levels",) and isinstance(value, dict):
                levels["levels"].update(value)
            elif isinstance(value, dict):
                bad = [k for k, v in value.items() if v is not None and not isinstance(v, str)]
                if bad:
                    raise DeriveError(f"{path}: section '{key}': value for '{bad[0]}' must be an agency name or null")
                agency.setdefault(key, {}).update(value)
            else:
                raise DeriveError(f"{path}: section '{key}' must be a mapping 'parent agency: child agency'")
    return agency, levels


def parse_unit(unit: str) -> Unit:
    d = _DEPT.match(unit)
    if d:  # a provincial department carrying out the province's plan
        name = normalize_agency(f"Sở {d.group('field').strip()}")
        return Unit(level="sở", word="tỉnh", place=(d.group("place") or "").strip(), name=name)
    m = _UNIT.match(unit)
    if not m:
        raise DeriveError(
            f"unknown unit '{unit}': give the People's Committee of a district or commune, or a provincial "
            "department, e.g. 'UBND huyện Chợ Mới', 'UBND xã An Bình', 'UBND phường Sông Trí', 'Sở Y tế' "
            "(known levels: huyện, quận, thị xã, thành phố, xã, phường, thị trấn, đặc khu, sở)"
        )
    word = m.group("word").lower()
    place = m.group("place").strip()
    return Unit(level=LEVEL_OF_WORD[word], word=word, place=place, name=f"Ủy ban nhân dân {word} {place}")


def sentence_case_body(text: str | None) -> str | None:
    """'ỦY BAN NHÂN DÂN TỈNH BẮC KẠN' → 'Ủy ban nhân dân tỉnh Bắc Kạn' (place names keep capitals)."""
    if not text:
        return None
    if not text.isupper():
        return text
    words = text.lower().split()
    out, cap = [], False
    for i, w in enumerate(words):
        out.append(w.capitalize() if i == 0 or cap else w)
        if w in _LAST_WORDS and i + 1 < len(words):
            cap = True
    text = " ".join(out)
    return normalize_agency(text) if not cap else text


# --- the derivation -----------------------------------------------------------------------------------------


class _Deriver:
    def __init__(self, parent: Plan, opts: DeriveOptions):
        missing = [
            what
            for what, items in (
                ("goals (targets in MỤC TIÊU)", parent.targets),
                ("responsibilities (TỔ CHỨC THỰC HIỆN)", parent.responsibilities),
            )
            if not items
        ]
        if len(missing) == 2:
            raise DeriveError(f"not a plan this can derive from: it has no {' and no '.join(missing)}")
        self._citation: tuple[str, LegalBasis] | None = None
        self.parent = parent
        self.opts = opts
        self.unit = parse_unit(opts.unit)
        self.review: list[ReviewItem] = []
        self._impossible_dates: set[str] = set()  # deadlines already noted as days the calendar lacks
        self.maps, levels = load_maps(opts.map_files)
        self.levels = levels["levels"]
        self.rules = levels["localise"]
        plevel = opts.parent_level or parent.header.level
        if plevel is None:
            raise DeriveError(
                "the parent's level is unknown (no issuing body in its header): give --parent-level tỉnh|huyện"
            )
        self.plevel = "tỉnh" if plevel in ("tỉnh", "sở") else plevel
        child = tier(self.unit.level)  # a phường derives by the tỉnh→xã map, worded as a phường
        self.key = f"{self.plevel}→{child}"
        if self.unit.level == "sở":
            if not self.unit.place:
                self.unit.place = parent.header.place or self._parent_place() or ""
            if opts.signer_lines == DEFAULT_SIGNER:
                opts.signer_lines = [f"{lexicon.signature_prefix('deputy')} GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
        if self.key not in self.maps:
            known = ", ".join(k for k in self.maps if "→" in k and k != "prefix_rules")
            raise DeriveError(f"cannot derive a {self.unit.level} plan from a {plevel} plan (known: {known})")
        self.date = self._date()
        self.apply_mergers = child == "xã" or (self.date or "") >= "2025-07-01"
        self.pplace = parent.header.place or self._parent_place()
        self.commune = child == "xã" and self.plevel == "tỉnh"
        self.origin_aliases: dict[str, str] = {}
        if self.commune:
            self._check_unit()

    # -- the unit on the 2025 map
    def _check_unit(self) -> None:
        """A commune dated from 1/7/2025 (or undated) must exist on the 2025 map; a parent from a pre-2025
        province derives to a commune of the province that took it in."""
        if self.date and self.date[:7] < "2025-07":
            return
        province = self._parent_province()
        try:
            c = units.find_commune(self.unit.word, self.unit.place, province)
        except units.UnitNotFound as exc:
            raise DeriveError(
                f"unknown unit '{self.opts.unit}': {exc}; closest real names: {'; '.join(exc.suggestions)}"
            ) from None
        self.unit.commune = c
        self.unit.word, self.unit.place = c.word, c.place
        self.unit.level = LEVEL_OF_WORD[c.word]
        self.unit.name = f"Ủy ban nhân dân {c.word} {c.place}"
        succ = units.successor(province)
        if province and succ and match_key(succ) != match_key(province) and match_key(c.province) == match_key(succ):
            self.note(
                "note",
                "căn cứ",
                f"Kế hoạch cấp trên do tỉnh {province} ban hành; từ 01/7/2025 tỉnh {province} hợp nhất vào "
                f"{c.province_word} {c.province}: kế hoạch này triển khai tại {c.word} {c.place} ({c.province_word} "
                f"{c.province}). Kiểm tra kế hoạch cấp trên còn hiệu lực hoặc đã được {c.province_body} thay thế.",
            )
        elif province and succ and match_key(c.province) != match_key(succ):
            self.note(
                "note",
                "căn cứ",
                f"{c.word.capitalize()} {c.place} thuộc {c.province_word} "
                f"{c.province}, không thuộc {province}: kiểm tra lại kế hoạch cấp trên",
            )

    def carry(self, text: str, part: str, where: str) -> str:
        """A parent sentence carried as it is (purpose, general goal): localised; for a commune also its words
        for the communes, and the province's figures as blanks."""
        if not self.commune:
            return self.localise(text, part, where)
        out = self.localise(rules.say_for_commune(text, self.unit.word), part, where, before=text)
        blanked, taken = figures.blank_figures(out)
        if taken:
            self.note(
                "blank",
                where,
                f"số liệu của tỉnh ({', '.join(taken)}) không chép sang: điền số liệu của {self.unit.word} vào chỗ “…”",
                text,
                blanked,
            )
        return blanked

    def _parent_province(self) -> str | None:
        place = self.pplace or ""
        return regex.sub(rf"(?i)^(?:{_PROVINCE_WORDS})\s+", "", place).strip() or None

    def parent_lead(self) -> str | None:
        """The parent's lead department: the first standing/lead agency that is neither the communes nor the
        departments as a group; else the one reports go through ("báo cáo … (qua Công an tỉnh)")."""
        lead = next(
            (
                r.agency_normalized
                for r in self.parent.responsibilities
                if r.role in (Role.standing, Role.lead, "standing", "lead")
                and not rules.is_commune_holder(r.agency_normalized)
                and not rules.is_provincial_group(r.agency_normalized)
            ),
            None,
        )
        if lead is None:
            m = _VIA.search(self.parent.text or "")
            lead = normalize_agency(m.group("who").strip()) if m else None
        return lead

    # -- review helpers
    def note(
        self,
        kind: str,
        where: str,
        message: str,
        before: str | None = None,
        after: str | None = None,
        refs: list[str] | None = None,
    ) -> None:
        self.review.append(ReviewItem(kind, where, message, before, after, list(refs or [])))

    def drop(self, where: str, reason: str, what: str, refs: list[str], whole: bool = False) -> None:
        """A parent duty the commune does not take: listed with its reason for the drafter to confirm."""
        self.review.append(
            ReviewItem("dropped", where, f"Không đưa vào kế hoạch của {self.unit.word}: {reason}", what, None, refs)
        )

    def commune_words(self, text: str, where: str) -> str:
        """A parent's text said for this commune: its words for the communes, then the level words."""
        said = rules.say_for_commune(text, self.unit.word)
        return self.localise(said, "organisation", where, before=text)

    # -- helpers
    def _date(self) -> str | None:
        d = self.opts.date
        if d and not regex.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            raise DeriveError(f"--date '{d}': give YYYY, YYYY-MM or YYYY-MM-DD")
        return d

    def _parent_place(self) -> str | None:
        body = self.parent.header.issuing_body or ""
        m = regex.search(r"(?i)(?:tỉnh|thành phố|huyện)\s+(.+)$", body)
        return sentence_case_body(m.group(1)) if m else None

    def _ctx(self) -> dict[str, str]:
        departments = self.levels.get(self.unit.level, {}).get("departments", "các cơ quan, đơn vị")
        return {
            "from": self.plevel,
            "to": self.unit.word,
            "from_place": self.pplace or "",
            "to_place": self.unit.place,
            "sub_units": self.levels.get(self.unit.level, {}).get(
                "sub_units", f"các thôn trên địa bàn {self.unit.word}"
            ),
            "departments": departments,
            "departments_cap": departments[:1].upper() + departments[1:],
        }

    def localise(self, text: str, part: str, where: str, before: str | None = None) -> str:
        """Rewrite the references to the issuing territory by the rules in derive_wording.yaml (a phrase followed by a
        proper name — "thương hiệu của tỉnh Hà Giang", "Thuế tỉnh" — is a name and stays), and, below a
        district, partner agencies to their counterparts."""
        if self.unit.level == "sở":
            return text  # a department acts across the province: its words stay the province's
        ctx = self._ctx()
        out = text
        for rule in self.rules:
            if rule.get("only_in") and part not in rule["only_in"]:
                continue
            pattern = rule["pattern"].format(**ctx)
            if "{from_place}" in rule["pattern"] and not ctx["from_place"]:
                continue
            replace = rule["replace"].format(**ctx)
            named = "{from_place}" in rule["pattern"]
            capital = pattern[:1].upper() + pattern[1:]  # "Toàn tỉnh …" opening a sentence
            rx = regex.compile(rf"(?<![\p{{L}}])(?:{regex.escape(pattern)}|{regex.escape(capital)})(?![\p{{L}}])")

            def swap(m, replace=replace, named=named, pattern=pattern) -> str:
                if not named and rules._name_follows(m.string, m.end()):
                    return m.group(0)
                opening = m.group(0)[:1].isupper() and not pattern[:1].isupper()  # the "Toàn tỉnh …" variant matched
                return replace[:1].upper() + replace[1:] if opening else replace

            out = rx.sub(swap, out)
        if not self.commune:  # a commune coordinates with the provincial bodies themselves: their names stay
            out = self._map_partners(out)
        original = before if before is not None else text
        if out != original:
            self.review.append(
                ReviewItem(
                    "rewrite",
                    where,
                    "đã đổi lời cho phù hợp cấp dưới (tên địa bàn, cấp, cơ quan): kiểm tra lại",
                    original,
                    out,
                )
            )
        return out

    def _map_partners(self, text: str) -> str:
        m = regex.search(r"(?:phối hợp|cùng)\s+với\s+(?P<who>[^;:.]{3,300})", text, regex.I)
        if not m:
            return text
        clause = m.group("who")
        spans = find_agencies([clause])[0]
        for start, end, name in reversed(spans):
            target, _ = self.map_agency(normalize_agency(name))
            if target and match_key(target) != match_key(name):
                clause = clause[:start] + target + clause[end:]
        return text[: m.start("who")] + clause + text[m.end("who") :]

    def map_agency(self, name: str) -> tuple[str | None, str]:
        """Counterpart of a parent agency at the unit's level, and how it was found."""
        how = "map"
        key = match_key(name)
        if self.apply_mergers:
            for old, new in self.maps.get("mergers_2025", {}).items():
                if match_key(old) == key:
                    name, key, how = new, match_key(new), f"merged in 2025 into {new}"
                    break
        table = self.maps.get(self.key, {})
        found = next((child for parent_name, child in table.items() if match_key(parent_name) == key), _NOT_LISTED)
        if found is _NOT_LISTED:  # "Tỉnh đoàn Hà Giang": the longest listed name it starts with
            heads = [p for p in table if key.startswith(match_key(p) + " ")]
            if heads:
                found, how = table[max(heads, key=len)], "map (name with its territory)"
        if found is not _NOT_LISTED:
            child = found
            return (
                child.replace(" xã", f" {self.unit.word}")
                if child and child != UNIT and self.unit.level == "phường"
                else child
            ), how
        for rule in self.maps.get("prefix_rules", {}).get(self.key, []) or []:
            if name.startswith(rule["from"]):
                out = rule["to"] + name[len(rule["from"]) :]
                if rule.get("suffix_from") and out.endswith(rule["suffix_from"]):
                    out = out[: -len(rule["suffix_from"])] + rule["suffix_to"]
                return out, "prefix rule"
        suffix = regex.search(rf"\s{self.plevel}$", name)
        if suffix and not self.commune:
            return name[: suffix.start()] + f" {self.unit.word}", "level word"
        return None, "no counterpart"

    def shift(self, d: Deadline) -> tuple[int, int, int | None] | None:
        """The date `lead_days` before a parent deadline (same recurrence); None, with one review note, for a
        day the calendar does not have ("31/11"): its text is kept as the parent wrote it."""
        if d.day is None or d.month is None:
            return None
        date, problem = calendar_date(d.day, d.month, d.year)
        if date is None:
            if d.text not in self._impossible_dates:
                self._impossible_dates.add(d.text)
                self.review.append(
                    ReviewItem(
                        "deadline",
                        "thời hạn",
                        f"{problem}: thời hạn giữ nguyên như kế hoạch cấp trên, kiểm tra lại",
                        d.text,
                        d.text,
                    )
                )
            return None
        date -= dt.timedelta(days=self.opts.lead_days)
        return date.day, date.month, (date.year if d.year else None)

    # -- parts
    def header(self) -> Header:
        level_info = self.levels.get(self.unit.level, {})
        year = (self.date or str(dt.date.today().year))[:4]
        if self.unit.level == "huyện" and (self.date or dt.date.today().isoformat()) > level_info.get(
            "valid_until", "9999"
        ):
            self.review.append(
                ReviewItem(
                    "note",
                    "tiêu đề",
                    "cấp huyện đã kết thúc hoạt động từ ngày 01/7/2025: kiểm tra có đúng cần kế hoạch cấp huyện không",
                )
            )
        if self.unit.level == "sở":  # a department: its own symbol, and the province's committee above it
            symbol = "KH-S" + "".join(
                w[0].upper() for w in self.unit.name.split()[1:] if w.lower() not in ("và", "-", ",")
            )
            self.review.append(
                ReviewItem(
                    "local", "tiêu đề", f"ký hiệu {symbol} ghép từ chữ đầu tên sở: đối chiếu với ký hiệu sở đang dùng"
                )
            )
            governing, level = _governing(self.parent.header.issuing_body), "sở"
        else:
            symbol, governing, level = "KH-UBND", None, tier(self.unit.level)
        return Header(
            doc_type="Kế hoạch",
            doc_type_code="KH",
            governing_body=governing,
            issuing_body=self.unit.upper,
            level=level,
            number_symbol=f"{self.opts.number or ''}/{symbol}",
            number=self.opts.number,
            symbol=symbol,
            symbol_type="KH",
            symbol_issuer=symbol.split("-", 1)[1],
            convention="state",
            place=self.unit.place or None,
            date=self.date or year,
            title=self.title(),
        )

    def parent_citation(self) -> tuple[str, LegalBasis]:
        """'Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh …' and the same as a legal basis."""
        if self._citation is None:
            self._citation = self._build_citation()
        return self._citation

    def _build_citation(self) -> tuple[str, LegalBasis]:
        h = self.parent.header
        kind = h.doc_type or "Kế hoạch"
        body = sentence_case_body(h.issuing_body) or "cấp trên"
        parts = [kind]
        if h.number_symbol and h.number:
            parts.append(f"số {h.number}/{h.symbol}" if h.convention != "party" else f"số {h.number}-{h.symbol}")
        elif h.symbol:
            self.review.append(
                ReviewItem(
                    "local",
                    "trích yếu",
                    f"kế hoạch cấp trên chưa có số ({h.number_symbol}): điền số vào trích yếu và phần căn cứ",
                )
            )
        if h.date and len(h.date) == 10:
            y, m, d = h.date.split("-")
            parts.append(f"ngày {d}/{int(m)}/{y}")
        elif not h.date:
            self.review.append(
                ReviewItem(
                    "local",
                    "trích yếu",
                    "kế hoạch cấp trên chưa có ngày ban hành: điền ngày vào trích yếu và phần căn cứ",
                )
            )
        cite = " ".join(parts) + f" của {body}"
        basis = LegalBasis(
            kind=kind,
            number_symbol=(
                f"{h.number}/{h.symbol}"
                if h.number and h.convention != "party"
                else (f"{h.number}-{h.symbol}" if h.number else None)
            ),
            date=h.date if h.date and len(h.date) == 10 else None,
            issuer=body,
            subject=h.title,
            text=cite,
            source=Source(),
        )
        return cite, basis

    def title(self) -> str:
        cite, _ = self.parent_citation()
        ptitle = (self.parent.header.title or "").strip()
        if ptitle:
            ptitle = ptitle[0].lower() + ptitle[1:]
        joiner = " " if match_key(ptitle).startswith(("thực hiện", "triển khai", "về ")) else " về "
        # Only the subject moves down a level; the citation names the parent body as it is.
        subject = self.localise(ptitle, "title", "trích yếu") if ptitle else ""
        return f"Thực hiện {cite}{joiner}{subject}".strip()

    def parent_subject(self) -> str:
        """The parent's subject as cited in the opening, unchanged: 'về …' or 'thực hiện …'."""
        ptitle = (self.parent.header.title or "").strip()
        if not ptitle:
            return ""
        ptitle = ptitle[0].lower() + ptitle[1:]
        return f" {ptitle}" if match_key(ptitle).startswith(("thực hiện", "triển khai", "về ")) else f" về {ptitle}"

    def targets(self) -> list[Target]:
        out = []
        carried = []
        for t in self.parent.targets:
            override = self.opts.targets.get(t.id)
            if self.commune and override is None and t.value is None and (reason := rules.province_only(t.text)):
                self.drop(f"II. MỤC TIÊU ({t.id})", reason, t.text, [t.id])  # a goal only the province can reach
                continue
            value, value_max = t.value, t.value_max
            text = t.text
            if override is not None:
                if isinstance(override, dict):
                    value, value_max = override.get("value", value), override.get("value_max", value_max)
                else:
                    value = float(override)
                if t.value is not None and value != t.value:
                    text = _replace_number(text, t.value, value)
                    if value_max is not None and t.value_max is not None:
                        text = _replace_number(text, t.value_max, value_max)
            elif (
                t.value is not None and self.commune and not figures.applies_to_every_unit(t.value, t.unit, t.value_max)
            ):
                blanked, done = figures.blank_value(text, t.value, t.value_max)
                if done:  # the province's figure is not the commune's: a blank the drafter fills
                    self.note(
                        "blank",
                        f"II. MỤC TIÊU ({t.id})",
                        f"số liệu của tỉnh ({_fmt(t)}) không chép sang: điền chỉ "
                        f"tiêu của {self.unit.word} vào chỗ “…” (hoặc dùng --targets)",
                        t.text,
                        blanked,
                        [t.id],
                    )
                    text, value, value_max = blanked, None, None
                else:
                    carried.append(t.id)
            elif t.value is not None and not self.commune:
                carried.append(t.id)
            if t.qualifier_text and t.qualifier == "strive" and match_key(t.qualifier_text) not in match_key(text):
                text = f"Phấn đấu {text[:1].lower()}{text[1:]}"  # the sentence's "Phấn đấu" carried into its own bullet
            text = self.localise(text, "goals", f"chỉ tiêu {t.id}")
            out.append(
                t.model_copy(
                    update={
                        "value": value,
                        "value_max": value_max,
                        "text": text,
                        "indicator": self.localise(t.indicator, "goals", f"chỉ tiêu {t.id}"),
                        "origin": t.id,
                        "source": Source(),
                    }
                )
            )
        if carried:
            self.note(
                "local",
                "II. MỤC TIÊU",
                f"{len(carried)} chỉ tiêu giữ nguyên số liệu của cấp trên ({', '.join(carried)}): "
                f"xác định chỉ tiêu của {self.unit.word} (dùng --targets FILE)",
                refs=carried,
            )
        return out

    def department_responsibilities(self) -> tuple[list[Responsibility], str | None]:
        """A department's plan: its own tasks go to its units, tasks it is a partner in are carried as
        coordination; everything assigned to other agencies is listed as dropped."""
        me = match_key(self.unit.name)
        mergers = {match_key(k): match_key(v) for k, v in self.maps.get("mergers_2025", {}).items()}

        def is_me(name: str) -> bool:
            k = match_key(name)
            return k == me or mergers.get(k) == me

        units = self.maps.get("tỉnh→sở", {})
        office = units.get("standing", "Văn phòng Sở")
        divisions = units.get("lead", "Các phòng chuyên môn, đơn vị thuộc Sở")
        own, partner = [], []
        for r in self.parent.responsibilities:
            if is_me(r.agency_normalized):
                own.append(r)
                continue
            tasks = [t for t in r.tasks if any(is_me(p) for p in t.partners)]
            if tasks:
                partner.append((r, tasks))
            self.review.append(
                ReviewItem(
                    "dropped",
                    f"V. {r.agency}",
                    "Không đưa vào kế hoạch: giao cho cơ quan khác, không phải "
                    f"{self.unit.name} ({len(r.tasks) - len(tasks)} nhiệm vụ)",
                    r.agency,
                    None,
                )
            )
        if not own and not partner:
            raise DeriveError(
                f"the parent assigns no task to {self.unit.name} (it is "
                "neither named in TỔ CHỨC THỰC HIỆN nor as a partner)"
            )
        lead_tasks = [
            AssignedTask(
                id="",
                text=self._shift_text(t.text, t.deadlines, f"nhiệm vụ {t.id}"),
                role=t.role,
                source=Source(),
                origin=t.id,
            )
            for r in own
            for t in r.tasks
        ]
        coord_tasks = [
            AssignedTask(
                id="",
                text=f"Phối hợp với {r.agency_normalized}: {t.text[:1].lower()}{t.text[1:]}",
                role=Role.coordinate,
                source=Source(),
                origin=t.id,
            )
            for r, ts in partner
            for t in ts
        ]
        standing = Responsibility(
            id="R01",
            agency=office,
            agency_normalized=office,
            role=Role.standing,
            heading=office,
            source=Source(),
            origin=[r.id for r in own],
            tasks=[
                AssignedTask(
                    id="R01.1",
                    role=Role.standing,
                    source=Source(),
                    text=(
                        "Là cơ quan thường trực, tham mưu Giám đốc Sở triển khai, theo "
                        "dõi, đôn đốc, tổng hợp và báo cáo kết quả thực hiện Kế hoạch."
                    ),
                )
            ],
        )
        doers = Responsibility(
            id="R02",
            agency=divisions,
            agency_normalized=divisions,
            role=Role.lead if lead_tasks else Role.coordinate,
            heading=divisions,
            source=Source(),
            origin=[r.id for r in own] + [r.id for r, _ in partner],
            tasks=lead_tasks + coord_tasks,
        )
        for j, t in enumerate(doers.tasks, start=1):
            t.id = f"R02.{j}"
        return [standing, doers], office

    def responsibilities(self) -> tuple[list[Responsibility], str | None]:
        if self.unit.level == "sở":
            return self.department_responsibilities()
        merged: dict[str, Responsibility] = {}
        order: list[str] = []
        parent_lead = None
        for r in self.parent.responsibilities:
            if parent_lead is None and r.role in (Role.standing, Role.lead):
                parent_lead = r
        standing_child = None
        own: list[tuple[Responsibility, list[AssignedTask]]] = []
        for r in self.parent.responsibilities:
            child, how = self.map_agency(r.agency_normalized)
            if child is None:
                self.review.append(
                    ReviewItem(
                        "dropped",
                        f"V. {r.agency}",
                        f"Không đưa vào kế hoạch: {self.unit.word} không "
                        f"có cơ quan tương ứng ({len(r.tasks)} nhiệm vụ)",
                        r.agency,
                        None,
                        [r.id] + [t.id for t in r.tasks],
                    )
                )
                continue
            if child == UNIT:
                own.append(
                    (
                        r,
                        [
                            AssignedTask(
                                id="",
                                text=self._shift_text(
                                    self.localise(t.text, "organisation", f"nhiệm vụ {t.id}"),
                                    t.deadlines,
                                    f"nhiệm vụ {t.id}",
                                ),
                                role=t.role,
                                source=Source(),
                                origin=t.id,
                            )
                            for t in r.tasks
                        ],
                    )
                )
                continue
            if how.startswith("merged"):
                self.review.append(
                    ReviewItem(
                        "rewrite",
                        f"V. {r.agency}",
                        f"{r.agency} đã hợp nhất năm 2025: dùng tên cơ quan mới",
                        r.agency,
                        child,
                    )
                )
            role = Role(r.role)
            if r is parent_lead:
                role = Role.standing
                standing_child = child
            key = match_key(child)
            tasks = []
            for t in r.tasks:
                text = self._shift_text(
                    self.localise(t.text, "organisation", f"nhiệm vụ {t.id}"), t.deadlines, f"nhiệm vụ {t.id}"
                )
                tasks.append(
                    AssignedTask(id="", text=text, role=t.role, partners=[], deadlines=[], source=Source(), origin=t.id)
                )
            if key in merged:
                m = merged[key]
                m.tasks.extend(tasks)
                m.origin.append(r.id)
                if ROLE_RANK[role] > ROLE_RANK[Role(m.role)]:
                    m.role = role
                self.review.append(ReviewItem("merged", f"V. {child}", f"{r.agency} gộp vào {child}", r.agency, child))
            else:
                merged[key] = Responsibility(
                    id="",
                    agency=child,
                    agency_normalized=normalize_agency(child),
                    role=role,
                    heading=child,
                    tasks=tasks,
                    source=Source(),
                    origin=[r.id],
                )
                order.append(key)
            if child != r.agency_normalized:
                self.review.append(
                    ReviewItem(
                        "rewrite",
                        f"V. {r.agency}",
                        "đổi tên cơ quan sang cơ quan tương ứng ở cấp dưới",
                        r.agency,
                        child,
                    )
                )
        out = [merged[k] for k in order]
        if own:  # the parent's tasks for the level the unit belongs to are the unit's own
            home = merged[match_key(standing_child)] if standing_child else (out[0] if out else None)
            if home is None:
                home = Responsibility(
                    id="",
                    agency=self.unit.name,
                    agency_normalized=normalize_agency(self.unit.name),
                    role=Role.lead,
                    heading=self.unit.name,
                    source=Source(),
                )
                out.append(home)
            for r, tasks in own:
                home.tasks.extend(tasks)
                home.origin.append(r.id)
                self.review.append(
                    ReviewItem(
                        "merged",
                        f"V. {home.agency}",
                        f"{r.agency} là cấp của đơn vị (đơn vị tự thực hiện): {len(tasks)} nhiệm vụ giao {home.agency}",
                        r.agency,
                        home.agency,
                    )
                )
        if standing_child:
            std = merged[match_key(standing_child)]
            std.tasks.insert(
                0,
                AssignedTask(
                    id="",
                    text=(
                        f"Là cơ quan thường trực, tham mưu {self.unit.name} tổ chức triển khai, theo dõi, đôn đốc, "
                        "kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả thực hiện theo quy định."
                    ),
                    role=Role.standing,
                    source=Source(),
                ),
            )
            # The standing agency leads: it goes first.
            out.sort(key=lambda r: 0 if r is std else 1)
        for i, r in enumerate(out, start=1):
            r.id = f"R{i:02d}"
            for j, t in enumerate(r.tasks, start=1):
                t.id = f"{r.id}.{j}"
        return out, standing_child

    def _shift_text(self, text: str, deadlines: list[Deadline], where: str) -> str:
        for d in deadlines:
            new = self.shift(d)
            if not new or d.text not in text:
                continue
            day, month, year = new
            old_date = regex.search(
                r"ngày\s+\d{1,2}(?:\s*tháng\s*\d{1,2}|\s*/\s*\d{1,2})(?:\s*(?:năm\s*|/)\d{4})?", d.text
            )
            if not old_date:
                continue
            repl = f"ngày {nd30.format_day(day)} tháng {nd30.format_month(month)}"
            if year:
                repl += f" năm {year}"
            new_text = d.text.replace(old_date.group(0), repl)
            text = text.replace(d.text, new_text)
            self.review.append(
                ReviewItem(
                    "deadline",
                    where,
                    f"thời hạn chuyển sớm {self.opts.lead_days} ngày so với thời hạn của cấp trên: kiểm tra lại",
                    d.text,
                    new_text,
                )
            )
        return text

    def report_deadline(self) -> tuple[Deadline | None, str | None]:
        dated = [d for d in self.parent.deadlines if d.day and d.month and self.shift(d)]
        reports = [d for d in dated if d.is_report] or dated
        if not reports:
            self.review.append(
                ReviewItem(
                    "local",
                    "phần kết",
                    "kế hoạch cấp trên không nêu thời hạn báo cáo: ấn định thời hạn các cơ quan của đơn vị báo cáo",
                )
            )
            return None, None
        d = min(reports, key=lambda x: (x.month, x.day))
        day, month, year = self.shift(d) or (d.day, d.month, d.year)
        when = f"trước ngày {nd30.format_day(day)} tháng {nd30.format_month(month)}"
        when += f" năm {year}" if year else (" hằng năm" if d.recurrence == "yearly" else "")
        self.review.append(
            ReviewItem(
                "deadline",
                "phần kết",
                f"đơn vị báo cáo sớm {self.opts.lead_days} ngày so với thời hạn báo cáo của cấp trên",
                d.text,
                when,
            )
        )
        return d, when

    def sections(
        self, targets: list[Target], resps: list[Responsibility], own_tasks: list[Task] | None = None
    ) -> list[Section]:
        src = Source()
        secs: list[Section] = []

        def copy_tree(sec: Section, new_id: str, level: int, part: str) -> Section:
            paras = [
                Paragraph(text=self.carry(p.text, part, f"{sec.id}"), marker=p.marker, source=src)
                for p in sec.paragraphs
            ]
            children = [copy_tree(c, f"{new_id}.{i}", level + 1, part) for i, c in enumerate(sec.children, start=1)]
            return Section(
                id=new_id,
                number=sec.number,
                style=sec.style,
                title=self.carry(sec.title, part, sec.id),
                level=level,
                kind=sec.kind,
                paragraphs=paras,
                children=children,
                source=src,
            )

        def top(kind: SectionKind) -> list[Section]:
            return [s for s in self.parent.sections if s.kind == kind and s.level == 1]

        n = 0

        def add(
            title: str, kind: SectionKind, children: list[Section], paragraphs: list[Paragraph] | None = None
        ) -> None:
            nonlocal n
            n += 1
            from extract.patterns import int_to_roman

            rid = int_to_roman(n)
            for i, c in enumerate(children, start=1):
                _renumber(c, f"{rid}.{i}", f"{i}.")
            secs.append(
                Section(
                    id=rid,
                    number=f"{rid}.",
                    style="roman",
                    title=title,
                    level=1,
                    kind=kind,
                    paragraphs=paragraphs or [],
                    children=children,
                    source=src,
                )
            )

        purpose = top(SectionKind.purpose)
        p_children = [copy_tree(c, "", 2, "purpose") for s in purpose for c in s.children]
        p_paras = [
            Paragraph(text=self.carry(p.text, "purpose", s.id), marker=p.marker, source=src)
            for s in purpose
            for p in s.paragraphs
        ]
        if self.commune and p_children and all(_is_sentence(c) for c in p_children):
            # numbered requirements read as headings by the parent ("1. Nắm chắc tình hình …"): body text here
            p_paras += [Paragraph(text=f"{c.number} {c.title}".strip(), source=src) for c in p_children]
            p_children = []
        add("MỤC ĐÍCH, YÊU CẦU", SectionKind.purpose, p_children, p_paras)
        goal_children = []
        if self.parent.general_goal:
            goal_children.append(
                Section(
                    id="",
                    number="1.",
                    style="decimal",
                    title="Mục tiêu chung",
                    level=2,
                    kind=SectionKind.goals,
                    paragraphs=[Paragraph(text=self._goal, source=src)],
                    source=src,
                )
            )
        by_year: dict[int | None, list[Target]] = {}
        for t in targets:
            by_year.setdefault(t.year, []).append(t)
        specific = Section(
            id="", number="2.", style="decimal", title="Mục tiêu cụ thể", level=2, kind=SectionKind.goals, source=src
        )
        for year, ts in by_year.items():
            bullets = [Paragraph(text=_sentence(t.text), marker="-", source=src) for t in ts]
            if year and len(by_year) > 1:
                specific.children.append(
                    Section(
                        id="",
                        number="",
                        style="multi_decimal",
                        title=f"Đến năm {year}",
                        level=3,
                        kind=SectionKind.goals,
                        paragraphs=bullets,
                        source=src,
                    )
                )
            else:
                if year:
                    specific.paragraphs.append(Paragraph(text=f"Đến năm {year}:", source=src))
                specific.paragraphs.extend(bullets)
        if self.commune and not targets and not specific.children:  # the parent sets none: the commune may
            specific.paragraphs.append(Paragraph(text="…", source=src))
            self.note(
                "blank",
                "II. MỤC TIÊU",
                "kế hoạch cấp trên không nêu chỉ tiêu cụ thể: ghi mục tiêu, "
                f"chỉ tiêu của {self.unit.word} (nếu có) hoặc bỏ mục này",
            )
        goal_children.append(specific)
        add("MỤC TIÊU", SectionKind.goals, goal_children)
        if self.commune:  # the commune's own duties first, then the parent's measures a commune can take
            secs_carried, _, intro = self._task_part
            own = [Paragraph(text=_sentence(t.text), marker="-", source=src) for t in own_tasks or []]
            children = []
            if own:
                children.append(
                    Section(
                        id="",
                        number="1.",
                        style="decimal",
                        title=f"Nhiệm vụ của {self.unit.name}",
                        level=2,
                        kind=SectionKind.tasks,
                        paragraphs=own,
                        source=src,
                    )
                )
            children += [_relevel(c, 2) for c in secs_carried]
            if not children and not intro:
                intro = [
                    Paragraph(
                        text=(
                            f"{self.unit.name} tổ chức thực hiện các nhiệm vụ "
                            f"của Kế hoạch trên địa bàn {self.unit.word}: …"
                        ),
                        source=src,
                    )
                ]
            add("NHIỆM VỤ, GIẢI PHÁP", SectionKind.tasks, children, intro)
        else:
            tasks = top(SectionKind.tasks)
            add(
                "NHIỆM VỤ, GIẢI PHÁP",
                SectionKind.tasks,
                [copy_tree(c, "", 2, "tasks") for s in tasks for c in s.children],
                [
                    Paragraph(text=self.localise(p.text, "tasks", s.id), marker=p.marker, source=src)
                    for s in tasks
                    for p in s.paragraphs
                ],
            )
        funding = [
            FundingSource(text=self.localise(f.text, "funding", "funding"), source=src) for f in self.parent.funding
        ]
        fund_paras = [Paragraph(text=_sentence(f.text), marker="-", source=src) for f in funding] or [
            Paragraph(
                text=(
                    "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách hằng năm của "
                    f"{self.unit.word} theo phân cấp ngân sách hiện hành và các nguồn hợp pháp khác."
                ),
                source=src,
            )
        ]
        add("KINH PHÍ THỰC HIỆN", SectionKind.funding, [], fund_paras)
        org = []
        for r in resps:
            if r.role == Role.requested:
                continue
            org.append(
                Section(
                    id="",
                    number="",
                    style="decimal",
                    title=r.agency,
                    level=2,
                    kind=SectionKind.organisation,
                    paragraphs=[Paragraph(text=_sentence(t.text), marker="-", source=src) for t in r.tasks],
                    source=src,
                )
            )
        requested = [r for r in resps if r.role == Role.requested]
        if requested:  # bodies the unit cannot direct: "Đề nghị …", one line each
            org.append(
                Section(
                    id="",
                    number="",
                    style="decimal",
                    title="Đề nghị",
                    level=2,
                    kind=SectionKind.organisation,
                    source=src,
                    paragraphs=[
                        Paragraph(
                            text=f"{r.agency}: " + " ".join(_sentence(t.text) for t in r.tasks), marker="-", source=src
                        )
                        for r in requested
                    ],
                )
            )
        add("TỔ CHỨC THỰC HIỆN", SectionKind.organisation, org)
        return secs

    def run(self) -> Derived:
        header = self.header()
        cite, basis = self.parent_citation()
        self._goal = (
            self.carry(self.parent.general_goal, "goals", "mục tiêu chung") if self.parent.general_goal else None
        )
        targets = self.targets()
        own_tasks: list[Task] = []
        if self.commune:
            own_tasks, resps, standing = split_duties(self)
            self._task_part = carry_task_part(self, own_tasks)
            if not own_tasks:
                self.note(
                    "local",
                    "III. NHIỆM VỤ, GIẢI PHÁP",
                    f"kế hoạch cấp trên không giao nhiệm vụ nào cho cấp xã: soạn nhiệm vụ của {self.unit.word}",
                )
        else:
            resps, standing = self.responsibilities()
        if not resps:
            raise DeriveError(
                "no responsibility of the parent has a counterpart at this level; extend the map with --map FILE"
            )
        pd, when = self.report_deadline()
        parent_body = sentence_case_body(self.parent.header.issuing_body) or "cấp trên"
        parent_lead = self.parent_lead()
        if parent_lead and self.apply_mergers:
            parent_lead = next(
                (
                    new
                    for old, new in self.maps.get("mergers_2025", {}).items()
                    if match_key(old) == match_key(parent_lead)
                ),
                parent_lead,
            )
        report_to = parent_body
        if self.unit.commune is not None and self.plevel == "tỉnh":
            report_to = self.unit.commune.province_body  # the province that holds the commune today
        preamble_text = f"Thực hiện {cite}{self.parent_subject()}"
        if self.parent.legal_bases:
            first = self.parent.legal_bases[0]
            preamble_text = f"Căn cứ {first.text.rstrip('.;')};\nThực hiện {cite}{self.parent_subject()}"
        scope = "như sau:" if self.unit.level == "sở" else f"trên địa bàn {self.unit.word} như sau:"
        preamble = [
            Paragraph(text=t, source=Source())
            for t in f"{preamble_text}, {self.unit.name} ban hành Kế hoạch triển khai thực hiện {scope}".split("\n")
        ]
        via = f" (qua {standing})" if standing else ""
        closing_text = (
            f"{self.unit.name} yêu cầu các cơ quan, đơn vị căn cứ nhiệm vụ được giao triển khai thực hiện Kế hoạch "
            f"này; báo cáo kết quả thực hiện về {self.unit.name}{via} {when or 'theo quy định'} để tổng hợp, báo cáo "
            f"{report_to}{f' (qua {parent_lead})' if parent_lead else ''} theo quy định./."
        )
        deadlines = []
        if pd is not None:
            day, month, year = self.shift(pd) or (pd.day, pd.month, pd.year)
            deadlines.append(
                Deadline(
                    text=when,
                    recurrence=pd.recurrence,
                    day=day,
                    month=month,
                    year=year,
                    is_report=True,
                    source=Source(),
                )
            )
        level_info = self.levels.get(self.unit.level, {})
        office = self.opts.drafting_office or level_info.get("drafting_office", "VP")
        if self.commune:
            recipients = self._commune_recipients(report_to, parent_lead, resps)
        else:
            recipients = [Recipient(text=parent_body, note="b/c", source=Source())]
            if parent_lead:
                recipients.append(Recipient(text=parent_lead, note="b/c", source=Source()))
            recipients += [Recipient(text=x, source=Source()) for x in level_info.get("leaders", [])]
            recipients += [Recipient(text=r.agency, source=Source()) for r in resps]
        recipients.append(Recipient(text=f"Lưu: VT, {office}", is_archive=True, source=Source()))
        lines = list(self.opts.signer_lines)
        signer = Signer(
            authority=_authority(lines),
            on_behalf=_on_behalf(lines),
            lines=lines,
            title=lines[-1] if lines else None,
            name=self.opts.signer_name or (NAME_LINE if self.commune else None),
            source=None,
        )
        if not self.opts.signer_name:
            self.note("local", "chữ ký", "chưa có họ tên người ký: ghi họ tên dưới chỗ ký (hoặc dùng --signer-name)")
        if not self.opts.number:
            self.note("local", "số, ký hiệu", "số văn bản để trống: văn thư cấp số khi ban hành")
        plan = Plan(
            file=None,
            format="derived",
            header=header,
            legal_bases=[basis],
            preamble=preamble,
            sections=[],
            general_goal=self._goal,
            targets=targets,
            tasks=own_tasks + (self._task_part[1] if self.commune else []),
            responsibilities=resps,
            deadlines=deadlines,
            funding=[
                FundingSource(text=self.localise(f.text, "funding", "funding"), source=Source())
                for f in self.parent.funding
            ],
            closing=[Paragraph(text=closing_text, source=Source())],
            recipients=recipients,
            signer=signer,
            meta={"derived_from": self.parent.file, "mapping": self.key, "unit": self.unit.name},
        )
        plan.sections = self.sections(targets, resps, own_tasks)
        derived = Derived(plan=plan, review=self.review, mapping_key=self.key)
        if self.commune:
            plan.meta["not_applicable"] = derived.not_applicable()
        return derived

    def _commune_recipients(self, province: str, lead: str | None, resps: list[Responsibility]) -> list[Recipient]:
        """Nơi nhận of a commune plan: the province through the lead department, the commune's Party
        committee, council and leaders, the offices that carry it out."""
        ctx = {"word": self.unit.word, "province": province, "lead": lead or ""}
        out = []
        for r in rules.load()["recipients"]:
            if r.get("when") == "lead" and not lead or r.get("when") == "no_lead" and lead:
                continue
            out.append(Recipient(text=r["text"].format(**ctx), note=r.get("note"), source=Source()))
        seen = {match_key(x.text) for x in out}
        for r in resps:
            if match_key(r.agency) not in seen:
                out.append(Recipient(text=r.agency, source=Source()))
                seen.add(match_key(r.agency))
        return out


def _governing(parent_body: str | None) -> str | None:
    """The People's Committee above a department, as its header names it: 'UBND TỈNH BẮC KẠN'."""
    if not parent_body:
        return None
    return regex.sub(r"^(ỦY|UỶ) BAN NHÂN DÂN", "UBND", parent_body.upper())


def _is_sentence(sec: Section) -> bool:
    """A numbered item that is a whole sentence, not a heading: long, and nothing under it."""
    return not sec.children and not sec.paragraphs and len(sec.title) > 100


def _relevel(sec: Section, level: int) -> Section:
    """A carried section at its new depth (the parent's numbering style kept; `_renumber` numbers it)."""
    sec.level = level
    for c in sec.children:
        _relevel(c, level + 1)
    return sec


def _renumber(sec: Section, new_id: str, number: str) -> None:
    sec.id = new_id
    if sec.style == "decimal":
        sec.number = number
    elif sec.style == "multi_decimal":
        sec.number = f"{new_id.split('.', 1)[1]}." if "." in new_id else number
    for i, c in enumerate(sec.children, start=1):
        _renumber(c, f"{new_id}.{i}", f"{i}.")


def _replace_number(text: str, old: float, new: float) -> str:
    def fmt(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")

    return regex.sub(rf"(?<![\d.,]){regex.escape(fmt(old))}(?![\d,]|\.\d)", fmt(new), text, count=1)


def _fmt(t: Target) -> str:
    def one(v: float) -> str:
        return f"{int(v):,}".replace(",", ".") if float(v).is_integer() else str(v).replace(".", ",")

    value = one(t.value) + (f" - {one(t.value_max)}" if t.value_max is not None else "")
    return f"{value} {t.unit}".strip() if t.unit else value


def _sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    return text if text.endswith((".", ":", "!", "?")) else text + "."


def _authority(lines: list[str]) -> str | None:
    """The prefix of the last authority line ('KT.' of 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH')."""
    found = [m for m in map(lexicon.authority_line().match, lines) if m]
    return lexicon.canonical_signature_prefix(found[-1].group("p")) if found else None


def _on_behalf(lines: list[str]) -> str | None:
    """The collective body of a 'TM.' line ('ỦY BAN NHÂN DÂN')."""
    collective = lexicon.signature_prefix("collective")
    for m in map(lexicon.authority_line().match, lines):
        if m and lexicon.canonical_signature_prefix(m.group("p")) == collective:
            return m.group("rest").strip()
    return None


def derive(parent: Plan, opts: DeriveOptions) -> Derived:
    """Derive the unit's plan from `parent`. Raises `DeriveError` with a plain message on bad input."""
    return _Deriver(parent, opts).run()


def load_targets_file(path: Path) -> dict[str, Any]:
    """Unit figures keyed by target id, from YAML ({T01: 45} or {T01: {value: 45}}) or CSV (id,value[,value_max])."""
    import csv

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DeriveError(f"{path}: cannot read ({exc.strerror})") from None
    if Path(path).suffix.lower() == ".csv":
        out: dict[str, Any] = {}
        for i, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            if "id" not in row or "value" not in row:
                raise DeriveError(f"{path}: the CSV needs columns id,value[,value_max]")
            try:
                value = float(row["value"].replace(",", "."))
                vmax = float(row["value_max"].replace(",", ".")) if row.get("value_max") else None
            except ValueError:
                raise DeriveError(f"{path}: line {i}: '{row['value']}' is not a number") from None
            out[row["id"].strip()] = {"value": value, "value_max": vmax} if vmax is not None else value
        return out
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DeriveError(f"{path}: line {mark.line + 1 if mark else '?'}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise DeriveError(f"{path}: expected 'target id: value' lines")
    return data
