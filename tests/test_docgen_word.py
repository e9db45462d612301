"""Word-made test documents: DOCX header table, LibreOffice PDF text layer, scans with an English OCR layer."""
from __future__ import annotations

import random
import re
import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from audit.docgen.legacyfont import tcvn3_ok, to_tcvn3, to_vni
from audit.docgen.word import (BENCH_SEEDS, DOCS_PER_SEED, TUNING_SEEDS, WordDoc, make_word_corpus, render_word,
                               soffice, write_docx)
from audit.docgen.wordscan import scan_word_pdf
from audit.evidence.legacy import from_tcvn3, from_vni

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: "
                                   "scripts/setup.sh installs libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def corpus() -> list[WordDoc]:
    return make_word_corpus(TUNING_SEEDS[0])


def _plain(corpus: list[WordDoc]) -> list[WordDoc]:
    """Three numbered, dated documents typed in Unicode with the header beside the date."""
    picked = [d for d in corpus if d.spec.number and d.spec.issued_on and not d.var.legacy
              and not d.var.nfd_parts and d.var.header in ("table", "rows", "rtl", "nested")]
    headers = {d.var.header: d for d in picked}
    return list(headers.values())[:3]


def _vietnamese(char: str) -> bool:
    """Whether a character is a letter only Vietnamese uses (ă đ ơ ư and the letters of U+1EA0–U+1EF9)."""
    return char.lower() in "ăđơư" or 0x1EA0 <= ord(char) <= 0x1EF9


def test_seeds_are_split_and_bench_has_100_documents() -> None:
    assert not set(TUNING_SEEDS) & set(BENCH_SEEDS)
    assert len(BENCH_SEEDS) * DOCS_PER_SEED >= 100


def test_same_seed_same_documents(corpus: list[WordDoc]) -> None:
    again = make_word_corpus(TUNING_SEEDS[0])
    assert [d.truth for d in again] == [d.truth for d in corpus]
    assert [d.var for d in again] == [d.var for d in corpus]


def test_truth_follows_the_printed_number_and_date(corpus: list[WordDoc]) -> None:
    for doc in corpus:
        spec, truth = doc.spec, doc.truth
        if truth["number"] is not None:
            assert re.sub(r"\s", "", spec.number_text) == truth["number"]
        day = spec.issued_on
        if day is not None:
            fields = re.findall(r"\d+", spec.date_text)
            assert [int(x) for x in fields[-3:]] == [day.day, day.month, day.year], spec.date_text
        for value in truth.values():
            assert not isinstance(value, str) or unicodedata.normalize("NFC", value) == value


def test_variations_cover_what_real_documents_do() -> None:
    docs = [d for seed in TUNING_SEEDS for d in make_word_corpus(seed)]
    var = [d.var for d in docs]
    assert {v.header for v in var} == {"table", "rows", "rtl", "nested"}
    assert {v.number for v in var} == {"plain", "spaced", "nocolon", "below"}
    assert {v.date for v in var} == {"plain", "spaces", "dots"}
    assert {v.legacy for v in var} == {"", "TCVN3", "VNI"}
    assert any(v.nfd_parts for v in var) and any(v.annex for v in var) and any(v.date_below for v in var)
    assert any("&" in (d.truth["number"] or "") for d in docs)
    assert any(re.search(r"/20\d\d/", d.truth["number"] or "") for d in docs)
    for d in docs:
        if d.var.esign:
            assert not any(d.spec.signer and d.spec.signer in line for line in d.var.esign_lines)


def test_legacy_encodings_invert_the_project_decoders() -> None:
    text = "Thạch Bàn, ngày 07 tháng 3 năm 2022; Nguyễn Thị Thu Hương; CỘNG HÒA XÃ HỘI"
    assert from_vni(to_vni(text)) == text
    lower = "thạch bàn, ngày 07 tháng 3 năm 2022"
    assert tcvn3_ok(lower) and from_tcvn3(to_tcvn3(lower)) == lower
    assert from_tcvn3(to_tcvn3("ỦY BAN NHÂN DÂN", capitals=True), capitals=True) == "ỦY BAN NHÂN DÂN"
    assert not tcvn3_ok("Ủy ban")  # no capital with a tone mark in ".VnTime"


def test_docx_header_is_a_borderless_two_column_table(corpus: list[WordDoc], tmp_path: Path) -> None:
    for doc in _plain(corpus):
        docx = Document(str(write_docx(doc, tmp_path)))
        header = next(t for t in docx.tables if "CỘNG HÒA" in t._tbl.xml)
        assert len(header.columns) == 2
        borders = header._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
        assert "Số" in header._tbl.xml and doc.spec.issuer_lines[0] in header._tbl.xml


@pytest.fixture(scope="module")
def exported(corpus: list[WordDoc], tmp_path_factory: pytest.TempPathFactory) -> list[tuple[WordDoc, Path]]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/setup.sh installs libreoffice-writer-nogui")
    docs = _plain(corpus)
    return list(zip(docs, render_word(docs, tmp_path_factory.mktemp("word"))))


@needs_soffice
def test_pdf_text_layer_has_number_and_date_as_the_truth_says(exported: list[tuple[WordDoc, Path]]) -> None:
    for doc, pdf in exported:
        with pdfplumber.open(pdf) as opened:
            text = unicodedata.normalize("NFC", opened.pages[0].extract_text())
            fonts = {c["fontname"].split("+")[-1] for c in opened.pages[0].chars}
        squeezed = re.sub(r"\s", "", text)
        assert doc.truth["number"] in squeezed, doc.key
        day = doc.spec.issued_on
        assert day is not None and re.search(rf"ngày\s*0?{day.day}\.*\s*tháng\s*0?{day.month}\.*\s*năm\s*{day.year}",
                                             text), doc.key
        assert any(f.startswith("LiberationSerif") for f in fonts)  # Times New Roman's stand-in


@needs_soffice
def test_scan_has_an_english_only_ocr_layer(exported: list[tuple[WordDoc, Path]], tmp_path: Path) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    doc, pdf = exported[0]
    scan = scan_word_pdf(pdf, tmp_path / "scan.pdf", doc.spec.signer, doc.spec.issuer, random.Random(1), ocr=True)
    image = scan_word_pdf(pdf, tmp_path / "image.pdf", doc.spec.signer, doc.spec.issuer, random.Random(1), ocr=False)
    with pdfplumber.open(scan) as opened:
        page = opened.pages[0]
        text = page.extract_text()
        assert page.images and len(text) > 200
    assert not [c for c in text if _vietnamese(c)], "the OCR layer was made without Vietnamese"
    assert "CONG HOA" in text.upper() or "HOA XA HOI" in text.upper()
    with pdfplumber.open(image) as opened:
        assert not opened.pages[0].extract_text().strip()
