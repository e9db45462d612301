"""Real office PDFs (../shared/realworld/docs, hand-read truth), annotation stamps, two documents in one file."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from reportlab.pdfgen import canvas

from audit.config import load_settings
from audit.docgen import make_corpus, render_pdf
from audit.docgen.fonts import REGULAR, register
from audit.evidence.run import parse_files

DOCS = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "docs"
FIELDS = ("doc_type", "number", "issued_on")


@pytest.fixture(scope="module")
def real() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    if not (DOCS / "truth.json").exists():
        pytest.skip(f"real documents not found at {DOCS}")
    truth = json.loads((DOCS / "truth.json").read_text(encoding="utf-8"))["documents"]
    settings = replace(load_settings(), evidence_workers=2)
    docs = parse_files([str(DOCS / t["file"]) for t in truth], settings)
    return list(zip(truth, docs))


def test_clean_text_files_are_read_exactly(real: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    for truth, doc in real:
        if truth["text_layer"] == "good":
            assert {f: doc[f] for f in FIELDS + ("signer", "title")} == {f: truth[f] for f in FIELDS + ("signer", "title")}


def test_scans_are_never_wrong_and_say_what_they_could_not_read(real: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    scans = [(t, d) for t, d in real if t["text_layer"] != "good"]
    for truth, doc in scans:
        assert doc["text_source"] == "ocr"          # a layer made without Vietnamese is not trusted
        assert doc["doc_type"] == truth["doc_type"]
        for field in ("number", "issued_on"):
            assert doc[field] in (None, truth[field]), (truth["file"], field, doc[field])
    found = sum(d["signer"] == t["signer"] for t, d in scans)
    assert found >= len(scans) - 1                  # printed names are read (OCR may slip one diacritic)
    # handwritten numbers and days: left empty, with the reason beside them
    assert sum("doubtful_number" in d["flags"] or "doubtful_date" in d["flags"] for _, d in scans) >= len(scans) // 2


def test_numbers_and_days_stamped_by_signing_software(tmp_path: Path) -> None:
    """A signed Word export leaves "Số:    /KH-THCS" and "ngày    tháng" blank; the signing tool
    fills them in as form fields drawn over the page."""
    path = tmp_path / "signed.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    register()
    pdf.setFont(REGULAR, 12)
    for x, y, text in ((70, 780, "TRUONG THCS A"), (300, 780, "CONG HOA XA HOI CHU NGHIA VIET NAM")):
        pdf.drawString(x, y, text)
    pdf.drawString(90, 740, "Số:          /KH-THCS")
    pdf.drawString(300, 740, "Hà Nội, ngày          tháng 9 năm 2023")
    pdf.acroForm.textfield(name="so", value="47", x=112, y=736, width=28, height=16, borderWidth=0, fontSize=12)
    pdf.acroForm.textfield(name="ngay", value="05", x=368, y=736, width=22, height=16, borderWidth=0, fontSize=12)
    pdf.drawString(260, 700, "KẾ HOẠCH")
    pdf.save()
    doc = parse_files([str(path)], load_settings())[0]
    assert (doc["number"], doc["issued_on"]) == ("47/KH-THCS", "2023-09-05")
    assert "stamped_fields" in doc["flags"]


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    specs = [s for s in make_corpus(seed=3, n=12) if s.signed and s.number and s.issued_on][:2]
    merged = pypdfium2.PdfDocument.new()
    for i, spec in enumerate(specs):
        part = render_pdf(spec, tmp_path / str(i))
        merged.import_pages(pypdfium2.PdfDocument(str(part)))
    merged.save(str(tmp_path / "both.pdf"))
    first_pages = specs[0].pages
    doc = parse_files([str(tmp_path / "both.pdf")], load_settings())[0]
    assert doc["number"] == specs[0].number and doc["signer"] == specs[0].signer
    second = doc["second_document"]
    assert second["first_page"] == first_pages + 1 and second["number"] == specs[1].number
    assert f"second_document:{first_pages + 1}" in doc["flags"]
