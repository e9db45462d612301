"""A red round office seal drawn with Pillow (ring, text around the ring, star in the middle)."""
from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFont

from audit.docgen.fonts import SANS_BOLD

INK = (200, 32, 42)


def _ring_text(seal: Image.Image, text: str, radius: float, size: int) -> None:
    """Write text clockwise around the centre, starting at the left."""
    font = ImageFont.truetype(SANS_BOLD, size)
    centre = seal.width / 2
    step = 330.0 / max(1, len(text))
    for index, char in enumerate(text):
        angle = math.radians(195 + index * step)   # degrees from +x, y downwards
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - size
        y = centre + radius * math.sin(angle) - size
        seal.paste(Image.new("RGB", glyph.size, INK), (int(x), int(y)), glyph)


def _star(draw: ImageDraw.ImageDraw, centre: float, radius: float) -> None:
    """A five-pointed star."""
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        a = math.radians(-90 + k * 36)
        points.append((centre + r * math.cos(a), centre + r * math.sin(a)))
    draw.polygon(points, fill=INK)


def make_seal(rng: random.Random, text: str, radius: int = 215) -> Image.Image:
    """An RGB seal on white (to multiply onto a page), with uneven ink."""
    size = 2 * radius + 20
    seal = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(seal)
    c = size / 2
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=INK, width=11)
    inner = radius - 62
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=INK, width=4)
    _ring_text(seal, text.upper(), radius - 33, 34)
    _star(draw, c, inner * 0.45)
    speckle = Image.frombytes("L", (size, size), rng.randbytes(size * size))
    speckle = speckle.point(lambda v: 255 if v > 60 else 150).convert("RGB")
    seal = ImageChops.lighter(seal, ImageChops.invert(speckle))
    return seal.rotate(rng.uniform(0, 360), resample=Image.Resampling.BICUBIC, fillcolor="white")


def stamp(page: Image.Image, seal: Image.Image, x: float, y: float) -> None:
    """Multiply the seal onto the page centred at (x, y) pixels, in place."""
    left, top = int(x - seal.width / 2), int(y - seal.height / 2)
    box = (left, top, left + seal.width, top + seal.height)
    page.paste(ImageChops.multiply(page.crop(box), seal), box)
