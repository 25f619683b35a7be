"""Agencies: the spaCy pipeline (blank "vi", rule-based tokenizer, EntityRuler from the gazetteer) that finds
agency names in running text, and the alias table behind `agency_normalized`."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import lexicon
from .levels import level_words
from .normalize import canonical_tones, match_key

AGENCY = "AGENCY"


@lru_cache(maxsize=1)
def nlp():
    """Build the pipeline once per process: tokenizer rules from spaCy, patterns from agencies.yaml."""
    import spacy

    pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    ruler = pipeline.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(_patterns(pipeline))
    return pipeline


def _patterns(pipeline) -> list[dict]:
    data = lexicon.load("agencies")
    patterns: list[dict] = []
    phrases: set[str] = set()
    for body in data["bodies"]:
        for name in [body["name"], *body.get("aliases", [])]:
            phrases.add(canonical_tones(name))
    for phrase in sorted(phrases):
        patterns.append({"label": AGENCY, "pattern": phrase, "id": match_key(phrase)})
    # Head + optional territory words + a proper name: one pattern per head, with sets instead of variants.
    scope = {"LOWER": {"IN": ["các", "cấp"]}, "OP": "?"}
    # A unit word is one or two tokens ("tỉnh", "thị xã", "đặc khu"): its first words, then its second words.
    unit_tokens = [w.lower().split() for w in level_words()]
    level = {"LOWER": {"IN": sorted({t[0] for t in unit_tokens})}, "OP": "?"}
    level2 = {"LOWER": {"IN": sorted({t[1] for t in unit_tokens if len(t) > 1})}, "OP": "?"}
    more = {"LOWER": {"IN": [",", "và"]}, "OP": "?"}
    proper = {"IS_TITLE": True, "OP": "*"}
    for head in data["territorial_heads"]:
        head_tokens = [{"LOWER": w.lower()} for w in canonical_tones(head).split()]
        patterns.append({"label": AGENCY, "pattern": head_tokens + [scope, level, level2, more, level, level2, proper]})
    # "Sở/Phòng/Trung tâm/Trường … Proper Name": a head followed by capitalised words.
    heads = [canonical_tones(h).lower() for h in data["named_heads"]]
    single = [h for h in heads if " " not in h]
    patterns.append({"label": AGENCY, "pattern": [{"LOWER": {"IN": single}}, {"IS_TITLE": True, "OP": "+"}]})
    for h in heads:
        if " " in h:
            patterns.append(
                {"label": AGENCY, "pattern": [{"LOWER": w} for w in h.split()] + [{"IS_TITLE": True, "OP": "+"}]}
            )
    return patterns


def collective_body(name: str | None) -> str | None:
    """The collective body (agencies.yaml collective_bodies) that `name` opens with, as the data writes it:
    'ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG' and 'UBND huyện X' → 'Ủy ban nhân dân'; None for a body that is none."""
    key = match_key(name or "")
    data = lexicon.load("agencies")
    for abbr, full in data["abbreviations"].items():
        akey = match_key(abbr)
        if key.startswith(akey) and (len(key) == len(akey) or not key[len(akey)].isalnum()):
            key = match_key(full) + key[len(akey) :]
            break
    bodies = {match_key(b): b for b in data["collective_bodies"]}
    found = lexicon.starts_with_any(key, tuple(bodies))
    return bodies[found] if found else None


def find_agencies(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Agency spans (start, end, text) per input text. Runs on canonical tones (same length as the input)."""
    out = []
    for doc in nlp().pipe(canonical_tones(t) for t in texts):
        out.append(
            [(e.start_char, e.end_char, doc.text[e.start_char : e.end_char]) for e in doc.ents if e.label_ == AGENCY]
        )
    return out


@lru_cache(maxsize=1)
def _abbrev_re():
    abbr = lexicon.load("agencies")["abbreviations"]
    keys = sorted(abbr, key=len, reverse=True)
    pattern = regex.compile(r"(?<![\p{L}\d])(" + "|".join(regex.escape(k) for k in keys) + r")(?![\p{L}\d])")
    return pattern, {k: v for k, v in abbr.items()}


