"""Evidence as schools send it: Word files, phone photos, ZIP archives, and what cannot be read (issue 12, 5).

Every file is made here: a DOCX in the Decree 30 layout built with python-docx, a phone photo of
a generated document's page, archives (one a decompression bomb), a .doc converted by LibreOffice.
"""
from __future__ import annotations

import functools
import io
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import Image, ImageFilter

from audit.cli import build_parser
from audit.config import load_settings
from audit.docgen import DocSpec, make_corpus, render_pdf
from audit.docgen.pdf import pdf_bytes
from audit.evidence.formats.flow import Chunk, Geometry, Para, Table, Cell, lay_out
from audit.evidence.formats.image import page_box
from audit.evidence.formats.sniff import refusal, sniff
from audit.evidence.run import parse_files
from audit.result import schema_errors

SETTINGS = load_settings(env={})
PLAN = {"doc_type": "KH", "number": "12/KH-THCS", "issued_on": "2023-09-05", "place": "Ninh Hiệp",
        "issuer": "TRƯỜNG THCS NINH HIỆP", "title": "Ứng dụng công nghệ thông tin năm học 2023-2024",
        "signer": "Nguyễn Thị Hoa", "school_year": "2023-2024"}
BODY = ("Căn cứ Công văn số 1234/SGDĐT-GDTrH ngày 20/8/2023 của Sở Giáo dục và Đào tạo về hướng dẫn thực hiện "
        "nhiệm vụ công nghệ thông tin năm học 2023-2024;",
        "Trường THCS Ninh Hiệp xây dựng kế hoạch ứng dụng công nghệ thông tin năm học 2023-2024 như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Đẩy mạnh ứng dụng công nghệ thông tin trong dạy học và quản lý nhà trường.")


def _para(container: Any, text: str, bold: bool = False, italic: bool = False, size: float | None = None,
          align: Any = WD_ALIGN_PARAGRAPH.CENTER, first: bool = False) -> None:
    """A paragraph of one run (the cell's existing empty paragraph when `first`)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _column(cell: Any, lines: list[tuple[str, bool, bool]]) -> None:
    for i, (text, bold, italic) in enumerate(lines):
        _para(cell, text, bold, italic, first=i == 0)


def make_plan_docx(path: Path) -> Path:
    """A school plan as Word writes it (Decree 30): borderless two-column header table, signer block table."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _column(left, [("UBND HUYỆN GIA LÂM", False, False), ("TRƯỜNG THCS NINH HIỆP", True, False),
                   ("Số: 12/KH-THCS", False, False)])
    _column(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                    ("Ninh Hiệp, ngày 5 tháng 9 năm 2023", False, True)])
    _para(document, "")
    _para(document, "KẾ HOẠCH", bold=True, size=14)
    _para(document, PLAN["title"], bold=True)
    for text in BODY:
        _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    signature = document.add_table(rows=1, cols=2)
    to, signer = signature.rows[0].cells
    _column(to, [("Nơi nhận:", True, True)])
    for text in ("- Phòng GD&ĐT Gia Lâm;", "- Lưu: VT."):
        _para(to, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _column(signer, [("HIỆU TRƯỞNG", True, False), ("", False, False), ("", False, False), ("", False, False),
                     (PLAN["signer"], True, False)])
    document.save(str(path))
    return path


@functools.lru_cache(maxsize=None)
def one_page_signed(seed: int = 5) -> DocSpec:
    """A generated one-page signed document (its photo shows both the header and the signer)."""
    return next(s for s in make_corpus(seed=seed, n=30) if s.pages == 1 and s.signed)


def phone_photo(spec: DocSpec, out: Path, fmt: str = "JPEG", dpi: int = 200, angle: float = 3.0) -> Path:
    """The page photographed on a wooden table: tilted, margins, a little blur, taken sideways (EXIF turns it)."""
    document = pypdfium2.PdfDocument(pdf_bytes(spec))
    page = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    page = Image.blend(page, Image.new("RGB", page.size, (235, 228, 215)), 0.15)
    table = (70, 55, 40)
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=table)
    margin = tilted.width // 8
    photo = Image.new("RGB", (tilted.width + 2 * margin, tilted.height + 2 * margin), table)
    photo.paste(tilted, (margin, margin))
    photo = photo.filter(ImageFilter.GaussianBlur(0.6)).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6   # "turn 90° clockwise to view"
    path = out / f"anh-chup.{'jpg' if fmt == 'JPEG' else 'heic'}"
    options = {"enc_params": {"preset": "ultrafast"}} if fmt == "HEIF" else {}
    photo.save(path, fmt, quality=85, exif=exif, **options)
    return path


