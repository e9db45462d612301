"""Scans of Word-exported PDFs as real offices upload them: printed, signed, stamped, scanned.

Pages are rasterised at 150 or 200 dpi, signed in blue ink and stamped with a red seal over the
signer block, greyed, grained, blurred and tilted. Most then get the text layer that scanning
software adds with an OCR made without Vietnamese (`tesseract … -l eng pdf`): an invisible layer
of unaccented, half-wrong text ("S6: 4141./BGDDT", "ngay/f thang 3 nam 2019") over the image, as
real bad scans carry; the rest are images only.
"""
from __future__ import annotations

import math
import os
import random
import subprocess
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from audit.docgen.handwriting import Box, handwrite
from audit.docgen.seal import make_seal, stamp


def _signature_place(pdf: Path, signer: str | None) -> tuple[int, float, float] | None:
    """(page, x, y) in points of the signer's name, searching from the last page."""
    if not signer:
        return None
    with pdfplumber.open(pdf) as doc:
        for index in range(len(doc.pages) - 1, -1, -1):
            found = doc.pages[index].search(signer, regex=False)
            if found:
                return index, (found[0]["x0"] + found[0]["x1"]) / 2, found[0]["top"]
    return None


def _scribble(rng: random.Random, page: Image.Image, x: float, y: float, scale: float) -> None:
    """A hand signature in blue ink centred at (x, y) pixels."""
    draw = ImageDraw.Draw(page)
    points: list[tuple[float, float]] = []
    left = x - 50 * scale
    for step in range(60):
        t = step / 59
        points.append((left + t * 100 * scale + 8 * scale * math.sin(t * 19 + rng.random()),
                       y + 14 * scale * math.sin(t * rng.uniform(9, 14)) - 10 * scale * t))
    draw.line(points, fill=(25, 35, 120), width=max(2, round(1.4 * scale)), joint="curve")


def _degrade(rng: random.Random, page: Image.Image) -> Image.Image:
    """Grey paper, grain, a little blur and a small tilt (0.3–1.5° either way)."""
    shade = rng.randint(215, 240)
    paper = (shade, shade - rng.randint(0, 4), shade - rng.randint(3, 10))
    page = ImageChops.multiply(page, Image.new("RGB", page.size, paper))
    small = (page.size[0] // 2, page.size[1] // 2)
    strength = rng.uniform(0.05, 0.15)
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.point(lambda v: 255 - int(v * strength)).resize(page.size, Image.Resampling.BILINEAR)
    page = ImageChops.multiply(page, grain.convert("RGB"))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)


def scan_images(pdf: Path, signer: str | None, issuer: str, rng: random.Random, dpi: int,
                written: dict[str, tuple[str, Box]] | None = None) -> list[Image.Image]:
    """The scanned pages: signed and sealed where the signer's name stands, degraded; the printed
    digits of `written` (page 1's number and day, see handwriting.digit_boxes) replaced by handwriting."""
    scale = dpi / 72
    place = _signature_place(pdf, signer)
    document = pdfium.PdfDocument(pdf)
    pages = []
    for index in range(len(document)):
        page = document[index].render(scale=scale).to_pil().convert("RGB")
        if written and index == 0:
            handwrite(page, written, scale, random.Random(rng.random()))
        if place and place[0] == index:
            x, y = place[1] * scale, (place[2] - 30) * scale
            _scribble(rng, page, x, y, scale)
            seal = make_seal(rng, f"{issuer} *", radius=round(215 * dpi / 300))
            stamp(page, seal, x - 45 * scale + rng.uniform(-5, 5) * scale, y)
        pages.append(_degrade(rng, page))
    document.close()
    return pages


def _ocr_pdf(pages: list[Image.Image], out: Path, dpi: int) -> None:
    """An image PDF with Tesseract's English-only invisible text layer."""
    with tempfile.TemporaryDirectory(prefix="scan-") as tmp:
        names = []
        for index, page in enumerate(pages):
            name = Path(tmp) / f"p{index:03d}.jpg"
            page.save(name, "JPEG", quality=75, dpi=(dpi, dpi))
            names.append(str(name))
        listing = Path(tmp) / "pages.txt"
        listing.write_text("\n".join(names) + "\n")
        base = Path(tmp) / "out"
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        subprocess.run(["tesseract", str(listing), str(base), "-l", "eng", "--dpi", str(dpi), "pdf"],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        out.write_bytes(base.with_suffix(".pdf").read_bytes())


def scan_word_pdf(pdf: Path, out: Path, signer: str | None, issuer: str, rng: random.Random, ocr: bool,
                  written: dict[str, tuple[str, Box]] | None = None) -> Path:
    """Write a scan of a Word-exported PDF to out: with an English OCR layer, or image only; the fields
    of `written` handwritten into the form."""
    dpi = rng.choice((150, 200))
    pages = scan_images(pdf, signer, issuer, rng, dpi, written)
    out.parent.mkdir(parents=True, exist_ok=True)
    if ocr:
        _ocr_pdf(pages, out, dpi)
    else:
        pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=75)
    return out
