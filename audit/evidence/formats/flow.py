"""Lay a Word document's paragraphs and tables out on pages as positioned lines (pure).

A .docx holds no positions: they are synthesised the way Word would roughly place the text, so
that the identifier's left/right-column and top/bottom logic reads a DOCX like a PDF. Characters
are given an average width, lines wrap at the column's width, table cells sit side by side at
their grid columns, and a page ends when the next line would pass its bottom margin.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from audit.evidence.layout import tones
from audit.evidence.model import Line, PageLayout

# Character widths as shares of the font size, near Times New Roman's (the font of Decree 30 documents),
# slightly narrow: a line estimated too long would be wrapped where Word does not wrap it.
UPPER_EM, LOWER_EM, DIGIT_EM, SPACE_EM, OTHER_EM = 0.66, 0.44, 0.48, 0.24, 0.3
LINE_SPACING = 1.2     # line pitch as a multiple of the font size
DEFAULT_TAB = 36.0     # Word's default tab stops: every 1.27 cm
MIN_SEGMENT_GAP = 20.0  # points: tab-separated parts closer than this are one line segment (as on a PDF)
CELL_PADDING = 5.4     # points: Word's default left/right cell margins


@dataclass(frozen=True)
class Chunk:
    """A piece of a paragraph's text set in one way; "\\t" and "\\n" in `text` are tabs and line breaks."""
    text: str
    bold: bool = False


@dataclass(frozen=True)
class TabStop:
    """An explicit tab stop: its position from the paragraph's box left edge and its alignment."""
    position: float
    align: str = "left"    # left, center, right


@dataclass(frozen=True)
class Para:
    """One paragraph: its text chunks and the formatting that decides where its lines go."""
    chunks: tuple[Chunk, ...]
    align: str = "left"    # left, center, right, both
    size: float = 12.0
    indent: float = 0.0
    right_indent: float = 0.0
    first_line: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    tabs: tuple[TabStop, ...] = ()
    page_break_before: bool = False


@dataclass(frozen=True)
class PageBreak:
    """A hard page break (Ctrl+Enter, or a section starting on a new page)."""


@dataclass(frozen=True)
class Cell:
    """A table cell: its blocks and how many grid columns it spans."""
    blocks: tuple[Block, ...]
    span: int = 1


@dataclass(frozen=True)
class Table:
    """A table: grid column widths in points (may be empty) and rows of cells."""
    widths: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]


Block = Para | Table | PageBreak


@dataclass(frozen=True)
class Geometry:
    """The page size and margins, in points."""
    width: float = 595.3
    height: float = 841.9
    left: float = 85.0
    right: float = 56.7
    top: float = 56.7
    bottom: float = 56.7


@dataclass
class _Cursor:
    """Where the next line goes, and the pages laid out so far."""
    geometry: Geometry
    y: float
    pages: list[list[Line]] = field(default_factory=lambda: [[]])

    def new_page(self) -> None:
        """Continue on a fresh page."""
        self.pages.append([])
        self.y = self.geometry.top

    def room_for(self, height: float) -> None:
        """Start a new page when `height` more points would pass the bottom margin."""
        if self.y + height > self.geometry.height - self.geometry.bottom and self.pages[-1]:
            self.new_page()


def _em(char: str) -> float:
    """One character's estimated width as a share of the font size."""
    if char.isupper():
        return UPPER_EM
    if char.isalpha():
        return LOWER_EM
    if char.isdigit():
        return DIGIT_EM
    return SPACE_EM if char.isspace() else OTHER_EM


def width_of(text: str, size: float) -> float:
    """The estimated printed width of a text at a font size."""
    return sum(map(_em, text)) * size


def _wrap(text: str, limit: float, size: float) -> list[str]:
    """A text cut into lines no wider than `limit` at word boundaries (a longer word stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and width_of(candidate, size) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current] if current else lines


def _bold_share(pieces: list[Chunk]) -> bool:
    """Whether most of the visible characters are bold."""
    total = sum(len(c.text.strip()) for c in pieces)
    return total > 0 and 2 * sum(len(c.text.strip()) for c in pieces if c.bold) > total


def visual_lines(chunks: tuple[Chunk, ...]) -> list[list[Chunk]]:
    """A paragraph's chunks split at its line breaks ("\\n")."""
    lines: list[list[Chunk]] = [[]]
    for chunk in chunks:
        parts = chunk.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(Chunk(part, chunk.bold))
    return lines


def _tab_segments(pieces: list[Chunk]) -> list[tuple[str, bool]]:
    """A visual line's text cut at its tabs: (text, bold) per segment, empty segments kept."""
    segments: list[list[Chunk]] = [[]]
    for chunk in pieces:
        for i, part in enumerate(chunk.text.split("\t")):
            if i:
                segments.append([])
            segments[-1].append(Chunk(part, chunk.bold))
    return [("".join(c.text for c in seg), _bold_share(seg)) for seg in segments]


