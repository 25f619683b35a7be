"""Targets: every quantitative (and qualitative) goal in the goals part, with value, unit, qualifier, year."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from . import lexicon
from .model import Qualifier, Section, SectionKind, Source, Target
from .normalize import match_key

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_HORIZON = regex.compile(
    # "trong quý I năm 2026", "trước tháng 6 năm 2026": a goal due within the year keeps that year
    r"(?:(?:đến|tới|vào|đến hết|trong|riêng|trước)\s+(?:(?:quý\s+(?:IV|I{1,3}|[1-4])|tháng\s+\d{1,2})\s+)?năm"
    r"|tầm nhìn(?:\s+đến)?(?:\s+năm)?|giai đoạn\s+\d{4}\s*-)"
    r"\s*(?P<y>(?:19|20)\d{2})",
    regex.I,
)
_YEAR_HEADING = regex.compile(r"^(?:năm|giai đoạn\s+\d{4}\s*-)\s*(?P<y>(?:19|20)\d{2})\b", regex.I)
_ONE_YEAR = regex.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", regex.I)
_SENTENCE_SPLIT = regex.compile(r"\.\s+(?=[\p{Lu}\d])")
_CLAUSE_SPLIT = regex.compile(r";\s*")
_LEAD_YEAR = regex.compile(r"^(?:(?:đến hết|đến|tới|vào|trong|riêng)\s+)?năm\s+(?:19|20)\d{2}\s*,?\s*", regex.I)
_CMP = {
    "≥": Qualifier.at_least,
    ">=": Qualifier.at_least,
    ">": Qualifier.at_least,
    "≤": Qualifier.at_most,
    "<=": Qualifier.at_most,
    "<": Qualifier.at_most,
}


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
    """Targets from every goals part (and headline figures of the purpose part), and the general goal text."""
    out: list[Target] = []
    general: list[str] = []
    default_year = plan_year(title)
    headline: list[Target] = []
    for sec in sections:
        if sec.kind == SectionKind.goals:
            _walk(sec, default_year, out, general, top=True)
        elif sec.kind == SectionKind.purpose:
            headline += _walk_purpose(sec, default_year, out, general)
    stated = {(t.value, t.unit) for t in out}
    out = [t for t in headline if (t.value, t.unit) not in stated] + out
    for i, t in enumerate(out, start=1):
        t.id = f"T{i:02d}"
    return out, (" ".join(general) or None)


_COMMITTED = {Qualifier.at_least, Qualifier.about, Qualifier.strive, Qualifier.reach, Qualifier.at_most}


def _walk_purpose(sec: Section, year: int | None, out: list[Target], general: list[str]) -> list[Target]:
    """A MỤC ĐÍCH, YÊU CẦU part: a 'Mục tiêu' sub-part is read like a goals part; elsewhere only a value
    stated as a commitment ('bảo đảm đạt ít nhất 40% …', 'phấn đấu …') is a target (the plan's headline
    figure), and not when the goals part states the same figure again."""
    for child in sec.children:
        if _is_general(child.title) or _is_goal_heading(child.title):
            _walk(child, year, out, general)
    found: list[Target] = []

    def visit(s: Section, year: int | None) -> None:
        if _is_general(s.title) or _is_goal_heading(s.title):
            return
        year = horizon_year(s.title) or year
        if not s.children and not s.paragraphs and s is not sec:
            _from_text(
                s.title.strip(),
                s.source.model_copy(update={"start": s.source.end - len(s.title)}),
                s.id,
                year,
                found,
                qualitative=False,
            )
        for p in s.paragraphs:
            _from_text(p.text.strip(), p.source, s.id, horizon_year(p.text[:60]) or year, found, qualitative=False)
        for c in s.children:
            visit(c, year)

    visit(sec, year)
    return [t for t in found if t.qualifier in _COMMITTED]


def _is_general(title: str) -> bool:
    key = match_key(title)
    return any(key.startswith(w) or w in key for w in lexicon.key_list("vocab", "general_goal_titles"))


def _walk(
    sec: Section, year: int | None, out: list[Target], general: list[str], top: bool = False, stated: bool = False
) -> None:
    if _is_general(sec.title):
        general.extend(p.text for p in sec.paragraphs)
        return
    if not top and _is_task_heading(sec.title):
        return  # "b) Nhiệm vụ" inside the goals part lists tasks, not targets
    stated = stated or (not top and _is_goal_heading(sec.title))
    inherited = year
    year = horizon_year(sec.title) or year
    title = sec.title.strip()
    if not top and not title.endswith(":"):
        start = sec.source.end - len(sec.title)
        src = sec.source.model_copy(update={"start": start})
        if value_regex().search(title):
            _from_text(title, src, sec.id, year, out, qualitative=False)
        elif _is_sentence(sec) and (inherited is not None or stated):
            _from_text(title, src, sec.id, year, out, qualitative=True)  # a numbered goal written as a sentence
    current = year
    for para in sec.paragraphs:
        text = para.text.strip()
        if text.endswith(":") and len(text) < 200:
            current = horizon_year(text) or current
            continue
        para_year = horizon_year(text[:60]) or current
        qualitative = (para_year is not None or stated) and (not top or _indicator_item(sec.title, para.marker))
        _from_text(text, para.source, sec.id, para_year, out, qualitative=qualitative)
    for child in sec.children:
        _walk(child, current, out, general, stated=stated)


def _indicator_item(title: str, marker: str | None) -> bool:
    """A bullet right under a part titled 'CHỈ TIÊU …': each is a target, also without a number. Under a part
    titled 'MỤC TIÊU' an unnumbered paragraph may be the general goal, so only named sub-parts count there."""
    key = match_key(title)
    return (
        marker is not None and lexicon.starts_with_any(key, lexicon.key_list("vocab", "indicator_titles")) is not None
    )


def _is_task_heading(title: str) -> bool:
    """'Nhiệm vụ', 'Nhiệm vụ, giải pháp' as a heading of their own (not 'Chỉ tiêu, nhiệm vụ')."""
    key = match_key(title)
    return (
        len(key.split()) <= 8
        and lexicon.starts_with_any(key, lexicon.key_list("vocab", "goal_part_task_titles")) is not None
    )


def _is_goal_heading(title: str) -> bool:
    """'Mục tiêu', 'Chỉ tiêu cụ thể đến năm 2030': every item under it is a target, numbered or not."""
    key = match_key(title)
    return lexicon.starts_with_any(key, tuple(lexicon.keyed("vocab", "section_kinds")["goals"])) is not None


def _is_sentence(sec: Section) -> bool:
    """A numbered item with nothing under it whose title reads as a sentence, not as a heading."""
    return not sec.children and not sec.paragraphs and len(sec.title.split()) >= 6 and not _is_goal_heading(sec.title)


def _strive_lead(key: str) -> bool:
    return any(key.startswith(w) for w in lexicon.keyed("vocab", "qualifiers")["strive"])


def _split(text: str, pattern: regex.Pattern) -> list[tuple[int, str]]:
    pos, out = 0, []
    for m in pattern.finditer(text):
        out.append((pos, text[pos : m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def _from_text(text: str, source: Source, section: str, year: int | None, out: list[Target], qualitative: bool) -> None:
    found = False
    for s_off, sentence in _split(text, _SENTENCE_SPLIT):
        strive = _strive_lead(match_key(sentence))  # "Phấn đấu …" makes every value of the sentence a strive target
        for c_off, clause in _split(sentence, _CLAUSE_SPLIT):
            if not clause.strip():
                continue
            for m, seg_start, seg_end in _pieces(clause):
                found = True
                prefix = clause[seg_start : m.start()]
                own = _own_year(prefix, year)
                t = _target(clause, m, seg_start, seg_end, source, s_off + c_off, section, own, strive)
                out.append(t)
    if not found and qualitative and len(text) >= 15:
        out.append(
            Target(
                id="",
                section=section,
                indicator=text.rstrip(" .;"),
                year=_own_year(text, year),
                text=text,
                source=source,
            )
        )


def _own_year(prefix: str, year: int | None) -> int | None:
    """The year a piece states for itself ('riêng năm 2025 …'), None for a yearly rate ('Hằng năm … tăng 3%')."""
    lead = _lead_words().sub("", prefix.strip(" ,;:-("))
    if lexicon.starts_with_any(match_key(lead), lexicon.keyed("vocab", "recurrence")["yearly"]):
        return None
    for m in _HORIZON.finditer(prefix):
        if not regex.search(r"so với\s*$", prefix[: m.start()], regex.I):
            return int(m.group("y"))
    return year


def _pieces(clause: str) -> list[tuple[regex.Match, int, int]]:
    """Each value of a clause with the span of text that belongs to it. A later value is a target of its own
    when a comma or bracket and a word from `target_split_words` come before it ('05 KCN, nâng tổng số lên
    12 KCN'); otherwise it qualifies the value before it ('100% xã, phường có ít nhất 01 mô hình')."""
    matches = list(value_regex().finditer(clause))
    if not matches:
        return []
    split_words = lexicon.key_list("vocab", "target_split_words")
    starts: list[tuple[regex.Match, int]] = [(matches[0], 0)]
    last = matches[0]
    for m in matches[1:]:
        gap = clause[last.end() : m.start()]
        cut = max(gap.rfind(","), gap.rfind("("))
        if cut >= 0 and lexicon.starts_with_any(match_key(gap[cut + 1 :]), split_words):
            starts.append((m, last.end() + cut + 1))
        last = m
    out = []
    for i, (m, seg_start) in enumerate(starts):
        seg_end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(clause)
        out.append((m, seg_start, seg_end))
    return out


@cache
def _qualifier_patterns() -> list[tuple[Qualifier, str, regex.Pattern]]:
    """One pattern per qualifier word: the word, then at most one more word, at the end of the prefix."""
    out = []
    for label, words in lexicon.keyed("vocab", "qualifiers").items():
        for w in words:
            out.append((Qualifier(label), w, regex.compile(rf"(?<!\w){regex.escape(w)}(?:\s+\S+)?\s*$")))
    return out


def _qualifier(
    prefix: str, value: float, unit: str, cmp: str | None, para_strive: bool
) -> tuple[Qualifier, str | None]:
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


def _target(
    clause: str,
    m: regex.Match,
    seg_start: int,
    seg_end: int,
    source: Source,
    offset: int,
    section: str,
    year: int | None,
    strive: bool,
) -> Target:
    value = parse_number(m.group("v"))
    value_max = parse_number(m.group("v2")) if m.group("v2") else None
    unit = m.group("unit")
    unit = "%" if "%" in unit else _unit_as_listed(unit)
    prefix = clause[seg_start : m.start()]
    if strive:
        qualifier, qtext = Qualifier.strive, "phấn đấu"
    else:
        qualifier, qtext = _qualifier(prefix, value, unit, m.group("cmp"), False)
    before = prefix.strip(" ,:;-(")
    for _ in range(3):
        stripped = _trail_words().sub("", before).strip(" ,:;-")
        if stripped == before:
            break
        before = stripped
    while True:
        stripped = _LEAD_YEAR.sub("", _lead_words().sub("", before))
        if stripped == before:
            break
        before = stripped
    after = _trim_after(clause[m.end() : seg_end]).strip(" ,.;:")
    indicator = f"{before} {after}".strip(" ,.;:") or clause.strip()
    if "(" not in indicator:
        indicator = indicator.rstrip(" )")
    piece = clause[seg_start:seg_end]
    lead_ws = len(piece) - len(piece.lstrip())
    start = source.start + offset + seg_start + lead_ws
    text = piece.strip()
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
        text=text,
        source=source.model_copy(update={"start": start, "end": start + len(piece.strip())}),
    )


