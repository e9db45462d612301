"""Read a Word .docx directly (runs in the sandboxed child): a vetted ZIP package, its XML as blocks, laid out.

The package is checked before any XML is parsed (member count, uncompressed size, compression
ratio, no DTD: an entity-expansion bomb needs one); python-docx then opens it (its lxml parser
never resolves entities) and the body is walked in order: paragraphs, tables (nested too) and
content controls. Formatting is resolved through the style chain as Word does: run, character
style, paragraph style, document defaults.
"""
from __future__ import annotations

import logging
import zipfile
from typing import Any, Iterator

import docx
from docx.oxml.ns import qn

from audit.config import Settings
from audit.evidence.formats.flow import Block, Cell, Chunk, Geometry, PageBreak, Para, TabStop, Table, lay_out
from audit.evidence.formats.package import vet_package
from audit.evidence.model import ReadResult
from audit.evidence.parse import PageSpec, select_pages

log = logging.getLogger(__name__)

TWIPS = 20.0           # twentieths of a point
NOT_WORD = "tệp không phải văn bản Word (.docx) hợp lệ"
_FALSE = ("0", "false", "off", "none")
_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
          "both": "both", "distribute": "both", "justify": "both"}


def _on_off(props: Any, tag: str) -> bool | None:
    """A toggle property (w:b, w:caps, w:vanish) of a w:rPr: True, False, or None when not set."""
    if props is None:
        return None
    element = props.find(qn(tag))
    if element is None:
        return None
    return element.get(qn("w:val"), "true").lower() not in _FALSE


def _number(element: Any, attribute: str) -> float | None:
    """A numeric attribute (twips, half-points) of an element, or None."""
    if element is None:
        return None
    value = element.get(qn(attribute))
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class Styles:
    """The document's styles: the formatting a paragraph or run inherits."""

    def __init__(self, styles_element: Any):
        self._by_id: dict[str, Any] = {}
        self._default_para: Any = None
        self._defaults_r: Any = None
        self._defaults_p: Any = None
        if styles_element is None:
            return
        for style in styles_element.findall(qn("w:style")):
            self._by_id[style.get(qn("w:styleId"), "")] = style
            if style.get(qn("w:type")) == "paragraph" and _on_off_attr(style.get(qn("w:default"))):
                self._default_para = style
        defaults = styles_element.find(qn("w:docDefaults"))
        if defaults is not None:
            self._defaults_r = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            self._defaults_p = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")

    def chain(self, style_id: str | None, paragraph: bool) -> list[Any]:
        """The style and those it is based on, nearest first (the default paragraph style when none is named)."""
        style = self._by_id.get(style_id or "") if style_id else (self._default_para if paragraph else None)
        found: list[Any] = []
        while style is not None and len(found) < 20 and style not in found:
            found.append(style)
            based = style.find(qn("w:basedOn"))
            style = self._by_id.get(based.get(qn("w:val"), "")) if based is not None else None
        return found

    def run_props(self, run_style: str | None, para_style: str | None) -> list[Any]:
        """The w:rPr elements a run inherits, nearest first (its own rPr not included)."""
        styles = self.chain(run_style, False) + self.chain(para_style, True)
        return [s.find(qn("w:rPr")) for s in styles] + [self._defaults_r]

    def para_props(self, para_style: str | None) -> list[Any]:
        """The w:pPr elements a paragraph inherits, nearest first (its own pPr not included)."""
        return [s.find(qn("w:pPr")) for s in self.chain(para_style, True)] + [self._defaults_p]


def _on_off_attr(value: str | None) -> bool:
    """An on/off attribute value ("1", "true")."""
    return value is not None and value.lower() not in _FALSE


def _first(values: Iterator[Any]) -> Any:
    """The first value that is not None."""
    return next((v for v in values if v is not None), None)


def _style_id(element: Any, props_tag: str, style_tag: str) -> str | None:
    """The style id named in an element's properties (w:pPr/w:pStyle, w:rPr/w:rStyle)."""
    props = element.find(qn(props_tag))
    named = props.find(qn(style_tag)) if props is not None else None
    return named.get(qn("w:val")) if named is not None else None


def _run_text(run: Any) -> tuple[str, bool]:
    """A run's text ("\\t" for tabs, "\\n" for line breaks) and whether it holds a page break."""
    parts, page_break = [], False
    for child in run:
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append("\t")
        elif tag == qn("w:br") and child.get(qn("w:type")) == "page":
            page_break = True
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag in (qn("w:noBreakHyphen"), qn("w:softHyphen")):
            parts.append("-" if tag == qn("w:noBreakHyphen") else "")
    return "".join(parts), page_break


