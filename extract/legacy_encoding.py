"""Old Vietnamese 8-bit font encodings (TCVN3/ABC and VNI-Windows) → Unicode.

Before Unicode, Vietnamese text was typed with fonts whose glyphs sit on Latin-1 code points: in TCVN3
(".VnTime", ".VnArial" …) the byte 0xA9 draws "â", so Word stores "nh©n" for "nhân"; in VNI ("VNI-Times" …)
a tone is a second character after the vowel ("nhaân"). Readers get such text as mojibake ("Uû ban nh©n
d©n" for "Uỷ ban nhân dân"). `fix_legacy` detects it — from the font name when one is known, otherwise from
character statistics — and converts it.

Fonts whose name ends in "H" (".VnTimeH") are the TCVN3 capital fonts: they draw every letter as a capital,
so their text is upper-cased after conversion.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# --- TCVN3 (ABC) ---------------------------------------------------------------------------------------
# Each entry: TCVN3 code point (as Word/PDF readers decode it through Windows-1252 = Latin-1 here) → letter.
# Rows follow the Vietnamese order of tones: (none) huyền sắc hỏi ngã nặng.
_TCVN3_ROWS = [
    ("a", "a µ ¸ ¶ · ¹", "a à á ả ã ạ"),
    ("ă", "¨ » ¾ ¼ ½ Æ", "ă ằ ắ ẳ ẵ ặ"),
    ("â", "© Ç Ê È É Ë", "â ầ ấ ẩ ẫ ậ"),
    ("e", "e Ì Ð Î Ï Ñ", "e è é ẻ ẽ ẹ"),
    ("ê", "ª Ò Õ Ó Ô Ö", "ê ề ế ể ễ ệ"),
    ("i", "i × Ý Ø Ü Þ", "i ì í ỉ ĩ ị"),
    ("o", "o ß ã á â ä", "o ò ó ỏ õ ọ"),
    ("ô", "« å è æ ç é", "ô ồ ố ổ ỗ ộ"),
    ("ơ", "¬ ê í ë ì î", "ơ ờ ớ ở ỡ ợ"),
    ("u", "u ï ó ñ ò ô", "u ù ú ủ ũ ụ"),
    ("ư", "\u00ad õ ø ö ÷ ù", "ư ừ ứ ử ữ ự"),
    ("y", "y ú ý û ü þ", "y ỳ ý ỷ ỹ ỵ"),
    ("đ", "®", "đ"),
    # The only capitals the text fonts have; other capitals come from the "H" fonts.
    ("caps", "¡ ¢ § £ ¤ ¥ ¦", "Ă Â Đ Ê Ô Ơ Ư"),
]


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for _, src, dst in _TCVN3_ROWS:
        for s, d in zip(src.split(" "), dst.split(" "), strict=True):
            if s != d:
                table[s] = d
    return table


TCVN3_TO_UNICODE: dict[str, str] = _build_tcvn3()
_TCVN3_TRANS = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI-Windows ---------------------------------------------------------------------------------------
# A toned vowel is the base vowel followed by a mark character; a few letters are single characters.
_VNI_MARKS = {  # mark character → (modifier, tone); modifier: "^" circumflex, "(" breve
    "ø": ("", "\u0300"),
    "ù": ("", "\u0301"),
    "û": ("", "\u0309"),
    "õ": ("", "\u0303"),
    "ï": ("", "\u0323"),
    "â": ("^", ""),
    "à": ("^", "\u0300"),
    "á": ("^", "\u0301"),
    "å": ("^", "\u0309"),
    "ã": ("^", "\u0303"),
    "ä": ("^", "\u0323"),
    "ê": ("(", ""),
    "è": ("(", "\u0300"),
    "é": ("(", "\u0301"),
    "ú": ("(", "\u0309"),
    "ü": ("(", "\u0303"),
    "ë": ("(", "\u0323"),
}
_VNI_SINGLE = {  # single characters: ơ ư đ and the i/y forms
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "Ô": "Ơ",
    "Ö": "Ư",
    "Ñ": "Đ",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
}
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
    for src_base, dst_base in bases.items():
        for upper in (False, True):
            b_src = src_base.upper() if upper else src_base
            b_dst = dst_base.upper() if upper else dst_base
            for mark, (modifier, tone) in _VNI_MARKS.items():
                if modifier == "^" and src_base not in "aeo":
                    continue
                if modifier == "(" and src_base != "a":
                    continue
                if modifier == "" and not tone:
                    continue
                if src_base in "ôö" and modifier:
                    continue
                letter = b_dst + ({"^": _CIRCUMFLEX, "(": _BREVE}.get(modifier, "")) + tone
                letter = unicodedata.normalize("NFC", letter)
                # VNI uses upper-case marks after capitals; mixed case happens in practice, accept both.
                for m in {mark, mark.upper()}:
                    table[b_src + m] = letter
    table.update(_VNI_SINGLE)
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
_VNI_RE = regex.compile("|".join(regex.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# --- detection -----------------------------------------------------------------------------------------
# Letters only Unicode Vietnamese has (never produced by an 8-bit font run): ă â… with tones, đ, ơ, ư, ĩ, ũ.
_UNICODE_VIET = regex.compile(
    r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# TCVN3 code points that are not Vietnamese letters in Unicode: their presence next to letters is the signal.
_TCVN3_MARKERS = "".join(sorted(k for k in TCVN3_TO_UNICODE if k not in _VIET_LATIN1))
_TCVN3_WORD = regex.compile(rf"\p{{L}}*[{regex.escape(_TCVN3_MARKERS)}]\p{{L}}*|\p{{Ll}}[ÊÌÒÓÔÕÝÈÉ]")
_TCVN3_CHARS = regex.compile(rf"[{regex.escape(''.join(TCVN3_TO_UNICODE))}]")
# VNI: a vowel followed by a mark that no Unicode Vietnamese word has after that vowel.
_VNI_WORD = regex.compile(r"(?i)[aeouy][øûõïåäëü]|[aeo][ùø]|a[âêéèú]|[eo]â|[aeiouyôö]?[ñö]\p{L}|\p{L}[ñ]")
_LETTERS = regex.compile(r"\p{L}+")

_ONSETS = (
    "ngh",
    "ng",
    "gh",
    "gi",
    "kh",
    "nh",
    "ph",
    "th",
    "tr",
    "ch",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
_RHYMES = set(
    """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong oong