def _trim_after(after: str) -> str:
    """The words after a value up to a list ('gồm: …', ': …') or a new statement (', phấn đấu …')."""
    colon = after.find(":")
    if colon >= 0:
        after = after[:colon]
    after = regex.sub(r"\s*(?:,\s*)?(?:gồm|bao gồm)\s*$", "", after)
    split_words = lexicon.key_list("vocab", "target_split_words")
    for m in regex.finditer(r",", after):
        # Only the words just after the comma are keyed: keying all the rest at every comma made a long line
        # without a stop quadratic. The window ends at a space, so its last word is whole.
        head = after[m.end() : m.end() + _SPLIT_WINDOW]
        if m.end() + _SPLIT_WINDOW < len(after):
            head = head[: head.rfind(" ") + 1] or head
        if lexicon.starts_with_any(match_key(head), split_words):
            return after[: m.start()]
    return after


_SPLIT_WINDOW = 120  # characters: longer than any target_split_words phrase of vocab.yaml with its spacing


@lru_cache(maxsize=1)
def _units_by_key() -> dict[str, str]:
    return {match_key(str(u)): str(u) for u in lexicon.load("vocab")["units"]}


def _unit_as_listed(unit: str) -> str:
    """The unit as vocab.yaml spells it ('MW', 'KCN', 'triệu lượt'), whatever the case in the text."""
    return _units_by_key().get(match_key(unit), unit.lower())
