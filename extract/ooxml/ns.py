"""Namespaces, relationship types and content types of WordprocessingML packages, and `qn` to spell names.

One table for every module that reads or writes Word XML, so a URI is typed once: `qn("w:b")` gives the Clark
name lxml uses ("{http://…/main}b"); `NSMAP`/`nsdecls` serve code that writes XML text with prefixes.
"""

from __future__ import annotations

from functools import cache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"  # _rels/*.rels parts
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"  # [Content_Types].xml
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XML_NS = "http://www.w3.org/XML/1998/namespace"

NSMAP: dict[str, str] = {
    "w": W_NS,
    "r": R_NS,
    "mc": MC_NS,
    "pr": PR_NS,
    "ct": CT_NS,
    "wp": WP_NS,
    "a": A_NS,
    "w14": W14_NS,
    "cp": CP_NS,
    "dc": DC_NS,
    "dcterms": DCTERMS_NS,
    "xml": XML_NS,
}

# Relationship types (the Type attribute of a Relationship).
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_DOCUMENT = _RT + "officeDocument"
REL_STYLES = _RT + "styles"
REL_NUMBERING = _RT + "numbering"
REL_SETTINGS = _RT + "settings"
REL_HEADER = _RT + "header"
REL_FOOTER = _RT + "footer"
REL_THEME = _RT + "theme"
REL_FONT_TABLE = _RT + "fontTable"
REL_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

# Content types (the [Content_Types].xml entries).
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = _CT + "document.main+xml"
CT_HEADER = _CT + "header+xml"
CT_FOOTER = _CT + "footer+xml"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Markers in [Content_Types].xml that make a package a Word document (.docx, .docm, .dotx).
WORD_CONTENT_MARKERS = (b"wordprocessingml.document", b"ms-word.document.macroEnabled", b"wordprocessingml.template")


@cache
def qn(name: str) -> str:
    """Clark name of a prefixed name: qn("w:b") → "{…/wordprocessingml/2006/main}b"."""
    prefix, sep, local = name.partition(":")
    if not sep:
        raise ValueError(f"qn needs a prefixed name like 'w:b', got {name!r}")
    return f"{{{NSMAP[prefix]}}}{local}"


def w(local: str) -> str:
    """Clark name of a w: element or attribute: w("b") == qn("w:b")."""
    return qn("w:" + local)


def nsdecls(*prefixes: str) -> str:
    """xmlns declarations for XML written as text: nsdecls("w", "r") → 'xmlns:w="…" xmlns:r="…"'."""
    return " ".join(f'xmlns:{p}="{NSMAP[p]}"' for p in prefixes)


W_VAL = qn("w:val")