@lru_cache(maxsize=1)
def _canonical_bodies() -> dict[str, str]:
    out = {}
    for body in lexicon.load("agencies")["bodies"]:
        for name in [body["name"], *body.get("aliases", [])]:
            out[match_key(name)] = body["name"]
    return out


def agency_aliases(name: str) -> list[str]:
    """The other names the gazetteer knows for an agency ("Sở LĐ-TB&XH" for Sở Lao động - Thương binh và Xã hội)."""
    key = match_key(normalize_agency(name))
    for body in lexicon.load("agencies")["bodies"]:
        if match_key(body["name"]) == key:
            return [body["name"], *body.get("aliases", [])]
    return []


@lru_cache(maxsize=4096)
def normalize_agency(name: str) -> str:
    """Official form of an agency name: aliases expanded, canonical tones, ' - ' dashes, ', ' commas, no trailing
    marks."""
    text = regex.sub(r"\s*,\s*", ", ", regex.sub(r"\s+", " ", name)).strip(" .;:,*-")
    known = _canonical_bodies().get(match_key(text))
    if known:
        return known
    pattern, table = _abbrev_re()
    text = pattern.sub(lambda m: table[m.group(1)], text)
    text = regex.sub(r"\s*-\s*", " - ", text)
    text = canonical_tones(text)
    known = _canonical_bodies().get(match_key(text))
    if known:
        return known
    # Prefix match: "Sở Y tế tỉnh Bắc Kạn" keeps its territory but takes the official head.
    if text.isupper():
        text = text[0] + text[1:].lower()
    return text[:1].upper() + text[1:]


def looks_like_agency(text: str) -> bool:
    """Whether a heading or a 'Name:' prefix names an agency (starts with an agency head word)."""
    key = match_key(text)
    heads = lexicon.key_list("agencies", "heads")
    return lexicon.starts_with_any(key, heads) is not None


def names_agency(text: str) -> bool:
    """Stricter than `looks_like_agency`, for headings and sentences outside TỔ CHỨC THỰC HIỆN, where a task
    may begin with a head word ("Ban hành …", "Phòng, chống …", "Hội nghị …"): the head must be followed by a
    capitalised word, a level word ("Công an tỉnh", "UBND cấp xã") or nothing, or be a collective ("Các sở")."""
    key = match_key(text)
    head = lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads"))
    if head is None:
        return False
    if head.startswith("các ") or lexicon.starts_with_any(key, tuple(_canonical_bodies())):
        return True  # a collective, or an official name of the gazetteer ("Báo và Phát thanh, Truyền hình tỉnh")
    if text.isupper():  # an all-capitals heading is a part's title ("BAN HÀNH CÁC VĂN BẢN …"), unless "CÔNG AN TỈNH"
        text = text.lower()
    words = text.split()
    n = len(head.split())
    if len(words) <= n:
        return True
    following = words[n].strip("()\"'“”")
    if not following:
        return True
    if following[0].isupper() or following[0].isdigit():
        return True
    rest = match_key(" ".join(words[n : n + 2]))
    return lexicon.starts_with_any(rest, lexicon.key_list("vocab", "agency_level_words")) is not None


def agency_name_end(text: str) -> int | None:
    scanned = _scan_name(text)
    return None if scanned is None else scanned[0]


_LONG_NAME = 10  # words: past this a "name" is a sentence that runs on (official names are shorter)


def name_length(name: str) -> int:
    """Where an agency name that may run on into its task ends ("Bộ Nông nghiệp và Môi trường | hỗ trợ tỉnh …"):
    surely after a level or list word, or at the first word no name carries when the words run past any official
    name's length; the whole text otherwise."""
    tail = chain_tail(name)
    if tail:
        return tail + name_length(name[tail:])
    cut = certain_name_end(name)
    if cut is None and len(name.split()) > _LONG_NAME:
        cut = agency_name_end(name)
    return cut if cut else len(name)


