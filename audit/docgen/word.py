"""Documents made the way real ones are: typed in Word (DOCX, python-docx), exported by LibreOffice.

The Decree 30/2020 layout as real templates build it: the header is a borderless two-column
table (left: parent body, issuing body in bold, "Số: …" and a công văn's "V/v …"; right: the
national motto and the italic place-date line), then the type name and trích yếu, the body, and
a borderless table with "Nơi nhận:" on the left and the signer block on the right. Each document
carries a Variation (audit/docgen/variations.py); its truth follows the variation exactly.

    docs = make_word_corpus(seed, n)            # WordDoc: DocSpec + Variation, with .truth
    pdfs = render_word(docs, out_dir)           # DOCX files and their PDFs (one soffice call)

TUNING_SEEDS may be looked at while developing and in tests; BENCH_SEEDS are for bench/documents.py
only (DOCS_PER_SEED documents each: 120 documents).
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from functools import lru_cache

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from audit.docgen import legacyfont
from audit.docgen.corpus import make_corpus
from audit.docgen.spec import DocSpec
from audit.docgen.variations import Variation, vary

TUNING_SEEDS = (1, 2)
DEV_SEEDS = (3, 4)   # more seeds to look at while developing (bench/documents.py --seeds dev); not in the tests
BENCH_SEEDS = (9101, 9102, 9103, 9104)
DOCS_PER_SEED = 30
VERSION = 2  # bump when generation changes, so cached files are rebuilt
FONT = "Times New Roman"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "school-audit"
WIDTHS = (6.9, 9.6)  # header columns, cm (the text area is 16.5 cm wide)
LEFT_TEXT, RIGHT_TEXT = WIDTHS[0] - 0.9, WIDTHS[1] - 0.9  # room for text inside (cell margins, nesting)
TRUTH_KEYS = ("doc_type", "number", "issued_on", "place", "issuer", "title", "signer", "school_year", "signed")

Container = Any  # a python-docx Document or table cell: both have add_paragraph and add_table


@dataclass(frozen=True)
class WordDoc:
    """One Word-typed document: what it says (DocSpec) and how it is typed (Variation)."""
    spec: DocSpec
    var: Variation
    seed: int

    @property
    def key(self) -> str:
        """File stem, unique across seeds."""
        return f"w{self.seed}_{self.spec.key}"

    @property
    def truth(self) -> dict[str, Any]:
        """Ground truth with the keys of evidence.schema.json's document fields (no page count)."""
        spec = self.spec
        values = {"doc_type": spec.doc_type, "number": spec.number, "place": spec.place, "issuer": spec.issuer,
                  "issued_on": spec.issued_on.isoformat() if spec.issued_on else None, "title": spec.title,
                  "signer": spec.signer, "school_year": spec.school_year, "signed": spec.signed}
        return {key: values[key] for key in TRUTH_KEYS}


def make_word_corpus(seed: int, n: int = DOCS_PER_SEED) -> list[WordDoc]:
    """n varied Word documents for a seed; the same seed gives the same documents."""
    rng = random.Random(f"word:{seed}")
    return [WordDoc(*vary(rng, spec), seed=seed) for spec in make_corpus(seed=seed, n=n)]


# --- low-level python-docx helpers -------------------------------------------------------------

def _set(element: Any, tag: str, **attrs: str) -> Any:
    """Append a child element with w: attributes to element and return it."""
    child = OxmlElement(tag)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    element.append(child)
    return child


TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _table_prop(table: Table, tag: str) -> Any:
    """A new child of the table's properties, inserted where the schema orders it."""
    props = table._tbl.tblPr
    child = OxmlElement(f"w:{tag}")
    later = TBLPR_ORDER[TBLPR_ORDER.index(tag) + 1:]
    for existing in props:
        if existing.tag.split("}")[-1] in later:
            existing.addprevious(child)
            return child
    props.append(child)
    return child


def _borderless(table: Table) -> None:
    """Remove every border of a table (as Decree 30 templates do)."""
    borders = _table_prop(table, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val="nil")


