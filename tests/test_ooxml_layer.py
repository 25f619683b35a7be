"""The OOXML layer (`extract.ooxml`): on/off values, style inheritance, numbering counters, the package loader."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from lxml import etree

from extract.blocks import ReadError
from extract.ooxml import Numbering, Package, PackageError, Styles, nsdecls, on_off, on_off_attr, qn, w
from extract.ooxml.package import Limits
from extract.ooxml.props import alignment, numpr_ids, parse_rpr

NS = nsdecls("w")


def X(xml: str):
    return etree.fromstring(xml)


# --- names and values ----------------------------------------------------------------------------------


def test_qn_spells_clark_names():
    assert qn("w:b") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}b" == w("b")
    assert qn("r:id").startswith("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}")
    with pytest.raises(ValueError):
        qn("b")


@pytest.mark.parametrize(
    ("xml", "want"),
    [
        ("<w:b/>", True),
        ('<w:b w:val="1"/>', True),
        ('<w:b w:val="true"/>', True),
        ('<w:b w:val="on"/>', True),
        ('<w:b w:val="0"/>', False),
        ('<w:b w:val="false"/>', False),
        ('<w:b w:val="Off"/>', False),
        ('<w:b w:val="none"/>', False),
    ],
)
def test_on_off_variants(xml, want):
    el = X(xml.replace("<w:b", f"<w:b {NS}"))
    assert on_off(el) is want


def test_on_off_absent_and_attribute_form():
    assert on_off(None) is None
    assert on_off_attr(None) is False
    assert on_off_attr("1") and on_off_attr("true") and not on_off_attr("0") and not on_off_attr("off")


def test_parse_rpr_and_alignment():
    rpr = X(f'<w:rPr {NS}><w:b/><w:i w:val="0"/><w:sz w:val="26"/><w:rFonts w:ascii="Times New Roman"/></w:rPr>')
    props = parse_rpr(rpr)
    assert (props.bold, props.italic, props.size, props.font) == (True, False, 13.0, "Times New Roman")
    # A legacy font in hAnsi is the one Latin-1 characters are drawn with.
    legacy = parse_rpr(X(f'<w:rPr {NS}><w:rFonts w:ascii="Arial" w:hAnsi=".VnTime"/></w:rPr>'))
    assert legacy.font == ".VnTime"
    assert alignment("both") == "justify" and alignment("start") == "left" and alignment(None) is None
    assert numpr_ids(X(f'<w:numPr {NS}><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr>')) == ("7", 2)


# --- styles --------------------------------------------------------------------------------------------

STYLES = f"""<w:styles {NS}>
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsiaTheme="minorEastAsia"
      w:cs="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="Sub"/><w:basedOn w:val="Heading1"/>
    <w:rPr><w:b w:val="0"/><w:rFonts w:eastAsia="SimSun"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop1"/><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop2"/><w:basedOn w:val="Loop1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr>
  </w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:i/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="KH1"><w:name w:val="KH1"/>
    <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="KH2"><w:name w:val="KH2"/><w:basedOn w:val="KH1"/></w:style>
  <w:style w:type="numbering" w:styleId="ListLinked"><w:name w:val="ListLinked"/>
    <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
</w:styles>"""

NUMBERING = f"""<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>
      <w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:isLgl/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/>
      <w:lvlRestart w:val="1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:pStyle w:val="KH1"/>
    </w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:pStyle w:val="KH2"/>
    </w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="4"><w:numStyleLink w:val="ListLinked"/></w:abstractNum>
  <w:abstractNum w:abstractNumId="5">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="6">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>
  </w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="6"/></w:num>
  <w:num w:numId="8"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="Điều %1."/><w:pPr><w:ind w:left="720"/></w:pPr></w:lvl></w:lvlOverride></w:num>
