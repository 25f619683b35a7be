"""The end of the document: 'Nơi nhận:' and its list (ending with '- Lưu: …'), the signing authority and title
lines, the signer's name — on the lines extraction's tail parser read as such."""

from __future__ import annotations

from extract.normalize import match_key

from ..docmodel import Location
from ..zones import Zone
from .base import Context


def check(ctx: Context) -> None:
    r = ctx.r
    z = ctx.z
    heading = z.role("recipients_heading")
    items = [ln for zp in z.role("recipients") for ln in zp.lines if ln.stripped]
    rule = r.element("recipients")
    zone = Zone.RECIPIENTS.value
    if heading:
        ctx.check_zoned(heading[0], label="Nơi nhận")
        for zp in z.role("recipients"):
            ctx.check_zoned(zp, align=False, label="recipient")
        last = items[-1] if items else None
        if last is None or not match_key(last.stripped.lstrip("-+•– ")).startswith(_archive_key(ctx)):
            ctx.add(
                "recipients.archive",
                rule.clause,
                "the last recipient line must be '- Lưu: VT, …'",
                (last or heading[0].lines[0]).para.loc if (last or heading[0].lines) else Location(),
                last.stripped[:60] if last else "no recipients",
                "- Lưu: VT, …",
                zone=zone,
            )
        for ln, nxt in zip(items, items[1:], strict=False):
            text = ln.stripped
            if not text.endswith(";") and not _wrapped(nxt.stripped):
                ctx.add(
                    "recipients.punctuation",
                    rule.clause,
                    "each recipient line ends with ';'",
                    ln.para.loc,
                    text[-20:],
                    "…;",
                    severity="warning",
                    zone=zone,
                )
    elif z.role("signature_authority") or z.role("signer_name"):
        ctx.add(
            "recipients_heading.missing",
            r.element("recipients_heading").clause,
            "no 'Nơi nhận:' block beside the signature",
            Location(paragraph=None),
            "missing",
            "Nơi nhận:",
            severity="warning",
            zone=zone,
        )
    for zp in z.role("signature_authority"):
        ctx.check_zoned(zp, align=zp.para.in_table, label="signing authority / title")
    for zp in z.role("signer_name")[:1]:
        ctx.check_zoned(zp, align=zp.para.in_table, label="signer's name")


def _archive_key(ctx: Context) -> str:
    return match_key(ctx.r.raw["elements"]["recipients"]["archive_prefix"])


def _wrapped(text: str) -> bool:
    """The next line continues a recipient's name wrapped over two lines: it does not start a list item."""
    return not text.lstrip().startswith(("-", "+", "•", "–"))
