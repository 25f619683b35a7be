"""Line forms that give work to a party anywhere in a plan, read from one line of text:
'Giao X …' and 'Đề nghị X, Y …' sentences, labelled lines ('Cơ quan chủ trì: X; Cơ quan phối hợp: Y'),
team members ('Ông: Hoàng Văn A - …, Trưởng đoàn') and 'X chủ trì, …' sentences.

Each parser returns offsets into the line it was given, so the caller can build `Source` spans. The words
(role words, verbs, labels, titles) come from `extract/data/vocab.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import lexicon
from .agencies import agency_name_end, looks_like_agency, name_length, names_agency, split_agency_list
from .model import Role
from .normalize import match_key


@dataclass
class Claim:
    """Bodies named in one line (name, start, end) and the task they are given (text, start, end)."""

    names: list[tuple[str, int, int]]
    task: tuple[str, int, int] | None
    role: Role | None = None
    requested: bool = False
    assigned_by: str | None = None  # the verb that gave the work ("giao", "đề nghị"), or "subject"


def _alternation(words: list[str]) -> str:
    """Words as a regex alternation, longest first, spaces matching any run of spaces."""
    out = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in out)


@lru_cache(maxsize=1)
def _task_verb() -> regex.Pattern:
    """Words that start an agency's task in running text ('… chủ trì', '… là cơ quan thường trực')."""
    return regex.compile(r"\s(?:" + _alternation(lexicon.load("vocab")["task_verbs"]) + r")(?=[\s,:;.]|$)")


def task_verb_at(text: str, pos: int = 0) -> int | None:
    """Start of the first task verb at or after `pos`, or None."""
    m = _task_verb().search(text, pos)
    return m.start() if m else None


@lru_cache(maxsize=1)
def _role_keys() -> list[tuple[Role, tuple[str, ...]]]:
    words = lexicon.keyed("vocab", "role_words")
    return [(Role(r), tuple(words[r])) for r in ("standing", "lead", "coordinate")]


_SENTENCE = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu})")


def task_role(text: str) -> Role | None:
    """Role a task's opening words give ('Chủ trì, phối hợp …' → lead; '… là cơ quan thường trực' → standing).
    A later sentence that opens with 'Chủ trì' / 'Là cơ quan thường trực' also counts; a 'phối hợp với X'
    task that still carries the agency's own duty ('… chịu trách nhiệm …') is not mere coordination."""
    key = match_key(text)
    if "cơ quan thường trực" in key:
        return Role.standing
    first = None
    for role, keys in _role_keys():
        if lexicon.starts_with_any(key, keys):
            first = role
            break
    if first == Role.coordinate:
        clause = match_key(regex.split(r"[.;]", text, maxsplit=1)[0])
        if any(w in clause for w in lexicon.key_list("vocab", "own_duty_words")):
            first = None
    if first in (Role.standing, Role.lead):
        return first
    for m in _SENTENCE.finditer(text):
        later = match_key(text[m.end() : m.end() + 60])
        for role, keys in _role_keys()[:2]:
            if lexicon.starts_with_any(later, keys):
                return role
    return first


@lru_cache(maxsize=1)
def _sentence_opener() -> regex.Pattern:
    """'Giao' / 'Đề nghị' / 'Kiến nghị' at the start of a line or a sentence (after '.', ';' or ':')."""
    voc = lexicon.load("vocab")
    verbs = _alternation([*voc["assign_verbs"], *voc["requested_titles"]])
    giao = _alternation(voc["assign_verbs"])
    return regex.compile(
        r"(?:(?:^|(?<=[.;:]\s{0,3}))\s*[-+•]?\s*(?P<verb>" + verbs + r")"
        # "Chủ tịch UBND tỉnh giao Công an tỉnh …": the assigning verb after its subject, not "được/bàn giao"
        r"|(?<=\p{L}\s)(?<!(?i:được|bàn|chuyển|đã|sẽ)\s)(?P<verb>(?-i:" + giao + r")))(?:\s+cho)?\s+",
        regex.I,
    )


_NAME_STOP = regex.compile(r"\s*[(:;]|\s+là\s|\.(?:\s|$)|\s+(?:để|nhằm|theo|tại|trong)\s")
NAMES_SPAN = 1500
_REMARK = regex.compile(r"\(\s*(?P<r>[^()]{0,200})\)")