</w:numbering>"""


@pytest.fixture()
def styles() -> Styles:
    return Styles(X(STYLES), X(NUMBERING))


def _p(inner: str = "", ppr: str = ""):
    return X(f"<w:p {NS}><w:pPr>{ppr}</w:pPr>{inner}</w:p>")


def _r(rpr: str = ""):
    return X(f"<w:r {NS}><w:rPr>{rpr}</w:rPr><w:t>x</w:t></w:r>")


def test_style_inheritance_values(styles):
    assert styles.default_para == "Normal"
    assert [s.style_id for s in styles.chain("Sub")] == ["Sub", "Heading1", "Normal"]
    assert styles.name("Heading1") == "heading 1" and styles.get("Heading1").el.tag == w("style")
    head = styles.base_run_props("Heading1", None)
    assert (head.bold, head.size, head.font) == (True, 16.0, "Times New Roman")
    sub = styles.base_run_props("Sub", "Strong")
    assert (sub.bold, sub.italic, sub.size) == (False, True, 16.0)  # basedOn overridden, character style on top
    assert styles.base_run_props(None, None).size == 14.0  # docDefaults
    # basedOn cycles end; a missing style has no chain
    assert [s.style_id for s in styles.chain("Loop1")] == ["Loop1", "Loop2"]
    assert styles.chain("Nope") == []


def test_style_inheritance_elements(styles):
    assert styles.toggle(_r(), "Heading1", w("b")) is True
    assert styles.toggle(_r(), "Sub", w("b")) is False
    assert styles.toggle(_r('<w:b w:val="1"/>'), "Sub", w("b")) is True  # direct wins
    assert styles.toggle(_r('<w:rStyle w:val="Strong"/>'), "Normal", w("i")) is True
    assert styles.size_pt(_r(), "Heading1") == 16.0 and styles.size_pt(_r(), "Normal") == 14.0
    assert Styles(None).size_pt(_r(), None) == 10.0  # nothing sets a size
    assert styles.rprop(_r(), "Normal", w("caps")) is None


def test_fonts_per_slot(styles):
    fonts = styles.run_fonts(_r(), "Sub")
    # eastAsia comes from the style; the docDefaults' eastAsiaTheme is lower and hidden by it
    assert fonts["eastAsia"] == "SimSun" and "eastAsiaTheme" not in fonts
    assert fonts["ascii"] == fonts["hAnsi"] == fonts["cs"] == "Times New Roman"
    plain = styles.run_fonts(_r('<w:rFonts w:ascii="Arial"/>'), "Normal")
    assert plain["ascii"] == "Arial" and plain["eastAsiaTheme"] == "minorEastAsia"
    assert styles.fonts() == {"Times New Roman", "SimSun"}  # every font a style or the defaults name


def test_paragraph_properties(styles):
    assert styles.para_style(_p(ppr='<w:pStyle w:val="Heading1"/>')) == "Heading1"
    assert styles.para_style(_p(ppr='<w:pStyle w:val="Missing"/>')) == "Normal"  # Word falls back to default
    p = _p(ppr='<w:pStyle w:val="Heading1"/>')
    assert styles.jc(p, "Heading1") == "center" and styles.jc(_p(), "Normal") == "both"
    assert styles.alignment(p.find(w("pPr")), "Heading1") == "center"
    assert styles.alignment(None, "Normal") == "justify"
    el, vals = styles.pattr(_p(), "Normal", w("spacing"), ("after", "line"))
    assert vals == {"after": "120", "line": "276"} and el is not None
    assert styles.heading_level(None, "Sub") == 1 and styles.heading_level(None, "Outline") == 2
    assert styles.heading_level(None, "Normal") is None


def test_numbering_level_ppr_in_paragraph_levels(styles):
    p = _p(ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    levels = styles.ppr_levels(p, "Normal")
    assert levels[1].find(w("ind")).get(w("firstLine")) == "567"
    _, ind = styles.pattr(p, "Normal", w("ind"), ("firstLine",))
    assert ind == {"firstLine": "567"}
    # a whole w:lvl given in w:lvlOverride replaces the abstract level, its pPr too
    assert styles.numbering.level_ppr("8", 0).find(w("ind")).get(w("left")) == "720"
    assert styles.numbering.level_ppr("0", 0) is None and styles.numbering.level_ppr("99", 0) is None


def _labels(styles: Styles, refs) -> list[str | None]:
    return [styles.numbering.label(n, i)[0] for n, i in refs]


def test_numbering_counters(styles):
    refs = [("1", 0), ("1", 1), ("1", 2), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 1), ("1", 2)]
    # level 3 says w:lvlRestart 1: only a new level-1 item restarts it, a new level-2 item does not
    assert _labels(styles, refs) == ["I.", "1.1.", "a)", "b)", "1.2.", "c)", "II.", "2.1.", "a)"]


def test_numbering_start_override_and_legal(styles):
    # numId 2 shares abstract 1 but restarts its level 0 at 4; isLgl turns the roman parent into decimal
    assert _labels(styles, [("1", 0), ("2", 0), ("2", 1)]) == ["I.", "IV.", "4.1."]


def test_numbering_through_styles(styles):
    # KH1 carries numId 3 only; its level comes from the w:lvl whose w:pStyle names it
    assert styles.num_ref(None, "KH1") == ("3", 0)
    assert styles.num_ref(None, "KH2") == ("3", 1)
    direct = _p(ppr='<w:numPr><w:numId w:val="0"/></w:numPr>').find(w("pPr"))
    assert styles.num_ref(direct, "KH1")[0] == "0"  # numId 0 switches the style's numbering off
    assert _labels(styles, [styles.num_ref(None, "KH1"), styles.num_ref(None, "KH2")]) == ["1.", "1.1."]
    # w:numStyleLink: abstract 4 is defined by numbering style ListLinked (numId 5)
    assert _labels(styles, [("4", 0), ("4", 0)]) == ["a)", "b)"]
    assert styles.numbering.label("6", 0) == ("-", True)
    assert styles.numbering.label("0", 0) == (None, False)


def test_numbering_without_styles_part():
    numbering = Numbering(X(NUMBERING))
    assert numbering.label("1", 0) == ("I.", False) and numbering.label("4", 0) == (None, False)


# --- package loader ------------------------------------------------------------------------------------

CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
DOCUMENT = f"<w:document {NS}><w:body><w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p></w:body></w:document>"


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CT)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/document.xml", DOCUMENT)
        zf.writestr("word/styles.xml", STYLES)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_package_reads_parts_and_relationships(tmp_path):
    path = tmp_path / "ok.docx"
    path.write_bytes(_docx())
    for pkg in (Package(path), Package(path.read_bytes(), "upload.docx")):
        assert pkg.main == "word/document.xml"
        assert pkg.xml(pkg.main).find(f"{w('body')}/{w('p')}") is not None
        styles_el = pkg.related_xml(
            pkg.main, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
        )
        assert Styles(styles_el).default_para == "Normal"
        assert pkg.xml("word/numbering.xml") is None
        pkg.close()


def _refused(source, *fragments, **kw) -> PackageError:
    with pytest.raises(PackageError) as info:
        Package(source, "plan.docx", **kw) if isinstance(source, bytes) else Package(source, **kw)
    err = info.value
    assert isinstance(err, ReadError) and "\n" not in str(err)
    for fragment in fragments:
        assert fragment in err.problem, err.problem
    return err


def test_package_refusals(tmp_path):
    err = _refused(b"%PDF-1.7\n...", "not a Word .docx file (a PDF)")
    assert str(err).startswith("plan.docx: ")
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003", "password-protected")
    _refused("Kế hoạch số 1".encode(), "not a zip package")
    _refused(b"", "empty file")
    _refused(_docx()[:200], "damaged or truncated zip")
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    _refused(xlsx.getvalue(), "an Excel workbook")
    bad = _docx({"word/numbering.xml": b"<w:numbering"})
    with pytest.raises(PackageError, match="damaged Word .docx file .part word/numbering.xml"):
        Package(bad, "x.docx").xml("word/numbering.xml")
    _refused(tmp_path / "missing.docx", "no such file")
    _refused(_docx({f"word/media/p{i}.png": b"" for i in range(12)}), "parts (limit 10)", limits=Limits(max_parts=10))


def _write_bomb(path, inflated_mb: int) -> None:
    """A valid package plus one part of zeros, written in chunks so the test itself stays small."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/document.xml", DOCUMENT)):
            zf.writestr(name, data)
        chunk = b"\0" * (1024 * 1024)
        with zf.open("word/media/zeros.bin", "w", force_zip64=True) as fh:
            for _ in range(inflated_mb):
                fh.write(chunk)


def test_zip_bomb_refused_fast_and_small(tmp_path):
    path = tmp_path / "bomb.docx"
    _write_bomb(path, 200)
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    start = time.perf_counter()
    try:
        err = _refused(path, "zip bomb")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - start < 2
    assert peak < 5 * 1024 * 1024, peak
    assert err.path == str(path)


def test_per_part_ratio_refused_below_total_limit(tmp_path):
    path = tmp_path / "part.docx"
    _write_bomb(path, 20)  # 20 MB: under the size cap, far over the ratio
    _refused(path, "compression ratio", "zip bomb")
    # the same package is fine when the limits say so
    Package(path, limits=Limits(max_ratio=10_000)).close()