def _next_stop(x: float, box_left: float, tabs: tuple[TabStop, ...]) -> TabStop:
    """The first tab stop right of x (explicit ones first, then Word's default grid)."""
    for stop in sorted(tabs, key=lambda t: t.position):
        if box_left + stop.position > x + 0.5:
            return stop
    steps = int((x - box_left) // DEFAULT_TAB) + 1
    return TabStop(steps * DEFAULT_TAB)


def _tabbed(pieces: list[Chunk], para: Para, left: float, top: float) -> list[Line]:
    """A line holding tabs: each segment placed at its tab stop, close segments joined."""
    placed: list[Line] = []
    x = left + para.indent + para.first_line
    for i, (text, bold) in enumerate(_tab_segments(pieces)):
        if i:
            stop = _next_stop(x, left, para.tabs)
            x = left + stop.position
            width = width_of(text.strip(), para.size)
            x -= {"center": width / 2, "right": width}.get(stop.align, 0.0)
        clean = tones(text.strip())
        width = width_of(clean, para.size)
        if clean:
            line = Line(clean, x, x + width, top, top + para.size, bold)
            if placed and line.x0 - placed[-1].x1 < MIN_SEGMENT_GAP:
                last = placed.pop()
                line = Line(f"{last.text} {clean}", last.x0, line.x1, top, line.bottom, last.bold and bold)
            placed.append(line)
        x += width_of(text, para.size)
    return placed


def _placed(text: str, bold: bool, para: Para, left: float, right: float, top: float, first: bool) -> Line:
    """One wrapped line of a paragraph placed by its alignment inside [left, right]."""
    width = width_of(text, para.size)
    start = left + para.indent + (para.first_line if first else 0.0)
    end = right - para.right_indent
    if para.align == "center":
        x0 = (start + end) / 2 - width / 2
    elif para.align == "right":
        x0 = end - width
    else:
        x0 = start
    return Line(text, x0, x0 + width, top, top + para.size, bold)


def _para(para: Para, left: float, right: float, cursor: _Cursor, in_cell: bool) -> None:
    """Lay out one paragraph at the cursor (no page breaks inside a table cell)."""
    pitch = para.size * LINE_SPACING
    cursor.y += para.space_before
    first = True
    for pieces in visual_lines(para.chunks):
        if not in_cell:
            cursor.room_for(pitch)
        if "\t" in "".join(c.text for c in pieces):
            cursor.pages[-1].extend(_tabbed(pieces, para, left, cursor.y))
            cursor.y += pitch
            first = False
            continue
        text, bold = tones(" ".join("".join(c.text for c in pieces).split())), _bold_share(pieces)
        limit = right - left - para.indent - para.right_indent - abs(para.first_line)
        for wrapped in _wrap(text, max(limit, para.size * 4), para.size) or [""]:
            if not in_cell:
                cursor.room_for(pitch)
            if wrapped:
                cursor.pages[-1].append(_placed(wrapped, bold, para, left, right, cursor.y, first))
            cursor.y += pitch
            first = False
    cursor.y += para.space_after


def _columns(table: Table, left: float, right: float) -> list[float]:
    """The x of each grid column's left edge, and the table's right edge, fitted into [left, right]."""
    count = max([len(table.widths)] + [sum(c.span for c in row) for row in table.rows])
    widths = [w for w in table.widths if w > 0]
    if len(widths) < count:
        widths = [(right - left) / count] * count
    scale = min(1.0, (right - left) / sum(widths))
    edges = [left]
    for w in widths[:count]:
        edges.append(edges[-1] + w * scale)
    return edges


def _table(table: Table, left: float, right: float, cursor: _Cursor, in_cell: bool) -> None:
    """Lay out a table: each row's cells side by side from the row's top, the row as tall as its tallest cell."""
    edges = _columns(table, left, right)
    for row in table.rows:
        if not in_cell:
            estimate = max((_height(cell.blocks) for cell in row), default=0.0)
            cursor.room_for(min(estimate, cursor.geometry.height / 2))
        top, bottom, column = cursor.y, cursor.y, 0
        for cell in row:
            x0 = edges[min(column, len(edges) - 1)]
            x1 = edges[min(column + cell.span, len(edges) - 1)]
            column += cell.span
            cursor.y = top
            _blocks(cell.blocks, x0 + CELL_PADDING, max(x1 - CELL_PADDING, x0 + CELL_PADDING + 1), cursor, True)
            bottom = max(bottom, cursor.y)
        cursor.y = bottom


def _height(blocks: tuple[Block, ...]) -> float:
    """A rough height of some blocks (to keep a short table row on one page)."""
    total = 0.0
    for block in blocks:
        if isinstance(block, Para):
            total += block.size * LINE_SPACING * max(1, len(visual_lines(block.chunks)))
        elif isinstance(block, Table):
            total += sum(max((_height(c.blocks) for c in row), default=0.0) for row in block.rows)
    return total


def _blocks(blocks: tuple[Block, ...], left: float, right: float, cursor: _Cursor, in_cell: bool) -> None:
    """Lay out blocks in order inside [left, right]."""
    for block in blocks:
        if isinstance(block, PageBreak):
            if not in_cell:
                cursor.new_page()
        elif isinstance(block, Table):
            _table(block, left, right, cursor, in_cell)
        else:
            if block.page_break_before and not in_cell and cursor.pages[-1]:
                cursor.new_page()
            _para(block, left, right, cursor, in_cell)


def lay_out(blocks: tuple[Block, ...], geometry: Geometry) -> list[PageLayout]:
    """The document's pages as PageLayouts (source "text") with lines in reading order."""
    cursor = _Cursor(geometry, geometry.top)
    _blocks(blocks, geometry.left, geometry.width - geometry.right, cursor, False)
    pages = [lines for lines in cursor.pages if lines] or [[]]
    return [PageLayout(number=i + 1, width=geometry.width, height=geometry.height,
                       lines=tuple(sorted(lines, key=lambda ln: (round(ln.top, 1), ln.x0))), source="text")
            for i, lines in enumerate(pages)]