def _names_before_task(text: str, start: int, strict: bool) -> tuple[list[tuple[str, int, int]], int]:
    """Agencies named from `start` up to the task verb (or a remark, ':' …): (names, end of the names)."""
    # A run of names is a few hundred characters; the bound keeps a line without stops from being split
    # again from every agency it names.
    stop = _NAME_STOP.search(text, start, start + NAMES_SPAN)
    end = stop.start() if stop else min(len(text), start + NAMES_SPAN)
    verb = task_verb_at(text, start)
    if verb is not None and verb < end:
        end = verb
    names: list[tuple[str, int, int]] = []
    pos = start
    for part in split_agency_list(text[start:end]):
        idx = text.find(part, pos)
        if idx < 0:
            continue
        pos = idx + len(part)
        clean = part.strip(" ,.;:-")
        if not clean or not (names_agency(clean) if strict else looks_like_agency(clean)):
            continue
        s = idx + part.index(clean)
        cut = name_length(clean)
        if cut < len(clean):  # "Đề nghị Bộ X hỗ trợ tỉnh …": no task verb, the name ends where the sentence goes on
            names.append((clean[:cut], s, s + cut))
            return names, s + cut
        names.append((clean, s, s + len(clean)))
    return names, end


def sentence_claims(text: str) -> list[Claim]:
    """'Giao Sở Nội vụ (Cơ quan Thường trực …) theo dõi …', 'Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án …'."""
    out: list[Claim] = []
    requested_words = lexicon.key_list("vocab", "requested_titles")
    for m in _sentence_opener().finditer(text):
        verb = match_key(m.group("verb"))
        requested = verb in requested_words
        names, end = _names_before_task(text, m.end(), strict=True)
        names = [n for n in names if not _lower_bare_head(n[0])]
        if not names or names[0][1] != m.end():
            continue  # "… giao trong dự toán của Sở Y tế": no body right after the verb
        role = None
        rest = end
        remark = _REMARK.match(text, _skip_spaces(text, end))
        if remark:
            role = task_role(remark.group("r").replace("là ", "")) or remark_role(remark.group("r"))
            rest = remark.end()
        stop = regex.compile(r"(?<=[.;])\s+(?=\p{Lu}|giao\s)").search(text, rest)
        task_end = stop.start() if stop else len(text)
        task_start = _skip_spaces(text, rest)
        task_text = text[task_start:task_end].strip(" ,")
        if match_key(task_text).startswith("là "):
            role = role or task_role(task_text[3:])
        task = (task_text, task_start, task_start + len(task_text)) if task_text else None
        out.append(Claim(names=names, task=task, role=role, requested=requested, assigned_by=verb))
    return out


def _lower_bare_head(name: str) -> bool:
    """'ban' in 'họp giao ban': a head word alone, in lower case, names no one."""
    key = match_key(name)
    return name[:1].islower() and lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads")) == key


def remark_role(remark: str) -> Role | None:
    key = match_key(remark)
    if "thường trực" in key or "đầu mối" in key:
        return Role.standing
    if "chủ trì" in key:
        return Role.lead
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t,":
        pos += 1
    return pos


@lru_cache(maxsize=1)
def _labels() -> regex.Pattern:
    voc = lexicon.load("vocab")
    groups = [f"(?P<{role}>" + _alternation(words) + ")" for role, words in voc["label_roles"].items()]
    groups.append("(?P<deadline>" + _alternation(voc["label_deadline"]) + ")")
    return regex.compile(r"(?:^|(?<=[;.]\s{0,3}))\s*[-+•]?\s*(?:" + "|".join(groups) + r")\s*:\s*", regex.I)


def listed_party(text: str) -> bool:
    """A party written in a list under a role label: an agency, or any capitalised name ("Tư lệnh các quân
    khu", "Các Đội chuyên trách của quân đội") — the label already says it is a party."""
    return looks_like_agency(text) or (
        text[:1].isupper() and len(text.split()) <= 12 and not regex.search(r"\d{1,2}/\d{4}|\bnăm\s+\d{4}", text)
    )


