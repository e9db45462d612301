"""Read a photo or a scan (JPEG, PNG, HEIC, TIFF; runs in the sandboxed child): upright, cropped to the page, OCR.

A phone photo shows the page as a bright quadrilateral on a darker table: the EXIF orientation
is applied, the page is cropped out (bright pixels after a dilation that erases the text, the
longest band of bright rows and columns), and the page goes to the same OCR as a scanned PDF
page (red channel, Tesseract `-l vie`, a tilted page's words levelled by the skew of its lines).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytesseract
from PIL import Image, ImageFilter, ImageOps

from audit.config import Settings
from audit.evidence.model import PageLayout, ReadResult
from audit.evidence.ocr import ocr_page
from audit.evidence.parse import PageSpec, finish, select_pages

log = logging.getLogger(__name__)

A4_WIDTH = 595.3          # points: a page photo is taken to be A4 wide (the identifier's tolerances are in points)
MIN_SIDE = 400            # pixels: a smaller picture cannot show a page's print
LOW_DPI = 150             # a page photographed at less than this many pixels per inch is flagged "low_dpi"
DECODE_FACTOR = 2         # pictures up to this many times the pixel cap are decoded (then scaled down)
PROBE_SIDE = 400          # page finding works on a thumbnail this large
MIN_PAGE_SHARE = 0.2      # a bright region smaller than this share of the photo is not taken for the page
FULL_PAGE_SHARE = 0.92    # a page covering more than this share is a scan: nothing to crop
BAND_SHARE = 0.5          # rows (columns) at least this share as bright as the brightest belong to the page
LANDSCAPE = 1.15          # a page this much wider than tall lies on its side (documents are portrait)
OSD_SIDE = 1000           # Tesseract's orientation detection reads a copy this large
MIN_OSD_CONFIDENCE = 1.5  # below this Tesseract's orientation guess is not followed
_HEIF_READY: list[bool] = []


@dataclass
class _Bitmap:
    """What ocr_page expects of a rendered pypdfium2 bitmap."""
    image: Image.Image

    def to_pil(self) -> Image.Image:
        """The rendered image."""
        return self.image

    def close(self) -> None:
        """Nothing to free."""


@dataclass
class ImagePage:
    """A photographed page seen as a PDF page of `width` x `height` points (what ocr_page reads)."""
    image: Image.Image
    width: float
    height: float

    def get_size(self) -> tuple[float, float]:
        """The page size in points."""
        return self.width, self.height

    def render(self, scale: float, grayscale: bool = False) -> _Bitmap:
        """The page at `scale` pixels per point (resampled only when that differs from the photo's own)."""
        size = (max(1, round(self.width * scale)), max(1, round(self.height * scale)))
        image = self.image if size == self.image.size else self.image.resize(size, Image.Resampling.LANCZOS)
        return _Bitmap(image.convert("L") if grayscale else image)


def heif_support() -> bool:
    """Register the HEIC/HEIF decoder with Pillow when pillow-heif is installed; whether HEIC can be read."""
    if not _HEIF_READY:
        try:
            from pillow_heif import register_heif_opener
            register_heif_opener()
            _HEIF_READY.append(True)
        except ImportError:
            _HEIF_READY.append(False)
    return _HEIF_READY[0]


def otsu(histogram: list[int]) -> int:
    """The grey level that best separates a 256-bin histogram into two classes (Otsu's method)."""
    total = sum(histogram)
    weighted = sum(i * h for i, h in enumerate(histogram))
    best, level, below, below_weighted = -1.0, 127, 0, 0.0
    for i, count in enumerate(histogram):
        below += count
        below_weighted += i * count
        above = total - below
        if below == 0 or above == 0:
            continue
        mean_below, mean_above = below_weighted / below, (weighted - below_weighted) / above
        spread = below * above * (mean_below - mean_above) ** 2
        if spread > best:
            best, level = spread, i
    return level


def _band(profile: list[int]) -> tuple[int, int] | None:
    """The longest run of positions at least BAND_SHARE as bright as the brightest one."""
    peak = max(profile, default=0)
    if peak == 0:
        return None
    best: tuple[int, int] | None = None
    start = None
    for i, value in enumerate(profile + [0]):
        if value >= BAND_SHARE * peak and start is None:
            start = i
        elif value < BAND_SHARE * peak and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def page_box(gray: Image.Image) -> tuple[int, int, int, int] | None:
    """The box (left, top, right, bottom) of the bright page on a darker background, or None to keep it all."""
    small = gray.copy()
    small.thumbnail((PROBE_SIDE, PROBE_SIDE))
    small = small.filter(ImageFilter.MaxFilter(5))   # dark print vanishes into the paper around it
    level = otsu(small.histogram())
    mask = small.point(lambda v: 255 if v > level else 0)
    w, h = mask.size
    rows = _band(list(mask.resize((1, h), Image.Resampling.BOX).tobytes()))
    if rows is None:
        return None
    band = mask.crop((0, rows[0], w, rows[1]))
    columns = _band(list(band.resize((w, 1), Image.Resampling.BOX).tobytes()))
    if columns is None:
        return None
    share = (rows[1] - rows[0]) * (columns[1] - columns[0]) / (w * h)
    if share < MIN_PAGE_SHARE or share > FULL_PAGE_SHARE:
        return None
    fx, fy = gray.width / w, gray.height / h
    return (round(columns[0] * fx), round(rows[0] * fy), round(columns[1] * fx), round(rows[1] * fy))


def quarter_turn(page: Image.Image) -> int:
    """Degrees (90 or 270, clockwise) that turn a page lying on its side upright, as Tesseract's OSD reads it;
    0 for a portrait page or an unsure reading."""
    if page.width < LANDSCAPE * page.height:
        return 0
    probe = page.convert("L")
    probe.thumbnail((OSD_SIDE, OSD_SIDE))
    try:
        osd = pytesseract.image_to_osd(probe, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:   # too few letters to tell
        log.info("orientation not detected: %s", exc)
        return 0
    turn = int(osd.get("rotate", 0))
    return turn if turn in (90, 270) and float(osd.get("orientation_conf", 0)) >= MIN_OSD_CONFIDENCE else 0


def upright_page(image: Image.Image) -> tuple[Image.Image, set[str]]:
    """The photo turned as its EXIF says, cropped to the page, turned upright if it lies on its side; flags."""
    image = ImageOps.exif_transpose(image).convert("RGB")
    box = page_box(image.convert("L"))
    flags = {"photo"} if box else set()
    page = image.crop(box) if box else image
    turn = quarter_turn(page)
    if turn:
        page = page.rotate(-turn, expand=True)
        flags.add("rotated")
    return page, flags


def _decoded(image: Image.Image, max_pixels: int) -> Image.Image:
    """The current frame decoded, scaled down under the pixel cap (a JPEG decoded at a reduced scale)."""
    if image.width * image.height > max_pixels and image.format == "JPEG":
        shrink = (image.width * image.height / max_pixels) ** 0.5
        image.draft("RGB", (int(image.width / shrink), int(image.height / shrink)))
    image.load()
    if image.width * image.height <= max_pixels:
        return image
    shrink = (image.width * image.height / max_pixels) ** 0.5
    return image.resize((int(image.width / shrink), int(image.height / shrink)), Image.Resampling.LANCZOS)


def read_frame(image: Image.Image, number: int, settings: Settings) -> tuple[PageLayout, set[str]]:
    """OCR one frame of an image file as page `number`."""
    page, page_flags = upright_page(_decoded(image, settings.max_image_pixels))
    dpi = page.width / (A4_WIDTH / 72)
    height = A4_WIDTH * page.height / page.width
    result = ocr_page(ImagePage(page, A4_WIDTH, height), number, min(settings.ocr_dpi, int(dpi)),
                      min(settings.ocr_min_dpi, int(dpi)), settings.max_image_pixels)
    flags = {"ocr", *page_flags, *result.flags}
    if dpi < LOW_DPI:
        flags.add("low_dpi")
    log.debug("image page %s: %sx%s px (%.0f dpi as A4), %s", number, page.width, page.height, dpi, page_flags)
    return result.layout, flags


def read_image(path: str, settings: Settings, spec: PageSpec, kind: str) -> ReadResult:
    """The wanted pages (frames) of a photo or scan, OCR'd (runs in the sandboxed child)."""
    if not heif_support() and kind == "heic":
        return ReadResult(status="unreadable", reason="không đọc được ảnh HEIC: máy chưa cài thư viện pillow-heif")
    Image.MAX_IMAGE_PIXELS = DECODE_FACTOR * settings.max_image_pixels
    try:
        image: Any = Image.open(path)
    except (Image.DecompressionBombError, OSError, ValueError) as exc:
        return _refused(exc)
    with image:
        width, height = image.size
        if width * height > DECODE_FACTOR * settings.max_image_pixels:
            return ReadResult(status="rejected", reason=f"ảnh quá lớn ({width}×{height} điểm ảnh)")
        if min(width, height) < MIN_SIDE:
            return ReadResult(status="unreadable", reason=f"ảnh quá nhỏ để đọc chữ ({width}×{height} điểm ảnh)")
        count = int(getattr(image, "n_frames", 1))
        if count > settings.max_pages:
            return ReadResult(status="rejected", page_count=count,
                              reason=f"tệp có quá nhiều trang ({count} > {settings.max_pages})")
        pages = []
        try:
            for number in select_pages(spec, count):
                image.seek(number - 1)
                pages.append(read_frame(image, number, settings))
        except (Image.DecompressionBombError, OSError, ValueError, EOFError) as exc:
            return _refused(exc)
    return finish(count, [layout for layout, _ in pages], set().union(*(f for _, f in pages)))


def _refused(exc: Exception) -> ReadResult:
    """The result for an image Pillow would not open or decode."""
    if isinstance(exc, Image.DecompressionBombError):
        return ReadResult(status="rejected", reason="ảnh quá lớn (nghi là bom giải nén)")
    log.info("image unreadable: %s", exc)
    return ReadResult(status="unreadable", reason=f"ảnh bị hỏng hoặc không đầy đủ ({type(exc).__name__})")
