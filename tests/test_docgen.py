"""The test-evidence generator: determinism, coverage, text PDFs, scans and broken files."""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from audit.docgen import DocSpec, make_broken, make_corpus, render_pdf, render_scan
from audit.docgen.titles import TYPE_NAMES

KEYS = {"doc_type", "number", "issued_on", "place", "issuer", "title", "signer", "school_year", "signed", "pages"}


@pytest.fixture(scope="module")
def corpus() -> list[DocSpec]:
    return make_corpus(seed=5, n=30)


def test_same_seed_same_corpus(corpus: list[DocSpec]) -> None:
    again = make_corpus(seed=5, n=30)
    assert again == corpus
    assert [s.truth for s in again] == [s.truth for s in corpus]
    assert [s.truth for s in make_corpus(seed=6, n=30)] != [s.truth for s in corpus]


def test_truth_has_schema_keys_and_nfc(corpus: list[DocSpec]) -> None:
    for spec in corpus:
        assert set(spec.truth) == KEYS
        for value in spec.truth.values():
            if isinstance(value, str):
                assert unicodedata.normalize("NFC", value) == value
        assert spec.number is None or " " not in spec.number


def test_corpus_covers_the_awkward_cases(corpus: list[DocSpec]) -> None:
    assert {s.doc_type for s in corpus} == set(TYPE_NAMES)
    assert any(s.number is None for s in corpus)
    assert any(not s.signed and s.signer is None for s in corpus)
    assert any(len(s.title_lines) >= 2 for s in corpus if s.doc_type != "CV")
    assert any("tháng" in s.title for s in corpus if s.doc_type == "BB")
    assert len({s.truth["school_year"] for s in corpus} - {None}) >= 3


def _signed(corpus: list[DocSpec]) -> DocSpec:
    return next(s for s in corpus if s.signed and s.doc_type in ("QĐ", "KH"))


def test_render_pdf_text_layer(corpus: list[DocSpec], tmp_path: Path) -> None:
    spec = _signed(corpus)
    path = render_pdf(spec, tmp_path)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == spec.pages
        first = pdf.pages[0].extract_text()
        last = pdf.pages[-1].extract_text()
        words = pdf.pages[0].extract_words(keep_blank_chars=True, x_tolerance=2)
    assert "(cid:" not in first
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", spec.issuer_lines[0], spec.type_name, "Số:"):
        assert needle in first
    assert spec.signer and spec.signer in last and "Nơi nhận:" in last
    number = next(w for w in words if w["text"].startswith("Số:"))
    place = next(w for w in words if w["text"].startswith(spec.place.split()[0]) and w["x0"] > 280)
    assert abs(number["top"] - place["top"]) < 2


def test_every_corpus_document_renders(corpus: list[DocSpec], tmp_path: Path) -> None:
    for spec in corpus[:12]:
        with pdfplumber.open(render_pdf(spec, tmp_path)) as pdf:
            assert len(pdf.pages) == spec.truth["pages"]


def _red_pixels(path: Path, index: int) -> int:
    document = pdfium.PdfDocument(str(path))
    image = document[index].render(scale=0.5).to_pil().convert("RGB")
    document.close()
    r, g, b = (band.point(lambda v, k=k: 255 if (v > 150 if k == 0 else v < 110) else 0)
               for k, band in enumerate(image.split()))
    return ImageChops.multiply(ImageChops.multiply(r, g), b).histogram()[255]


def test_render_scan_is_image_only_with_red_seal(corpus: list[DocSpec], tmp_path: Path) -> None:
    spec = min((s for s in corpus if s.signed), key=lambda s: s.pages)
    path = render_scan(spec, tmp_path, random.Random(1))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == spec.pages
        assert all(not page.chars for page in pdf.pages)
    assert _red_pixels(path, spec.pages - 1) > 200
    if spec.pages > 1:
        assert _red_pixels(path, 0) < 20
    pytesseract = pytest.importorskip("pytesseract")
    document = pdfium.PdfDocument(str(path))
    image = document[0].render(scale=300 / 72).to_pil().convert("L")
    document.close()
    text = unicodedata.normalize("NFC", pytesseract.image_to_string(image, lang="vie"))
    assert "CỘNG HÒA" in text or (spec.type_name and spec.type_name in text)


def test_broken_files(tmp_path: Path) -> None:
    broken = make_broken(tmp_path)
    assert len(broken) >= 10
    for name, (path, status, why) in broken.items():
        assert path.exists() and status in ("rejected", "unreadable") and why
    for name in ("encrypted.pdf", "truncated.pdf", "jpeg_as_pdf.pdf", "html_as_pdf.pdf", "empty.pdf"):
        with pytest.raises(Exception):
            with pdfplumber.open(broken[name][0]) as pdf:
                pdf.pages[0].extract_text()
    assert broken["jpeg_as_pdf.pdf"][0].read_bytes()[:2] == b"\xff\xd8"
    assert broken["empty.pdf"][0].stat().st_size == 0
    assert b"/JavaScript" in broken["javascript.pdf"][0].read_bytes()
    with pdfplumber.open(broken["pages_400.pdf"][0]) as pdf:
        assert len(pdf.pages) == 400
    with pdfplumber.open(broken["huge_image.pdf"][0]) as pdf:
        image = pdf.pages[0].images[0]
        assert image["srcsize"] == (12000, 12000)
    with pdfplumber.open(broken["cid_only.pdf"][0]) as pdf:
        assert "(cid:" in pdf.pages[0].extract_text()
    with pdfplumber.open(broken["tcvn3.pdf"][0]) as pdf:
        page = pdf.pages[0]
        assert "Céng hoµ x· héi chñ nghÜa ViÖt Nam" in page.extract_text()
        assert page.chars[0]["fontname"].endswith(".VnTime")
