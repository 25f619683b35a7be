"""Targets: every quantitative (and qualitative) goal in the goals part, with value, unit, qualifier, year."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import lexicon
from .model import Qualifier, Section, SectionKind, Source, Target
from .normalize import match_key

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_HORIZON = regex.compile(
    r"(?:(?:đến|tới|vào|đến hết|trong)\s+năm|tầm nhìn(?:\s+đến)?(?:\s+năm)?|giai đoạn\s+\d{4}\s*-)\s*(?P<y>(?:19|20)\d{2})", regex.I
)
_YEAR_HEADING = regex.compile(r"^(?:năm|giai đoạn\s+\d{4}\s*-)\s*(?P<y>(?:19|20)\d{2})\b", regex.I)
_ONE_YEAR = regex.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", regex.I)
_CLAUSE_SPLIT = regex.compile(r";\s*|\.\s+(?=[\p{Lu}\d])")
_CMP = {"≥": Qualifier.at_least, ">=": Qualifier.at_least, ">": Qualifier.at_least, "≤": Qualifier.at_most, "<=": Qualifier.at_most, "<": Qualifier.at_most}


def _unit_pattern() -> str:
    units = sorted({str(u) for u in lexicon.load("vocab")["units"]}, key=len, reverse=True)
    alts = "|".join(regex.escape(u) if u == "%" else regex.escape(u) + r"(?![\p{L}\d])" for u in units)
    return f"(?:{alts})"


@lru_cache(maxsize=1)
def value_regex() -> regex.Pattern:
    """A number, an optional range, and a unit from vocab.yaml: '43%', '50 - 55%', '2.000 lượt'."""
    unit = _unit_pattern()
    return regex.compile(
        rf"(?<![\d/.,\-\p{{L}}])(?P<cmp>≥|>=|≤|<=|>|<)?\s*(?P<v>{NUM})\s*"
        rf"(?:(?:%\s*)?(?:-|đến|tới)\s*(?P<v2>{NUM})\s*)?(?P<unit>{unit})",
        regex.I,
    )


def parse_number(s: str) -> float:
    """Vietnamese numbers: '2.000' is two thousand, '2,5' is two and a half."""
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    return float(s)


def horizon_year(text: str) -> int | None:
    m = _HORIZON.search(text) or _YEAR_HEADING.search(text.strip())
    return int(m.group("y")) if m else None


def plan_year(title: str | None) -> int | None:
    """The year of a one-year plan ('… năm 2026'), None for multi-year plans."""
    if not title or regex.search(r"giai đoạn|đến năm|tầm nhìn|\d{4}\s*-\s*\d{4}", title, regex.I):
        return None
    years = {m.group("y") for m in _ONE_YEAR.finditer(title)}
    return int(years.pop()) if len(years) == 1 else None


def extract_targets(sections: list[Section], title: str | None) -> tuple[list[Target], str | None]:
    """Targets from every goals part, and the general goal text."""
    out: list[Target] = []
    general: list[str] = []
    default_year = plan_year(title)
    for sec in sections:
        if sec.kind == SectionKind.goals:
            _walk(sec, default_year, out, general, top=True)
    for i, t in enumerate(out, start=1):
        t.id = f"T{i:02d}"
    return out, (" ".join(general) or None)


def _is_general(title: str) -> bool:
    key = match_key(title)
    return any(key.startswith(w) or w in key for w in lexicon.key_list("vocab", "general_goal_titles"))


def _walk(sec: Section, year: int | None, out: list[Target], general: list[str], top: bool = False) -> None:
    if _is_general(sec.title):
        general.extend(p.text for p in sec.paragraphs)
        return
    year = horizon_year(sec.title) or year
    if not top and value_regex().search(sec.title) and not sec.title.rstrip().endswith(":"):
        start = sec.source.end - len(sec.title)
        _from_text(sec.title, sec.source.model_copy(update={"start": start}), sec.id, year, out, qualitative=False)
    current = year
    for para in sec.paragraphs:
        text = para.text.strip()
        if text.endswith(":") and len(text) < 200:
            current = horizon_year(text) or current
            continue
        para_year = horizon_year(text[:60]) or current
        _from_text(text, para.source, sec.id, para_year, out, qualitative=para_year is not None and not top)
    for child in sec.children:
        _walk(child, current, out, general)


def _strive_lead(key: str) -> bool:
    return any(key.startswith(w) for w in lexicon.keyed("vocab", "qualifiers")["strive"])


def _from_text(text: str, source: Source, section: str, year: int | None, out: list[Target], qualitative: bool) -> None:
    para_strive = _strive_lead(match_key(text))
    pos = 0
    clauses = []
    for m in _CLAUSE_SPLIT.finditer(text):
        clauses.append((pos, text[pos:m.start()]))
        pos = m.end()
    clauses.append((pos, text[pos:]))
    found = False
    for offset, clause in clauses:
        if not clause.strip():
            continue
        for m in value_regex().finditer(clause):
            found = True
            out.append(_target(clause, m, source, offset, section, year, para_strive))
            break  # one target per clause: later numbers in a clause qualify the first
    if not found and qualitative and len(text) >= 15:
        out.append(Target(id="", section=section, indicator=text.rstrip(" .;"), year=year, text=text, source=source))


@lru_cache(maxsize=None)
def _qualifier_patterns() -> list[tuple[Qualifier, str, regex.Pattern]]:
    """One pattern per qualifier word: the word, then at most one more word, at the end of the prefix."""
    out = []
    for label, words in lexicon.keyed("vocab", "qualifiers").items():
        for w in words:
            out.append((Qualifier(label), w, regex.compile(rf"(?<!\w){regex.escape(w)}(?:\s+\S+)?\s*$")))
    return out


def _qualifier(prefix: str, value: float, unit: str, cmp: str | None, para_strive: bool) -> tuple[Qualifier, str | None]:
    if cmp:
        return _CMP[cmp], cmp
    key = match_key(prefix[-60:])
    best: tuple[int, Qualifier, str] | None = None
    for label, w, pat in _qualifier_patterns():
        m = pat.search(key)
        if m and (best is None or m.start() > best[0] or (m.start() == best[0] and len(w) > len(best[2]))):
            best = (m.start(), label, w)
    if best:
        return best[1], best[2]
    if para_strive:
        return Qualifier.strive, "phấn đấu"
    if value == 100 and unit == "%":
        return Qualifier.all, "100%"
    return Qualifier.exact, None


@lru_cache(maxsize=1)
def _lead_words() -> regex.Pattern:
    """'Phấn đấu' (and its spellings in vocab.yaml) and link verbs opening the text before a value."""
    words = {str(w) for w in lexicon.load("vocab")["qualifiers"]["strive"]} | {"đảm bảo", "bảo đảm", "có", "đạt"}
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"^(?:{alts})\s+", regex.I)
@lru_cache(maxsize=1)
def _trail_words() -> regex.Pattern:
    """Qualifier and link words at the end of the text before a value: not part of the indicator."""
    words = {str(w) for ws in lexicon.load("vocab")["qualifiers"].values() for w in ws if str(w)[0].isalpha()}
    words |= {"là", "có", "ở mức", "đạt tỷ lệ", "đạt mức"}
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?:^|\s+)(?:{alts})$", regex.I)


def _target(clause: str, m: regex.Match, source: Source, offset: int, section: str, year: int | None, para_strive: bool) -> Target:
    value = parse_number(m.group("v"))
    value_max = parse_number(m.group("v2")) if m.group("v2") else None
    unit = m.group("unit")
    unit = "%" if "%" in unit else unit.lower()
    prefix = clause[: m.start()]
    qualifier, qtext = _qualifier(prefix, value, unit, m.group("cmp"), para_strive)
    before = prefix.strip(" ,:;-")
    for _ in range(3):
        stripped = _trail_words().sub("", before).strip(" ,:;-")
        if stripped == before:
            break
        before = stripped
    while True:
        stripped = _lead_words().sub("", before)
        if stripped == before:
            break
        before = stripped
    after = clause[m.end():].strip(" ,.;:")
    indicator = f"{before} {after}".strip(" ,.;:") or clause.strip()
    start = source.start + offset
    return Target(
        id="",
        section=section,
        indicator=indicator,
        value=value,
        value_max=value_max,
        unit=unit,
        qualifier=qualifier,
        qualifier_text=qtext,
        year=year,
        text=clause.strip(),
        source=source.model_copy(update={"start": start, "end": start + len(clause.rstrip())}),
    )