def _runs(element: Any) -> Iterator[Any]:
    """The runs of a paragraph in order, through hyperlinks, insertions, fields and content controls
    (deleted text and text boxes left out)."""
    for child in element:
        if child.tag == qn("w:r"):
            yield child
        elif child.tag not in (qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:drawing"), qn("w:pict")):
            yield from _runs(child)


class Reader:
    """Turns the body's XML into layout blocks, resolving formatting through the styles."""

    def __init__(self, styles: Styles):
        self.styles = styles

    def paragraph(self, p: Any) -> list[Block]:
        """One paragraph as a Para (split where it holds page breaks)."""
        para_style = _style_id(p, "w:pPr", "w:pStyle")
        own = p.find(qn("w:pPr"))
        props = [own] + self.styles.para_props(para_style)
        size_inherited: list[float | None] = [None]   # the paragraph's size is that of its first sized run
        pieces: list[list[Chunk]] = [[]]
        for run in _runs(p):
            chunk, broke = self._chunk(run, para_style, size_inherited)
            if chunk is not None:
                pieces[-1].append(chunk)
            if broke:
                pieces.append([])
        template = self._para(props, size_inherited[0])
        blocks: list[Block] = []
        for i, chunks in enumerate(pieces):
            if i:
                blocks.append(PageBreak())
            blocks.append(Para(tuple(chunks), template.align, template.size, template.indent, template.right_indent,
                               template.first_line, template.space_before, template.space_after, template.tabs,
                               template.page_break_before and i == 0))
        if own is not None and own.find(qn("w:sectPr")) is not None:
            blocks.append(PageBreak())   # a section ends here (the next one starts on a new page)
        return blocks

    def _chunk(self, run: Any, para_style: str | None, size: list[float | None]) -> tuple[Chunk | None, bool]:
        """A run as a text chunk (None when hidden or empty), and whether it breaks the page."""
        own = run.find(qn("w:rPr"))
        chain = [own] + self.styles.run_props(_style_id(run, "w:rPr", "w:rStyle"), para_style)
        text, page_break = _run_text(run)
        if not text or _first(_on_off(p, "w:vanish") for p in chain):
            return None, page_break
        if _first(_on_off(p, "w:caps") for p in chain) or _first(_on_off(p, "w:smallCaps") for p in chain):
            text = text.upper()
        if size[0] is None and text.strip():
            half_points = _first(_number(p.find(qn("w:sz")) if p is not None else None, "w:val") for p in chain)
            size[0] = half_points / 2 if half_points else None
        return Chunk(text, bool(_first(_on_off(p, "w:b") for p in chain))), page_break

    def _para(self, props: list[Any], size: float | None) -> Para:
        """A paragraph's formatting (alignment, indents, spacing, tab stops) from its property chain."""
        def found(tag: str) -> Any:
            return _first(p.find(qn(tag)) for p in props if p is not None)
        jc, ind, spacing, tabs = found("w:jc"), found("w:ind"), found("w:spacing"), found("w:tabs")
        align = _ALIGN.get(jc.get(qn("w:val"), "left") if jc is not None else "left", "left")
        left = _first(iter((_number(ind, "w:left"), _number(ind, "w:start")))) or 0.0
        right = _first(iter((_number(ind, "w:right"), _number(ind, "w:end")))) or 0.0
        first = (_number(ind, "w:firstLine") or 0.0) - (_number(ind, "w:hanging") or 0.0)
        stops = tuple(TabStop((_number(t, "w:pos") or 0.0) / TWIPS, _tab_align(t.get(qn("w:val"), "left")))
                      for t in (tabs.findall(qn("w:tab")) if tabs is not None else [])
                      if t.get(qn("w:val")) != "clear")
        breaks = _first(_on_off(p, "w:pageBreakBefore") for p in props)
        return Para((), align, size or 12.0, left / TWIPS, right / TWIPS, first / TWIPS,
                    (_number(spacing, "w:before") or 0.0) / TWIPS, (_number(spacing, "w:after") or 0.0) / TWIPS,
                    stops, bool(breaks))

    def table(self, tbl: Any) -> Table:
        """A table's grid and rows (cells merged into the row above are left empty)."""
        rows = []
        for tr in tbl.iter(qn("w:tr")):
            if _parent_table(tr) is not tbl:
                continue
            cells = []
            for tc in tr.findall(qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span = _number(props.find(qn("w:gridSpan")) if props is not None else None, "w:val")
                cells.append(Cell(tuple(self.blocks(tc)), int(span or 1)))
            rows.append(tuple(cells))
        return Table(_grid(tbl), tuple(rows))

    def blocks(self, container: Any) -> list[Block]:
        """The blocks of a body, a cell or a content control, in order."""
        out: list[Block] = []
        for child in container:
            if child.tag == qn("w:p"):
                out.extend(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                out.append(self.table(child))
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")):
                out.extend(self.blocks(child))
        return out


def _grid(tbl: Any) -> tuple[float, ...]:
    """The table's column widths in points: its first row's cell widths when all are absolute (Word keeps
    them even where the grid is stale), else the grid's."""
    first = tbl.find(qn("w:tr"))
    cells = first.findall(qn("w:tc")) if first is not None else []
    widths: list[float] = []
    for tc in cells:
        props = tc.find(qn("w:tcPr"))
        width = props.find(qn("w:tcW")) if props is not None else None
        span = _number(props.find(qn("w:gridSpan")) if props is not None else None, "w:val") or 1
        value = _number(width, "w:w")
        if width is None or width.get(qn("w:type"), "dxa") != "dxa" or not value or span != 1:
            widths = []
            break
        widths.append(value / TWIPS)
    if widths:
        return tuple(widths)
    grid = tbl.find(qn("w:tblGrid"))
    return tuple((_number(col, "w:w") or 0.0) / TWIPS for col in (grid.findall(qn("w:gridCol")) if grid is not None else []))


def _tab_align(value: str) -> str:
    """A tab stop's alignment as left, center or right."""
    return {"center": "center", "right": "right", "end": "right"}.get(value, "left")


def _parent_table(row: Any) -> Any:
    """The table a row belongs to (rows of nested tables belong to theirs)."""
    parent = row.getparent()
    while parent is not None and parent.tag != qn("w:tbl"):
        parent = parent.getparent()
    return parent


def geometry(body: Any) -> Geometry:
    """Page size and margins from the body's last section properties (A4 defaults)."""
    sect = body.find(qn("w:sectPr"))
    size = sect.find(qn("w:pgSz")) if sect is not None else None
    margins = sect.find(qn("w:pgMar")) if sect is not None else None
    base = Geometry()

    def value(element: Any, attribute: str, default: float) -> float:
        number = _number(element, attribute)
        return number / TWIPS if number and number > 0 else default
    return Geometry(value(size, "w:w", base.width), value(size, "w:h", base.height),
                    value(margins, "w:left", base.left), value(margins, "w:right", base.right),
                    value(margins, "w:top", base.top), value(margins, "w:bottom", base.bottom))


def read_docx(path: str, settings: Settings, spec: PageSpec) -> ReadResult:
    """The wanted pages of a .docx as positioned lines (runs in the sandboxed child)."""
    try:
        with zipfile.ZipFile(path) as archive:
            problem = vet_package(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        return ReadResult(status="unreadable", reason=f"{NOT_WORD} ({exc})")
    if problem:
        return ReadResult(status="rejected", reason=problem)
    try:
        document = docx.Document(path)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for broken packages
        log.info("python-docx cannot open %s: %s", path, exc)
        return ReadResult(status="unreadable", reason=f"{NOT_WORD} ({type(exc).__name__})")
    body = document.element.body
    reader = Reader(Styles(document.styles.element))
    pages = lay_out(tuple(reader.blocks(body)), geometry(body))
    if len(pages) > settings.max_pages:
        return ReadResult(status="rejected", page_count=len(pages),
                          reason=f"tệp có quá nhiều trang ({len(pages)} > {settings.max_pages})")
    wanted = select_pages(spec, len(pages))
    if not any(p.lines for p in pages):
        return ReadResult(status="unreadable", page_count=len(pages), reason="văn bản Word không có chữ")
    flags = ("page_out_of_range",) if not isinstance(spec, str) and len(wanted) < len(set(spec)) else ()
    return ReadResult(status="parsed", page_count=len(pages), pages=tuple(pages[n - 1] for n in wanted),
                      flags=flags)


def is_word_package(names: list[str]) -> bool:
    """Whether a ZIP's member names are those of a Word document (OOXML)."""
    return "[Content_Types].xml" in names and any(n.startswith("word/") and n.endswith(".xml") for n in names)


def is_odt(archive: zipfile.ZipFile) -> bool:
    """Whether a ZIP is an OpenDocument text (its first member "mimetype" says so)."""
    try:
        with archive.open("mimetype") as stream:
            return stream.read(64).startswith(b"application/vnd.oasis.opendocument.text")
    except (KeyError, RuntimeError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return False