def _fields(doc: dict[str, Any], truth: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {n: (doc.get(n), truth.get(n)) for n in names if doc.get(n) != truth.get(n)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DocSpec, DocSpec]:
    """A school's evidence folder: a DOCX, a phone photo, a ZIP (a PDF and the DOCX in folders), junk."""
    root = tmp_path_factory.mktemp("minh-chung")
    work = tmp_path_factory.mktemp("work")
    plan = make_plan_docx(root / "ke-hoach.docx")
    photographed = one_page_signed()
    phone_photo(photographed, root)
    zipped = make_corpus(seed=5, n=3)[1]
    pdf = render_pdf(zipped, work)
    with zipfile.ZipFile(root / "ho-so.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(pdf, f"Hồ sơ/Tháng 9/{pdf.name}")
        archive.write(plan, "Hồ sơ/ke-hoach-ban-sao.docx")
        archive.writestr("__MACOSX/._x.pdf", b"junk")
    (root / "ghi-chu.txt").write_text("không phải minh chứng", encoding="utf-8")
    (root / "hong.docx").write_bytes(plan.read_bytes()[:2000])
    (root / "Thumbs.db").write_bytes(b"\x00" * 64)
    return root, photographed, zipped


@pytest.fixture(scope="module")
def folder_docs(folder: tuple[Path, DocSpec, DocSpec]) -> dict[str, dict[str, Any]]:
    root = folder[0]
    docs = parse_files([str(root)], SETTINGS)
    assert schema_errors(docs, "evidence") == []
    return {d["file"].removeprefix(str(root) + "/"): d for d in docs}


def test_every_file_of_the_folder_is_listed(folder_docs: dict[str, dict[str, Any]]) -> None:
    assert sorted(folder_docs) == sorted([
        "anh-chup.jpg", "ghi-chu.txt", "hong.docx", "ke-hoach.docx", "ho-so.zip/Hồ sơ/ke-hoach-ban-sao.docx",
        f"ho-so.zip/Hồ sơ/Tháng 9/{make_corpus(seed=5, n=3)[1].key}.pdf"])


def test_docx_is_identified_like_a_pdf(folder_docs: dict[str, dict[str, Any]]) -> None:
    doc = folder_docs["ke-hoach.docx"]
    assert (doc["status"], doc["text_source"], doc["pages"]) == ("parsed", "text", 1)
    assert _fields(doc, PLAN, tuple(PLAN)) == {}
    assert "unsigned" not in doc["flags"] and "no_number" not in doc["flags"]


def test_phone_photo_is_turned_cropped_and_read(folder: tuple[Path, DocSpec, DocSpec],
                                                folder_docs: dict[str, dict[str, Any]]) -> None:
    doc, truth = folder_docs["anh-chup.jpg"], folder[1].truth
    assert (doc["status"], doc["text_source"]) == ("parsed", "ocr") and "photo" in doc["flags"]
    assert _fields(doc, truth, ("doc_type", "number", "issued_on")) == {}
    assert _fields(doc, truth, ("signer", "school_year")) == {}


def test_zip_members_are_read_and_named_inside_the_archive(folder: tuple[Path, DocSpec, DocSpec],
                                                           folder_docs: dict[str, dict[str, Any]]) -> None:
    zipped = folder[2]
    pdf = folder_docs[f"ho-so.zip/Hồ sơ/Tháng 9/{zipped.key}.pdf"]
    assert pdf["status"] == "parsed" and _fields(pdf, zipped.truth, ("doc_type", "number", "issued_on")) == {}
    copy = folder_docs["ho-so.zip/Hồ sơ/ke-hoach-ban-sao.docx"]
    assert _fields(copy, PLAN, ("doc_type", "number", "issued_on")) == {}
    # the same bytes in the folder and in the archive: one is flagged a duplicate of the other
    flagged = [d for d in (copy, folder_docs["ke-hoach.docx"]) if any(f.startswith("duplicate_of:") for f in d["flags"])]
    assert len(flagged) == 1


def test_unreadable_files_are_listed_with_a_reason(folder_docs: dict[str, dict[str, Any]]) -> None:
    text, broken = folder_docs["ghi-chu.txt"], folder_docs["hong.docx"]
    assert (text["status"], text["reason"]) == ("rejected", "định dạng không hỗ trợ (.txt)")
    assert broken["status"] == "unreadable" and "Word" in broken["reason"]


def _bomb_archive(path: Path) -> Path:
    """An archive with a decompression bomb, an encrypted member, a nested archive, a path escaping the folder,
    and one good PDF."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("a.pdf", b"%PDF-1.4\n")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mat-khau.pdf", b"%PDF-1.4 encrypted")   # first: its headers are patched below
        archive.writestr("bom.pdf", b"\0" * (40 * 1024 * 1024))
        archive.writestr("trong.zip", inner.getvalue())
        archive.writestr("../../ra-ngoai.pdf", b"%PDF-1.4\n")
        archive.write(render_pdf(make_corpus(seed=5, n=1)[0], path.parent), "tot.pdf")
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[6] |= 0x1           # the first member's local header and central directory entry declare a password
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def test_zip_bomb_encrypted_nested_and_escaping_members(tmp_path: Path) -> None:
    archive = _bomb_archive(tmp_path / "bom.zip")
    docs = {Path(d["file"]).name: d for d in parse_files([str(archive)], SETTINGS)}
    assert schema_errors(list(docs.values()), "evidence") == []
    assert docs["bom.pdf"]["status"] == "rejected" and "bom giải nén" in docs["bom.pdf"]["reason"]
    assert docs["mat-khau.pdf"]["status"] == "rejected" and "mã hoá" in docs["mat-khau.pdf"]["reason"]
    assert docs["trong.zip"]["status"] == "rejected" and "tệp nén khác" in docs["trong.zip"]["reason"]
    assert docs["tot.pdf"]["status"] == "parsed"
    escaped = next(d for d in docs.values() if d["file"].endswith("ra-ngoai.pdf"))
    assert escaped["file"] == f"{archive}/ra-ngoai.pdf" and not (tmp_path.parent / "ra-ngoai.pdf").exists()
    assert not list(tmp_path.parent.parent.glob("ra-ngoai.pdf"))


def test_oversized_member_and_crowded_archive_are_refused(tmp_path: Path) -> None:
    pdf = render_pdf(make_corpus(seed=5, n=1)[0], tmp_path)
    with zipfile.ZipFile(tmp_path / "lon.zip", "w") as archive:
        archive.write(pdf, "lon.pdf")
    small = replace(SETTINGS, evidence_max_bytes=pdf.stat().st_size - 1)
    [doc] = parse_files([str(tmp_path / "lon.zip")], small)
    assert doc["status"] == "rejected" and "quá lớn" in doc["reason"]
    with zipfile.ZipFile(tmp_path / "nhieu.zip", "w") as archive:
        for i in range(501):
            archive.writestr(f"t{i}.pdf", b"%PDF-1.4\n")
    [crowded] = parse_files([str(tmp_path / "nhieu.zip")], SETTINGS)
    assert crowded["status"] == "rejected" and "quá nhiều tệp" in crowded["reason"]


def test_docx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    source = make_plan_docx(tmp_path / "goc.docx")
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(tmp_path / "bom.docx", "w") as bomb:
        for item in original.infolist():
            data = original.read(item)
            bomb.writestr(item, laughs + data[data.index(b"?>") + 2:] if item.filename == "word/document.xml" else data)
    [doc] = parse_files([str(tmp_path / "bom.docx")], SETTINGS)
    assert doc["status"] == "rejected" and "DTD" in doc["reason"]


def test_contents_decide_not_names(tmp_path: Path) -> None:
    plan = make_plan_docx(tmp_path / "ke-hoach.docx")
    shutil.copy(plan, tmp_path / "ke-hoach")   # no extension: read by its bytes
    (tmp_path / "anh.pdf").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    docs = {Path(d["file"]).name: d for d in parse_files([str(tmp_path / "ke-hoach"), str(tmp_path / "anh.pdf")],
                                                          SETTINGS)}
    assert docs["ke-hoach"]["number"] == PLAN["number"]
    assert docs["anh.pdf"]["status"] == "rejected" and "ảnh JPEG" in docs["anh.pdf"]["reason"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_old_word_doc_is_converted_and_identified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = make_plan_docx(tmp_path / "ke-hoach.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "doc"), str(plan)], check=True, capture_output=True, timeout=120)
    doc_file = tmp_path / "doc" / "ke-hoach.doc"
    [doc] = parse_files([str(doc_file)], SETTINGS)
    assert doc["status"] == "parsed" and "converted" in doc["flags"]
    assert _fields(doc, PLAN, ("doc_type", "number", "issued_on", "signer")) == {}
    monkeypatch.setenv("PATH", "/nonexistent")   # a machine without LibreOffice
    [missing] = parse_files([str(doc_file)], SETTINGS)
    assert missing["status"] == "unreadable" and "LibreOffice" in missing["reason"]


def test_heic_photo_lying_on_its_side(tmp_path: Path) -> None:
    """An iPhone photo; its orientation lost on the way (a HEIC decodes as stored): Tesseract tells which way is up."""
    pytest.importorskip("pillow_heif").register_heif_opener()
    spec = one_page_signed()
    [doc] = parse_files([str(phone_photo(spec, tmp_path, "HEIF", dpi=170, angle=-2.0))], SETTINGS)
    assert doc["status"] == "parsed" and _fields(doc, spec.truth, ("doc_type", "number")) == {}


def test_sniffing_and_refusals() -> None:
    assert [sniff(h) for h in (b"%PDF-1.7", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xd8\xff\xe1",
                               b"\x89PNG\r\n\x1a\n", b"\0\0\0\x18ftypheic", b"II*\0", b"{\\rtf1", b"hello")] == \
        ["pdf", "zip", "ole", "jpeg", "png", "heic", "tiff", "rtf", None]
    assert refusal("a.xyz", None) == "định dạng không hỗ trợ (.xyz)"
    assert refusal("a.pdf", None) == "không phải tệp PDF"
    assert refusal("a.jpg", "png") is None and refusal("scan", "pdf") is None
    assert refusal("a.docx", "pdf") == "không phải tệp Word (.docx) (nội dung là PDF)"


def test_page_box_finds_the_bright_page() -> None:
    photo = Image.new("L", (800, 1000), 60)
    photo.paste(Image.new("L", (500, 700), 235), (150, 120))
    left, top, right, bottom = page_box(photo) or (0, 0, 0, 0)
    assert abs(left - 150) <= 6 and abs(top - 120) <= 6 and abs(right - 650) <= 6 and abs(bottom - 820) <= 6
    assert page_box(Image.new("L", (800, 1000), 240)) is None   # a scan: the page is the whole image


def test_layout_puts_header_cells_side_by_side() -> None:
    cell = lambda *texts: Cell(tuple(Para((Chunk(t),), align="center") for t in texts))  # noqa: E731
    table = Table((180.0, 270.0), ((cell("UBND HUYỆN A", "Số: 1/KH-X"), cell("CỘNG HÒA", "A, ngày 1 tháng 9 năm 2023")),))
    decomposed = Para((Chunk(unicodedata.normalize("NFD", "Kế hoạch số hoá")),))
    [page] = lay_out((table, decomposed), Geometry())
    by_text = {ln.text: ln for ln in page.lines}
    assert "Kế hoạch số hóa" in by_text   # NFC, modern tone placement
    assert by_text["Số: 1/KH-X"].top == by_text["A, ngày 1 tháng 9 năm 2023"].top
    assert by_text["Số: 1/KH-X"].x1 < page.width / 2 < by_text["A, ngày 1 tháng 9 năm 2023"].x0


def test_cli_help_names_the_formats() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = sub.choices["evidence"].format_help()  # type: ignore[attr-defined]
    assert all(name in text for name in ("PDF", "DOCX", "DOC", "JPG", "PNG", "HEIC", "ZIP"))