def _boxed(table: Table) -> None:
    """Give a table single thin borders (the digital-signature box)."""
    borders = _table_prop(table, "tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        _set(borders, f"w:{edge}", val="single", sz="6", space="0", color="1F3A93")


def _widths(table: Table, widths: tuple[float, ...]) -> None:
    """Fixed column widths in centimetres."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _table(where: Container, rows: int, widths: tuple[float, ...]) -> Table:
    """A borderless table of fixed columns."""
    table = where.add_table(rows=rows, cols=len(widths))
    _borderless(table)
    _widths(table, widths)
    return table


def _spacing(par: Paragraph, before: float = 0, after: float = 0) -> Paragraph:
    """Single line spacing with the given space before and after (points)."""
    fmt = par.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.0
    return par


def _rule(where: Container, var: Variation, indent: float) -> None:
    """The short line under the issuing body or the motto, as the variation draws it."""
    if var.rule == "border":
        par = _spacing(where.add_paragraph())
        par.paragraph_format.left_indent = par.paragraph_format.right_indent = Cm(indent)
        borders = _set(par._p.get_or_add_pPr(), "w:pBdr")
        _set(borders, "w:top", val="single", sz="6", space="1", color="000000")
        par.add_run().font.size = Pt(4)
        return
    par = _spacing(where.add_paragraph())
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run("___________" if var.rule == "underscores" else "---------oOo---------")
    run.font.size = Pt(9)


@lru_cache(maxsize=None)
def _metric_font(bold: bool) -> str:
    """Register Liberation Serif (Times New Roman's metrics) with reportlab for measuring."""
    name = "WordMetrics-Bold" if bold else "WordMetrics"
    if name not in pdfmetrics.getRegisteredFontNames():
        path = legacyfont.LIBERATION.format(face="Bold" if bold else "Regular")
        pdfmetrics.registerFont(TTFont(name, path))
    return name


def fit(text: str, size: float, width_cm: float, bold: bool = False) -> float:
    """The largest size ≤ size (half points) at which text fits width_cm, as a typist shrinks it."""
    limit = width_cm / 2.54 * 72
    while size > 9 and pdfmetrics.stringWidth(text, _metric_font(bold), size) > limit:
        size -= 0.5
    return size


class Typist:
    """Writes runs of one document, in the legacy font or decomposed where its variation says."""

    def __init__(self, var: Variation) -> None:
        self.var = var

    def encode(self, text: str, part: str) -> tuple[str, str | None]:
        """(text as stored, font name or None for the default) for a part of the document."""
        var = self.var
        if part in var.legacy_parts and var.legacy == "VNI":
            return legacyfont.to_vni(text), legacyfont.VNI_FONT
        if part in var.legacy_parts and var.legacy == "TCVN3":
            if text == text.upper() and legacyfont.tcvn3_ok(text, capitals=True):
                return legacyfont.to_tcvn3(text, capitals=True), legacyfont.TCVN3_CAPS_FONT
            if text != text.upper() and legacyfont.tcvn3_ok(text):
                return legacyfont.to_tcvn3(text), legacyfont.TCVN3_FONT
        if part in var.nfd_parts:
            return unicodedata.normalize("NFD", text), None
        return text, None

    def run(self, par: Paragraph, text: str, part: str, size: float | None = None,
            bold: bool = False, italic: bool = False) -> None:
        """Append one run of text to the paragraph."""
        stored, font = self.encode(text, part)
        run = par.add_run(stored)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if font:
            run.font.name = font
            fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:cs"), font)

    def line(self, where: Container, text: str, part: str, size: float | None = None, bold: bool = False,
             italic: bool = False, align: str = "c") -> Paragraph:
        """A paragraph of one run, centred ("c"), left ("l"), right ("r") or justified ("j")."""
        par = _spacing(where.add_paragraph())
        par.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT,
                         "r": WD_ALIGN_PARAGRAPH.RIGHT, "j": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        self.run(par, text, part, size, bold, italic)
        return par


def _first(cell: _Cell) -> None:
    """Drop the empty paragraph every new cell starts with (once content was added)."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


# --- the parts of the page ---------------------------------------------------------------------

def _left_top(t: Typist, cell: Container, spec: DocSpec) -> None:
    """Parent body (regular capitals) and issuing body (bold capitals) with its rule."""
    for line in spec.parent:
        t.line(cell, line, "parent", fit(line, 13, LEFT_TEXT))
    for line in spec.issuer_lines:
        t.line(cell, line, "issuer", fit(line, 13, LEFT_TEXT, bold=True), bold=True)
    _rule(cell, t.var, 2.2)


def _left_number(t: Typist, cell: Container, spec: DocSpec) -> None:
    """The number line (in the variation's style) and a công văn's "V/v" subject under it."""
    var = t.var
    if var.number == "below":
        t.line(cell, "Số:", "number", 13)
        t.line(cell, spec.number_text.strip() if spec.number else spec.number_text, "number", 13)
    elif var.number == "nocolon":
        t.line(cell, f"Số {spec.number_text}", "number", 13)
    else:
        t.line(cell, f"Số: {spec.number_text}", "number", 13)
    if not spec.type_name:
        _spacing(t.line(cell, " ".join(spec.title_lines), "title", 12), before=4)


def _right_top(t: Typist, cell: Container) -> None:
    """The national motto with its rule."""
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.line(cell, motto, "motto", fit(motto, 13, RIGHT_TEXT, bold=True), bold=True)
    t.line(cell, "Độc lập - Tự do - Hạnh phúc", "motto", 13.5, bold=True)
    _rule(cell, t.var, 2.6)


def _date(t: Typist, cell: Container, spec: DocSpec) -> None:
    """The italic place-date line."""
    size = fit(spec.date_text, 13.5, RIGHT_TEXT)
    _spacing(t.line(cell, spec.date_text, "date", size, italic=True), before=6)




def _header(t: Typist, doc: Any, spec: DocSpec) -> None:
    """The two-column header table in the variation's build."""
    var = t.var
    kind = var.header
    if kind == "rows":
        table = _table(doc, 2, WIDTHS)
        _left_top(t, table.cell(0, 0), spec)
        _right_top(t, table.cell(0, 1))
        _left_number(t, table.cell(1, 0), spec)
        if not var.date_below:
            _date(t, table.cell(1, 1), spec)
    elif kind == "nested":
        outer = _table(doc, 1, WIDTHS)
        inner_left, inner_right = (_table(outer.cell(0, i), 2, (WIDTHS[i] - 0.2,)) for i in (0, 1))
        _left_top(t, inner_left.cell(0, 0), spec)
        _left_number(t, inner_left.cell(1, 0), spec)
        _right_top(t, inner_right.cell(0, 0))
        if not var.date_below:
            _date(t, inner_right.cell(1, 0), spec)
    else:
        table = _table(doc, 1, WIDTHS[::-1] if kind == "rtl" else WIDTHS)
        left, right = (table.cell(0, 1), table.cell(0, 0)) if kind == "rtl" else (table.cell(0, 0), table.cell(0, 1))
        if kind == "rtl":
            _table_prop(table, "bidiVisual")
        _right_top(t, right)
        if not var.date_below:
            _date(t, right, spec)
        _left_top(t, left, spec)
        _left_number(t, left, spec)
    for table in doc.tables[-1:]:
        for cell in _cells(table):
            _first(cell)
    if var.date_below:
        par = _date_par(t, doc, spec)
        par.paragraph_format.left_indent = Cm(WIDTHS[0])


def _cells(table: Table) -> list[_Cell]:
    """Every cell of a table and of the tables nested in it."""
    out: list[_Cell] = []
    for row in table.rows:
        for cell in row.cells:
            out.append(cell)
            for inner in cell.tables:
                out.extend(_cells(inner))
    return out


def _date_par(t: Typist, doc: Any, spec: DocSpec) -> Paragraph:
    """The place-date line as a paragraph of its own under the header."""
    return _spacing(t.line(doc, spec.date_text, "date", fit(spec.date_text, 13.5, RIGHT_TEXT), italic=True),
                    before=4)


def _esign(doc: Any, var: Variation) -> None:
    """The digital-signature box (right-aligned, small, bordered)."""
    table = doc.add_table(rows=1, cols=1)
    _boxed(table)
    _widths(table, (7.2,))
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    cell = table.cell(0, 0)
    for line in var.esign_lines:
        _spacing(cell.add_paragraph()).add_run(line).font.size = Pt(8.5)
    _first(cell)
    _spacing(doc.add_paragraph()).add_run().font.size = Pt(4)  # keeps the box from merging with a table


def _title(t: Typist, doc: Any, spec: DocSpec) -> None:
    """Type name, trích yếu (printed lines kept as line breaks) and "Kính gửi"."""
    if spec.type_name:
        _spacing(t.line(doc, spec.type_name, "type", 14, bold=True), before=18)
        par = _spacing(doc.add_paragraph())
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, line in enumerate(spec.title_lines):
            if index:
                par.add_run().add_break(WD_BREAK.LINE)
            t.run(par, line, "title", 14, bold=True)
        _rule(doc, t.var, 6.5)
    if spec.recipient:
        _spacing(t.line(doc, spec.recipient, "recipient", 14), before=10, after=6)


def _body(t: Typist, doc: Any, blocks: tuple[tuple[str, str], ...]) -> None:
    """Body paragraphs: justified with a first-line indent, bold headings, centred articles."""
    for style, text in blocks:
        align = {"c": "c", "h": "j", "i": "c"}.get(style, "j")
        par = t.line(doc, text, "body", None, bold=style in ("h", "c"), italic=style == "i", align=align)
        _spacing(par, before=3, after=3)
        par.paragraph_format.line_spacing = 1.15
        if style == "p":
            par.paragraph_format.first_line_indent = Cm(1.0)


def _signature(t: Typist, doc: Any, spec: DocSpec) -> None:
    """The bottom table: "Nơi nhận:" (or the secretary) left, the signer block right."""
    table = _table(doc, 1, (7.2, 9.0))
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit")  # the block moves whole to the next page
    left, right = table.cell(0, 0), table.cell(0, 1)
    if spec.left_signer:
        position, name = spec.left_signer
        t.line(left, position, "authority", 13, bold=True)
        for _ in range(4):
            _spacing(left.add_paragraph())
        t.line(left, name, "signer", 14, bold=True)
    else:
        t.line(left, "Nơi nhận:", "to", 12, bold=True, italic=True, align="l")
        for item in spec.to:
            t.line(left, item, "to", 11, align="l")
    for line in spec.authority:
        t.line(right, line, "authority", 13.5, bold=True)
    if t.var.signed_mark and spec.signer:
        _spacing(t.line(right, t.var.signed_mark, "mark", 13, italic=True), before=20, after=20)
    else:
        for _ in range(4):
            _spacing(right.add_paragraph())
    if spec.signer:
        t.line(right, spec.signer, "signer", 14, bold=True)
    _first(left)
    _first(right)


def _page(doc: Any) -> None:
    """A4 with the margins of Decree 30 (top/bottom 2 cm, left 3 cm, right 1.5 cm)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.element.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), FONT)


def build_docx(wdoc: WordDoc) -> Any:
    """The python-docx Document of a WordDoc."""
    doc = Document()
    _page(doc)
    doc.styles["Normal"].font.size = Pt(wdoc.var.size)
    t = Typist(wdoc.var)
    spec = wdoc.spec
    if wdoc.var.esign == "top":
        _esign(doc, wdoc.var)
    _header(t, doc, spec)
    _title(t, doc, spec)
    _body(t, doc, spec.body)
    _spacing(doc.add_paragraph())
    _signature(t, doc, spec)
    if wdoc.var.esign == "bottom":
        _spacing(doc.add_paragraph())
        _esign(doc, wdoc.var)
    if wdoc.var.annex:
        doc.add_section(WD_SECTION.NEW_PAGE)
        _body(t, doc, wdoc.var.annex)
    return doc


def write_docx(wdoc: WordDoc, out_dir: Path) -> Path:
    """Write the document as <key>.docx in out_dir and return its path."""
    path = out_dir / f"{wdoc.key}.docx"
    out_dir.mkdir(parents=True, exist_ok=True)
    build_docx(wdoc).save(str(path))
    return path


# --- export -----------------------------------------------------------------------------------

def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_dir() -> Path:
    """Where the legacy fonts (.VnTime, VNI-Times) are built once."""
    return legacyfont.build_fonts(CACHE / f"fonts-v{VERSION}")


def convert(docx: list[Path], out_dir: Path, timeout: float = 900) -> list[Path]:
    """Convert DOCX files to PDF with one headless LibreOffice run (private profile); the PDFs' paths."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: run scripts/setup.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, FONTCONFIG_FILE=str(legacyfont.fontconfig_file(font_dir())))
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([command, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx)],
                       check=True, env=env, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pdfs = [out_dir / f"{path.stem}.pdf" for path in docx]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {', '.join(missing)}")
    return pdfs


def render_word(docs: list[WordDoc], out_dir: Path) -> list[Path]:
    """Write every document as DOCX and PDF into out_dir; the PDFs' paths in order."""
    return convert([write_docx(d, out_dir) for d in docs], out_dir)