ooc op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt up ut uy uya uych uyên uyêt
uynh uyt uyu uyn ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu y yêm yên yêt yêu
""".split()
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=16384)
def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable ("nhân", "Uỷ", "nghiệp"); case-insensitive, one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    for onset in _ONSETS:
        if bare.startswith(onset):
            rhyme = bare[len(onset) :]
            if rhyme in _RHYMES:
                return True
            if onset in ("gi", "qu") and rhyme == "":
                return True
    return False


@lru_cache(maxsize=1024)
def font_kind(font: str | None) -> tuple[str | None, bool]:
    """(encoding, all_caps) implied by a font name: '.VnTime' → tcvn3, '.VnTimeH' → tcvn3 capitals, 'VNI-Times' → vni.

    Accepts PDF names ("ABCDEF+.VnTime,Bold", "VNI-Times-Bold") and Word's odd names ("VNtimes New Roman").
    """
    if not font:
        return None, False
    name = font.strip()
    if "+" in name[:8]:  # PDF subset prefix
        name = name.split("+", 1)[1]
    base = regex.split(r"[,;]", name, maxsplit=1)[0].strip()
    low = base.lower()
    if regex.match(r"^vni[-_ ]", low):
        return "vni", False
    if regex.match(r"^\.?vn(?!i[-_ ])[a-z]", low):
        core = regex.sub(r"(?i)[-, ]?(bold|italic|bolditalic|oblique|regular)$", "", base)
        return "tcvn3", core.endswith("H")
    return None, False


def convert_tcvn3(text: str, caps: bool = False) -> str:
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))
    return out.upper() if caps else out


def convert_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def _valid_ratio(text: str) -> tuple[int, int]:
    """(valid syllables, words) among the words that carry non-ASCII letters."""
    words = [w for w in _LETTERS.findall(text) if not w.isascii()]
    return sum(is_vietnamese_syllable(w) for w in words), len(words)


def detect_legacy(text: str, font: str | None = None, force: bool = False) -> str | None:
    """'tcvn3', 'vni' or None: the legacy encoding `text` is in, judged from `font` and the characters.

    With a legacy font name the text is converted when it holds characters only the legacy encoding explains
    (TCVN3 "©", "¸"…; VNI "aø", "ñ"…) or when converting makes more of its words Vietnamese syllables.
    Text made only of letters both readings share ("Lâm" is Unicode "Lâm" or TCVN3 "Lõm") stays as it is,
    unless `force` says the document is known to be typed in that encoding.
    """
    if not text or text.isascii() or _UNICODE_VIET.search(text):
        return None
    kind, _ = font_kind(font)
    if kind is not None:
        conv = convert_tcvn3 if kind == "tcvn3" else convert_vni
        if kind == "tcvn3" and not _TCVN3_CHARS.search(text):
            return None
        if kind == "vni" and not _VNI_RE.search(text):
            return None
        if force:
            return kind
        marker = _TCVN3_WORD if kind == "tcvn3" else _VNI_WORD
        if marker.search(text):
            return kind
        before, _ = _valid_ratio(text)
        after, _ = _valid_ratio(conv(text))
        return kind if after > before else None
    # No font hint: both signals, then a check that the conversion yields Vietnamese syllables.
    n_tcvn = len(_TCVN3_WORD.findall(text))
    n_vni = len(_VNI_WORD.findall(text))
    if n_tcvn == 0 and n_vni == 0:
        return None
    words = len(_LETTERS.findall(text))
    before_valid, _ = _valid_ratio(text)
    best, best_score = None, 0.0
    for enc, hits, conv in (("tcvn3", n_tcvn, convert_tcvn3), ("vni", n_vni, convert_vni)):
        if hits == 0 or (hits < 2 and words > 3):
            continue  # one odd character in a longer text is not enough without a font hint
        valid, total = _valid_ratio(conv(text))
        if total == 0 or valid <= before_valid:
            continue
        score = valid / total
        if score > best_score:
            best, best_score = enc, score
    return best if best_score >= 0.75 else None


def fix_legacy(text: str, font: str | None = None, force: bool = False) -> tuple[str, str | None]:
    """Convert TCVN3/VNI mojibake to Unicode. Returns (text, encoding) — encoding None when unchanged.

    `font` is the font name of the span when known (Word run font, PDF font name); a '.Vn…' or 'VNI-…' font
    is a strong hint, but text already holding Unicode Vietnamese letters is never converted. `force`: the
    caller knows the document is typed in the font's legacy encoding (convert ambiguous spans too).
    """
    kind, caps = font_kind(font)
    enc = detect_legacy(text, font, force)
    if enc == "tcvn3":
        return convert_tcvn3(text, caps), "tcvn3"
    if enc == "vni":
        return convert_vni(text), "vni"
    if caps and kind == "tcvn3" and text and not _UNICODE_VIET.search(text) and text != text.upper():
        # A capitals font shows ASCII letters as capitals too.
        return text.upper(), "tcvn3"
    return text, None


def looks_legacy(text: str, min_words: int = 3) -> bool:
    """Cheap document-level test: does `text` hold at least `min_words` words only TCVN3/VNI explains?"""
    if _UNICODE_VIET.search(text):
        return False
    return len(_TCVN3_WORD.findall(text)) >= min_words or len(_VNI_WORD.findall(text)) >= min_words


ENCODING_NAMES = {"tcvn3": "TCVN3", "vni": "VNI-Windows"}


def warning_message(encoding: str) -> str:
    return f"converted {ENCODING_NAMES.get(encoding, encoding)} text to Unicode"
