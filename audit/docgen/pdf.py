"""Draw a DocSpec as a text PDF with reportlab (DejaVu Serif embedded)."""
from __future__ import annotations

import io
import random
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from audit.docgen import fonts
from audit.docgen.layout import H, W, Op, Rule, Scribble, Text, layout
from audit.docgen.spec import DocSpec


def _scribble(canvas: Canvas, op: Scribble) -> None:
    """A hand signature: a few joined Bézier loops in dark blue ink."""
    rng = random.Random(op.seed)
    canvas.setStrokeColorRGB(0.08, 0.12, 0.45)
    canvas.setLineWidth(1.3)
    path = canvas.beginPath()
    x, y = op.x - 45, H - op.y - rng.uniform(-4, 4)
    path.moveTo(x, y)
    for _ in range(rng.randint(3, 5)):
        nx = x + rng.uniform(15, 28)
        path.curveTo(x + rng.uniform(-5, 10), y + rng.uniform(8, 22), nx - rng.uniform(0, 12),
                     y - rng.uniform(8, 22), nx, y + rng.uniform(-6, 6))
        x = nx
    path.lineTo(op.x + rng.uniform(30, 50), H - op.y + rng.uniform(-12, 2))
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setStrokeColorRGB(0, 0, 0)


def _draw(canvas: Canvas, op: Op) -> None:
    """Draw one layout operation."""
    if isinstance(op, Text):
        canvas.setFont(op.font, op.size)
        if op.align == "c":
            canvas.drawCentredString(op.x, H - op.y, op.text)
        else:
            canvas.drawString(op.x, H - op.y, op.text)
    elif isinstance(op, Rule):
        canvas.setLineWidth(0.6)
        canvas.line(op.x0, H - op.y, op.x1, H - op.y)
    else:
        _scribble(canvas, op)


def pdf_bytes(spec: DocSpec, stamped: bool = False) -> bytes:
    """The document as PDF bytes; stamped writes "(Đã ký)" instead of the signature."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(W, H), invariant=True, pageCompression=1)
    canvas.setTitle(spec.title)
    for ops in layout(spec, stamped).pages:
        for op in ops:
            _draw(canvas, op)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_pdf(spec: DocSpec, out_dir: str | Path) -> Path:
    """Write the document as a text PDF named after spec.key and return its path."""
    path = Path(out_dir) / f"{spec.key}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(spec))
    return path
