"""Agencies: the spaCy pipeline (blank "vi", rule-based tokenizer, EntityRuler from the gazetteer) that finds
agency names in running text, and the alias table behind `agency_normalized`."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import lexicon
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
    level = {"LOWER": {"IN": ["tỉnh", "huyện", "xã", "phường", "quận", "thị", "thành", "đặc"]}, "OP": "?"}
    level2 = {"LOWER": {"IN": ["xã", "trấn", "phố", "khu"]}, "OP": "?"}
    more = {"LOWER": {"IN": [",", "và"]}, "OP": "?"}
    proper = {"IS_TITLE": True, "OP": "*"}
    for head in ("Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND", "Công an", "Ban Chỉ huy Quân sự", "Bộ Chỉ huy Quân sự", "Huyện ủy", "Tỉnh ủy", "Thành ủy", "Đảng ủy"):
        head_tokens = [{"LOWER": w.lower()} for w in canonical_tones(head).split()]
        patterns.append({"label": AGENCY, "pattern": head_tokens + [scope, level, level2, more, level, level2, proper]})
    # "Sở/Phòng/Trung tâm/Trường … Proper Name": a head followed by capitalised words.
    heads = [canonical_tones(h).lower() for h in ("Sở", "Phòng", "Trung tâm", "Trường", "Ban", "Hội", "Chi cục", "Cục", "Văn phòng", "Đài", "Báo")]
    single = [h for h in heads if " " not in h]
    patterns.append({"label": AGENCY, "pattern": [{"LOWER": {"IN": single}}, {"IS_TITLE": True, "OP": "+"}]})
    for h in heads:
        if " " in h:
            patterns.append({"label": AGENCY, "pattern": [{"LOWER": w} for w in h.split()] + [{"IS_TITLE": True, "OP": "+"}]})
    return patterns


def find_agencies(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Agency spans (start, end, text) per input text. Runs on canonical tones (same length as the input)."""
    out = []
    for doc in nlp().pipe(canonical_tones(t) for t in texts):
        out.append([(e.start_char, e.end_char, doc.text[e.start_char:e.end_char]) for e in doc.ents if e.label_ == AGENCY])
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
    """Official form of an agency name: aliases expanded, canonical tones, ' - ' dashes, no trailing marks."""
    text = regex.sub(r"\s+", " ", name).strip(" .;:,*-")
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


def split_agency_list(text: str) -> list[str]:
    """Agencies named in one heading or cell: split on ';' and line breaks, and on ',' only where a new
    agency starts ("Sở A, Sở B" is two; "UBND các huyện, thành phố" and "Các cơ quan, đơn vị" are one)."""
    out: list[str] = []
    for part in regex.split(r"[;\n]", text):
        parts: list[str] = []
        for chunk in regex.split(r",\s*", part):
            if parts and not (chunk[:1].isupper() and looks_like_agency(chunk)):
                parts[-1] = f"{parts[-1]}, {chunk}"
            else:
                parts.append(chunk)
        out += [p.strip() for p in parts if p.strip(" .;:,")]
    return out