def labelled_line(text: str) -> tuple[list[tuple[Role, str, int, int]], tuple[str, int, int] | None] | None:
    """'Đơn vị chủ trì: Phòng A; Đơn vị phối hợp: Phòng B, Phòng C.' → [(lead, Phòng A, …), (coordinate, …)]
    and the 'Thời gian thực hiện: …' value, or None when the line carries no label."""
    marks = list(_labels().finditer(text))
    if not marks:
        return None
    parties: list[tuple[Role, str, int, int]] = []
    when = None
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end() : end]
        if m.group("deadline"):
            v = value.strip(" .;")
            when = (v, m.end(), m.end() + len(v))
            continue
        role = next(Role(r) for r in ("lead", "coordinate", "assigned") if m.group(r))
        pos = m.end()
        for part in split_agency_list(value):
            idx = text.find(part, pos)
            if idx < 0:
                continue
            pos = idx + len(part)
            clean = regex.sub(r"\s*\([^)]*\)\s*$", "", part).strip(" ,.;:-")
            if clean and listed_party(clean):
                s = idx + part.index(clean)
                parties.append((role, clean, s, s + len(clean)))
    if not parties and when is None:
        return None
    return parties, when


def label_heading(title: str) -> tuple[bool, Role | None]:
    """'a) Cơ quan chủ trì' / '2. Chủ trì thực hiện' / 'Cơ quan chủ trì, phối hợp': a heading made only of label
    words, whose bullets list the parties. (is a label heading, its role when it names one)."""
    key = match_key(title)
    if not key or len(key) > 60:
        return False, None
    labels = lexicon.keyed("vocab", "label_roles")
    filler = lexicon.key_list("vocab", "label_filler")
    roles: list[Role] = []
    rest = key
    while rest:
        found = None
        for role, words in labels.items():
            w = lexicon.starts_with_any(rest, tuple(words))
            if w and (found is None or len(w) > len(found[1])):
                found = (Role(role), w)
        if found:
            roles.append(found[0])
            rest = rest[len(found[1]) :].strip()
            continue
        f = lexicon.starts_with_any(rest, filler)
        if not f:
            return False, None
        rest = rest[len(f) :].strip()
    if not roles:
        return False, None
    return True, roles[0] if len(set(roles)) == 1 else None


@lru_cache(maxsize=1)
def _team_titles() -> list[tuple[Role, tuple[str, ...]]]:
    words = lexicon.keyed("vocab", "team_titles")
    return [(Role.coordinate, tuple(words["coordinate"])), (Role.lead, tuple(words["lead"]))]


@lru_cache(maxsize=1)
def _person() -> regex.Pattern:
    titles = _alternation(lexicon.load("vocab")["person_titles"])
    return regex.compile(
        r"^\s*(?:[-+•]|\d{1,2}[.)])?\s*(?:(?i:"
        + titles
        + r")\s*:?\s+)?(?P<name>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,5})"
        r"\s*[-–,:(]\s*(?P<rest>.{2,300})$"
    )


def team_member(text: str) -> tuple[str, int, int, Role] | None:
    """'Ông: Hoàng Văn Thuân - Phó Giám đốc Sở, Trưởng đoàn;' → ('Hoàng Văn Thuân', start, end, lead).
    The line must end in a team title from the vocab; the person's name is kept without 'Ông/Bà'."""
    m = _person().match(text)
    if not m or not all(w[0].isupper() for w in m.group("name").split()):
        return None
    for piece in reversed(regex.split(r"\s*[,;]\s*|\s+-\s+", m.group("rest").strip(" .;"))):
        key = match_key(piece)
        for role, keys in _team_titles():
            if lexicon.starts_with_any(key, keys) and len(key.split()) <= 4:
                name = m.group("name")
                if looks_like_agency(name):
                    return None
                return name, m.start("name"), m.end("name"), role
    return None


def team_name_at(text: str) -> str | None:
    """The team a line starts with ('Đoàn kiểm tra thực hiện …', 'Tổ công tác có trách nhiệm …')."""
    key = match_key(text)
    found = lexicon.starts_with_any(key, lexicon.key_list("vocab", "team_names"))
    if not found:
        return None
    n = len(found.split())
    return " ".join(text.split()[:n]).strip(" ,.:;")