def certain_name_end(text: str) -> int | None:
    """Where the agency name `text` starts with surely ends: after a level or list word ("tỉnh", "đặc khu",
    "địa phương") and before another lower-case word ("Văn phòng UBND tỉnh | thường xuyên theo dõi"); None
    when the name may go on in lower case ("Chi cục Quản lý thị trường", "Sở Nông nghiệp và Phát triển nông thôn")."""
    scanned = _scan_name(text)
    return scanned[0] if scanned is not None and scanned[1] else None


def _scan_name(text: str) -> tuple[int, bool] | None:
    """Length of the agency name `text` starts with: the head word, then capitalised words, numbers and the
    lower-case words agency names carry (vocab `agency_name_words`); None when `text` starts with no head.
    "Văn phòng UBND tỉnh thường xuyên theo dõi …" → the length of "Văn phòng UBND tỉnh"."""
    key = match_key(text)
    head = lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads"))
    if head is None:
        return None
    # A word ends at its comma, so "xã,thành phố" typed without a space reads as "xã, thành phố".
    words = list(regex.finditer(r"[^\s,]+,?|,", text))
    n = len(head.split())
    if len(words) < n:
        return len(text.rstrip())
    end = words[n - 1].end()
    allowed = lexicon.key_list("vocab", "agency_name_words")
    i = n
    certain = False
    while i < len(words):
        w = words[i].group().strip("()\"'“”")
        if words[i - 1].group().endswith((";", ":", ".")):
            break
        if w and (w[0].isupper() or w[0].isdigit() or w in ("-", "&")):
            certain = w[0].isdigit()
            # "Việt | Nam", "Lào | Cai": a proper name; not after a head word ("Văn phòng Ban | Chỉ đạo")
            prev = words[i - 1].group()
            after_name = i > n and prev[:1].isupper() and not _is_bare_head(prev)
            end, i = words[i].end(), i + 1
            # A capitalised syllable carries the next one of its word ("Tư pháp", "Văn hóa", "Y tế"), but the last
            # syllable of a proper name does not ("Tổng công ty Bưu điện Việt Nam | bảo đảm …").
            if (
                w[0].isupper()
                and not after_name
                and i < len(words)
                and words[i].group()[:1].islower()
                and not words[i - 1].group().endswith((",", ";", ":"))
            ):
                end, i = words[i].end(), i + 1
            continue
        found = lexicon.starts_with_any(match_key(" ".join(x.group() for x in words[i : i + 8])), allowed)
        if found is None or not w:
            break
        k = next((k for k in range(1, 9) if match_key(" ".join(x.group() for x in words[i : i + k])) == found), 1)
        i += k
        end = words[i - 1].end()
        certain = True
    name = text[:end].rstrip(" ,;:.")
    # "các tổ chức chính trị - xã hội và cơ quan | tổ chức có liên quan": a lower-case head word after 'và' opens
    # the next body, whose name the allowed words ran into.
    joined = regex.search(r"\s+và\s+(\S+(?:\s+\S+)?)$", name)
    if joined and joined.group(1)[:1].islower() and _is_bare_head(joined.group(1)) and i < len(words):
        name, certain = name[: joined.start()], False
    while True:  # a list connector left at the end ("Các tổ chức chính trị - xã hội và") is not part of it
        trimmed = regex.sub(r"(?:\s*[,;]|\s+(?:và|các|của|cùng))\s*$", "", name)
        if trimmed == name:
            return len(name), certain and i < len(words)
        if not trimmed.endswith((",", ";")) and not name.endswith((",", ";")):
            certain = False  # "Ban Chỉ đạo các | quân khu": the name went on after the connector
        name = trimmed


@lru_cache(maxsize=1)
def _lead_in_re() -> regex.Pattern:
    words = sorted(lexicon.load("vocab")["agency_lead_ins"], key=len, reverse=True)
    return regex.compile(r"^\s*(?:" + "|".join(regex.escape(w) for w in words) + r")\s+(?=\S)", regex.I)


