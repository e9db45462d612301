"""Page layout of a DocSpec (pure): positioned text, rules and signatures, y measured from the top."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from audit.docgen import fonts
from audit.docgen.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR

if TYPE_CHECKING:   # annotations only: the spec asks the layout for its page count
    from audit.docgen.spec import DocSpec

W, H = 595.28, 841.89
LEFT, RIGHT, BOTTOM = 70.0, 50.0, 60.0
LX, RX = 165.0, 420.0          # centres of the two header columns
MID = (LEFT + W - RIGHT) / 2    # centre of the text area
COL = 226.0                     # widest header line in the left column
BODY = 12.0
LEAD = 17.0


@dataclass(frozen=True)
class Text:
    """A string drawn at baseline y; x is the left edge or, for align "c", the centre."""
    x: float
    y: float
    text: str
    font: str = REGULAR
    size: float = BODY
    align: str = "l"


@dataclass(frozen=True)
class Rule:
    """A horizontal line."""
    x0: float
    x1: float
    y: float


@dataclass(frozen=True)
class Scribble:
    """A hand signature centred at (x, y)."""
    x: float
    y: float
    seed: int


Op = Union[Text, Rule, Scribble]


@dataclass
class Layout:
    """All pages' drawing operations and where the signature sits (page, x, y)."""
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    sign: tuple[int, float, float] | None = None

    def add(self, op: Op) -> None:
        """Draw op on the current (last) page."""
        self.pages[-1].append(op)

    def new_page(self) -> float:
        """Start a page (numbered at the top centre) and return its first baseline."""
        self.pages.append([])
        self.add(Text(MID, 32, str(len(self.pages)), REGULAR, 11, "c"))
        return 62.0


def _fit(text: str, font: str, size: float, limit: float) -> float:
    """Largest size ≤ size at which text fits limit."""
    while size > 8 and fonts.width(text, font, size) > limit:
        size -= 0.5
    return size


def _column(out: Layout, lines: list[tuple[str, str]], x: float, y: float) -> float:
    """Centred header lines from baseline y; returns the last baseline."""
    for text, font in lines:
        out.add(Text(x, y, text, font, _fit(text, font, 12, COL if x == LX else 270), "c"))
        y += 15
    return y - 15


def _header(spec: DocSpec, out: Layout) -> float:
    """Both header columns, the number/date row and the V/v lines; returns the next baseline."""
    left = [(t, REGULAR) for t in spec.parent] + [(t, BOLD) for t in spec.issuer_lines]
    last = _column(out, left, LX, 58)
    rule = fonts.width(spec.issuer_lines[-1], BOLD, 12) / 3
    out.add(Rule(LX - rule / 2, LX + rule / 2, last + 5))
    right = _column(out, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD), ("Độc lập - Tự do - Hạnh phúc", BOLD)], RX, 58)
    half = fonts.width("Độc lập - Tự do - Hạnh phúc", BOLD, 12) / 2
    out.add(Rule(RX - half, RX + half, right + 5))
    row = max(last, right) + 26
    out.add(Text(LX, row, f"Số: {spec.number_text}", REGULAR, 12.5, "c"))
    out.add(Text(RX, row, spec.date_text, ITALIC, _fit(spec.date_text, ITALIC, 12.5, 272), "c"))
    y = row
    if not spec.type_name:
        for line in spec.title_lines:
            y += 14
            out.add(Text(LX, y, line, REGULAR, 11, "c"))
    return y + 34


def _title(spec: DocSpec, out: Layout, y: float) -> float:
    """Type name, trích yếu and "Kính gửi"; returns the next baseline."""
    if spec.type_name:
        out.add(Text(MID, y, spec.type_name, BOLD, 14, "c"))
        for line in spec.title_lines:
            y += 18
            out.add(Text(MID, y, line, BOLD, 13, "c"))
        out.add(Rule(MID - 50, MID + 50, y + 7))
        y += 30
    if spec.recipient:
        out.add(Text(MID, y, spec.recipient, REGULAR, 13, "c"))
        y += 26
    return y


def _block(out: Layout, style: str, text: str, y: float) -> float:
    """One body block, wrapped and paginated; returns the next baseline."""
    font = BOLD if style in ("h", "c") else ITALIC if style == "i" else REGULAR
    indent = 28.0 if style == "p" else 0.0
    for number, line in enumerate(fonts.wrap(text, font, BODY, W - LEFT - RIGHT - indent)):
        if y > H - BOTTOM:
            y = out.new_page()
        if style == "c":
            out.add(Text(MID, y, line, font, BODY, "c"))
        else:
            out.add(Text(LEFT + (indent if number == 0 else 0), y, line, font, BODY))
        y += LEAD
    return y + 4


def _signer(spec: DocSpec, out: Layout, y: float, stamped: bool) -> float:
    """Right signer block: authority, signature (or "(Đã ký)"), name."""
    for line in spec.authority:
        out.add(Text(RX, y, line, BOLD, 12.5, "c"))
        y += 15
    mark = y + 28
    if spec.signer:
        if stamped:
            out.add(Text(RX, mark + 4, "(Đã ký)", ITALIC, 12, "c"))
        else:
            out.add(Scribble(RX, mark, spec.seed))
        out.sign = (len(out.pages) - 1, RX, mark)
        out.add(Text(RX, y + 70, spec.signer, BOLD, 13, "c"))
    return y + 70


def _left_end(spec: DocSpec, out: Layout, y: float) -> float:
    """Bottom-left: "Nơi nhận:" list, or the secretary's signature on minutes."""
    if spec.left_signer:
        position, name = spec.left_signer
        y += 15 * (len(spec.authority) - 1)
        out.add(Text(LX, y, position, BOLD, 12.5, "c"))
        out.add(Scribble(LX, y + 43, spec.seed + 1))
        out.add(Text(LX, y + 85, name, BOLD, 13, "c"))
        return y + 85
    out.add(Text(LEFT, y, "Nơi nhận:", BOLD_ITALIC, 12))
    for item in spec.to:
        y += 14
        out.add(Text(LEFT, y, item, REGULAR, 11))
    return y


def layout(spec: DocSpec, stamped: bool = False) -> Layout:
    """Lay the whole document out on A4 pages."""
    out = Layout()
    y = _title(spec, out, _header(spec, out))
    for style, text in spec.body:
        y = _block(out, style, text, y)
    need = max(14 * len(spec.to) + 20, 15 * len(spec.authority) + 80)
    y += 10
    if y + need > H - BOTTOM + 20:
        y = out.new_page() + 10
    _left_end(spec, out, y)
    _signer(spec, out, y, stamped)
    return out
