"""Numbers and days written by hand into a printed form, as on every real scan of ../shared/realworld/docs.

Offices print "Số:      /QĐ-UBND" and "ngày      tháng 3 năm 2019" and the clerk writes the number
and the day in ink when the document is signed. `handwrite` takes a rendered page and the boxes
(points) of the printed digits, erases them and writes the same digits by hand: ballpoint
strokes (no font), each digit drawn from a skeleton with its own size, slant, tilt, baseline and
wobble, the pen's width varying along the stroke, larger than the print and in blue or black ink.
`digit_boxes` finds those digits in a Word-exported PDF (the number's digits before its "/", the
day's between "ngày" and "tháng").
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image, ImageDraw

Point = tuple[float, float]
Stroke = list[Point]


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 14) -> Stroke:
    """Points of an elliptic arc (degrees, counterclockwise on paper: 0 = right, 90 = up)."""
    return [(cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
             cy - ry * math.sin(math.radians(start + (end - start) * i / steps))) for i in range(steps + 1)]


# Skeletons in a box 0.6 wide and 1.0 high, y down, as a Vietnamese hand writes them (the 1 with a flag,
# the 4 open, the 7 sometimes crossed).
DIGITS: dict[str, list[Stroke]] = {
    "0": [_arc(0.3, 0.5, 0.28, 0.5, 95, 460, 24)],
    "1": [[(0.08, 0.28), (0.42, 0.0), (0.36, 1.0)]],
    "2": [_arc(0.3, 0.28, 0.27, 0.27, 160, -30) + [(0.02, 1.0), (0.6, 0.98)]],
    "3": [_arc(0.28, 0.26, 0.26, 0.25, 150, -90) + _arc(0.28, 0.74, 0.3, 0.26, 90, -150)],
    "4": [[(0.38, 0.0), (0.02, 0.66), (0.6, 0.64)], [(0.46, 0.3), (0.44, 1.0)]],
    "5": [[(0.58, 0.02), (0.12, 0.0), (0.06, 0.44)] + _arc(0.28, 0.7, 0.3, 0.29, 140, -150)],
    "6": [[(0.52, 0.0), (0.2, 0.3)] + _arc(0.3, 0.72, 0.27, 0.27, 170, -190)],
    "7": [[(0.0, 0.04), (0.6, 0.0), (0.2, 1.0)]],
    "8": [_arc(0.3, 0.26, 0.22, 0.25, -80, 260, 18) + _arc(0.3, 0.74, 0.28, 0.26, 100, -260, 18)],
    "9": [_arc(0.3, 0.28, 0.27, 0.27, 10, 370, 18) + [(0.56, 0.3), (0.42, 1.0)]],
}
CROSSED_SEVEN: list[Stroke] = [[(0.12, 0.52), (0.52, 0.5)]]


@dataclass(frozen=True)
class Box:
    """Printed characters' box on a page, in points (top-down)."""
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Hand:
    """One writer: ink, pen width (points), slant (shear), size against the print, neatness."""
    ink: tuple[int, int, int]
    pen: float
    slant: float
    size: float
    wobble: float
    crossed_seven: bool

    @classmethod
    def draw(cls, rng: random.Random) -> Hand:
        """A writer drawn at random: blue or black ballpoint, mostly slanted right."""
        ink = rng.choice(((25, 45, 150), (20, 40, 110), (35, 35, 45)))
        return cls(ink=ink, pen=rng.uniform(0.6, 1.1), slant=rng.uniform(0.05, 0.4), size=rng.uniform(1.1, 1.5),
                   wobble=rng.uniform(0.015, 0.05), crossed_seven=rng.random() < 0.3)


def _smooth(points: Stroke, rng: random.Random, wobble: float) -> Stroke:
    """A stroke made dense and unsteady as a hand is: a slow sway along it (two waves of random phase),
    never a jagged edge."""
    dense: Stroke = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        steps = max(1, int(math.hypot(x1 - x0, y1 - y0) / 0.03))
        dense += [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps)]
    dense.append(points[-1])
    waves = [(rng.uniform(2, 7), rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)) for _ in range(2)]
    count = max(1, len(dense) - 1)
    return [(x + wobble * sum(math.sin(f * i / count + px) / (k + 1) for k, (f, px, _) in enumerate(waves)),
             y + wobble * sum(math.sin(f * i / count + py) / (k + 1) for k, (f, _, py) in enumerate(waves)))
            for i, (x, y) in enumerate(dense)]


def _pen(draw: ImageDraw.ImageDraw, stroke: Stroke, width: float, ink: tuple[int, int, int],
         rng: random.Random) -> None:
    """A stroke in ink whose width swells and thins along it (pressure), with round joints."""
    pressure = rng.uniform(0.7, 1.1)
    for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
        pressure = min(1.25, max(0.6, pressure + rng.gauss(0, 0.04)))
        w = max(1.0, width * pressure)
        draw.line([(x0, y0), (x1, y1)], fill=ink, width=round(w))
        r = w / 2
        draw.ellipse([x1 - r, y1 - r, x1 + r, y1 + r], fill=ink)


