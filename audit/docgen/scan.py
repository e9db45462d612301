"""render_scan: the same document as an image-only "scanned" PDF (300 dpi, tilted, noisy, sealed)."""
from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

from audit.docgen.layout import layout
from audit.docgen.pdf import pdf_bytes
from audit.docgen.seal import make_seal, stamp
from audit.docgen.spec import DocSpec

DPI = 300
SCALE = DPI / 72


def _noise(rng: random.Random, size: tuple[int, int], strength: float) -> Image.Image:
    """Blotchy grey noise (deterministic from rng) in RGB."""
    small = (size[0] // 3, size[1] // 3)
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.point(lambda v: 255 - int(v * strength)).resize(size, Image.Resampling.BILINEAR)
    return grain.convert("RGB")


def _degrade(rng: random.Random, page: Image.Image) -> Image.Image:
    """Grey paper, grain, a little blur and a small tilt (0.5–1.5° either way)."""
    shade = rng.randint(222, 240)
    paper = (shade, shade - rng.randint(0, 4), shade - rng.randint(3, 10))
    page = ImageChops.multiply(page, Image.new("RGB", page.size, paper))
    page = ImageChops.multiply(page, _noise(rng, page.size, rng.uniform(0.06, 0.14)))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0)))
    angle = rng.uniform(0.5, 1.5) * rng.choice((-1, 1))
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper)


def scan_pages(spec: DocSpec, rng: random.Random) -> list[Image.Image]:
    """The scanned pages as RGB images."""
    stamped = spec.signed and rng.random() < 0.25
    sign = layout(spec, stamped).sign
    document = pdfium.PdfDocument(pdf_bytes(spec, stamped))
    pages = []
    for index in range(len(document)):
        page = document[index].render(scale=SCALE).to_pil().convert("RGB")
        if sign and sign[0] == index:
            seal = make_seal(rng, f"{spec.issuer} * {spec.place} *")
            stamp(page, seal, (sign[1] - 48 + rng.uniform(-6, 6)) * SCALE, (sign[2] + rng.uniform(-8, 8)) * SCALE)
        pages.append(_degrade(rng, page))
    document.close()
    return pages


def render_scan(spec: DocSpec, out_dir: str | Path, rng: random.Random) -> Path:
    """Write the document as an image-only PDF (pages saved at 300 dpi) and return its path."""
    path = Path(out_dir) / f"{spec.key}_scan.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = scan_pages(spec, rng)
    pages[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:], quality=80)
    return path