def strip_lead_in(text: str) -> str:
    """'Lãnh đạo Sở Y tế' → 'Sở Y tế', when what follows names an agency."""
    m = _lead_in_re().match(text)
    return text[m.end() :] if m and looks_like_agency(text[m.end() :]) else text


def _is_bare_head(text: str) -> bool:
    key = match_key(text)
    return lexicon.starts_with_any(key, lexicon.key_list("agencies", "heads")) == key


def _starts_agency(chunk: str, before: str = "", joined: bool = False) -> bool:
    """A chunk of a list that begins a new agency: a capitalised head or a lower-case collective ('các Sở'),
    unless what comes before is a head word alone ("Báo và Đài Phát thanh …" is one body)."""
    chunk = chunk.strip()
    # Only the start of `before` is read (a bare head word, a joint or front head): a long run of chunks merged so
    # far is not keyed again for every chunk, which made a long line quadratic.
    whole = len(before) <= _LEAD_CHARS
    before = before[:_LEAD_CHARS]
    if joined and before and whole and " " not in before.strip() and _is_bare_head(before):
        return False
    if _lower_case_body(chunk, before, joined):
        return True
    if joined and (
        lexicon.starts_with_any(match_key(before), lexicon.key_list("vocab", "joint_heads"))
        or (
            lexicon.starts_with_any(match_key(before), lexicon.key_list("vocab", "front_heads"))
            and lexicon.starts_with_any(match_key(chunk), lexicon.key_list("vocab", "joined_after_and"))
        )
    ):
        return False
    if not looks_like_agency(chunk):
        return False
    return chunk[:1].isupper() or match_key(chunk).startswith("các ")


def _lower_case_body(chunk: str, before: str, joined: bool) -> bool:
    """'Cơ quan quản lý cấp trên …, đơn vị sự nghiệp công lập trực thuộc UBND tỉnh', 'Văn phòng Ban Chỉ đạo và cơ
    quan thường trực các cấp': a lower-case head word with its own words after a full name opens a second body.
    Not after a bare head or a collective, whose list words it shares ("Các cơ quan, đơn vị có liên quan"), and not
    a role in apposition after a comma ("Công an tỉnh, đơn vị thường trực …"; after 'và' it is a second body)."""
    if not chunk[:1].islower() or not before:
        return False
    heads = lexicon.key_list("agencies", "heads")
    key, prev = match_key(chunk), match_key(before)
    # Only the generic heads written in lower case inside lists ("cơ quan", "đơn vị"): "…, công chức phường"
    # after a request's running text names people, not a body.
    head = lexicon.starts_with_any(key, lexicon.key_list("vocab", "lower_case_body_heads"))
    prev_head = lexicon.starts_with_any(prev, heads)
    if head is None or head == key or prev_head is None or prev_head == prev:
        return False
    if prev.startswith("các "):
        return False
    return joined or not lexicon.starts_with_any(key, lexicon.key_list("vocab", "role_appositions"))


_AND = regex.compile(r"\s+và\s+|\s+-\s+(?=\p{Lu})")
_LEAD_CHARS = 120  # longer than any head word or lead-in of vocab.yaml


def _lead(chunks: list[str]) -> str:
    """The first `_LEAD_CHARS` (and one more, to tell a longer text) of the chunks joined by ', '."""
    out = ""
    for c in chunks:
        out = f"{out}, {c}" if out else c
        if len(out) > _LEAD_CHARS:
            break
    return out[: _LEAD_CHARS + 1]