def write_digits(page: Image.Image, text: str, box: Box, scale: float, hand: Hand, rng: random.Random) -> None:
    """Write `text` by hand where the printed `box` was (points; the page rendered at `scale` px/pt)."""
    draw = ImageDraw.Draw(page)
    height = (box.bottom - box.top) * 0.72 * hand.size       # a printed digit is ~0.7 of its line box
    advance = height * rng.uniform(0.55, 0.7)
    total = advance * len(text)
    x = (box.x0 + box.x1) / 2 - total / 2 + rng.uniform(-0.1, 0.1) * height
    baseline = box.bottom - (box.bottom - box.top) * 0.2 + rng.uniform(-0.12, 0.12) * height
    for char in text:
        size = height * rng.uniform(0.88, 1.1)
        tilt = math.radians(rng.uniform(-6, 6))
        lift = rng.uniform(-0.07, 0.07) * height
        strokes = DIGITS[char] + (CROSSED_SEVEN if char == "7" and hand.crossed_seven else [])
        for skeleton in strokes:
            points = []
            for u, v in _smooth(skeleton, rng, hand.wobble):
                px, py = u * size, (v - 1.0) * size            # origin at the digit's foot
                px += -py * hand.slant                         # slant: the top leans right
                px, py = px * math.cos(tilt) - py * math.sin(tilt), px * math.sin(tilt) + py * math.cos(tilt)
                points.append(((x + px) * scale, (baseline + lift + py) * scale))
            _pen(draw, points, hand.pen * scale, hand.ink, rng)
        x += advance * rng.uniform(0.9, 1.12)


def erase(page: Image.Image, box: Box, scale: float) -> None:
    """White out printed characters (the form's blank, before the clerk writes in it)."""
    pad = 0.6
    ImageDraw.Draw(page).rectangle([(box.x0 - pad) * scale, (box.top - pad) * scale,
                                    (box.x1 + pad) * scale, (box.bottom + pad) * scale], fill=(255, 255, 255))


def handwrite(page: Image.Image, boxes: dict[str, tuple[str, Box]], scale: float, rng: random.Random) -> None:
    """Replace each printed field ("number", "day": its digits and their box) with the same digits by hand."""
    hand = Hand.draw(rng)
    for _, (digits, box) in sorted(boxes.items()):
        erase(page, box, scale)
        write_digits(page, digits, box, scale, hand, rng)


def _runs(chars: list[dict[str, object]]) -> list[tuple[int, int]]:
    """(start, end) indexes of the runs of digits in a page's characters."""
    runs, start = [], None
    for i, char in enumerate(chars + [{"text": ""}]):
        if len(str(char["text"])) == 1 and str(char["text"]) in "0123456789":
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    return runs


def _around(chars: list[dict[str, object]], index: int, step: int, skip: str) -> str:
    """The next few characters from `index` going by `step`, skipping spaces and `skip`."""
    out, i = "", index
    while 0 <= i < len(chars) and len(out) < 3:
        text = str(chars[i]["text"])
        if not (text.isspace() or text in skip):
            out += text
        i += step
    return out if step > 0 else out[::-1]


def _box(chars: list[dict[str, object]]) -> Box:
    return Box(min(float(c["x0"]) for c in chars), min(float(c["top"]) for c in chars),     # type: ignore[arg-type]
               max(float(c["x1"]) for c in chars), max(float(c["bottom"]) for c in chars))  # type: ignore[arg-type]


def digit_boxes(pdf: Path, number: str | None, day: int | None, header_share: float = 0.45) -> dict[str, tuple[str, Box]]:
    """Where page 1's header prints the number's digits (followed by "/" and its code) and the day (after
    "ngày", before "tháng", in any font the line is typed in): {"number"|"day": (digits, box)}."""
    found: dict[str, tuple[str, Box]] = {}
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        limit = float(page.height) * header_share
        chars = [c for c in page.chars if float(c["top"]) < limit]   # in the order they were typed
        digits = number.split("/", 1)[0] if number else None
        code = number.split("/", 1)[1][:2] if number else ""
        for start, end in _runs(chars):
            run = "".join(str(c["text"]) for c in chars[start:end])
            after = _around(chars, end, 1, "")
            if digits and "number" not in found and run == digits and after == "/" + code:
                found["number"] = (run, _box(chars[start:end]))
            before = _around(chars, start - 1, -1, ".")
            if day and "day" not in found and int(run) == day and before.endswith("y") \
                    and _around(chars, end, 1, ".").startswith("th"):
                found["day"] = (run, _box(chars[start:end]))
    return found