def subject_claim(text: str, strict: bool) -> Claim | None:
    """'Công an tỉnh chủ trì, phối hợp …' or 'Đoàn kiểm tra thực hiện …': a line that opens with the party and
    then a task verb, also after a lead-in clause ('Căn cứ nội dung Kế hoạch này, các sở, ban, ngành xây dựng …').
    Outside TỔ CHỨC THỰC HIỆN (`strict`) the name must pass `names_agency`."""
    lead = len(text) - len(text.lstrip(" -+•"))
    found = _subject_at(text, lead, strict)
    if found or not lexicon.starts_with_any(
        match_key(text[lead : lead + 40]), lexicon.key_list("vocab", "subject_lead_ins")
    ):
        return found
    for m in regex.finditer(r",\s+", text[:300]):
        found = _subject_at(text, m.end(), strict)
        if found:
            # After a lead-in, a bare collective ("…, các đơn vị chủ động …") is a general call, not a party.
            return None if any(_bare_collective(n) for n, _, _ in found.names) else found
    return None


def _bare_collective(name: str) -> bool:
    key = match_key(name)
    return key.startswith("các ") and lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads")) == key


def _subject_at(text: str, lead: int, strict: bool) -> Claim | None:
    team = team_name_at(text[lead:])
    if team:
        end = lead + len(team)
        verb = task_verb_at(text, end - 1)
        if verb is None or verb > end + 1:
            return None
        names = [(team, lead, end)]
    else:
        verb = task_verb_at(text, lead)
        if verb is None or verb - lead > 160:
            return None
        names, end = _names_before_task(text, lead, strict)
        if not names or end != verb or names[0][1] != lead or text[:verb].rstrip().endswith(","):
            return None  # "Thanh tra, kiểm tra, hậu kiểm …" lists activities, it names no one
        if any(agency_name_end(n) != len(n) for n, _, _ in names):
            return None  # words between the name and the verb: not a plain 'X chủ trì …' line
        if strict and any(_bare_collective(n) for n, _, _ in names):
            return None  # "Các cơ quan báo cáo …" outside TỔ CHỨC THỰC HIỆN: a general call, no named party
    task_start = _skip_spaces(text, verb)
    task_text = text[task_start:].strip()
    return Claim(
        names=names,
        task=(task_text, task_start, task_start + len(task_text)),
        role=task_role(task_text),
        assigned_by="subject",
    )


@lru_cache(maxsize=1)
def _team_anywhere() -> regex.Pattern:
    return regex.compile(r"(?<!\p{L})(?:" + _alternation(lexicon.load("vocab")["team_names"]) + r")(?!\p{L})", regex.I)


def team_named_in(text: str) -> tuple[str, int, int] | None:
    """A team named anywhere in a line ('PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC KIỂM TRA …' → 'Tổ công tác')."""
    m = _team_anywhere().search(text)
    if not m:
        return None
    name = m.group()
    if name.isupper():
        name = name[:1] + name[1:].lower()
    return name, m.start(), m.end()


_PERSON_NAME = regex.compile(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}$")


def person_names(cell: str | None) -> list[str]:
    """People named in a 'Người thực hiện' cell, one per line or ',' / ';' ('Đỗ Mạnh Cường\nVũ Việt Linh')."""
    if not cell:
        return []
    out = []
    for part in regex.split(r"[\n;,]", str(cell)):
        part = regex.sub(
            r"^(?i:" + _alternation(lexicon.load("vocab")["person_titles"]) + r")\s*:?\s+", "", part.strip(" -+.;")
        )
        if _PERSON_NAME.match(part) and not looks_like_agency(part):
            out.append(part)
    return out


@lru_cache(maxsize=1)
def _duties_of_team() -> regex.Pattern:
    voc = lexicon.load("vocab")
    teams, duties = _alternation(voc["team_names"]), _alternation(voc["team_duty_words"])
    return regex.compile(r"(?i:" + duties + r")[^.;:]{0,40}?\s(?i:của)\s+(?P<team>(?i:" + teams + r"))(?!\p{L})")


def team_duties_heading(text: str) -> tuple[str, int, int] | None:
    """'Điều 3. Nhiệm vụ và quyền hạn của Đoàn kiểm tra', 'Điều 4. Trách nhiệm của đơn vị được kiểm tra': the team
    (or the inspected units) the article gives duties to."""
    m = _duties_of_team().search(text)
    return (m.group("team"), m.start("team"), m.end("team")) if m else None