def split_agency_list(text: str) -> list[str]:
    """Agencies named in one heading or cell: split on ';' and line breaks, and on ',' or 'và' only where a new
    agency starts ("Sở A, Sở B" and "Sở A, các Sở, ban, ngành" are two; "UBND các huyện, thành phố",
    "Các cơ quan, đơn vị" and "Sở Văn hóa, Thể thao và Du lịch" are one)."""
    out: list[str] = []
    for part in regex.split(r"[;\n]", text):
        # Each name is the text as written (its commas keep their spacing), so a caller finds it in the text
        # it split and its span covers exactly its words.
        tokens = regex.split(r"(,\s*)", part)
        groups: list[list[str]] = []  # chunks of one agency, joined once at the end
        written: list[list[str]] = []  # the same chunks with the separators between them
        for k in range(0, len(tokens), 2):
            chunk = tokens[k]
            if groups and not _starts_agency(chunk, _lead(groups[-1])):
                groups[-1].append(chunk)
                written[-1] += [tokens[k - 1], chunk]
            else:
                groups.append([chunk])
                written.append([chunk])
        parts = ["".join(w) for w in written]
        found: list[str] = []
        for p in parts:
            pieces: list[str] = []
            pos = 0
            for m in [*_AND.finditer(p), None]:
                chunk = p[pos : m.start() if m else len(p)]
                sep = p[m.start() : m.end()] if m else ""
                if pieces and not _starts_agency(chunk, pieces[-1][0], joined=True):
                    pieces[-1] = (pieces[-1][0] + pieces[-1][1] + chunk, sep)
                else:
                    pieces.append((chunk, sep))
                pos = m.end() if m else len(p)
            pieces = [x for x, _ in pieces]
            found += [x.strip() for x in pieces if x.strip(" .;:,")]
        out += [_as_written(name, part) for name in join_chains(found)]
    return out


def _as_written(name: str, part: str) -> str:
    """A chain `join_chains` wrote with ', ' as the text writes it (a comma without its space stays so), so its
    span is found where it stands."""
    if name in part:
        return name
    m = regex.search(r",\s*".join(regex.escape(x) for x in name.split(", ")), part)
    return m.group(0) if m else name


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Head word key → rank of the unit it names (agencies.yaml `unit_ranks`, lowest first)."""
    return {match_key(h): i for i, tier in enumerate(lexicon.load("agencies")["unit_ranks"]) for h in tier}


def unit_rank(name: str) -> int | None:
    """Rank of the unit `name` starts with ('Phòng 5' < 'Cục …' < 'Bộ …'); None for a head without a rank or a
    longer head that only begins with a ranked word ('Bộ Chỉ huy Quân sự tỉnh')."""
    head = lexicon.starts_with_any(match_key(name), lexicon.key_list("agencies", "heads"))
    return _ranks().get(head) if head and name[:1].isupper() else None


def join_chains(names: list[str]) -> list[str]:
    """'Phòng 5', 'Cục Cảnh sát …', 'Bộ Công an' → one name: a unit followed by its parent bodies, each of a
    higher rank than the one before, is one party named with its parents. Not when a sibling stands beside the
    chain: "Cục Hàng hải, Bộ Quốc phòng, Bộ Công an" and "Phòng A, Phòng B, Cục C" list bodies of mixed ranks."""
    ranks = [unit_rank(n) for n in names]
    out: list[str] = []
    i = 0
    while i < len(names):
        j = i
        while j + 1 < len(names) and ranks[j] is not None and ranks[j + 1] is not None and ranks[j + 1] > ranks[j]:
            j += 1
        sibling = (j + 1 < len(names) and ranks[j + 1] is not None and ranks[j + 1] == ranks[j]) or (
            i > 0 and ranks[i - 1] is not None and ranks[i - 1] == ranks[i]
        )
        if j > i and not sibling:
            out.append(", ".join(names[i : j + 1]))
        else:
            out += names[i : j + 1]
        i = j + 1
    return out


def chain_tail(name: str) -> int:
    """Offset of the last body in a name joined by `join_chains` (0 for a single body): where a name that may
    run on into its task is cut, only that body's words are read."""
    pos = 0
    last: int | None = None
    for m in regex.finditer(r",\s*", name):
        rest = name[m.end() :]
        rank, before = unit_rank(rest), unit_rank(name[pos:])
        if rank is not None and before is not None and rank > before and (last is None or before >= last):
            last, pos = before, m.end()
        else:
            break
    return pos
